import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseJson } from '../../src/evidence/json.js';

function syntaxError(text: string): JsonSyntaxError {
  try {
    parseJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e;
    throw e;
  }
  throw new Error('expected a syntax error');
}

describe('parseJson', () => {
  it('reads NaN and Infinity as Python writes them, recording where they were', () => {
    const r = parseJson('{"metrics": {"auc": NaN, "loss": Infinity, "b": -Infinity, "ok": 1}, "s": "NaN is fine in a string"}');
    expect(r.value).toEqual({ metrics: { auc: null, loss: null, b: null, ok: 1 }, s: 'NaN is fine in a string' });
    expect(r.nonFinite).toEqual([
      { path: 'metrics.auc', token: 'NaN' },
      { path: 'metrics.loss', token: 'Infinity' },
      { path: 'metrics.b', token: '-Infinity' },
    ]);
  });

  it('records array positions', () => {
    expect(parseJson('{"a": [1, NaN]}').nonFinite).toEqual([{ path: 'a[1]', token: 'NaN' }]);
  });

  it('does not mistake escaped quotes for the end of a string', () => {
    const r = parseJson('{"a": "say \\"NaN\\" Infinity", "b": NaN}');
    expect(r.value).toEqual({ a: 'say "NaN" Infinity', b: null });
    expect(r.nonFinite).toHaveLength(1);
  });

  it('says an empty file is empty', () => {
    expect(syntaxError('  \n').message).toContain('empty');
  });

  it('says a truncated document ends too early, with line and column', () => {
    const e = syntaxError('{\n  "a": 1,\n  "b": [1, 2');
    expect(e.message).toContain('ends too early');
    expect(e.line).toBe(3);
  });

  it('points at the offending token', () => {
    const e = syntaxError('{\n  "a": 1,\n  "b": }\n');
    expect(e.line).toBe(3);
    expect(e.column).toBe(8);
    expect(e.message).toContain('unexpected');
    expect(syntaxError('{"a": 1,}').message).toContain('trailing comma');
  });

  it('agrees with JSON.parse on any valid JSON (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        expect(parseJson(text).value).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('rejects any strict prefix of a JSON object (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.integer()), fc.nat(), (obj, cut) => {
        const text = JSON.stringify({ obj });
        const n = cut % (text.length - 1);
        expect(() => parseJson(text.slice(0, n + 1))).toThrow(JsonSyntaxError);
      }),
      { numRuns: 200 },
    );
  });
});
