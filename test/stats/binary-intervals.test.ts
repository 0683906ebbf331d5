/**
 * The analytic intervals of binary metrics (binary-intervals.ts, binary-eval.ts) against what they
 * replace and what they promise: standard errors that agree with the row bootstrap (unstratified, as
 * the eval set is a sample of rows), DeLong as paired.ts computes it, every interval inside its
 * metric's range (property), and the same method at every size (no jump at 20,000 rows).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootstrap } from '../../src/stats/bootstrap.js';
import { eceInterval, placementsOf, delongVar } from '../../src/stats/binary-intervals.js';
import { BINARY_METRICS, BinaryEngine } from '../../src/stats/classification.js';
import { compareSets, DEFAULT_SETTINGS, metricRange, MetricSet, summarize } from '../../src/stats/model-eval.js';
import { delongPaired, delongVariance } from '../../src/stats/paired.js';
import { Rng } from '../../src/stats/rng.js';
import { argsort } from '../../src/stats/sort.js';
import { runs } from '../helpers/tier.js';
import { binaryPredictions } from '../helpers/predictions.js';

function sd(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m += a[i];
  m /= a.length;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - m) ** 2;
  return Math.sqrt(s / (a.length - 1));
}

/** Two correlated models on the same rows, 3 slices, with ties in the base scores. */
function workload(n: number, seed: number) {
  const rng = new Rng(seed);
  const y = new Uint8Array(n);
  const ph = new Float64Array(n);
  const pb = new Float64Array(n);
  const sl: string[] = [];
  for (let i = 0; i < n; i++) {
    y[i] = rng.next() < 0.3 ? 1 : 0;
    const sig = rng.normal() + 1.4 * y[i];
    pb[i] = Math.round(1000 / (1 + Math.exp(-(sig - 1 + 0.6 * rng.normal())))) / 1000;
    ph[i] = 1 / (1 + Math.exp(-(sig - 1 + 0.1 * (2 * y[i] - 1) + 0.6 * rng.normal())));
    const u = rng.next();
    sl.push(u < 0.5 ? 'A' : u < 0.85 ? 'B' : 'C');
  }
  return { y, ph, pb, sl };
}

describe('standard errors agree with the unstratified row bootstrap', () => {
  const n = 12_000;
  const w = workload(n, 11);
  const s = DEFAULT_SETTINGS;
  const head = binaryPredictions(w.y, w.ph, { groups: { sl: w.sl } });
  const base = binaryPredictions(w.y, w.pb, { groups: { sl: w.sl } });
  const codes = head.groups.get('sl')!.codes;
  const opts = { threshold: 0.5, eceBins: 15 };
  const eh = new BinaryEngine({ y: w.y, p: w.ph, group: codes, groups: 3 }, opts);
  const eb = new BinaryEngine({ y: w.y, p: w.pb, group: codes, groups: 3 }, opts);
  const M = BINARY_METRICS.length;
  const K = 4 * M;
  const boot = bootstrap(n, 2 * K, { resamples: 400, seed: 77, strata: null }, (c, out) => {
    const a = eh.evaluate(c);
    const b = eb.evaluate(c);
    for (let j = 0; j < K; j++) {
      out[j] = a[j];
      out[K + j] = a[j] - b[j];
    }
  });

  it('single set, every metric and slice: analytic SE / bootstrap SE within [0.8, 1.25]', () => {
    const set = new MetricSet(head, head.groups.get('sl')!, s);
    const sum = summarize(set, s);
    for (let j = 0; j < K; j++) {
      const m = set.names[j % M];
      const ratio = sum.ses[j] / sd(boot[j]);
      expect(ratio, `${m} group row ${Math.floor(j / M)}`).toBeGreaterThan(0.8);
      expect(ratio, `${m} group row ${Math.floor(j / M)}`).toBeLessThan(1.25);
    }
  });

  it('paired head - base, every metric and slice: within [0.8, 1.25]; AUC is paired DeLong', () => {
    const hs = new MetricSet(head, head.groups.get('sl')!, s);
    const bs = new MetricSet(base, base.groups.get('sl')!, s);
    const identity = Int32Array.from({ length: n }, (_, i) => i);
    const cmp = compareSets(hs, bs, hs.names, identity, s);
    for (const d of cmp.deltas) {
      const j = d.group * M + BINARY_METRICS.indexOf(d.metric as never);
      const ratio = d.se / sd(boot[K + j]);
      expect(ratio, `${d.metric} group ${d.group} (${d.method})`).toBeGreaterThan(0.8);
      expect(ratio, `${d.metric} group ${d.group} (${d.method})`).toBeLessThan(1.25);
      expect(d.lo).toBeLessThanOrEqual(d.delta);
      expect(d.hi).toBeGreaterThanOrEqual(d.delta);
    }
    const auc = cmp.deltas.find((d) => d.group === 0 && d.metric === 'roc_auc')!;
    const dl = delongPaired(w.y, w.pb, w.ph, 0.95)!;
    expect(auc.se).toBeCloseTo(dl.se, 12);
    expect(auc.test).toMatch(/^DeLong z = /);
    expect(cmp.deltas.find((d) => d.group === 0 && d.metric === 'accuracy')!.test).toMatch(/^McNemar exact p = /);
  });

  it("placement values give scikit-learn's AUC and paired.ts's DeLong variance", () => {
    const ord = argsort(w.ph, true);
    const pl = placementsOf(w.y, w.ph, ord);
    const ref = delongVariance(w.y, w.ph);
    expect(pl.auc).toBeCloseTo(ref.auc, 12);
    expect(delongVar(w.y, pl.pl, null)).toBeCloseTo(ref.variance, 15);
  });
});

describe('every interval stays inside its metric range', () => {
  it('property: random sets (ties, scores of exactly 0 and 1, one class rare), every metric, single and head - base', () => {
    const row = fc.tuple(
      fc.boolean(),
      fc.oneof(fc.constantFrom(0, 1, 0.5), fc.double({ min: 0, max: 1, noNaN: true })),
      fc.double({ min: 0, max: 1, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(row, { minLength: 2, maxLength: 120 }), (rows) => {
        const y = rows.map((r) => (r[0] ? 1 : 0));
        const h = binaryPredictions(
          y,
          rows.map((r) => r[1]),
        );
        const b = binaryPredictions(
          y,
          rows.map((r) => r[2]),
        );
        const hs = new MetricSet(h, null, DEFAULT_SETTINGS);
        const sum = summarize(hs, DEFAULT_SETTINGS);
        hs.names.forEach((m, k) => {
          const iv = sum.intervals[k];
          if (!iv) return;
          const [lo, hi] = metricRange(m);
          expect(iv.lo, m).toBeGreaterThanOrEqual(lo);
          expect(iv.hi, m).toBeLessThanOrEqual(hi);
          expect(iv.lo, m).toBeLessThanOrEqual(iv.hi);
          if (m !== 'ece') expect(iv.lo <= sum.values[k] && sum.values[k] <= iv.hi, `${m} contains its value`).toBe(true);
        });
        const ids = Int32Array.from(y, (_, i) => i);
        for (const d of compareSets(hs, new MetricSet(b, null, DEFAULT_SETTINGS), hs.names, ids, DEFAULT_SETTINGS).deltas) {
          if (Number.isNaN(d.lo)) continue;
          const [lo, hi] = metricRange(d.metric);
          expect(d.lo).toBeGreaterThanOrEqual(lo - hi);
          expect(d.hi).toBeLessThanOrEqual(hi - lo);
        }
      }),
      { numRuns: runs(2000) },
    );
  });

  it('a near-perfect model at n = 150: the AUC interval ends at 1 at most (it was [0.9988, 1.0005])', () => {
    const rng = new Rng(5);
    const y = Array.from({ length: 150 }, (_, i) => (i < 45 ? 1 : 0));
    const p = y.map((v) => (v ? 0.97 + 0.03 * rng.next() : 0.03 * rng.next()));
    p[0] = 0.02; // one positive below most negatives: AUC just under 1
    const set = new MetricSet(binaryPredictions(y, p), null, DEFAULT_SETTINGS);
    const sum = summarize(set, DEFAULT_SETTINGS);
    const k = set.names.indexOf('roc_auc');
    expect(sum.values[k]).toBeGreaterThan(0.99);
    expect(sum.intervals[k]!.hi).toBeLessThanOrEqual(1);
    expect(sum.intervals[k]!.method).toBe('DeLong 95%, logit scale');
    // a perfect ranking: Wilson on the smaller class, still inside [0, 1]
    const perfect = summarize(
      new MetricSet(
        binaryPredictions(
          y,
          y.map((v) => (v ? 0.9 : 0.1)),
        ),
        null,
        DEFAULT_SETTINGS,
      ),
      DEFAULT_SETTINGS,
    );
    expect(perfect.values[k]).toBe(1);
    expect(perfect.intervals[k]!.hi).toBe(1);
    expect(perfect.intervals[k]!.lo).toBeGreaterThan(0.9);
    expect(perfect.intervals[k]!.lo).toBeLessThan(1);
  });
});

describe('one method at every size', () => {
  it('the same methods just below and above 20,000 rows, and widths that scale with 1 / sqrt(n)', () => {
    const w = workload(20_002, 3);
    const at = (n: number) => {
      const set = new MetricSet(binaryPredictions(w.y.subarray(0, n), w.ph.subarray(0, n)), null, DEFAULT_SETTINGS);
      return summarize(set, DEFAULT_SETTINGS);
    };
    const a = at(19_998);
    const b = at(20_002);
    a.intervals.forEach((iv, k) => {
      expect(iv!.method).toBe(b.intervals[k]!.method);
      const ratio = (iv!.hi - iv!.lo) / (b.intervals[k]!.hi - b.intervals[k]!.lo);
      expect(Math.abs(ratio - 1), BINARY_METRICS[k]).toBeLessThan(0.02);
    });
  });
});

describe('ECE interval', () => {
  it('reaches 0 when the calibration test does not reject, stays away from 0 when the scores are miscalibrated', () => {
    const rng = new Rng(8);
    const n = 4000;
    const p = Float64Array.from({ length: n }, () => rng.next());
    const calibrated = { y: Uint8Array.from(p, (q) => (rng.next() < q ? 1 : 0)), p, yhat: new Uint8Array(n), ord: argsort(p, true) };
    expect(eceInterval(calibrated, 15, 0.95)!.bounds.lo).toBe(0);
    const over = { ...calibrated, p: Float64Array.from(p, (q) => Math.min(1, q * 0.6 + 0.35)) };
    const iv = eceInterval(over, 15, 0.95)!;
    expect(iv.bounds.lo).toBeGreaterThan(0.05);
    expect(iv.bounds.hi).toBeLessThanOrEqual(1);
  });
});
