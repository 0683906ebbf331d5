/**
 * Group fairness metrics as fairlearn defines them: selection rate P(pred = 1 | A = a),
 * demographic_parity_difference = max - min selection rate, demographic_parity_ratio = min / max,
 * equalized_odds_difference = max(TPR gap, FPR gap). Groups below the minimum positives/negatives
 * are "insufficient data" and left out of the rate gaps that need them (never a silent 0).
 */

export const FAIRNESS_METRICS = ['demographic_parity_difference', 'demographic_parity_ratio', 'equalized_odds_difference'] as const;
export type FairnessMetric = (typeof FAIRNESS_METRICS)[number];

export interface GroupRates {
  group: string;
  n: number;
  positives: number;
  negatives: number;
  /** Weighted selection rate (NaN when the group has no weight). */
  selectionRate: number;
  /** NaN when insufficient positives. */
  tpr: number;
  /** NaN when insufficient negatives. */
  fpr: number;
  /** Too few positives or negatives for TPR/FPR. */
  insufficient: boolean;
}

export interface FairnessResult {
  groups: GroupRates[];
  /** NaN when fewer than two groups qualify. */
  demographic_parity_difference: number;
  demographic_parity_ratio: number;
  equalized_odds_difference: number;
  tprGap: number;
  fprGap: number;
}

export interface FairnessInput {
  y: ArrayLike<number>;
  pred: ArrayLike<number>;
  /** Group code per row (-1 = no group). */
  group: ArrayLike<number>;
  names: readonly string[];
  w?: ArrayLike<number> | null;
}

export function fairness(input: FairnessInput, minPositives: number, minNegatives: number): FairnessResult {
  const k = input.names.length;
  const W = new Float64Array(k);
  const S = new Float64Array(k);
  const Pw = new Float64Array(k);
  const TPw = new Float64Array(k);
  const Nw = new Float64Array(k);
  const FPw = new Float64Array(k);
  const n = new Int32Array(k);
  const pos = new Int32Array(k);
  for (let i = 0; i < input.y.length; i++) {
    const g = input.group[i];
    if (g < 0) continue;
    const w = input.w ? input.w[i] : 1;
    const pr = input.pred[i] ? 1 : 0;
    n[g]++;
    W[g] += w;
    S[g] += w * pr;
    if (input.y[i]) {
      pos[g]++;
      Pw[g] += w;
      TPw[g] += w * pr;
    } else {
      Nw[g] += w;
      FPw[g] += w * pr;
    }
  }
  const groups: GroupRates[] = [];
  for (let g = 0; g < k; g++) {
    if (n[g] === 0) continue;
    const insufficient = pos[g] < minPositives || n[g] - pos[g] < minNegatives;
    groups.push({
      group: input.names[g],
      n: n[g],
      positives: pos[g],
      negatives: n[g] - pos[g],
      selectionRate: W[g] > 0 ? S[g] / W[g] : NaN,
      tpr: pos[g] >= Math.max(1, minPositives) && Pw[g] > 0 ? TPw[g] / Pw[g] : NaN,
      fpr: n[g] - pos[g] >= Math.max(1, minNegatives) && Nw[g] > 0 ? FPw[g] / Nw[g] : NaN,
      insufficient,
    });
  }
  const ok = groups.filter((g) => !g.insufficient);
  const range = (vals: number[]) => (vals.length >= 2 ? Math.max(...vals) - Math.min(...vals) : NaN);
  const sel = ok.map((g) => g.selectionRate).filter((v) => !Number.isNaN(v));
  const maxSel = sel.length >= 2 ? Math.max(...sel) : NaN;
  const tprGap = range(ok.map((g) => g.tpr));
  const fprGap = range(ok.map((g) => g.fpr));
  return {
    groups,
    demographic_parity_difference: range(sel),
    demographic_parity_ratio: sel.length >= 2 && maxSel > 0 ? Math.min(...sel) / maxSel : NaN,
    equalized_odds_difference: Number.isNaN(tprGap) || Number.isNaN(fprGap) ? NaN : Math.max(tprGap, fprGap),
    tprGap,
    fprGap,
  };
}
