import { SECTIONS, SECTION_TITLES, type Section } from '../rubric/tests.js';
import type { Report, ReportTest } from '../schemas/report.js';
import { fmt, fmtDelta } from '../util/format.js';
import { code, link, md } from './escape.js';
import { maturitySummary } from '../rubric/maturity.js';
import { pyramidLine } from './pyramid.js';

export const COMMENT_LIMIT = 65_536;

const ICON: Record<ReportTest['status'], string> = {
  pass: '✅',
  fail: '❌',
  error: '⛔',
  attested: '📝',
  expired: '⌛',
  missing: '⬜',
};

const CHECK_ICON = { pass: '✅', fail: '❌', warn: '⚠️', error: '⛔' } as const;

export interface RenderOptions {
  /** Hidden marker that identifies the sticky comment. */
  marker?: string;
  /** Maximum length in characters (GitHub comments: 65,536). */
  maxLength?: number;
  /** Where the full details are, when the body had to be shortened. */
  detailsHint?: string;
  /** Link to the workflow run, shown in the footer. */
  runUrl?: string;
  /**
   * Call-outs right under the verdict line, already escaped (trust and provenance: settings that
   * could not be read, inputs that relax the config, where the evidence came from).
   */
  notes?: string[];
  /** The score history section (`historySection`), folded; shed with the chart when the body is too long. */
  history?: string;
}

export function commentMarker(id: string): string {
  return `<!-- ml-test-gate:${id.replace(/-->/g, '')} -->`;
}

function scoreText(v: number): string {
  return fmt(v, 1);
}

function deltaBadge(d: number | null | undefined): string {
  if (d === null || d === undefined) return 'no baseline';
  if (d === 0) return '= base';
  return `${d > 0 ? '▲' : '▼'} ${fmtDelta(d, 1)} vs base`;
}

export function verdictLine(r: Report): string {
  const icon = r.gate.passed ? (r.gate.wouldPass ? '✅' : '⚠️') : '❌';
  const verdict =
    r.gate.mode === 'report' && !r.gate.wouldPass ? 'gate would fail (report mode)' : r.gate.passed ? 'gate passed' : 'gate failed';
  const gateName = r.id === 'default' ? '' : ` (${md(r.id)})`;
  return `## ${icon} ML Test Score${gateName}: **${scoreText(r.score.final)}** / 7 · ${deltaBadge(r.delta?.final)} · ${verdict}`;
}

function sectionTable(r: Report): string {
  const base = r.baseline?.score.sections;
  const lines = ['| Section | Base | Head | Δ | ✅ | ❌ | ⛔ | 📝 | ⌛ | ⬜ |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|'];
  for (const s of SECTIONS) {
    const head = r.score.sections[s];
    const c = (k: ReportTest['status']) => String(r.tests.filter((t) => t.section === s && t.status === k).length);
    const weakest = r.score.limitedBy.includes(s) ? ' ⬅ weakest' : '';
    lines.push(
      `| ${SECTION_TITLES[s]}${weakest} | ${base ? scoreText(base[s].points) : '—'} | ${scoreText(head.points)} | ${r.delta ? fmtDelta(r.delta.sections[s], 1) : '—'} | ${c('pass')} | ${c('fail')} | ${c('error')} | ${c('attested')} | ${c('expired')} | ${c('missing')} |`,
    );
  }
  lines.push(
    `| **Final (weakest section)** | ${r.baseline ? scoreText(r.baseline.score.final) : '—'} | **${scoreText(r.score.final)}** | ${r.delta ? fmtDelta(r.delta.final, 1) : '—'} | | | | | | |`,
  );
  return lines.join('\n');
}

/** A bar chart of section scores (GitHub renders mermaid in comments). */
function chart(r: Report): string {
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

function checkLine(c: ReportTest['details']['checks'][number]): string {
  const extra = [c.threshold ? `threshold ${md(c.threshold)}` : '', c.method ? `method: ${md(c.method)}` : ''].filter(Boolean).join('; ');
  return `- ${CHECK_ICON[c.status]} ${md(c.message)}${extra ? ` _(${extra})_` : ''}`;
}

/** A test with the checks that explain its status: failures for fail, errors for error, warnings for a pass with warnings. */
function problemBlock(t: ReportTest, maxChecks: number): string {
  const want = t.status === 'pass' ? ['warn'] : [t.status, 'warn'];
  const bad = t.details.checks.filter((c) => want.includes(c.status));
  const shown = (bad.length ? bad : t.details.checks).slice(0, maxChecks);
  const hidden = (bad.length ? bad.length : t.details.checks.length) - shown.length;
  const lines = [`**${ICON[t.status]} ${t.id} · ${md(t.title)}**: ${t.status}`];
  if (shown.length === 0) lines.push(`- ${md(t.details.summary)}`);
  for (const c of shown) lines.push(checkLine(c));
  if (hidden > 0) lines.push(`- … ${hidden} more in the job summary and the JSON report`);
  return lines.join('\n');
}

function cell(v: string | number | null): string {
  if (v === null) return 'undefined';
  if (typeof v === 'number') return fmt(v);
  return md(v);
}

function renderTable(t: Report['tables'][number], maxRows: number): string {
  const rows = t.rows.slice(0, maxRows);
  const out = [
    `#### ${md(t.title)}`,
    '',
    `| ${t.columns.map(md).join(' | ')} |`,
    `|${t.columns.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
  if (t.rows.length > rows.length) out.push(`\n_${t.rows.length - rows.length} more rows in the JSON report._`);
  if (t.note) out.push('', `<sub>${md(t.note)}</sub>`);
  return out.join('\n');
}

function allTestsTable(r: Report): string {
  const lines = ['| Test | Title | Status | Points | Details |', '|---|---|---|---:|---|'];
  for (const t of r.tests) {
    const att = t.details.attestation;
    const detail =
      att && (t.status === 'attested' || t.status === 'expired')
        ? `${md(t.details.summary)} ${link('result', att.link)}`
        : md(t.details.summary);
    lines.push(`| ${t.id} | ${md(t.title)} | ${ICON[t.status]} ${t.status} | ${fmt(t.points, 1)} | ${detail} |`);
  }
  return lines.join('\n');
}

interface Stage {
  maxChecks: number;
  tableRows: number;
  tables: boolean;
  allTests: boolean;
  chart: boolean;
  problems: boolean;
}

const STAGES: Stage[] = [
  { maxChecks: 20, tableRows: 25, tables: true, allTests: true, chart: true, problems: true },
  { maxChecks: 8, tableRows: 10, tables: true, allTests: true, chart: true, problems: true },
  { maxChecks: 3, tableRows: 5, tables: true, allTests: false, chart: false, problems: true },
  { maxChecks: 1, tableRows: 0, tables: false, allTests: false, chart: false, problems: true },
  { maxChecks: 0, tableRows: 0, tables: false, allTests: false, chart: false, problems: false },
];

function render(r: Report, o: RenderOptions, stage: Stage, shortened: boolean): string {
  const parts: string[] = [];
  if (o.marker) parts.push(o.marker);
  parts.push(verdictLine(r));
  if (o.notes?.length) parts.push(...o.notes);
  const limited = r.score.limitedBy.map((s) => SECTION_TITLES[s]).join(', ');
  parts.push(`> ${md(r.score.level)} Weakest section: **${limited}**.`);
  if (!r.gate.wouldPass || r.gate.reasons.length) {
    const label = r.gate.passed && !r.gate.wouldPass ? 'Would fail because' : r.gate.passed ? 'Notes' : 'Failed because';
    const reasons = r.gate.reasons.slice(0, stage.problems ? 15 : 5).map((x) => `- ${md(x)}`);
    if (r.gate.reasons.length > reasons.length) reasons.push(`- … ${r.gate.reasons.length - reasons.length} more`);
    parts.push(`**${label}:**\n${reasons.join('\n')}`);
  }
  if (!r.baseline) parts.push('_No baseline report: there is no delta against the base branch for this run._');
  parts.push(sectionTable(r));
  if (stage.chart) parts.push(chart(r));

  const problems = r.tests.filter((t) => t.status === 'fail' || t.status === 'error');
  const warnings = r.tests.filter((t) => t.status === 'pass' && t.details.checks.some((c) => c.status === 'warn'));
  if (problems.length && stage.problems) {
    parts.push(`### Failing and errored tests (${problems.length})`);
    // errors first: unmeasured is the most urgent
    for (const t of [...problems].sort((a, b) => (a.status === b.status ? 0 : a.status === 'error' ? -1 : 1)))
      parts.push(problemBlock(t, stage.maxChecks));
  } else if (problems.length) {
    parts.push(`**Failing or errored:** ${problems.map((t) => `${t.id} (${t.status})`).join(', ')}`);
  }
  if (warnings.length && stage.problems) {
    parts.push(`### Warnings (${warnings.length})`);
    for (const t of warnings) parts.push(problemBlock(t, stage.maxChecks).replace(/: pass$/m, ': pass with warnings'));
  }
  const changes = r.delta?.tests ?? [];
  if (changes.length) {
    const shown = changes.slice(0, stage.problems ? 28 : 8);
    parts.push(
      `### Changes against the base branch\n${shown.map((c) => `- ${c.id}: ${ICON[c.from]} ${c.from} → ${ICON[c.to]} ${c.to}`).join('\n')}`,
    );
  }
  if (stage.tables) {
    const failing = new Set(problems.map((t) => t.id));
    const tables = r.tables.filter((t) => t.alwaysShow || t.tests.some((id) => failing.has(id)));
    for (const t of tables) parts.push(renderTable(t, stage.tableRows));
  }
  const errors = r.diagnostics.filter((d) => d.level !== 'notice');
  if (errors.length && stage.problems) {
    parts.push(
      `<details><summary>Diagnostics (${errors.length})</summary>\n\n${errors
        .slice(0, 30)
        .map((d) => `- ${d.level}: ${d.file ? `${code(d.file)}${d.line ? `:${d.line}` : ''}: ` : ''}${md(d.message)}`)
        .join('\n')}\n\n</details>`,
    );
  }
  if (r.pyramid) parts.push(pyramidLine(r.pyramid));
  if (r.maturity) parts.push(`**MLOps maturity:** ${md(maturitySummary(r.maturity))}`);
  if (o.history && stage.chart) parts.push(o.history);
  if (stage.allTests) parts.push(`<details><summary>All 28 tests</summary>\n\n${allTestsTable(r)}\n\n</details>`);
  if (shortened)
    parts.push(
      `> [!NOTE]\n> Shortened to fit GitHub's ${COMMENT_LIMIT.toLocaleString('en-US')}-character limit. ${md(o.detailsHint ?? 'The full details are in the job summary and the JSON report artifact.')}`,
    );
  const base = r.baseline
    ? ` · baseline: ${md(r.baseline.source)}${r.baseline.commit ? ` @ ${code(r.baseline.commit.slice(0, 7))}` : ''}`
    : '';
  const run = o.runUrl ? ` · ${link('workflow run', o.runUrl)}` : '';
  parts.push(
    `<sub>ml-test-gate ${md(r.tool.version)} · ML Test Score (Breck et al., 2017): 1 point per automated test, 0.5 per attested manual test, final = weakest section${base}${run}</sub>`,
  );
  return parts.join('\n\n') + '\n';
}

/**
 * The PR comment / job summary body. Longer than `maxLength`, it sheds detail in stages, keeping the
 * verdict, the sections and the failures.
 */
export function renderMarkdown(r: Report, o: RenderOptions = {}): string {
  const max = o.maxLength ?? COMMENT_LIMIT;
  for (let i = 0; i < STAGES.length; i++) {
    const body = render(r, o, STAGES[i], i > 0);
    if (body.length <= max) return body;
  }
  const last = render(r, o, STAGES[STAGES.length - 1], true);
  return `${last.slice(0, max - 80)}\n\n… (truncated; see the JSON report)\n`;
}
