/**
 * The large-n path (fast-binary.ts) against what it replaces: exact samplers, and intervals that agree
 * with the stratified row bootstrap on the same data (seeded, deterministic; no timing assertions).
 */
import { describe, expect, it } from 'vitest';
import { bootstrap, strataOf } from '../../src/stats/bootstrap.js';
import { BINARY_METRICS, BinaryEngine } from '../../src/stats/classification.js';
import { fastCells, LARGE_N, NORMAL_METRICS, placementsOf, psiOf } from '../../src/stats/fast-binary.js';
import { compareSets, DEFAULT_SETTINGS, MetricSet, summarize } from '../../src/stats/model-eval.js';
import { delongPaired } from '../../src/stats/paired.js';
import { Rng } from '../../src/stats/rng.js';
import { binomial, logFactorial, multinomialInto } from '../../src/stats/sampling.js';
import { argsort } from '../../src/stats/sort.js';
import { binaryPredictions } from '../helpers/predictions.js';

function sd(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m += a[i];
  m /= a.length;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - m) ** 2;
  return Math.sqrt(s / (a.length - 1));
}

describe('exact samplers', () => {
  it('logFactorial matches summed logs', () => {
    for (const k of [0, 1, 10, 255, 256, 1000, 123456]) {
      let s = 0;
      for (let i = 2; i <= k; i++) s += Math.log(i);
      expect(Math.abs(logFactorial(k) - s)).toBeLessThan(1e-9 * Math.max(1, s));
    }
  });

  it('binomial draws follow the exact pmf (chi-squared) for small and large means', () => {
    const rng = new Rng(3);
    for (const [n, p] of [
      [20, 0.3],
      [1000, 0.004],
      [1000, 0.3],
      [1_000_000, 0.7],
      [50, 0.5],
    ] as const) {
      const draws = 20000;
      const counts = new Map<number, number>();
      let sum = 0;
      let sum2 = 0;
      for (let t = 0; t < draws; t++) {
        const x = binomial(rng, n, p);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(n);
        counts.set(x, (counts.get(x) ?? 0) + 1);
        sum += x;
        sum2 += x * x;
      }
      const mean = sum / draws;
      const v = sum2 / draws - mean * mean;
      expect(Math.abs(mean - n * p)).toBeLessThan(5 * Math.sqrt((n * p * (1 - p)) / draws));
      expect(Math.abs(v / (n * p * (1 - p)) - 1)).toBeLessThan(0.06);
      // chi-squared over cells with expected >= 20 (pooled tails ignored)
      const sdv = Math.sqrt(n * p * (1 - p));
      let chi = 0;
      let df = 0;
      for (let k = Math.max(0, Math.floor(n * p - 4 * sdv)); k <= Math.min(n, Math.ceil(n * p + 4 * sdv)); k++) {
        const lp = logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
        const e = draws * Math.exp(lp);
        if (e < 20) continue;
        chi += ((counts.get(k) ?? 0) - e) ** 2 / e;
        df++;
      }
      if (df > 1) expect(chi).toBeLessThan(df + 5 * Math.sqrt(2 * df));
    }
  });

  it('multinomial draws keep the total and the category means', () => {
    const rng = new Rng(9);
    const sizes = [5, 0, 100000, 3, 40000];
    const out = new Float64Array(sizes.length);
    const acc = new Float64Array(sizes.length);
    const total = 140008;
    for (let t = 0; t < 2000; t++) {
      multinomialInto(rng, total, sizes, out);
      expect(out.reduce((a, b) => a + b, 0)).toBe(total);
      expect(out[1]).toBe(0);
      out.forEach((v, k) => (acc[k] += v));
    }
    sizes.forEach((c, k) => expect(Math.abs(acc[k] / 2000 - c) / Math.sqrt(c + 1)).toBeLessThan(0.2));
  });
});

/** Two correlated models on the same rows, 3 slices (one under LARGE_N), with ties. */
function workload(n: number, seed: number) {
  const rng = new Rng(seed);
  const y = new Uint8Array(n);
  const ph = new Float64Array(n);
  const pb = new Float64Array(n);
  const sl: string[] = [];
  for (let i = 0; i < n; i++) {
    y[i] = rng.next() < 0.3 ? 1 : 0;
    const sig = rng.normal() + 1.4 * y[i];
    pb[i] = Math.round(1000 / (1 + Math.exp(-(sig - 1 + 0.6 * rng.normal())))) / 1000; // ties
    ph[i] = 1 / (1 + Math.exp(-(sig - 1 + 0.1 * (2 * y[i] - 1) + 0.6 * rng.normal())));
    const u = rng.next();
    sl.push(u < 0.5 ? 'A' : u < 0.9 ? 'B' : 'C');
  }
  const ids = Array.from({ length: n }, (_, i) => `e${i}`);
  return { y, ph, pb, sl, ids };
}

describe('large-n intervals agree with the stratified row bootstrap', () => {
  const n = 2 * LARGE_N + 10_000; // 50,000 rows: slices A, B over LARGE_N, C under it
  const w = workload(n, 11);
  const s = { ...DEFAULT_SETTINGS, resamples: 400 };

  it('delta-method influence values reproduce the bootstrap SE of AP and ECE; placements give sklearn-style AUC', () => {
    const ord = argsort(w.ph, true);
    const psi = psiOf(w.y, w.ph, ord, 15);
    const eng = new BinaryEngine({ y: w.y, p: w.ph }, { threshold: 0.5, eceBins: 15 });
    const point = eng.evaluate();
    const [aucI, apI, eceI, llI] = ['roc_auc', 'average_precision', 'ece', 'log_loss'].map((m) => BINARY_METRICS.indexOf(m as never));
    const boot = bootstrap(n, 3, { resamples: 300, seed: 5, strata: null }, (c, out) => {
      const r = eng.evaluate(c);
      out[0] = r[apI];
      out[1] = r[eceI];
      out[2] = r[llI];
    });
    const k = (m: string) => NORMAL_METRICS.indexOf(m as never);
    for (const [j, m] of [
      [0, 'average_precision'],
      [1, 'ece'],
      [2, 'log_loss'],
    ] as const) {
      const se = sd(psi[k(m)]) / Math.sqrt(n);
      const bse = sd(boot[j]);
      expect(se / bse).toBeGreaterThan(0.8);
      expect(se / bse).toBeLessThan(1.25);
    }
    // influence values of AP have mean ~0 (they are centred)
    expect(Math.abs(psi[k('average_precision')].reduce((a, b) => a + b, 0) / n)).toBeLessThan(1e-9);
    expect(placementsOf(w.y, w.ph, ord).auc).toBeCloseTo(point[aucI], 12);
  });

  it('paired comparison: every interval is close to the row bootstrap, AUC equals paired DeLong', () => {
    const head = binaryPredictions(w.y, w.ph, { ids: w.ids, groups: { sl: w.sl } });
    const base = binaryPredictions(w.y, w.pb, { ids: w.ids, groups: { sl: w.sl } });
    const hs = new MetricSet(head, head.groups.get('sl')!, s);
    const bs = new MetricSet(base, base.groups.get('sl')!, s);
    const identity = Int32Array.from({ length: n }, (_, i) => i);
    const cmp = compareSets(hs, bs, hs.names, identity, s);
    const again = compareSets(hs, bs, hs.names, identity, s);
    expect(again.deltas.map((d) => [d.lo, d.hi])).toEqual(cmp.deltas.map((d) => [d.lo, d.hi]));
    // reference: the paired stratified row bootstrap (the method used below LARGE_N)
    const M = BINARY_METRICS.length;
    const G = hs.groups + 1;
    const eh = new BinaryEngine({ y: w.y, p: w.ph, group: head.groups.get('sl')!.codes, groups: 3 }, { threshold: 0.5, eceBins: 15 });
    const eb = new BinaryEngine({ y: w.y, p: w.pb, group: base.groups.get('sl')!.codes, groups: 3 }, { threshold: 0.5, eceBins: 15 });
    const ref = bootstrap(n, G * M, { resamples: 400, seed: 77, strata: strataOf(w.y, 2) }, (c, out) => {
      const a = eh.evaluate(c);
      const b = eb.evaluate(c);
      for (let j = 0; j < G * M; j++) out[j] = a[j] - b[j];
    });
    for (const d of cmp.deltas) {
      const j = d.group * M + BINARY_METRICS.indexOf(d.metric as never);
      const refSd = sd(ref[j]);
      const width = (d.hi - d.lo) / (2 * 1.96);
      expect(Number.isFinite(d.lo) && Number.isFinite(d.hi)).toBe(true);
      expect(d.lo).toBeLessThanOrEqual(d.delta + 1e-12);
      expect(d.hi).toBeGreaterThanOrEqual(d.delta - 1e-12);
      expect(width / refSd, `${d.metric} group ${d.group} (${d.method})`).toBeGreaterThan(0.75);
      expect(width / refSd, `${d.metric} group ${d.group} (${d.method})`).toBeLessThan(1.33);
    }
    const auc = cmp.deltas.find((d) => d.group === 0 && d.metric === 'roc_auc')!;
    const dl = delongPaired(w.y, w.pb, w.ph, 0.95)!;
    expect(auc.lo).toBeCloseTo(dl.lo, 12);
    const method = (g: number, m: string) => cmp.deltas.find((d) => d.group === g && d.metric === m)!.method;
    expect(method(1, 'f1')).toMatch(/paired percentile bootstrap 95%, 400 resamples, seed 42, stratified by label, on confusion counts/);
    expect(method(1, 'log_loss')).toMatch(/^normal 95%.*paired/);
    expect(method(1, 'average_precision')).toMatch(/delta method/);
    expect(method(1, 'roc_auc')).toBe('DeLong paired 95%');
    const c = hs.groupNames.indexOf('C') + 1;
    expect(method(c, 'average_precision')).toMatch(/stratified by label within the slice \(slice n = \d+ < 20000: rows resampled\)/);
  });

  it('single set: summarize uses the same methods; an undefined slice value gets no interval', () => {
    const y = Uint8Array.from(w.y);
    // slice C: only negatives -> recall, AUC and AP undefined there
    for (let i = 0; i < n; i++) if (w.sl[i] === 'C') y[i] = 0;
    const head = binaryPredictions(y, w.ph, { groups: { sl: w.sl } });
    const set = new MetricSet(head, head.groups.get('sl')!, s);
    const sum = summarize(set, s, true);
    const M = set.names.length;
    const c = set.groupNames.indexOf('C') + 1;
    for (const m of ['recall', 'roc_auc', 'average_precision']) {
      const k = c * M + set.names.indexOf(m);
      expect(Number.isNaN(sum.values[k])).toBe(true);
      expect(sum.intervals[k]).toBeNull();
    }
    expect(sum.intervals[set.names.indexOf('brier_score')]!.method).toMatch(/^normal 95%, mean and variance of per-example squared errors/);
    const cells = fastCells({ y, p: w.ph, code: head.groups.get('sl')!.codes, groups: 3 }, null, false, () => -1, s);
    expect(cells).toHaveLength(4 * M);
  });
});
