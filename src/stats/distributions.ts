/** Normal and binomial helpers (double precision; no dependencies). */

/** Standard normal CDF via erfc. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Standard normal survival function P(Z > z), through erfc (accurate far into the tail). */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z === Infinity) return 0;
  if (z === -Infinity) return 1;
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Complementary error function: Maclaurin series of erf below 2.5, continued fraction above (~1e-13 relative). */
export function erfc(x: number): number {
  const ax = Math.abs(x);
  let r: number;
  if (ax < 2.5) {
    // erf via Maclaurin series
    let sum = ax;
    let term = ax;
    const x2 = ax * ax;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    r = 1 - (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    // continued fraction for the tail
    r = (Math.exp(-ax * ax) / Math.sqrt(Math.PI)) * contFrac(ax);
  }
  return x >= 0 ? r : 2 - r;
}

function contFrac(x: number): number {
  // 1 / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))) evaluated bottom-up with enough terms
  let t = 0;
  for (let k = 200; k >= 1; k--) t = k / 2 / (x + t);
  return 1 / (x + t);
}

/** Inverse standard normal CDF (Acklam's approximation plus one Halley step: ~1e-15). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  let x: number;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - pl) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** log Gamma (Lanczos, g = 7, n = 9). */
export function logGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X <= k) for X ~ Binomial(n, 1/2), summed in log space (exact to rounding). */
export function binomHalfCdf(k: number, n: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  const lnN = logGamma(n + 1);
  const ln2n = n * Math.LN2;
  // the terms scaled by the largest (the one at k, since k <= n/2 for our use: for i <= n/2 they grow
  // with i). Computed from k downward until a term is 1500 below the largest: it and every term
  // before it scale to exactly 0 (exp underflows below -745), so summing from the next one up in
  // order adds the same numbers as summing all of them from i = 0, to the bit.
  let maxLog = -Infinity;
  const logs: number[] = [];
  for (let i = k; i >= 0; i--) {
    const l = lnN - logGamma(i + 1) - logGamma(n - i + 1) - ln2n;
    if (l > maxLog) maxLog = l;
    if (2 * i <= n && l < maxLog - 1500) break;
    logs.push(l);
  }
  let s = 0;
  for (let j = logs.length - 1; j >= 0; j--) s += Math.exp(logs[j] - maxLog);
  return Math.min(1, Math.exp(maxLog + Math.log(s)));
}
