/**
 * Normal intervals that stay inside their metric's range: built on a scale where the metric is
 * unbounded and mapped back (logit for [0, 1], log for [0, inf)), or clipped with the rule named.
 * `se` is the standard error on the metric's own scale; the delta method gives the transformed one
 * (se / (v (1 - v)) on the logit scale, se / v on the log scale).
 */
import { normalQuantile } from './distributions.js';
import { wilsonInterval } from './proportions.js';

export interface Bounds {
  lo: number;
  hi: number;
}

/** Two-sided normal quantile: z such that P(|Z| <= z) = confidence. */
export const zOf = (confidence: number): number => normalQuantile(1 - (1 - confidence) / 2);

const logit = (v: number) => Math.log(v / (1 - v));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** v +- z se on the logit scale (v in [0, 1]); a value of exactly 0 or 1 gives [v, v] (no spread to transform). */
export function logitNormal(v: number, se: number, z: number): Bounds | null {
  if (!Number.isFinite(v) || !Number.isFinite(se) || v < 0 || v > 1) return null;
  if (v === 0 || v === 1 || se === 0) return { lo: v, hi: v };
  const l = logit(v);
  const h = (z * se) / (v * (1 - v));
  return { lo: sigmoid(l - h), hi: sigmoid(l + h) };
}

/** v +- z se on the log scale (v > 0). */
export function logNormal(v: number, se: number, z: number): Bounds | null {
  if (!Number.isFinite(v) || !Number.isFinite(se) || v < 0) return null;
  if (v === 0 || se === 0) return { lo: v, hi: v };
  const f = Math.exp((z * se) / v);
  return { lo: v / f, hi: v * f };
}

/** v +- z se, clipped to [min, max]. */
export function clippedNormal(v: number, se: number, z: number, min: number, max: number): Bounds | null {
  if (!Number.isFinite(v) || !Number.isFinite(se)) return null;
  return { lo: Math.max(min, v - z * se), hi: Math.min(max, v + z * se) };
}

/**
 * AUC interval: DeLong's variance on the logit scale, mapped back, so it stays in [0, 1]. A perfect
 * (or perfectly inverted) ranking has no spread on any scale: its interval is the Wilson interval of
 * min(m, n) agreements in min(m, n) (m positives, n negatives), the uncertainty of the class with fewer rows.
 */
export function aucInterval(auc: number, variance: number, z: number, m: number, n: number, confidence: number): Bounds | null {
  if (!Number.isFinite(auc) || !Number.isFinite(variance)) return null;
  if (auc === 1 || auc === 0) {
    const k = Math.min(m, n);
    const w = wilsonInterval(k, k, confidence);
    return auc === 1 ? { lo: w.lo, hi: 1 } : { lo: 0, hi: 1 - w.lo };
  }
  return logitNormal(auc, Math.sqrt(variance), z);
}

/** Standard error of the mean of `a` (length n >= 2): sqrt(sum (a - mean)^2 / (n (n - 1))); NaN below 2 or with a NaN value. */
export function seOfMean(a: ArrayLike<number>, b: ArrayLike<number> | null = null): number {
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
