import * as core from '@actions/core';
import { artifactName } from '../github/artifacts.js';
import type { GitHubClient } from '../github/client.js';
import type { RunContext } from '../github/context.js';
import type { Config } from '../schemas/config.js';
import type { ActionInputs } from './inputs.js';

/**
 * The folded score-history section for the comment and the job summary, from the base branch's
 * report artifacts (the input history > the config's history.runs > none). Undefined when there is
 * none; every problem is a line in the log, never a failure of the step.
 */
export async function historyFor(
  inputs: ActionInputs,
  config: Config,
  gh: GitHubClient | null,
  ctx: RunContext,
): Promise<string | undefined> {
  const runs = inputs.history ?? config.history?.runs ?? 0;
  if (runs === 0) return undefined;
  const branch = ctx.pullRequest?.baseRef || ctx.mergeGroup?.baseRef || ctx.refName;
  if (!gh || !branch) {
    core.info(`history: not drawn: ${gh ? 'the branch to take it from is unknown' : 'it needs the github-token input'}`);
    return undefined;
  }
  // loaded here: the full report schema (zod), which the artifacts are validated with, only when a history is drawn
  const [{ fetchHistoryReports }, { historySection }] = await Promise.all([import('../github/history.js'), import('../report/history.js')]);
  const got = await fetchHistoryReports(gh, {
    owner: ctx.owner,
    repo: ctx.repo,
    name: artifactName(inputs.id),
    branch,
    repositoryId: ctx.pullRequest?.baseRepoId ?? ctx.repositoryId,
    excludeRunId: ctx.runId ? Number(ctx.runId) : null,
    runs,
  });
  for (const n of got.notes) core.info(n);
  for (const s of got.skipped) core.warning(`history: skipped ${s.message}`);
  core.info(`history: ${got.reports.length} report(s) of ${branch} drawn`);
  const section = historySection(got.reports, { id: inputs.id, folded: true, skipped: got.skipped, minFalls: config.history?.falling });
  return section || undefined;
}
