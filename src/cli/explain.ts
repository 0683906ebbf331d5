/**
 * `ml-test-gate explain [REPORT]`: what a JSON report says, for a terminal: the verdict, what failed,
 * the warnings, every next step that would raise the score (cheapest first, with the config keys and
 * the rubric page of each), and the MLOps maturity levels with what each next level lacks.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadHistoryReports, MAX_REPORT_CHARS } from '../report/history.js';
import { roadmap } from '../report/roadmap.js';
import { renderText } from '../report/text.js';
import { maturityExplanation } from '../rubric/maturity.js';
import { UserError } from '../util/errors.js';
import { parseFlags } from './args.js';
import type { CliIO } from './io.js';

export const EXPLAIN_HELP = `Usage: ml-test-gate explain [REPORT] [--json]

Explain a JSON report written by ml-test-gate run (default: ml-test-gate-report.json): the verdict,
what failed with its numbers, the warnings, every next step that would raise the score (cheapest
first: the evidence to add, the config key, the rubric page), and the MLOps maturity levels.

Options:
  --json      print the next steps as JSON
  -h, --help  show this help`;

async function readReport(io: CliIO, file: string) {
  const abs = path.resolve(io.cwd, file);
  let text: string;
  try {
    const st = await fs.stat(abs);
    if (!st.isFile()) throw new UserError(`explain: ${file} is not a file`);
    if (st.size > MAX_REPORT_CHARS)
      throw new UserError(`explain: ${file} is ${st.size} bytes; a report over ${MAX_REPORT_CHARS} bytes is not read`);
    text = await fs.readFile(abs, 'utf8');
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(
      `explain: report not found: ${file} (looked for ${abs})`,
      'Run ml-test-gate run first, or name the report: ml-test-gate explain REPORT.',
    );
  }
  const loaded = loadHistoryReports([{ source: file, text }]);
  if (loaded.skipped.length) throw new UserError(`explain: ${loaded.skipped[0].message}`);
  return loaded.reports[0].report;
}

export async function explainCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags('explain', argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) {
    io.stdout(`${EXPLAIN_HELP}\n`);
    return 0;
  }
  if (positionals.length > 1)
    throw new UserError(`explain: expected one report file, got ${positionals.length}`, 'Run ml-test-gate explain --help.');
  const file = positionals[0] ?? 'ml-test-gate-report.json';
  const report = await readReport(io, file);
  if (values.json) {
    io.stdout(`${JSON.stringify(roadmap(report), null, 2)}\n`);
    return 0;
  }
  io.stdout(renderText(report, { steps: Infinity, footer: maturityExplanation(report) }));
  return 0;
}
