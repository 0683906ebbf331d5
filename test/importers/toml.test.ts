import { describe, expect, it } from 'vitest';
import { parseToml, TomlError } from '../../src/importers/toml.js';

describe('parseToml (the subset metrics files use)', () => {
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

  it('reads nan and inf as numbers, dates as text', () => {
    const t = parseToml('a = nan\nb = -inf\nc = +inf\nd = 2026-11-02T10:00:00Z\ne = 2026-11-02 10:00:00\n');
    expect(Number.isNaN(t.a)).toBe(true);
    expect(t.b).toBe(-Infinity);
    expect(t.c).toBe(Infinity);
    expect(t.d).toBe('2026-11-02T10:00:00Z');
    expect(t.e).toBe('2026-11-02 10:00:00');
  });

  it.each([
    ['a = 1\na = 2\n', 2, /duplicate key a/],
    ['[t]\nx = 1\n[t]\ny = 2\n', 3, /table \[t\] is defined twice/],
    ['a = 1 2\n', 1, /after a value/],
    ['x = "open\n', 1, /not closed/],
    ['\n\nx = 1__0\n', 3, /invalid value "1__0"/],
    ['[[runs]]\nx = 1\n', 1, /arrays of tables/],
    ['a = 1\na.b = 2\n', 2, /redefines a/],
    ['x = [1, 2\n', 2, /array is not closed/],
    ['= 3\n', 1, /where a key was expected/],
  ])('rejects %j with its line', (text, line, message) => {
    try {
      parseToml(text);
      expect.unreachable('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(TomlError);
      expect((e as TomlError).line).toBe(line);
      expect((e as Error).message).toMatch(message);
    }
  });
});
