/**
 * Intervals of every binary metric (unweighted sets with scores), at any number of rows, in O(rows)
 * after one sort, without resampling: each metric's asymptotic variance is the variance of its
 * per-example influence values (the delta method: what the row bootstrap estimates), so a head - base
 * difference on the same rows has the variance of the per-row differences of the two models'
 * influence values. All of them are unconditional on the positive rate, as resampling rows is: the
 * label-stratified bootstrap held that rate fixed and made intervals of accuracy, precision, the
 * losses, calibration and prediction bias too narrow.
 *
 * Influence values (pi = positive rate, q = predicted-positive rate, yhat = predicted label):
 * accuracy 1[yhat = y] - acc; precision yhat (y - prec) / q; recall y (yhat - rec) / pi;
 * f1 (2 y yhat - f1 (y + yhat)) / (pi + q); log loss, Brier score and prediction bias: the per-row
 * value minus the mean; ECE sign(D_b) (p - y) - ece with D_b the signed gap of the row's bin;
 * average precision as derived in `apInfluence`. roc_auc uses DeLong's placement values (its
 * variance is conditional on the class sizes, as DeLong defines it).
 *
 * Single-set intervals stay in range (intervals.ts): Wilson for accuracy, precision and recall;
 * logit scale for f1, roc_auc (DeLong), average precision and the Brier score (a value of exactly 0
 * or 1 has no spread to transform: Wilson on the rows it is a share of); log scale for log loss;
 * prediction bias clipped to [-1, 1]; ECE bias-corrected per bin (`eceInterval`).
 */
import { chi2Sf } from './distance.js';
import { normalCdf } from './distributions.js';
import { EPS } from './classification.js';
import { aucInterval, clippedNormal, logitNormal, logNormal, seOfMean, zOf, type Bounds } from './intervals.js';
import { wilsonInterval } from './proportions.js';
import { chunk } from './chunks.js';

/** One group's rows: labels, scores, predicted labels, and the positions in descending score order. */
export interface BinaryView {
  y: Uint8Array;
  p: Float64Array;
  yhat: Uint8Array;
  ord: Int32Array;
}

export interface BinaryOpts {
  threshold: number;
  eceBins: number;
  confidence: number;
}

export interface ViewCounts {
  n: number;
  pos: number;
  pp: number;
  tp: number;
  correct: number;
}

const countsCache = new WeakMap<BinaryView, ViewCounts>();

/** Counts of one view: rows, positives, predicted positives, true positives, correct (computed once per view). */
export function countsOf(v: BinaryView): ViewCounts {
  const hit = countsCache.get(v);
  if (hit && hit.n === v.y.length) return hit;
  let pos = 0;
  let pp = 0;
  let tp = 0;
  let correct = 0;
  const { y, yhat } = v;
  for (let i = 0; i < y.length; i++) {
    const a = y[i];
    const b = yhat[i];
    pos += a;
    pp += b;
    tp += a & b;
    correct += a === b ? 1 : 0;
  }
  const c = { n: y.length, pos, pp, tp, correct };
  countsCache.set(v, c);
  return c;
}

const sortedCache = new WeakMap<BinaryView, { ps: Float64Array; ys: Uint8Array }>();

/** Record the view's scores and labels in `ord`'s order, when the caller already has them (no gather). */
export function setSorted(v: BinaryView, ps: Float64Array, ys: Uint8Array): void {
  sortedCache.set(v, { ps, ys });
}

/** The view's scores and labels in descending score order (gathered once per view). */
export function sortedOf(v: BinaryView): { ps: Float64Array; ys: Uint8Array } {
  const hit = sortedCache.get(v);
  if (hit && hit.ps.length === v.ord.length) return hit;
  const { y, p, ord } = v;
  const n = ord.length;
  const ps = new Float64Array(n);
  const ys = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const i = ord[k];
    ps[k] = p[i];
    ys[k] = y[i];
  }
  const r = { ps, ys };
  sortedCache.set(v, r);
  return r;
}

/**
 * Average precision's influence values. With C(t) = #{s >= t}, A(t) = #{positive, s >= t},
 * g = A / C (precision at the row's threshold), N = (1/n) sum_i y_i g(s_i), pi = n+/n and AP = N / pi,
 * the influence of row i on N is y_i g(s_i) - N + sum over positives j with s_j <= s_i of
 * (y_i / C_j - A_j / C_j^2); on AP it is (IF_N - AP (y_i - pi)) / pi. Ties share a threshold, as in
 * scikit-learn. False when there is no positive (AP undefined).
 */
export function apInfluence(v: BinaryView, out: Float64Array): boolean {
  const { ord } = v;
  const { ps, ys } = sortedOf(v);
  const npos = countsOf(v).pos;
  if (npos === 0) return false;
  const sumYG = apForward(ps, ys);
  apBackward(ps, ys, ord, npos, sumYG, out);
  return true;
}

// (each hot loop in a function of its own: optimized with the feedback of its whole body, so that no
// later loop starts in the interpreter after a deoptimization)

/** Forward over tie groups: C = rows so far (the group's exclusive end), A = positives so far; returns sum of y g. */
function apForward(ps: Float64Array, ys: Uint8Array): number {
  const n = ps.length;
  const st = new Float64Array(3); // j, pos, sumYG
  const rows = chunk.rows;
  apForwardBlock(ps, ys, 0, st); // (empty: see chunks.ts)
  while (st[0] < n) apForwardBlock(ps, ys, Math.min(n, st[0] + rows), st);
  return st[2];
}

/** apForward over the tie groups that start before `end` (the last may run past it). */
function apForwardBlock(ps: Float64Array, ys: Uint8Array, end: number, st: Float64Array): void {
  const n = ps.length;
  let j = st[0];
  let pos = st[1];
  let sumYG = st[2];
  while (j < end) {
    let e = j + 1;
    let gp = ys[j];
    if (e < n && ps[e] === ps[j]) {
      e = tieEnd(ps, j);
      gp = onesIn(ys, j, e);
    }
    pos += gp;
    sumYG += (gp * pos) / e;
    j = e;
  }
  st[0] = j;
  st[1] = pos;
  st[2] = sumYG;
}

/** apInfluence's values, backward over tie groups. */
function apBackward(ps: Float64Array, ys: Uint8Array, ord: Int32Array, npos: number, sumYG: number, out: Float64Array): void {
  const n = ps.length;
  const N = sumYG / n;
  const pi = npos / n;
  const AP = sumYG / npos;
  // backward: at a group [e + 1, j], C = j + 1 and A = npos - positives after the group
  const st = new Float64Array(4); // j, S1, S2, positives after
  st[0] = n - 1;
  const rows = chunk.rows;
  apBackwardBlock(ps, ys, ord, npos, N, pi, AP, n, st, out); // (empty)
  while (st[0] >= 0) apBackwardBlock(ps, ys, ord, npos, N, pi, AP, Math.max(0, st[0] - rows + 1), st, out);
}

/** apBackward over the tie groups that end at or above `stop` (the last may run below it). */
function apBackwardBlock(
  ps: Float64Array,
  ys: Uint8Array,
  ord: Int32Array,
  npos: number,
  N: number,
  pi: number,
  AP: number,
  stop: number,
  st: Float64Array,
  out: Float64Array,
): void {
  let j = st[0];
  let S1 = st[1];
  let S2 = st[2];
  let posAfter = st[3];
  while (j >= stop) {
    let e = j - 1;
    let gp = ys[j];
    if (e >= 0 && ps[e] === ps[j]) {
      e = tieStart(ps, j) - 1;
      gp = onesIn(ys, e + 1, j + 1);
    }
    const c = j + 1;
    const a = npos - posAfter;
    S1 += gp / c;
    S2 += (gp * a) / (c * c);
    const g = a / c;
    if (e === j - 1) {
      const yi = ys[j];
      out[ord[j]] = (yi * g - N + yi * S1 - S2 - AP * (yi - pi)) / pi;
    } else apGroup(ys, ord, e, j, g, N, S1, S2, AP, pi, out);
    posAfter += gp;
    j = e;
  }
  st[0] = j;
  st[1] = S1;
  st[2] = S2;
  st[3] = posAfter;
}

/** apBackward's values of a tie group (e, j]. */
function apGroup(
  ys: Uint8Array,
  ord: Int32Array,
  e: number,
  j: number,
  g: number,
  N: number,
  S1: number,
  S2: number,
  AP: number,
  pi: number,
  out: Float64Array,
): void {
  for (let k = j; k > e; k--) {
    const yi = ys[k];
    out[ord[k]] = (yi * g - N + yi * S1 - S2 - AP * (yi - pi)) / pi;
  }
}

// Tie groups are found by helpers, not by inner loops: a function optimized on entry at an inner loop
// (on-stack replacement) is deoptimized each time that loop exits.

/** End (exclusive) of the run of scores equal to ps[j], from j on. */
function tieEnd(ps: Float64Array, j: number): number {
  const v = ps[j];
  let e = j + 1;
  while (e < ps.length && ps[e] === v) e++;
  return e;
}

/** Start of the run of scores equal to ps[j], from j back. */
function tieStart(ps: Float64Array, j: number): number {
  const v = ps[j];
  let s = j;
  while (s > 0 && ps[s - 1] === v) s--;
  return s;
}

/** Ones in ys[s, e). */
function onesIn(ys: Uint8Array, s: number, e: number): number {
  let m = 0;
  for (let k = s; k < e; k++) m += ys[k];
  return m;
}

/** Bin of a score among `bins` equal-width bins on [0, 1] (1 falls in the last). */
const binOf = (p: number, bins: number) => Math.min(bins - 1, Math.floor(p * bins));

/** ECE's influence values before centring, sign(D_b) (p - y) with D_b the signed gap of the row's bin; returns their mean. */
function eceInfluence(v: BinaryView, bins: number, out: Float64Array): number {
  const { y, p } = v;
  const n = y.length;
  const D = new Float64Array(bins);
  binGaps(y, p, bins, D);
  return eceFill(y, p, bins, D, out) / n;
}

function binGaps(y: Uint8Array, p: Float64Array, bins: number, D: Float64Array): void {
  const n = y.length;
  const rows = chunk.rows;
  binGapsBlock(y, p, bins, D, 0, 0); // (empty)
  for (let a = 0; a < n; a += rows) binGapsBlock(y, p, bins, D, a, Math.min(n, a + rows));
}

function binGapsBlock(y: Uint8Array, p: Float64Array, bins: number, D: Float64Array, a: number, b: number): void {
  for (let i = a; i < b; i++) D[binOf(p[i], bins)] += p[i] - y[i];
}

function eceFill(y: Uint8Array, p: Float64Array, bins: number, D: Float64Array, out: Float64Array): number {
  const n = y.length;
  const st = new Float64Array(1);
  const rows = chunk.rows;
  eceFillBlock(y, p, bins, D, out, 0, 0, st); // (empty)
  for (let a = 0; a < n; a += rows) eceFillBlock(y, p, bins, D, out, a, Math.min(n, a + rows), st);
  return st[0];
}

function eceFillBlock(
  y: Uint8Array,
  p: Float64Array,
  bins: number,
  D: Float64Array,
  out: Float64Array,
  a: number,
  b: number,
  st: Float64Array,
): void {
  let s = st[0];
  for (let i = a; i < b; i++) {
    const x = Math.sign(D[binOf(p[i], bins)]) * (p[i] - y[i]);
    out[i] = x;
    s += x;
  }
  st[0] = s;
}

/**
 * Influence values of `metric` on the view's rows into `out` (centred: mean 0). False when the metric
 * is undefined there (a zero denominator), so it has no variance either.
 */
export function influenceInto(metric: string, v: BinaryView, bins: number, out: Float64Array): boolean {
  const m = influenceUncentred(metric, v, bins, out);
  if (m === null) return false;
  if (m !== 0) for (let i = 0; i < v.y.length; i++) out[i] -= m;
  return true;
}

/**
 * influenceInto without the last step: `out` receives values whose mean is the returned offset (0 for
 * the metrics whose values come centred), so that out[i] - offset is influenceInto's value to the bit
 * (the sum that gives the mean is taken while the values are written); null when undefined.
 */
export function influenceUncentred(metric: string, v: BinaryView, bins: number, out: Float64Array): number | null {
  const { y, p, yhat } = v;
  const n = y.length;
  if (n === 0) return null;
  const c = countsOf(v);
  const pi = c.pos / n;
  const q = c.pp / n;
  switch (metric) {
    case 'accuracy':
      countInf(0, y, yhat, c.correct / n, 0, out);
      return 0;
    case 'precision':
      if (c.pp === 0) return null;
      countInf(1, y, yhat, c.tp / c.pp, q, out);
      return 0;
    case 'recall':
      if (c.pos === 0) return null;
      countInf(2, y, yhat, c.tp / c.pos, pi, out);
      return 0;
    case 'f1':
      if (c.pos + c.pp === 0) return null;
      countInf(3, y, yhat, (2 * c.tp) / (c.pos + c.pp), pi + q, out);
      return 0;
    case 'average_precision':
      return apInfluence(v, out) ? 0 : null;
    case 'log_loss':
      return rowValues(0, y, p, out) / n;
    case 'brier_score':
      return rowValues(1, y, p, out) / n;
    case 'prediction_bias':
      return rowValues(2, y, p, out) / n;
    case 'ece':
      return eceInfluence(v, bins, out);
    default:
      return null;
  }
}

// The counting metrics' influence values: kind 0 accuracy (a = acc), 1 precision (a = prec, b = q),
// 2 recall (a = rec, b = pi), 3 f1 (a = f1, b = pi + q); block by block (chunks.ts).
function countInf(kind: number, y: Uint8Array, yhat: Uint8Array, a: number, b: number, out: Float64Array): void {
  const n = y.length;
  const rows = chunk.rows;
  for (let s = 0; s < n; s += rows) {
    const e = Math.min(n, s + rows);
    if (kind === 0) accuracyInf(y, yhat, a, out, s, e);
    else if (kind === 1) precisionInf(y, yhat, a, b, out, s, e);
    else if (kind === 2) recallInf(y, yhat, a, b, out, s, e);
    else f1Inf(y, yhat, a, b, out, s, e);
  }
}

function accuracyInf(y: Uint8Array, yhat: Uint8Array, acc: number, out: Float64Array, s: number, e: number): void {
  for (let i = s; i < e; i++) out[i] = (y[i] === yhat[i] ? 1 : 0) - acc;
}

function precisionInf(y: Uint8Array, yhat: Uint8Array, prec: number, q: number, out: Float64Array, s: number, e: number): void {
  for (let i = s; i < e; i++) out[i] = (yhat[i] * (y[i] - prec)) / q;
}

function recallInf(y: Uint8Array, yhat: Uint8Array, rec: number, pi: number, out: Float64Array, s: number, e: number): void {
  for (let i = s; i < e; i++) out[i] = (y[i] * (yhat[i] - rec)) / pi;
}

function f1Inf(y: Uint8Array, yhat: Uint8Array, f1: number, piq: number, out: Float64Array, s: number, e: number): void {
  for (let i = s; i < e; i++) out[i] = (2 * y[i] * yhat[i] - f1 * (y[i] + yhat[i])) / piq;
}

// Per-row values of the loss-like metrics into out, returning their sum: kind 0 log loss, 1 squared
// error, 2 error (score - label); block by block (chunks.ts).
function rowValues(kind: number, y: Uint8Array, p: Float64Array, out: Float64Array): number {
  const n = y.length;
  const st = new Float64Array(1);
  const rows = chunk.rows;
  // (an empty first call of each kernel: see chunks.ts)
  if (kind === 0) logLosses(y, p, out, 0, 0, st);
  else if (kind === 1) squaredErrors(y, p, out, 0, 0, st);
  else errors(y, p, out, 0, 0, st);
  for (let s = 0; s < n; s += rows) {
    const e = Math.min(n, s + rows);
    if (kind === 0) logLosses(y, p, out, s, e, st);
    else if (kind === 1) squaredErrors(y, p, out, s, e, st);
    else errors(y, p, out, s, e, st);
  }
  return st[0];
}

/** Per-row log losses of rows [a, b) into out; their sum added to st[0]. */
function logLosses(y: Uint8Array, p: Float64Array, out: Float64Array, a: number, b: number, st: Float64Array): void {
  let s = st[0];
  const lo = EPS;
  const hi = 1 - EPS;
  for (let i = a; i < b; i++) {
    const v = p[i];
    const r = v < lo ? lo : v > hi ? hi : v;
    // (one call site: -log(r) for a positive, -log(1 - r) for a negative, as before)
    const x = -Math.log(y[i] ? r : 1 - r);
    out[i] = x;
    s += x;
  }
  st[0] = s;
}

function squaredErrors(y: Uint8Array, p: Float64Array, out: Float64Array, a: number, b: number, st: Float64Array): void {
  let s = st[0];
  for (let i = a; i < b; i++) {
    const x = (p[i] - y[i]) * (p[i] - y[i]);
    out[i] = x;
    s += x;
  }
  st[0] = s;
}

function errors(y: Uint8Array, p: Float64Array, out: Float64Array, a: number, b: number, st: Float64Array): void {
  let s = st[0];
  for (let i = a; i < b; i++) {
    const x = p[i] - y[i];
    out[i] = x;
    s += x;
  }
  st[0] = s;
}

/**
 * DeLong placement values from a descending order: a positive gets the share of negatives scored
 * below it (ties count 1/2), a negative the share of positives scored above it (ties 1/2). AUC = mean
 * over positives; its variance var(V10) / m + var(V01) / n; for two models on the same rows, the same
 * formula on the per-row differences of their placements.
 */
export function placementsOf(
  y: Uint8Array,
  p: Float64Array,
  ord: Int32Array,
  sorted?: { ps: Float64Array; ys: Uint8Array },
  buf?: Float64Array,
): Placements {
  const n = y.length;
  let ps: Float64Array;
  let ys: Uint8Array;
  if (sorted) ({ ps, ys } = sorted);
  else {
    ps = new Float64Array(n);
    ys = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      ps[k] = p[ord[k]];
      ys[k] = y[ord[k]];
    }
  }
  const m = positives(ys);
  const nn = n - m;
  const pl = buf ? buf.subarray(0, n) : new Float64Array(n);
  const sum = placementsFill(ps, ys, ord, m, nn, pl);
  return { auc: m > 0 && nn > 0 ? sum / m : NaN, pl, m, nn };
}

/** Placements of a tie group [j, e). */
function placeGroup(ys: Uint8Array, ord: Int32Array, j: number, e: number, v10: number, v01: number, pl: Float64Array): void {
  for (let k = j; k < e; k++) pl[ord[k]] = ys[k] ? v10 : v01;
}

/** Count of ones. */
function positives(y: Uint8Array): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) m += y[i];
  return m;
}

/** placementsOf's values into pl (by row); returns the sum of the positives' placements. */
function placementsFill(ps: Float64Array, ys: Uint8Array, ord: Int32Array, m: number, nn: number, pl: Float64Array): number {
  const n = ps.length;
  const st = new Float64Array(4); // j, positives above, negatives above, sum
  // a class without rows: its divisor NaN, so the other class's placements are NaN (as x / NaN);
  // else the divisor is the count itself (no NaN constant in the loop: TurboFan boxes such a phi)
  const dm = m > 0 ? m : NaN;
  const dn = nn > 0 ? nn : NaN;
  const rows = chunk.rows;
  placementsBlock(ps, ys, ord, dm, nn, dn, pl, 0, st); // (empty: see chunks.ts)
  while (st[0] < n) placementsBlock(ps, ys, ord, dm, nn, dn, pl, Math.min(n, st[0] + rows), st);
  return st[3];
}

/** placementsFill over the tie groups that start before `end` (the last may run past it). */
function placementsBlock(
  ps: Float64Array,
  ys: Uint8Array,
  ord: Int32Array,
  dm: number,
  nn: number,
  dn: number,
  pl: Float64Array,
  end: number,
  st: Float64Array,
): void {
  const n = ps.length;
  let j = st[0];
  let posAbove = st[1];
  let negAbove = st[2];
  let sum = st[3];
  while (j < end) {
    let e = j + 1;
    let gp = ys[j];
    if (e < n && ps[e] === ps[j]) {
      e = tieEnd(ps, j);
      gp = onesIn(ys, j, e);
    }
    const gn = e - j - gp;
    const v10 = (nn - negAbove - 0.5 * gn) / dn;
    const v01 = (posAbove + 0.5 * gp) / dm;
    if (e === j + 1) pl[ord[j]] = ys[j] ? v10 : v01;
    else placeGroup(ys, ord, j, e, v10, v01, pl);
    sum += gp * v10;
    posAbove += gp;
    negAbove += gn;
    j = e;
  }
  st[0] = j;
  st[1] = posAbove;
  st[2] = negAbove;
  st[3] = sum;
}

export interface Placements {
  auc: number;
  pl: Float64Array;
  m: number;
  nn: number;
}

/** placementsOf on a view, from its cached sorted scores and labels; `buf` (at least the view's length) takes the placements. */
export const viewPlacements = (v: BinaryView, buf?: Float64Array): Placements => placementsOf(v.y, v.p, v.ord, sortedOf(v), buf);

/** DeLong variance of one AUC (b null) or of a - b (same rows): NaN with fewer than 2 rows in a class. */
export function delongVar(y: Uint8Array, a: Float64Array, b: Float64Array | null): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) m += y[i];
  const nn = y.length - m;
  if (m < 2 || nn < 2) return NaN;
  const v = [0, 0];
  const mu = [0, 0];
  for (let i = 0; i < y.length; i++) mu[y[i]] += b ? a[i] - b[i] : a[i];
  mu[1] /= m;
  mu[0] /= nn;
  for (let i = 0; i < y.length; i++) {
    const d = (b ? a[i] - b[i] : a[i]) - mu[y[i]];
    v[y[i]] += d * d;
  }
  return v[1] / (m - 1) / m + v[0] / (nn - 1) / nn;
}

/**
 * delongVar(y, a, null), delongVar(y, b, null) and delongVar(y, a, b) in two passes instead of six; each
 * sum sees the same additions in the same order, so the results are delongVar's to the bit.
 */
export function delongVar3(y: Uint8Array, a: Float64Array, b: Float64Array): { a: number; b: number; d: number } {
  const n = y.length;
  const m = positives(y);
  const nn = n - m;
  if (m < 2 || nn < 2) return { a: NaN, b: NaN, d: NaN };
  const t = new Float64Array(6);
  delongSums(y, a, b, t);
  t[0] /= m;
  t[1] /= m;
  t[2] /= m;
  t[3] /= nn;
  t[4] /= nn;
  t[5] /= nn;
  const v = new Float64Array(6);
  delongSquares(y, a, b, t, v);
  return {
    a: v[0] / (m - 1) / m + v[3] / (nn - 1) / nn,
    b: v[1] / (m - 1) / m + v[4] / (nn - 1) / nn,
    d: v[2] / (m - 1) / m + v[5] / (nn - 1) / nn,
  };
}

/** Per class (t[0..2]: positives, t[3..5]: negatives) the sums of a, b and a - b. */
function delongSums(y: Uint8Array, a: Float64Array, b: Float64Array, t: Float64Array): void {
  const n = y.length;
  const rows = chunk.rows;
  t.fill(0);
  delongSumsBlock(y, a, b, t, 0, 0); // (empty: see chunks.ts)
  for (let s = 0; s < n; s += rows) delongSumsBlock(y, a, b, t, s, Math.min(n, s + rows));
}

/** delongSums over rows [s, e), added to t. */
function delongSumsBlock(y: Uint8Array, a: Float64Array, b: Float64Array, t: Float64Array, s: number, e: number): void {
  let a1 = t[0];
  let b1 = t[1];
  let d1 = t[2];
  let a0 = t[3];
  let b0 = t[4];
  let d0 = t[5];
  for (let i = s; i < e; i++) {
    const x = a[i];
    const z = b[i];
    if (y[i]) {
      a1 += x;
      b1 += z;
      d1 += x - z;
    } else {
      a0 += x;
      b0 += z;
      d0 += x - z;
    }
  }
  t[0] = a1;
  t[1] = b1;
  t[2] = d1;
  t[3] = a0;
  t[4] = b0;
  t[5] = d0;
}

/** Per class the sums of squared deviations from the class means mu (laid out as delongSums'). */
function delongSquares(y: Uint8Array, a: Float64Array, b: Float64Array, mu: Float64Array, v: Float64Array): void {
  const n = y.length;
  const rows = chunk.rows;
  v.fill(0);
  delongSquaresBlock(y, a, b, mu, v, 0, 0); // (empty)
  for (let s = 0; s < n; s += rows) delongSquaresBlock(y, a, b, mu, v, s, Math.min(n, s + rows));
}

/** delongSquares over rows [s, e), added to v. */
function delongSquaresBlock(
  y: Uint8Array,
  a: Float64Array,
  b: Float64Array,
  mu: Float64Array,
  v: Float64Array,
  s: number,
  e: number,
): void {
  const a1 = mu[0];
  const b1 = mu[1];
  const d1 = mu[2];
  const a0 = mu[3];
  const b0 = mu[4];
  const d0 = mu[5];
  let va1 = v[0];
  let vb1 = v[1];
  let vd1 = v[2];
  let va0 = v[3];
  let vb0 = v[4];
  let vd0 = v[5];
  for (let i = s; i < e; i++) {
    const x = a[i];
    const z = b[i];
    if (y[i]) {
      const da = x - a1;
      const db = z - b1;
      const dd = x - z - d1;
      va1 += da * da;
      vb1 += db * db;
      vd1 += dd * dd;
    } else {
      const da = x - a0;
      const db = z - b0;
      const dd = x - z - d0;
      va0 += da * da;
      vb0 += db * db;
      vd0 += dd * dd;
    }
  }
  v[0] = va1;
  v[1] = vb1;
  v[2] = vd1;
  v[3] = va0;
  v[4] = vb0;
  v[5] = vd0;
}

/** E|X| for X ~ N(mu, s^2). */
function meanAbsNormal(mu: number, s: number): number {
  if (!(s > 0)) return Math.abs(mu);
  const r = mu / s;
  return s * Math.sqrt(2 / Math.PI) * Math.exp(-0.5 * r * r) + mu * (1 - 2 * normalCdf(-r));
}

/**
 * ECE interval. The plug-in ECE = sum_b |g_b| (g_b = mean of (p - y) 1[row in bin b]) is biased
 * upward: a bin whose true gap is 0 still shows |noise|. Per bin, with s_b the standard error of g_b,
 * the bias E|N(g, s^2)| - |g| is estimated at g = g_b and removed (one step); the interval is the
 * corrected sum +- z sqrt(sum s_b^2), clipped to [0, 1]. Its lower bound is 0 when a calibration test
 * does not reject: the Hosmer-Lemeshow statistic with the scores taken as given,
 * sum_b (sum (y - p))^2 / sum p (1 - p), chi-squared with one degree of freedom per non-empty bin.
 * The interval targets the population ECE, so it may lie below the (biased) plug-in value.
 */
export function eceInterval(v: BinaryView, bins: number, confidence: number): { bounds: Bounds; se: number } | null {
  const n = v.y.length;
  if (n < 2) return null;
  const S = new Float64Array(bins);
  const Q = new Float64Array(bins);
  const V = new Float64Array(bins);
  binMoments(v.y, v.p, bins, S, Q, V);
  let corrected = 0;
  let variance = 0;
  let hl = 0;
  let df = 0;
  for (let b = 0; b < bins; b++) {
    const g = S[b] / n;
    const s2 = Math.max(0, Q[b] / n - g * g) / n;
    corrected += 2 * Math.abs(g) - meanAbsNormal(Math.abs(g), Math.sqrt(s2));
    variance += s2;
    if (V[b] > 0) {
      hl += (S[b] * S[b]) / V[b];
      df++;
    }
  }
  const z = zOf(confidence);
  const sd = Math.sqrt(variance);
  const calibrated = df > 0 && chi2Sf(hl, df) > 1 - confidence;
  const lo = calibrated ? 0 : Math.min(1, Math.max(0, corrected - z * sd));
  const hi = Math.min(1, Math.max(lo, corrected + z * sd));
  return { bounds: { lo, hi }, se: sd };
}

/** Per bin: sum of p - y, of its square, and of p (1 - p). */
function binMoments(y: Uint8Array, p: Float64Array, bins: number, S: Float64Array, Q: Float64Array, V: Float64Array): void {
  const n = y.length;
  const rows = chunk.rows;
  binMomentsBlock(y, p, bins, S, Q, V, 0, 0); // (empty)
  for (let s = 0; s < n; s += rows) binMomentsBlock(y, p, bins, S, Q, V, s, Math.min(n, s + rows));
}

function binMomentsBlock(
  y: Uint8Array,
  p: Float64Array,
  bins: number,
  S: Float64Array,
  Q: Float64Array,
  V: Float64Array,
  s: number,
  e: number,
): void {
  for (let i = s; i < e; i++) {
    const b = binOf(p[i], bins);
    const d = p[i] - y[i];
    S[b] += d;
    Q[b] += d * d;
    V[b] += p[i] * (1 - p[i]);
  }
}

/** A single-set interval of one metric on one view, with the standard error it came from. */
export interface SingleInterval {
  bounds: Bounds | null;
  se: number;
}

/**
 * What a caller already computed for one metric on one view: `inf` = influenceInto's result, with the
 * values in the `buf` passed along; `pl` = the view's placements (roc_auc). Computed once, they serve
 * the single interval and the paired standard error alike.
 */
export interface Precomputed {
  inf?: boolean;
  /** seOfMean of those influence values. */
  se?: number;
  pl?: Placements;
  /** delongVar of those placements (roc_auc). */
  dv?: number;
}

/**
 * seOfMean(a), seOfMean(b) and seOfMean(a, b) in two passes over both arrays instead of six; each
 * sum sees the same additions in the same order, so the results are seOfMean's to the bit. With
 * offsets: of a[i] - offA and b[i] - offB (x - 0 is x, so the default changes nothing).
 */
export function seOfMeans3(a: Float64Array, b: Float64Array, offA = 0, offB = 0): { a: number; b: number; d: number } {
  const n = a.length;
  if (n < 2) return { a: NaN, b: NaN, d: NaN };
  const t = new Float64Array(3);
  sums3(a, b, offA, offB, t);
  t[0] /= n;
  t[1] /= n;
  t[2] /= n;
  squares3(a, b, offA, offB, t);
  return { a: Math.sqrt(t[0] / (n - 1) / n), b: Math.sqrt(t[1] / (n - 1) / n), d: Math.sqrt(t[2] / (n - 1) / n) };
}

/** Sums of a - offA, b - offB and their differences into t. */
function sums3(a: Float64Array, b: Float64Array, offA: number, offB: number, t: Float64Array): void {
  const n = a.length;
  const rows = chunk.rows;
  t.fill(0);
  sums3Block(a, b, offA, offB, t, 0, 0); // (empty: see chunks.ts)
  for (let s = 0; s < n; s += rows) sums3Block(a, b, offA, offB, t, s, Math.min(n, s + rows));
}

/** sums3 over [s, e), added to t. */
function sums3Block(a: Float64Array, b: Float64Array, offA: number, offB: number, t: Float64Array, s: number, e: number): void {
  let ma = t[0];
  let mb = t[1];
  let md = t[2];
  for (let i = s; i < e; i++) {
    const x = a[i] - offA;
    const y = b[i] - offB;
    ma += x;
    mb += y;
    md += x - y;
  }
  t[0] = ma;
  t[1] = mb;
  t[2] = md;
}

/** Sums of squared deviations from the means in t (replaced by the sums). */
function squares3(a: Float64Array, b: Float64Array, offA: number, offB: number, t: Float64Array): void {
  const n = a.length;
  const rows = chunk.rows;
  const mu = t.slice();
  t.fill(0);
  squares3Block(a, b, offA, offB, mu, t, 0, 0); // (empty)
  for (let s = 0; s < n; s += rows) squares3Block(a, b, offA, offB, mu, t, s, Math.min(n, s + rows));
}

/** squares3 over [s, e): squared deviations from the means mu, added to t. */
function squares3Block(
  a: Float64Array,
  b: Float64Array,
  offA: number,
  offB: number,
  mu: Float64Array,
  t: Float64Array,
  s: number,
  e: number,
): void {
  const ma = mu[0];
  const mb = mu[1];
  const md = mu[2];
  let sa = t[0];
  let sb = t[1];
  let sd = t[2];
  for (let i = s; i < e; i++) {
    const x = a[i] - offA;
    const y = b[i] - offB;
    const da = x - ma;
    const db = y - mb;
    const dd = x - y - md;
    sa += da * da;
    sb += db * db;
    sd += dd * dd;
  }
  t[0] = sa;
  t[1] = sb;
  t[2] = sd;
}

/** Whether singleInterval of `metric` reads influence values (the others are Wilson, DeLong or ECE's own). */
export const singleUsesInfluence = (metric: string): boolean =>
  metric !== 'accuracy' && metric !== 'precision' && metric !== 'recall' && metric !== 'roc_auc' && metric !== 'ece';

/** Interval of `metric` (value `v0`, from the engine) on the view; `buf` is scratch of the view's length (or holds `pre.inf`'s values). */
export function singleInterval(
  metric: string,
  v0: number,
  view: BinaryView,
  o: BinaryOpts,
  buf: Float64Array,
  pre: Precomputed = {},
): SingleInterval {
  const z = zOf(o.confidence);
  const c = countsOf(view);
  const wilson = (k: number, m: number): SingleInterval => {
    if (m === 0) return { bounds: null, se: NaN };
    const w = wilsonInterval(k, m, o.confidence);
    const r = k / m;
    return { bounds: { lo: w.lo, hi: w.hi }, se: Math.sqrt((r * (1 - r)) / m) };
  };
  if (metric === 'accuracy') return wilson(c.correct, c.n);
  if (metric === 'precision') return wilson(c.tp, c.pp);
  if (metric === 'recall') return wilson(c.tp, c.pos);
  if (metric === 'roc_auc') {
    const pl = pre.pl ?? viewPlacements(view);
    const variance = pre.dv ?? delongVar(view.y, pl.pl, null);
    return { bounds: aucInterval(pl.auc, variance, z, pl.m, pl.nn, o.confidence), se: Math.sqrt(variance) };
  }
  if (metric === 'ece') {
    const e = eceInterval(view, o.eceBins, o.confidence);
    return e ? { bounds: e.bounds, se: e.se } : { bounds: null, se: NaN };
  }
  const x = buf.subarray(0, view.y.length);
  if (Number.isNaN(v0) || !(pre.inf ?? influenceInto(metric, view, o.eceBins, x))) return { bounds: null, se: NaN };
  const se = pre.se ?? seOfMean(x);
  if (metric === 'log_loss') return { bounds: logNormal(v0, se, z), se };
  if (metric === 'prediction_bias') return { bounds: clippedNormal(v0, se, z, -1, 1), se };
  if (v0 === 0 || v0 === 1) {
    // no spread to put on the logit scale: Wilson with the rows the value is a share of
    const m = metric === 'f1' ? (c.pos + c.pp) / 2 : metric === 'average_precision' ? c.pos : c.n;
    return { bounds: wilson(v0 * m, m).bounds, se };
  }
  return { bounds: logitNormal(v0, se, z), se };
}

/** Method of each single-set interval (`pct`: the confidence in percent). */
export function singleMethod(metric: string, pct: number, bins: number): string {
  switch (metric) {
    case 'accuracy':
      return `Wilson score ${pct}%`;
    case 'precision':
      return `Wilson score ${pct}% (true positives of predicted positives)`;
    case 'recall':
      return `Wilson score ${pct}% (true positives of positives)`;
    case 'roc_auc':
      return `DeLong ${pct}%, logit scale`;
    case 'log_loss':
      return `normal ${pct}%, log scale (per-example log losses)`;
    case 'brier_score':
      return `normal ${pct}%, logit scale (per-example squared errors)`;
    case 'prediction_bias':
      return `normal ${pct}% (per-example score - label), clipped to [-1, 1]`;
    case 'ece':
      return `bias-corrected normal ${pct}% over ${bins} bins; lower bound 0 when the Hosmer-Lemeshow test over the bins does not reject at ${100 - pct}%`;
    default:
      return `normal ${pct}%, logit scale (delta method: per-example influence values)`;
  }
}

/** Method of a head - base standard error. */
export function deltaMethod(metric: string, paired: boolean): string {
  if (metric === 'roc_auc') return paired ? 'DeLong paired' : 'DeLong independent';
  if (metric === 'accuracy')
    return paired ? 'paired difference of proportions (Wald, from discordant pairs)' : 'independent difference of proportions (Wald)';
  const what =
    metric === 'log_loss'
      ? 'per-example log losses'
      : metric === 'brier_score'
        ? 'per-example squared errors'
        : metric === 'prediction_bias'
          ? 'per-example score - label'
          : 'delta method, per-example influence values';
  return paired ? `normal, ${what} (paired: per-row head - base)` : `normal, ${what} (independent samples)`;
}

/**
 * Standard error of head - base on the same rows (both views share y and the row order of y).
 * `pre`: head's and base's influence values already in bufH / bufB (okH, okB) or placements.
 */
export function pairedDeltaSe(
  metric: string,
  h: BinaryView,
  b: BinaryView,
  bins: number,
  bufH: Float64Array,
  bufB: Float64Array,
  pre: { okH?: boolean; okB?: boolean; plH?: Placements; plB?: Placements; se?: number; dv?: number } = {},
): number {
  if (metric === 'roc_auc') {
    if (pre.dv !== undefined) return Math.sqrt(pre.dv);
    const ph = pre.plH ?? viewPlacements(h);
    const pb = pre.plB ?? viewPlacements(b);
    return Math.sqrt(delongVar(h.y, ph.pl, pb.pl));
  }
  const n = h.y.length;
  const xh = bufH.subarray(0, n);
  const xb = bufB.subarray(0, n);
  if (!(pre.okH ?? influenceInto(metric, h, bins, xh)) || !(pre.okB ?? influenceInto(metric, b, bins, xb))) return NaN;
  return pre.se ?? seOfMean(xh, xb);
}

/** McNemar's discordant counts of two models on the same rows: b = base right and head wrong, c = the reverse. */
export function discordant(h: BinaryView, b: BinaryView): { b: number; c: number } {
  let nb = 0;
  let nc = 0;
  for (let i = 0; i < h.y.length; i++) {
    const hr = h.yhat[i] === h.y[i];
    const br = b.yhat[i] === b.y[i];
    if (br && !hr) nb++;
    else if (hr && !br) nc++;
  }
  return { b: nb, c: nc };
}
