/**
 * Group fairness metrics as fairlearn defines them (`method='between_groups'`, `agg='worst_case'`):
 * selection rate P(pred = 1 | A = a); demographic_parity_difference = max - min selection rate,
 * demographic_parity_ratio = min / max; equalized_odds_difference = max(TPR gap, FPR gap) and
 * equalized_odds_ratio = min(TPR ratio, FPR ratio), each ratio min / max over groups.
 *
 * Which groups enter: demographic parity needs no labels, so every group with at least
 * `minGroupSize` rows; equalized odds needs the group's true- and false-positive rates, so at least
 * `minPositives` positives and `minNegatives` negatives. A group below its minimum is "insufficient
 * data" and listed as such (the evaluator warns); it is never dropped silently. On the groups that
 * enter, the values equal fairlearn's.
 *
 * For each metric, `pairs` holds the two groups that set it and how surely their rates differ: a
 * pooled two-proportion z-test (two-sided) on the groups' counts, Bonferroni-adjusted for the pairs
 * the extreme could have come from (k (k - 1) / 2 per rate; twice that for equalized odds, which
 * picks the worse of two rates). A limit is then judged as the four-fifths rule is applied (EEOC,
 * 29 CFR 1607.4D): on the point estimate, with a difference that is not statistically significant
 * not counted as a violation.
 */
import { normalCdf } from './distributions.js';

export const FAIRNESS_METRICS = [
  'demographic_parity_difference',
  'demographic_parity_ratio',
  'equalized_odds_difference',
  'equalized_odds_ratio',
] as const;
export type FairnessMetric = (typeof FAIRNESS_METRICS)[number];

export interface GroupRates {
  group: string;
  n: number;
  positives: number;
  negatives: number;
  /** Predicted positive (unweighted counts, for the tests). */
  selected: number;
  truePositives: number;
  falsePositives: number;
  /** Weighted selection rate (NaN when the group has no weight). */
  selectionRate: number;
  /** NaN without positives. */
  tpr: number;
  /** NaN without negatives. */
  fpr: number;
  /** Enough rows for demographic parity. */
  dp: boolean;
  /** Enough positives and negatives for equalized odds. */
  eo: boolean;
}

/** The two groups that set a metric, and the p-value that their rates differ (Bonferroni across the possible pairs). */
export interface GroupPair {
  rate: 'selection rate' | 'TPR' | 'FPR';
  low: string;
  high: string;
  p: number;
}

export interface FairnessResult {
  groups: GroupRates[];
  /** NaN when fewer than two groups enter. */
  demographic_parity_difference: number;
  demographic_parity_ratio: number;
  equalized_odds_difference: number;
  equalized_odds_ratio: number;
  tprGap: number;
  fprGap: number;
  pairs: Record<FairnessMetric, GroupPair | null>;
}

export interface FairnessInput {
  y: ArrayLike<number>;
  pred: ArrayLike<number>;
  /** Group code per row (-1 = no group). */
  group: ArrayLike<number>;
  names: readonly string[];
  w?: ArrayLike<number> | null;
}

export interface FairnessMinimums {
  minGroupSize: number;
  minPositives: number;
  minNegatives: number;
}

/** Per-group counts and weighted rates. */
function groupRates(input: FairnessInput, min: FairnessMinimums): GroupRates[] {
  const k = input.names.length;
  const acc = Array.from({ length: k }, () => ({ n: 0, pos: 0, sel: 0, tp: 0, fp: 0, W: 0, S: 0, P: 0, TP: 0, N: 0, FP: 0 }));
  for (let i = 0; i < input.y.length; i++) {
    const g = input.group[i];
    if (g < 0) continue;
    const a = acc[g];
    const w = input.w ? input.w[i] : 1;
    const pr = input.pred[i] ? 1 : 0;
    a.n++;
    a.sel += pr;
    a.W += w;
    a.S += w * pr;
    if (input.y[i]) {
      a.pos++;
      a.tp += pr;
      a.P += w;
      a.TP += w * pr;
    } else {
      a.fp += pr;
      a.N += w;
      a.FP += w * pr;
    }
  }
  const out: GroupRates[] = [];
  acc.forEach((a, g) => {
    if (a.n === 0) return;
    out.push({
      group: input.names[g],
      n: a.n,
      positives: a.pos,
      negatives: a.n - a.pos,
      selected: a.sel,
      truePositives: a.tp,
      falsePositives: a.fp,
      selectionRate: a.W > 0 ? a.S / a.W : NaN,
      tpr: a.P > 0 ? a.TP / a.P : NaN,
      fpr: a.N > 0 ? a.FP / a.N : NaN,
      dp: a.n >= min.minGroupSize,
      eo: a.pos >= Math.max(1, min.minPositives) && a.n - a.pos >= Math.max(1, min.minNegatives),
    });
  });
  return out;
}

/** Two-sided pooled z-test that k1/n1 and k2/n2 differ; 1 when both rates are 0 or both 1. */
export function twoProportionP(k1: number, n1: number, k2: number, n2: number): number {
  const pool = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(pool * (1 - pool) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return 1;
  return 2 * normalCdf(-Math.abs(k1 / n1 - k2 / n2) / se);
}

interface Extremes {
  min: number;
  max: number;
  low: GroupRates;
  high: GroupRates;
}

function extremes(groups: GroupRates[], rate: (g: GroupRates) => number): Extremes | null {
  const ok = groups.filter((g) => !Number.isNaN(rate(g)));
  if (ok.length < 2) return null;
  let low = ok[0];
  let high = ok[0];
  for (const g of ok) {
    if (rate(g) < rate(low)) low = g;
    if (rate(g) > rate(high)) high = g;
  }
  return { min: rate(low), max: rate(high), low, high };
}

const RATES = {
  'selection rate': { rate: (g: GroupRates) => g.selectionRate, k: (g: GroupRates) => g.selected, n: (g: GroupRates) => g.n },
  TPR: { rate: (g: GroupRates) => g.tpr, k: (g: GroupRates) => g.truePositives, n: (g: GroupRates) => g.positives },
  FPR: { rate: (g: GroupRates) => g.fpr, k: (g: GroupRates) => g.falsePositives, n: (g: GroupRates) => g.negatives },
} as const;

function pairOf(name: keyof typeof RATES, e: Extremes, comparisons: number): GroupPair {
  const r = RATES[name];
  const p = twoProportionP(r.k(e.low), r.n(e.low), r.k(e.high), r.n(e.high));
  return { rate: name, low: e.low.group, high: e.high.group, p: Math.min(1, p * comparisons) };
}

const ratio = (e: Extremes | null) => (e && e.max > 0 ? e.min / e.max : NaN);
const gap = (e: Extremes | null) => (e ? e.max - e.min : NaN);

export function fairness(input: FairnessInput, min: FairnessMinimums): FairnessResult {
  const groups = groupRates(input, min);
  const dpGroups = groups.filter((g) => g.dp);
  const eoGroups = groups.filter((g) => g.eo);
  const sel = extremes(dpGroups, RATES['selection rate'].rate);
  const tpr = extremes(eoGroups, RATES.TPR.rate);
  const fpr = extremes(eoGroups, RATES.FPR.rate);
  const kd = dpGroups.length;
  const ke = eoGroups.length;
  const dpPairs = (kd * (kd - 1)) / 2;
  const eoPairs = ke * (ke - 1);
  const tprGap = gap(tpr);
  const fprGap = gap(fpr);
  const eoOk = tpr !== null && fpr !== null;
  const tprRatio = ratio(tpr);
  const fprRatio = ratio(fpr);
  const worseGap = tprGap >= fprGap ? 'TPR' : 'FPR';
  const worseRatio = !(fprRatio < tprRatio) ? 'TPR' : 'FPR';
  const eoPair = (which: 'TPR' | 'FPR') => (eoOk ? pairOf(which, which === 'TPR' ? tpr! : fpr!, eoPairs) : null);
  return {
    groups,
    demographic_parity_difference: gap(sel),
    demographic_parity_ratio: ratio(sel),
    equalized_odds_difference: eoOk ? Math.max(tprGap, fprGap) : NaN,
    equalized_odds_ratio: eoOk && !Number.isNaN(tprRatio) && !Number.isNaN(fprRatio) ? Math.min(tprRatio, fprRatio) : NaN,
    tprGap,
    fprGap,
    pairs: {
      demographic_parity_difference: sel ? pairOf('selection rate', sel, dpPairs) : null,
      demographic_parity_ratio: sel ? pairOf('selection rate', sel, dpPairs) : null,
      equalized_odds_difference: eoPair(worseGap),
      equalized_odds_ratio: eoPair(worseRatio),
    },
  };
}
