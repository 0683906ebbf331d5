import * as core from '@actions/core';
import { explainApiError, type GitHubClient } from '../github/client.js';
import { resolveIdentity, upsertComment } from '../github/comment.js';
import { postCheckRun } from '../github/checks.js';
import type { RunContext } from '../github/context.js';
import { commentMarker } from '../report/markdown.js';
import { link, md } from '../report/escape.js';
import { createPolicy } from './github.js';
import type { ActionInputs } from './inputs.js';

/**
 * `mode: publish` could not produce a trusted verdict (the artifact is missing, malformed, oversized
 * or tied to another run or commit; the default branch's config cannot be read). The pull request
 * gets a failed check run (when check-name is set) and a comment that says why. Never throws.
 */
export async function publishRejection(
  gh: GitHubClient,
  inputs: ActionInputs,
  ctx: RunContext,
  at: { headSha: string; prNumber: number | null; runUrl?: string },
  reason: string,
): Promise<void> {
  const title = 'ML Test Score: no trusted verdict';
  const run = at.runUrl ? ` (${link('workflow run', at.runUrl)})` : '';
  const summary = `> [!CAUTION]\n> ${md(reason)}\n\nThe gate's report from the pull request's own run${run} could not be published, so this check fails. Re-run the pull request's workflow once the cause is fixed.`;
  const body = `${commentMarker(inputs.id)}\n\n## ❌ ${title}\n\n${summary}\n`;
  if (at.prNumber !== null && inputs.comment !== 'false') {
    try {
      const identity = await resolveIdentity(gh, inputs.commentAuthor || undefined);
      await upsertComment(
        gh,
        { owner: ctx.owner, repo: ctx.repo, issueNumber: at.prNumber },
        commentMarker(inputs.id),
        body,
        identity,
        true,
        createPolicy(),
      );
    } catch (e) {
      core.warning(explainApiError(e, `commenting on pull request #${at.prNumber}`, 'pull-requests: write'));
    }
  }
  if (!inputs.checkName) return;
  try {
    await postCheckRun(
      gh,
      {
        owner: ctx.owner,
        repo: ctx.repo,
        name: inputs.checkName,
        headSha: at.headSha,
        conclusion: 'failure',
        title,
        summary,
        detailsUrl: at.runUrl,
      },
      createPolicy(),
    );
  } catch (e) {
    core.warning(explainApiError(e, `creating the check run "${inputs.checkName}"`, 'checks: write'));
  }
}
