import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONFIG, readConfigFile } from '../config/read.js';
import { workspaceOf } from '../evidence/workspace.js';
import { fileBaseline, noBaseline } from '../gate/baseline.js';
import { evaluateGate } from '../gate/evaluate.js';
import { renderMarkdown } from '../report/markdown.js';
import { fmt, fmtDelta } from '../util/format.js';
import { choiceFlag, numberFlag, parseFlags } from './args.js';
import { UserError } from '../util/errors.js';
import { redactValuesDeep } from '../util/excerpt.js';
import type { CliIO } from './io.js';

export const RUN_HELP = `Usage: ml-test-gate run [options]

Evaluate the ML Test Score gate on the evidence named in the config file.

Options:
  --config FILE          config file (default ${DEFAULT_CONFIG})
  --baseline FILE        previous JSON report to compare with (overrides the config's baseline)
  --report-out FILE      where to write the JSON report (default ml-test-gate-report.json)
  --markdown-out FILE    also write the Markdown comment body to FILE
  --min-score N          fail below this final score (overrides gate.min-score)
  --max-score-drop N     fail when the score drops more than N against the baseline
  --mode enforce|report  report = never fail, only report
  --id NAME              gate id, when several gates run in one repository (default "default")
  --root DIR             repository root; config and evidence paths are relative to it (default: cwd)
  --now DATE             evaluate as of this date-time (ISO 8601): ages, expiries and future-date
                         checks use it, so re-running an old report gives the same verdict
  --history DIR_OR_GLOB  the base branch's earlier JSON reports: a score-history chart goes in the
                         Markdown's details (see: ml-test-gate history --help)
  --print                print the Markdown to stdout
  -h, --help             show this help

Exit codes: 0 gate passed, 1 gate failed, 2 could not run (bad flags or config).`;

function parseNow(raw: string): Date {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(t))
    throw new UserError(`run: --now expects an ISO 8601 date or date-time, e.g. 2026-11-23 or 2026-11-23T12:00:00Z, got "${raw}"`);
  return new Date(t);
}

/** The folded score-history section from `--history`; problems with single files are reported and skipped. */
async function historyFor(arg: string | undefined, root: string, id: string, io: CliIO): Promise<string | undefined> {
  if (arg === undefined) return undefined;
  // loaded only when asked for, so a plain run starts as fast as before
  const [{ readReportFiles }, { historySection }] = await Promise.all([import('./history.js'), import('../report/history.js')]);
  const read = await readReportFiles([arg], root);
  for (const s of read.skipped) io.stderr(`ml-test-gate: history: skipped ${s.message}\n`);
  return historySection(read.reports, { id, folded: true, skipped: read.skipped }) || undefined;
}

export async function runCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags('run', argv, {
    config: { type: 'string' },
    baseline: { type: 'string' },
    'report-out': { type: 'string' },
    'markdown-out': { type: 'string' },
    'min-score': { type: 'string' },
    'max-score-drop': { type: 'string' },
    mode: { type: 'string' },
    id: { type: 'string' },
    root: { type: 'string' },
    now: { type: 'string' },
    history: { type: 'string' },
    print: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(`${RUN_HELP}\n`);
    return 0;
  }
  const minScore = numberFlag('run', 'min-score', values['min-score'], [0, 7]);
  const maxScoreDrop = numberFlag('run', 'max-score-drop', values['max-score-drop'], [0, 7]);
  const mode = choiceFlag('run', 'mode', values.mode, ['enforce', 'report'] as const);
  const now = values.now === undefined ? undefined : parseNow(values.now);
  const root = path.resolve(io.cwd, values.root ?? '.');
  const configFile = values.config ?? DEFAULT_CONFIG;
  const config = await readConfigFile(root, configFile);

  const baselinePath = values.baseline ?? config.baseline;
  const report = await evaluateGate({
    config,
    configFile,
    // a --baseline named on the command line may be anywhere; the config's paths stay inside the root
    workspace: workspaceOf(root, config, values.baseline ? [values.baseline] : []),
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
  const markdown = renderMarkdown(report, { history: await historyFor(values.history, root, report.id, io) });

  const reportOut = path.resolve(root, values['report-out'] ?? 'ml-test-gate-report.json');
  await fs.mkdir(path.dirname(reportOut), { recursive: true });
  await fs.writeFile(reportOut, `${JSON.stringify(report, null, 2)}\n`);
  if (values['markdown-out']) {
    const mdOut = path.resolve(root, values['markdown-out']);
    await fs.mkdir(path.dirname(mdOut), { recursive: true });
    await fs.writeFile(mdOut, markdown);
  }
  if (values.print) io.stdout(`${markdown}\n`);

  const delta = report.delta ? ` (${fmtDelta(report.delta.final, 1)} vs base)` : ' (no baseline)';
  const verdict = report.gate.passed ? (report.gate.wouldPass ? 'gate passed' : 'gate would fail (report mode)') : 'gate failed';
  io.stderr(`ml-test-gate: ML Test Score ${fmt(report.score.final, 1)}/7${delta}: ${verdict}\n`);
  for (const r of report.gate.reasons.slice(0, 10)) io.stderr(`  - ${r}\n`);
  io.stderr(`Report: ${path.relative(io.cwd, reportOut) || reportOut}\n`);
  return report.gate.passed ? 0 : 1;
}
