import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { renderSummary } from '../report/summary.js';
import type { Report } from '../schemas/report.js';
import { errorMessage } from '../util/errors.js';

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
    const props = d.file
      ? { file: d.file, startLine: d.line, title: d.test ? `ml-test-gate ${d.test}` : 'ml-test-gate' }
      : { title: 'ml-test-gate' };
    if (d.level === 'error') core.error(d.message, props);
    else core.warning(d.message, props);
    n++;
  }
}

export async function writeSummary(markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(markdown).write();
  } catch (e) {
    core.warning(`could not write the job summary: ${errorMessage(e)}`);
  }
}

/** Write report.json and comment.md (the job summary's Markdown: the full detail, `notes` under the verdict, the folded `history`) under RUNNER_TEMP/ml-test-gate/<id>/. */
export async function writeReportFiles(
  report: Report,
  id: string,
  root: string,
  notes: string[] = [],
  history?: string,
): Promise<{ dir: string; reportPath: string; markdown: string }> {
  const dir = path.join(process.env.RUNNER_TEMP || root, 'ml-test-gate', id);
  await fs.mkdir(dir, { recursive: true });
  const reportPath = path.join(dir, 'report.json');
  await fs.writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  const markdown = renderSummary(report, { notes, history });
  await fs.writeFile(path.join(dir, 'comment.md'), markdown);
  return { dir, reportPath, markdown };
}
