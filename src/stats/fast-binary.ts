/**
 * Intervals for large binary prediction sets (n >= LARGE_N rows, unweighted, with scores), without
 * scanning every row once per resample. The row bootstrap costs O(rows x resamples) (417 s for two
 * models x 1M rows x 1000 resamples); here every figure costs O(rows) once, plus O(categories) per
 * resample:
 *
 * - accuracy, precision, recall, f1 (overall and per slice): the stratified row bootstrap, run on
 *   category counts. These metrics depend on a resample only through how many rows of each
 *   (label, slice, predicted by head, predicted by base) category it holds; drawing n_y rows with
 *   replacement from label stratum y gives those counts a Multinomial(n_y; c_k / n_y) law, drawn
 *   exactly by sequential binomials (sampling.ts). Same resampling distribution as the row
 *   bootstrap, so the percentile interval and the p-values keep their meaning.
 * - log_loss, brier_score, prediction_bias: means of per-row values; normal interval from the mean
 *   and the variance of the per-row values (paired: of the per-row head - base differences).
 * - ece and average_precision: normal interval by the delta method (their influence values are
 *   per-row quantities computed in O(rows) after one sort; the variance of a mean of influence
 *   values is the asymptotic variance, the one the bootstrap estimates). ECE uses
 *   psi_i = sign(D_b(i)) (p_i - y_i) with D_b the signed calibration gap of row i's bin.
 *   Average precision AP = E[Y g(S)] / E[Y] with g(t) = precision at threshold t; its influence
 *   value is derived in `psiOf` below.
 * - roc_auc: DeLong (paired when the ids match), as for the overall row.
 * - slices with fewer than LARGE_N rows: the non-count metrics keep the row bootstrap, run on the
 *   slice's rows only (stratified by label within the slice): cheap because the slice is small.
 */
import type { GroupColumn, ModelData } from './model-data.js';
import { bootstrap, strataOf } from './bootstrap.js';
import { BINARY_METRICS, BinaryEngine, EPS } from './classification.js';
import { Rng } from './rng.js';
import { multinomialInto } from './sampling.js';
import { argsort } from './sort.js';

/** Sets (and slices) at least this large use the O(rows) intervals above. */
export const LARGE_N = 20_000;

export const COUNT_METRICS = ['accuracy', 'precision', 'recall', 'f1'] as const;
/** Metrics with a normal (per-row values or delta-method) interval at n >= LARGE_N. */
export const NORMAL_METRICS = ['log_loss', 'brier_score', 'prediction_bias', 'ece', 'average_precision'] as const;

export interface FastSettings {
  threshold: number;
  eceBins: number;
  confidence: number;
  resamples: number;
  seed: number;
}

/** Uncertainty of one (group row, metric) cell. */
export type FastCell =
  | { kind: 'boot'; hs: Float64Array; bs: Float64Array | null; ds: Float64Array | null; method: string }
  | { kind: 'normal'; seH: number; seB: number; seD: number; method: string };

export interface Side {
  y: Uint8Array;
  p: Float64Array;
  /** Group per row: 0..groups-1, or -1 for none. */
  code: Int32Array | null;
  groups: number;
}

/** A prediction set the fast path can serve. */
export function fastEligible(pred: ModelData): boolean {
  return pred.task === 'binary' && pred.score !== null && pred.weight === null && pred.n >= LARGE_N;
}

export function sideOf(pred: ModelData, grouping: GroupColumn | null): Side {
  return { y: pred.y as Uint8Array, p: pred.score!, code: grouping ? grouping.codes : null, groups: grouping ? grouping.values.length : 0 };
}

/**
 * Paired view of base: base row baseRow[i] moved to position i; null when a pair has different
 * labels or falls in a different slice (then the caller keeps the row bootstrap).
 */
export function alignBase(head: Side, base: Side, headNames: string[], baseNames: string[], baseRow: Int32Array): Side | null {
  const n = head.y.length;
  const p = new Float64Array(n);
  const map = Int32Array.from(baseNames, (v) => headNames.indexOf(v));
  for (let i = 0; i < n; i++) {
    const j = baseRow[i];
    if (base.y[j] !== head.y[i]) return null;
    if (head.code) {
      const bc = base.code ? base.code[j] : -1;
      const mapped = bc < 0 ? -1 : map[bc];
      if (mapped !== head.code[i]) return null;
    }
    p[i] = base.p[j];
  }
  return { y: head.y, p, code: head.code, groups: head.groups };
}

const pctOf = (s: FastSettings) => Math.round(s.confidence * 100);

function predicted(p: Float64Array, threshold: number): Uint8Array {
  const out = new Uint8Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = p[i] >= threshold ? 1 : 0;
  return out;
}

/**
 * Stratified (by label) bootstrap of the count metrics of K = preds.length models scored on the same
 * rows, on category counts. Returns [model][groupRow * 4 + countMetric] -> samples.
 */
export function countBootstrap(
  y: Uint8Array,
  code: Int32Array | null,
  groups: number,
  preds: Uint8Array[],
  resamples: number,
  seed: number,
): Float64Array[][] {
  const K = preds.length;
  const Gi = groups + 1; // internal: last = no group
  const C = Gi << K; // categories per stratum
  const sizes = [new Float64Array(C), new Float64Array(C)];
  for (let i = 0; i < y.length; i++) {
    const g = code && code[i] >= 0 ? code[i] : groups;
    let c = g << K;
    for (let k = 0; k < K; k++) c |= preds[k][i] << k;
    sizes[y[i]][c]++;
  }
  const totals = sizes.map((s) => s.reduce((a, b) => a + b, 0));
  const R = groups + 1; // output rows: 0 overall, g + 1
  const out = Array.from({ length: K }, () => Array.from({ length: R * 4 }, () => new Float64Array(resamples)));
  const rng = new Rng(seed);
  const draw = [new Float64Array(C), new Float64Array(C)];
  const TP = new Float64Array(Gi);
  const FP = new Float64Array(Gi);
  const FN = new Float64Array(Gi);
  const TN = new Float64Array(Gi);
  for (let b = 0; b < resamples; b++) {
    for (let s = 0; s < 2; s++) if (totals[s] > 0) multinomialInto(rng, totals[s], sizes[s], draw[s]);
    for (let k = 0; k < K; k++) {
      TP.fill(0);
      FP.fill(0);
      FN.fill(0);
      TN.fill(0);
      for (let c = 0; c < C; c++) {
        const g = c >> K;
        const pr = (c >> k) & 1;
        const neg = totals[0] > 0 ? draw[0][c] : 0;
        const pos = totals[1] > 0 ? draw[1][c] : 0;
        if (pr) {
          TP[g] += pos;
          FP[g] += neg;
        } else {
          FN[g] += pos;
          TN[g] += neg;
        }
      }
      const o = out[k];
      const put = (r: number, tp: number, fp: number, fn: number, tn: number) => {
        const w = tp + fp + fn + tn;
        o[r * 4][b] = w > 0 ? (tp + tn) / w : NaN;
        o[r * 4 + 1][b] = tp + fp > 0 ? tp / (tp + fp) : NaN;
        o[r * 4 + 2][b] = tp + fn > 0 ? tp / (tp + fn) : NaN;
        o[r * 4 + 3][b] = 2 * tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : NaN;
      };
      let a = 0;
      let f = 0;
      let m = 0;
      let t = 0;
      for (let g = 0; g < Gi; g++) {
        a += TP[g];
        f += FP[g];
        m += FN[g];
        t += TN[g];
        if (g < groups) put(g + 1, TP[g], FP[g], FN[g], TN[g]);
      }
      put(0, a, f, m, t);
    }
  }
  return out;
}

/**
 * Per-row values whose mean's variance is the variance of each normal-interval metric, on one set
 * of rows (`ord`: positions sorted by descending score). Order: NORMAL_METRICS.
 *
 * Average precision: with C(t) = #{s >= t}, A(t) = #{positive, s >= t}, g = A / C (precision at
 * the row's threshold), N = (1/n) sum_i y_i g(s_i), pi = n+/n and AP = N / pi, the influence of row
 * i on N is y_i g(s_i) - N + sum over positives j with s_j <= s_i of (y_i / C_j - A_j / C_j^2);
 * on AP it is (IF_N - AP (y_i - pi)) / pi (quotient rule). Ties share a threshold, as in sklearn.
 */
export function psiOf(y: Uint8Array, p: Float64Array, ord: Int32Array, eceBins: number): Float64Array[] {
  const n = y.length;
  const ll = new Float64Array(n);
  const br = new Float64Array(n);
  const bias = new Float64Array(n);
  const ece = new Float64Array(n);
  const ap = new Float64Array(n);
  const D = new Float64Array(eceBins);
  let npos = 0;
  for (let i = 0; i < n; i++) {
    const pi = p[i];
    const yi = y[i];
    const q = pi < EPS ? EPS : pi > 1 - EPS ? 1 - EPS : pi;
    ll[i] = yi ? -Math.log(q) : -Math.log(1 - q);
    br[i] = (pi - yi) * (pi - yi);
    bias[i] = pi - yi;
    D[Math.min(eceBins - 1, Math.floor(pi * eceBins))] += pi - yi;
    npos += yi;
  }
  for (let i = 0; i < n; i++) ece[i] = Math.sign(D[Math.min(eceBins - 1, Math.floor(p[i] * eceBins))]) * (p[i] - y[i]);
  if (npos === 0) ap.fill(NaN);
  else {
    // descending pass: C and A at the end of each tie group, precision per row
    const cntAt = new Float64Array(n);
    const posAt = new Float64Array(n);
    // gather once into sorted order: the passes below then read sequentially
    const ps = new Float64Array(n);
    const ys = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      ps[k] = p[ord[k]];
      ys[k] = y[ord[k]];
    }
    let cnt = 0;
    let pos = 0;
    let sumYG = 0;
    let j = 0;
    while (j < n) {
      let e = j;
      let gp = 0;
      while (e < n && ps[e] === ps[j]) gp += ys[e++];
      cnt += e - j;
      pos += gp;
      for (let k = j; k < e; k++) {
        cntAt[k] = cnt;
        posAt[k] = pos;
      }
      sumYG += (gp * pos) / cnt;
      j = e;
    }
    const N = sumYG / n;
    const pi = npos / n;
    const AP = sumYG / npos;
    // ascending pass: S1 = sum 1/C_j, S2 = sum A_j/C_j^2 over positives j with s_j <= s_i
    let S1 = 0;
    let S2 = 0;
    j = n - 1;
    while (j >= 0) {
      let e = j;
      let gp = 0;
      while (e >= 0 && ps[e] === ps[j]) gp += ys[e--];
      const c = cntAt[j];
      const a = posAt[j];
      S1 += gp / c;
      S2 += (gp * a) / (c * c);
      const g = a / c;
      for (let k = j; k > e; k--) {
        const yi = ys[k];
        const ifN = yi * g - N + yi * S1 - S2;
        ap[ord[k]] = (ifN - AP * (yi - pi)) / pi;
      }
      j = e;
    }
  }
  return [ll, br, bias, ece, ap];
}

/**
 * DeLong placement value per row from a descending order (local indices): a positive gets the share
 * of negatives scored below it (ties 1/2), a negative the share of positives scored above it (ties
 * 1/2). AUC = mean over positives; DeLong's variance = var(V10)/m + var(V01)/n, and for two models on
 * the same rows the variance of the per-row differences within each class (same formula as paired.ts).
 */
export function placementsOf(y: Uint8Array, p: Float64Array, ord: Int32Array): { auc: number; pl: Float64Array; m: number; nn: number } {
  const n = y.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += y[i];
  const nn = n - m;
  const pl = new Float64Array(n);
  let posAbove = 0;
  let negAbove = 0;
  let sum = 0;
  let j = 0;
  // gather once into sorted order (sequential passes after one random read)
  const ps = new Float64Array(n);
  const ys = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    ps[k] = p[ord[k]];
    ys[k] = y[ord[k]];
  }
  while (j < n) {
    let e = j;
    let gp = 0;
    const v = ps[j];
    while (e < n && ps[e] === v) gp += ys[e++];
    const gn = e - j - gp;
    const v10 = nn > 0 ? (nn - negAbove - 0.5 * gn) / nn : NaN;
    const v01 = m > 0 ? (posAbove + 0.5 * gp) / m : NaN;
    for (let k = j; k < e; k++) pl[ord[k]] = ys[k] ? v10 : v01;
    sum += gp * v10;
    posAbove += gp;
    negAbove += gn;
    j = e;
  }
  return { auc: m > 0 && nn > 0 ? sum / m : NaN, pl, m, nn };
}

/** DeLong variance of one AUC (b null) or of head - base (same rows): NaN with < 2 rows in a class. */
function delongVar(y: Uint8Array, a: Float64Array, b: Float64Array | null): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) m += y[i];
  const nn = y.length - m;
  if (m < 2 || nn < 2) return NaN;
  const v = [0, 0];
  const mean = [0, 0];
  for (let i = 0; i < y.length; i++) mean[y[i]] += b ? a[i] - b[i] : a[i];
  mean[1] /= m;
  mean[0] /= nn;
  for (let i = 0; i < y.length; i++) {
    const d = (b ? a[i] - b[i] : a[i]) - mean[y[i]];
    v[y[i]] += d * d;
  }
  return v[1] / (m - 1) / m + v[0] / (nn - 1) / nn;
}

/** Standard error of the mean of `a` (or of a - b), over all its rows; NaN below 2 rows. */
function seOfMean(a: Float64Array, b: Float64Array | null = null): number {
  const n = a.length;
  if (n < 2) return NaN;
  let m = 0;
  for (let i = 0; i < n; i++) m += b ? a[i] - b[i] : a[i];
  m /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = (b ? a[i] - b[i] : a[i]) - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1) / n);
}

/** Rows of each group row (0 = all rows, g + 1 = group g), as positions. */
function rowsOf(side: Side): Int32Array[] {
  const all = Int32Array.from({ length: side.y.length }, (_, i) => i);
  if (!side.code || side.groups === 0) return [all];
  const k = side.groups;
  const groups = strataOf(
    Int32Array.from(side.code, (c) => (c >= 0 && c < k ? c : -1)),
    k,
  );
  // strataOf drops empty groups: rebuild by code so index g stays group g
  const byCode: Int32Array[] = Array.from({ length: k }, () => new Int32Array(0));
  for (const rows of groups) byCode[side.code[rows[0]]] = rows;
  return [all, ...byCode];
}

function subset<T extends Float64Array | Uint8Array>(a: T, rows: Int32Array): T {
  const out = new (a.constructor as { new (n: number): T })(rows.length);
  for (let t = 0; t < rows.length; t++) out[t] = a[rows[t]];
  return out;
}

/** Descending-score order of the positions in `rows`, as local indices (filters one global order). */
function localOrder(globalOrd: Int32Array, rows: Int32Array, n: number): Int32Array {
  if (rows.length === n) return globalOrd;
  const loc = new Int32Array(n).fill(-1);
  for (let t = 0; t < rows.length; t++) loc[rows[t]] = t;
  const out = new Int32Array(rows.length);
  let k = 0;
  for (let j = 0; j < n; j++) {
    const l = loc[globalOrd[j]];
    if (l >= 0) out[k++] = l;
  }
  return out;
}

const M_INDEX = new Map<string, number>(BINARY_METRICS.map((m, k) => [m, k]));

/**
 * Uncertainty cells, (groups + 1) x BINARY_METRICS, for head alone (base null), head vs base paired
 * (base aligned to head rows by `alignBase`), or head vs base on independent sets (`paired` false;
 * base cells then follow base's own group rows and `baseGroupOf` maps head group rows to them).
 */
// eslint-disable-next-line max-lines-per-function -- one pass per metric family over up to millions of rows, sharing the sorted orders and placement sums computed at its top; the families read one another's sums
export function fastCells(
  head: Side,
  base: Side | null,
  paired: boolean,
  baseGroupOf: (r: number) => number,
  s: FastSettings,
  orders: { head?: Int32Array | null; base?: Int32Array | null } = {},
): FastCell[] {
  const M = BINARY_METRICS.length;
  const R = head.groups + 1;
  const cells: FastCell[] = new Array(R * M);
  const pct = pctOf(s);
  const pre = paired ? 'paired ' : '';
  // 1. count metrics
  const countMethod = `${pre}percentile bootstrap ${pct}%, ${s.resamples} resamples, seed ${s.seed}, stratified by label, on confusion counts (exact multinomial draws of the label x slice x predicted categories; same distribution as resampling rows)`;
  const ph = predicted(head.p, s.threshold);
  let hc: Float64Array[];
  let bc: Float64Array[] | null = null;
  if (base && paired) {
    const both = countBootstrap(head.y, head.code, head.groups, [ph, predicted(base.p, s.threshold)], s.resamples, s.seed);
    hc = both[0];
    bc = both[1];
  } else {
    hc = countBootstrap(head.y, head.code, head.groups, [ph], s.resamples, s.seed)[0];
    if (base) bc = countBootstrap(base.y, base.code, base.groups, [predicted(base.p, s.threshold)], s.resamples, s.seed + 1)[0];
  }
  const nanSamples = () => new Float64Array(s.resamples).fill(NaN);
  for (let r = 0; r < R; r++) {
    const br = base ? (paired ? r : baseGroupOf(r)) : -1;
    COUNT_METRICS.forEach((m, k) => {
      const h = hc[r * 4 + k];
      const b = bc ? (br < 0 ? nanSamples() : bc[br * 4 + k]) : null;
      cells[r * M + M_INDEX.get(m)!] = { kind: 'boot', hs: h, bs: b, ds: b ? h.map((v, t) => v - b[t]) : null, method: countMethod };
    });
  }
  // 2. per-row / delta-method metrics and DeLong, per group row
  const hRows = rowsOf(head);
  const bRows = base && !paired ? rowsOf(base) : null;
  // descending-score orders (the engines' sorts when given; positions in the side's row space)
  const hOrd = orders.head ?? argsort(head.p, true);
  const bOrd = base ? (orders.base ?? argsort(base.p, true)) : null;
  const normalMethod = (m: string) =>
    m === 'ece' || m === 'average_precision'
      ? `normal ${pct}%, delta method (${paired ? 'variance of per-example head - base influence values' : 'variance of per-example influence values'}), used at n >= ${LARGE_N}`
      : `normal ${pct}%, mean and variance of per-example ${m === 'prediction_bias' ? 'score - label' : m === 'log_loss' ? 'log losses' : 'squared errors'}${paired ? ' (paired: of head - base differences)' : ''}, used at n >= ${LARGE_N}`;
  const smallMethod = (nr: number) =>
    `${pre}percentile bootstrap ${pct}%, ${s.resamples} resamples, seed ${s.seed}, stratified by label within the slice (slice n = ${nr} < ${LARGE_N}: rows resampled)`;
  const seOf = (y: Uint8Array, p: Float64Array, ord: Int32Array): { psi: Float64Array[]; se: number[] } => {
    const psi = psiOf(y, p, ord, s.eceBins);
    return { psi, se: psi.map((a) => seOfMean(a)) };
  };
  for (let r = 0; r < R; r++) {
    const rows = hRows[r];
    const nr = rows.length;
    const yH = nr === head.y.length ? head.y : subset(head.y, rows);
    const pH = nr === head.y.length ? head.p : subset(head.p, rows);
    const br = base ? (paired ? r : baseGroupOf(r)) : -1;
    let yB: Uint8Array | null = null;
    let pB: Float64Array | null = null;
    let bRowsR: Int32Array | null = null;
    if (base && br >= 0) {
      bRowsR = paired ? rows : bRows![br];
      yB = bRowsR.length === base.y.length ? base.y : subset(base.y, bRowsR);
      pB = bRowsR.length === base.y.length ? base.p : subset(base.p, bRowsR);
    }
    // AUC: DeLong, from placement values (no extra sort: orders are filtered from one global order)
    const aucIdx = r * M + M_INDEX.get('roc_auc')!;
    const hOrdR = localOrder(hOrd, rows, head.y.length);
    const bOrdR = yB && pB ? (paired ? localOrder(bOrd!, rows, head.y.length) : localOrder(bOrd!, bRowsR!, base!.y.length)) : null;
    const plH = placementsOf(yH, pH, hOrdR).pl;
    const plB = yB && pB ? placementsOf(yB, pB, bOrdR!).pl : null;
    const vH = delongVar(yH, plH, null);
    const vB = plB ? delongVar(yB!, plB, null) : NaN;
    const seD = plB ? (paired ? Math.sqrt(delongVar(yH, plH, plB)) : Math.sqrt(vH + vB)) : NaN;
    cells[aucIdx] = {
      kind: 'normal',
      seH: Math.sqrt(vH),
      seB: Math.sqrt(vB),
      seD,
      method: `DeLong ${paired ? 'paired ' : base ? 'independent ' : ''}${pct}%`,
    };
    const small = nr < LARGE_N || (bRowsR !== null && bRowsR.length < LARGE_N);
    if (small) {
      // the slice's own rows, row bootstrap stratified by label within the slice
      const opts = { threshold: s.threshold, eceBins: s.eceBins };
      const eh = new BinaryEngine({ y: yH, p: pH }, opts);
      const eb = yB && pB ? new BinaryEngine({ y: yB, p: pB }, opts) : null;
      const idx = NORMAL_METRICS.map((m) => M_INDEX.get(m)!);
      const K = idx.length;
      let hs: Float64Array[];
      let bs: Float64Array[] | null = null;
      if (eb && paired) {
        const all = bootstrap(nr, 2 * K, { resamples: s.resamples, seed: s.seed + 1 + r, strata: strataOf(yH, 2) }, (c, out) => {
          const a = eh.evaluate(c);
          const b = eb.evaluate(c);
          for (let k = 0; k < K; k++) {
            out[k] = a[idx[k]];
            out[K + k] = b[idx[k]];
          }
        });
        hs = all.slice(0, K);
        bs = all.slice(K);
      } else {
        hs = bootstrap(nr, K, { resamples: s.resamples, seed: s.seed + 1 + r, strata: strataOf(yH, 2) }, (c, out) => {
          const a = eh.evaluate(c);
          for (let k = 0; k < K; k++) out[k] = a[idx[k]];
        });
        if (eb) {
          bs = bootstrap(yB!.length, K, { resamples: s.resamples, seed: s.seed + 1001 + r, strata: strataOf(yB!, 2) }, (c, out) => {
            const a = eb.evaluate(c);
            for (let k = 0; k < K; k++) out[k] = a[idx[k]];
          });
        }
      }
      const method = smallMethod(Math.min(nr, bRowsR ? bRowsR.length : nr));
      for (let k = 0; k < K; k++) {
        const h = hs[k];
        const b = bs ? bs[k] : base ? nanSamples() : null;
        cells[r * M + idx[k]] = { kind: 'boot', hs: h, bs: b, ds: b ? h.map((v, t) => v - b[t]) : null, method };
      }
      continue;
    }
    const h = seOf(yH, pH, hOrdR);
    let b: { psi: Float64Array[]; se: number[] } | null = null;
    if (yB && pB) b = seOf(yB, pB, bOrdR!);
    NORMAL_METRICS.forEach((m, k) => {
      let sd = NaN;
      if (b) sd = paired ? seOfMean(h.psi[k], b.psi[k]) : Math.sqrt(h.se[k] ** 2 + b.se[k] ** 2);
      cells[r * M + M_INDEX.get(m)!] = { kind: 'normal', seH: h.se[k], seB: b ? b.se[k] : NaN, seD: sd, method: normalMethod(m) };
    });
  }
  return cells;
}
