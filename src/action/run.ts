import * as core from '@actions/core';
import { readConfigFile } from '../config/read.js';
import { workspaceOf } from '../evidence/workspace.js';
import { evaluateGate } from '../gate/evaluate.js';
import { artifactName } from '../github/artifacts.js';
import { explainApiError, type GitHubClient } from '../github/client.js';
import { readRunContext, runUrl as runUrlOf, type PullRequestInfo, type RunContext } from '../github/context.js';
import { resolveGateSettings, type GateChange, type GateSource } from '../github/gate-settings.js';
import { commentNotes, type GithubRecord } from '../github/notes.js';
import { changedFiles } from '../github/pulls.js';
import { actionsArtifactUploader, type ReportUploader } from '../github/upload.js';
import type { Config } from '../schemas/config.js';
import type { Report } from '../schemas/report.js';
import { UserError, errorMessage } from '../util/errors.js';
import { redactValues, redactValuesDeep } from '../util/excerpt.js';
import { fmt } from '../util/format.js';
import { baselineFor } from './baseline.js';
import { historyFor } from './history.js';
import { clientFor, publishCheck, publishComment } from './github.js';
import { inputOverrides, readInputs, secretsOf, type ActionInputs } from './inputs.js';
import { failClosed } from './trust.js';
import { noVerdictMarkdown, publishNoVerdict } from './reject.js';
import { annotate, setOutputs, writeReportFiles, writeSummary } from './outputs.js';

export { annotate, setOutputs, writeReportFiles, writeSummary };

const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);

function changeList(changes: GateChange[]): string {
  return changes.map((c) => `${c.key} ${c.base} → ${c.head}`).join(', ');
}

export interface ActionDeps {
  uploader?: ReportUploader;
}

interface Settings extends GateSource {
  diagnostics: Report['diagnostics'];
}

/**
 * The config to evaluate with. On a pull request with config-source base it is the base commit's;
 * when that cannot be read the result carries `blocked` (the gate fails closed), except for a base
 * commit without the file (first adoption: the head config, with a visible warning).
 */
async function settingsFor(
  inputs: ActionInputs,
  ctx: RunContext,
  gh: GitHubClient | null,
  pr: PullRequestInfo | null,
  headConfig: Config,
): Promise<Settings> {
  const diagnostics: Report['diagnostics'] = [];
  const head: Settings = { config: headConfig, source: 'head', changes: null, diagnostics };
  if (!pr && PR_EVENTS.has(ctx.eventName)) {
    // A pull_request run whose payload does not say which pull request (and which base commit): never
    // fall back to the pull request's own settings silently.
    const why = `the ${ctx.eventName} event names no pull request (${ctx.eventProblem ?? 'its payload has no pull_request.number'})`;
    if (inputs.configSource !== 'base') {
      diagnostics.push({ level: 'warning', message: `${why}: no comment, no changed files and no base commit`, file: inputs.config });
      return head;
    }
    const blocked = `config-source base: ${why}, so the config of the base commit cannot be read. The pull request's own settings were not used instead.`;
    diagnostics.push({ level: 'error', message: blocked, file: inputs.config });
    return { ...head, blocked };
  }
  // a merge queue's group holds the pull request's changes, its config too: the same bar as the pull request
  const mg = pr ? null : ctx.mergeGroup;
  if (!pr && !mg) return head;
  const baseSha = pr ? pr.baseSha : mg!.baseSha;
  if (!gh || !baseSha) {
    if (inputs.configSource !== 'base') return head;
    const why = !gh
      ? 'it needs the github-token input to read the config of the base commit'
      : `the ${ctx.eventName} event names no base commit`;
    const blocked = `config-source base: ${why}. The pull request's own settings were not used instead.`;
    diagnostics.push({ level: 'error', message: blocked, file: inputs.config });
    return { ...head, blocked };
  }
  const g = await resolveGateSettings(gh, {
    owner: ctx.owner,
    repo: ctx.repo,
    configFile: inputs.config,
    baseSha,
    headConfig,
    configSource: inputs.configSource,
  });
  if (g.blocked) diagnostics.push({ level: 'error', message: g.blocked, file: inputs.config });
  else if (g.warning) diagnostics.push({ level: 'warning', message: g.warning, file: inputs.config });
  if (g.changes?.length) {
    diagnostics.push({
      level: 'warning',
      message: `this pull request changes the gate settings (${changeList(g.changes)}); ${g.source === 'base' ? "the base branch's settings were applied" : 'they apply to this run (config-source: head)'}`,
      file: inputs.config,
    });
  }
  return { ...g, diagnostics };
}

/**
 * Files changed by the pull request, for model-1 and monitor-1 (null when they could not be listed,
 * with the API's reason: the checks that needed them are errors that say it).
 */
async function prFiles(
  gh: GitHubClient | null,
  ctx: RunContext,
  pr: PullRequestInfo | null,
  config: Config,
): Promise<{ files: string[] | null; error?: string }> {
  if (!pr || !gh || config.review === undefined) return { files: null };
  try {
    return { files: await changedFiles(gh, ctx.owner, ctx.repo, pr.number) };
  } catch (e) {
    return { files: null, error: explainApiError(e, `listing the files of pull request #${pr.number}`, 'pull-requests: read') };
  }
}

async function runGate(inputs: ActionInputs, ctx: RunContext, deps: ActionDeps): Promise<void> {
  const root = process.env.GITHUB_WORKSPACE || process.cwd();
  const headConfig = await readConfigFile(root, inputs.config);
  const gh = clientFor(inputs, ctx);
  const pr = PR_EVENTS.has(ctx.eventName) ? ctx.pullRequest : null;
  const url = runUrlOf(ctx);
  const settings = await settingsFor(inputs, ctx, gh, pr, headConfig);
  const { config } = settings;
  const late = [...settings.diagnostics];
  const listed = await prFiles(gh, ctx, pr, config);

  const report = await evaluateGate({
    config,
    configFile: inputs.config,
    // extra roots and limits from the config in force (with config-source base, the base commit's)
    workspace: workspaceOf(root, config),
    baseline: baselineFor(inputs, config.baseline, gh, ctx),
    id: inputs.id,
    commit: (pr?.headSha || process.env.GITHUB_SHA) ?? null,
    pullRequest: pr
      ? {
          number: pr.number,
          baseSha: pr.baseSha,
          headSha: pr.headSha,
          changedFiles: listed.files,
          ...(listed.error ? { changedFilesError: listed.error } : {}),
        }
      : null,
    overrides: {
      minScore: inputs.minScore,
      maxScoreDrop: inputs.maxScoreDrop,
      mode: inputs.mode === 'publish' ? undefined : inputs.mode,
      ifNoBaseline: inputs.ifNoBaseline,
    },
  });
  if (settings.blocked) report.gate = failClosed(report.gate, settings.blocked, inputs.mode);
  redactValuesDeep(report, secretsOf(inputs)); // the comment, summary, check run and artifact are all made from the report
  report.diagnostics.push(...late);
  const noBase = report.diagnostics.find((d) => d.level !== 'error' && /^(no baseline: |baseline ignored: )/.test(d.message));
  const record: GithubRecord = {
    configFile: inputs.config,
    configSource: settings.source,
    gateChanges: settings.changes,
    baseline: report.baseline ? null : (noBase?.message.replace(/^no baseline: /, '') ?? 'none was found').slice(0, 1000),
    blocked: settings.blocked?.slice(0, 2000) ?? null,
    configWarning: settings.configWarning?.slice(0, 2000) ?? null,
    inputOverrides: inputOverrides(inputs, config.gate),
  };
  report.records.github = record;
  const history = await historyFor(inputs, config, gh, ctx);
  await finishGate(inputs, ctx, gh, pr, report, root, url, deps, history);
}

/** Report files, outputs, summary, artifact, comment, check run, and the step's status. */
async function finishGate(
  inputs: ActionInputs,
  ctx: RunContext,
  gh: GitHubClient | null,
  pr: PullRequestInfo | null,
  report: Report,
  root: string,
  url: string | undefined,
  deps: ActionDeps,
  history?: string,
): Promise<void> {
  const notes = await commentNotes(report);
  const { dir, reportPath, markdown } = await writeReportFiles(report, inputs.id, root, notes, history);
  setOutputs(report, reportPath);
  annotate(report);
  await writeSummary(markdown);

  // Every run uploads its report: on the default branch it is the next pull request's baseline.
  try {
    const up = await (deps.uploader ?? actionsArtifactUploader).upload(artifactName(inputs.id), ['report.json', 'comment.md'], dir);
    if (up.uploaded) core.info(`report artifact ${artifactName(inputs.id)} uploaded${up.id ? ` (id ${up.id})` : ''}`);
    else core.warning(`the report artifact ${artifactName(inputs.id)} was not uploaded: ${up.reason}`);
  } catch (e) {
    core.warning(`the report artifact ${artifactName(inputs.id)} was not uploaded: ${errorMessage(e)}`);
  }

  let commentUrl: string | undefined;
  if (pr && gh) commentUrl = await publishComment(gh, inputs, ctx, pr.number, report, url, notes, history);
  else if (pr && inputs.comment !== 'false') core.warning('no github-token: the pull request comment was not posted');
  core.setOutput('comment-url', commentUrl ?? '');
  if (gh) await publishCheck(gh, inputs, ctx, pr?.headSha || ctx.sha, report, url);

  const line = `ML Test Score ${fmt(report.score.final, 1)}/7: ${report.gate.passed ? 'gate passed' : 'gate failed'}`;
  if (report.gate.passed) core.info(line);
  else
    core.setFailed(
      `${line}: ${report.gate.reasons.slice(0, 3).join('; ')}${report.gate.reasons.length > 3 ? ` (+${report.gate.reasons.length - 3} more)` : ''}`,
    );
}

export async function runAction(deps: ActionDeps = {}): Promise<void> {
  let inputs: ActionInputs | undefined;
  let ctx: RunContext | undefined;
  try {
    // (the runner masks the token in its log itself; the report, comment and check run are redacted below)
    inputs = readInputs((name) => core.getInput(name));
    ctx = readRunContext(process.env);
    if (inputs.mode === 'publish')
      await (await import('./publish.js')).runPublish(inputs, ctx); // the full report and config schemas: publish mode only
    else await runGate(inputs, ctx, deps);
  } catch (e) {
    const user = e instanceof UserError;
    const message = user ? `${e.message}${e.hint ? `\n${e.hint}` : ''}` : `ml-test-gate internal error: ${errorMessage(e)}`;
    core.setFailed(message);
    if (inputs && ctx && inputs.mode !== 'publish')
      await reportNoVerdict(inputs, ctx, redactValues(message, secretsOf(inputs)).slice(0, 2000), user);
    else if (inputs && ctx)
      // publish mode: no commit of the pull request is known here, so only the job summary says why
      await writeSummary(
        noVerdictMarkdown({
          title: 'ML Test Score: no trusted verdict',
          reason: redactValues(message, secretsOf(inputs)).slice(0, 2000),
          then: "Nothing was published to the pull request. Fix the cause; the run's log has the details.",
        }),
      );
  }
}

/**
 * The gate stopped before a verdict (an invalid config, an unusable workspace, a bug): the job
 * summary, and on a pull request the sticky comment and the check run, say why, so that an
 * earlier commit's verdict does not stay on the pull request looking current. Never throws.
 */
async function reportNoVerdict(inputs: ActionInputs, ctx: RunContext, reason: string, user: boolean): Promise<void> {
  const pr = PR_EVENTS.has(ctx.eventName) ? ctx.pullRequest : null;
  const headSha = pr?.headSha || ctx.sha;
  const at = headSha ? ` on commit ${headSha.slice(0, 7)}` : '';
  const why = {
    title: 'ML Test Score: the gate could not run',
    reason,
    then: user
      ? `No score was computed${at}, so this check fails. Fix the cause and push again; the run's log has the details.`
      : `No score was computed${at}, so this check fails. This is a bug in ml-test-gate: please report it with the run's log.`,
  };
  await writeSummary(noVerdictMarkdown(why));
  const gh = clientFor(inputs, ctx);
  if (!gh || !headSha) return;
  try {
    await publishNoVerdict(gh, inputs, ctx, { headSha, prNumber: pr?.number ?? null, runUrl: runUrlOf(ctx) }, why);
  } catch (e) {
    core.warning(`the pull request was not told why the gate could not run: ${errorMessage(e)}`);
  }
}
