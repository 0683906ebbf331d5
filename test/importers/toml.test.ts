import { describe, expect, it } from 'vitest';
import { parseToml, TomlError } from '../../src/importers/toml.js';

describe('parseToml (smol-toml, adapted for the importers)', () => {
  it('reads tables, dotted keys, inline tables, strings, numbers, booleans and arrays', () => {
    const t = parseToml(`# comment
title = "eval \\"v2\\"" # trailing comment
literal = 'C:\\path'
flag = true
[test]
auc = 0.873
big = 1_000
hex = 0xff
exp = -1.5e-3
"quoted key" = 1
a.b.c = 2
inline = { x = 1, y.z = "s" }
arr = [1, 2.5, "three", [4]]
multi = [
  1, # one
  2,
]
[test.nested]
ok = false
`);
    expect(t).toEqual({
      title: 'eval "v2"',
      literal: 'C:\\path',
      flag: true,
      test: {
        auc: 0.873,
        big: 1000,
        hex: 255,
        exp: -0.0015,
        'quoted key': 1,
        a: { b: { c: 2 } },
        inline: { x: 1, y: { z: 's' } },
        arr: [1, 2.5, 'three', [4]],
        multi: [1, 2],
        nested: { ok: false },
      },
    });
  });

  it('reads the parts of TOML the old subset could not: arrays of tables and multi-line strings', () => {
    expect(parseToml('[[runs]]\nauc = 0.8\n[[runs]]\nauc = 0.9\nnote = """two\nlines"""\n')).toEqual({
      runs: [{ auc: 0.8 }, { auc: 0.9, note: 'two\nlines' }],
    });
  });

  it('reads nan and inf as numbers, dates and times as text', () => {
    const t = parseToml('a = nan\nb = -inf\nc = +inf\nd = 2026-11-02T10:00:00Z\ne = 1979-05-27\n[t]\nf = [2026-11-02T10:00:00Z]\n');
    expect(Number.isNaN(t.a)).toBe(true);
    expect(t.b).toBe(-Infinity);
    expect(t.c).toBe(Infinity);
    expect(t.d).toBe('2026-11-02T10:00:00.000Z');
    expect(t.e).toBe('1979-05-27');
    expect(t.t).toEqual({ f: ['2026-11-02T10:00:00.000Z'] });
  });

  it.each([
    ['a = 1\na = 2\n', 2, 1, /redefine/],
    ['[t]\nx = 1\n[t]\ny = 2\n', 3, 2, /redefine/],
    ['a = 1 2\n', 1, 7, /end-of-line/],
    ['\n\nx = 1__0\n', 3, 7, /underscore/],
    ['x = [1, 2\n', 2, 1, /end of structure/],
    ['a = 1\n[b\n', 2, 3, /illegal character/],
  ])('rejects %j with one line naming the line and column', (text, line, column, message) => {
    try {
      parseToml(text);
      expect.unreachable('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(TomlError);
      expect((e as TomlError).line).toBe(line);
      expect((e as TomlError).column).toBe(column);
      expect((e as Error).message).toMatch(message);
      expect((e as Error).message).toMatch(new RegExp(`^line ${line}, column ${column}: `));
      expect((e as Error).message).not.toContain('\n'); // no excerpt of the file
    }
  });
});
