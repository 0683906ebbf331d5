import * as z from 'zod';
import { once } from './lazy-object.js';

/**
 * Names of the evidence formats the gate reads directly, per kind of evidence, and the config
 * shapes that select them (`path` or `{path, format, ...options}`). Nothing here reads files, so
 * config schemas can use it without pulling in the importers.
 */

/** Formats an evaluation report (model metrics) can be read from. */
export const EVAL_REPORT_FORMATS = ['ml-test-gate', 'dvc', 'mlflow', 'sklearn-report'] as const;
export type EvalReportFormat = (typeof EVAL_REPORT_FORMATS)[number];

/** Formats a data snapshot can be read from. */
export const SNAPSHOT_FORMATS = ['ml-test-gate', 'tfdv'] as const;
export type SnapshotFormat = (typeof SNAPSHOT_FORMATS)[number];

/** Formats computing-performance evidence can be read from. */
export const PERFORMANCE_FORMATS = ['ml-test-gate', 'pytest-benchmark', 'eval-report', 'k6', 'locust'] as const;
export type PerformanceFormat = (typeof PERFORMANCE_FORMATS)[number];

/** What each format is, for messages and the docs. */
export const FORMAT_DESCRIPTIONS: Record<string, string> = {
  'ml-test-gate': "ml-test-gate's own JSON format for this evidence (see schemas/)",
  dvc: 'DVC metrics file (JSON, YAML or TOML by extension); nested keys become dotted metric names',
  mlflow: 'MLflow run: the REST API runs/get JSON, or a local mlruns run directory (its metrics/<name> files)',
  'sklearn-report': 'scikit-learn classification_report(output_dict=True) written as JSON',
  'pytest-benchmark': 'pytest-benchmark JSON (--benchmark-json); with --benchmark-save-data every round is kept',
  'eval-report': "the performance section of an ml-test-gate evaluation report (one value per figure)",
  k6: 'k6 end-of-test summary: --summary-export JSON or the handleSummary() data object; latency percentiles, throughput and error rate of one run (a glob reads repeated runs)',
  locust: 'Locust --csv statistics (PREFIX_stats.csv, optionally with PREFIX_stats_history.csv); latency percentiles, throughput and error rate of one row (a glob reads repeated runs)',
  tfdv: 'TensorFlow Data Validation statistics: DatasetFeatureStatisticsList as JSON (MessageToJson)',
};

const path = z.string().min(1, 'expected a non-empty path').describe('File path, relative to the repository root.');

/** Config: where an evaluation report is and which format it is in. A bare path means format ml-test-gate. */
export const evalReportRef = z
  .union([
    path,
    z.strictObject({
      path: path.describe('File (or, for mlflow, a local mlruns run directory), relative to the repository root.'),
      format: z.enum(EVAL_REPORT_FORMATS).default('ml-test-gate').describe('ml-test-gate | dvc | mlflow | sklearn-report.'),
      prefix: z.string().min(1).optional().describe('Read only metrics whose name starts with this and strip it, e.g. "test." (DVC) or "test_" (MLflow).'),
      task: z.enum(['binary', 'multiclass', 'regression']).optional().describe('Task of the model; default inferred from the metric names (DVC, MLflow) or the classes (sklearn-report).'),
      'model-name': z.string().min(1).optional().describe('Model name for the report; default the MLflow run name or the file name.'),
      'pos-label': z.string().min(1).optional().describe('sklearn-report, binary: the positive class label (default "1").'),
    }),
  ])
  .describe('An evaluation report: a path (ml-test-gate JSON) or {path, format}.');
export type EvalReportRef = z.infer<typeof evalReportRef>;

/** Config: where a data snapshot is and which format it is in (built on first use: only the data and infra sections have one). */
export const snapshotRef = once(() =>
  z
  .union([
    path,
    z.strictObject({
      path,
      format: z.enum(SNAPSHOT_FORMATS).default('ml-test-gate').describe('ml-test-gate | tfdv.'),
      dataset: z.string().optional().describe('tfdv: the dataset (slice) of the DatasetFeatureStatisticsList to read; default the first.'),
    }),
  ])
  .describe('A data snapshot: a path (ml-test-gate JSON) or {path, format}.'),
);
export type SnapshotRef = z.infer<ReturnType<typeof snapshotRef>>;

/** Config: where computing-performance evidence is and which format it is in (built on first use: infra only). */
export const performanceRef = once(() =>
  z
  .union([
    path,
    z.strictObject({
      path,
      format: z.enum(PERFORMANCE_FORMATS).default('ml-test-gate').describe('ml-test-gate | pytest-benchmark | eval-report | k6 | locust.'),
      prefix: z.string().min(1).optional().describe('k6, locust: prefix for the measure names (e.g. "search_" gives search_latency_p95_ms), to keep two load tests apart.'),
      'latency-metric': z.string().min(1).optional().describe('k6: the trend metric read as latency (default http_req_duration; submetrics such as http_req_duration{expected_response:true} work).'),
      endpoint: z.string().min(1).optional().describe('locust: the row to read, by Name ("/predict") or "Type Name" ("POST /predict"); default the Aggregated row.'),
      history: z.string().min(1).optional().describe('locust: the matching PREFIX_stats_history.csv, for when the run ended and its peak user count.'),
    }),
  ])
  .describe('Computing-performance evidence: a path (ml-test-gate performance JSON) or {path, format}. For k6 and locust the path may be a glob: each matching file is one run, and repeated runs are compared with the base branch like repeated measurements.'),
);
export type PerformanceRef = z.infer<ReturnType<typeof performanceRef>>;

export { normaliseRef } from './constants.js';
