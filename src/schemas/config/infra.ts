import * as z from 'zod';
import { evalReportRef, performanceRef, snapshotRef } from '../evidence-refs.js';
import { nonEmptyString, paths } from '../common.js';

const days = z.number().positive();

const budget = z
  .strictObject({
    max: z.number().optional().describe('Absolute budget: the measure (its median) must be at most this (latency, memory, size, time).'),
    min: z.number().optional().describe('Absolute budget: the measure (its median) must be at least this (throughput).'),
    'max-regression': z
      .number()
      .min(0)
      .optional()
      .describe('Relative tolerance against the base branch for this measure (0.1 = 10% worse); overrides performance.max-regression.'),
    'max-rate-regression': z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Proportion measures (error rates): absolute tolerance against the base branch for this measure; overrides performance.max-rate-regression.'),
  })
  .describe('Budget of one measure.');

export const performanceConfig = z
  .strictObject({
    evidence: z
      .union([performanceRef(), z.array(performanceRef()).min(1)])
      .describe('Performance evidence: one or more files, each a path (ml-test-gate performance JSON) or {path, format: ml-test-gate|pytest-benchmark|eval-report|k6|locust}.'),
    budgets: z
      .record(nonEmptyString, budget)
      .default({})
      .describe('Absolute budgets per measure, e.g. {latency_p95_ms: {max: 40}, throughput_per_s: {min: 500}}. A budgeted measure missing from the evidence is an error.'),
    'max-regression': z
      .number()
      .min(0)
      .default(0.1)
      .describe('Relative tolerance against the base branch (0.1: at most 10% slower, bigger or lower throughput), judged on the confidence interval of the median ratio.'),
    'max-rate-regression': z
      .number()
      .min(0)
      .max(1)
      .default(0.005)
      .describe('Proportion measures (error rates from k6, Locust): the head rate may be at most this much worse than the base rate, absolute (0.005 = half a percentage point), judged on the Newcombe interval of the difference.'),
    confidence: z.number().gt(0).lt(1).default(0.95).describe('Confidence level of the bootstrap interval of the median ratio (head / base), and of the interval of a difference of error rates.'),
    resamples: z.number().int().min(200).max(100000).default(2000).describe('Bootstrap resamples (seeded: the same measurements give the same verdict).'),
    'min-samples': z.number().int().min(2).default(3).describe('Repeated measurements needed on each side to compare with the base branch; fewer: only the absolute budget is checked.'),
  })
  .describe('Computing performance (monitor-6): budgets and comparison with the base branch.');

const timestampSource = z.strictObject({
  file: nonEmptyString.optional().describe('JSON file holding the timestamp.'),
  field: nonEmptyString.optional().describe('Dotted path of the timestamp in the file (ISO 8601, or Unix epoch seconds/milliseconds), e.g. model.trainedAt or run.info.end_time.'),
  'max-age-days': days.describe('Maximum age in days at the time the gate runs.'),
});

export const stalenessConfig = z
  .strictObject({
    model: timestampSource
      .extend({
        'eval-report': evalReportRef
          .optional()
          .describe('Take trained-at from this evaluation report (any supported format); default: file/field, else model.eval-report.'),
      })
      .optional()
      .describe('Model age: trained-at from the evaluation report (model.trainedAt) or from file + field.'),
    data: z
      .array(
        timestampSource.extend({
          name: z.string().optional().describe('Label for the report, e.g. training data.'),
          snapshot: snapshotRef().optional().describe('Take createdAt from this data snapshot (ml-test-gate format) instead of file/field.'),
        }).refine((d) => (d.file !== undefined) !== (d.snapshot !== undefined), { message: 'expected either snapshot or file (with field)' }),
      )
      .optional()
      .describe('Data ages: snapshot createdAt (or file + field) per dataset.'),
  })
  .describe('Staleness (monitor-4): model and data age against maximum ages.');

export const canaryConfig = z
  .strictObject({
    report: nonEmptyString.describe('Canary report (ml-test-gate canary JSON).'),
    'min-requests': z.number().int().positive().default(100).describe('Sampled production inputs the canary must have answered.'),
    'max-error-rate': z.number().min(0).max(1).default(0).describe('Largest share of failed requests.'),
    'max-abs-diff': z.number().min(0).default(1e-6).describe('Largest |serving score - offline score| allowed.'),
    'max-label-mismatch-rate': z.number().min(0).max(1).default(0).describe('Largest share of examples whose label differs between serving and offline.'),
    'max-age-days': days.optional().describe('The canary must have run within this many days.'),
  })
  .describe('Canary before serving (infra-6).');

export const rollbackConfig = z
  .strictObject({
    record: nonEmptyString.describe('Rollback record (ml-test-gate rollback JSON).'),
    'max-drill-age-days': days.default(90).describe('The last successful rollback drill must be at most this many days old.'),
  })
  .describe('Rollback readiness (infra-7).');

export const debugConfig = z
  .strictObject({
    trace: nonEmptyString.optional().describe('Debug trace (ml-test-gate debug-trace JSON): one example stepped through the model.'),
    junit: paths.optional().describe('JUnit XML report(s) holding the debugging test.'),
    test: nonEmptyString.optional().describe('Name of the test that steps one example through the model (name, classname::name, or a unique substring).'),
    'max-age-days': days.optional().describe('trace: createdAt at most this many days old.'),
  })
  .refine((d) => (d.trace !== undefined) !== (d.junit !== undefined), { message: 'expected either trace or junit (with test)' })
  .refine((d) => d.junit === undefined || d.test !== undefined, { message: 'junit needs test: the name of the debugging test', path: ['test'] })
  .describe('Debuggability (infra-5): a debug trace, or a named test in a JUnit report.');

export const offlineOnlineConfig = z
  .strictObject({
    history: nonEmptyString.describe('Metric history (ml-test-gate metric-history JSON).'),
    'min-correlation': z.number().min(-1).max(1).default(0.5).describe("Spearman's rank correlation must be at least this."),
    'min-points': z.number().int().min(3).default(5).describe('Pairs with both values needed; fewer is an error (not enough history).'),
  })
  .describe('Offline/online metric correlation (model-2).');

export const tuningConfig = z
  .strictObject({
    trials: nonEmptyString.describe('Tuning report (ml-test-gate tuning JSON).'),
    'min-trials': z.number().int().positive().default(20).describe('Complete trials needed.'),
    tolerance: z.number().min(0).default(0).describe('The shipped trial may be at most this far from the best trial, in metric units.'),
    'untuned-params': z
      .enum(['ignore', 'warn', 'fail'])
      .default('warn')
      .describe('What to do about a hyperparameter that had the same value in every complete trial.'),
  })
  .describe('Hyperparameter tuning (model-3).');

export const stalenessImpactConfig = z
  .strictObject({
    report: nonEmptyString.describe('Staleness-impact measurement (ml-test-gate staleness-impact JSON).'),
    'max-age-days': days.default(180).describe('The measurement must be at most this many days old.'),
    'min-points': z.number().int().min(2).default(3).describe('Distinct model ages measured.'),
  })
  .describe('Impact of model staleness (model-4).');

const inconclusive = z.enum(['warn', 'fail']).default('warn').describe('What an inconclusive verdict (the interval straddles the tolerance) is: a warning or a failure.');

export const shadowConfig = z
  .strictObject({
    report: nonEmptyString.describe('Shadow test (ml-test-gate shadow JSON), pointing to the table of paired scores.'),
    'min-requests': z.number().int().positive().default(1000).describe('Mirrored requests the shadow must have scored.'),
    'max-error-rate': z.number().min(0).max(1).default(0.001).describe('Largest share of mirrored requests the candidate may fail to answer (empty candidate score).'),
    'min-agreement': z.number().gt(0).max(1).default(0.95).describe('Share of requests whose predicted class is the same from both models; judged on its Wilson interval.'),
    'max-mean-shift': z.number().min(0).default(0.02).describe('Largest |mean(candidate score - serving score)|, judged on its paired t interval.'),
    confidence: z.number().gt(0).lt(1).default(0.95).describe('Confidence level of the intervals.'),
    slices: z
      .strictObject({
        'min-size': z.number().int().positive().default(200).describe('Requests a slice needs to be judged; smaller slices are reported as insufficient data.'),
        fdr: z.enum(['bh', 'holm', 'none']).default('bh').describe('Multiple-testing adjustment across slices: Benjamini-Hochberg, Holm, or none.'),
      })
      .prefault({})
      .describe("Disagreement per value of the shadow file's slice columns, against 1 - min-agreement."),
    inconclusive,
    'max-age-days': days.optional().describe('The shadow window must have ended within this many days.'),
  })
  .describe('Shadow test before serving (infra-6): the candidate scored mirrored production requests next to the serving model.');

export const abTestConfig = z
  .strictObject({
    report: nonEmptyString.describe('A/B test or canary result (ml-test-gate ab-test JSON).'),
    tolerance: z
      .strictObject({
        absolute: z.number().min(0).optional().describe('Allowed drop of the business metric, in its units (0.002 = 0.2 percentage points of conversion).'),
        relative: z.number().min(0).optional().describe("Allowed drop as a share of the control arm's value (0.01 = 1%)."),
      })
      .default({})
      .describe('How much worse the treatment may be before it fails; the smaller of absolute and relative when both are set; none: no drop allowed.'),
    confidence: z.number().gt(0).lt(1).default(0.95).describe('Confidence level of the interval (or confidence sequence when the experiment was peeked at).'),
    'srm-p': z.number().gt(0).lt(1).default(0.001).describe('Sample ratio mismatch: the arm sizes fail when the chi-squared p-value against the planned allocation is below this.'),
    inconclusive,
    'max-age-days': days.optional().describe('The experiment must have ended within this many days (endedAt).'),
  })
  .describe('A/B test or canary on a business metric: the treatment did not hurt it (infra-6); with offline figures, it moved the way offline predicted (model-2).');

export const registryConfig = z
  .strictObject({
    export: z
      .union([nonEmptyString, z.array(nonEmptyString).min(1)])
      .describe('MLflow Model Registry REST responses saved as JSON: registered-models/get, model-versions/search, get-latest-versions or model-versions/get (one or more files or globs).'),
    model: nonEmptyString.optional().describe('Registered model name; needed when the export holds several models.'),
    'production-aliases': z.array(nonEmptyString).min(1).default(['champion', 'production', 'prod']).describe('Aliases that mark the version serving production (MLflow >= 2.3); else the version in stage Production.'),
    'previous-aliases': z
      .array(nonEmptyString)
      .min(1)
      .default(['previous', 'rollback', 'last-known-good'])
      .describe('Aliases that mark the rollback target; without one, the newest Archived version older than production (where MLflow puts the old Production version on promotion).'),
    runs: paths.optional().describe("MLflow runs/get JSON files of the versions' runs (by run_id): the rollback target's metrics must be known."),
    'required-metrics': z.array(nonEmptyString).default([]).describe('Metrics the rollback target must have in its run, e.g. [roc_auc].'),
    'compare-production': z
      .boolean()
      .default(true)
      .describe("With no base-branch report (and no base predictions), compare the candidate's model.comparison metrics with the production version's run metrics (monitor-7, infra-4); a run metric <metric>_se gives an interval."),
  })
  .refine((r) => r['required-metrics'].length === 0 || r.runs !== undefined, { message: 'required-metrics needs runs: the runs/get exports to read the metrics from', path: ['required-metrics'] })
  .describe('Model registry (infra-7): a previous production version exists to roll back to, with its artifact and metrics.');

export const infraConfig = z
  .strictObject({
    performance: performanceConfig.optional(),
    staleness: stalenessConfig.optional(),
    canary: canaryConfig.optional(),
    rollback: rollbackConfig.optional(),
    debug: debugConfig.optional(),
    'offline-online': offlineOnlineConfig.optional(),
    tuning: tuningConfig.optional(),
    'staleness-impact': stalenessImpactConfig.optional(),
    shadow: shadowConfig.optional(),
    'ab-test': abTestConfig.optional(),
    registry: registryConfig.optional(),
  })
  .describe('Infrastructure and monitoring evidence (infra-5/6/7, monitor-4/6) and model-2/3/4, including application tests: load tests, shadow tests, A/B tests and the model registry.');

export type InfraConfig = z.infer<typeof infraConfig>;
