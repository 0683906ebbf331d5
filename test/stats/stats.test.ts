import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BinaryEngine, BINARY_METRICS, binaryMetrics, rocAuc } from '../../src/stats/classification.js';
import { argsort } from '../../src/stats/sort.js';
import { bootstrap, percentileInterval, quantileSorted, strataOf } from '../../src/stats/bootstrap.js';
import { benjaminiHochberg, holm } from '../../src/stats/multiple-testing.js';
import { delongPaired, delongVariance, mcnemarExact, pairedProportionDiff } from '../../src/stats/paired.js';
import { fairness } from '../../src/stats/fairness.js';
import { Rng } from '../../src/stats/rng.js';
import { allowedDrop, intervalVerdict } from '../../src/stats/verdict.js';
import { regressionMetrics } from '../../src/stats/regression.js';

const opts = { threshold: 0.5, eceBins: 10 };

describe('hand-checked binary metrics', () => {
  it('AUC with ties uses mid-ranks (0.5 per tied pair)', () => {
    // positives 0.8, 0.5; negatives 0.5, 0.2: pairs (0.8>0.5)=1, (0.8>0.2)=1, (0.5=0.5)=0.5, (0.5>0.2)=1 -> 3.5/4
    const m = binaryMetrics({ y: Uint8Array.from([1, 1, 0, 0]), p: Float64Array.from([0.8, 0.5, 0.5, 0.2]) }, opts);
    expect(m.roc_auc).toBeCloseTo(0.875, 15);
    // threshold 0.5 -> predicted 1,1,1,0: TP 2, FP 1, FN 0, TN 1
    expect(m.accuracy).toBeCloseTo(0.75, 15);
    expect(m.precision).toBeCloseTo(2 / 3, 15);
    expect(m.recall).toBe(1);
    expect(m.f1).toBeCloseTo(0.8, 15);
    // AP: thresholds 0.8 (P=1, R=.5), 0.5 (P=2/3, R=1): 0.5*1 + 0.5*2/3
    expect(m.average_precision).toBeCloseTo(0.5 + 1 / 3, 15);
    expect(m.prediction_bias).toBeCloseTo(0.5 - 0.5, 15);
    expect(m.brier_score).toBeCloseTo((0.04 + 0.25 + 0.25 + 0.04) / 4, 15);
  });

  it('one class only: AUC and AP undefined, never a number', () => {
    const m = binaryMetrics({ y: Uint8Array.from([0, 0, 0]), p: Float64Array.from([0.1, 0.7, 0.4]) }, opts);
    expect(m.roc_auc).toBeNaN();
    expect(m.average_precision).toBeNaN();
    expect(m.recall).toBeNaN();
    expect(m.accuracy).toBeCloseTo(2 / 3, 15);
  });

  it('ECE with equal-width bins: |observed - mean score| weighted by bin share', () => {
    // bin [0.9,1.0]: scores 0.9, 0.95, labels 1, 0 -> |0.5 - 0.925| * 2/4; bin [0.1,0.2): 0.1, 0.1, labels 0, 0 -> 0.1 * 2/4
    const m = binaryMetrics({ y: Uint8Array.from([1, 0, 0, 0]), p: Float64Array.from([0.9, 0.95, 0.1, 0.1]) }, opts);
    expect(m.ece).toBeCloseTo(0.425 * 0.5 + 0.1 * 0.5, 12);
  });

  it('per-group rows equal the metrics of each group alone', () => {
    const y = Uint8Array.from([1, 0, 1, 0, 1, 1, 0, 0]);
    const p = Float64Array.from([0.9, 0.2, 0.4, 0.6, 0.7, 0.7, 0.7, 0.1]);
    const g = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
    const e = new BinaryEngine({ y, p, group: g, groups: 2 }, opts);
    const r = e.evaluate();
    const M = BINARY_METRICS.length;
    const g1 = binaryMetrics({ y: y.slice(4), p: p.slice(4) }, opts);
    BINARY_METRICS.forEach((m, k) => {
      const v = r[2 * M + k];
      if (Number.isNaN(g1[m])) expect(v).toBeNaN();
      else expect(v).toBeCloseTo(g1[m], 12);
    });
  });
});

describe('properties', () => {
  const data = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 })), {
      minLength: 2,
      maxLength: 60,
    })
    .map((rows) => ({
      y: Uint8Array.from(rows.map((r) => r[0])),
      p: Float64Array.from(rows.map((r) => r[1] / 20)),
      c: Int32Array.from(rows.map((r) => r[2])),
    }));

  it('AUC equals the pairwise definition P(s+ > s-) + 0.5 P(s+ = s-)', () => {
    fc.assert(
      fc.property(data, ({ y, p }) => {
        let num = 0;
        let pairs = 0;
        for (let i = 0; i < y.length; i++)
          for (let j = 0; j < y.length; j++)
            if (y[i] === 1 && y[j] === 0) {
              pairs++;
              num += p[i] > p[j] ? 1 : p[i] === p[j] ? 0.5 : 0;
            }
        const auc = binaryMetrics({ y, p }, opts).roc_auc;
        if (pairs === 0) expect(auc).toBeNaN();
        else expect(auc).toBeCloseTo(num / pairs, 12);
        expect(rocAuc(y, p)).toEqual(auc);
      }),
      { numRuns: 200, seed: 1 },
    );
  });

  it('row multiplicities (bootstrap counts) equal repeating the rows', () => {
    fc.assert(
      fc.property(data, ({ y, p, c }) => {
        const e = new BinaryEngine({ y, p }, opts).evaluate(c);
        const yy: number[] = [];
        const pp: number[] = [];
        c.forEach((k, i) => {
          for (let t = 0; t < k; t++) {
            yy.push(y[i]);
            pp.push(p[i]);
          }
        });
        const ref = binaryMetrics({ y: Uint8Array.from(yy), p: Float64Array.from(pp) }, opts);
        BINARY_METRICS.forEach((m, k) => {
          if (Number.isNaN(ref[m])) expect(e[k]).toBeNaN();
          else expect(e[k]).toBeCloseTo(ref[m], 10);
        });
      }),
      { numRuns: 200, seed: 2 },
    );
  });

  it('row multiplicities equal repeating the rows, per slice too (ties within and across slices)', () => {
    const rows = fc.array(
      fc.tuple(
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 2 }),
      ),
      { minLength: 2, maxLength: 80 },
    );
    fc.assert(
      fc.property(rows, (rs) => {
        const y = Uint8Array.from(rs.map((r) => r[0]));
        const p = Float64Array.from(rs.map((r) => r[1] / 8));
        const c = Int32Array.from(rs.map((r) => r[2]));
        const group = Int32Array.from(rs.map((r) => r[3]));
        const e = new BinaryEngine({ y, p, group, groups: 3 }, opts).evaluate(c);
        const M = BINARY_METRICS.length;
        for (let g = -1; g < 3; g++) {
          const yy: number[] = [];
          const pp: number[] = [];
          c.forEach((k, i) => {
            if (g >= 0 && group[i] !== g) return;
            for (let t = 0; t < k; t++) {
              yy.push(y[i]);
              pp.push(p[i]);
            }
          });
          const ref = binaryMetrics({ y: Uint8Array.from(yy), p: Float64Array.from(pp) }, opts);
          BINARY_METRICS.forEach((m, k) => {
            const v = e[(g + 1) * M + k];
            if (Number.isNaN(ref[m])) expect(v).toBeNaN();
            else expect(v).toBeCloseTo(ref[m], 10);
          });
        }
      }),
      { numRuns: 200, seed: 5 },
    );
  });

  it('integer weights equal repeating rows (regression)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: -5, max: 5, noNaN: true }),
            fc.double({ min: -5, max: 5, noNaN: true }),
            fc.integer({ min: 1, max: 3 }),
          ),
          { minLength: 2, maxLength: 30 },
        ),
        (rows) => {
          const w = regressionMetrics({
            y: Float64Array.from(rows.map((r) => r[0])),
            yhat: Float64Array.from(rows.map((r) => r[1])),
            w: Float64Array.from(rows.map((r) => r[2])),
          });
          const rep = rows.flatMap((r) => Array.from({ length: r[2] }, () => r));
          const u = regressionMetrics({ y: Float64Array.from(rep.map((r) => r[0])), yhat: Float64Array.from(rep.map((r) => r[1])) });
          for (const m of ['mae', 'mse', 'rmse', 'mape'] as const)
            expect(Math.abs(w[m] - u[m])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(u[m])));
        },
      ),
      { numRuns: 100, seed: 3 },
    );
  });

  it('argsort orders any finite keys, stably', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1, 0.5)), { maxLength: 200 }),
        fc.boolean(),
        (xs, desc) => {
          const k = Float64Array.from(xs);
          const o = argsort(k, desc);
          for (let i = 1; i < o.length; i++) {
            const a = k[o[i - 1]] + 0;
            const b = k[o[i]] + 0;
            expect(desc ? a >= b : a <= b).toBe(true);
            if (a === b) expect(o[i - 1]).toBeLessThan(o[i]);
          }
        },
      ),
      { numRuns: 200, seed: 4 },
    );
  });
});

describe('tests and corrections', () => {
  it('McNemar: no discordant pairs gives p = 1; (0, 6) gives 2 * 0.5^6', () => {
    expect(mcnemarExact(0, 0).p).toBe(1);
    expect(mcnemarExact(0, 6).p).toBeCloseTo(2 / 64, 15);
  });

  it('paired proportion difference: delta (c - b)/n with Wald variance', () => {
    const d = pairedProportionDiff(10, 30, 1000, 0.95);
    expect(d.delta).toBeCloseTo(0.02, 15);
    expect(d.se).toBeCloseTo(Math.sqrt((40 - 400 / 1000) / 1e6), 15);
  });

  it('DeLong: identical models give delta 0; the variance matches the placement formula on a hand case', () => {
    const y = [1, 1, 0, 0, 1, 0];
    const s = [0.9, 0.6, 0.6, 0.2, 0.4, 0.5];
    const d = delongPaired(y, s, s, 0.95)!;
    expect(d.delta).toBe(0);
    expect(d.se).toBe(0);
    // positives 0.9, 0.6, 0.4; negatives 0.6, 0.2, 0.5
    // V10: 0.9 -> 1, 0.6 -> (0.5+1+1)/3, 0.4 -> 1/3 ; V01: 0.6 -> (1+0.5+0)/3, 0.2 -> 1, 0.5 -> 2/3
    const v10 = [1, 2.5 / 3, 1 / 3];
    const v01 = [1.5 / 3, 1, 2 / 3];
    const varOf = (a: number[]) => {
      const m = a.reduce((x, y2) => x + y2, 0) / a.length;
      return a.reduce((x, y2) => x + (y2 - m) ** 2, 0) / (a.length - 1);
    };
    const single = delongVariance(y, s);
    expect(single.auc).toBeCloseTo(v10.reduce((a, b) => a + b) / 3, 15);
    expect(single.variance).toBeCloseTo(varOf(v10) / 3 + varOf(v01) / 3, 15);
  });

  it('Benjamini-Hochberg and Holm adjusted p-values (hand-computed)', () => {
    const p = [0.01, 0.04, 0.03, 0.2];
    // BH: sorted 0.01, 0.03, 0.04, 0.2 -> 0.04, 0.0533, 0.0533, 0.2
    const bh = benjaminiHochberg(p);
    expect(bh[0]).toBeCloseTo(0.04, 15);
    expect(bh[2]).toBeCloseTo((0.04 * 4) / 3, 15);
    expect(bh[1]).toBeCloseTo((0.04 * 4) / 3, 15);
    expect(bh[3]).toBeCloseTo(0.2, 15);
    // Holm: 0.04, 0.09, 0.09, 0.2
    const h = holm(p);
    expect(h[0]).toBeCloseTo(0.04, 15);
    expect(h[2]).toBeCloseTo(0.09, 15);
    expect(h[1]).toBeCloseTo(0.09, 15);
    expect(h[3]).toBeCloseTo(0.2, 15);
    expect(benjaminiHochberg([NaN, 0.5])).toEqual([NaN, 0.5]);
  });

  it('fairness: selection rates, parity difference and ratio, equalized odds; small groups listed, not dropped silently', () => {
    // group a: y 1,1,0,0 pred 1,0,1,0 -> sel .5, TPR .5, FPR .5 ; group b: y 1,1,0,0 pred 1,1,0,0 -> sel .5, TPR 1, FPR 0
    // group c: one row only -> too small for both
    const f = fairness(
      { y: [1, 1, 0, 0, 1, 1, 0, 0, 1], pred: [1, 0, 1, 0, 1, 1, 0, 0, 1], group: [0, 0, 0, 0, 1, 1, 1, 1, 2], names: ['a', 'b', 'c'] },
      { minGroupSize: 2, minPositives: 2, minNegatives: 2 },
    );
    expect(f.demographic_parity_difference).toBe(0);
    expect(f.demographic_parity_ratio).toBe(1);
    expect(f.equalized_odds_difference).toBeCloseTo(0.5, 15);
    expect(f.equalized_odds_ratio).toBe(0); // FPR ratio 0 / 0.5
    const c = f.groups.find((g) => g.group === 'c')!;
    expect([c.dp, c.eo]).toEqual([false, false]);
  });
});

describe('bootstrap', () => {
  it('is deterministic for a seed and different for another', () => {
    const run = (seed: number) => bootstrap(50, 1, { resamples: 20, seed }, (c, out) => (out[0] = c[0] + 2 * c[1] + 3 * c[7]))[0];
    expect(Array.from(run(5))).toEqual(Array.from(run(5)));
    expect(Array.from(run(5))).not.toEqual(Array.from(run(6)));
  });

  it('stratified resamples keep every stratum size', () => {
    const codes = Int32Array.from({ length: 30 }, (_, i) => (i < 3 ? 1 : 0));
    const strata = strataOf(codes, 2);
    bootstrap(30, 1, { resamples: 50, seed: 1, strata }, (c, out) => {
      expect(c[0] + c[1] + c[2]).toBe(3);
      out[0] = 0;
    });
  });

  it('percentile interval uses numpy linear quantiles; too many undefined resamples -> no interval', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 15);
    const s = Float64Array.from({ length: 101 }, (_, i) => i);
    const iv = percentileInterval(s, 0.9)!;
    expect(iv.lo).toBeCloseTo(5, 12);
    expect(iv.hi).toBeCloseTo(95, 12);
    s[3] = NaN;
    s[4] = NaN;
    expect(percentileInterval(s, 0.9)).toBeNull();
  });

  it('uniform integers cover the range without bias (chi-squared sanity)', () => {
    const r = new Rng(9);
    const k = 7;
    const counts = new Array(k).fill(0);
    for (let i = 0; i < 70000; i++) counts[r.int(k)]++;
    const chi = counts.reduce((s, c) => s + (c - 10000) ** 2 / 10000, 0);
    expect(chi).toBeLessThan(22.5); // p = 0.001 at 6 degrees of freedom
  });
});

describe('verdict', () => {
  it('fails only when the interval shows a drop beyond the tolerance, passes when it excludes one', () => {
    expect(intervalVerdict(-0.05, -0.02, 0.01)).toBe('fail');
    expect(intervalVerdict(-0.005, 0.02, 0.01)).toBe('pass');
    expect(intervalVerdict(-0.03, 0.01, 0.01)).toBe('inconclusive');
    expect(intervalVerdict(NaN, 0.01, 0.01)).toBe('undefined');
    expect(allowedDrop({ absolute: 0.02, relative: 0.01 }, 0.9)).toBeCloseTo(0.009, 15);
    expect(allowedDrop(undefined, 0.9)).toBe(0);
  });
});
