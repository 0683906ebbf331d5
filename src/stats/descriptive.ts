/**
 * Descriptive statistics of plain samples. Median, quantiles and least squares come from
 * simple-statistics (test/stats/descriptive.test.ts pins them to NumPy's definitions); the
 * covariance stays ours: DeLong runs it on typed arrays of up to millions of placements.
 */
import { linearRegression, median as ssMedian, quantileSorted as ssQuantileSorted } from 'simple-statistics';

/** Median; NaN when empty. */
export function median(xs: readonly number[]): number {
  return xs.length === 0 ? Number.NaN : ssMedian(xs);
}

/** Quantile with linear interpolation (NumPy's default, "type 7") of sorted values; NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  return sorted.length === 0 ? Number.NaN : ssQuantileSorted(sorted as readonly number[], q);
}

/** Sums of centred squares and cross products, and the means. */
export function centredSums(x: ArrayLike<number>, y: ArrayLike<number>): { mx: number; my: number; sxx: number; syy: number; sxy: number } {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return { mx, my, sxx, syy, sxy };
}

/** Sample covariance (n - 1 denominator); NaN below two values. */
export function covariance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length < 2) return NaN;
  return centredSums(a, b).sxy / (a.length - 1);
}

/** Ordinary least squares y = a + b x; NaN slope (and intercept) when x is constant or has fewer than two values. */
export function leastSquares(x: readonly number[], y: readonly number[]): { intercept: number; slope: number } {
  if (x.length < 2 || new Set(x).size < 2) return { intercept: Number.NaN, slope: Number.NaN };
  const { m, b } = linearRegression(x.map((v, i) => [v, y[i]]));
  return { intercept: b, slope: m };
}
