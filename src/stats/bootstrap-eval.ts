/**
 * Summaries and comparisons of the sets the analytic path does not serve (weighted sets, multiclass,
 * regression, binary without scores): a seeded percentile bootstrap that resamples rows without
 * stratification (the eval set is a sample of rows, so the class shares vary as they would in
 * another sample), one resample applied to both models when the rows are paired. Single-set
 * intervals are percentile intervals (inside the metric's range by construction); head - base
 * differences use the bootstrap standard error (normal interval, clipped to the difference's range),
 * so the comparison verdict can put it at any level. Unweighted accuracy is a proportion: Wilson.
 */
import { bootstrap, percentileInterval } from './bootstrap.js';
import { mcnemarExact, pairedProportionDiff, unpairedProportionDiff } from './paired.js';
import { zOf } from './intervals.js';
import { wilsonInterval } from './proportions.js';
import {
  deltaBounds,
  predictedLabels,
  type Comparison,
  type DeltaResult,
  type EvalSettings,
  type Interval,
  type MetricSet,
  type MetricSummary,
} from './metric-set.js';

/** Share of resamples that must give a defined value for a standard error to be reported. */
const MIN_DEFINED_SHARE = 0.99;

export function bootMethod(s: EvalSettings, paired: boolean): string {
  return `${paired ? 'paired ' : ''}bootstrap, ${s.resamples} resamples of rows, seed ${s.seed}`;
}

/** Sample standard deviation of the defined resampled values; NaN when too few are defined. */
export function bootSe(samples: Float64Array): number {
  let n = 0;
  let m = 0;
  for (const v of samples) {
    if (Number.isNaN(v)) continue;
    n++;
    m += v;
  }
  if (n < 2 || n < MIN_DEFINED_SHARE * samples.length) return NaN;
  m /= n;
  let ss = 0;
  for (const v of samples) if (!Number.isNaN(v)) ss += (v - m) * (v - m);
  return Math.sqrt(ss / (n - 1));
}

/** Correct predictions and rows per group row (unweighted classification), for Wilson intervals of accuracy. */
function accuracyCounts(set: MetricSet): Array<{ k: number; n: number }> | null {
  const p = set.pred;
  if (p.weight || p.task === 'regression') return null;
  const yhat = predictedLabels(p, set.settings.threshold);
  if (!yhat) return null;
  const out = Array.from({ length: set.groups + 1 }, () => ({ k: 0, n: 0 }));
  const y = p.y as ArrayLike<number>;
  for (let i = 0; i < p.n; i++) {
    const ok = yhat[i] === y[i] ? 1 : 0;
    out[0].k += ok;
    out[0].n++;
    if (set.grouping) {
      const o = out[set.grouping.codes[i] + 1];
      o.k += ok;
      o.n++;
    }
  }
  return out;
}

function wilsonOf(c: { k: number; n: number }, s: EvalSettings): { iv: Interval | null; se: number } {
  if (c.n === 0) return { iv: null, se: NaN };
  const w = wilsonInterval(c.k, c.n, s.confidence);
  const r = c.k / c.n;
  return { iv: { lo: w.lo, hi: w.hi, method: `Wilson score ${Math.round(s.confidence * 100)}%` }, se: Math.sqrt((r * (1 - r)) / c.n) };
}

export function bootstrapSummary(set: MetricSet, s: EvalSettings): MetricSummary {
  const values = set.evaluate(null);
  const M = set.names.length;
  const K = (set.groups + 1) * M;
  const samples = bootstrap(set.pred.n, K, { resamples: s.resamples, seed: s.seed, strata: null }, (counts, out) =>
    out.set(set.evaluate(counts)),
  );
  const method = `percentile ${bootMethod(s, false)}, ${Math.round(s.confidence * 100)}%`;
  const intervals: Array<Interval | null> = new Array(K).fill(null);
  const ses = new Float64Array(K).fill(NaN);
  const acc = set.names.indexOf('accuracy');
  const counts = acc >= 0 ? accuracyCounts(set) : null;
  for (let j = 0; j < K; j++) {
    if (Number.isNaN(values[j])) continue;
    if (counts && j % M === acc) {
      const w = wilsonOf(counts[Math.floor(j / M)], s);
      intervals[j] = w.iv;
      ses[j] = w.se;
      continue;
    }
    const iv = percentileInterval(samples[j], s.confidence);
    intervals[j] = iv ? { lo: iv.lo, hi: iv.hi, method } : null;
    ses[j] = bootSe(samples[j]);
  }
  return { values, intervals, ses };
}

/** Resampled head, base and head - base values for every group row x metric (paired: one resample for both). */
function bootSamples(head: MetricSet, base: MetricSet, baseRow: Int32Array | null, baseGroupOf: (g: number) => number, s: EvalSettings) {
  const M = head.names.length;
  const G = head.groups + 1;
  const K = G * M;
  const baseMetric = Int32Array.from(head.names, (m) => base.names.indexOf(m));
  const BM = base.names.length;
  const pick = (b: Float64Array, g: number, m: number) => {
    const bg = baseGroupOf(g);
    return bg < 0 || baseMetric[m] < 0 ? NaN : b[bg * BM + baseMetric[m]];
  };
  const opts = { resamples: s.resamples, seed: s.seed, strata: null };
  if (baseRow) {
    const cb = new Int32Array(base.pred.n);
    const all = bootstrap(head.pred.n, 2 * K, opts, (counts, out) => {
      cb.fill(0);
      for (let i = 0; i < head.pred.n; i++) cb[baseRow[i]] = counts[i];
      const h = head.evaluate(counts);
      const b = base.evaluate(cb);
      for (let j = 0; j < K; j++) {
        out[j] = h[j];
        out[K + j] = pick(b, Math.floor(j / M), j % M);
      }
    });
    return { hs: all.slice(0, K), bs: all.slice(K) };
  }
  const hs = bootstrap(head.pred.n, K, opts, (c, out) => out.set(head.evaluate(c)));
  const raw = bootstrap(base.pred.n, (base.groups + 1) * BM, { ...opts, seed: s.seed + 1 }, (c, out) => out.set(base.evaluate(c)));
  const bs = Array.from({ length: K }, (_, j) => {
    const bg = baseGroupOf(Math.floor(j / M));
    const bm = baseMetric[j % M];
    return bg < 0 || bm < 0 ? new Float64Array(s.resamples).fill(NaN) : raw[bg * BM + bm];
  });
  return { hs, bs };
}

/** Overall accuracy, unweighted: McNemar and the Wald difference on discordant pairs, or independent proportions. */
function accuracyDelta(
  head: MetricSet,
  base: MetricSet,
  baseRow: Int32Array | null,
  s: EvalSettings,
): { se: number; method: string; test?: string } | null {
  const hp = head.pred;
  const bp = base.pred;
  if (hp.weight || bp.weight || hp.task === 'regression') return null;
  const ph = predictedLabels(hp, s.threshold);
  const pb = predictedLabels(bp, s.threshold);
  if (!ph || !pb) return null;
  const yh = hp.y as ArrayLike<number>;
  const yb = bp.y as ArrayLike<number>;
  if (baseRow) {
    let b = 0;
    let c = 0;
    for (let i = 0; i < hp.n; i++) {
      const hr = ph[i] === yh[i];
      const br = pb[baseRow[i]] === yb[baseRow[i]];
      if (br && !hr) b++;
      else if (!br && hr) c++;
    }
    const mc = mcnemarExact(b, c);
    return {
      se: pairedProportionDiff(b, c, hp.n, s.confidence).se,
      method: 'paired difference of proportions (Wald, from discordant pairs)',
      test: `McNemar exact p = ${mc.p.toPrecision(3)} (base right/head wrong ${b}, base wrong/head right ${c})`,
    };
  }
  let kh = 0;
  let kb = 0;
  for (let i = 0; i < hp.n; i++) kh += ph[i] === yh[i] ? 1 : 0;
  for (let i = 0; i < bp.n; i++) kb += pb[i] === yb[i] ? 1 : 0;
  return {
    se: unpairedProportionDiff(kb / bp.n, bp.n, kh / hp.n, hp.n, s.confidence).se,
    method: 'independent difference of proportions (Wald)',
  };
}

/** Head vs base by the bootstrap (any task, weights), for `wanted` metric indices in every group row. */
export function bootstrapCompare(
  head: MetricSet,
  base: MetricSet,
  wanted: number[],
  baseRow: Int32Array | null,
  baseGroupOf: (g: number) => number,
  s: EvalSettings,
): Comparison {
  const M = head.names.length;
  const hv = head.evaluate(null);
  const bvAll = base.evaluate(null);
  const { hs, bs } = bootSamples(head, base, baseRow, baseGroupOf, s);
  const z = zOf(s.confidence);
  const pct = `, ${Math.round(s.confidence * 100)}%`;
  const single = `percentile ${bootMethod(s, false)}${pct}`;
  const acc = head.names.indexOf('accuracy');
  const accD = wanted.includes(acc) ? accuracyDelta(head, base, baseRow, s) : null;
  const deltas: DeltaResult[] = [];
  for (let g = 0; g <= head.groups; g++) {
    for (const m of wanted) {
      const j = g * M + m;
      const bg = baseGroupOf(g);
      const bm = base.names.indexOf(head.names[m]);
      const b0 = bg < 0 || bm < 0 ? NaN : bvAll[bg * base.names.length + bm];
      const ds = hs[j].map((v, r) => v - bs[j][r]);
      const analytic = g === 0 && m === acc ? accD : null;
      const se = analytic ? analytic.se : bootSe(ds);
      const delta = hv[j] - b0;
      const hiv = percentileInterval(hs[j], s.confidence);
      const biv = percentileInterval(bs[j], s.confidence);
      deltas.push({
        metric: head.names[m],
        group: g,
        base: b0,
        head: hv[j],
        delta,
        se,
        ...deltaBounds(head.names[m], delta, se, z),
        method: analytic ? analytic.method : `${bootMethod(s, baseRow !== null)}: standard error of head - base`,
        ...(analytic?.test ? { test: analytic.test } : {}),
        headInterval: hiv && !Number.isNaN(hv[j]) ? { lo: hiv.lo, hi: hiv.hi, method: single } : null,
        baseInterval: biv && !Number.isNaN(b0) ? { lo: biv.lo, hi: biv.hi, method: single } : null,
        headSe: bootSe(hs[j]),
        baseSe: bootSe(bs[j]),
      });
    }
  }
  return { paired: baseRow !== null, names: head.names, groupNames: head.groupNames, deltas };
}
