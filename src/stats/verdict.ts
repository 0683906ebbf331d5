/**
 * Verdicts of statistical checks that share a false-alarm budget (one family: the key metrics of a
 * comparison, the slice comparisons, the prediction-bias checks...).
 *
 * A comparison with the base model has three outcomes. With the improvement d (head - base, signed
 * so that positive is better), its standard error se and an allowed drop t >= 0:
 * - regression (fail) when the data show a drop beyond the tolerance: the one-sided p-value of
 *   "d >= -t", p = Phi((d + t) / se), is below the family's alpha after Holm (or Benjamini-Hochberg)
 *   across the family; equivalently the upper bound d + z se, at the one-sided level the adjustment
 *   gives this test, lies below -t. "Beyond" is the whole interval, not the point: a true drop equal
 *   to the tolerance then alarms in at most alpha of runs, where a point-estimate rule alarms in half;
 * - pass when the data rule out such a drop: the lower bound d - z se at the one-sided level
 *   1 - confidence is at least -t. A pass needs every metric of the family to pass, which the
 *   intersection-union principle allows at the unadjusted level: no multiplicity adjustment (one
 *   more metric does not make the others harder to pass);
 * - inconclusive otherwise, stated with the minimum detectable effect: the true drop caught in 80% of
 *   runs, t + (z_{1 - alpha/m} + z_{0.8}) se.
 * The printed interval is [lower bound, upper bound] with each bound's level, so the printed numbers
 * always agree with the verdict.
 */
import { normalCdf, normalQuantile } from './distributions.js';
import { benjaminiHochberg, holm, type FdrMethod } from './multiple-testing.js';

export type Verdict = 'pass' | 'fail' | 'inconclusive' | 'undefined';

export interface ToleranceSpec {
  absolute?: number;
  relative?: number;
}

/**
 * The default allowed drop when a comparison sets no tolerance: 0.005 for metrics on a bounded
 * scale (rates, AUC, calibration, prediction bias), 1% of the base value for losses and errors in
 * their own units (log loss, regression errors). See docs/methods/model-validation.md for why.
 */
export const DEFAULT_ABSOLUTE_TOLERANCE = 0.005;
export const DEFAULT_RELATIVE_TOLERANCE = 0.01;
const UNIT_METRICS = new Set(['log_loss', 'mae', 'mse', 'rmse', 'mape']);

/** Allowed drop for a base value: the smaller of the absolute and relative allowances (0 when none). */
export function allowedDrop(tol: ToleranceSpec | undefined, base: number): number {
  const parts: number[] = [];
  if (tol?.absolute !== undefined) parts.push(tol.absolute);
  if (tol?.relative !== undefined && Number.isFinite(base)) parts.push(tol.relative * Math.abs(base));
  return parts.length ? Math.min(...parts) : 0;
}

const isSet = (tol: ToleranceSpec | undefined): boolean => tol !== undefined && (tol.absolute !== undefined || tol.relative !== undefined);

/** A model comparison's allowed drop: the configured tolerance, else the default for the metric. */
export function comparisonAllowedDrop(tol: ToleranceSpec | undefined, base: number, metric: string): number {
  if (isSet(tol)) return allowedDrop(tol, base);
  if (UNIT_METRICS.has(metric)) return Number.isFinite(base) ? DEFAULT_RELATIVE_TOLERANCE * Math.abs(base) : 0;
  return DEFAULT_ABSOLUTE_TOLERANCE;
}

/** "drop <= 0.005 (0.005 absolute)"; `metric` given: a model comparison, whose unset tolerance is the default. */
export function describeTolerance(tol: ToleranceSpec | undefined, allowed: number, metric?: string): string {
  const a = Number(allowed.toPrecision(4));
  if (!isSet(tol)) {
    if (metric === undefined) return 'no drop allowed';
    return UNIT_METRICS.has(metric)
      ? `drop <= ${a} (default: ${DEFAULT_RELATIVE_TOLERANCE * 100}% relative)`
      : `drop <= ${a} (default: ${DEFAULT_ABSOLUTE_TOLERANCE} absolute)`;
  }
  const p: string[] = [];
  if (tol!.absolute !== undefined) p.push(`${tol!.absolute} absolute`);
  if (tol!.relative !== undefined) p.push(`${(tol!.relative * 100).toFixed(2).replace(/\.?0+$/, '')}% relative`);
  return `drop <= ${a} (${p.join(', smaller of ')})`;
}

/** Holm's step-down or Benjamini-Hochberg's level per test, and the adjusted p-values. */
export interface FamilyLevels {
  pAdj: number[];
  /** One-sided level at which each test is decided (and its interval drawn). */
  level: number[];
}

/**
 * Levels that make each test's interval agree with the adjusted decision: Holm rejects the j-th
 * smallest p (1-based) while p_(j) < alpha / (m - j + 1); a rejected test is drawn at its step's level
 * and the others at the level where the procedure stopped (their p are all at or above it).
 * Benjamini-Hochberg with R rejections: every test at R alpha / m (alpha / m when R = 0), the
 * false-coverage-rate adjusted level (Benjamini and Yekutieli 2005). 'none': alpha each. NaN p-values
 * do not count in m and get level alpha / max(m, 1).
 */
export function familyLevels(p: readonly number[], alpha: number, method: FdrMethod): FamilyLevels {
  const idx = p.map((_, i) => i).filter((i) => !Number.isNaN(p[i]));
  const m = idx.length;
  const level = p.map(() => alpha / Math.max(1, m));
  if (method === 'none') return { pAdj: p.slice(), level: p.map(() => alpha) };
  if (method === 'bh') {
    const sorted = idx.slice().sort((a, b) => p[a] - p[b]);
    let R = 0;
    sorted.forEach((i, k) => {
      if (p[i] <= ((k + 1) * alpha) / m) R = k + 1;
    });
    const lv = (Math.max(R, 1) * alpha) / Math.max(1, m);
    return { pAdj: benjaminiHochberg(p), level: level.map(() => lv) };
  }
  const sorted = idx.slice().sort((a, b) => p[a] - p[b]);
  let j = 0;
  while (j < m && p[sorted[j]] < alpha / (m - j)) {
    level[sorted[j]] = alpha / (m - j);
    j++;
  }
  for (let k = j; k < m; k++) level[sorted[k]] = alpha / (m - j);
  return { pAdj: holm(p), level };
}

/** One comparison in a family: the improvement (positive = better), its standard error, the allowed drop and the improvement's range. */
export interface ComparisonTest {
  improvement: number;
  se: number;
  allowed: number;
  range: [number, number];
}

export interface ComparisonVerdict {
  verdict: Verdict;
  /** One-sided p-value of "no drop beyond the tolerance" (small = a drop beyond it is shown). */
  p: number;
  pAdj: number;
  /** One-sided level of the upper bound (the regression test's level after the adjustment). */
  level: number;
  /** One-sided level of the lower bound (1 - confidence: the pass test's). */
  passLevel: number;
  /** Bounds of the improvement: lo at passLevel, hi at level, clipped to its range. */
  lo: number;
  hi: number;
  /** Minimum detectable drop: the true drop this comparison catches in 80% of runs. */
  mde: number;
}

const Z80 = normalQuantile(0.8);

/** p = Phi((d + t) / se); a zero standard error decides on the point. */
export function dropP(t: ComparisonTest): number {
  if (!Number.isFinite(t.improvement) || Number.isNaN(t.se)) return NaN;
  const x = t.improvement + t.allowed;
  if (t.se === 0) return x >= 0 ? 1 : 0;
  return normalCdf(x / t.se);
}

/** The verdicts of one family of comparisons: regressions at family-wise `alpha`, passes at one-sided `passLevel` each. */
export function comparisonVerdicts(
  tests: readonly ComparisonTest[],
  alpha: number,
  method: FdrMethod,
  passLevel: number,
): ComparisonVerdict[] {
  const p = tests.map(dropP);
  const { pAdj, level } = familyLevels(p, alpha, method);
  const m = Math.max(1, p.filter((v) => !Number.isNaN(v)).length);
  const zMde = normalQuantile(1 - (method === 'none' ? alpha : alpha / m)) + Z80;
  const zPass = normalQuantile(1 - passLevel);
  return tests.map((t, i) => {
    if (Number.isNaN(p[i])) return { verdict: 'undefined', p: NaN, pAdj: NaN, level: level[i], passLevel, lo: NaN, hi: NaN, mde: NaN };
    const lo = Math.max(t.range[0], t.improvement - zPass * t.se);
    const hi = Math.min(t.range[1], t.improvement + normalQuantile(1 - level[i]) * t.se);
    const verdict: Verdict = hi < -t.allowed ? 'fail' : lo >= -t.allowed ? 'pass' : 'inconclusive';
    return { verdict, p: p[i], pAdj: pAdj[i], level: level[i], passLevel, lo, hi, mde: t.allowed + zMde * t.se };
  });
}

/** One value held to a band [-max, max] (prediction bias): its estimate, standard error and range. */
export interface BandTest {
  estimate: number;
  se: number;
  max: number;
  range: [number, number];
}

export interface BandVerdict {
  verdict: Verdict;
  /** One-sided p-value of "inside the band" (small = outside is shown). */
  p: number;
  pAdj: number;
  /** One-sided level of the failing bound (after the adjustment). */
  level: number;
  /** One-sided level of each bound of the pass interval (1 - confidence). */
  passLevel: number;
  /** The pass interval: estimate -+ z se at passLevel on each side, clipped to the range. */
  lo: number;
  hi: number;
  /** The bound nearer the band at `level` (below the estimate when it is positive, above when negative). */
  failBound: number;
}

/**
 * A band check per test (two one-sided tests, as for equivalence): pass when the interval at
 * one-sided `passLevel` on each side lies inside [-max, max] (every check passing is an
 * intersection-union claim: no adjustment); fail when the bound nearer the band, at the level the
 * family's adjustment gives the test, lies outside it (p = Phi((max - |estimate|) / se));
 * inconclusive otherwise.
 */
export function bandVerdicts(tests: readonly BandTest[], alpha: number, method: FdrMethod, passLevel: number): BandVerdict[] {
  const p = tests.map((t) => {
    if (!Number.isFinite(t.estimate) || Number.isNaN(t.se)) return NaN;
    const x = t.max - Math.abs(t.estimate);
    return t.se === 0 ? (x >= 0 ? 1 : 0) : normalCdf(x / t.se);
  });
  const { pAdj, level } = familyLevels(p, alpha, method);
  const zPass = normalQuantile(1 - passLevel);
  return tests.map((t, i) => {
    if (Number.isNaN(p[i]))
      return { verdict: 'undefined', p: NaN, pAdj: NaN, level: level[i], passLevel, lo: NaN, hi: NaN, failBound: NaN };
    const zFail = normalQuantile(1 - level[i]);
    const lo = Math.max(t.range[0], t.estimate - zPass * t.se);
    const hi = Math.min(t.range[1], t.estimate + zPass * t.se);
    const failBound = t.estimate >= 0 ? Math.max(t.range[0], t.estimate - zFail * t.se) : Math.min(t.range[1], t.estimate + zFail * t.se);
    const outside = t.estimate >= 0 ? failBound > t.max : failBound < -t.max;
    const verdict: Verdict = outside ? 'fail' : lo >= -t.max && hi <= t.max ? 'pass' : 'inconclusive';
    return { verdict, p: p[i], pAdj: pAdj[i], level: level[i], passLevel, lo, hi, failBound };
  });
}

/** "95%" for a two-sided interval with `level` in each tail. */
export function coverageText(level: number): string {
  const c = (1 - 2 * level) * 100;
  return `${Number(c.toPrecision(c >= 99.9 ? 5 : 4))}%`;
}

/** "97.5%" for a one-sided bound at `level`. */
export function boundText(level: number): string {
  const c = (1 - level) * 100;
  return `${Number(c.toPrecision(c >= 99.9 ? 5 : 4))}%`;
}

/**
 * A single interval against an allowed drop (checks outside the statistical families, e.g. the
 * simpler-model margin): fail when the whole interval `[lo, hi]` of the improvement is below -allowed,
 * pass when it is all at or above, inconclusive otherwise; undefined when either bound is.
 */
export function intervalVerdict(lo: number, hi: number, allowed: number): Verdict {
  if (Number.isNaN(lo) || Number.isNaN(hi)) return 'undefined';
  if (hi < -allowed) return 'fail';
  if (lo >= -allowed) return 'pass';
  return 'inconclusive';
}
