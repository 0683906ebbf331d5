/**
 * Metrics of prediction sets with intervals, and comparisons of two models (head vs base).
 * Methods, per figure:
 * - accuracy (unweighted): Wilson interval; head - base: paired Wald on discordant pairs with
 *   McNemar's exact p (same ids) or the independent Wald difference (different eval sets);
 * - roc_auc (binary, unweighted): DeLong interval; head - base: DeLong paired or independent;
 * - everything else, and any metric with sample weights: percentile bootstrap, stratified by label
 *   for classification, paired (one resample applied to both models) when the ids match;
 * - except for large unweighted binary sets with scores (n >= LARGE_N = 20,000), where a row
 *   bootstrap costs O(rows) per resample: accuracy/precision/recall/f1 are bootstrapped on confusion
 *   category counts (exact multinomial, same distribution), log_loss/brier_score/prediction_bias get
 *   normal intervals from per-example values, ece/average_precision delta-method normal intervals,
 *   roc_auc DeLong per slice; slices under LARGE_N keep a row bootstrap on their own rows
 *   (fast-binary.ts). Each figure's method string names which one was used.
 */
import type { GroupColumn, ModelData } from './model-data.js';
import { BINARY_METRICS, BinaryEngine, MULTICLASS_METRICS, multiclassMetrics } from './classification.js';
import { REGRESSION_METRICS, regressionMetrics } from './regression.js';
import { bootstrap, bootstrapPBelow, percentileInterval, strataOf } from './bootstrap.js';
import { delongPaired, delongVariance, mcnemarExact, pairedProportionDiff, unpairedProportionDiff } from './paired.js';
import { normalCdf, normalQuantile } from './distributions.js';
import { alignBase, fastCells, fastEligible, sideOf, type FastCell } from './fast-binary.js';

export interface EvalSettings {
  threshold: number;
  eceBins: number;
  confidence: number;
  resamples: number;
  seed: number;
}

export const DEFAULT_SETTINGS: EvalSettings = { threshold: 0.5, eceBins: 15, confidence: 0.95, resamples: 1000, seed: 42 };

export function metricsFor(pred: ModelData): readonly string[] {
  if (pred.task === 'regression') return REGRESSION_METRICS;
  if (pred.task === 'multiclass')
    return pred.probs ? MULTICLASS_METRICS : MULTICLASS_METRICS.filter((m) => m !== 'log_loss' && m !== 'roc_auc_ovr');
  if (pred.score) return BINARY_METRICS;
  return ['accuracy', 'precision', 'recall', 'f1'];
}

/** Predicted positive per row for a binary set (score >= threshold, or the predicted label). */
export function binaryPredicted(pred: ModelData, threshold: number): Uint8Array {
  const out = new Uint8Array(pred.n);
  for (let i = 0; i < pred.n; i++) out[i] = pred.score ? (pred.score[i] >= threshold ? 1 : 0) : pred.predClass![i];
  return out;
}

/** All metrics of one prediction set, overall (group row 0) and per value of one grouping column. */
export class MetricSet {
  readonly names: readonly string[];
  readonly groupNames: string[];
  private readonly engine: BinaryEngine | null;
  private readonly rowsByGroup: Int32Array[] | null;
  private readonly binIdx: number[] = [];

  constructor(
    readonly pred: ModelData,
    readonly grouping: GroupColumn | null,
    readonly settings: EvalSettings,
  ) {
    this.names = metricsFor(pred);
    this.groupNames = grouping ? grouping.values.slice() : [];
    if (pred.task === 'binary' && pred.score) {
      this.engine = new BinaryEngine(
        { y: pred.y as Uint8Array, p: pred.score, w: pred.weight, group: grouping?.codes ?? null, groups: this.groupNames.length },
        { threshold: settings.threshold, eceBins: settings.eceBins },
      );
      this.binIdx = this.names.map((m) => (BINARY_METRICS as readonly string[]).indexOf(m));
      this.rowsByGroup = null;
    } else {
      this.engine = null;
      this.rowsByGroup = grouping ? strataOf(grouping.codes, this.groupNames.length) : null;
      // strataOf drops empty groups; every value has at least one row by construction
    }
  }

  /** Row indices by descending score (binary sets with scores), from the engine's one sort. */
  order(): Int32Array | null {
    return this.engine ? this.engine.ord : null;
  }

  get groups(): number {
    return this.groupNames.length;
  }

  /** (groups + 1) x names values; NaN = undefined. `counts` are row multiplicities. */
  evaluate(counts: Int32Array | null = null): Float64Array {
    const M = this.names.length;
    const G = this.groups + 1;
    const out = new Float64Array(G * M);
    if (this.engine) {
      const r = this.engine.evaluate(counts);
      const BM = BINARY_METRICS.length;
      for (let g = 0; g < G; g++) for (let m = 0; m < M; m++) out[g * M + m] = r[g * BM + this.binIdx[m]];
      return out;
    }
    for (let g = 0; g < G; g++) {
      const rows = g === 0 ? null : this.rowsByGroup![g - 1];
      const vals = this.pointOn(rows, counts) as Record<string, number>;
      for (let m = 0; m < M; m++) out[g * M + m] = vals[this.names[m]];
    }
    return out;
  }

  private pointOn(rows: Int32Array | null, counts: Int32Array | null): Record<string, number> {
    const p = this.pred;
    if (p.task === 'regression') return regressionMetrics({ y: p.y as Float64Array, yhat: p.predValue!, w: p.weight }, rows, counts);
    if (p.task === 'multiclass')
      return multiclassMetrics({ y: p.y as Int32Array, k: p.classes.length, pred: p.predClass, probs: p.probs, w: p.weight }, rows, counts);
    // binary without scores: treat as 2-class with predicted labels
    const m = multiclassMetrics({ y: Int32Array.from(p.y as Uint8Array), k: 2, pred: p.predClass, w: p.weight }, rows, counts);
    const yb = p.y as Uint8Array;
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const n = rows ? rows.length : p.n;
    for (let t = 0; t < n; t++) {
      const i = rows ? rows[t] : t;
      let w = counts ? counts[i] : 1;
      if (p.weight) w *= p.weight[i];
      const pr = p.predClass![i];
      if (pr && yb[i]) tp += w;
      else if (pr) fp += w;
      else if (yb[i]) fn += w;
    }
    const d = (a: number, b: number) => (b > 0 ? a / b : NaN);
    return { accuracy: m.accuracy, precision: d(tp, tp + fp), recall: d(tp, tp + fn), f1: d(2 * tp, 2 * tp + fp + fn) };
  }

  /** Row counts (and positives for binary) per group row. */
  sizes(): Array<{ n: number; positives: number | null }> {
    const p = this.pred;
    const G = this.groups + 1;
    const out = Array.from({ length: G }, () => ({ n: 0, positives: p.task === 'binary' ? 0 : (null as number | null) }));
    for (let i = 0; i < p.n; i++) {
      const pos = p.task === 'binary' ? (p.y as Uint8Array)[i] : 0;
      out[0].n++;
      if (out[0].positives !== null) out[0].positives += pos;
      if (this.grouping) {
        const o = out[this.grouping.codes[i] + 1];
        o.n++;
        if (o.positives !== null) o.positives += pos;
      }
    }
    return out;
  }
}

/** Strata for resampling: the label for classification (every resample keeps every class). */
export function strataFor(pred: ModelData): Int32Array[] | null {
  if (pred.task === 'regression') return null;
  return strataOf(pred.y as ArrayLike<number>, pred.task === 'binary' ? 2 : pred.classes.length);
}

export interface Interval {
  lo: number;
  hi: number;
  method: string;
}

export interface MetricSummary {
  /** (groups + 1) x names point values. */
  values: Float64Array;
  /** Intervals, same layout (null = not available). */
  intervals: Array<Interval | null>;
}

function bootMethod(s: EvalSettings, paired: boolean, pred: ModelData): string {
  return `${paired ? 'paired ' : ''}percentile bootstrap ${Math.round(s.confidence * 100)}%, ${s.resamples} resamples, seed ${s.seed}${pred.task === 'regression' ? '' : ', stratified by label'}`;
}

function wilson(k: number, n: number, confidence: number): [number, number] {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = k / n;
  const den = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / den;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / den;
  return [c - h, c + h];
}

function analyticSingle(set: MetricSet, metric: string, s: EvalSettings): Interval | null {
  const p = set.pred;
  if (p.weight || p.task === 'regression') return null;
  if (metric === 'accuracy') {
    const pred = p.task === 'binary' ? binaryPredicted(p, s.threshold) : null;
    let k = 0;
    for (let i = 0; i < p.n; i++) {
      const yhat = pred ? pred[i] : p.predClass ? p.predClass[i] : -1;
      if (yhat === (p.y as ArrayLike<number>)[i]) k++;
    }
    if (p.task === 'multiclass' && !p.predClass && p.probs) return null;
    const [lo, hi] = wilson(k, p.n, s.confidence);
    return { lo, hi, method: `Wilson score ${Math.round(s.confidence * 100)}%` };
  }
  if (metric === 'roc_auc' && p.task === 'binary' && p.score) {
    const d = delongVariance(p.y as Uint8Array, p.score);
    if (Number.isNaN(d.variance)) return null;
    const z = normalQuantile(1 - (1 - s.confidence) / 2);
    const se = Math.sqrt(d.variance);
    return { lo: d.auc - z * se, hi: d.auc + z * se, method: `DeLong ${Math.round(s.confidence * 100)}%` };
  }
  return null;
}

/** Point values and intervals of one set (analytic where exact and faster, else bootstrap). */
export function summarize(set: MetricSet, s: EvalSettings, bootstrapAll = false): MetricSummary {
  const values = set.evaluate(null);
  const M = set.names.length;
  const G = set.groups + 1;
  const intervals: Array<Interval | null> = new Array(G * M).fill(null);
  if (fastEligible(set.pred)) {
    // large unweighted binary set: O(rows) intervals (fast-binary.ts)
    const cells = fastCells(sideOf(set.pred, set.grouping), null, false, () => -1, s, { head: set.order() });
    const z = normalQuantile(1 - (1 - s.confidence) / 2);
    for (let j = 0; j < G * M; j++) {
      if (j < M && !bootstrapAll) {
        const a = analyticSingle(set, set.names[j], s);
        if (a) {
          intervals[j] = a;
          continue;
        }
      }
      const c = cells[j];
      const v = values[j];
      if (c.kind === 'boot') {
        const iv = percentileInterval(c.hs, s.confidence);
        intervals[j] = iv ? { lo: iv.lo, hi: iv.hi, method: c.method } : null;
      } else
        intervals[j] = Number.isFinite(v) && Number.isFinite(c.seH) ? { lo: v - z * c.seH, hi: v + z * c.seH, method: c.method } : null;
    }
    return { values, intervals };
  }
  let needBoot = bootstrapAll || G > 1;
  for (let m = 0; m < M; m++) {
    const a = analyticSingle(set, set.names[m], s);
    if (a && !bootstrapAll) intervals[m] = a;
    else needBoot = true;
  }
  if (needBoot) {
    const K = G * M;
    const samples = bootstrap(set.pred.n, K, { resamples: s.resamples, seed: s.seed, strata: strataFor(set.pred) }, (counts, out) =>
      out.set(set.evaluate(counts)),
    );
    const method = bootMethod(s, false, set.pred);
    for (let j = 0; j < K; j++) {
      if (intervals[j]) continue;
      const iv = percentileInterval(samples[j], s.confidence);
      intervals[j] = iv ? { lo: iv.lo, hi: iv.hi, method } : null;
    }
  }
  return { values, intervals };
}

export interface DeltaResult {
  metric: string;
  /** Group row (0 = overall). */
  group: number;
  base: number;
  head: number;
  /** head - base (NaN when either is undefined). */
  delta: number;
  /** Interval of head - base. */
  lo: number;
  hi: number;
  method: string;
  /** Extra test, e.g. "McNemar exact p = 0.03 (b = 12, c = 30)". */
  test?: string;
  /** Bootstrap samples of head - base (for p-values), when bootstrapped. */
  samples?: Float64Array;
  /** Standard error, when analytic (for p-values). */
  se?: number;
  headInterval: Interval | null;
  baseInterval: Interval | null;
}

export interface Comparison {
  paired: boolean;
  names: readonly string[];
  groupNames: string[];
  deltas: DeltaResult[];
}

/** What the parts of compareSets share: both sets aligned by group name and metric name, and the point values. */
interface Aligned {
  head: MetricSet;
  base: MetricSet;
  names: readonly string[];
  M: number;
  G: number;
  hv: Float64Array;
  /** The base's value of metric m in head group g (NaN when the base has no such group or metric). */
  bv: (g: number, m: number) => number;
  baseG: (g: number) => number;
  baseMetric: Int32Array;
  baseRow: Int32Array | null;
  paired: boolean;
  s: EvalSettings;
  pct: number;
}

function align(head: MetricSet, base: MetricSet, baseRow: Int32Array | null, s: EvalSettings): Aligned {
  const names = head.names;
  const G = head.groups + 1;
  const bvRaw = base.evaluate(null);
  // base groups may be ordered differently: map by name (-1 = the base has no such group)
  const baseGroup = new Int32Array(G);
  for (let g = 1; g < G; g++) {
    const k = base.groupNames.indexOf(head.groupNames[g - 1]);
    baseGroup[g] = k < 0 ? -1 : k + 1;
  }
  const baseG = (g: number): number => baseGroup[g];
  const baseMetric = Int32Array.from(names, (m) => base.names.indexOf(m));
  const bv = (g: number, m: number): number => {
    const bg = baseG(g);
    const bm = baseMetric[m];
    return bg < 0 || bm < 0 ? NaN : bvRaw[bg * base.names.length + bm];
  };
  return {
    head,
    base,
    names,
    M: names.length,
    G,
    hv: head.evaluate(null),
    bv,
    baseG,
    baseMetric,
    baseRow,
    paired: baseRow !== null,
    s,
    pct: Math.round(s.confidence * 100),
  };
}

/** An overall (group 0) delta from an analytic interval, with both sides' single-set intervals. */
function analyticDelta(
  A: Aligned,
  metric: string,
  head: number,
  base: number,
  d: { delta: number; lo: number; hi: number; se: number },
  method: string,
  test?: string,
): DeltaResult {
  const { delta, lo, hi, se } = d;
  return {
    metric,
    group: 0,
    base,
    head,
    delta,
    lo,
    hi,
    se,
    method,
    ...(test === undefined ? {} : { test }),
    headInterval: analyticSingle(A.head, metric, A.s),
    baseInterval: analyticSingle(A.base, metric, A.s),
  };
}

/** Overall accuracy: McNemar and the paired Wald difference on discordant pairs, or independent proportions. */
function analyticAccuracy(A: Aligned, m: number, analytic: Map<string, DeltaResult>): void {
  const { head, base, hv, bv, paired, baseRow, s, pct } = A;
  const metric = A.names[m];
  const hp = head.pred;
  const bp = base.pred;
  const ph = hp.task === 'binary' ? binaryPredicted(hp, s.threshold) : hp.predClass;
  const pb = bp.task === 'binary' ? binaryPredicted(bp, s.threshold) : bp.predClass;
  if (!ph || !pb) return;
  const yh = hp.y as ArrayLike<number>;
  const yb = bp.y as ArrayLike<number>;
  if (paired) {
    let b = 0;
    let c = 0;
    for (let i = 0; i < hp.n; i++) {
      const j = baseRow![i];
      const hr = ph[i] === yh[i];
      const br = pb[j] === yb[j];
      if (br && !hr) b++;
      else if (!br && hr) c++;
    }
    const d = pairedProportionDiff(b, c, hp.n, s.confidence);
    const mc = mcnemarExact(b, c);
    const test = `McNemar exact p = ${mc.p.toPrecision(3)} (base right/head wrong ${b}, base wrong/head right ${c})`;
    analytic.set(metric, analyticDelta(A, metric, hv[m], bv(0, m), d, `paired difference (Wald, discordant pairs) ${pct}%`, test));
  } else {
    const d = unpairedProportionDiff(bv(0, m), bp.n, hv[m], hp.n, s.confidence);
    analytic.set(metric, analyticDelta(A, metric, hv[m], bv(0, m), d, `independent difference of proportions (Wald) ${pct}%`));
  }
}

/** Overall roc_auc by DeLong (paired on the same rows, or independent). */
function analyticAuc(A: Aligned, m: number, analytic: Map<string, DeltaResult>): void {
  const { head, base, hv, bv, paired, baseRow, s, pct } = A;
  const metric = A.names[m];
  const hp = head.pred;
  const bp = base.pred;
  if (!hp.score || !bp.score) return;
  if (paired) {
    const sb = new Float64Array(hp.n);
    for (let i = 0; i < hp.n; i++) sb[i] = bp.score[baseRow![i]];
    const d = delongPaired(hp.y as Uint8Array, sb, hp.score, s.confidence);
    if (!d) return;
    analytic.set(
      metric,
      analyticDelta(A, metric, hv[m], bv(0, m), d, `DeLong paired ${pct}%`, `DeLong z = ${d.z.toFixed(2)}, p = ${d.p.toPrecision(3)}`),
    );
  } else {
    const a = delongVariance(hp.y as Uint8Array, hp.score);
    const b = delongVariance(bp.y as Uint8Array, bp.score);
    if (Number.isNaN(a.variance) || Number.isNaN(b.variance)) return;
    const se = Math.sqrt(a.variance + b.variance);
    const z = normalQuantile(1 - (1 - s.confidence) / 2);
    const delta = a.auc - b.auc;
    const iv = { delta, lo: delta - z * se, hi: delta + z * se, se };
    const test = `z = ${(delta / se).toFixed(2)}, p = ${(2 * normalCdf(-Math.abs(delta / se))).toPrecision(3)}`;
    analytic.set(metric, analyticDelta(A, metric, a.auc, b.auc, iv, `DeLong independent ${pct}%`, test));
  }
}

/** Large unweighted binary sets: deltas from the O(rows) cells of fast-binary.ts. */
function fastDeltas(A: Aligned, fast: FastCell[], collect: Collect): DeltaResult[] {
  const s = A.s;
  const z = normalQuantile(1 - (1 - s.confidence) / 2);
  const deltas = collect((metric, g, j, head0, base0) => {
    const c = fast[j];
    if (c.kind === 'boot') return bootDelta(metric, g, head0, base0, c.ds, c.hs, c.bs, c.method, s.confidence);
    const delta = head0 - base0;
    const ok = (v: number, se: number) => Number.isFinite(v) && Number.isFinite(se);
    const zz = delta / c.seD;
    return {
      metric,
      group: g,
      base: base0,
      head: head0,
      delta,
      test:
        metric === 'roc_auc' && ok(delta, c.seD) && c.seD > 0
          ? `DeLong z = ${zz.toFixed(2)}, p = ${(2 * normalCdf(-Math.abs(zz))).toPrecision(3)}`
          : undefined,
      lo: ok(delta, c.seD) ? delta - z * c.seD : NaN,
      hi: ok(delta, c.seD) ? delta + z * c.seD : NaN,
      method: c.method,
      se: ok(delta, c.seD) ? c.seD : undefined,
      headInterval: ok(head0, c.seH) ? { lo: head0 - z * c.seH, hi: head0 + z * c.seH, method: c.method } : null,
      baseInterval: ok(base0, c.seB) ? { lo: base0 - z * c.seB, hi: base0 + z * c.seB, method: c.method } : null,
    };
  });
  return deltas;
}

/** Bootstrap samples of head, base and head - base for every group x metric (paired or independent resamples). */
function bootSamples(A: Aligned): { hs: Float64Array[]; bs: Float64Array[]; ds: Float64Array[] } {
  const { head, base, G, M, baseG, baseMetric, baseRow, paired, s } = A;
  const hp = head.pred;
  const bp = base.pred;
  let hs: Float64Array[];
  let bs: Float64Array[];
  let ds: Float64Array[];
  const K = G * M;
  const strata = strataFor(hp);
  if (paired) {
    const cb = new Int32Array(bp.n);
    const all = bootstrap(hp.n, 3 * K, { resamples: s.resamples, seed: s.seed, strata }, (counts, out) => {
      for (let i = 0; i < hp.n; i++) cb[baseRow![i]] = counts[i];
      const h = head.evaluate(counts);
      const b = base.evaluate(cb);
      for (let g = 0; g < G; g++) {
        const bg = baseG(g);
        for (let mm = 0; mm < M; mm++) {
          const bm = baseMetric[mm];
          const j = g * M + mm;
          const bval = bg < 0 || bm < 0 ? NaN : b[bg * base.names.length + bm];
          out[j] = h[j];
          out[K + j] = bval;
          out[2 * K + j] = h[j] - bval;
        }
      }
    });
    hs = all.slice(0, K);
    bs = all.slice(K, 2 * K);
    ds = all.slice(2 * K);
  } else {
    hs = bootstrap(hp.n, K, { resamples: s.resamples, seed: s.seed, strata }, (c, out) => out.set(head.evaluate(c)));
    const bsRaw = bootstrap(
      bp.n,
      (base.groups + 1) * base.names.length,
      { resamples: s.resamples, seed: s.seed + 1, strata: strataFor(bp) },
      (c, out) => out.set(base.evaluate(c)),
    );
    bs = [];
    ds = [];
    for (let g = 0; g < G; g++) {
      const bg = baseG(g);
      for (let mm = 0; mm < M; mm++) {
        const bm = baseMetric[mm];
        const b = bg < 0 || bm < 0 ? new Float64Array(s.resamples).fill(NaN) : bsRaw[bg * base.names.length + bm];
        const h = hs[g * M + mm];
        bs.push(b);
        ds.push(h.map((v, r) => v - b[r]));
      }
    }
  }
  return { hs, bs, ds };
}

type Collect = (one: (metric: string, g: number, j: number, head0: number, base0: number) => DeltaResult) => DeltaResult[];

/**
 * Compare head with base for `metrics` (overall and per group of the grouping). `baseRow` pairs
 * rows (head row i <-> base row baseRow[i]); null = independent eval sets.
 */
export function compareSets(
  head: MetricSet,
  base: MetricSet,
  metrics: readonly string[],
  baseRow: Int32Array | null,
  s: EvalSettings,
): Comparison {
  const A = align(head, base, baseRow, s);
  const { names, M, G, hv, bv, paired } = A;
  const wanted = metrics.map((m) => names.indexOf(m)).filter((m) => m >= 0);
  const hp = head.pred;
  const bp = base.pred;
  const analytic = new Map<string, DeltaResult>();
  // Large unweighted binary sets: O(rows) intervals, no row bootstrap (see fast-binary.ts); its
  // roc_auc cells are DeLong (from the engines' sorts), so the analytic AUC below is skipped.
  // Not needed when only overall accuracy/roc_auc are asked (both analytic below).
  const needFast = G > 1 || wanted.some((m) => names[m] !== 'accuracy' && names[m] !== 'roc_auc');
  const fast = needFast ? fastCompareCells(head, base, baseRow, s, A.baseG) : null;
  const unweighted = !hp.weight && !bp.weight;
  for (const m of wanted) {
    if (!unweighted || hp.task === 'regression') continue;
    if (names[m] === 'accuracy') analyticAccuracy(A, m, analytic);
    else if (names[m] === 'roc_auc' && !fast) analyticAuc(A, m, analytic);
  }
  // every group x wanted metric, in that order; the overall analytic results (DeLong) where there are
  const collect = (one: (metric: string, g: number, j: number, head0: number, base0: number) => DeltaResult): DeltaResult[] => {
    const deltas: DeltaResult[] = [];
    for (let g = 0; g < G; g++) {
      for (const m of wanted) {
        const metric = names[m];
        const a = g === 0 ? analytic.get(metric) : undefined;
        deltas.push(a ?? one(metric, g, g * M + m, hv[g * M + m], bv(g, m)));
      }
    }
    return deltas;
  };
  if (fast) return { paired, names, groupNames: head.groupNames, deltas: fastDeltas(A, fast, collect) };
  const needBoot = wanted.some((m) => !analytic.has(names[m])) || G > 1;
  const boot = needBoot ? bootSamples(A) : null;
  const method = bootMethod(s, paired, hp);
  const deltas = collect((metric, g, j, head0, base0) =>
    bootDelta(metric, g, head0, base0, boot ? boot.ds[j] : null, boot ? boot.hs[j] : null, boot ? boot.bs[j] : null, method, s.confidence),
  );
  return { paired, names, groupNames: head.groupNames, deltas };
}

/** A delta with percentile intervals from bootstrap samples of the delta, head and base (null: none). */
function bootDelta(
  metric: string,
  group: number,
  head: number,
  base: number,
  ds: Float64Array | null,
  hs: Float64Array | null,
  bs: Float64Array | null,
  method: string,
  confidence: number,
): DeltaResult {
  const iv = ds ? percentileInterval(ds, confidence) : null;
  const hiv = hs ? percentileInterval(hs, confidence) : null;
  const biv = bs ? percentileInterval(bs, confidence) : null;
  return {
    metric,
    group,
    base,
    head,
    delta: head - base,
    lo: iv ? iv.lo : NaN,
    hi: iv ? iv.hi : NaN,
    method,
    samples: ds ?? undefined,
    headInterval: hiv ? { lo: hiv.lo, hi: hiv.hi, method } : null,
    baseInterval: biv ? { lo: biv.lo, hi: biv.hi, method } : null,
  };
}

/**
 * One-sided p-value for "no drop beyond the tolerance" (H0: improvement >= -allowed), used for
 * multiple-testing control across slices. `sign` is +1 when higher is better.
 */
export function dropPValue(d: DeltaResult, allowed: number, sign: 1 | -1): number {
  if (d.samples) {
    const imp = d.samples.map((v) => sign * v);
    return bootstrapPBelow(imp, -allowed);
  }
  if (d.se !== undefined && d.se > 0) return normalCdf((sign * d.delta + allowed) / d.se);
  return NaN;
}

/**
 * Uncertainty cells of the fast path (fast-binary.ts) for head vs base, or null when it does not
 * apply (small or weighted sets, no scores, or pairs whose label or slice differ): the row
 * bootstrap then runs as before.
 */
function fastCompareCells(
  head: MetricSet,
  base: MetricSet,
  baseRow: Int32Array | null,
  s: EvalSettings,
  baseG: (g: number) => number,
): FastCell[] | null {
  if (!fastEligible(head.pred) || !fastEligible(base.pred)) return null;
  if (head.names.length !== BINARY_METRICS.length || base.names.length !== BINARY_METRICS.length) return null;
  const h = sideOf(head.pred, head.grouping);
  const b = sideOf(base.pred, base.grouping);
  if (baseRow) {
    const aligned = alignBase(h, b, head.groupNames, base.groupNames, baseRow);
    if (!aligned) return null;
    // base order in head-row space: head row of each base row, in base's descending order
    const bo = base.order();
    let bOrd: Int32Array | null = null;
    if (bo) {
      const headOf = new Int32Array(base.pred.n).fill(-1);
      for (let i = 0; i < baseRow.length; i++) headOf[baseRow[i]] = i;
      bOrd = new Int32Array(baseRow.length);
      let k = 0;
      for (let t = 0; t < bo.length; t++) if (headOf[bo[t]] >= 0) bOrd[k++] = headOf[bo[t]];
      if (k !== baseRow.length) bOrd = null;
    }
    return fastCells(h, aligned, true, (r) => r, s, { head: head.order(), base: bOrd });
  }
  return fastCells(h, b, false, baseG, s, { head: head.order(), base: base.order() });
}
