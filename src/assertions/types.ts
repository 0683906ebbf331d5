import type { EvidenceStore } from '../evidence/store.js';
import type { Workspace } from '../evidence/workspace.js';
import type { Diagnostic, EvaluatorOutput } from '../rubric/types.js';
import type { Config } from '../schemas/config.js';
import type { Report } from '../schemas/report.js';

/** What the pull request changed, when the gate runs on one (filled by the GitHub side). */
export interface PullRequestContext {
  number: number;
  baseSha?: string;
  headSha?: string;
  /** Repository-relative paths changed by the PR; null when they could not be listed. */
  changedFiles: string[] | null;
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
  baseline: Report | null;
  pullRequest: PullRequestContext | null;
  /** Warnings and notices that are not tied to one rubric test. */
  diagnostics: Diagnostic[];
}

/**
 * One concern's assertions. `run` returns outcomes for the rubric tests it serves (a test may
 * receive outcomes from several evaluators), tables for the report, and a `record` kept in the
 * JSON report under `records[name]` so the next run can compare against it.
 */
export interface Evaluator {
  name: string;
  run(ctx: EvalContext): Promise<EvaluatorOutput & { record?: unknown }>;
}
