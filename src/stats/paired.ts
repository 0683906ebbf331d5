/**
 * Comparing two models: McNemar's exact test (paired accuracy), DeLong's test (AUC, paired or
 * independent), and normal-approximation intervals for differences of proportions.
 */
import { argsort } from './sort.js';
import { covariance } from './descriptive.js';
import { binomHalfCdf, normalCdf, normalQuantile } from './distributions.js';

export interface McNemar {
  /** Base right, head wrong. */
  b: number;
  /** Base wrong, head right. */
  c: number;
  /** Exact two-sided p = min(1, 2 * BinomCDF(min(b, c); b + c, 1/2)); 1 when b + c = 0. */
  p: number;
}

export function mcnemarExact(b: number, c: number): McNemar {
  const n = b + c;
  const p = n === 0 ? 1 : Math.min(1, 2 * binomHalfCdf(Math.min(b, c), n));
  return { b, c, p };
}

export interface DiffInterval {
  /** head - base. */
  delta: number;
  se: number;
  lo: number;
  hi: number;
  /** Two-sided p-value of delta = 0 (normal approximation). */
  p: number;
}

function interval(delta: number, se: number, confidence: number): DiffInterval {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = se > 0 ? 2 * normalCdf(-Math.abs(delta) / se) : delta === 0 ? 1 : 0;
  return { delta, se, lo: delta - z * se, hi: delta + z * se, p };
}

/**
 * Paired difference of accuracies (head - base) from discordant pairs: delta = (c - b) / n,
 * Wald variance ((b + c) - (c - b)^2 / n) / n^2.
 */
export function pairedProportionDiff(b: number, c: number, n: number, confidence: number): DiffInterval {
  const delta = (c - b) / n;
  const v = (b + c - ((c - b) * (c - b)) / n) / (n * n);
  return interval(delta, Math.sqrt(Math.max(0, v)), confidence);
}

/** Independent difference of proportions p2 - p1 (Wald). */
export function unpairedProportionDiff(p1: number, n1: number, p2: number, n2: number, confidence: number): DiffInterval {
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  return interval(p2 - p1, se, confidence);
}

interface Placements {
  auc: number;
  v10: Float64Array;
  v01: Float64Array;
}

/**
 * DeLong placement values of one score vector (row indices of positives in `pos`, negatives in
 * `neg`), from one sort of all scores: mid-ranks among all, among positives and among negatives.
 */
function placements(s: ArrayLike<number>, pos: Int32Array, neg: Int32Array): Placements {
  const m = pos.length;
  const n = neg.length;
  const z = new Float64Array(m + n);
  const isPos = new Uint8Array(m + n);
  for (let i = 0; i < m; i++) {
    z[i] = s[pos[i]];
    isPos[i] = 1;
  }
  for (let j = 0; j < n; j++) z[m + j] = s[neg[j]];
  const ord = argsort(z);
  const tz = new Float64Array(m + n);
  const tOwn = new Float64Array(m + n); // mid-rank within the row's own class
  let i = 0;
  let seenPos = 0;
  let seenNeg = 0;
  while (i < m + n) {
    let j = i;
    let gp = 0;
    while (j < m + n && z[ord[j]] === z[ord[i]]) {
      gp += isPos[ord[j]];
      j++;
    }
    const gn = j - i - gp;
    const mid = (i + j - 1) / 2 + 1;
    const midP = seenPos + (gp + 1) / 2;
    const midN = seenNeg + (gn + 1) / 2;
    for (let k = i; k < j; k++) {
      const r = ord[k];
      tz[r] = mid;
      tOwn[r] = isPos[r] ? midP : midN;
    }
    seenPos += gp;
    seenNeg += gn;
    i = j;
  }
  let sum = 0;
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  for (let a = 0; a < m; a++) {
    sum += tz[a];
    v10[a] = (tz[a] - tOwn[a]) / n;
  }
  for (let b = 0; b < n; b++) v01[b] = 1 - (tz[m + b] - tOwn[m + b]) / m;
  const auc = (sum - (m * (m + 1)) / 2) / (m * n);
  return { auc, v10, v01 };
}

function split(y: ArrayLike<number>): { pos: Int32Array; neg: Int32Array } {
  let m = 0;
  for (let i = 0; i < y.length; i++) if (y[i]) m++;
  const pos = new Int32Array(m);
  const neg = new Int32Array(y.length - m);
  let a = 0;
  let b = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i]) pos[a++] = i;
    else neg[b++] = i;
  }
  return { pos, neg };
}

export interface DeLongSingle {
  auc: number;
  variance: number;
}

/** AUC and its DeLong variance (unweighted); NaN when a class has fewer than 2 rows. */
export function delongVariance(y: ArrayLike<number>, s: ArrayLike<number>): DeLongSingle {
  const { pos, neg } = split(y);
  if (pos.length < 2 || neg.length < 2) return { auc: NaN, variance: NaN };
  const pl = placements(s, pos, neg);
  return { auc: pl.auc, variance: covariance(pl.v10, pl.v10) / pos.length + covariance(pl.v01, pl.v01) / neg.length };
}

export interface DeLongPaired extends DiffInterval {
  aucBase: number;
  aucHead: number;
  z: number;
}

/** DeLong's test for two correlated AUCs (same rows and labels): head - base, with interval. */
export function delongPaired(
  y: ArrayLike<number>,
  base: ArrayLike<number>,
  head: ArrayLike<number>,
  confidence: number,
): DeLongPaired | null {
  const { pos, neg } = split(y);
  if (pos.length < 2 || neg.length < 2) return null;
  const a = placements(base, pos, neg);
  const b = placements(head, pos, neg);
  const m = pos.length;
  const n = neg.length;
  const v =
    (covariance(a.v10, a.v10) + covariance(b.v10, b.v10) - 2 * covariance(a.v10, b.v10)) / m +
    (covariance(a.v01, a.v01) + covariance(b.v01, b.v01) - 2 * covariance(a.v01, b.v01)) / n;
  const delta = b.auc - a.auc;
  const se = Math.sqrt(Math.max(0, v));
  const iv = interval(delta, se, confidence);
  return { ...iv, aucBase: a.auc, aucHead: b.auc, z: se > 0 ? delta / se : delta === 0 ? 0 : delta > 0 ? Infinity : -Infinity };
}
