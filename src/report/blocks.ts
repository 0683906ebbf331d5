/**
 * Markdown blocks shared by the PR comment (markdown.ts) and the job summary (summary.ts). Every text
 * that comes from a report (evidence, messages, names) goes through escape.ts; the rest is ours.
 */
import { SECTIONS, SECTION_TITLES, type Section } from '../rubric/tests.js';
import type { Report, ReportTest } from '../schemas/report.js';
import { fmt, fmtDelta, groupDigits, withoutControlChars } from '../util/format.js';
import { code, link, md } from './escape.js';
import {
  problemChecks,
  problemTests,
  otherReasons,
  sharedMethod,
  verdictOf,
  warningGroups,
  isWarningTable,
  type ReportCheck,
  type WarningRow,
} from './findings.js';
import { gainText, weakestPhrase, type NextStep, type Roadmap } from './roadmap.js';

export const ICON: Record<ReportTest['status'], string> = {
  pass: '✅',
  fail: '❌',
  error: '⛔',
  attested: '📝',
  expired: '⌛',
  missing: '⬜',
};

export const CHECK_ICON = { pass: '✅', fail: '❌', warn: '⚠️', error: '⛔' } as const;

export const scoreText = (v: number) => fmt(v, 1);

function deltaBadge(d: number | null | undefined): string {
  if (d === null || d === undefined) return 'no baseline';
  if (d === 0) return '= base';
  return `${d > 0 ? '▲' : '▼'} ${fmtDelta(d, 1)} vs base`;
}

/** The heading: the verdict in plain words first, then the score and its change. */
export function verdictLine(r: Report): string {
  const v = verdictOf(r);
  const gateName = r.id === 'default' ? '' : ` (${md(r.id)})`;
  return `## ${v.icon} ${md(v.text)} · ML Test Score${gateName} ${scoreText(r.score.final)}/7 (${deltaBadge(r.delta?.final)})`;
}

/** The verdict line as plain text (a check run's title): no Markdown, no character references. */
export function verdictTitle(r: Report): string {
  const v = verdictOf(r);
  const gateName = r.id === 'default' ? '' : ` (${withoutControlChars(r.id)})`;
  return `${v.icon} ${withoutControlChars(v.text)} · ML Test Score${gateName} ${scoreText(r.score.final)}/7 (${deltaBadge(r.delta?.final)})`;
}

/** Under the heading: the weakest section and the paper's level for the score. */
export function levelLine(r: Report): string {
  const limited = r.score.limitedBy.map((s) => SECTION_TITLES[s]).join(', ');
  return `Weakest section: **${limited}** · level: _${md(r.score.level.replace(/\.$/, ''))}_`;
}

function counts(r: Report, s: Section): string {
  const order: Array<ReportTest['status']> = ['pass', 'fail', 'error', 'attested', 'expired', 'missing'];
  return order
    .map((k) => [k, r.tests.filter((t) => t.section === s && t.status === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${ICON[k]} ${n}`)
    .join(' ');
}

export function sectionTable(r: Report): string {
  const base = r.baseline?.score.sections;
  const lines = ['| Section | Base | Head | Δ | Tests |', '|---|---:|---:|---:|---|'];
  for (const s of SECTIONS) {
    const head = r.score.sections[s];
    const weakest = r.score.limitedBy.includes(s) ? ' ⬅ weakest' : '';
    lines.push(
      `| ${SECTION_TITLES[s]}${weakest} | ${base ? scoreText(base[s].points) : '—'} | ${scoreText(head.points)} | ${r.delta ? fmtDelta(r.delta.sections[s], 1) : '—'} | ${counts(r, s)} |`,
    );
  }
  lines.push(
    `| **Final (weakest section)** | ${r.baseline ? scoreText(r.baseline.score.final) : '—'} | **${scoreText(r.score.final)}** | ${r.delta ? fmtDelta(r.delta.final, 1) : '—'} | |`,
  );
  return lines.join('\n');
}

export const STATUS_LEGEND = '✅ pass · ❌ fail · ⛔ error (unmeasured) · 📝 attested · ⌛ attestation expired · ⬜ missing';

/** A bar chart of section scores (GitHub renders mermaid in comments). */
export function chart(r: Report): string {
  const head = SECTIONS.map((s) => r.score.sections[s].points);
  const lines = [
    '```mermaid',
    'xychart-beta',
    `  title "Section scores${r.baseline ? ' (bars: head, line: base)' : ''}"`,
    `  x-axis [${SECTIONS.map((s) => `"${SECTION_TITLES[s]}"`).join(', ')}]`,
    '  y-axis "points" 0 --> 7',
    `  bar [${head.join(', ')}]`,
  ];
  if (r.baseline) lines.push(`  line [${SECTIONS.map((s) => r.baseline!.score.sections[s as Section].points).join(', ')}]`);
  lines.push('```');
  return lines.join('\n');
}

/** "(threshold > 0; method)" in italics, or ''. */
function methodNote(threshold?: string, method?: string): string {
  const extra = [threshold ? `threshold ${md(threshold)}` : '', method ? md(method) : ''].filter(Boolean).join('; ');
  return extra ? ` _(${extra})_` : '';
}

function checkText(c: ReportCheck, shared: { threshold?: string; method?: string }): string {
  return `${md(c.message)}${methodNote(c.threshold === shared.threshold ? undefined : c.threshold, c.method === shared.method ? undefined : c.method)}`;
}

/** One failed or errored test: its checks with their numbers, the shared threshold and method once. */
function problemItem(t: ReportTest, maxChecks: number, hint: string): string {
  const checks = problemChecks(t);
  const head = `- ${ICON[t.status]} **${t.id}** ${md(t.title)}`;
  const what = t.status === 'error' ? 'could not be evaluated' : 'failed';
  if (checks.length === 0) return `${head}: ${what}: ${md(t.details.summary)}`;
  if (checks.length === 1) return `${head}: ${checkText(checks[0], {})}`;
  const shared = sharedMethod(checks);
  const shown = checks.slice(0, maxChecks);
  const lines = [`${head}: ${checks.length} checks ${what}${methodNote(shared.threshold, shared.method)}`];
  for (const c of shown) lines.push(`  - ${checkText(c, shared)}`);
  if (checks.length > shown.length) lines.push(`  - … ${checks.length - shown.length} more ${hint}`);
  return lines.join('\n');
}

/** What failed: each failed or errored test with its numbers, then the gate's other reasons. Empty when nothing failed. */
export function whatFailed(r: Report, maxChecks: number, hint: string): string {
  const items = problemTests(r).map((t) => problemItem(t, maxChecks, hint));
  for (const x of otherReasons(r)) items.push(`- ${md(x)}`);
  if (items.length === 0) return '';
  const title = r.gate.passed && !r.gate.wouldPass ? 'What would fail' : r.gate.passed ? 'Notes' : 'What failed';
  return `### ${title}\n\n${items.join('\n')}`;
}

const keyList = (keys: readonly string[]) => (keys.length ? keys.map((k) => code(k)).join(', ') : 'no key of its own');

/** One roadmap step: test, points, what to do, the config keys and the guide. */
export function stepLine(s: NextStep): string {
  return `**${s.test}** ${md(s.title)} (${gainText(s.gain)} to ${SECTION_TITLES[s.section]}): ${md(s.action)} · config: ${keyList(s.keys)} · ${link('guide', s.doc.url)}`;
}

/** The first screen's next step: why (the weakest section), and the cheapest step that raises it. */
export function nextStepLine(m: Roadmap): string {
  const first = m.steps[0];
  if (!first) return '**Next step:** none: every test earns its full point.';
  const more = m.steps.length > 1 ? ` (${m.steps.length - 1} more below)` : '';
  return `**Next step:** ${md(weakestPhrase(m))}. ${stepLine(first)}${more}`;
}

/** The roadmap after the next step, folded: the other steps in order (numbered from 2: the next step is 1). */
export function roadmapBlock(m: Roadmap, maxSteps: number): string {
  const rest = m.steps.slice(1);
  if (rest.length === 0) return '';
  const shown = rest.slice(0, maxSteps);
  const raising = rest.filter((s) => s.raisesFinal).length;
  const lines = shown.map((s, i) => `${i + 2}. ${stepLine(s)}`);
  if (rest.length > shown.length) lines.push(`\n… ${rest.length - shown.length} more in the job summary and \`ml-test-gate explain\`.`);
  const summary = `🧭 ${rest.length} more step${rest.length === 1 ? '' : 's'}, cheapest first${raising ? ` (${raising} of them raise the weakest section)` : ''}`;
  return `<details><summary>${summary}</summary>\n\n${lines.join('\n')}\n\n</details>`;
}

/** The warnings and inconclusive results, folded: one table per method (stated once, under the table). */
export function warningsBlock(r: Report, maxRows: number, tableRows: number): string {
  const groups = warningGroups(r);
  const own = groups.reduce((n, g) => n + g.rows.length, 0);
  const tables = r.tables.filter(isWarningTable);
  const total = own + tables.reduce((n, t) => n + t.rows.length, 0);
  if (total === 0) return '';
  const parts: string[] = [];
  for (const t of tables) parts.push(renderTable(t, tableRows));
  let shown = 0;
  for (const g of groups) {
    const rows = g.rows.slice(0, maxRows - shown);
    if (rows.length === 0) break;
    shown += rows.length;
    const compared = rows.every((w) => w.check.comparison !== undefined);
    const lines = compared
      ? comparisonRows(rows)
      : ['| Test | Finding |', '|---|---|', ...rows.map((w) => `| ${w.tests.join(', ')} | ${md(w.check.message)} |`)];
    const levels = compared ? sharedLevels(rows) : undefined;
    const note = [
      g.threshold ? `threshold ${md(g.threshold)}` : '',
      levels ? `intervals: one-sided ${md(levels)} (lower / upper bound)` : '',
      compared ? 'can detect: the smallest change in the bad direction this comparison detects with 80% power' : '',
      g.method ? `method: ${md(g.method)}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    parts.push(`${lines.join('\n')}${note ? `\n\n<sub>${note}</sub>` : ''}`);
  }
  if (shown < own) parts.push(`_${own - shown} more in the job summary and the JSON report._`);
  return `<details><summary>⚠️ ${total} warning${total === 1 ? '' : 's'} and inconclusive result${total === 1 ? '' : 's'} (they do not fail the gate)</summary>\n\n${parts.join('\n\n')}\n\n</details>`;
}

/** Comparisons with the base model as a table: one row each, the numbers in columns. */
function comparisonRows(rows: readonly WarningRow[]): string[] {
  const out = ['| Test | Slice | Metric | Base | Head | Δ [interval] | Verdict |', '|---|---|---|---:|---:|---|---|'];
  for (const w of rows) {
    const c = w.check.comparison!;
    const slice = `${c.slice === undefined ? 'all' : md(c.slice)}${c.n === undefined ? '' : ` (n = ${groupDigits(c.n)})`}`;
    const detect = c.detectable === null || c.detectable === undefined ? '' : `; can detect ${fmt(c.detectable)}`;
    out.push(
      `| ${w.tests.join(', ')} | ${slice} | ${md(c.metric)} | ${cell(c.base)} | ${cell(c.head)} | ${md(c.delta)} | ${c.verdict}${detect} |`,
    );
  }
  return out;
}

/** The interval levels every row shares, if they share them. */
function sharedLevels(rows: readonly WarningRow[]): string | undefined {
  const first = rows[0]?.check.comparison?.levels;
  return first !== undefined && rows.every((w) => w.check.comparison?.levels === first) ? first : undefined;
}

function cell(v: string | number | null): string {
  if (v === null) return 'undefined';
  if (typeof v === 'number') return fmt(v);
  return md(v);
}

export function renderTable(t: Report['tables'][number], maxRows: number): string {
  const rows = t.rows.slice(0, maxRows);
  const out = [
    `#### ${md(t.title)}`,
    '',
    `| ${t.columns.map(md).join(' | ')} |`,
    `|${t.columns.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
  if (t.rows.length > rows.length) out.push(`\n_${t.rows.length - rows.length} more rows in the job summary and the JSON report._`);
  if (t.note) out.push('', `<sub>${md(t.note)}</sub>`);
  return out.join('\n');
}

/** Tests that changed status against the base branch, on one line, grouped by change ("⬜→✅ data-3, data-4"). */
export function changesLine(r: Report, max: number): string {
  const changes = (r.delta?.tests ?? []).slice(0, max);
  if (!changes.length) return '';
  const groups = new Map<string, string[]>();
  for (const c of changes) {
    const key = `${ICON[c.from]}→${ICON[c.to]}`;
    groups.set(key, [...(groups.get(key) ?? []), c.id]);
  }
  const more = (r.delta?.tests.length ?? 0) - changes.length;
  return `**Changed since the base branch:** ${[...groups].map(([k, ids]) => `${k} ${ids.join(', ')}`).join(' · ')}${more > 0 ? ` · … ${more} more` : ''}`;
}

/** All 28 tests. `compact`: a summary that repeats a failure or a warning shown above points to it instead. */
export function allTestsTable(r: Report, compact: boolean): string {
  const lines = ['| Test | Title | Status | Points | Details |', '|---|---|---|---:|---|'];
  for (const t of r.tests) {
    const att = t.details.attestation;
    const shownAbove = t.details.checks.some((c) => c.status !== 'pass' && t.details.summary.startsWith(c.message));
    const detail =
      compact && shownAbove
        ? t.status === 'pass'
          ? '↑ Warnings'
          : '↑ What failed'
        : att && (t.status === 'attested' || t.status === 'expired')
          ? `${md(t.details.summary)} ${link('result', att.link)}`
          : md(t.details.summary);
    lines.push(`| ${t.id} | ${md(t.title)} | ${ICON[t.status]} ${t.status} | ${fmt(t.points, 1)} | ${detail} |`);
  }
  return `<details><summary>All 28 tests</summary>\n\n${lines.join('\n')}\n\n<sub>${STATUS_LEGEND}</sub>\n\n</details>`;
}

/** Diagnostics as a folded list. */
export function diagnosticsBlock(ds: Report['diagnostics'], max: number): string {
  if (!ds.length) return '';
  const items = ds
    .slice(0, max)
    .map((d) => `- ${d.level}: ${d.file ? `${code(d.file)}${d.line ? `:${d.line}` : ''}: ` : ''}${md(d.message)}`);
  if (ds.length > max) items.push(`- … ${ds.length - max} more in the JSON report`);
  return `<details><summary>Diagnostics (${ds.length})</summary>\n\n${items.join('\n')}\n\n</details>`;
}

/**
 * Blocks joined into a body of at most `max` characters: blocks are dropped from the end (the last, the
 * footer, stays) until it fits, so no folded block is cut open; a single block too long is cut last.
 */
export function fitBlocks(parts: readonly string[], max: number): string {
  const end = '… (truncated; see the JSON report)';
  const kept = [...parts];
  const size = () => [...kept, end].join('\n\n').length + 1;
  while (kept.length > 2 && size() > max) kept.splice(kept.length - 2, 1);
  const body = `${[...kept, end].join('\n\n')}\n`;
  return body.length <= max ? body : `${body.slice(0, Math.max(0, max - end.length - 3))}\n\n${end}\n`;
}

export function footer(r: Report, runUrl: string | undefined, details: string): string {
  const base = r.baseline
    ? ` · baseline: ${md(r.baseline.source)}${r.baseline.commit ? ` @ ${code(r.baseline.commit.slice(0, 7))}` : ''}`
    : '';
  const run = runUrl ? ` · ${link('workflow run', runUrl)}` : '';
  return `<sub>${md(details.replace(/\.$/, ''))} · ml-test-gate ${md(r.tool.version)} · ML Test Score (Breck et al., 2017): 1 point per automated test, 0.5 per attested manual test, final = weakest section${base}${run}</sub>`;
}
