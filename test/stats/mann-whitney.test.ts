import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bootstrapMedianRatio } from '../../src/stats/bootstrap.js';
import { spearman } from '../../src/stats/correlation.js';
import { median } from '../../src/stats/descriptive.js';
import { normalSf } from '../../src/stats/distributions.js';
import { mannWhitneyU } from '../../src/stats/mann-whitney.js';
import { averageRanks } from '../../src/stats/ranks.js';

const ref = JSON.parse(
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'infra', 'scipy-reference.json'), 'utf8'),
) as {
  spearman: Array<{ name: string; x: number[]; y: number[]; rho: number | null }>;
  mannwhitneyu: Array<{ name: string; x: number[]; y: number[]; u: number; p: number }>;
};

describe('rank statistics against SciPy (values computed once, committed as fixtures)', () => {
  it('average ranks give ties the mean of the ranks they span', () => {
    expect(averageRanks([10, 20, 20, 5, 20])).toEqual([2, 4, 4, 1, 4]);
  });

  it.each(ref.spearman.map((c) => [c.name, c] as const))('spearmanr: %s', (_n, c) => {
    const rho = spearman(c.x, c.y);
    if (c.rho === null) expect(rho).toBeNaN();
    else expect(rho).toBeCloseTo(c.rho, 12);
  });

  it.each(ref.mannwhitneyu.map((c) => [c.name, c] as const))('mannwhitneyu (method auto, two-sided): %s', (_n, c) => {
    const r = mannWhitneyU(c.x, c.y);
    expect(r.u).toBe(c.u);
    expect(r.p).toBeCloseTo(c.p, 10);
  });

  it('normal survival function at known points', () => {
    expect(normalSf(0)).toBe(0.5);
    expect(normalSf(1.959963984540054)).toBeCloseTo(0.025, 14);
    expect(normalSf(-3)).toBeCloseTo(0.9986501019683699, 14);
    expect(normalSf(6)).toBeCloseTo(9.865876450376946e-10, 20);
  });
});

describe('bootstrap of the median ratio', () => {
  const base = [10.1, 10.4, 9.9, 10.2, 10.0, 10.3];
  it('is seeded: the same inputs give the same interval; the interval holds the point ratio', () => {
    const head = base.map((x) => x * 1.3);
    const a = bootstrapMedianRatio(base, head, { resamples: 1000, confidence: 0.95, seed: 7 });
    const b = bootstrapMedianRatio(base, head, { resamples: 1000, confidence: 0.95, seed: 7 });
    expect(a).toEqual(b);
    expect(a.ratio).toBeCloseTo(median(head) / median(base), 12);
    expect(a.lo).toBeLessThanOrEqual(a.ratio);
    expect(a.hi).toBeGreaterThanOrEqual(a.ratio);
    expect(a.lo).toBeGreaterThan(1.2);
  });
  it('is wider for noisier data', () => {
    const noisy = [6, 14, 9, 12, 8, 13];
    const tight = bootstrapMedianRatio(base, base, { resamples: 1000, confidence: 0.95, seed: 1 });
    const wide = bootstrapMedianRatio(noisy, noisy, { resamples: 1000, confidence: 0.95, seed: 1 });
    expect(wide.hi - wide.lo).toBeGreaterThan(3 * (tight.hi - tight.lo));
  });
});
