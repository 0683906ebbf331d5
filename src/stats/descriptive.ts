/** Descriptive statistics of plain samples: median, quantiles, covariance, least squares. */

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** Quantile with linear interpolation (NumPy's default, "type 7") of sorted values; NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const m = sorted.length;
  if (m === 0) return NaN;
  const h = (m - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(m - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Sums of centred squares and cross products, and the means: the core of covariance, correlation and least squares. */
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

/** Ordinary least squares y = a + b x; NaN slope when x is constant. */
export function leastSquares(x: readonly number[], y: readonly number[]): { intercept: number; slope: number } {
  const { mx, my, sxx, sxy } = centredSums(x, y);
  const slope = sxx === 0 ? Number.NaN : sxy / sxx;
  return { intercept: my - slope * mx, slope };
}
