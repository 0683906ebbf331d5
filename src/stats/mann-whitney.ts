/**
 * The Mann-Whitney U test (SciPy `mannwhitneyu`, default method 'auto'): exact distribution for small
 * samples without ties, else the normal approximation with tie and continuity correction.
 */
import { normalSf } from './distributions.js';
import { averageRanks } from './ranks.js';

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
