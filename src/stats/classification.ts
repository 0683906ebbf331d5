/**
 * Classification metrics, named and defined as scikit-learn (>= 1.2) defines them, with sample weights.
 * An undefined value (zero denominator, one class only) is NaN here and null in reports; it never
 * passes a threshold.
 *
 * Binary metrics are computed in one pass over the rows sorted by score (descending), so the same
 * pass serves every metric, every slice and every bootstrap resample (row multiplicities `counts`).
 */

export const BINARY_METRICS = [
  'accuracy',
  'precision',
  'recall',
  'f1',
  'roc_auc',
  'average_precision',
  'log_loss',
  'brier_score',
  'ece',
  'prediction_bias',
] as const;
export type BinaryMetric = (typeof BINARY_METRICS)[number];

export const MULTICLASS_METRICS = [
  'accuracy',
  'precision_macro',
  'precision_micro',
  'precision_weighted',
  'recall_macro',
  'recall_micro',
  'recall_weighted',
  'f1_macro',
  'f1_micro',
  'f1_weighted',
  'log_loss',
  'roc_auc_ovr',
] as const;
export type MulticlassMetric = (typeof MULTICLASS_METRICS)[number];

/** float64 machine epsilon, the clipping bound of sklearn's log_loss (>= 1.2). */
export const EPS = 2.220446049250313e-16;

import { argsort } from './sort.js';
import { giveBack, lease } from './scratch.js';

const div = (a: number, b: number): number => (b > 0 ? a / b : NaN);

/** Descending order of `p`; ties keep row order (the order does not change any metric). */
export function descendingOrder(
  p: Float64Array,
  sortedOut: Float64Array | null = null,
  payload: Int32Array | null = null,
  payloadOut: Int32Array | null = null,
): Int32Array {
  return argsort(p, true, sortedOut, payload, payloadOut);
}

export interface BinaryInput {
  /** 0/1 labels. */
  y: Uint8Array;
  /** Probability of the positive class. */
  p: Float64Array;
  /** Sample weights (null = 1). */
  w?: Float64Array | null;
  /** Group (slice) index per row, 0..groups-1, or -1 for none. */
  group?: Int32Array | null;
  groups?: number;
}

export interface BinaryOptions {
  /** Predicted positive iff score >= threshold. */
  threshold: number;
  /** Equal-width bins on [0, 1] for ECE. */
  eceBins: number;
  /** Also keep `groupOrd` (each group's rows in descending score order, by their index within the group). */
  groupOrders?: boolean;
}

/**
 * Per row, its index among the rows of its internal group (0..groups, `groups` = none), and the group
 * sizes. With `y` and `shift`: the index shifted left by `shift`, the group shifted by 1 and the label,
 * in one int.
 */
function withinGroups(
  group: Int32Array | null,
  groups: number,
  n: number,
  y: Uint8Array | null,
  shift: number,
): { index: Int32Array; sizes: Int32Array } {
  const index = new Int32Array(n);
  const sizes = new Int32Array(groups + 1);
  for (let i = 0; i < n; i++) {
    const g = groups > 0 ? group![i] : -1;
    const gi = g >= 0 && g < groups ? g : groups;
    index[i] = y === null ? sizes[gi]++ : (sizes[gi]++ << shift) | (gi << 1) | y[i];
  }
  return { index, sizes };
}

/**
 * Prepared binary data: sorted once, evaluated many times. `evaluate(counts)` returns a Float64Array
 * of (groups + 1) x BINARY_METRICS.length: row 0 overall, row g + 1 for group g (NaN = undefined).
 * Additive sums (weights, positives, losses, confusion counts, calibration bins) are kept per group
 * and summed for the overall row; AUC and AP come from one descending pass with tie groups.
 */
export class BinaryEngine {
  readonly n: number;
  readonly groups: number;
  /** Row index at each sorted position (descending score). */
  readonly ord: Int32Array;
  /** Internal group per sorted position (0..groups; rows without a group go to the extra group `groups`). */
  readonly code: Int32Array;
  private readonly G: number;
  /** Labels and scores at each sorted position. */
  readonly ys: Uint8Array;
  readonly ps: Float64Array;
  /**
   * With `groupOrders`: per group, the index within the group (rows of the group in row order) of
   * its rows in descending score order; else null.
   */
  readonly groupOrd: Int32Array[] | null = null;
  private readonly sw: Float64Array | null;
  /** Per sorted position: log loss and internal bin (group x ECE bin); built by the first resampled evaluation. */
  private ll: Float64Array | null = null;
  private bin: Int32Array | null = null;
  /** Sorted position where scores drop below the threshold. */
  private readonly cutT: number;

  constructor(
    input: BinaryInput,
    readonly opts: BinaryOptions,
  ) {
    const n = input.p.length;
    this.n = n;
    const groups = (this.groups = input.group ? (input.groups ?? 0) : 0);
    this.G = groups + 1;
    this.ps = new Float64Array(n);
    const ys = (this.ys = new Uint8Array(n));
    const code = (this.code = new Int32Array(n));
    const sw = (this.sw = input.w ? new Float64Array(n) : null);
    const ps = this.ps;
    const threshold = opts.threshold;
    // Per row, its label, internal group and index within the group packed in one int, so that each
    // sorted position reads one place (rows are visited in score order: scattered reads cost most).
    const gBits = 32 - Math.clz32(groups);
    const wShift = 1 + gBits;
    const packed = groups > 0 && n <= 2 ** (31 - wShift);
    const keep = opts.groupOrders === true && groups > 0;
    const within = packed || keep ? withinGroups(input.group ?? null, groups, n, packed ? input.y : null, wShift) : null;
    // the packed rows travel with the sort (put in sorted order in place): row[j] is sorted position j's
    const row = packed ? within!.index : null;
    const ord = descendingOrder(input.p, this.ps, row, row);
    this.ord = ord;
    let fill: Int32Array | null = null;
    let gOrd: Int32Array[] = [];
    if (keep) {
      gOrd = Array.from(within!.sizes.subarray(0, groups), (m) => new Int32Array(m));
      fill = new Int32Array(groups + 1);
      this.groupOrd = gOrd;
    }
    const gMask = (1 << gBits) - 1;
    let cut = n;
    for (let j = 0; j < n; j++) {
      const i = ord[j];
      let y: number;
      let gi: number;
      if (row !== null) {
        const r = row[j];
        y = r & 1;
        gi = (r >>> 1) & gMask;
        if (fill !== null && gi < groups) gOrd[gi][fill[gi]++] = r >>> wShift;
      } else {
        y = input.y[i];
        const g = groups > 0 ? input.group![i] : -1;
        gi = g >= 0 && g < groups ? g : groups;
      }
      const p = ps[j];
      ys[j] = y;
      code[j] = gi;
      if (sw !== null) sw[j] = input.w![i];
      if (cut === n && !(p >= threshold)) cut = j;
    }
    if (keep && row === null) {
      // (too many rows to pack: each group's order from a second pass)
      const index = within!.index;
      for (let j = 0; j < n; j++) {
        const gi = code[j];
        if (gi < groups) gOrd[gi][fill![gi]++] = index[ord[j]];
      }
    }
    this.cutT = cut;
  }

  /**
   * Metrics with row multiplicities `counts` (indexed by original row; null = each row once).
   */
  evaluate(counts: Int32Array | Uint16Array | null = null, out?: Float64Array): Float64Array {
    const n = this.n;
    const B = this.opts.eceBins;
    if (counts === null && this.ll === null) {
      // one evaluation (the analytic path): the per-row terms on scratch memory (scratch.ts), not kept
      const mL = lease(0, 8 * n);
      const mB = lease(1, 4 * n);
      try {
        const ll = new Float64Array(mL, 0, n);
        const bin = new Int32Array(mB, 0, n);
        rowTerms(this.ps, this.ys, this.code, B, ll, bin);
        return this.evaluateWith(ll, bin, counts, out);
      } finally {
        giveBack(0, mL);
        giveBack(1, mB);
      }
    }
    if (this.ll === null || this.bin === null) {
      this.ll = new Float64Array(n);
      this.bin = new Int32Array(n);
      rowTerms(this.ps, this.ys, this.code, B, this.ll, this.bin);
    }
    return this.evaluateWith(this.ll, this.bin, counts, out);
  }

  // eslint-disable-next-line max-lines-per-function -- runs once per bootstrap resample over the pre-sorted rows: one pass fills every binary metric of every group, so the pass is kept in one piece
  private evaluateWith(ll: Float64Array, bin: Int32Array, counts: Int32Array | Uint16Array | null, out?: Float64Array): Float64Array {
    const G = this.G;
    const M = BINARY_METRICS.length;
    const res = out ?? new Float64Array((this.groups + 1) * M);
    const B = this.opts.eceBins;
    const { ord, ys, ps, sw, code } = this;
    const cutT = this.cutT;
    const n = this.n;
    const W = new Float64Array(G);
    const P = new Float64Array(G);
    const LL = new Float64Array(G);
    const BR = new Float64Array(G);
    const SP = new Float64Array(G);
    const TP = new Float64Array(G);
    const FP = new Float64Array(G);
    const eY = new Float64Array(G * B);
    const eP = new Float64Array(G * B);
    const grouped = this.groups > 0;
    const AUC = new Float64Array(G);
    const AP = new Float64Array(G);
    const PA = new Float64Array(G);
    const NA = new Float64Array(G);
    const gp = new Float64Array(G);
    const gn = new Float64Array(G);
    let auc = 0;
    let ap = 0;
    let pa = 0;
    let na = 0;
    let j = 0;
    while (j < n) {
      if (j + 1 === n || ps[j + 1] !== ps[j]) {
        // a distinct score: the common case
        let w = counts === null ? 1 : counts[ord[j]];
        if (sw !== null) w *= sw[j];
        if (w !== 0) {
          const g = code[j];
          const p = ps[j];
          const d = p - ys[j];
          W[g] += w;
          LL[g] += w * ll[j];
          BR[g] += w * (d * d);
          SP[g] += w * p;
          eP[bin[j]] += w * p;
          if (ys[j]) {
            P[g] += w;
            eY[bin[j]] += w;
            if (j < cutT) TP[g] += w;
            pa += w;
            ap += (w * pa) / (pa + na);
            if (grouped) {
              const pg = (PA[g] += w);
              AP[g] += (w * pg) / (pg + NA[g]);
            }
          } else {
            if (j < cutT) FP[g] += w;
            auc += w * pa;
            na += w;
            if (grouped) {
              AUC[g] += w * PA[g];
              NA[g] += w;
            }
          }
        }
        j++;
        continue;
      }
      // a tie group [j, end): every positive-negative pair inside counts 1/2
      let end = j + 2;
      while (end < n && ps[end] === ps[j]) end++;
      let tp = 0;
      let tn = 0;
      for (let k = j; k < end; k++) {
        let w = counts === null ? 1 : counts[ord[k]];
        if (sw !== null) w *= sw[k];
        if (w === 0) continue;
        const g = code[k];
        const p = ps[k];
        const d = p - ys[k];
        W[g] += w;
        LL[g] += w * ll[k];
        BR[g] += w * (d * d);
        SP[g] += w * p;
        eP[bin[k]] += w * p;
        if (ys[k]) {
          P[g] += w;
          eY[bin[k]] += w;
          if (k < cutT) TP[g] += w;
          tp += w;
          gp[g] += w;
        } else {
          if (k < cutT) FP[g] += w;
          tn += w;
          gn[g] += w;
        }
      }
      auc += tn * (pa + 0.5 * tp);
      pa += tp;
      na += tn;
      if (tp > 0) ap += (tp * pa) / (pa + na);
      if (grouped) {
        for (let k = j; k < end; k++) {
          const g = code[k];
          if (gp[g] === 0 && gn[g] === 0) continue;
          AUC[g] += gn[g] * (PA[g] + 0.5 * gp[g]);
          PA[g] += gp[g];
          NA[g] += gn[g];
          if (gp[g] > 0) AP[g] += (gp[g] * PA[g]) / (PA[g] + NA[g]);
          gp[g] = 0;
          gn[g] = 0;
        }
      }
      j = end;
    }
    const fill = (
      r: number,
      w: number,
      pos: number,
      lossSum: number,
      brSum: number,
      spSum: number,
      tpv: number,
      fpv: number,
      aucNum: number,
      apNum: number,
      eceAbs: number,
    ) => {
      const N = w - pos;
      const FN = pos - tpv;
      res[r + 0] = div(w - fpv - FN, w);
      res[r + 1] = div(tpv, tpv + fpv);
      res[r + 2] = div(tpv, pos);
      res[r + 3] = div(2 * tpv, 2 * tpv + fpv + FN);
      res[r + 4] = pos > 0 && N > 0 ? aucNum / (pos * N) : NaN;
      res[r + 5] = div(apNum, pos);
      res[r + 6] = div(lossSum, w);
      res[r + 7] = div(brSum, w);
      res[r + 8] = div(eceAbs, w);
      res[r + 9] = w > 0 ? (spSum - pos) / w : NaN;
    };
    let tW = 0;
    let tP = 0;
    let tLL = 0;
    let tBR = 0;
    let tSP = 0;
    let tTP = 0;
    let tFP = 0;
    const eYall = new Float64Array(B);
    const ePall = new Float64Array(B);
    for (let g = 0; g < G; g++) {
      tW += W[g];
      tP += P[g];
      tLL += LL[g];
      tBR += BR[g];
      tSP += SP[g];
      tTP += TP[g];
      tFP += FP[g];
      let e = 0;
      for (let b = 0; b < B; b++) {
        e += Math.abs(eY[g * B + b] - eP[g * B + b]);
        eYall[b] += eY[g * B + b];
        ePall[b] += eP[g * B + b];
      }
      if (grouped && g < this.groups) fill((g + 1) * M, W[g], P[g], LL[g], BR[g], SP[g], TP[g], FP[g], AUC[g], AP[g], e);
    }
    let e = 0;
    for (let b = 0; b < B; b++) e += Math.abs(eYall[b] - ePall[b]);
    fill(0, tW, tP, tLL, tBR, tSP, tTP, tFP, auc, ap, e);
    return res;
  }

  /** Unweighted counts per group (n, positives), for minimum sizes. */
  sizes(): Array<{ n: number; positives: number }> {
    const out = Array.from({ length: this.groups + 1 }, () => ({ n: 0, positives: 0 }));
    for (let j = 0; j < this.n; j++) {
      out[0].n++;
      out[0].positives += this.ys[j];
      const g = this.code[j];
      if (g < this.groups) {
        out[g + 1].n++;
        out[g + 1].positives += this.ys[j];
      }
    }
    return out;
  }
}

/** Per sorted position: the clipped log loss and the internal bin (group x equal-width ECE bin). */
function rowTerms(ps: Float64Array, ys: Uint8Array, code: Int32Array, B: number, ll: Float64Array, bin: Int32Array): void {
  for (let j = 0; j < ps.length; j++) {
    const p = ps[j];
    const q = p < EPS ? EPS : p > 1 - EPS ? 1 - EPS : p;
    ll[j] = ys[j] ? -Math.log(q) : -Math.log(1 - q);
    bin[j] = code[j] * B + Math.min(B - 1, Math.floor(p * B));
  }
}

/** Binary metrics of one prediction set (no groups): name -> value (NaN = undefined). */
export function binaryMetrics(input: BinaryInput, opts: BinaryOptions): Record<BinaryMetric, number> {
  const e = new BinaryEngine({ ...input, group: null, groups: 0 }, opts);
  const r = e.evaluate();
  const out = {} as Record<BinaryMetric, number>;
  BINARY_METRICS.forEach((m, k) => (out[m] = r[k]));
  return out;
}

/** Weighted binary ROC AUC of (y, s) with mid-ranks for ties; NaN with one class only. */
export function rocAuc(y: ArrayLike<number>, s: ArrayLike<number>, w?: ArrayLike<number> | null, rows?: ArrayLike<number>): number {
  const idx = rows ? Array.from(rows) : Array.from({ length: y.length }, (_, i) => i);
  idx.sort((a, b) => s[b] - s[a]);
  let pa = 0;
  let na = 0;
  let num = 0;
  let j = 0;
  while (j < idx.length) {
    let gp = 0;
    let gn = 0;
    const v = s[idx[j]];
    while (j < idx.length && s[idx[j]] === v) {
      const i = idx[j];
      const wi = w ? w[i] : 1;
      if (y[i]) gp += wi;
      else gn += wi;
      j++;
    }
    num += gn * (pa + 0.5 * gp);
    pa += gp;
    na += gn;
  }
  return pa > 0 && na > 0 ? num / (pa * na) : NaN;
}

export interface MulticlassInput {
  /** Class index per row, 0..k-1. */
  y: Int32Array;
  k: number;
  /** Predicted class per row (argmax of the scores when scores are given and this is absent). */
  pred?: Int32Array | null;
  /** Row-major n x k class probabilities (optional: log_loss and roc_auc_ovr need them). */
  probs?: Float64Array | null;
  w?: Float64Array | null;
}

/** argmax per row (the first maximum, as numpy). */
export function argmaxRows(probs: Float64Array, n: number, k: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bv = probs[i * k];
    for (let c = 1; c < k; c++) {
      const v = probs[i * k + c];
      if (v > bv) {
        bv = v;
        best = c;
      }
    }
    out[i] = best;
  }
  return out;
}

/** Per-class true positives, support and predictions, the labels present, and the weighted totals and log loss. */
function multiclassCounts(
  input: MulticlassInput,
  pred: ArrayLike<number>,
  rows: ArrayLike<number> | null | undefined,
  mult: ArrayLike<number> | null | undefined,
) {
  const { y, k } = input;
  const n = y.length;
  const tp = new Float64Array(k);
  const support = new Float64Array(k);
  const predicted = new Float64Array(k);
  const present = new Uint8Array(k);
  let W = 0;
  let correct = 0;
  let ll = 0;
  const m = rows ? rows.length : n;
  for (let t = 0; t < m; t++) {
    const i = rows ? rows[t] : t;
    let w = mult ? mult[i] : 1;
    if (w === 0) continue;
    if (input.w) w *= input.w[i];
    const yi = y[i];
    const pi = pred[i];
    present[yi] = 1;
    present[pi] = 1;
    W += w;
    support[yi] += w;
    predicted[pi] += w;
    if (yi === pi) {
      tp[yi] += w;
      correct += w;
    }
    if (input.probs) {
      // sklearn: clip to [eps, 1-eps], then renormalise each row
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const q = input.probs[i * k + c];
        sum += q < EPS ? EPS : q > 1 - EPS ? 1 - EPS : q;
      }
      const q = input.probs[i * k + yi];
      ll += -w * Math.log((q < EPS ? EPS : q > 1 - EPS ? 1 - EPS : q) / sum);
    }
  }
  return { tp, support, predicted, present, W, correct, ll };
}

/** One-vs-rest roc_auc, macro average over classes (sklearn requires every class in y_true). */
function ovrAuc(
  input: MulticlassInput,
  probs: ArrayLike<number>,
  rows: ArrayLike<number> | null | undefined,
  mult: ArrayLike<number> | null | undefined,
): number {
  const { y, k } = input;
  const n = y.length;
  let s = 0;
  let ok = true;
  const sc = new Float64Array(n);
  const yb = new Uint8Array(n);
  const ww = new Float64Array(n);
  for (let c = 0; c < k && ok; c++) {
    for (let i = 0; i < n; i++) {
      sc[i] = probs[i * k + c];
      yb[i] = y[i] === c ? 1 : 0;
      ww[i] = (mult ? mult[i] : 1) * (input.w ? input.w[i] : 1);
    }
    const a = rocAuc(yb, sc, ww, rows ?? undefined);
    if (Number.isNaN(a)) ok = false;
    s += a;
  }
  return ok ? s / k : NaN;
}

/**
 * Multiclass metrics (sklearn: labels are those present in y_true or y_pred; macro averages over
 * them; weighted by support). `rowWeight(i)` gives the effective weight of row i (sample weight x
 * bootstrap multiplicity); `rows` restricts to a subset. An undefined per-class ratio makes its
 * macro average undefined (sklearn would silently use 0).
 */
export function multiclassMetrics(
  input: MulticlassInput,
  rows?: ArrayLike<number> | null,
  mult?: ArrayLike<number> | null,
): Record<MulticlassMetric, number> {
  const { y, k } = input;
  const n = y.length;
  const pred = input.pred ?? (input.probs ? argmaxRows(input.probs, n, k) : null);
  if (!pred) throw new Error('multiclass metrics need predicted labels or class scores');
  const { tp, support, predicted, present, W, correct, ll } = multiclassCounts(input, pred, rows, mult);
  const labels: number[] = [];
  for (let c = 0; c < k; c++) if (present[c]) labels.push(c);
  const avg = (f: (c: number) => number, weighted: boolean): number => {
    let s = 0;
    let ws = 0;
    for (const c of labels) {
      const wt = weighted ? support[c] : 1;
      if (wt === 0) continue;
      const v = f(c);
      if (Number.isNaN(v)) return NaN;
      s += wt * v;
      ws += wt;
    }
    return div(s, ws);
  };
  const prec = (c: number) => div(tp[c], predicted[c]);
  const rec = (c: number) => div(tp[c], support[c]);
  const f1 = (c: number) => div(2 * tp[c], predicted[c] + support[c]);
  const acc = div(correct, W);
  const auc = input.probs && W > 0 ? ovrAuc(input, input.probs, rows, mult) : NaN;
  return {
    accuracy: acc,
    precision_macro: avg(prec, false),
    precision_micro: acc,
    precision_weighted: avg(prec, true),
    recall_macro: avg(rec, false),
    recall_micro: acc,
    recall_weighted: avg(rec, true),
    f1_macro: avg(f1, false),
    f1_micro: acc,
    f1_weighted: avg(f1, true),
    log_loss: input.probs ? div(ll, W) : NaN,
    roc_auc_ovr: auc,
  };
}
