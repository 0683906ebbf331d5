/**
 * Comparing a candidate model with the serving model on the same requests (a shadow test):
 * agreement of the predicted class at a threshold (Wilson interval), the paired mean score
 * difference (t interval), and disagreement per slice with a one-sided exact binomial test of
 * "more disagreement than allowed", adjusted across slices (Benjamini-Hochberg or Holm).
 * Pure functions on typed arrays; rows where either score is NaN are left out.
 */
import { binomialUpperTail } from './beta.js';
import { meanInterval, moments, type MeanDifference } from './means.js';
import { adjust, type FdrMethod } from './multiple-testing.js';
import { wilsonInterval } from './proportions.js';

export interface AgreementResult {
  /** Rows with both scores. */
  n: number;
  disagree: number;
  /** Share of rows whose predicted class is the same from both models. */
  rate: number;
  /** Wilson interval of the agreement rate. */
  lo: number;
  hi: number;
}

/** Agreement of the class (score >= threshold) over the rows where `keep(i)` (default all). */
export function agreement(
  serving: Float64Array,
  candidate: Float64Array,
  threshold: number,
  confidence: number,
  keep?: (i: number) => boolean,
): AgreementResult {
  let n = 0;
  let disagree = 0;
  for (let i = 0; i < serving.length; i++) {
    const s = serving[i];
    const c = candidate[i];
    if (Number.isNaN(s) || Number.isNaN(c) || (keep && !keep(i))) continue;
    n++;
    if (s >= threshold !== c >= threshold) disagree++;
  }
  const w = wilsonInterval(n - disagree, n, confidence);
  return { n, disagree, rate: w.p, lo: w.lo, hi: w.hi };
}

/** Mean of candidate - serving over rows with both scores, with its t interval, and the mean absolute difference. */
export function scoreShift(
  serving: Float64Array,
  candidate: Float64Array,
  confidence: number,
): MeanDifference & { n: number; meanAbs: number; maxAbs: number } {
  const d = new Float64Array(serving.length);
  let k = 0;
  let abs = 0;
  let maxAbs = 0;
  for (let i = 0; i < serving.length; i++) {
    const x = candidate[i] - serving[i];
    if (Number.isNaN(x)) continue;
    d[k++] = x;
    abs += Math.abs(x);
    maxAbs = Math.max(maxAbs, Math.abs(x));
  }
  const m = moments(d.subarray(0, k));
  return { ...meanInterval(m, confidence), n: k, meanAbs: k ? abs / k : NaN, maxAbs };
}

export interface SliceDisagreement {
  column: string;
  value: string;
  result: AgreementResult;
  /** Disagreement rate and its Wilson interval. */
  rate: number;
  lo: number;
  hi: number;
  /** One-sided p of "disagreement above the allowed rate", adjusted across the slices tested; NaN when too small to test. */
  pAdjusted: number;
  verdict: 'pass' | 'fail' | 'inconclusive' | 'insufficient data';
}

/**
 * Disagreement per slice value against `maxDisagreement`. A slice fails when its adjusted p is below
 * alpha/2 (the one-sided level matching the two-sided interval) and its whole interval is above the
 * allowed rate; passes when the whole interval is at or below it; is inconclusive otherwise.
 * Slices smaller than `minSize` are "insufficient data", neither a pass nor a fail.
 */
export function sliceDisagreement(
  serving: Float64Array,
  candidate: Float64Array,
  slices: ReadonlyMap<string, { codes: Int32Array; values: string[] }>,
  o: { threshold: number; confidence: number; maxDisagreement: number; minSize: number; fdr: FdrMethod },
): SliceDisagreement[] {
  const out: SliceDisagreement[] = [];
  for (const [column, g] of slices) {
    g.values.forEach((value, k) => {
      const r = agreement(serving, candidate, o.threshold, o.confidence, (i) => g.codes[i] === k);
      out.push({ column, value, result: r, rate: 1 - r.rate, lo: 1 - r.hi, hi: 1 - r.lo, pAdjusted: NaN, verdict: 'insufficient data' });
    });
  }
  const tested = out.filter((s) => s.result.n >= o.minSize);
  const p = tested.map((s) => binomialUpperTail(s.result.disagree, s.result.n, o.maxDisagreement));
  const adj = adjust(p, o.fdr);
  const alpha = (1 - o.confidence) / 2;
  tested.forEach((s, i) => {
    s.pAdjusted = adj[i];
    if (s.hi <= o.maxDisagreement) s.verdict = 'pass';
    else if (adj[i] < alpha && s.lo > o.maxDisagreement) s.verdict = 'fail';
    else s.verdict = 'inconclusive';
  });
  return out;
}
