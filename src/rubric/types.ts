import type { RubricId } from './tests.js';

/** Final status of one rubric test. */
export type TestStatus = 'pass' | 'fail' | 'attested' | 'expired' | 'error' | 'missing';

/** Status of one check inside a test. `warn` is shown but does not fail the test. */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'error';

/** One measured assertion, with the numbers a reviewer needs. */
export interface Check {
  /** Short name of what was checked, e.g. `roc_auc >= 0.85` or `feature 'age' skew`. */
  name: string;
  status: CheckStatus;
  /** One sentence, with numbers, that says what happened. */
  message: string;
  /** The measured value (null = undefined, e.g. a zero denominator). */
  value?: number | null;
  /** The bound it was held to, as shown to the reader. */
  threshold?: string;
  /** How the figure was computed, e.g. `JS divergence, log2` or `percentile bootstrap 95%, 1000 resamples`. */
  method?: string;
  /** Where the evidence came from, for annotations. */
  file?: string;
  line?: number;
  /** A comparison with the base model, as fields (the comment tabulates inconclusive ones). */
  comparison?: CheckComparison;
}

/** The parts of a base-vs-head comparison that a reader scans in a table. */
export interface CheckComparison {
  /** The slice, e.g. `region=west`; absent for the whole eval set. */
  slice?: string;
  metric: string;
  base: number | null;
  head: number | null;
  /** head - base with its interval, as printed: `-0.0076 [-0.0181, +0.0139]`. */
  delta: string;
  /** The one-sided levels of the interval's bounds, e.g. `95% / 99.961%`. */
  levels?: string;
  n?: number;
  verdict: 'pass' | 'fail' | 'inconclusive' | 'undefined';
  /** The smallest change in the bad direction the comparison could detect (80% power). */
  detectable?: number | null;
}

/** What one evaluator found for one rubric test. A test may receive outcomes from several evaluators. */
export interface TestOutcome {
  test: RubricId;
  checks: Check[];
  /** Evidence files read for this outcome. */
  evidence?: string[];
  /**
   * Names of error checks (unmeasured) from other outcomes of the same test that this outcome
   * measured instead; they are dropped. Only errors: a stand-in can never hide a failure.
   */
  supersedes?: string[];
}

/** A table contributed by an evaluator to the report (skew table, metric comparison, slices...). */
export interface ReportTable {
  id: string;
  title: string;
  /** Rubric tests the table belongs to. */
  tests: RubricId[];
  columns: string[];
  rows: Array<Array<string | number | null>>;
  /** A line shown under the table (methods, thresholds, what was left out). */
  note?: string;
  /** When true the table is shown even when everything passed (values always visible). */
  alwaysShow?: boolean;
}

export interface EvaluatorOutput {
  outcomes: TestOutcome[];
  tables?: ReportTable[];
}

/** Something worth telling the user, tied to a file and line where possible (becomes an annotation). */
export interface Diagnostic {
  level: 'error' | 'warning' | 'notice';
  message: string;
  file?: string;
  line?: number;
  test?: RubricId;
}
