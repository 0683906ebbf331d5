import * as core from '@actions/core';
import { readConfigFile } from '../config/read.js';
import { fileWorkspace } from '../evidence/workspace.js';
import { fileBaseline, noBaseline, type BaselineSource } from '../gate/baseline.js';
import { evaluateGate } from '../gate/evaluate.js';
import { artifactBaseline, artifactName } from '../github/artifacts.js';
import { explainApiError, type GitHubClient } from '../github/client.js';
import { readRunContext, runUrl as runUrlOf, type RunContext } from '../github/context.js';
import { resolveGateSettings, type GateChange } from '../github/gate-settings.js';
import type { GithubRecord } from '../github/notes.js';
import { changedFiles } from '../github/pulls.js';
import { actionsArtifactUploader, type ReportUploader } from '../github/upload.js';
import type { Config } from '../schemas/config.js';
import type { Report } from '../schemas/report.js';
import { UserError, errorMessage } from '../util/errors.js';
import { fmt } from '../util/format.js';
import { clientFor, publishCheck, publishComment } from './github.js';
import { readInputs, type ActionInputs } from './inputs.js';
import { runPublish } from './publish.js';
import { annotate, setOutputs, writeReportFiles, writeSummary } from './outputs.js';

export { annotate, setOutputs, writeReportFiles, writeSummary };

const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);

/** Where the baseline comes from for these inputs. */
export function baselineFor(inputs: ActionInputs, configBaseline: string | undefined, gh: GitHubClient | null = null, ctx: RunContext | null = null): BaselineSource {
  if (inputs.baseline === 'none') return noBaseline('the baseline input is none');
  if (inputs.baseline !== 'auto') return fileBaseline(inputs.baseline);
  if (configBaseline) return fileBaseline(configBaseline);
  if (!gh || !ctx) return noBaseline('baseline auto needs the github-token input and a GitHub Actions run');
  const pr = ctx.pullRequest;
  const branch = pr?.baseRef || ctx.refName;
  if (!branch) return noBaseline('the branch to take the baseline from is unknown');
  const before = typeof ctx.event.before === 'string' && !/^0+$/.test(ctx.event.before) ? ctx.event.before : null;
  return artifactBaseline(
    gh,
    { owner: ctx.owner, repo: ctx.repo, name: artifactName(inputs.id), branch, preferSha: pr ? pr.baseSha : before, repositoryId: pr?.baseRepoId ?? ctx.repositoryId, excludeRunId: ctx.runId ? Number(ctx.runId) : null },
    (m) => core.info(m),
  );
}

function changeList(changes: GateChange[]): string {
  return changes.map((c) => `${c.key} ${c.base} → ${c.head}`).join(', ');
}

export interface ActionDeps {
  uploader?: ReportUploader;
}

async function runGate(inputs: ActionInputs, ctx: RunContext, deps: ActionDeps): Promise<void> {
  const root = process.env.GITHUB_WORKSPACE || process.cwd();
  const headConfig = await readConfigFile(root, inputs.config);
  const gh = clientFor(inputs, ctx);
  const pr = PR_EVENTS.has(ctx.eventName) ? ctx.pullRequest : null;
  const url = runUrlOf(ctx);
  const late: Report['diagnostics'] = [];

  // Trusted gate settings: on a pull request, the gate section can come from the base commit.
  let config: Config = headConfig;
  let changes: GateChange[] | null = null;
  let configSource: 'head' | 'base' = 'head';
  if (pr && gh && pr.baseSha) {
    const g = await resolveGateSettings(gh, { owner: ctx.owner, repo: ctx.repo, configFile: inputs.config, baseSha: pr.baseSha, headConfig, configSource: inputs.configSource });
    config = g.config;
    changes = g.changes;
    configSource = g.source;
    if (g.warning) late.push({ level: 'warning', message: g.warning, file: inputs.config });
    if (changes?.length) {
      late.push({
        level: 'warning',
        message: `this pull request changes the gate settings (${changeList(changes)}); ${configSource === 'base' ? "the base branch's settings were applied" : 'they apply to this run (config-source: head)'}`,
        file: inputs.config,
      });
    }
  } else if (inputs.configSource === 'base' && pr) {
    throw new UserError('config-source base needs the github-token input to read the config of the base commit');
  }
  // Files changed by the pull request, for model-1 and monitor-1.
  let files: string[] | null = null;
  const wantsFiles = config.review !== undefined;
  if (pr && gh && wantsFiles) {
    try {
      files = await changedFiles(gh, ctx.owner, ctx.repo, pr.number);
    } catch (e) {
      late.push({ level: 'warning', message: explainApiError(e, `listing the files of pull request #${pr.number}`, 'pull-requests: read') });
    }
  }

  const baseline = baselineFor(inputs, config.baseline, gh, ctx);
  const report = await evaluateGate({
    config,
    configFile: inputs.config,
    workspace: fileWorkspace(root),
    baseline,
    id: inputs.id,
    commit: (pr?.headSha || process.env.GITHUB_SHA) ?? null,
    pullRequest: pr ? { number: pr.number, baseSha: pr.baseSha, headSha: pr.headSha, changedFiles: files } : null,
    overrides: { minScore: inputs.minScore, maxScoreDrop: inputs.maxScoreDrop, mode: inputs.mode === 'publish' ? undefined : inputs.mode, ifNoBaseline: inputs.ifNoBaseline },
  });
  report.diagnostics.push(...late);
  const noBase = report.diagnostics.find((d) => d.level !== 'error' && /^(no baseline: |baseline ignored: )/.test(d.message));
  const record: GithubRecord = {
    configFile: inputs.config,
    configSource,
    gateChanges: changes,
    baseline: report.baseline ? null : (noBase?.message.replace(/^no baseline: /, '') ?? 'none was found').slice(0, 1000),
  };
  report.records.github = record;

  const { dir, reportPath, markdown } = await writeReportFiles(report, inputs.id, root);
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
  if (pr && gh) commentUrl = await publishComment(gh, inputs, ctx, pr.number, report, url);
  else if (pr && inputs.comment !== 'false') core.warning('no github-token: the pull request comment was not posted');
  core.setOutput('comment-url', commentUrl ?? '');
  if (gh) await publishCheck(gh, inputs, ctx, pr?.headSha || ctx.sha, report, url);

  const line = `ML Test Score ${fmt(report.score.final, 1)}/7: ${report.gate.passed ? 'gate passed' : 'gate failed'}`;
  if (report.gate.passed) core.info(line);
  else core.setFailed(`${line}: ${report.gate.reasons.slice(0, 3).join('; ')}${report.gate.reasons.length > 3 ? ` (+${report.gate.reasons.length - 3} more)` : ''}`);
}

export async function runAction(deps: ActionDeps = {}): Promise<void> {
  try {
    const inputs = readInputs((name) => core.getInput(name));
    const ctx = readRunContext(process.env);
    if (inputs.mode === 'publish') await runPublish(inputs, ctx);
    else await runGate(inputs, ctx, deps);
  } catch (e) {
    if (e instanceof UserError) core.setFailed(`${e.message}${e.hint ? `\n${e.hint}` : ''}`);
    else core.setFailed(`ml-test-gate internal error: ${errorMessage(e)}`);
  }
}
