/**
 * A/B and canary comparisons of a business metric, treatment against control: a difference of
 * two proportions (Newcombe's hybrid score interval) or of two means (Welch's interval) at a fixed
 * sample size, or an always-valid confidence sequence (normal mixture, see sequential.ts) when the
 * experiment was looked at before it ended. Plus the sample-ratio-mismatch test (chi-squared
 * goodness of fit of the arm sizes to the planned allocation, as `scipy.stats.chisquare`).
 */
import { chi2Sf } from './distance.js';
import { welchInterval } from './means.js';
import { newcombeDifference } from './proportions.js';
import { confidenceSequence } from './sequential.js';

export interface ProportionArm {
  n: number;
  conversions: number;
}
export interface MeanArm {
  n: number;
  mean: number;
  sd: number;
}
export type ArmsInput =
  { kind: 'proportion'; control: ProportionArm; treatment: ProportionArm } | { kind: 'mean'; control: MeanArm; treatment: MeanArm };

export interface ArmsComparison {
  control: number;
  treatment: number;
  /** treatment - control. */
  delta: number;
  lo: number;
  hi: number;
  sequential: boolean;
  /** How the interval was computed, for the report. */
  method: string;
}

export interface CompareOptions {
  confidence: number;
  /** The experiment was looked at before its end (or several times): use the confidence sequence. */
  sequential: boolean;
  /** Planned total sample size (both arms), the point where the sequence is tuned to be tightest. */
  plannedN?: number;
}

const level = (c: number) => `${Number((c * 100).toFixed(2))}%`;

/** treatment - control with an interval; intervals for proportions stay within [-1, 1]. */
export function compareArms(input: ArmsInput, o: CompareOptions): ArmsComparison {
  const nTotal = input.control.n + input.treatment.n;
  if (input.kind === 'proportion') {
    const c = input.control;
    const t = input.treatment;
    const pc = c.conversions / c.n;
    const pt = t.conversions / t.n;
    if (!o.sequential) {
      const d = newcombeDifference(t.conversions, t.n, c.conversions, c.n, o.confidence);
      return {
        control: pc,
        treatment: pt,
        delta: d.delta,
        lo: d.lo,
        hi: d.hi,
        sequential: false,
        method: `Newcombe hybrid score ${level(o.confidence)} interval of the difference of proportions`,
      };
    }
    // plus-one (Agresti-Caffo) proportions for the variance only, so that 0 or n conversions do not give a zero width
    const at = (t.conversions + 1) / (t.n + 2);
    const ac = (c.conversions + 1) / (c.n + 2);
    const v = (at * (1 - at)) / t.n + (ac * (1 - ac)) / c.n;
    const s = confidenceSequence(pt - pc, v, nTotal, o.confidence, o.plannedN, [-1, 1]);
    return {
      control: pc,
      treatment: pt,
      delta: pt - pc,
      lo: s.lo,
      hi: s.hi,
      sequential: true,
      method: sequenceMethod(o, s.tunedFor, 'difference of proportions'),
    };
  }
  const c = input.control;
  const t = input.treatment;
  if (!o.sequential) {
    const w = welchInterval(t.mean, t.sd, t.n, c.mean, c.sd, c.n, o.confidence);
    return {
      control: c.mean,
      treatment: t.mean,
      delta: w.delta,
      lo: w.lo,
      hi: w.hi,
      sequential: false,
      method: `Welch ${level(o.confidence)} interval of the difference of means (${w.df.toFixed(1)} df)`,
    };
  }
  const v = (t.sd * t.sd) / t.n + (c.sd * c.sd) / c.n;
  const s = confidenceSequence(t.mean - c.mean, v, nTotal, o.confidence, o.plannedN);
  return {
    control: c.mean,
    treatment: t.mean,
    delta: t.mean - c.mean,
    lo: s.lo,
    hi: s.hi,
    sequential: true,
    method: sequenceMethod(o, s.tunedFor, 'difference of means'),
  };
}

function sequenceMethod(o: CompareOptions, tunedFor: number, what: string): string {
  return `always-valid ${level(o.confidence)} confidence sequence of the ${what} (normal mixture, Howard et al. 2021; tuned for n = ${tunedFor}${o.plannedN ? ', the planned size' : ', the final size'})`;
}

export interface SampleRatioTest {
  chi2: number;
  p: number;
  expectedShareControl: number;
  observedShareControl: number;
}

/** Sample ratio mismatch: chi-squared goodness of fit (1 df) of the arm sizes to the planned split. */
export function sampleRatioMismatch(nControl: number, nTreatment: number, shareControl: number): SampleRatioTest {
  const n = nControl + nTreatment;
  const ec = n * shareControl;
  const et = n - ec;
  const chi2 = (nControl - ec) ** 2 / ec + (nTreatment - et) ** 2 / et;
  return { chi2, p: chi2Sf(chi2, 1), expectedShareControl: shareControl, observedShareControl: nControl / n };
}
