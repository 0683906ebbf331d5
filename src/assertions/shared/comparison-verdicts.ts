/**
 * Head-vs-base comparisons judged as one family (stats/verdict.ts) and worded so that every printed
 * number agrees with its verdict: the interval printed is the one the verdict used, each bound with
 * its one-sided level (the pass bound at the comparison's confidence, the regression bound at the
 * family's adjusted level), each printed with the digits its comparison with the tolerance needs
 * (fmtVersus).
 * Shared by the key-metric comparison (monitor-7, infra-4), the slices (model-6) and the comparison
 * with a baseline report's aggregated metrics.
 */
import type { Check, CheckComparison, CheckStatus } from '../../rubric/types.js';
import type { FdrMethod } from '../../stats/multiple-testing.js';
import type { DeltaResult } from '../../stats/metric-set.js';
import { deltaRange } from '../../stats/metric-range.js';
import {
  comparisonAllowedDrop,
  comparisonVerdicts,
  boundText,
  describeTolerance,
  type ComparisonVerdict,
  type ToleranceSpec,
  type Verdict,
} from '../../stats/verdict.js';
import { fmt, fmtDelta, fmtVersus, groupDigits } from '../../util/format.js';
import { directionOf } from './metric-direction.js';

export const sign = (metric: string): 1 | -1 => (directionOf(metric) === 'higher' ? 1 : -1);

export interface ComparisonItem {
  d: DeltaResult;
  tol: ToleranceSpec | undefined;
  /** The standard error rests on an assumption (a side without one): never a regression, only pass or inconclusive. */
  assumption?: string;
}

export interface Judged extends ComparisonItem {
  allowed: number;
  tolText: string;
  v: ComparisonVerdict;
  /** The verdict after the assumption rule (a regression on an assumed standard error is inconclusive). */
  verdict: Verdict;
  status: CheckStatus;
  /** head - base interval at the verdict's level (the improvement interval in the metric's own direction). */
  dlo: number;
  dhi: number;
}

/** The family's verdicts: regressions at `alpha` family-wise (adjusted by `method`), passes at one-sided `confidence` each. */
export function judgeComparisons(
  items: ComparisonItem[],
  alpha: number,
  method: FdrMethod,
  o: { confidence: number; inconclusive: 'warn' | 'fail' },
): Judged[] {
  const inconclusive = o.inconclusive;
  const prepared = items.map((it) => {
    const sg = sign(it.d.metric);
    const allowed = comparisonAllowedDrop(it.tol, it.d.base, it.d.metric);
    const [lo, hi] = deltaRange(it.d.metric);
    return { it, sg, allowed, test: { improvement: sg * it.d.delta, se: it.d.se, allowed, range: [lo, hi] as [number, number] } };
  });
  const vs = comparisonVerdicts(
    prepared.map((x) => x.test),
    alpha,
    method,
    1 - o.confidence,
  );
  return prepared.map(({ it, sg, allowed }, i) => {
    const v = vs[i];
    const verdict: Verdict = v.verdict === 'fail' && it.assumption ? 'inconclusive' : v.verdict;
    const status: CheckStatus =
      verdict === 'pass' ? 'pass' : verdict === 'inconclusive' ? (inconclusive === 'fail' ? 'fail' : 'warn') : 'fail';
    return {
      ...it,
      allowed,
      tolText: describeTolerance(it.tol, allowed, it.d.metric),
      v,
      verdict,
      status,
      dlo: sg === 1 ? v.lo : -v.hi,
      dhi: sg === 1 ? v.hi : -v.lo,
    };
  });
}

/** A signed number as printed: "+0.012", "-0.5", "±0". */
function signed(text: string): string {
  return text.startsWith('-') || text === '0' ? (text === '0' ? '±0' : text) : `+${text}`;
}

/** The one-sided levels of the printed bounds, left then right (for a lower-is-better metric the regression bound is the left one). */
function levelsText(j: Judged): string {
  const pass = boundText(j.v.passLevel);
  const fail = boundText(j.v.level);
  return sign(j.d.metric) === 1 ? `${pass} / ${fail}` : `${fail} / ${pass}`;
}

/** "[-0.0071, +0.0081]": each bound printed against the threshold it is judged by. */
function boundsText(j: Judged): string {
  if (Number.isNaN(j.dlo)) return '';
  const thr = sign(j.d.metric) * -j.allowed;
  return `[${signed(fmtVersus(j.dlo, thr).value)}, ${signed(fmtVersus(j.dhi, thr).value)}]`;
}

/** "[-0.0071, +0.0081] (one-sided 95% / 98.75%)": each bound printed against the threshold it is judged by. */
export function intervalText(j: Judged): string {
  const b = boundsText(j);
  return b ? `${b} (one-sided ${levelsText(j)})` : '';
}

/** The comparison's fields for a check (the comment tabulates them); `slice` for a slice's comparison. */
export function comparisonFields(j: Judged, n: number | undefined, slice?: string): CheckComparison {
  const d = j.d;
  return {
    ...(slice === undefined ? {} : { slice }),
    metric: d.metric,
    base: Number.isNaN(d.base) ? null : d.base,
    head: Number.isNaN(d.head) ? null : d.head,
    delta: `${fmtDelta(Number.isNaN(d.delta) ? null : d.delta)} ${boundsText(j)}`.trim(),
    ...(Number.isNaN(j.dlo) ? {} : { levels: levelsText(j) }),
    ...(n !== undefined && n > 0 ? { n } : {}),
    verdict: j.verdict,
    detectable: Number.isFinite(j.v.mde) ? j.v.mde : null,
  };
}

/** Words for the verdict, with the decisive bound against the tolerance (printed so that they compare as the verdict did). */
export function verdictText(j: Judged, n: number): string {
  const sg = sign(j.d.metric);
  const thr = -sg * j.allowed;
  const what = sg === 1 ? 'drop' : 'rise';
  const t = fmt(j.allowed);
  if (j.verdict === 'undefined')
    return `undefined (${Number.isNaN(j.d.head) ? 'head' : Number.isNaN(j.d.base) ? 'base' : 'no standard error'}); an undefined comparison never passes`;
  if (j.verdict === 'fail') {
    const b = fmtVersus(sg === 1 ? j.dhi : j.dlo, thr);
    return `a regression: the interval shows a ${what} beyond the tolerance ${t} (${sg === 1 ? 'upper' : 'lower'} bound ${signed(b.value)} ${sg === 1 ? '<' : '>'} ${signed(b.threshold)} at ${boundText(j.v.level)}; adjusted p = ${j.v.pAdj.toPrecision(3)})`;
  }
  if (j.verdict === 'pass') {
    const b = fmtVersus(sg === 1 ? j.dlo : j.dhi, thr);
    return `rules out a ${what} beyond the tolerance ${t} (${sg === 1 ? 'lower' : 'upper'} bound ${signed(b.value)} ${sg === 1 ? '>=' : '<='} ${signed(b.threshold)} at ${boundText(j.v.passLevel)})`;
  }
  const why =
    j.v.verdict === 'fail' && j.assumption
      ? `a ${what} beyond ${t} only under an assumption (${j.assumption}), so not a regression`
      : `neither shows nor rules out a ${what} beyond ${t}`;
  return `inconclusive: ${why}; ${n > 0 ? `with n = ${groupDigits(n)} ` : ''}this comparison can detect a ${what} of ${fmt(j.v.mde)} or more (80% power)`;
}

/** What the family's adjustment was, for method lines and notes: "Holm across 4 key metrics at alpha 0.05". */
export function familyText(method: FdrMethod, count: number, what: string, alpha: number): string {
  const name = method === 'holm' ? 'Holm' : method === 'bh' ? 'Benjamini-Hochberg' : 'no adjustment';
  return `${name} across ${count} ${what} at family alpha ${fmt(alpha)}`;
}

/** The minimum detectable effect as a table cell. */
export const mdeText = (j: Judged): string => (Number.isFinite(j.v.mde) ? fmt(j.v.mde) : '');

/** "-0.0194 [-0.0261, -0.0127] (one-sided 95% / 98.75%)" for tables. */
export const deltaCell = (j: Judged): string => `${fmtDelta(Number.isNaN(j.d.delta) ? null : j.d.delta)} ${intervalText(j)}`.trim();

/**
 * A comparison with a baseline report's record (aggregated values, no base predictions): independent
 * samples, so the variances add (conservative when both ran on the same eval set). A record without
 * a standard error is taken to have the head's (same eval-set size): such a comparison can pass or be
 * inconclusive, never a regression.
 */
export function recordDelta(metric: string, head: number, headSe: number, base: number, baseSe: number | undefined): ComparisonItem {
  const known = baseSe !== undefined && Number.isFinite(baseSe);
  const bse = known ? baseSe : headSe;
  const d: DeltaResult = {
    metric,
    group: 0,
    base,
    head,
    delta: head - base,
    se: Math.hypot(headSe, bse),
    lo: NaN,
    hi: NaN,
    method: `baseline report's value${known ? ' and standard error' : ''} against the head's, independent samples (variances added)`,
    headInterval: null,
    baseInterval: null,
    headSe,
    baseSe: bse,
  };
  return { d, tol: undefined, ...(known ? {} : { assumption: "the baseline report has no standard error; taken equal to the head's" }) };
}

/** The check of one comparison: the numbers, the interval its verdict used, the verdict in words. */
export function comparisonCheck(j: Judged, n: number, family: string, file: string): Check {
  const d = j.d;
  return {
    name: `${d.metric} vs base`,
    status: j.status,
    message: `${d.metric}: base ${fmt(nan(d.base))}, head ${fmt(nan(d.head))}, delta ${deltaCell(j)}: ${verdictText(j, n)}${d.test ? `; ${d.test}` : ''}`,
    value: nan(d.delta),
    threshold: j.tolText,
    method: `${d.method}; regression bound: ${family}; pass bound: one-sided ${boundText(j.v.passLevel)}${j.assumption ? `; ${j.assumption}` : ''}`,
    file,
    comparison: comparisonFields(j, n),
  };
}

const nan = (v: number): number | null => (Number.isNaN(v) ? null : v);
