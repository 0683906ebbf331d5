import { describe, expect, it } from 'vitest';
import { bandVerdicts } from '../../../src/stats/verdict.js';

const one = (estimate: number, se: number, max = 0.02, alpha = 0.05) =>
  bandVerdicts([{ estimate, se, max, range: [-1, 1] }], alpha, 'holm', 0.05)[0];

describe('prediction bias is judged on its interval against the band', () => {
  it('fails only when the interval lies outside the band', () => {
    expect(one(0.03, 0.004).verdict).toBe('fail');
    expect(one(-0.03, 0.004).verdict).toBe('fail');
    expect(one(0.03, 0.01).verdict).toBe('inconclusive'); // 0.03 - 1.645 * 0.01 < 0.02
  });
  it('passes only when the interval lies inside the band', () => {
    expect(one(0.001, 0.005).verdict).toBe('pass');
    expect(one(0.015, 0.005).verdict).toBe('inconclusive');
  });
  it('is inconclusive when the interval crosses a bound, whichever side the point is on', () => {
    expect(one(0.0218, 0.02).verdict).toBe('inconclusive');
    expect(one(0.019, 0.01).verdict).toBe('inconclusive');
  });
  it('the interval is drawn at the level Holm gives each check, and an undefined bias never passes', () => {
    const v = bandVerdicts(
      [
        { estimate: 0.05, se: 0.005, max: 0.02, range: [-1, 1] },
        { estimate: 0, se: 0.005, max: 0.02, range: [-1, 1] },
      ],
      0.05,
      'holm',
      0.05,
    );
    expect(v[0].level).toBeCloseTo(0.025, 15); // first Holm step: alpha / 2
    expect(v[1].level).toBeCloseTo(0.05, 15); // then alpha / 1
    expect(v[0].verdict).toBe('fail');
    expect(one(Number.NaN, 0.01).verdict).toBe('undefined');
    expect(one(0.5, 0.6).lo).toBeGreaterThanOrEqual(-1);
  });
});
