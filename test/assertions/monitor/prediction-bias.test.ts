import { describe, expect, it } from 'vitest';
import { biasVerdict } from '../../../src/assertions/shared/prediction-run.js';

describe('prediction bias is judged on its interval', () => {
  it('fails only when the interval lies outside the band', () => {
    expect(biasVerdict(0.03, { lo: 0.021, hi: 0.04 }, 0.02, 'warn').status).toBe('fail');
    expect(biasVerdict(-0.03, { lo: -0.04, hi: -0.021 }, 0.02, 'warn').status).toBe('fail');
  });
  it('passes only when the interval lies inside the band', () => {
    expect(biasVerdict(0.001, { lo: -0.01, hi: 0.012 }, 0.02, 'fail').status).toBe('pass');
  });
  it('is inconclusive when the interval crosses the bound, whichever side the point is on', () => {
    expect(biasVerdict(0.0218, { lo: -0.0118, hi: 0.0586 }, 0.02, 'warn').status).toBe('warn');
    expect(biasVerdict(0.015, { lo: 0.005, hi: 0.025 }, 0.02, 'fail').status).toBe('fail');
  });
  it('uses the point value without an interval, and never passes an undefined bias', () => {
    expect(biasVerdict(0.01, null, 0.02, 'warn').status).toBe('pass');
    expect(biasVerdict(0.03, null, 0.02, 'warn').status).toBe('fail');
    expect(biasVerdict(Number.NaN, { lo: -1, hi: 1 }, 0.02, 'warn').status).toBe('fail');
  });
});
