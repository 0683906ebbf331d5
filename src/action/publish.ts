import * as core from '@actions/core';
import { EvidenceStore } from '../evidence/store.js';
import { fileWorkspace } from '../evidence/workspace.js';
import { textBaseline } from '../gate/baseline.js';
import { artifactName, downloadArtifact, listRunArtifacts, reportTextFromZip } from '../github/artifacts.js';
import { explainApiError } from '../github/client.js';
import type { RunContext } from '../github/context.js';
import { findPullByHeadSha } from '../github/pulls.js';
import { ZipError } from '../github/zip.js';
import { UserError } from '../util/errors.js';
import { clientFor, publishCheck, publishComment } from './github.js';
import type { ActionInputs } from './inputs.js';
import { setOutputs, writeReportFiles, writeSummary } from './outputs.js';

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * `mode: publish`, in a `workflow_run` workflow on the default branch: download the report artifact
 * of the triggering run, find its pull request and post or update the comment. No code of the pull
 * request runs here; the downloaded report is untrusted data (bounded, validated, escaped). The
 * verdict belongs to the triggering run: this step fails only when it cannot do its job.
 */
export async function runPublish(inputs: ActionInputs, ctx: RunContext): Promise<void> {
  if (ctx.eventName !== 'workflow_run') {
    throw new UserError(`mode publish runs in a workflow triggered by workflow_run, not ${ctx.eventName || 'an unknown event'}`, 'See the fork-safe setup in docs/github.md.');
  }
  const gh = clientFor(inputs, ctx);
  if (!gh) throw new UserError('mode publish needs the github-token input');
  const wr = obj(ctx.event.workflow_run);
  const runId = typeof wr.id === 'number' ? wr.id : NaN;
  const headSha = typeof wr.head_sha === 'string' ? wr.head_sha : '';
  if (!Number.isFinite(runId) || !headSha) throw new UserError('the workflow_run event has no run id or head SHA');
  const name = artifactName(inputs.id);
  const runUrl = typeof wr.html_url === 'string' && /^https:\/\//.test(wr.html_url) ? wr.html_url : undefined;

  let text: string;
  try {
    const list = (await listRunArtifacts(gh, ctx.owner, ctx.repo, runId, name)).filter((a) => !a.expired);
    if (list.length === 0) {
      core.warning(`run ${runId} uploaded no artifact named ${name}: nothing to publish (did the gate step run, with id "${inputs.id}"?)`);
      return;
    }
    text = reportTextFromZip(await downloadArtifact(gh, ctx.owner, ctx.repo, list[0]), `artifact ${name} of run ${runId}`);
  } catch (e) {
    if (e instanceof ZipError) throw new UserError(`artifact ${name} of run ${runId} was rejected: ${e.message}`);
    throw new UserError(explainApiError(e, `downloading artifact ${name} of run ${runId}`, 'actions: read'));
  }
  const root = process.env.GITHUB_WORKSPACE || process.cwd();
  const loaded = await textBaseline(`artifact ${name} of run ${runId}`, text).load(new EvidenceStore(fileWorkspace(root)));
  if (loaded.kind !== 'found') throw new UserError(loaded.kind === 'invalid' ? loaded.message.replace(/^baseline ignored: /, 'the report was rejected: ') : 'the report is missing');
  const report = loaded.report;
  if (report.id !== inputs.id) core.warning(`the report's id is "${report.id}", expected "${inputs.id}"`);

  const { reportPath, markdown } = await writeReportFiles(report, inputs.id, root);
  setOutputs(report, reportPath);
  await writeSummary(markdown);

  // The pull request: from the event, else by head SHA (fork pull requests have none in the event).
  let prNumber: number | null = null;
  for (const p of Array.isArray(wr.pull_requests) ? wr.pull_requests : []) {
    const pr = obj(p);
    if (typeof pr.number === 'number' && obj(pr.head).sha === headSha) prNumber = pr.number;
  }
  if (prNumber === null) {
    try {
      const headRepo = obj(wr.head_repository);
      const found = await findPullByHeadSha(gh, ctx.owner, ctx.repo, headSha, {
        owner: typeof obj(headRepo.owner).login === 'string' ? (obj(headRepo.owner).login as string) : undefined,
        branch: typeof wr.head_branch === 'string' ? wr.head_branch : undefined,
      });
      prNumber = found?.number ?? null;
    } catch (e) {
      core.warning(explainApiError(e, 'finding the pull request of the triggering run', 'pull-requests: write'));
    }
  }
  let commentUrl: string | undefined;
  if (prNumber === null) core.warning(`no open pull request has head ${headSha.slice(0, 7)}: no comment posted`);
  else commentUrl = await publishComment(gh, inputs, ctx, prNumber, report, runUrl);
  core.setOutput('comment-url', commentUrl ?? '');
  await publishCheck(gh, inputs, ctx, headSha, report, runUrl);
  core.info(`published the report of run ${runId}: score ${report.score.final}/7, gate ${report.gate.passed ? 'passed' : 'failed'}`);
}
