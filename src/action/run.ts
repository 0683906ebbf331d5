import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { readConfigFile } from '../config/read.js';
import { fileWorkspace } from '../evidence/workspace.js';
import { fileBaseline, noBaseline, type BaselineSource } from '../gate/baseline.js';
import { evaluateGate } from '../gate/evaluate.js';
import { renderMarkdown } from '../report/markdown.js';
import type { Report } from '../schemas/report.js';
import { UserError, errorMessage } from '../util/errors.js';
import { fmt } from '../util/format.js';
import { readInputs, type ActionInputs } from './inputs.js';

const SUMMARY_LIMIT = 1_000_000;

/** Where the baseline comes from for these inputs (the artifact lookup plugs in here). */
export function baselineFor(inputs: ActionInputs, configBaseline: string | undefined): BaselineSource {
  if (inputs.baseline === 'none') return noBaseline('the baseline input is none');
  if (inputs.baseline !== 'auto') return fileBaseline(inputs.baseline);
  if (configBaseline) return fileBaseline(configBaseline);
  return noBaseline('no baseline report is configured');
}

export function setOutputs(report: Report, reportPath: string): void {
  core.setOutput('score', String(report.score.final));
  core.setOutput('base-score', report.baseline ? String(report.baseline.score.final) : '');
  core.setOutput('delta', report.delta ? String(report.delta.final) : '');
  core.setOutput('level', report.score.level);
  core.setOutput('passed', String(report.gate.passed));
  core.setOutput('report-path', reportPath);
}

/** Annotations for failed and errored checks (the UI shows about 10 per step). */
export function annotate(report: Report): void {
  let n = 0;
  for (const d of report.diagnostics) {
    if (d.level === 'notice' || n >= 10) continue;
    const props = d.file ? { file: d.file, startLine: d.line, title: d.test ? `ml-test-gate ${d.test}` : 'ml-test-gate' } : { title: 'ml-test-gate' };
    if (d.level === 'error') core.error(d.message, props);
    else core.warning(d.message, props);
    n++;
  }
}

export async function runAction(): Promise<void> {
  try {
    const inputs = readInputs((name) => core.getInput(name));
    const root = process.env.GITHUB_WORKSPACE || process.cwd();
    const config = await readConfigFile(root, inputs.config);
    const report = await evaluateGate({
      config,
      configFile: inputs.config,
      workspace: fileWorkspace(root),
      baseline: baselineFor(inputs, config.baseline),
      id: inputs.id,
      commit: process.env.GITHUB_SHA ?? null,
      overrides: { minScore: inputs.minScore, maxScoreDrop: inputs.maxScoreDrop, mode: inputs.mode === 'publish' ? undefined : inputs.mode },
    });
    const outDir = path.join(process.env.RUNNER_TEMP || root, 'ml-test-gate', inputs.id);
    await fs.mkdir(outDir, { recursive: true });
    const reportPath = path.join(outDir, 'report.json');
    await fs.writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
    const markdown = renderMarkdown(report, { maxLength: SUMMARY_LIMIT });
    await fs.writeFile(path.join(outDir, 'comment.md'), markdown);
    setOutputs(report, reportPath);
    annotate(report);
    try {
      await core.summary.addRaw(markdown).write();
    } catch (e) {
      core.warning(`could not write the job summary: ${errorMessage(e)}`);
    }
    const line = `ML Test Score ${fmt(report.score.final, 1)}/7: ${report.gate.passed ? 'gate passed' : 'gate failed'}`;
    if (report.gate.passed) core.info(line);
    else core.setFailed(`${line}: ${report.gate.reasons.slice(0, 3).join('; ')}${report.gate.reasons.length > 3 ? ` (+${report.gate.reasons.length - 3} more)` : ''}`);
  } catch (e) {
    if (e instanceof UserError) core.setFailed(`${e.message}${e.hint ? `\n${e.hint}` : ''}`);
    else core.setFailed(`ml-test-gate internal error: ${errorMessage(e)}`);
  }
}
