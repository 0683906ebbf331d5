import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONFIG, readConfigFile } from '../config/read.js';
import { workspaceOf } from '../evidence/workspace.js';
import { fileBaseline, noBaseline } from '../gate/baseline.js';
import { evaluateGate } from '../gate/evaluate.js';
import { verdictOf } from '../report/findings.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderSummary } from '../report/summary.js';
import { renderText } from '../report/text.js';
import type { Report } from '../schemas/report.js';
import { fmt, fmtDelta } from '../util/format.js';
import { choiceFlag, numberFlag, parseFlags } from './args.js';
import { UserError } from '../util/errors.js';
import { quoted, redactValuesDeep } from '../util/excerpt.js';
import type { CliIO } from './io.js';
import { findRoot, underRoot, type RootChoice } from './root.js';
import { mark } from '../util/timing.js';

export const RUN_HELP = `Usage: ml-test-gate run [options]

Evaluate the ML Test Score gate on the evidence named in the config file.

Paths in the config are relative to the repository root: --root, else GITHUB_WORKSPACE, else the git
repository of the current directory, else the config file's repository. Paths given as options are
relative to the current directory.

Options:
  --config FILE          config file (default: ${DEFAULT_CONFIG} in the repository root)
  --root DIR             repository root (default: found as above)
  --baseline FILE        previous JSON report to compare with (overrides the config's baseline)
  --report-out FILE      where to write the JSON report (default ml-test-gate-report.json)
  --markdown-out FILE    also write the pull-request comment (Markdown) to FILE
  --summary-out FILE     also write the job summary (Markdown, the full detail) to FILE
  --min-score N          fail below this final score (overrides gate.min-score)
  --max-score-drop N     fail when the score drops more than N against the baseline
  --mode enforce|report  report = never fail, only report
  --id NAME              gate id, when several gates run in one repository (default "default")
  --now DATE             evaluate as of this date-time (ISO 8601): ages, expiries and future-date
                         checks use it, so re-running an old report gives the same verdict
  --history DIR_OR_GLOB  the base branch's earlier JSON reports: a score-history chart goes in the
                         Markdown's details (see: ml-test-gate history --help)
  --print                print the result as plain text (verdict, failures, warnings, next steps)
  -h, --help             show this help

Exit codes: 0 gate passed, 1 gate failed, 2 could not run (bad flags or config).
Then: ml-test-gate explain REPORT prints every next step that would raise the score.`;

function parseNow(raw: string): Date {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(t))
    throw new UserError(`run: --now expects an ISO 8601 date or date-time, e.g. 2026-11-23 or 2026-11-23T12:00:00Z, got ${quoted(raw)}`);
  return new Date(t);
}

/** The folded score-history section from `--history`; problems with single files are reported and skipped. */
async function historyFor(arg: string | undefined, id: string, io: CliIO): Promise<string | undefined> {
  if (arg === undefined) return undefined;
  // loaded only when asked for, so a plain run starts as fast as before
  const [{ readReportFiles }, { historySection }] = await Promise.all([import('./history.js'), import('../report/history.js')]);
  const read = await readReportFiles([arg], io.cwd);
  for (const s of read.skipped) io.stderr(`ml-test-gate: history: skipped ${s.message}\n`);
  return historySection(read.reports, { id, folded: true, skipped: read.skipped }) || undefined;
}

const RUN_FLAGS = {
  config: { type: 'string' },
  baseline: { type: 'string' },
  'report-out': { type: 'string' },
  'markdown-out': { type: 'string' },
  'summary-out': { type: 'string' },
  'min-score': { type: 'string' },
  'max-score-drop': { type: 'string' },
  mode: { type: 'string' },
  id: { type: 'string' },
  root: { type: 'string' },
  now: { type: 'string' },
  history: { type: 'string' },
  print: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Synchronous: fs.promises loads readline and the REPL history, and an asynchronous write goes
 * through libuv's thread pool, which a run does not otherwise start (src/evidence/workspace.ts).
 */

async function writeOut(io: CliIO, file: string, text: string): Promise<string> {
  const abs = path.resolve(io.cwd, file);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, text);
  const rel = path.relative(io.cwd, abs);
  return rel && !rel.startsWith('..') ? rel : abs;
}

/** The stderr lines: the verdict, the gate's reasons, where the root and the outputs are. */
function stderrLines(report: Report, root: RootChoice, io: CliIO, outputs: string[]): string {
  const delta = report.delta ? ` (${fmtDelta(report.delta.final, 1)} vs base)` : ' (no baseline)';
  const v = verdictOf(report).text;
  const lines = [`ml-test-gate: ${v.charAt(0).toLowerCase()}${v.slice(1)} · ML Test Score ${fmt(report.score.final, 1)}/7${delta}`];
  for (const r of report.gate.reasons.slice(0, 10)) lines.push(`  - ${r}`);
  if (report.gate.reasons.length > 10) lines.push(`  - ... ${report.gate.reasons.length - 10} more in the report`);
  if (path.resolve(root.root) !== path.resolve(io.cwd))
    lines.push(`Root: ${root.root} (${root.why}); the config's paths are relative to it.`);
  lines.push(...outputs);
  return `${lines.join('\n')}\n`;
}

export async function runCommand(argv: string[], io: CliIO): Promise<number> {
  mark('run command loaded');
  const { values } = parseFlags('run', argv, RUN_FLAGS);
  if (values.help) {
    io.stdout(`${RUN_HELP}\n`);
    return 0;
  }
  const minScore = numberFlag('run', 'min-score', values['min-score'], [0, 7]);
  const maxScoreDrop = numberFlag('run', 'max-score-drop', values['max-score-drop'], [0, 7]);
  const mode = choiceFlag('run', 'mode', values.mode, ['enforce', 'report'] as const);
  const now = values.now === undefined ? undefined : parseNow(values.now);
  const root = findRoot({ flag: values.root, cwd: io.cwd, env: io.env, config: values.config });
  const configFile = values.config === undefined ? DEFAULT_CONFIG : underRoot(root.root, io.cwd, values.config);
  const config = await readConfigFile(root.root, configFile);
  mark('config read');

  // a --baseline flag is typed relative to the current directory; the config's baseline to the root
  const baselinePath = values.baseline !== undefined ? underRoot(root.root, io.cwd, values.baseline) : config.baseline;
  const report = await evaluateGate({
    config,
    configFile,
    // a --baseline named on the command line may be anywhere; the config's paths stay inside the root
    workspace: workspaceOf(root.root, config, values.baseline !== undefined && baselinePath ? [baselinePath] : []),
    baseline: baselinePath ? fileBaseline(baselinePath) : noBaseline('no --baseline flag and no baseline in the config'),
    id: values.id ?? 'default',
    commit: io.env?.GITHUB_SHA ?? null,
    overrides: { minScore, maxScoreDrop, mode },
    now,
  });
  // tokens the CI put in the environment never reach the report or the Markdown, whatever file held them
  const env = io.env ?? {};
  redactValuesDeep(
    report,
    [env.GITHUB_TOKEN, env.GH_TOKEN, env.GITLAB_TOKEN, env.CI_JOB_TOKEN, env.ACTIONS_RUNTIME_TOKEN].filter((t): t is string => !!t),
  );
  mark('gate evaluated');
  const history = await historyFor(values.history, report.id, io);
  const reportOut = await writeOut(io, values['report-out'] ?? 'ml-test-gate-report.json', `${JSON.stringify(report, null, 2)}\n`);
  const outputs = [`Report: ${reportOut} (ml-test-gate explain ${reportOut} lists the next steps)`];
  const hint = `Full details: ${values['summary-out'] ? `${values['summary-out']} and ` : ''}the JSON report`;
  if (values['markdown-out'])
    outputs.push(`Comment: ${await writeOut(io, values['markdown-out'], renderMarkdown(report, { history, detailsHint: hint }))}`);
  if (values['summary-out']) outputs.push(`Summary: ${await writeOut(io, values['summary-out'], renderSummary(report, { history }))}`);
  if (values.print) io.stdout(renderText(report));
  io.stderr(stderrLines(report, root, io, outputs));
  mark('outputs written');
  return report.gate.passed ? 0 : 1;
}
