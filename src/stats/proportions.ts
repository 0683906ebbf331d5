/**
 * Intervals for proportions and their differences that stay in range: the Wilson score interval
 * (statsmodels `proportion_confint(method='wilson')`) and Newcombe's hybrid score interval for a
 * difference of two independent proportions (R. G. Newcombe, "Interval estimation for the
 * difference between independent proportions", Statistics in Medicine 17, 1998, method 10;
 * statsmodels `confint_proportions_2indep(method='newcomb', compare='diff')`).
 */
import { normalQuantile } from './distributions.js';

export interface ProportionInterval {
  /** k / n (NaN when n = 0). */
  p: number;
  lo: number;
  hi: number;
}

const zOf = (confidence: number) => normalQuantile(1 - (1 - confidence) / 2);

/** Wilson score interval of k successes in n trials (no continuity correction); [0, 1] when n = 0. */
export function wilsonInterval(k: number, n: number, confidence: number): ProportionInterval {
  if (n <= 0) return { p: NaN, lo: 0, hi: 1 };
  const z = zOf(confidence);
  const p = k / n;
  const z2 = z * z;
  const center = (k + z2 / 2) / (n + z2);
  const half = (z / (n + z2)) * Math.sqrt((k * (n - k)) / n + z2 / 4);
  // the limits are exactly 0 at k = 0 and 1 at k = n; keep rounding from moving them inward
  return { p, lo: k <= 0 ? 0 : Math.max(0, center - half), hi: k >= n ? 1 : Math.min(1, center + half) };
}

export interface DifferenceInterval {
  /** p1 - p2. */
  delta: number;
  lo: number;
  hi: number;
  p1: number;
  p2: number;
}

/**
 * Newcombe's hybrid score interval of p1 - p2 (k1 of n1 against k2 of n2): the Wilson limits of
 * each proportion combined in quadrature, so the interval stays within [-1, 1] and behaves near 0
 * and 1 where the Wald interval does not.
 */
export function newcombeDifference(k1: number, n1: number, k2: number, n2: number, confidence: number): DifferenceInterval {
  const a = wilsonInterval(k1, n1, confidence);
  const b = wilsonInterval(k2, n2, confidence);
  const delta = a.p - b.p;
  if (Number.isNaN(delta)) return { delta, lo: NaN, hi: NaN, p1: a.p, p2: b.p };
  const lo = delta - Math.sqrt((a.p - a.lo) ** 2 + (b.hi - b.p) ** 2);
  const hi = delta + Math.sqrt((a.hi - a.p) ** 2 + (b.p - b.lo) ** 2);
  return { delta, lo: Math.max(-1, lo), hi: Math.min(1, hi), p1: a.p, p2: b.p };
}
