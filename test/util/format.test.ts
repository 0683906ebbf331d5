import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fmtVersus, groupDigits } from '../../src/util/format.js';

describe('fmtVersus', () => {
  it('prints enough digits for a breach to show as one', () => {
    expect(fmtVersus(0.01002, 0.01)).toEqual({ value: '0.01002', threshold: '0.01' });
    expect(fmtVersus(0.7999999, 0.8).value).toBe('0.7999999');
    expect(fmtVersus(0.0341, 0.01)).toEqual({ value: '0.0341', threshold: '0.01' });
    expect(fmtVersus(0.8, 0.8)).toEqual({ value: '0.8', threshold: '0.8' });
  });

  it('property: the printed numbers compare as the real ones, near thresholds and far from them', () => {
    const num = fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true });
    const near = fc
      .tuple(num, fc.integer({ min: -40, max: 40 }), fc.double({ min: -1, max: 1, noNaN: true }))
      .map(([t, e, f]) => [t + f * 2 ** e * Math.abs(t || 1), t] as const);
    expect(Math.sign(Number(fmtVersus(-0, 0).value) - 0) || 0).toBe(0);
    fc.assert(
      fc.property(fc.oneof(near, fc.tuple(num, num)), ([v, t]) => {
        const p = fmtVersus(v, t);
        expect(Number(p.threshold) === t).toBe(true);
        // `|| 0`: -0 and 0 are the same answer (v = -0, t = 0 gives Math.sign(-0) = -0)
        expect(Math.sign(Number(p.value) - Number(p.threshold)) || 0).toBe(Math.sign(v - t) || 0);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('groupDigits', () => {
  it("writes what toLocaleString('en-US') writes, for any number", () => {
    expect(groupDigits(1048576)).toBe('1,048,576');
    expect(groupDigits(-1000)).toBe('-1,000');
    expect(groupDigits(999)).toBe('999');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer(),
          fc.maxSafeInteger(),
          fc.integer({ min: Number.MIN_SAFE_INTEGER, max: 0 }),
          fc.constantFrom(-0, 0, 1e3, 1e21, NaN),
          fc.double(),
        ),
        (n) => groupDigits(n) === n.toLocaleString('en-US'),
      ),
      { numRuns: 2000 },
    );
  });
});
