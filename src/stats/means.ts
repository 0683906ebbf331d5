/**
 * Intervals for means from summary statistics: Welch's interval for a difference of two
 * independent means (SciPy `ttest_ind_from_stats(equal_var=False)`, Welch-Satterthwaite degrees of
 * freedom) and the paired t interval of a mean difference (SciPy `ttest_1samp(d).confidence_interval()`).
 */
import { tQuantile } from './beta.js';

export interface MeanDifference {
  /** mean1 - mean2 (Welch) or the mean of the paired differences. */
  delta: number;
  /** Standard error of delta. */
  se: number;
  /** Degrees of freedom of the t distribution used. */
  df: number;
  lo: number;
  hi: number;
}

/** Welch's t interval of mean1 - mean2 from (mean, sample sd with n - 1, n) per group. */
export function welchInterval(
  mean1: number,
  sd1: number,
  n1: number,
  mean2: number,
  sd2: number,
  n2: number,
  confidence: number,
): MeanDifference {
  const delta = mean1 - mean2;
  if (n1 < 2 || n2 < 2) return { delta, se: NaN, df: NaN, lo: NaN, hi: NaN };
  const v1 = (sd1 * sd1) / n1;
  const v2 = (sd2 * sd2) / n2;
  const se = Math.sqrt(v1 + v2);
  if (se === 0) return { delta, se, df: n1 + n2 - 2, lo: delta, hi: delta };
  const df = (v1 + v2) ** 2 / ((v1 * v1) / (n1 - 1) + (v2 * v2) / (n2 - 1));
  const t = tQuantile(1 - (1 - confidence) / 2, df);
  return { delta, se, df, lo: delta - t * se, hi: delta + t * se };
}

export interface Moments {
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1). */
  sd: number;
}

/** Mean and sample sd in one pass (Welford), skipping NaN. */
export function moments(xs: ArrayLike<number>): Moments {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (Number.isNaN(x)) continue;
    n++;
    const d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }
  return { n, mean: n ? mean : NaN, sd: n > 1 ? Math.sqrt(m2 / (n - 1)) : NaN };
}

/** The t interval of a mean (e.g. of paired differences) from its moments. */
export function meanInterval(m: Moments, confidence: number): MeanDifference {
  if (m.n < 2) return { delta: m.mean, se: NaN, df: NaN, lo: NaN, hi: NaN };
  const se = m.sd / Math.sqrt(m.n);
  const t = tQuantile(1 - (1 - confidence) / 2, m.n - 1);
  return { delta: m.mean, se, df: m.n - 1, lo: m.mean - t * se, hi: m.mean + t * se };
}
