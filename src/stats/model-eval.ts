/**
 * Metrics of prediction sets with intervals, and comparisons of two models (head vs base). Methods:
 * - unweighted binary sets with scores (binary-eval.ts, binary-intervals.ts): analytic at every size,
 *   each interval inside its metric's range (Wilson; DeLong on the logit scale; per-example influence
 *   values on the logit or log scale; ECE bias-corrected); a head - base difference has the standard
 *   error of the per-row differences (paired by id) or the root sum of squares (independent sets);
 * - every other set (bootstrap-eval.ts): a seeded bootstrap resampling rows, percentile intervals for
 *   one model, the bootstrap standard error for a difference, Wilson for unweighted accuracy.
 * Each figure's method string names which one was used. A difference's verdict (pass, regression,
 * inconclusive) is decided from its standard error at the level the gate's false-alarm budget gives
 * (verdict.ts), not here.
 */
import { analyticEligible, binaryCompare, binarySummary } from './binary-eval.js';
import { bootstrapCompare, bootstrapSummary } from './bootstrap-eval.js';
import type { Comparison, EvalSettings, MetricSet, MetricSummary } from './metric-set.js';

export {
  binaryPredicted,
  DEFAULT_SETTINGS,
  deltaRange,
  MetricSet,
  metricRange,
  metricsFor,
  predictedLabels,
  type Comparison,
  type DeltaResult,
  type EvalSettings,
  type Interval,
  type MetricSummary,
} from './metric-set.js';

/** Point values, intervals (at the settings' confidence) and standard errors of every metric in every group row. */
export function summarize(set: MetricSet, s: EvalSettings): MetricSummary {
  return analyticEligible(set.pred) ? binarySummary(set, s) : bootstrapSummary(set, s);
}

/**
 * Compare head with base for `metrics` (overall and per group of the grouping). `baseRow` pairs
 * rows (head row i <-> base row baseRow[i]); null = independent eval sets. Base groups are matched
 * to head's by name.
 */
export function compareSets(
  head: MetricSet,
  base: MetricSet,
  metrics: readonly string[],
  baseRow: Int32Array | null,
  s: EvalSettings,
): Comparison {
  const wanted = metrics.map((m) => head.names.indexOf(m)).filter((m) => m >= 0);
  const baseGroup = Int32Array.from({ length: head.groups + 1 }, (_, g) => {
    if (g === 0) return 0;
    const k = base.groupNames.indexOf(head.groupNames[g - 1]);
    return k < 0 ? -1 : k + 1;
  });
  const baseGroupOf = (g: number) => baseGroup[g];
  if (analyticEligible(head.pred) && analyticEligible(base.pred)) {
    const c = binaryCompare(head, base, wanted, baseRow, baseGroupOf, s);
    if (c) return c;
  }
  return bootstrapCompare(head, base, wanted, baseRow, baseGroupOf, s);
}
