/**
 * The formats' constants and the few plain rules the schemas and the plain checks (plain.ts) share,
 * without zod: a run whose config and evidence the plain checks read loads no zod at all (cold start,
 * issue 15; test/build/loaded.test.ts). The schema modules re-export these.
 */

const MiB = 1024 * 1024;

/**
 * The limits on evidence files, in one place. Each default fits real workloads (10 million
 * prediction rows, a 1 GB CSV, JSON evidence of tens of MB) and keeps the process under 2 GB on the
 * largest input it accepts; each can be raised in the config's `limits` section.
 */
export const DEFAULT_LIMITS = {
  /** Rows of one prediction or shadow-pair table (10,000,000 rows are accepted). */
  'max-rows': 10_000_000,
  /** Bytes of one table after decompression (plain files: their size). */
  'max-decompressed-bytes': 2048 * MiB,
  /** Bytes of one cell of a table. */
  'max-cell-bytes': 1 * MiB,
  /** Bytes of one JSON, YAML, TOML or XML evidence file (these are read whole). */
  'max-json-bytes': 64 * MiB,
  /** Nesting depth of JSON (and YAML, TOML) evidence. */
  'max-json-depth': 256,
  /** Values (array elements and object members) in one JSON document. */
  'max-json-values': 1_000_000,
} as const;

export type Limits = { -readonly [K in keyof typeof DEFAULT_LIMITS]: number };

/**
 * The families of statistical checks a gate can run. The gate's false-alarm budget
 * (`gate.false-alarm-rate`) is split evenly across the families a config turns on, and each family
 * controls its own family-wise error within its share (src/gate/false-alarms.ts).
 */
export const STAT_FAMILIES = ['skew', 'drift', 'comparison', 'slices', 'inclusion', 'bias', 'performance', 'shadow', 'ab-test'] as const;
export type StatFamily = (typeof STAT_FAMILIES)[number];

/** Layers of the test pyramid a JUnit suite can belong to (property `ml_test_layer`, or `tests.layers`). */
export const TEST_LAYERS = ['unit', 'data', 'model', 'integration', 'acceptance'] as const;
export type TestLayer = (typeof TEST_LAYERS)[number];

/** The layers of the test pyramid, bottom to top. */
export const PYRAMID_LAYERS = ['unit', 'data', 'model', 'integration', 'load', 'shadow-ab'] as const;
export type PyramidLayer = (typeof PYRAMID_LAYERS)[number];

export const REPORT_VERSION = 1;
/** The statuses of a rubric test in a report. */
export const STATUSES = ['pass', 'fail', 'attested', 'expired', 'error', 'missing'] as const;

export const EVAL_REPORT_KIND = 'ml-test-gate/eval-report';
export const EVAL_REPORT_VERSION = 1;
export const TASKS = ['binary', 'multiclass', 'regression'] as const;

/** The rule of isoDateTime (common.ts): an ISO 8601 date or date-time with a timezone, that Date reads. */
export const isIsoDateTime = (s: string): boolean =>
  /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s));

/** {path, format} from a config ref (a bare path is the ml-test-gate format). */
export function normaliseRef<R extends string | { path: string; format: string }>(ref: R): Exclude<R, string> | { path: string; format: 'ml-test-gate' } {
  return typeof ref === 'string' ? { path: ref, format: 'ml-test-gate' } : (ref as Exclude<R, string>);
}
