/**
 * The report as plain text for a terminal (`ml-test-gate run --print`, `ml-test-gate explain`): the
 * comment's content without Markdown, HTML or character references. Text from evidence files is shown
 * as written, with control characters replaced (a file must not drive the terminal), on one line.
 */
import { SECTIONS, SECTION_TITLES } from '../rubric/tests.js';
import { maturitySummary } from '../rubric/maturity.js';
import type { Report, ReportTest } from '../schemas/report.js';
import { fmt, fmtDelta, withoutControlChars } from '../util/format.js';
import {
  otherReasons,
  problemChecks,
  problemTests,
  sharedMethod,
  verdictOf,
  warningGroups,
  isWarningTable,
  type ReportCheck,
} from './findings.js';
import { gainText, roadmap, weakestPhrase, type NextStep, type Roadmap } from './roadmap.js';

/** One line of evidence text, safe for a terminal. */
export const plain = (s: unknown): string => withoutControlChars(String(s ?? '')).replace(/\s+$/, '');

const STATUS_WORD: Record<ReportTest['status'], string> = {
  pass: 'pass',
  fail: 'FAIL',
  error: 'ERROR',
  attested: 'attested',
  expired: 'expired',
  missing: 'missing',
};

function table(rows: string[][], right: number[] = []): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((c, i) => (right.includes(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

function counts(r: Report, s: (typeof SECTIONS)[number]): string {
  const order: Array<ReportTest['status']> = ['pass', 'fail', 'error', 'attested', 'expired', 'missing'];
  return order
    .map((k) => [k, r.tests.filter((t) => t.section === s && t.status === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
}

export function headlineText(r: Report): string {
  const v = verdictOf(r);
  const delta = r.delta ? `${fmtDelta(r.delta.final, 1)} vs base` : 'no baseline';
  const gate = r.id === 'default' ? '' : ` (${plain(r.id)})`;
  return `${v.icon === '✅' ? 'PASSED' : v.icon === '⚠️' ? 'WARNING' : 'FAILED'} ${plain(v.text)} · ML Test Score${gate} ${fmt(r.score.final, 1)}/7 (${delta})`;
}

function sectionLines(r: Report): string[] {
  const base = r.baseline?.score.sections;
  const rows = [['Section', 'Base', 'Head', 'Δ', 'Tests']];
  for (const s of SECTIONS) {
    const weakest = r.score.limitedBy.includes(s) ? ' (weakest)' : '';
    rows.push([
      `${SECTION_TITLES[s]}${weakest}`,
      base ? fmt(base[s].points, 1) : '-',
      fmt(r.score.sections[s].points, 1),
      r.delta ? fmtDelta(r.delta.sections[s], 1) : '-',
      counts(r, s),
    ]);
  }
  rows.push([
    'Final',
    r.baseline ? fmt(r.baseline.score.final, 1) : '-',
    fmt(r.score.final, 1),
    r.delta ? fmtDelta(r.delta.final, 1) : '-',
    '',
  ]);
  return table(rows, [1, 2, 3]).map((l) => `  ${l}`);
}

const method = (threshold?: string, how?: string) =>
  [threshold ? `threshold ${plain(threshold)}` : '', how ? plain(how) : ''].filter(Boolean).join('; ');

function checkLine(c: ReportCheck, shared: { threshold?: string; method?: string }): string {
  const m = method(c.threshold === shared.threshold ? undefined : c.threshold, c.method === shared.method ? undefined : c.method);
  return `${plain(c.message)}${m ? ` (${m})` : ''}`;
}

function failureLines(r: Report, maxChecks: number): string[] {
  const out: string[] = [];
  for (const t of problemTests(r)) {
    const checks = problemChecks(t);
    const shared = sharedMethod(checks);
    const m = method(shared.threshold, shared.method);
    out.push(`  ${STATUS_WORD[t.status]} ${t.id} ${plain(t.title)}${m ? ` (${m})` : ''}`);
    if (checks.length === 0) out.push(`      ${plain(t.details.summary)}`);
    for (const c of checks.slice(0, maxChecks)) out.push(`      ${checkLine(c, shared)}`);
    if (checks.length > maxChecks) out.push(`      ... ${checks.length - maxChecks} more in the JSON report`);
  }
  for (const x of otherReasons(r)) out.push(`  ${plain(x)}`);
  return out;
}

function warningLines(r: Report): string[] {
  const out: string[] = [];
  for (const t of r.tables.filter(isWarningTable)) {
    out.push(`  ${plain(t.title)}`);
    out.push(
      ...table([
        t.columns.map(plain),
        ...t.rows.map((row) => row.map((c) => (c === null ? 'undefined' : typeof c === 'number' ? fmt(c) : plain(c)))),
      ]).map((l) => `    ${l}`),
    );
    if (t.note) out.push(`    (${plain(t.note)})`);
  }
  for (const g of warningGroups(r)) {
    for (const w of g.rows) out.push(`  ${w.tests.join(', ')}: ${plain(w.check.message)}`);
    const m = method(g.threshold, g.method);
    if (m) out.push(`    (${m})`);
  }
  return out;
}

/** One roadmap step in plain text: numbered, with the config keys and the rubric page. */
export function stepText(s: NextStep, i: number): string[] {
  return [
    `  ${i + 1}. ${s.test} ${s.title} (${gainText(s.gain)} to ${SECTION_TITLES[s.section]}): ${plain(s.action)}`,
    `     config: ${s.keys.length ? s.keys.join(', ') : 'no key of its own'} · guide: ${s.doc.path}`,
  ];
}

export function roadmapLines(m: Roadmap, max = Infinity): string[] {
  if (m.steps.length === 0) return ['Next steps: none; every test earns its full point.'];
  const out = [`Next steps, cheapest first (${weakestPhrase(m)}):`];
  m.steps.slice(0, max).forEach((s, i) => out.push(...stepText(s, i)));
  if (m.steps.length > max) out.push(`  ... ${m.steps.length - max} more: ml-test-gate explain`);
  return out;
}

export interface TextOptions {
  /** Roadmap steps shown (default 5). */
  steps?: number;
  /** Lines at the end, e.g. where the report and the Markdown are. */
  footer?: string[];
}

/** The report for a terminal: verdict, sections, what failed, warnings, next steps, maturity. */
export function renderText(r: Report, o: TextOptions = {}): string {
  const lines = [
    headlineText(r),
    `  Weakest section: ${r.score.limitedBy.map((s) => SECTION_TITLES[s]).join(', ')} · level: ${plain(r.score.level)}`,
    '',
  ];
  lines.push(...sectionLines(r), '');
  const failed = failureLines(r, 10);
  if (failed.length) lines.push(r.gate.passed ? (r.gate.wouldPass ? 'Notes:' : 'What would fail:') : 'What failed:', ...failed, '');
  const warn = warningLines(r);
  if (warn.length) lines.push('Warnings and inconclusive results (they do not fail the gate):', ...warn, '');
  lines.push(...roadmapLines(roadmap(r), o.steps ?? 5), '');
  if (r.maturity) lines.push(`MLOps maturity: ${plain(maturitySummary(r.maturity))}`, '');
  lines.push(...(o.footer ?? []));
  return `${lines.join('\n').trimEnd()}\n`;
}
