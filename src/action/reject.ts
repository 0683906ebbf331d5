import * as core from '@actions/core';
import { explainApiError, type GitHubClient } from '../github/client.js';
import { resolveIdentity, upsertComment } from '../github/comment.js';
import { postCheckRun } from '../github/checks.js';
import type { RunContext } from '../github/context.js';
import { commentMarker } from '../report/markdown.js';
import { link, md } from '../report/escape.js';
import { createPolicy } from './github.js';
import type { ActionInputs } from './inputs.js';
import { writeSummary } from './outputs.js';

/** Why a run gave no verdict, as the comment and the check run say it. */
export interface NoVerdict {
  title: string;
  /** the cause (escaped here) */
  reason: string;
  /** what it means and what to do (Markdown, already escaped) */
  then: string;
}

/** The reason as a caution callout, then what it means. */
function noVerdictText(why: NoVerdict): string {
  return `> [!CAUTION]\n> ${md(why.reason)}\n\n${why.then}`;
}

/** The whole message (the comment's body after its marker, and the job summary). */
export function noVerdictMarkdown(why: NoVerdict): string {
  return `## ❌ ${why.title}\n\n${noVerdictText(why)}\n`;
}

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
  const run = at.runUrl ? ` (${link('workflow run', at.runUrl)})` : '';
  const why = {
    title: 'ML Test Score: no trusted verdict',
    reason,
    then: `The gate's report from the pull request's own run${run} could not be published, so this check fails. Re-run the pull request's workflow once the cause is fixed.`,
  };
  await writeSummary(noVerdictMarkdown(why)); // the job's own page says it too, not only the pull request
  await publishNoVerdict(gh, inputs, ctx, at, why);
}

/**
 * The gate could not run on this commit (an invalid config or input, an unreadable workspace, an
 * internal error): the sticky comment and the check run say so, so that no earlier commit's verdict
 * stays on the pull request looking current. Never throws.
 */
export async function publishNoVerdict(
  gh: GitHubClient,
  inputs: ActionInputs,
  ctx: RunContext,
  at: { headSha: string; prNumber: number | null; runUrl?: string },
  why: NoVerdict,
): Promise<void> {
  const { title } = why;
  const summary = noVerdictText(why);
  const body = `${commentMarker(inputs.id)}\n\n${noVerdictMarkdown(why)}`;
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
