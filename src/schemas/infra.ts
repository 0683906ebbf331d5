import * as z from 'zod';
import { isoDateTime, nonEmptyString } from './common.js';

/**
 * Evidence formats for the infrastructure and monitoring tests (and model-2/3/4), ml-test-gate's own,
 * each versioned. Dates are ISO 8601; a date-time without a timezone is read as UTC.
 */

const count = z.number().int().nonnegative();
const modelRef = z
  .strictObject({
    name: nonEmptyString.describe('Model name.'),
    version: nonEmptyString.optional().describe('Model version (registry version, tag or commit).'),
  })
  .describe('Which model the evidence is about.');

// --- computing performance (monitor-6) ------------------------------------------------------

export const PERFORMANCE_KIND = 'ml-test-gate/performance';
export const PERFORMANCE_VERSION = 1;

export const performanceSummary = z
  .strictObject({
    n: z.number().int().positive().describe('Number of measurements summarised (e.g. pytest-benchmark rounds).'),
    mean: z.number().describe('Mean of the measurements.'),
    stddev: z.number().nonnegative().optional().describe('Sample standard deviation (n - 1) of the measurements.'),
    median: z.number().optional().describe('Median of the measurements.'),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .describe('Summary statistics, when the individual measurements were not kept.');

export const performanceMeasure = z
  .strictObject({
    unit: z.string().optional().describe('Unit, e.g. ms, MB, 1/s.'),
    direction: z
      .enum(['lower', 'higher'])
      .optional()
      .describe('Which way is better. Default: higher for names containing "throughput" or ending in _per_s, lower otherwise.'),
    samples: z
      .array(z.number())
      .min(1)
      .optional()
      .describe('Repeated measurements of the same figure (one per run or round); two or more are needed to compare with the base branch.'),
    summary: performanceSummary.optional(),
    proportion: z
      .strictObject({
        events: count.describe('Events counted, e.g. failed requests.'),
        trials: z.number().int().positive().describe('Trials they are counted in, e.g. all requests.'),
      })
      .refine((p) => p.events <= p.trials, { message: 'events exceed trials' })
      .optional()
      .describe(
        'The figure is a proportion (e.g. an error rate: failed requests of all requests), pooled over the runs. Held to its budget as events / trials and compared with the base branch as a difference of proportions (Newcombe hybrid score interval) against an absolute tolerance.',
      ),
    observations: z.number().int().positive().optional().describe('Individual observations behind the samples, in all (e.g. the requests a latency percentile was computed from).'),
    source: z.string().optional().describe('Where the figure comes from: tool, metric and statistic (e.g. "k6 http_req_duration p(95)"); shown in the method.'),
  })
  .refine((m) => m.samples !== undefined || m.summary !== undefined || m.proportion !== undefined, { message: 'expected samples (a list of measurements), summary or proportion' })
  .describe('One measured figure, repeated so its spread is known.');

export const performanceReportSchema = z
  .strictObject({
    $schema: z.string().optional(),
    schemaVersion: z.literal(PERFORMANCE_VERSION).describe('Format version.'),
    kind: z.literal(PERFORMANCE_KIND).optional(),
    model: modelRef.optional(),
    measuredAt: isoDateTime.optional().describe('When the measurements were taken.'),
    environment: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe('Machine the measurements ran on (cpu, memory, runner image): only comparable on like machines.'),
    measures: z
      .record(nonEmptyString, performanceMeasure)
      .describe(
        'Measure name to repeated measurements. Suggested names: latency_p50_ms, latency_p95_ms, latency_p99_ms, throughput_per_s, error_rate, peak_memory_mb, model_size_mb, training_time_s.',
      ),
  })
  .describe('Computing performance of a model: repeated measurements per figure (ml-test-gate format, version 1).');

export type PerformanceReport = z.infer<typeof performanceReportSchema>;
export type PerformanceMeasure = z.infer<typeof performanceMeasure>;

// --- canary (infra-6) -----------------------------------------------------------------------

export const CANARY_KIND = 'ml-test-gate/canary';
export const CANARY_VERSION = 1;

export const canaryReportSchema = z
  .strictObject({
    $schema: z.string().optional(),
    schemaVersion: z.literal(CANARY_VERSION).describe('Format version.'),
    kind: z.literal(CANARY_KIND).optional(),
    model: modelRef,
    servingStack: z.string().optional().describe('The serving binary or image the model was loaded in, e.g. tensorflow/serving:2.16.'),
    ranAt: isoDateTime.describe('When the canary ran.'),
    loaded: z.boolean().describe('The model loaded in the serving stack.'),
    requests: count.describe('Sampled production inputs sent to the canary.'),
    errors: count.describe('Requests that failed (exceptions, timeouts, malformed responses).'),
    nonFiniteOutputs: count.describe('Predictions that were NaN or infinite.'),
    offlineComparison: z
      .strictObject({
        examples: count.describe('Examples scored both by the canary and offline.'),
        maxAbsDiff: z.number().nonnegative().describe('Largest |serving score - offline score| over those examples.'),
        meanAbsDiff: z.number().nonnegative().optional().describe('Mean |serving score - offline score|.'),
        labelMismatches: count.optional().describe('Examples whose predicted label differs between serving and offline.'),
      })
      .optional()
      .describe('Serving outputs compared with offline predictions on the same inputs.'),
  })
  .describe('Canary run of a model in the serving stack before it serves (ml-test-gate format, version 1).');

export type CanaryReport = z.infer<typeof canaryReportSchema>;

// --- rollback (infra-7) ---------------------------------------------------------------------

export const ROLLBACK_KIND = 'ml-test-gate/rollback';
export const ROLLBACK_VERSION = 1;

export const rollbackRecordSchema = z
  .strictObject({
    $schema: z.string().optional(),
    schemaVersion: z.literal(ROLLBACK_VERSION).describe('Format version.'),
    kind: z.literal(ROLLBACK_KIND).optional(),
    model: nonEmptyString.describe('Model name.'),
    current: z
      .strictObject({ version: nonEmptyString.describe('Version serving now (or about to).'), deployedAt: isoDateTime.optional() })
      .describe('The version being served.'),
    previousKnownGood: z
      .strictObject({
        version: nonEmptyString.describe('Version to roll back to.'),
        artifact: nonEmptyString.describe('Where its artifact lives (registry URI, bucket path); it must still exist.'),
        validatedAt: isoDateTime.optional().describe('When it last passed validation.'),
      })
      .nullable()
      .describe('The version to roll back to; null when none is recorded.'),
    drills: z
      .array(
        z.strictObject({
          date: isoDateTime.describe('When the rollback drill ran.'),
          from: nonEmptyString.describe('Version rolled back from.'),
          to: nonEmptyString.describe('Version rolled back to.'),
          succeeded: z.boolean().describe('Serving came back on the older version and answered correctly.'),
          durationS: z.number().nonnegative().optional().describe('Time to roll back, seconds.'),
          link: z.string().optional().describe('Run log or ticket.'),
        }),
      )
      .describe('Rollback drills, any order.'),
  })
  .describe('Rollback readiness: a previous known-good version and rollback drills (ml-test-gate format, version 1).');

export type RollbackRecord = z.infer<typeof rollbackRecordSchema>;

// --- debug trace (infra-5) ------------------------------------------------------------------

export const DEBUG_TRACE_KIND = 'ml-test-gate/debug-trace';
export const DEBUG_TRACE_VERSION = 1;

const jsonScalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const debugTraceSchema = z
  .strictObject({
    $schema: z.string().optional(),
    schemaVersion: z.literal(DEBUG_TRACE_VERSION).describe('Format version.'),
    kind: z.literal(DEBUG_TRACE_KIND).optional(),
    model: modelRef.optional(),
    createdAt: isoDateTime.optional().describe('When the trace was produced.'),
    example: z
      .strictObject({ id: nonEmptyString.describe('Example identifier.'), features: z.record(z.string(), jsonScalar).optional().describe('Raw input features.') })
      .describe('The example stepped through.'),
    steps: z
      .array(
        z.strictObject({
          name: nonEmptyString.describe('Stage: e.g. parse, transform, embedding, tree 17, output.'),
          output: z.union([jsonScalar, z.array(jsonScalar), z.record(z.string(), jsonScalar)]).optional().describe('What the stage produced.'),
        }),
      )
      .min(1)
      .describe('Stages from raw input to prediction, in order.'),
    prediction: z.union([z.number(), z.string()]).describe('Final model output for the example.'),
  })
  .describe('One example stepped through the model, stage by stage (ml-test-gate format, version 1).');

export type DebugTrace = z.infer<typeof debugTraceSchema>;

// --- offline/online metric history (model-2) ------------------------------------------------

export const METRIC_HISTORY_KIND = 'ml-test-gate/metric-history';
export const METRIC_HISTORY_VERSION = 1;

export const metricHistorySchema = z
  .strictObject({
    $schema: z.string().optional(),
    schemaVersion: z.literal(METRIC_HISTORY_VERSION).describe('Format version.'),
    kind: z.literal(METRIC_HISTORY_KIND).optional(),
    offlineMetric: nonEmptyString.describe('Offline metric name, e.g. roc_auc.'),
    onlineMetric: nonEmptyString.describe('Online metric name, e.g. click_through_rate.'),
    points: z
      .array(
        z.strictObject({
          model: nonEmptyString.describe('Model version the pair belongs to.'),
          date: isoDateTime.optional().describe('When the online metric was measured.'),
          offline: z.number().nullable().describe('Offline metric of the version (null: undefined).'),
          online: z.number().nullable().describe('Online metric of the version (null: undefined).'),
        }),
      )
      .describe('One pair per model version (or per experiment arm).'),
  })
  .describe('History of (offline metric, online metric) pairs (ml-test-gate format, version 1).');

export type MetricHistory = z.infer<typeof metricHistorySchema>;

// --- tuning trials (model-3) ----------------------------------------------------------------

export const TUNING_KIND = 'ml-test-gate/tuning';
export const TUNING_VERSION = 1;

const paramValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const tuningReportSchema = z
  .strictObject({
    $schema: z.string().optional(),
    schemaVersion: z.literal(TUNING_VERSION).describe('Format version.'),
    kind: z.literal(TUNING_KIND).optional(),
    metric: nonEmptyString.describe('Objective metric, e.g. roc_auc.'),
    direction: z.enum(['maximize', 'minimize']).optional().describe('Default: from the metric name (loss and error metrics are minimised).'),
    tuner: z.string().optional().describe('e.g. optuna 3.6 TPE, sklearn GridSearchCV.'),
    trials: z
      .array(
        z.strictObject({
          id: z.union([nonEmptyString, z.number().int()]).describe('Trial id.'),
          params: z.record(z.string(), paramValue).describe('Hyperparameters of the trial.'),
          value: z.number().nullable().describe('Objective value (null: the trial produced none).'),
          state: z.enum(['complete', 'failed', 'pruned']).default('complete').describe('Only complete trials count.'),
        }),
      )
      .describe('Every trial run.'),
    shipped: z
      .strictObject({ trial: z.union([nonEmptyString, z.number().int()]).describe('Id of the trial whose configuration ships.') })
      .describe('The configuration that ships.'),
  })
  .describe('Hyperparameter tuning trials and the shipped configuration (ml-test-gate format, version 1).');

export type TuningReport = z.infer<typeof tuningReportSchema>;

// --- staleness impact (model-4) -------------------------------------------------------------

export const STALENESS_IMPACT_KIND = 'ml-test-gate/staleness-impact';
export const STALENESS_IMPACT_VERSION = 1;

export const stalenessImpactSchema = z
  .strictObject({
    $schema: z.string().optional(),
    schemaVersion: z.literal(STALENESS_IMPACT_VERSION).describe('Format version.'),
    kind: z.literal(STALENESS_IMPACT_KIND).optional(),
    model: modelRef.optional(),
    metric: nonEmptyString.describe('Quality metric measured, e.g. roc_auc.'),
    measuredAt: isoDateTime.describe('When the measurement was made.'),
    points: z
      .array(
        z.strictObject({
          ageDays: z.number().nonnegative().describe('Model age when evaluated: days between the training-data cutoff and the evaluation data.'),
          value: z.number().nullable().describe('Metric on data that much newer than the model (null: undefined).'),
          rows: count.optional().describe('Examples evaluated.'),
        }),
      )
      .describe('Quality at increasing model ages, e.g. models trained 0, 7, 14, 28 days before the evaluation window.'),
  })
  .describe('Measured quality versus model age (ml-test-gate format, version 1).');

export type StalenessImpact = z.infer<typeof stalenessImpactSchema>;
