/**
 * Distribution distances for skew and drift, each as its reference defines it:
 * PSI (with a floor), Jensen-Shannon divergence in bits (TFDV), L-infinity over categories (TFDV),
 * normalised Wasserstein (Evidently), the chi-squared test of homogeneity (SciPy `chi2_contingency`)
 * and Benjamini-Hochberg adjusted p-values.
 */
import { logGamma } from './distributions.js';
import { walkEcdfs } from './ks.js';

function total(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
}

function sameLength(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length)
    throw new RangeError(`${what}: the two count vectors have ${a.length} and ${b.length} bins; they must share bins`);
}

export interface PsiResult {
  value: number;
  bins: number;
  /** Bins where either share was below the floor and was raised to it (they can dominate PSI). */
  flooredBins: number;
  floor: number;
}

/**
 * Population stability index: sum (p_i - q_i) ln(p_i / q_i), p reference share, q current share,
 * each share raised to `floor` when below it (so empty bins stay finite). Not renormalised.
 */
export function psi(ref: ArrayLike<number>, cur: ArrayLike<number>, floor = 1e-4): PsiResult {
  sameLength(ref, cur, 'PSI');
  const tr = total(ref);
  const tc = total(cur);
  if (tr === 0 || tc === 0) return { value: Number.NaN, bins: ref.length, flooredBins: 0, floor };
  let v = 0;
  let floored = 0;
  for (let i = 0; i < ref.length; i++) {
    const rp = ref[i] / tr;
    const cq = cur[i] / tc;
    if (rp === 0 && cq === 0) continue;
    if (rp < floor || cq < floor) floored++;
    const p = Math.max(rp, floor);
    const q = Math.max(cq, floor);
    v += (p - q) * Math.log(p / q);
  }
  return { value: v, bins: ref.length, flooredBins: floored, floor };
}

/**
 * Jensen-Shannon divergence with log2 (range [0, 1]), as TFDV reports it: 0.5 KL(P||M) + 0.5 KL(Q||M),
 * M = (P + Q) / 2, each side normalised by its own total. SciPy's `jensenshannon(p, q, base=2)` is the
 * square root of this (the distance). Tiny negative rounding is clipped to 0.
 */
export function jsDivergence(ref: ArrayLike<number>, cur: ArrayLike<number>): number {
  sameLength(ref, cur, 'JS divergence');
  const tr = total(ref);
  const tc = total(cur);
  if (tr === 0 || tc === 0) return Number.NaN;
  let v = 0;
  for (let i = 0; i < ref.length; i++) {
    const p = ref[i] / tr;
    const q = cur[i] / tc;
    const m = (p + q) / 2;
    if (p > 0) v += 0.5 * p * Math.log2(p / m);
    if (q > 0) v += 0.5 * q * Math.log2(q / m);
  }
  return Math.min(1, Math.max(0, v));
}

export interface LInfResult {
  value: number;
  /** The category where the largest difference occurs. */
  at: string | null;
}

/** L-infinity distance (TFDV, categorical): max_v |p_v - q_v|, each side normalised by its own total. */
export function lInfinity(ref: ReadonlyMap<string, number>, cur: ReadonlyMap<string, number>): LInfResult {
  let tr = 0;
  let tc = 0;
  for (const c of ref.values()) tr += c;
  for (const c of cur.values()) tc += c;
  if (tr === 0 || tc === 0) return { value: Number.NaN, at: null };
  let best = 0;
  let at: string | null = null;
  for (const k of new Set([...ref.keys(), ...cur.keys()])) {
    const d = Math.abs((ref.get(k) ?? 0) / tr - (cur.get(k) ?? 0) / tc);
    if (d > best) {
      best = d;
      at = k;
    }
  }
  return { value: best, at };
}

/** Population standard deviation (ddof = 0), as numpy.std. */
export function stdPopulation(xs: ArrayLike<number>): number {
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < xs.length; i++) {
    const d = xs[i] - mean;
    mean += d / (i + 1);
    m2 += d * (xs[i] - mean);
  }
  return xs.length ? Math.sqrt(m2 / xs.length) : Number.NaN;
}

/** First Wasserstein distance between two empirical distributions (SciPy `wasserstein_distance`). */
export function wasserstein1(a: ArrayLike<number>, b: ArrayLike<number>): number {
  // the area between the two step functions: |F_a - F_b| on each interval between pooled values
  let w = 0;
  let prev = NaN;
  let gap = 0;
  const any = walkEcdfs(a, b, (v, fa, fb) => {
    if (prev === prev) w += gap * (v - prev);
    prev = v;
    gap = Math.abs(fa - fb);
  });
  return any ? w : Number.NaN;
}

/** Evidently's normalised Wasserstein: W1(ref, cur) / max(std(ref), 0.001). */
export function normalisedWasserstein(ref: ArrayLike<number>, cur: ArrayLike<number>): number {
  return wasserstein1(ref, cur) / Math.max(stdPopulation(ref), 0.001);
}

// --- binned distributions (snapshots) -------------------------------------------------------

/**
 * A numeric distribution known only through a histogram: mass `counts[i]` uniform on
 * [edges[i], edges[i+1]); optional mass below the first edge (spread over [min, edges[0]]) and above
 * the last (over [edges[last], max]).
 */
export interface Binned {
  edges: readonly number[];
  counts: readonly number[];
  underflow?: number;
  overflow?: number;
  min?: number | null;
  max?: number | null;
}

/** Piecewise-linear CDF knots (x ascending, F non-decreasing) of a binned distribution. */
function knots(h: Binned): { x: number[]; f: number[] } {
  const under = h.underflow ?? 0;
  const over = h.overflow ?? 0;
  const n = total(h.counts) + under + over;
  const x: number[] = [];
  const f: number[] = [];
  let acc = 0;
  const first = h.edges[0];
  const last = h.edges[h.edges.length - 1];
  if (under > 0) {
    if (h.min !== null && h.min !== undefined && h.min < first) {
      x.push(h.min);
      f.push(0);
    }
    acc += under;
  }
  x.push(first);
  f.push(acc / n);
  for (let i = 0; i < h.counts.length; i++) {
    acc += h.counts[i];
    x.push(h.edges[i + 1]);
    f.push(acc / n);
  }
  if (over > 0) {
    const hi = h.max !== null && h.max !== undefined && h.max > last ? h.max : last;
    if (hi > last) {
      x.push(hi);
      f.push(1);
    } else f[f.length - 1] = 1;
  }
  return { x, f };
}

function cdfAt(k: { x: number[]; f: number[] }, v: number): number {
  const { x, f } = k;
  if (v <= x[0]) return v < x[0] ? 0 : f[0];
  if (v >= x[x.length - 1]) return 1;
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= v) lo = mid;
    else hi = mid;
  }
  const w = x[hi] - x[lo];
  return w > 0 ? f[lo] + ((f[hi] - f[lo]) * (v - x[lo])) / w : f[hi];
}

function breakpoints(a: Binned, b: Binned) {
  const ka = knots(a);
  const kb = knots(b);
  const xs = [...new Set([...ka.x, ...kb.x])].sort((p, q) => p - q);
  return { ka, kb, xs };
}

/** W1 between two histograms with mass uniform inside bins (integral of |F_a - F_b|, exact for that model). */
export function histogramWasserstein(a: Binned, b: Binned): number {
  const { ka, kb, xs } = breakpoints(a, b);
  let w = 0;
  for (let i = 1; i < xs.length; i++) {
    const x0 = xs[i - 1];
    const x1 = xs[i];
    const d0 = cdfAt(ka, x0) - cdfAt(kb, x0);
    const d1 = cdfAt(ka, x1) - cdfAt(kb, x1);
    const len = x1 - x0;
    if (d0 * d1 >= 0) w += (len * (Math.abs(d0) + Math.abs(d1))) / 2;
    else {
      const t = Math.abs(d0) / (Math.abs(d0) + Math.abs(d1));
      w += (len * (t * Math.abs(d0) + (1 - t) * Math.abs(d1))) / 2;
    }
  }
  return w;
}

// --- chi-squared ----------------------------------------------------------------------------

/** Regularized upper incomplete gamma Q(a, x) (series below a + 1, Lentz continued fraction above). */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (!Number.isFinite(x)) return 0;
  const lead = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return Math.max(0, 1 - sum * Math.exp(lead));
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.min(1, Math.exp(lead) * h);
}

/** Survival function of the chi-squared distribution (SciPy `chi2.sf`). */
export function chi2Sf(x: number, df: number): number {
  if (!(df > 0) || Number.isNaN(x)) return Number.NaN;
  return gammaQ(df / 2, x / 2);
}

export interface HomogeneityResult {
  statistic: number;
  df: number;
  pValue: number;
  /** Columns of the 2 x k table after merging sparse ones. */
  columns: number;
  /** Columns merged into neighbours so every expected count is at least MIN_EXPECTED. */
  merged: number;
}

/** Smallest expected count per cell of the chi-squared test (Cochran's rule). */
export const MIN_EXPECTED = 5;

/**
 * Merge columns of a 2 x k table until every expected count is at least MIN_EXPECTED: with row totals
 * R1, R2 and N = R1 + R2, a column needs a total of at least 5 N / min(R1, R2). Ordered columns
 * (numeric bins) merge with the next one; unordered ones (categories) pool the sparse columns together.
 */
export function mergeSparse(r: readonly number[], c: readonly number[], ordered: boolean): { r: number[]; c: number[]; merged: number } {
  const R1 = total(r);
  const R2 = total(c);
  const need = (MIN_EXPECTED * (R1 + R2)) / Math.max(1e-300, Math.min(R1, R2));
  const outR: number[] = [];
  const outC: number[] = [];
  let merged = 0;
  if (ordered) {
    let ar = 0;
    let ac = 0;
    let parts = 0;
    for (let i = 0; i < r.length; i++) {
      ar += r[i];
      ac += c[i];
      if (r[i] + c[i] > 0) parts++;
      if (ar + ac >= need) {
        outR.push(ar);
        outC.push(ac);
        merged += parts - 1;
        ar = ac = parts = 0;
      }
    }
    if (ar + ac > 0) {
      if (outR.length) {
        outR[outR.length - 1] += ar;
        outC[outC.length - 1] += ac;
        merged += parts;
      } else {
        outR.push(ar);
        outC.push(ac);
        merged += parts - 1;
      }
    }
    return { r: outR, c: outC, merged };
  }
  let pr = 0;
  let pc = 0;
  let pooled = 0;
  for (let i = 0; i < r.length; i++) {
    if (r[i] + c[i] >= need) {
      outR.push(r[i]);
      outC.push(c[i]);
    } else if (r[i] + c[i] > 0) {
      pr += r[i];
      pc += c[i];
      pooled++;
    }
  }
  if (pooled > 0) {
    if (pr + pc >= need || outR.length === 0) {
      outR.push(pr);
      outC.push(pc);
      merged += pooled - 1;
    } else {
      // still too sparse: into the smallest full column
      let k = 0;
      for (let i = 1; i < outR.length; i++) if (outR[i] + outC[i] < outR[k] + outC[k]) k = i;
      outR[k] += pr;
      outC[k] += pc;
      merged += pooled;
    }
  }
  return { r: outR, c: outC, merged };
}

/**
 * Chi-squared test of homogeneity of two count vectors over the same bins (a 2 x k contingency
 * table), as `scipy.stats.chi2_contingency`: expected E_ij = R_i C_j / N, Pearson's statistic
 * sum (O - E)^2 / E, df = k - 1, Yates' continuity correction only when df = 1. Both samples are
 * random (unlike a goodness-of-fit test against the reference shares). Sparse columns are merged
 * first (mergeSparse); empty ones dropped. Fewer than two columns left: statistic 0, p = 1.
 */
export function chi2Homogeneity(ref: readonly number[], cur: readonly number[], ordered: boolean): HomogeneityResult {
  sameLength(ref, cur, 'chi-squared homogeneity');
  const R1 = total(ref);
  const R2 = total(cur);
  if (R1 === 0 || R2 === 0) return { statistic: Number.NaN, df: 0, pValue: Number.NaN, columns: 0, merged: 0 };
  const m = mergeSparse(ref, cur, ordered);
  const k = m.r.length;
  if (k < 2) return { statistic: 0, df: 0, pValue: 1, columns: k, merged: m.merged };
  const N = R1 + R2;
  const df = k - 1;
  let stat = 0;
  for (let j = 0; j < k; j++) {
    const C = m.r[j] + m.c[j];
    for (const [o, R] of [
      [m.r[j], R1],
      [m.c[j], R2],
    ]) {
      const e = (R * C) / N;
      let diff = o - e;
      if (df === 1) diff = Math.sign(diff) * Math.max(0, Math.abs(diff) - 0.5);
      stat += (diff * diff) / e;
    }
  }
  return { statistic: stat, df, pValue: chi2Sf(stat, df), columns: k, merged: m.merged };
}

// --- multiple testing: Benjamini-Hochberg lives in multiple-testing.ts (shared with slices)
export { benjaminiHochberg } from './multiple-testing.js';
