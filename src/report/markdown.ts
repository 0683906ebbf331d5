/**
 * The pull-request comment: what a reviewer reads in ten seconds. Its first screen holds the verdict in
 * plain words (then the score, never contradicting it), the section table, what failed with its numbers
 * and the next step; below it, folded, the warnings and inconclusive results (one table per method,
 * the method stated once), the roadmap, the tables behind the failures and all 28 tests. Each finding
 * appears once. It aims at COMMENT_TARGET bytes and sheds folded detail to get there; the job summary
 * (summary.ts) and the JSON report keep everything.
 */
import type { Report } from '../schemas/report.js';
import { maturitySummary } from '../rubric/maturity.js';
import { pyramidLine } from './pyramid.js';
import { md } from './escape.js';
import {
  allTestsTable,
  fitBlocks,
  verdictTitle,
  verdictLine,
  changesLine,
  diagnosticsBlock,
  footer,
  levelLine,
  nextStepLine,
  renderTable,
  roadmapBlock,
  sectionTable,
  warningsBlock,
  whatFailed,
} from './blocks.js';
import { isWarningTable, ownDiagnostics, problemTests } from './findings.js';
import { roadmap } from './roadmap.js';
import { groupDigits } from '../util/format.js';

export { verdictLine, verdictTitle };

/** GitHub's limit on a comment body, in characters. */
export const COMMENT_LIMIT = 65_536;

/** What the comment aims at, in UTF-8 bytes: a reviewer's read, not an archive. Folded detail is shed to get there. */
export const COMMENT_TARGET = 10_000;

export interface RenderOptions {
  /** Hidden marker that identifies the sticky comment. */
  marker?: string;
  /** Maximum length in characters (GitHub comments: 65,536). */
  maxLength?: number;
  /** Size to aim at in UTF-8 bytes (default COMMENT_TARGET; Infinity keeps every block that fits maxLength). */
  target?: number;
  /** Where the full details are (the footer, and the note when the body had to be shortened). */
  detailsHint?: string;
  /** Link to the workflow run, shown in the footer. */
  runUrl?: string;
  /**
   * Call-outs right under the verdict line, already escaped (trust and provenance: settings that
   * could not be read, inputs that relax the config, where the evidence came from).
   */
  notes?: string[];
  /** The score history section (`historySection`, folded); under size pressure only its summary line stays. */
  history?: string;
}

interface Stage {
  maxChecks: number;
  warnings: number;
  steps: number;
  tableRows: number;
  tables: boolean;
  diagnostics: number;
  history: boolean;
  allTests: boolean;
  /** Beyond the target: shed only to fit maxLength, and said so. */
  hard?: boolean;
}

const STAGES: Stage[] = [
  { maxChecks: 5, warnings: 40, steps: 8, tableRows: 8, tables: true, diagnostics: 10, history: true, allTests: true },
  { maxChecks: 5, warnings: 40, steps: 8, tableRows: 8, tables: true, diagnostics: 10, history: true, allTests: false },
  { maxChecks: 5, warnings: 30, steps: 8, tableRows: 5, tables: true, diagnostics: 10, history: false, allTests: false },
  // the numbers behind the failures matter more than the full list of warnings (the summary keeps both)
  { maxChecks: 5, warnings: 6, steps: 6, tableRows: 5, tables: true, diagnostics: 10, history: false, allTests: false },
  { maxChecks: 5, warnings: 30, steps: 6, tableRows: 0, tables: false, diagnostics: 10, history: false, allTests: false },
  { maxChecks: 3, warnings: 12, steps: 4, tableRows: 0, tables: false, diagnostics: 5, history: false, allTests: false },
  { maxChecks: 2, warnings: 5, steps: 3, tableRows: 0, tables: false, diagnostics: 3, history: false, allTests: false, hard: true },
  { maxChecks: 1, warnings: 0, steps: 0, tableRows: 0, tables: false, diagnostics: 0, history: false, allTests: false, hard: true },
];

const DEFAULT_DETAILS = 'Full details: the job summary and the JSON report';

export function commentMarker(id: string): string {
  return `<!-- ml-test-gate:${id.replace(/-->/g, '')} -->`;
}

/** The tables behind the failures, folded (the job summary shows every table). */
function failureTables(r: Report, rows: number): string {
  const failing = new Set(problemTests(r).map((t) => t.id));
  const tables = r.tables.filter((t) => !isWarningTable(t) && t.tests.some((id) => failing.has(id)));
  if (!tables.length) return '';
  const body = tables.map((t) => renderTable(t, rows)).join('\n\n');
  return `<details><summary>📊 The numbers behind the failures (${tables.length} table${tables.length === 1 ? '' : 's'})</summary>\n\n${body}\n\n</details>`;
}

/** The folded history's summary line alone ("7 runs, ... · Monitoring has fallen for 3 runs"), when its chart is shed. */
function historyLine(section: string): string {
  const m = /^<details><summary>Score history: (.*?)<\/summary>/.exec(section);
  return m ? `**Score history:** ${m[1]} (the chart is in the job summary)` : '';
}

function render(r: Report, o: RenderOptions, stage: Stage): string {
  return `${blocks(r, o, stage).join('\n\n')}\n`;
}

/** The comment's blocks, in order; a block is never cut (folded detail closes its tags). */
function blocks(r: Report, o: RenderOptions, stage: Stage): string[] {
  const hint = o.detailsHint ?? DEFAULT_DETAILS;
  const m = roadmap(r);
  const parts: string[] = [];
  if (o.marker) parts.push(o.marker);
  // the verdict, then the trust and provenance call-outs, then the score's context
  if (o.notes?.length) parts.push(verdictLine(r), ...o.notes, levelLine(r));
  else parts.push(`${verdictLine(r)}\n${levelLine(r)}`);
  parts.push(sectionTable(r));
  parts.push(whatFailed(r, stage.maxChecks, 'in the job summary'));
  parts.push(nextStepLine(m));
  // below the first screen: folded detail
  if (stage.warnings) parts.push(warningsBlock(r, stage.warnings, Math.max(stage.tableRows, 5)));
  if (stage.steps) parts.push(roadmapBlock(m, stage.steps));
  parts.push(changesLine(r, 28));
  if (stage.tables) parts.push(failureTables(r, stage.tableRows));
  if (stage.diagnostics) parts.push(diagnosticsBlock(ownDiagnostics(r), stage.diagnostics));
  if (r.pyramid) parts.push(pyramidLine(r.pyramid));
  if (r.maturity) parts.push(`**MLOps maturity:** ${md(maturitySummary(r.maturity))}`);
  if (o.history) parts.push(stage.history ? o.history : historyLine(o.history));
  if (stage.allTests) parts.push(allTestsTable(r, true));
  if (stage.hard)
    parts.push(`> [!NOTE]\n> Shortened to fit GitHub's ${groupDigits(COMMENT_LIMIT)}-character limit. ${md(hint.replace(/\.$/, ''))}.`);
  parts.push(footer(r, o.runUrl, hint));
  return parts.filter(Boolean);
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * The PR comment body. It takes the first stage that fits the target size (and GitHub's limit), else
 * the smallest that fits the limit; past that it sheds what it must and says so.
 */
export function renderMarkdown(r: Report, o: RenderOptions = {}): string {
  const max = o.maxLength ?? COMMENT_LIMIT;
  const target = o.target ?? COMMENT_TARGET;
  let fitsLimit: string | undefined;
  for (const s of STAGES.filter((x) => !x.hard)) {
    const body = render(r, o, s);
    if (body.length > max) continue;
    if (bytes(body) <= target) return body;
    fitsLimit = body; // over the target: the smallest soft stage that fits GitHub's limit
  }
  if (fitsLimit) return fitsLimit;
  for (const s of STAGES.filter((x) => x.hard)) {
    const body = render(r, o, s);
    if (body.length <= max) return body;
  }
  // still too long (huge notes or failures): whole blocks from the end, then a cut of the text
  return fitBlocks(blocks(r, o, STAGES[STAGES.length - 1]), max);
}
