import * as core from '@actions/core';
import { createClient, explainApiError, type GitHubClient } from '../github/client.js';
import { commentBody, resolveIdentity, upsertComment } from '../github/comment.js';
import { createCheckRun } from '../github/checks.js';
import { commentNotes } from '../github/notes.js';
import { commentMarker } from '../report/markdown.js';
import type { Report } from '../schemas/report.js';
import type { RunContext } from '../github/context.js';
import type { ActionInputs } from './inputs.js';

export function clientFor(inputs: ActionInputs, ctx: RunContext): GitHubClient | null {
  if (!inputs.githubToken || !ctx.owner || !ctx.repo) return null;
  return createClient(inputs.githubToken, { baseUrl: ctx.apiUrl, log: (m) => core.info(m) });
}

/**
 * Post or update the sticky comment. Never throws: a failure (a fork's read-only token, a missing
 * permission) becomes a warning and the verdict stands.
 */
export async function publishComment(gh: GitHubClient, inputs: ActionInputs, ctx: RunContext, prNumber: number, report: Report, runUrl?: string): Promise<string | undefined> {
  if (inputs.comment === 'false') return undefined;
  const createIfMissing = inputs.comment === 'true' || !report.gate.wouldPass;
  try {
    const identity = await resolveIdentity(gh, inputs.commentAuthor || undefined);
    const body = commentBody(report, { id: inputs.id, runUrl, notes: commentNotes(report) });
    const r = await upsertComment(gh, { owner: ctx.owner, repo: ctx.repo, issueNumber: prNumber }, commentMarker(inputs.id), body, identity, createIfMissing);
    const what = { created: 'created', updated: 'updated', unchanged: 'already up to date', skipped: 'not posted (comment: on-failure and the gate passed)' }[r.action];
    core.info(`pull request comment ${what}${r.url ? `: ${r.url}` : ''}`);
    return r.url;
  } catch (e) {
    core.warning(`${explainApiError(e, `commenting on pull request #${prNumber}`, 'pull-requests: write')} The verdict, the job summary and the report artifact are not affected.`);
    return undefined;
  }
}

/** Create the check run (input check-name). Never throws. */
export async function publishCheck(gh: GitHubClient, inputs: ActionInputs, ctx: RunContext, headSha: string | null, report: Report, runUrl?: string): Promise<void> {
  if (!inputs.checkName) return;
  if (!headSha) {
    core.warning('check-name is set but the commit to attach the check run to is unknown (GITHUB_SHA is empty)');
    return;
  }
  try {
    const r = await createCheckRun(gh, { owner: ctx.owner, repo: ctx.repo, name: inputs.checkName, headSha, report, detailsUrl: runUrl });
    core.info(`check run "${inputs.checkName}" created${r.url ? `: ${r.url}` : ''}`);
  } catch (e) {
    core.warning(`${explainApiError(e, `creating the check run "${inputs.checkName}"`, 'checks: write')} The verdict of this step is not affected.`);
  }
}
