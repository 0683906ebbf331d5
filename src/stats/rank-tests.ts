/**
 * Rank-based tests and small numeric helpers used by the infrastructure and monitoring evaluators:
 * average ranks with ties (SciPy `rankdata`),
 * Spearman's rho (SciPy `spearmanr`), the Mann-Whitney U test (SciPy `mannwhitneyu`, default
 * method 'auto'), a seeded percentile bootstrap of a median ratio, medians and least squares.
 */
import { erfc } from './distributions.js';

/** Average ranks, 1-based; ties get the mean of the ranks they span (SciPy `rankdata(method='average')`). */
export function averageRanks(xs: readonly number[]): number[] {
  const idx = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const ranks = new Array<number>(xs.length);
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && xs[idx[j + 1]] === xs[idx[i]]) j++;
    const r = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[idx[k]] = r;
    i = j + 1;
  }
  return ranks;
}

/** Pearson correlation; NaN when either side is constant (as SciPy returns). */
export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (n !== y.length || n < 2) return Number.NaN;
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
  if (sxx === 0 || syy === 0) return Number.NaN;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/** Spearman's rank correlation: Pearson on average ranks (SciPy `spearmanr`, ties included). */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new RangeError(`spearman: ${x.length} and ${y.length} values; they must pair up`);
  return pearson(averageRanks(x), averageRanks(y));
}

/** Standard normal survival function P(Z > z), through erfc (accurate far into the tail). */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z === Infinity) return 0;
  if (z === -Infinity) return 1;
  return 0.5 * erfc(z / Math.SQRT2);
}


export interface MannWhitneyResult {
  /** U1, the statistic of the first sample (SciPy's returned statistic). */
  u: number;
  /** Two-sided p-value. */
  p: number;
  method: 'exact' | 'asymptotic';
}

/** P(U >= k) under H0 for sample sizes m, n (no ties): exact distribution by recursion on probabilities. */
function exactUSf(k: number, m: number, n: number): number {
  // p[mm][u] for the current nn, built from nn - 1; f(mm, nn, u) = mm/(mm+nn) f(mm-1, nn, u-nn) + nn/(mm+nn) f(mm, nn-1, u)
  let prev: Float64Array[] = [];
  for (let nn = 0; nn <= n; nn++) {
    const cur: Float64Array[] = [];
    for (let mm = 0; mm <= m; mm++) {
      const arr = new Float64Array(mm * nn + 1);
      if (mm === 0 || nn === 0) arr[0] = 1;
      else {
        const a = mm / (mm + nn);
        const b = nn / (mm + nn);
        const left = cur[mm - 1];
        const up = prev[mm];
        for (let u = 0; u < arr.length; u++) {
          let v = 0;
          if (u - nn >= 0 && u - nn < left.length) v += a * left[u - nn];
          if (u < up.length) v += b * up[u];
          arr[u] = v;
        }
      }
      cur.push(arr);
    }
    prev = cur;
  }
  const dist = prev[m];
  let s = 0;
  for (let u = Math.max(0, Math.ceil(k)); u < dist.length; u++) s += dist[u];
  return s;
}

/**
 * Two-sided Mann-Whitney U test as SciPy's `mannwhitneyu(x, y)` (method 'auto': exact when either
 * sample has at most 8 values and there are no ties, else the normal approximation with tie and
 * continuity correction).
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return { u: Number.NaN, p: Number.NaN, method: 'asymptotic' };
  const all = [...x, ...y];
  const ranks = averageRanks(all);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i];
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const u = Math.max(u1, u2);
  const ties = new Set(all).size < all.length;
  const exact = !(n1 > 8 && n2 > 8) && !ties;
  let p: number;
  if (exact) {
    p = 2 * exactUSf(u, n1, n2);
  } else {
    const n = n1 + n2;
    const counts = new Map<number, number>();
    for (const r of ranks) counts.set(r, (counts.get(r) ?? 0) + 1);
    let tieTerm = 0;
    for (const t of counts.values()) tieTerm += t ** 3 - t;
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    const z = (u - (n1 * n2) / 2 - 0.5) / s;
    p = 2 * normalSf(z);
  }
  return { u: u1, p: Math.min(1, Math.max(0, p)), method: exact ? 'exact' : 'asymptotic' };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** Linear-interpolated quantile of sorted data (NumPy's default 'linear' method). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** A small seeded PRNG (mulberry32): the same inputs give the same verdict. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable 32-bit seed from a string (FNV-1a). */
export function seedOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface RatioInterval {
  /** median(head) / median(base) on the data. */
  ratio: number;
  lo: number;
  hi: number;
  resamples: number;
  confidence: number;
}

/**
 * Percentile bootstrap of median(head) / median(base): each sample is resampled independently with
 * replacement. Resamples with a zero base median are dropped; NaN ratio when the data's base median is 0.
 */
export function bootstrapMedianRatio(base: readonly number[], head: readonly number[], opts: { resamples: number; confidence: number; seed: number }): RatioInterval {
  const mb = median(base);
  const mh = median(head);
  const ratio = mb === 0 ? Number.NaN : mh / mb;
  const rand = mulberry32(opts.seed);
  const ratios: number[] = [];
  const bs = new Array<number>(base.length);
  const hs = new Array<number>(head.length);
  for (let r = 0; r < opts.resamples; r++) {
    for (let i = 0; i < base.length; i++) bs[i] = base[Math.floor(rand() * base.length)];
    for (let i = 0; i < head.length; i++) hs[i] = head[Math.floor(rand() * head.length)];
    const b = median(bs);
    if (b !== 0) ratios.push(median(hs) / b);
  }
  ratios.sort((a, b) => a - b);
  const alpha = 1 - opts.confidence;
  return {
    ratio,
    lo: quantileSorted(ratios, alpha / 2),
    hi: quantileSorted(ratios, 1 - alpha / 2),
    resamples: opts.resamples,
    confidence: opts.confidence,
  };
}

/** Ordinary least squares y = a + b x; NaN slope when x is constant. */
export function leastSquares(x: readonly number[], y: readonly number[]): { intercept: number; slope: number } {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  const slope = sxx === 0 ? Number.NaN : sxy / sxx;
  return { intercept: my - slope * mx, slope };
}
