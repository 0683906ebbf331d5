/**
 * The job summary: the comment's first screen, then the full detail the comment folds or leaves out:
 * every check of a failed test, every warning, every step of the roadmap, every table (those a check
 * wants always visible, and those behind the failures), the diagnostics, the changes against the base
 * branch, the section chart, the score history and all 28 tests with their summaries. Over `maxLength`
 * (GitHub's job summary holds about 1 MiB) it sheds detail in stages, keeping the verdict and failures.
 */
import { maturitySummary } from '../rubric/maturity.js';
import { pyramidLine } from './pyramid.js';
import type { Report } from '../schemas/report.js';
import { md } from './escape.js';
import {
  allTestsTable,
  changesLine,
  chart,
  diagnosticsBlock,
  fitBlocks,
  footer,
  levelLine,
  nextStepLine,
  renderTable,
  roadmapBlock,
  sectionTable,
  verdictLine,
  warningsBlock,
  whatFailed,
} from './blocks.js';
import { isWarningTable, ownDiagnostics, problemTests } from './findings.js';
import { roadmap } from './roadmap.js';

/** GitHub's job summary limit is 1 MiB per step; this leaves room for what else the step writes. */
export const SUMMARY_LIMIT = 1_000_000;

export interface SummaryOptions {
  maxLength?: number;
  runUrl?: string;
  /** Call-outs under the verdict (already escaped). */
  notes?: string[];
  /** The score history section (`historySection`). */
  history?: string;
  /** Where else the details are (footer). */
  detailsHint?: string;
}

interface Stage {
  maxChecks: number;
  rows: number;
  warnings: number;
  steps: number;
  tables: boolean;
  allTests: boolean;
}

const STAGES: Stage[] = [
  { maxChecks: 50, rows: 500, warnings: 1000, steps: 28, tables: true, allTests: true },
  { maxChecks: 20, rows: 50, warnings: 200, steps: 28, tables: true, allTests: true },
  { maxChecks: 5, rows: 10, warnings: 40, steps: 10, tables: true, allTests: false },
  { maxChecks: 2, rows: 0, warnings: 10, steps: 5, tables: false, allTests: false },
  { maxChecks: 1, rows: 0, warnings: 0, steps: 0, tables: false, allTests: false },
];

function tablesBlock(r: Report, rows: number): string {
  const failing = new Set(problemTests(r).map((t) => t.id));
  const tables = r.tables.filter((t) => !isWarningTable(t) && (t.alwaysShow || t.tests.some((id) => failing.has(id))));
  return tables.map((t) => renderTable(t, rows)).join('\n\n');
}

function render(r: Report, o: SummaryOptions, s: Stage, shortened: boolean): string {
  return `${blocks(r, o, s, shortened).join('\n\n')}\n`;
}

function blocks(r: Report, o: SummaryOptions, s: Stage, shortened: boolean): string[] {
  const m = roadmap(r);
  const hint = o.detailsHint ?? 'The JSON report (the run’s report artifact) holds every value';
  const head = o.notes?.length ? [verdictLine(r), ...o.notes, levelLine(r)] : [`${verdictLine(r)}\n${levelLine(r)}`];
  const parts = [...head, sectionTable(r), chart(r)];
  parts.push(whatFailed(r, s.maxChecks, 'in the JSON report'), nextStepLine(m));
  if (s.warnings) parts.push(warningsBlock(r, s.warnings, s.rows || 5));
  if (s.steps) parts.push(roadmapBlock(m, s.steps));
  parts.push(changesLine(r, 28));
  if (s.tables) parts.push(tablesBlock(r, s.rows));
  parts.push(diagnosticsBlock(ownDiagnostics(r), s.tables ? 50 : 5));
  if (r.pyramid) parts.push(pyramidLine(r.pyramid));
  if (r.maturity) parts.push(`**MLOps maturity:** ${md(maturitySummary(r.maturity))}`);
  if (o.history && s.tables) parts.push(o.history);
  if (s.allTests) parts.push(allTestsTable(r, false));
  if (shortened) parts.push(`> [!NOTE]\n> Shortened to fit the job summary. ${md(hint.replace(/\.$/, ''))}.`);
  parts.push(footer(r, o.runUrl, hint));
  return parts.filter(Boolean);
}

/** The job summary's Markdown: the full detail, shed in stages only when it exceeds `maxLength`. */
export function renderSummary(r: Report, o: SummaryOptions = {}): string {
  const max = o.maxLength ?? SUMMARY_LIMIT;
  for (let i = 0; i < STAGES.length; i++) {
    const body = render(r, o, STAGES[i], i > 0);
    if (body.length <= max) return body;
  }
  return fitBlocks(blocks(r, o, STAGES[STAGES.length - 1], true), max);
}
