import { existsSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { loadConfig } from '../config/load.js';
import { readConfigFile } from '../config/read.js';
import { EvidenceStore } from '../evidence/store.js';
import { workspaceOf } from '../evidence/workspace.js';
import type { BaselineResult } from '../gate/baseline.js';
import { checkPublishedReport, recomputeVerdict } from '../gate/recompute.js';
import { artifactName, downloadArtifact, listRunArtifacts, reportTextFromZip } from '../github/artifacts.js';
import { explainApiError, type GitHubClient } from '../github/client.js';
import type { RunContext } from '../github/context.js';
import { configTextAt } from '../github/gate-settings.js';
import { commentNotes, type GithubRecord } from '../github/notes.js';
import { findPullByHeadSha, type FoundPull } from '../github/pulls.js';
import { ZipError } from '../github/zip.js';
import type { Config } from '../schemas/config.js';
import { configSchemaFor } from '../schemas/config-sections.js';
import type { Report } from '../schemas/report.js';
import { errorMessage, UserError } from '../util/errors.js';
import { redactValuesDeep } from '../util/excerpt.js';
import { fmt } from '../util/format.js';
import { REPORT_FORMAT } from '../report/history.js';
import { clientFor, publishCheck, publishComment } from './github.js';
import { inputOverrides, secretsOf, type ActionInputs } from './inputs.js';
import { setOutputs, writeReportFiles, writeSummary } from './outputs.js';
import { publishRejection } from './reject.js';
import { baselineFor } from './baseline.js';

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The run that triggered this `workflow_run` job: the pull request's own run (untrusted). */
export interface TriggeringRun {
  id: number;
  headSha: string;
  url?: string;
  headOwner?: string;
  headBranch?: string;
  /** Pull requests listed in the event (empty for forks). */
  pulls: FoundPull[];
}

function triggeringRun(ctx: RunContext): TriggeringRun {
  const wr = obj(ctx.event.workflow_run);
  const id = typeof wr.id === 'number' && Number.isSafeInteger(wr.id) ? wr.id : NaN;
  const headSha = str(wr.head_sha);
  if (!Number.isFinite(id) || !/^[0-9a-f]{40}$/i.test(headSha))
    throw new UserError(`the workflow_run event has no run id or head SHA${ctx.eventProblem ? ` (${ctx.eventProblem})` : ''}`);
  const pulls: FoundPull[] = [];
  for (const p of Array.isArray(wr.pull_requests) ? wr.pull_requests : []) {
    const pr = obj(p);
    // a complete entry only (GitHub lists head and base); else the pull request is looked up
    if (typeof pr.number === 'number' && str(obj(pr.head).sha) === headSha && str(obj(pr.base).ref) && str(obj(pr.base).sha)) {
      pulls.push({ number: pr.number, headSha, baseRef: str(obj(pr.base).ref), baseSha: str(obj(pr.base).sha) });
    }
  }
  const url = str(wr.html_url);
  return {
    id,
    headSha,
    url: /^https:\/\//.test(url) ? url : undefined,
    headOwner: str(obj(obj(wr.head_repository).owner).login) || undefined,
    headBranch: str(wr.head_branch) || undefined,
    pulls,
  };
}

interface TrustedConfig {
  config: Config;
  /** What the verdict was recomputed with, for the comment. */
  label: string;
  warning?: string;
  /** The trusted config could not be read: no verdict can be published. */
  blocked?: string;
}

/**
 * The default branch's config: the workflow_run job's own checkout (the default branch), else read
 * through the API at the job's commit. A 404 there (no config yet) means the built-in settings, with a
 * warning; anything else unreadable or invalid blocks the verdict (fail closed).
 */
async function trustedConfig(gh: GitHubClient, inputs: ActionInputs, ctx: RunContext, root: string): Promise<TrustedConfig> {
  const file = inputs.config;
  const ref = ctx.sha || str(obj(ctx.event.repository).default_branch);
  const at = ref ? ` at ${ref.slice(0, 7)}` : '';
  const defaults = configSchemaFor({}).parse({});
  if (existsSync(path.resolve(root, file))) {
    try {
      return { config: await readConfigFile(root, file), label: `${file}${at}, the default branch's checkout` };
    } catch (e) {
      return { config: defaults, label: file, blocked: `the default branch's config cannot be used: ${errorMessage(e)}` };
    }
  }
  if (!ref) return { config: defaults, label: file, blocked: `${file} is not in the workspace and the default branch's commit is unknown` };
  let text: string | null;
  try {
    text = await configTextAt(gh, ctx.owner, ctx.repo, file, ref);
  } catch (e) {
    return { config: defaults, label: file, blocked: explainApiError(e, `reading the default branch's ${file}${at}`, 'contents: read') };
  }
  if (text === null) {
    return {
      config: defaults,
      label: 'the built-in gate settings',
      warning: `${file} does not exist on the default branch${at}: the verdict was recomputed with the built-in gate settings (no min-score, enforce, if-no-baseline warn).`,
    };
  }
  try {
    return { config: await loadConfig(`${file}${at}`, text), label: `${file}${at}` };
  } catch (e) {
    return { config: defaults, label: file, blocked: `the default branch's config cannot be used: ${errorMessage(e)}` };
  }
}

type Fetched = { report: Report } | { rejected: string } | { missing: string };

/** The triggering run's report artifact: bounded, schema-checked, and tied to that run and commit. */
async function fetchReport(
  gh: GitHubClient,
  inputs: ActionInputs,
  ctx: RunContext,
  run: TriggeringRun,
  store: EvidenceStore,
): Promise<Fetched> {
  const name = artifactName(inputs.id);
  const label = `artifact ${name} of run ${run.id}`;
  let text: string;
  try {
    const list = (await listRunArtifacts(gh, ctx.owner, ctx.repo, run.id, name)).filter((a) => !a.expired);
    if (list.length === 0)
      return { missing: `run ${run.id} uploaded no artifact named ${name} (did the gate step run, with id "${inputs.id}"?)` };
    const a = list[0];
    if (a.workflow_run?.id !== undefined && a.workflow_run.id !== run.id)
      return { rejected: `${label} belongs to run ${a.workflow_run.id}, not to the triggering run` };
    if (a.workflow_run?.head_sha !== undefined && a.workflow_run.head_sha !== run.headSha)
      return { rejected: `${label} was built from ${a.workflow_run.head_sha.slice(0, 7)}, not ${run.headSha.slice(0, 7)}` };
    text = reportTextFromZip(await downloadArtifact(gh, ctx.owner, ctx.repo, a), label);
  } catch (e) {
    if (e instanceof ZipError) return { rejected: `${label} was rejected: ${e.message}` };
    return { rejected: explainApiError(e, `downloading ${label}`, 'actions: read') };
  }
  // the report to publish is read in full (a baseline only as far as a run reads it)
  const loaded = store.parse(label, text, REPORT_FORMAT);
  if (!loaded.ok) return { rejected: loaded.message };
  const bad = checkPublishedReport(loaded.value, { id: inputs.id, commit: run.headSha });
  return bad ? { rejected: `${label} was rejected: ${bad}` } : { report: loaded.value };
}

/** The pull request of the triggering run: from the event, else by head SHA (fork pull requests). */
async function pullOf(gh: GitHubClient, ctx: RunContext, run: TriggeringRun): Promise<FoundPull | null> {
  if (run.pulls[0]) return run.pulls[0];
  try {
    return await findPullByHeadSha(gh, ctx.owner, ctx.repo, run.headSha, { owner: run.headOwner, branch: run.headBranch });
  } catch (e) {
    core.warning(explainApiError(e, 'finding the pull request of the triggering run', 'pull-requests: write'));
    return null;
  }
}

/** The base branch's report, found by this (trusted) job: the report's own baseline is not used. */
async function trustedBaseline(
  gh: GitHubClient,
  inputs: ActionInputs,
  ctx: RunContext,
  run: TriggeringRun,
  pr: FoundPull | null,
  config: Config,
  store: EvidenceStore,
): Promise<BaselineResult> {
  if (!pr) return { kind: 'none', reason: 'the pull request of the triggering run was not found' };
  if (!pr.baseRef) return { kind: 'none', reason: `the base branch of pull request #${pr.number} is unknown` };
  const prCtx: RunContext = {
    ...ctx,
    runId: String(run.id),
    pullRequest: {
      number: pr.number,
      baseRef: pr.baseRef,
      baseSha: pr.baseSha,
      headSha: pr.headSha,
      baseRepoId: ctx.repositoryId,
      headRepoId: null,
    },
  };
  return baselineFor(inputs, config.baseline, gh, prCtx).load(store);
}

/**
 * `mode: publish`, in a `workflow_run` workflow on the default branch: the triggering run's report is
 * downloaded as untrusted data, its verdict recomputed with the default branch's settings, and the
 * comment and check run say where the evidence came from. No code of the pull request runs here.
 */
export async function runPublish(inputs: ActionInputs, ctx: RunContext): Promise<void> {
  if (ctx.eventName !== 'workflow_run') {
    throw new UserError(
      `mode publish runs in a workflow triggered by workflow_run, not ${ctx.eventName || 'an unknown event'}`,
      'See the fork-safe setup in docs/github.md.',
    );
  }
  const gh = clientFor(inputs, ctx);
  if (!gh) throw new UserError('mode publish needs the github-token input');
  const run = triggeringRun(ctx);
  const root = process.env.GITHUB_WORKSPACE || process.cwd();
  const trusted = await trustedConfig(gh, inputs, ctx, root);
  // the downloaded report is parsed with the trusted config's limits; the config file itself was read confined to the checkout
  const store = new EvidenceStore(workspaceOf(root, trusted.config));
  const pr = await pullOf(gh, ctx, run);
  const got = await fetchReport(gh, inputs, ctx, run, store);
  const problem = trusted.blocked
    ? `no trusted verdict: ${trusted.blocked}`
    : 'rejected' in got
      ? got.rejected
      : 'missing' in got
        ? got.missing
        : null;
  if (problem !== null || !('report' in got)) {
    await publishRejection(
      gh,
      inputs,
      ctx,
      { headSha: run.headSha, prNumber: pr?.number ?? null, runUrl: run.url },
      problem ?? 'no report',
    );
    if ('missing' in got && !trusted.blocked) core.warning(problem!);
    else core.setFailed(problem!);
    return;
  }
  const base = await trustedBaseline(gh, inputs, ctx, run, pr, trusted.config, store);
  const overrides = { minScore: inputs.minScore, maxScoreDrop: inputs.maxScoreDrop, ifNoBaseline: inputs.ifNoBaseline };
  const { report, differences } = recomputeVerdict(got.report, {
    config: trusted.config,
    overrides,
    baseline: base.kind === 'found' ? base : null,
    now: new Date(),
  });
  report.records.github = {
    configFile: inputs.config,
    configSource: 'default-branch',
    gateChanges: null,
    baseline: base.kind === 'found' ? null : (base.kind === 'none' ? base.reason : base.message).slice(0, 1000),
    blocked: null,
    configWarning: trusted.warning ?? null,
    inputOverrides: inputOverrides(inputs, trusted.config.gate),
    publish: {
      runId: run.id,
      runUrl: run.url,
      settings: trusted.label.slice(0, 600),
      differences: differences.map((d) => d.slice(0, 600)),
    },
  } satisfies GithubRecord;
  redactValuesDeep(report, secretsOf(inputs));
  await publishVerdict(gh, inputs, ctx, run, pr, report, root);
}

async function publishVerdict(
  gh: GitHubClient,
  inputs: ActionInputs,
  ctx: RunContext,
  run: TriggeringRun,
  pr: FoundPull | null,
  report: Report,
  root: string,
): Promise<void> {
  const { reportPath, markdown } = await writeReportFiles(report, inputs.id, root, await commentNotes(report));
  setOutputs(report, reportPath);
  await writeSummary(markdown);
  let commentUrl: string | undefined;
  if (!pr) core.warning(`no open pull request has head ${run.headSha.slice(0, 7)}: no comment posted`);
  else commentUrl = await publishComment(gh, inputs, ctx, pr.number, report, run.url);
  core.setOutput('comment-url', commentUrl ?? '');
  await publishCheck(gh, inputs, ctx, run.headSha, report, run.url, " · recomputed; evidence from the pull request's own run");
  core.info(
    `published the report of run ${run.id}, verdict recomputed with ${inputs.config} of the default branch: score ${fmt(report.score.final, 1)}/7, gate ${report.gate.passed ? 'passed' : 'failed'}`,
  );
}
