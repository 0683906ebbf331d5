/**
 * Two-sample Kolmogorov-Smirnov test.
 *
 * - `ks2Statistic` is exact on raw data and equals SciPy's `ks_2samp(a, b).statistic`
 *   (CDFs evaluated with searchsorted(side='right') at every pooled value).
 * - `ks2AsymptoticPValue` is SciPy's `ks_2samp(..., method='asymp')` two-sided p-value: the
 *   survival function of the one-sample Kolmogorov distribution `kstwo.sf(D, round(en))` with
 *   en = m n / (m + n). `kolmogorovSf` follows the same regions as SciPy's `_kolmogn`; where SciPy
 *   uses Pomeranz' or Durbin's exact algorithm we use Marsaglia-Tsang-Wang's exact matrix method
 *   (same value up to rounding); Pelz-Good's expansion and the exact one-sided Smirnov sum where
 *   SciPy uses them.
 */

/**
 * Walk the pooled distinct values of two samples in increasing order, calling `step(v, fa, fb)` with
 * both empirical CDFs just after v (searchsorted side='right'); false when a sample is empty. NaN
 * values must be removed by the caller. (Shared by the KS statistic and the Wasserstein distance.)
 */
export function walkEcdfs(a: ArrayLike<number>, b: ArrayLike<number>, step: (v: number, fa: number, fb: number) => void): boolean {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return false;
  let i = 0;
  let j = 0;
  while (i < n1 || j < n2) {
    // next pooled value; advance both past every copy of it
    const v = j >= n2 || (i < n1 && x[i] <= y[j]) ? x[i] : y[j];
    while (i < n1 && x[i] <= v) i++;
    while (j < n2 && y[j] <= v) j++;
    step(v, i / n1, j / n2);
  }
  return true;
}

/** D = sup |F_a - F_b| over the pooled values. NaN values must be removed by the caller. */
export function ks2Statistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  const any = walkEcdfs(a, b, (_v, fa, fb) => {
    const diff = Math.abs(fa - fb);
    if (diff > d) d = diff;
  });
  return any ? d : Number.NaN;
}

export interface KsResult {
  statistic: number;
  pValue: number;
  n1: number;
  n2: number;
  /** round(m n / (m + n)), the sample size of the Kolmogorov distribution used. */
  en: number;
}

/** Sizes up to which ks2Samp computes the exact p-value (SciPy's `ks_2samp(method='auto')` threshold). */
export const KS_EXACT_MAX_N = 10_000;

/**
 * SciPy's `ks_2samp(a, b)` with method 'auto': exact p-value when max(n1, n2) <= 10,000, the
 * asymptotic one otherwise (and when the exact computation cannot be trusted). `method` says which.
 */
export function ks2Samp(a: ArrayLike<number>, b: ArrayLike<number>): KsResult & { method: 'exact' | 'asymptotic' } {
  const statistic = ks2Statistic(a, b);
  const n1 = a.length;
  const n2 = b.length;
  const base = { statistic, n1, n2, en: effectiveN(n1, n2) };
  if (Number.isFinite(statistic) && Math.max(n1, n2) <= KS_EXACT_MAX_N) {
    const p = ks2ExactPValue(statistic, n1, n2);
    // as SciPy, the exact method reports D on the lattice: round(D lcm) / lcm
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    if (p >= 0 && p <= 1) return { ...base, statistic: Math.round(statistic * lcm) / lcm, pValue: p, method: 'exact' };
  }
  return { ...base, pValue: ks2AsymptoticPValue(statistic, n1, n2), method: 'asymptotic' };
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Exact two-sided p-value P(D >= d) of the two-sample KS statistic under H0 (no ties), as SciPy's
 * `_attempt_exact_2kssamp`: d is rounded to the lattice h / lcm(n1, n2); equal sizes use the
 * reflection sum (Hodges 1958), unequal sizes count the lattice paths from (0, 0) to (m, n) that stay
 * strictly inside |x/m - y/n| < h / lcm, each column normalised by the binomial coefficient so nothing
 * overflows. NaN when the computation fails.
 */
export function ks2ExactPValue(d: number, n1: number, n2: number): number {
  if (!(n1 > 0 && n2 > 0)) return Number.NaN;
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = Math.round(d * lcm);
  if (h <= 0) return 1;
  if (n1 === n2) return clip01(outsideSquare(n1, h));
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  return clip01(1 - insideFraction(m, n, g, h));
}

/** P(D_{n,n} >= h / n): 2 (A0 (1 - A1 (1 - A2 (...)))), the alternating reflection sum in Horner form. */
function outsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/**
 * Share of the C(m + n, n) lattice paths from (0, 0) to (m, n) with |ng x - mg y| < h at every step
 * (ng = n / g, mg = m / g). A[y] holds paths(x, y) / C(x + y, y), so the recurrence
 * paths(x, y) = paths(x - 1, y) + paths(x, y - 1) becomes A = (x A_left + y A_below) / (x + y).
 * The window of y inside the band moves up with x, so one array updated in place suffices.
 */
function insideFraction(m: number, n: number, g: number, h: number): number {
  const mg = m / g;
  const ng = n / g;
  const A = new Float64Array(n + 1);
  // x = 0: the paths straight up the y axis, inside while mg y < h
  for (let y = 0; y <= n && mg * y < h; y++) A[y] = 1;
  for (let x = 1; x <= m; x++) {
    const lo = Math.max(0, Math.floor((ng * x - h) / mg) + 1);
    const hi = Math.min(n, Math.ceil((ng * x + h) / mg) - 1);
    if (hi < lo) return 0;
    let below = 0;
    for (let y = lo; y <= hi; y++) {
      below = (x * A[y] + y * below) / (x + y);
      A[y] = below;
    }
    // cells that left the band at the bottom are never read again (lo never decreases)
  }
  return A[n];
}

export function effectiveN(n1: number, n2: number): number {
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  // numpy's round: half to even
  const en = (m * n) / (m + n);
  const r = Math.round(en);
  return Math.abs(en % 1) === 0.5 && r % 2 === 1 ? r - 1 : r;
}

/** SciPy's asymptotic two-sided p-value for a two-sample D. */
export function ks2AsymptoticPValue(d: number, n1: number, n2: number): number {
  if (!Number.isFinite(d) || n1 === 0 || n2 === 0) return Number.NaN;
  return clip01(kolmogorovSf(d, effectiveN(n1, n2)));
}

const clip01 = (p: number) => (p < 0 ? 0 : p > 1 ? 1 : p);

/** P(D_n >= x) for the one-sample two-sided Kolmogorov statistic (SciPy `kstwo.sf(x, n)`). */
export function kolmogorovSf(x: number, n: number): number {
  if (!(n >= 1) || !Number.isInteger(n)) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let logp = 0;
    for (let i = 1; i <= n; i++) logp += Math.log((i / n) * (2 * t - 1));
    return clip01(1 - Math.exp(logp));
  }
  if (t >= n - 1) return clip01(2 * Math.pow(1 - x, n));
  if (x >= 0.5) return clip01(2 * smirnovSf(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 4) return clip01(1 - mtwCdf(n, x));
    return clip01(2 * smirnovSf(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip01(2 * smirnovSf(n, x));
  // SciPy: Durbin's matrix when n <= 100000 and n x^1.5 <= 1.4, Pelz-Good otherwise.
  if (n <= 100000 && n * Math.pow(x, 1.5) <= 1.4) return clip01(1 - mtwCdf(n, x));
  return clip01(pelzGoodSf(n, x));
}

/**
 * Exact one-sided Smirnov survival P(D+_n >= x), Birnbaum-Tingey:
 * x * sum_{j=0}^{floor(n(1-x))} C(n,j) (1-x-j/n)^(n-j) (x+j/n)^(j-1), summed in log space.
 */
export function smirnovSf(n: number, x: number): number {
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  const jmax = Math.floor(n * (1 - x));
  let logC = 0; // log C(n, 0)
  let maxLog = -Infinity;
  const logs: number[] = [];
  for (let j = 0; j <= jmax; j++) {
    if (j > 0) logC += Math.log(n - j + 1) - Math.log(j);
    const a = 1 - x - j / n;
    let lt: number;
    if (a <= 0) lt = n - j === 0 ? logC + (j - 1) * Math.log(x + j / n) : -Infinity;
    else lt = logC + (n - j) * Math.log(a) + (j - 1) * Math.log(x + j / n);
    logs.push(lt);
    if (lt > maxLog) maxLog = lt;
  }
  if (maxLog === -Infinity) return 0;
  let s = 0;
  for (const lt of logs) s += Math.exp(lt - maxLog);
  return clip01(x * s * Math.exp(maxLog));
}

/** Marsaglia, Tsang & Wang (2003): exact P(D_n < d) by a matrix power, with exponent scaling. */
export function mtwCdf(n: number, d: number): number {
  const k = Math.floor(n * d) + 1;
  const m = 2 * k - 1;
  const h = k - n * d;
  const H = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) H[i * m + j] = i - j + 1 < 0 ? 0 : 1;
  for (let i = 0; i < m; i++) {
    H[i * m] -= Math.pow(h, i + 1);
    H[(m - 1) * m + i] -= Math.pow(h, m - i);
  }
  H[(m - 1) * m] += 2 * h - 1 > 0 ? Math.pow(2 * h - 1, m) : 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const g = i - j + 1;
      if (g > 0) for (let f = 1; f <= g; f++) H[i * m + j] /= f;
    }
  }
  const mul = (A: Float64Array, B: Float64Array): Float64Array => {
    const C = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      for (let l = 0; l < m; l++) {
        const a = A[i * m + l];
        if (a === 0) continue;
        for (let j = 0; j < m; j++) C[i * m + j] += a * B[l * m + j];
      }
    }
    return C;
  };
  const center = (k - 1) * m + (k - 1);
  const power = (e: number): { M: Float64Array; exp: number } => {
    if (e === 1) return { M: H, exp: 0 };
    const half = power(Math.floor(e / 2));
    let M = mul(half.M, half.M);
    let exp = 2 * half.exp;
    if (e % 2 === 1) M = mul(H, M);
    if (M[center] > 1e140) {
      for (let i = 0; i < M.length; i++) M[i] *= 1e-140;
      exp += 140;
    }
    return { M, exp };
  };
  const { M, exp } = power(n);
  let s = M[center];
  let e = exp;
  for (let i = 1; i <= n; i++) {
    s = (s * i) / n;
    if (s < 1e-140) {
      s *= 1e140;
      e -= 140;
    }
  }
  return clip01(s * Math.pow(10, e));
}

/** Pelz-Good (1976) expansion of P(D_n >= x), four terms, in the theta-function form SciPy uses. */
export function pelzGoodSf(n: number, x: number): number {
  const PI2 = Math.PI ** 2;
  const PI4 = PI2 * PI2;
  const PI6 = PI4 * PI2;
  const SQRT2PI = Math.sqrt(2 * Math.PI);
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708.3964185322641) return 1;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const mm = 2 * k - 1;
    const m2 = mm * mm;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qp = Math.pow(q, 8 * k);
    const c = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = K[i] * qp + c[i];
  }
  const div = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (K[i] * q * SQRT2PI) / div[i];
  q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = Math.sqrt(3) * z;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qp = Math.pow(q, k2);
    k2extra += k2 * qp;
    k3extra += (sqrt3z + Math.PI * k) * (sqrt3z - Math.PI * k) * k2 * qp;
  }
  K[2] += (k2extra * PI2 * SQRT2PI) / (-36 * z2 * z);
  K[3] += (k3extra * PI2 * SQRT2PI) / (216 * z6);
  let sf = 1;
  for (let i = 0; i < 4; i++) sf -= K[i] / Math.pow(n, i / 2);
  return clip01(sf);
}
