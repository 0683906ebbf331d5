import * as core from '@actions/core';
import { createClient, explainApiError, type GitHubClient } from '../github/client.js';
import { commentBody, resolveIdentity, upsertComment } from '../github/comment.js';
import { createCheckRun } from '../github/checks.js';
import { DEFAULT_CREATE_POLICY, type CreatePolicy } from '../github/create-once.js';
import { commentNotes } from '../github/notes.js';
import { retryOptionsFromEnv } from '../github/retry.js';
import { commentMarker } from '../report/markdown.js';
import type { Report } from '../schemas/report.js';
import type { RunContext } from '../github/context.js';
import type { ActionInputs } from './inputs.js';

/** Retry budget and timeouts: the defaults, or the test overrides from the environment. */
const retry = () => retryOptionsFromEnv(process.env);
export const createPolicy = (): CreatePolicy => ({ ...DEFAULT_CREATE_POLICY, ...retry(), log: (m) => core.info(m) });

export function clientFor(inputs: ActionInputs, ctx: RunContext): GitHubClient | null {
  if (!inputs.githubToken || !ctx.owner || !ctx.repo) return null;
  return createClient(inputs.githubToken, { baseUrl: ctx.apiUrl, log: (m) => core.info(m), retry: retry() });
}

/**
 * Post or update the sticky comment. Never throws: a failure (a fork's read-only token, a missing
 * permission) becomes a warning and the verdict stands. `notes` default to the report's own call-outs.
 */
export async function publishComment(
  gh: GitHubClient,
  inputs: ActionInputs,
  ctx: RunContext,
  prNumber: number,
  report: Report,
  runUrl?: string,
  notes?: string[],
  history?: string,
): Promise<string | undefined> {
  if (inputs.comment === 'false') return undefined;
  const createIfMissing = inputs.comment === 'true' || !report.gate.wouldPass;
  try {
    const identity = await resolveIdentity(gh, inputs.commentAuthor || undefined);
    const body = commentBody(report, { id: inputs.id, runUrl, notes: notes ?? (await commentNotes(report)), history });
    const r = await upsertComment(
      gh,
      { owner: ctx.owner, repo: ctx.repo, issueNumber: prNumber },
      commentMarker(inputs.id),
      body,
      identity,
      createIfMissing,
      createPolicy(),
    );
    const what = {
      created: 'created',
      updated: 'updated',
      unchanged: 'already up to date',
      skipped: 'not posted (comment: on-failure and the gate passed)',
    }[r.action];
    core.info(`pull request comment ${what}${r.url ? `: ${r.url}` : ''}`);
    return r.url;
  } catch (e) {
    core.warning(
      `${explainApiError(e, `commenting on pull request #${prNumber}`, 'pull-requests: write')} The verdict, the job summary and the report artifact are not affected.`,
    );
    return undefined;
  }
}

/** Create the check run (input check-name). Never throws. */
export async function publishCheck(
  gh: GitHubClient,
  inputs: ActionInputs,
  ctx: RunContext,
  headSha: string | null,
  report: Report,
  runUrl?: string,
  titleSuffix?: string,
): Promise<void> {
  if (!inputs.checkName) return;
  if (!headSha) {
    core.warning('check-name is set but the commit to attach the check run to is unknown (GITHUB_SHA is empty)');
    return;
  }
  try {
    const r = await createCheckRun(
      gh,
      {
        owner: ctx.owner,
        repo: ctx.repo,
        name: inputs.checkName,
        headSha,
        report,
        detailsUrl: runUrl,
        notes: await commentNotes(report),
        titleSuffix,
      },
      createPolicy(),
    );
    core.info(`check run "${inputs.checkName}" created${r.url ? `: ${r.url}` : ''}`);
  } catch (e) {
    core.warning(
      `${explainApiError(e, `creating the check run "${inputs.checkName}"`, 'checks: write')} The verdict of this step is not affected.`,
    );
  }
}
