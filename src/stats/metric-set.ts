/**
 * The metrics of one prediction set (overall and per value of a grouping column), the shapes of
 * their intervals and of a head - base comparison, and each metric's range (what an interval may not
 * leave). Point values: scikit-learn definitions (classification.ts, regression.ts).
 */
import type { GroupColumn, ModelData } from './model-data.js';
import { argmaxRows, BINARY_METRICS, BinaryEngine, MULTICLASS_METRICS, multiclassMetrics } from './classification.js';
import { REGRESSION_METRICS, regressionMetrics } from './regression.js';
import { strataOf } from './bootstrap.js';
import { deltaRange, metricRange } from './metric-range.js';

export { deltaRange, metricRange };

export interface EvalSettings {
  threshold: number;
  eceBins: number;
  /** Level of the single-model intervals (two-sided). */
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

/** Predicted class per row of a classification set (null for regression). */
export function predictedLabels(pred: ModelData, threshold: number): ArrayLike<number> | null {
  if (pred.task === 'binary') return binaryPredicted(pred, threshold);
  if (pred.task === 'multiclass') return pred.predClass ?? (pred.probs ? argmaxRows(pred.probs, pred.n, pred.classes.length) : null);
  return null;
}

/** All metrics of one prediction set, overall (group row 0) and per value of one grouping column. */
export class MetricSet {
  readonly names: readonly string[];
  readonly groupNames: string[];
  /** Built on first use (the sort is the expensive part): a paired comparison never evaluates base on its own rows. */
  private engineCache: BinaryEngine | null = null;
  private readonly binary: boolean;
  private readonly rowsByGroup: Int32Array[] | null;
  private readonly binIdx: number[] = [];

  constructor(
    readonly pred: ModelData,
    readonly grouping: GroupColumn | null,
    readonly settings: EvalSettings,
  ) {
    this.names = metricsFor(pred);
    this.groupNames = grouping ? grouping.values.slice() : [];
    this.binary = pred.task === 'binary' && !!pred.score;
    if (this.binary) {
      this.binIdx = this.names.map((m) => (BINARY_METRICS as readonly string[]).indexOf(m));
      this.rowsByGroup = null;
    } else {
      // strataOf drops empty groups; every value has at least one row by construction
      this.rowsByGroup = grouping ? strataOf(grouping.codes, this.groupNames.length) : null;
    }
  }

  private get engine(): BinaryEngine | null {
    if (!this.binary) return null;
    if (!this.engineCache) {
      const pred = this.pred;
      this.engineCache = new BinaryEngine(
        { y: pred.y as Uint8Array, p: pred.score!, w: pred.weight, group: this.grouping?.codes ?? null, groups: this.groupNames.length },
        // unweighted sets take the analytic path, whose per-group views read each group's order
        { threshold: this.settings.threshold, eceBins: this.settings.eceBins, groupOrders: pred.weight === null },
      );
    }
    return this.engineCache;
  }

  /** Row indices by descending score (binary sets with scores), from the engine's one sort. */
  order(): Int32Array | null {
    return this.engine ? this.engine.ord : null;
  }

  /** Scores and labels in `order()`'s order (binary sets with scores), kept by the engine. */
  sorted(): SortedRows | null {
    const e = this.engine;
    return e ? { ps: e.ps, ys: e.ys, gs: e.code, groupOrd: e.groupOrd } : null;
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

/** A binary set's rows in descending score order: scores, labels, internal group (BinaryEngine.code) and each group's order. */
export interface SortedRows {
  ps: Float64Array;
  ys: Uint8Array;
  gs?: Int32Array;
  groupOrd?: Int32Array[] | null;
}

export interface Interval {
  lo: number;
  hi: number;
  method: string;
}

export interface MetricSummary {
  /** (groups + 1) x names point values. */
  values: Float64Array;
  /** Intervals at the settings' confidence, same layout (null = not available). */
  intervals: Array<Interval | null>;
  /** Standard errors of the values, same layout (NaN = not available). */
  ses: Float64Array;
}

export interface DeltaResult {
  metric: string;
  /** Group row (0 = overall). */
  group: number;
  base: number;
  head: number;
  /** head - base (NaN when either is undefined). */
  delta: number;
  /** Standard error of head - base (NaN when it cannot be estimated). */
  se: number;
  /** head - base +- z se at the settings' confidence, clipped to the metric's difference range. */
  lo: number;
  hi: number;
  /** How `se` was estimated (no level: the verdict states the level it used). */
  method: string;
  /** Extra test, e.g. "McNemar exact p = 0.03 (b = 12, c = 30)". */
  test?: string;
  headInterval: Interval | null;
  baseInterval: Interval | null;
  /** Standard errors of each side's value alone (NaN when unknown). */
  headSe: number;
  baseSe: number;
}

export interface Comparison {
  paired: boolean;
  names: readonly string[];
  groupNames: string[];
  deltas: DeltaResult[];
}

/** delta +- z se, clipped to the metric's difference range; NaN bounds when either is unknown. */
export function deltaBounds(metric: string, delta: number, se: number, z: number): { lo: number; hi: number } {
  if (!Number.isFinite(delta) || !Number.isFinite(se)) return { lo: NaN, hi: NaN };
  const [min, max] = deltaRange(metric);
  return { lo: Math.max(min, delta - z * se), hi: Math.min(max, delta + z * se) };
}
