import * as z from 'zod';
import { isoDateTime, metricValue, nonEmptyString } from './common.js';

import { EVAL_REPORT_KIND, EVAL_REPORT_VERSION, TASKS } from './constants.js';

export { EVAL_REPORT_KIND, EVAL_REPORT_VERSION } from './constants.js';

const metrics = z
  .record(z.string(), metricValue)
  .describe('Metric name (scikit-learn naming, e.g. roc_auc, f1_macro) to value; null when undefined.');

export const sliceMetrics = z.strictObject({
  feature: nonEmptyString.describe('Slicing column, e.g. country'),
  value: z.union([z.string(), z.number(), z.boolean()]).describe('Slice value, e.g. DE'),
  rows: z.number().int().nonnegative().optional().describe('Examples in the slice'),
  positives: z.number().int().nonnegative().optional(),
  metrics,
});

export const performanceFigures = z.strictObject({
  latencyMs: z
    .strictObject({ p50: z.number().nonnegative().optional(), p95: z.number().nonnegative().optional(), p99: z.number().nonnegative().optional() })
    .optional(),
  throughputPerS: z.number().nonnegative().optional(),
  peakMemoryMb: z.number().nonnegative().optional(),
  modelSizeMb: z.number().nonnegative().optional(),
  trainingTimeS: z.number().nonnegative().optional(),
});

export const evalReportSchema = z
  .strictObject({
    $schema: z.string().optional(),
    schemaVersion: z.literal(EVAL_REPORT_VERSION),
    kind: z.literal(EVAL_REPORT_KIND).optional(),
    model: z.strictObject({
      name: nonEmptyString,
      version: nonEmptyString.optional(),
      trainedAt: isoDateTime.optional(),
      commit: z.string().optional(),
    }),
    dataset: z
      .strictObject({
        name: nonEmptyString,
        version: z.string().optional(),
        rows: z.number().int().nonnegative().optional(),
        createdAt: isoDateTime.optional(),
      })
      .optional(),
    task: z.enum(TASKS),
    metrics,
    standardErrors: z
      .record(z.string(), z.number().nonnegative().nullable())
      .optional()
      .describe(
        'Standard error of each metric (e.g. the standard deviation of its bootstrap replicates), by metric name. A comparison with the base branch uses it; without one (or an interval) the comparison can only pass under a stated assumption or be inconclusive.',
      ),
    intervals: z
      .record(
        z.string(),
        z.strictObject({
          lo: z.number(),
          hi: z.number(),
          confidence: z.number().gt(0).lt(1).describe('Two-sided level, e.g. 0.95.'),
        }),
      )
      .optional()
      .describe('Confidence interval of each metric, by metric name (a normal interval: its half-width gives the standard error). standardErrors wins when both are given.'),
    slices: z.array(sliceMetrics).optional(),
    baselineModel: z
      .strictObject({ name: nonEmptyString, description: z.string().optional(), metrics })
      .optional()
      .describe('A simpler model evaluated on the same data (model-5).'),
    performance: performanceFigures.optional(),
  })
  .describe('Evaluation report of one model on one dataset (ml-test-gate format, version 1).');

export type EvalReport = z.infer<typeof evalReportSchema>;
export type SliceMetrics = z.infer<typeof sliceMetrics>;
