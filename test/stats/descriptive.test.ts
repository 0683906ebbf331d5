/**
 * Pins what simple-statistics computes for us (median, quantiles, least squares, Spearman) to the
 * reference definitions: NumPy's median and linear quantile, ordinary least squares, and Pearson on
 * average ranks (SciPy spearmanr), written out plainly here, to 1e-12 on random samples with ties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spearman } from '../../src/stats/correlation.js';
import { covariance, leastSquares, median, quantileSorted } from '../../src/stats/descriptive.js';
import { averageRanks } from '../../src/stats/ranks.js';

const mean = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;

function refMedian(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

function refQuantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * (sorted[Math.min(sorted.length - 1, lo + 1)] - sorted[lo]);
}

function refPearson(x: readonly number[], y: readonly number[]): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((v, i) => {
    sxy += (v - mx) * (y[i] - my);
    sxx += (v - mx) ** 2;
    syy += (y[i] - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
/** Values on a coarse grid, so ties are common. */
const sample = (min: number) =>
  fc.array(
    fc.integer({ min: -500, max: 500 }).map((v) => v / 8),
    { minLength: min, maxLength: 60 },
  );

describe('simple-statistics against the reference definitions (1e-12)', () => {
  it('median and linear quantiles', () => {
    fc.assert(
      fc.property(sample(1), fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
        const s = [...xs].sort((a, b) => a - b);
        expect(close(median(xs), refMedian(xs))).toBe(true);
        expect(close(quantileSorted(s, q), refQuantile(s, q))).toBe(true);
        expect(quantileSorted(Float64Array.from(s), q)).toBe(quantileSorted(s, q)); // typed arrays too
      }),
      { numRuns: 300 },
    );
  });

  it('least squares slope and intercept', () => {
    fc.assert(
      fc.property(sample(2), fc.double({ min: -3, max: 3, noNaN: true }), (xs, slope) => {
        fc.pre(new Set(xs).size > 1);
        const ys = xs.map((x, i) => 2 + slope * x + ((i * 7919) % 13) / 10);
        const fit = leastSquares(xs, ys);
        const b = covariance(xs, ys) / covariance(xs, xs);
        expect(Math.abs(fit.slope - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
        expect(Math.abs(fit.intercept - (mean(ys) - b * mean(xs)))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(mean(ys))));
      }),
      { numRuns: 300 },
    );
  });

  it('Spearman = Pearson on average ranks', () => {
    fc.assert(
      fc.property(sample(3), (xs) => {
        const ys = xs.map((x, i) => Math.round(x * ((i % 5) - 2) + (i % 3)));
        fc.pre(new Set(xs).size > 1 && new Set(ys).size > 1);
        expect(close(spearman(xs, ys), refPearson(averageRanks(xs), averageRanks(ys)))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('NumPy figures and the undefined cases', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75); // np.quantile([1, 2, 3, 4], 0.25)
    expect(quantileSorted([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 14);
    expect(median([5, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(quantileSorted([], 0.5)).toBeNaN();
    expect(leastSquares([1, 2, 3], [2, 4, 6])).toEqual({ slope: 2, intercept: 0 });
    expect(leastSquares([2, 2, 2], [1, 2, 3]).slope).toBeNaN(); // constant x
    expect(leastSquares([1], [1]).slope).toBeNaN();
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN(); // SciPy: nan for a constant input
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(() => spearman([1, 2], [1])).toThrow(RangeError);
    expect(covariance([1], [1])).toBeNaN();
  });
});
