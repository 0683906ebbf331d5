import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binaryMetrics, multiclassMetrics, type BinaryMetric, type MulticlassMetric } from '../../src/stats/classification.js';
import { regressionMetrics, type RegressionMetric } from '../../src/stats/regression.js';
import { mcnemarExact } from '../../src/stats/paired.js';
import { normalCdf, normalQuantile } from '../../src/stats/distributions.js';

/** Reference values from scikit-learn / SciPy, produced by test/fixtures/sklearn/generate.py. */
const fx = JSON.parse(readFileSync(new URL('../fixtures/sklearn/metrics.json', import.meta.url), 'utf8'));

function close(actual: number, expected: number | null, label: string) {
  if (expected === null) {
    expect(Number.isNaN(actual), `${label}: expected undefined, got ${actual}`).toBe(true);
    return;
  }
  expect(Math.abs(actual - expected), `${label}: ${actual} vs sklearn ${expected}`).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(expected)),
  );
}

describe('binary metrics match scikit-learn', () => {
  it(`on ${fx.binary.length} randomized cases (ties, weights, zero weights, rare positives)`, () => {
    for (const [i, c] of fx.binary.entries()) {
      const got = binaryMetrics(
        { y: Uint8Array.from(c.y), p: Float64Array.from(c.p), w: c.w ? Float64Array.from(c.w) : null },
        { threshold: c.threshold, eceBins: 15 },
      );
      for (const [m, v] of Object.entries(c.expected)) close(got[m as BinaryMetric], v as number | null, `case ${i} ${m}`);
    }
  });
});

describe('multiclass metrics match scikit-learn', () => {
  it(`on ${fx.multiclass.length} randomized cases`, () => {
    for (const [i, c] of fx.multiclass.entries()) {
      const got = multiclassMetrics({
        y: Int32Array.from(c.y),
        k: c.k,
        probs: Float64Array.from(c.probs),
        w: c.w ? Float64Array.from(c.w) : null,
      });
      for (const [m, v] of Object.entries(c.expected)) close(got[m as MulticlassMetric], v as number | null, `case ${i} ${m}`);
    }
  });
});

describe('regression metrics match scikit-learn', () => {
  it(`on ${fx.regression.length} randomized cases (including y = 0 for mape)`, () => {
    for (const [i, c] of fx.regression.entries()) {
      const got = regressionMetrics({ y: Float64Array.from(c.y), yhat: Float64Array.from(c.yhat), w: c.w ? Float64Array.from(c.w) : null });
      for (const [m, v] of Object.entries(c.expected)) close(got[m as RegressionMetric], v as number | null, `case ${i} ${m}`);
    }
  });
});

describe('tests match SciPy', () => {
  it('McNemar exact p equals scipy.stats.binomtest', () => {
    for (const c of fx.mcnemar) close(mcnemarExact(c.b, c.c).p, c.p, `b=${c.b} c=${c.c}`);
  });
  it('normal CDF and quantile', () => {
    for (const c of fx.normal) {
      expect(Math.abs(normalCdf(c.x) - c.cdf)).toBeLessThanOrEqual(1e-12 + 1e-10 * c.cdf);
      if (c.cdf > 1e-12 && c.cdf < 1 - 1e-9) expect(Math.abs(normalQuantile(c.cdf) - c.x)).toBeLessThan(1e-8);
    }
  });
});
