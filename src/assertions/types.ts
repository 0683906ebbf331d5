import type { EvidenceStore } from '../evidence/store.js';
import type { Workspace } from '../evidence/workspace.js';
import type { RubricId } from '../rubric/tests.js';
import type { Diagnostic, EvaluatorOutput } from '../rubric/types.js';
import type { Config } from '../schemas/config.js';
import type { StatFamily } from '../schemas/config/gate.js';
import type { BaselineReport } from '../schemas/report-core.js';

/** What the pull request changed, when the gate runs on one (filled by the GitHub side). */
export interface PullRequestContext {
  number: number;
  baseSha?: string;
  headSha?: string;
  /** Repository-relative paths changed by the PR; null when they could not be listed. */
  changedFiles: string[] | null;
  /** Why they could not be listed (the API's answer: 401, 403, 404, rate limit, timeout...), when changedFiles is null. */
  changedFilesError?: string;
}

/** Everything an evaluator may read. Evaluators do no I/O except through `store`/`workspace`. */
export interface EvalContext {
  config: Config;
  /** Path of the config file, for messages and annotations. */
  configFile: string;
  workspace: Workspace;
  store: EvidenceStore;
  now: Date;
  /** The validated baseline report (base branch), or null when there is none. */
  baseline: BaselineReport | null;
  pullRequest: PullRequestContext | null;
  /** Warnings and notices that are not tied to one rubric test. */
  diagnostics: Diagnostic[];
  /**
   * The significance level of a family of statistical checks: its share of the gate's false-alarm
   * budget (`gate.false-alarm-rate`, split across the families the config turns on). Control the
   * family-wise error within the family at this level, and say so in the method line.
   */
  alpha(family: StatFamily): number;
}

/**
 * One rubric concern's assertions. `tests` are the rubric ids it serves (its outcomes name only
 * these), `config` the config keys it reads and `formats` the evidence it reads (both for the
 * generated docs/rubric-map.md). `run` returns outcomes (a test may receive outcomes from several
 * evaluators), tables for the report, and a `record` kept in the JSON report under `records[name]` so
 * the next run can compare against it.
 */
export interface Evaluator {
  name: string;
  tests: readonly RubricId[];
  config: readonly string[];
  formats: readonly string[];
  run(ctx: EvalContext): Promise<EvaluatorOutput & { record?: unknown }>;
}
