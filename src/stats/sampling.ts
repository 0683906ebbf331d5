/**
 * Exact discrete samplers on top of the seeded Rng, for resampling category counts instead of rows:
 * - binomial(n, p): inversion for small means (n p < 10), otherwise Hörmann's transformed rejection
 *   with squeeze (BTRS, "The generation of binomial random variates", 1993), whose acceptance test
 *   uses the exact log pmf ratio, so the draws follow Binomial(n, p) exactly (up to rounding);
 * - multinomial(N; c_1..c_K / sum c): sequential conditional binomials. Drawing N rows with
 *   replacement from a stratum whose rows fall into categories of sizes c_k and counting them per
 *   category has exactly this distribution, so a row bootstrap of count-based metrics can be run on
 *   the category counts in O(categories) per resample instead of O(rows).
 */
import type { Rng } from './rng.js';

const LOG_FACT_TABLE = (() => {
  const t = new Float64Array(256);
  for (let k = 2; k < 256; k++) t[k] = t[k - 1] + Math.log(k);
  return t;
})();

/** ln(k!) for integer k >= 0: a table below 256, Stirling's series above (error < 1e-15 relative). */
export function logFactorial(k: number): number {
  if (k < 256) return LOG_FACT_TABLE[k];
  const x = k + 1;
  const x2 = x * x;
  return (x - 0.5) * Math.log(x) - x + 0.9189385332046728 + (1 / 12 - (1 / 360 - (1 / 1260 - 1 / (1680 * x2)) / x2) / x2) / x;
}

/** One draw from Binomial(n, p), n a non-negative integer. */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || !(p > 0)) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  const q = 1 - p;
  if (n * p < 10) {
    // inversion: walk the pmf from 0 (mean < 10, so few steps); restart past a far bound (rounding guard)
    const s = p / q;
    const a = (n + 1) * s;
    const r0 = Math.exp(n * Math.log1p(-p));
    const bound = Math.min(n, Math.floor(n * p + 10 * Math.sqrt(n * p * q + 1)));
    for (;;) {
      let r = r0;
      let u = rng.next();
      let x = 0;
      while (u > r) {
        u -= r;
        x++;
        if (x > bound) break;
        r *= a / x - s;
      }
      if (x <= bound) return x;
    }
  }
  // BTRS
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  const h = logFactorial(m) + logFactorial(n - m);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    // accept iff v * alpha / (a / us^2 + b) <= f(k) / f(m)
    const lhs = Math.log((v * alpha) / (a / (us * us) + b));
    if (lhs <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
  }
}

/**
 * Multinomial draw of `total` items over categories of sizes `sizes` (probabilities sizes / sum),
 * written into `out` (same length), by sequential conditional binomials.
 */
export function multinomialInto(rng: Rng, total: number, sizes: ArrayLike<number>, out: Float64Array | Int32Array): void {
  let rest = total;
  let restSize = 0;
  for (let k = 0; k < sizes.length; k++) restSize += sizes[k];
  for (let k = 0; k < sizes.length; k++) {
    const c = sizes[k];
    if (c === 0 || rest === 0) {
      out[k] = 0;
      continue;
    }
    const x = c >= restSize ? rest : binomial(rng, rest, c / restSize);
    out[k] = x;
    rest -= x;
    restSize -= c;
  }
}
