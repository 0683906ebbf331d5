import * as z from 'zod';
import { evalReportRef } from '../evidence-refs.js';
import { nonEmptyString } from '../common.js';
import { lazyStrictObject, once } from '../lazy-object.js';

export const metricBound = once(() =>
  z
  .strictObject({
    min: z.number().optional().describe('The metric must be at least this (higher is better).'),
    max: z.number().optional().describe('The metric must be at most this (lower is better).'),
  })
  .refine((b) => b.min !== undefined || b.max !== undefined, { message: 'expected min and/or max' }),
);

const metricName = once(() =>
  nonEmptyString.describe('Metric name as scikit-learn names it, e.g. roc_auc, accuracy, f1_macro, log_loss, rmse.'),
);

export const toleranceConfig = once(() =>
  z
  .strictObject({
    absolute: z.number().min(0).optional().describe('Allowed drop in the metric, in its own units (e.g. 0.01 = one point of accuracy).'),
    relative: z.number().min(0).optional().describe('Allowed drop as a fraction of the base value (e.g. 0.02 = 2%). When both are set, the smaller allowed drop applies.'),
  })
  .describe('How much worse the head model may be than the base model. Without one, the default allowed drop applies (see comparison.tolerance).'),
);

export const predictionColumnsConfig = once(() =>
  z
  .strictObject({
    label: nonEmptyString.describe('Column with the true label (classification) or target value (regression).'),
    score: nonEmptyString.optional().describe('Binary: column with the predicted probability of the positive class.'),
    scores: z.array(nonEmptyString).min(2).optional().describe('Multiclass: one probability column per class, in the order of `classes`.'),
    prediction: nonEmptyString.optional().describe('Predicted label (classification without scores) or predicted value (regression).'),
    id: nonEmptyString.optional().describe('Example id; pairs base and head predictions (paired comparison). Ids must be unique.'),
    weight: nonEmptyString.optional().describe('Sample weight column (non-negative).'),
  })
  .describe('Which column holds what.'),
);

export const predictionsConfig = once(() =>
  z
  .strictObject({
    file: nonEmptyString.describe('Head (this PR) model predictions on the eval set: CSV, TSV or JSON Lines, optionally .gz.'),
    base: nonEmptyString.optional().describe('Base branch model predictions on the same eval set; paired by `columns.id` when both files have it.'),
    format: z.enum(['csv', 'tsv', 'jsonl']).optional().describe('File format; inferred from the extension when omitted.'),
    task: z.enum(['binary', 'multiclass', 'regression']).describe('Prediction task.'),
    columns: predictionColumnsConfig(),
    classes: z
      .array(z.union([nonEmptyString, z.number()]).transform(String))
      .min(2)
      .optional()
      .describe('Class labels as they appear in the label column. Binary: [negative, positive] (default 0 and 1). Multiclass: in the order of `columns.scores`.'),
    threshold: z.number().min(0).max(1).default(0.5).describe('Binary: an example is predicted positive when its score >= threshold.'),
    'ece-bins': z.number().int().min(2).max(1000).default(15).describe('Equal-width bins on [0, 1] for the expected calibration error (ece).'),
  })
  .describe('Compute metrics from prediction files instead of trusting reported numbers.'),
);

export const comparisonConfig = once(() =>
  z
  .strictObject({
    metrics: z.array(metricName()).min(1).describe('Key metrics compared with the base branch model.'),
    tolerance: toleranceConfig()
      .optional()
      .describe(
        'How much worse the head model may be than the base model. Default: 0.005 absolute for metrics on a bounded scale (accuracy, AUC, precision, recall, f1, average precision, Brier score, ECE, prediction bias), 1% of the base value for log loss and regression errors.',
      ),
    'metric-tolerance': z.record(z.string(), toleranceConfig()).optional().describe('Per-metric tolerance overrides, e.g. {roc_auc: {absolute: 0.005}}.'),
    confidence: z
      .number()
      .gt(0.5)
      .lt(1)
      .default(0.95)
      .describe(
        "Confidence level of each model's own intervals (two-sided). Verdicts on head - base use the gate's false-alarm budget (gate.false-alarm-rate) instead, and print the interval at the level they used.",
      ),
    resamples: z.number().int().min(100).max(100000).default(1000).describe('Bootstrap resamples.'),
    seed: z.number().int().min(0).default(42).describe('Seed of the bootstrap; the same inputs and seed give the same verdict.'),
    inconclusive: z
      .enum(['warn', 'fail'])
      .default('warn')
      .describe('What to do when the interval neither excludes nor shows a drop beyond the tolerance (the message states the smallest drop the data could detect).'),
    'suspicious-improvement': z
      .number()
      .positive()
      .optional()
      .describe('Warn when the whole interval shows an improvement larger than this (often a leak between training and eval data).'),
  })
  .describe(
    "Change vs the base branch model (monitor-7, infra-4), the key metrics as one family (Holm at the gate's comparison alpha): fails when the interval shows a drop beyond the tolerance, passes when it rules one out, inconclusive otherwise.",
  ),
);

export const slicesConfig = once(() =>
  z
  .strictObject({
    columns: z.array(nonEmptyString).min(1).describe('Categorical columns to slice by, e.g. [country, device].'),
    metrics: z.array(metricName()).min(1).optional().describe('Metrics per slice (default: the comparison metrics, else the threshold metrics).'),
    thresholds: z.record(z.string(), metricBound()).optional().describe('Absolute bounds every slice must meet, e.g. {roc_auc: {min: 0.75}}.'),
    'min-size': z.number().int().min(1).default(100).describe('Slices with fewer rows are reported as insufficient data (never a pass or a fail).'),
    compare: z.boolean().default(true).describe('Compare each slice with the base model (needs base predictions).'),
    fdr: z
      .enum(['bh', 'holm', 'none'])
      .default('bh')
      .describe("Multiple-testing control across every slice comparison of every slice column, at the gate's slices alpha: Benjamini-Hochberg (FDR), Holm (FWER) or none."),
  })
  .describe('Model quality on important data slices (model-6).'),
);

export const inclusionConfig = once(() =>
  z
  .strictObject({
    groups: z.array(nonEmptyString).min(1).describe('Sensitive-attribute columns, e.g. [gender, age_band]. Each is evaluated on its own.'),
    limits: z
      .strictObject({
        demographic_parity_difference: z.number().min(0).max(1).optional().describe('Maximum difference of selection rates between groups.'),
        demographic_parity_ratio: z.number().min(0).max(1).optional().describe('Minimum ratio of selection rates (0.8 = four-fifths rule).'),
        equalized_odds_difference: z.number().min(0).max(1).optional().describe('Maximum of the TPR and FPR gaps between groups.'),
        equalized_odds_ratio: z.number().min(0).max(1).optional().describe('Minimum of the TPR and FPR ratios (smallest over largest) between groups.'),
      })
      .describe(
        'Limits per fairness metric (fairlearn definitions). A value beyond its limit fails when the two groups that set it differ significantly (two-proportion z-test, Bonferroni across group pairs, Holm across the limits at the gate\'s inclusion alpha); otherwise it is inconclusive (see `inconclusive`).',
      ),
    'min-group-size': z
      .number()
      .int()
      .min(1)
      .default(30)
      .describe('Groups with fewer rows are insufficient data for demographic parity (listed with a warning, never dropped silently). Demographic parity needs no labels.'),
    'min-positives': z.number().int().min(1).default(30).describe('Groups with fewer positives are insufficient data for equalized odds (listed with a warning).'),
    'min-negatives': z.number().int().min(1).default(30).describe('Groups with fewer negatives are insufficient data for equalized odds (listed with a warning).'),
    inconclusive: z
      .enum(['warn', 'fail'])
      .default('warn')
      .describe('What to do when a value is beyond its limit but the groups do not differ significantly (too few rows to tell): warn, or fail (the model must show that it meets the limit).'),
  })
  .describe('Considerations of inclusion (model-7): group metrics across sensitive groups (binary tasks).'),
);

export const reproducibilityConfig = once(() =>
  z
  .strictObject({
    'eval-reports': z.array(nonEmptyString).length(2).optional().describe('Two evaluation reports of two trainings on the same data.'),
    predictions: z.array(nonEmptyString).length(2).optional().describe('Two prediction files of two trainings (same format and columns as `predictions`), paired by id.'),
    'metric-tolerance': z.number().min(0).default(0.005).describe('Largest allowed absolute difference per metric between the two runs.'),
    'prediction-tolerance': z.number().min(0).default(0.01).describe('Largest allowed absolute difference per example score/prediction.'),
    'max-differing-share': z.number().min(0).max(1).default(0.001).describe('Share of examples allowed to differ by more than prediction-tolerance.'),
  })
  .describe('Training is reproducible (infra-1).'),
);

export const predictionBiasConfig = once(() =>
  z
  .strictObject({
    max: z.number().min(0).max(1).describe('Largest allowed |mean predicted probability - observed positive rate|.'),
    slices: z.boolean().default(true).describe('Also check each slice with enough rows.'),
  })
  .describe('Prediction bias near zero (monitor-7, binary tasks).'),
);

export const simplerModelConfig = once(() =>
  z
  .strictObject({
    metric: nonEmptyString.describe('Key metric the candidate must win on.'),
    margin: z.number().min(0).default(0).describe('The candidate must beat the simpler model by at least this.'),
    predictions: nonEmptyString.optional().describe('Predictions of the simpler model on the same eval set (same columns); otherwise the eval report baselineModel is used.'),
  })
  .describe('A simpler baseline model must not be better (model-5).'),
);

/**
 * The model section, its fields built on demand (lazy-object.ts): a run builds the fields its config
 * uses (a report-level config: eval-report, thresholds, simpler-model), the JSON Schema all of them.
 */
export const modelConfig = lazyStrictObject(
  {
    'eval-report': () =>
      evalReportRef.optional().describe('Evaluation report: a path (ml-test-gate eval-report JSON) or {path, format: dvc | mlflow | sklearn-report, ...}.'),
    thresholds: () =>
      z
        .record(z.string(), metricBound())
        .optional()
        .describe('Absolute bounds per metric, e.g. {roc_auc: {min: 0.85}, log_loss: {max: 0.35}} (infra-4). Checked on metrics computed from `predictions` when set, else on the eval report.'),
    'simpler-model': () => simplerModelConfig().optional(),
    predictions: () => predictionsConfig().optional(),
    comparison: () => comparisonConfig().optional(),
    slices: () => slicesConfig().optional(),
    inclusion: () => inclusionConfig().optional(),
    reproducibility: () => reproducibilityConfig().optional(),
    'prediction-bias': () => predictionBiasConfig().optional(),
  },
  (o) => o.describe('Model validation.'),
);

export type ModelConfig = z.infer<ReturnType<typeof modelConfig.full>>;
export type PredictionsConfig = z.infer<ReturnType<typeof predictionsConfig>>;
export type ComparisonConfig = z.infer<ReturnType<typeof comparisonConfig>>;
export type SlicesConfig = z.infer<ReturnType<typeof slicesConfig>>;
export type InclusionConfig = z.infer<ReturnType<typeof inclusionConfig>>;
export type ReproducibilityConfig = z.infer<ReturnType<typeof reproducibilityConfig>>;
export type Tolerance = z.infer<ReturnType<typeof toleranceConfig>>;
