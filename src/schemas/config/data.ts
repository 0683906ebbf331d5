import * as z from 'zod';
import { snapshotRef } from '../evidence-refs.js';
import { httpUrl, isoDate, nonEmptyString } from '../common.js';

export const DISTANCE_METHODS = ['js', 'linf', 'psi', 'ks', 'wasserstein', 'chi2'] as const;
export type DistanceMethod = (typeof DISTANCE_METHODS)[number];

/**
 * Default practical thresholds of the effects (docs/methods/drift.md says why, with the simulated
 * rates). A feature drifts when the two-sample test is significant (Holm over the features, at the
 * family's share of gate.false-alarm-rate) AND its effect is above the threshold; chi2 is the test
 * alone, its threshold the significance level (default: the family's share).
 */
export const DEFAULT_THRESHOLDS: Record<DistanceMethod, number> = {
  js: 0.005, // JS divergence in bits on 20 bins of equal reference mass; a 0.25-sd mean shift gives ~0.011
  linf: 0.05, // a category's share moved by 5 percentage points (a 0.10 change gives 0.10)
  psi: 0.25, // the conventional "significant shift" (a 0.25-sd shift gives only ~0.06)
  ks: 0.05, // KS statistic D; a 0.25-sd shift of a normal gives D ~ 0.10
  wasserstein: 0.1, // normalised Wasserstein (W1 / std_ref), Evidently's default; a 0.25-sd shift gives 0.25
  chi2: 0.05, // significance level of the Holm-adjusted p-value when set; unset: the family's share of gate.false-alarm-rate
};

export const NUMERIC_METHODS: readonly DistanceMethod[] = ['js', 'psi', 'ks', 'wasserstein'];
export const CATEGORICAL_METHODS: readonly DistanceMethod[] = ['linf', 'chi2', 'psi', 'js'];

const method = z
  .enum(DISTANCE_METHODS)
  .describe('js: Jensen-Shannon divergence, log2 (numeric default); linf: L-infinity (categorical default); psi; ks: Kolmogorov-Smirnov D; wasserstein: normalised Wasserstein (numeric); chi2: chi-squared test (categorical).');

export const comparatorConfig = z
  .strictObject({
    method: method,
    threshold: z
      .number()
      .positive()
      .optional()
      .describe(
        'Practical threshold of the effect; defaults: js 0.005, linf 0.05, psi 0.25, ks 0.05, wasserstein 0.1. chi2: the significance level (default: the family share of gate.false-alarm-rate).',
      ),
  })
  .describe('How one feature is compared.');

export const featureComparatorConfig = z.union([
  comparatorConfig,
  z.strictObject({ ignore: z.literal(true).describe('Do not compare this feature.') }),
]);

const comparisonSettings = {
  numeric: comparatorConfig.default({ method: 'js' }).describe('Method for int and float features (default: JS divergence, log2, threshold 0.005).'),
  categorical: comparatorConfig
    .default({ method: 'linf' })
    .describe('Method for string and bool features (default: L-infinity, threshold 0.05).'),
  features: z
    .record(z.string(), featureComparatorConfig)
    .default({})
    .describe('Per-feature method and threshold, or {ignore: true}.'),
  fdr: z
    .number()
    .gt(0)
    .lt(1)
    .optional()
    .describe(
      "Significance level of the two-sample tests, family-wise over the compared features (Holm). Default: this family's share of gate.false-alarm-rate; set it only to override that share.",
    ),
  'min-count': z
    .number()
    .int()
    .min(1)
    .default(100)
    .describe('Fewer present values than this on either side: "insufficient data" (a warning, never a pass or fail).'),
};

export const skewConfig = z
  .strictObject({
    ...comparisonSettings,
    'max-presence-diff': z
      .number()
      .min(0)
      .max(1)
      .default(0.05)
      .describe('Largest allowed difference in presence (fraction of rows) between training and serving.'),
  })
  .describe('Training/serving skew (monitor-3): needs data.training and data.serving.');

export const driftConfig = z
  .strictObject({
    ...comparisonSettings,
    base: snapshotRef()
      .optional()
      .describe('Base-branch training data (snapshot or raw data). Default: the snapshot recorded in the baseline report (records["data-drift"]).'),
    'on-drift': z.enum(['warn', 'fail']).default('warn').describe('A drifting feature between base and head: warn (default) or fail data-1.'),
  })
  .describe('Drift of the training data between the base branch and the head; shows the schema diff.');

export const importanceConfig = z
  .strictObject({
    report: nonEmptyString.describe('Feature-importance report (JSON: {"schemaVersion": 1, "method": "...", "features": {"name": importance}}).'),
    floor: z.number().default(0).describe('Every feature must have importance above this (leave-one-out or permutation importance).'),
  })
  .describe('All features are beneficial (data-2).');

export const costConfig = z
  .strictObject({
    'max-latency-ms': z.number().nonnegative().optional().describe('Largest inference latency one feature may add (ms).'),
    'max-memory-mb': z.number().nonnegative().optional().describe('Largest serving memory one feature may need (MB).'),
    'max-upstream': z.number().int().nonnegative().optional().describe('Most upstream dependencies one feature may have.'),
    'total-latency-ms': z.number().nonnegative().optional().describe('Budget for the latency of all features together (ms).'),
    'total-memory-mb': z.number().nonnegative().optional().describe('Budget for the memory of all features together (MB).'),
  })
  .describe('Feature cost budget (data-3). Costs come from the schema (or snapshot) metadata `cost`; a feature without one is unmeasured (an error).');

const denyEntry = nonEmptyString.refine(
  (s) => {
    if (!(s.length > 2 && s.startsWith('/') && s.endsWith('/'))) return true;
    try {
      new RegExp(s.slice(1, -1));
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected a feature name, a glob with * (e.g. raw_*), or a regular expression between slashes (e.g. /^ssn/) that compiles' },
);

export const metaConfig = z
  .strictObject({
    deny: z.array(denyEntry).default([]).describe('Feature names that may not be used: exact names, globs (raw_*) or /regular expressions/.'),
    'deny-tags': z.array(nonEmptyString).default(['deprecated']).describe('Tags that may not appear on a used feature.'),
    'required-metadata': z
      .array(z.enum(['owner', 'description', 'tags', 'cost']))
      .default(['owner', 'description'])
      .describe('Metadata every feature must have in the schema (or snapshot).'),
  })
  .describe('Meta-level requirements for features (data-4).');

export const privacyApproval = z
  .strictObject({
    feature: nonEmptyString.describe('Feature name.'),
    by: nonEmptyString.describe('Who approved the use of this personal data.'),
    date: isoDate.describe('When (YYYY-MM-DD).'),
    link: httpUrl('to the approval').describe('Link to the approval (privacy review, ticket).'),
    'expires-in-days': z.number().int().positive().default(365).describe('After this many days the approval must be renewed.'),
  })
  .describe('An approval to use a personal-data feature.');

export const privacyConfig = z
  .strictObject({
    tag: nonEmptyString.default('pii').describe('The tag that marks personal data.'),
    approvals: z.array(privacyApproval).default([]).describe('One approval per personal-data feature.'),
  })
  .describe('Privacy controls (data-5): a feature tagged pii needs an explicit, unexpired approval.');

export const dataConfig = z
  .strictObject({
    training: snapshotRef()
      .optional()
      .describe(
        'Training data: a snapshot (ml-test-gate JSON, or {path, format: tfdv}) or raw data (CSV, TSV or JSON Lines, optionally .gz), profiled on the fly; checked against the schema (data-1).',
      ),
    serving: snapshotRef()
      .optional()
      .describe(
        "Serving data (snapshot or raw data, as training; raw serving data is profiled on the training data's bins): checked against the schema (monitor-2) and compared with training (monitor-3).",
      ),
    'max-raw-values': z
      .number()
      .int()
      .min(1000)
      .default(1_000_000)
      .describe('Raw data: numeric values kept per column for the exact KS test and Wasserstein distance; beyond this, a uniform reservoir sample of this size (and the method line says so).'),
    schema: nonEmptyString.optional().describe('Feature expectations (ml-test-gate data schema JSON; start with `ml-test-gate infer-schema`).'),
    skew: skewConfig.optional().describe('Training/serving skew per feature (monitor-3). On by default when training and serving are set.'),
    drift: driftConfig.optional().describe('Drift of the training data against the base branch.'),
    importance: importanceConfig.optional(),
    cost: costConfig.optional(),
    meta: metaConfig.optional(),
    privacy: privacyConfig.optional(),
  })
  .describe('Data: schema, snapshots, skew and drift, feature requirements.');

export type DataConfig = z.infer<typeof dataConfig>;
export type SkewConfig = z.infer<typeof skewConfig>;
export type DriftConfig = z.infer<typeof driftConfig>;
export type ComparatorConfig = z.infer<typeof comparatorConfig>;
export type ComparisonSettings = Pick<SkewConfig, 'numeric' | 'categorical' | 'features' | 'fdr' | 'min-count'>;
