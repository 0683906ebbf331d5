/**
 * Score history (pure): from a bounded list of the base branch's reports, the final and section
 * scores over time, a mermaid chart, and the scores that have been falling for N runs in a row.
 * Reports come in as text (files, downloaded artifacts: untrusted) or already validated.
 */
import { EvidenceStore, type JsonFormat } from '../evidence/store.js';
import { textOnlyWorkspace, type Workspace } from '../evidence/workspace.js';
import { SECTIONS, SECTION_TITLES, type Section } from '../rubric/tests.js';
import { HISTORY_KIND, HISTORY_VERSION, type History, type HistoryRun, type HistoryTrend } from '../schemas/history.js';
import { REPORT_VERSION, reportSchema, type Report } from '../schemas/report.js';
import { fmt, withoutControlChars } from '../util/format.js';
import { md } from './escape.js';

/** The whole report format: a history report is read in full (a baseline only in part: gate/baseline.ts). */
export const REPORT_FORMAT: JsonFormat<typeof reportSchema> = {
  name: 'ml-test-gate report',
  schema: reportSchema,
  version: REPORT_VERSION,
};

/** The chart shows at most this many runs, the newest. */
export const DEFAULT_HISTORY_LIMIT = 20;
/** A score that fell in each of this many runs in a row, up to the newest, is called out. */
export const DEFAULT_MIN_FALLS = 2;
/** Reports larger than this are not read (a report is normally well under 1 MB). */
export const MAX_REPORT_CHARS = 32 * 1024 * 1024;

export interface HistoryOptions {
  /** Only reports of this gate id; by default the id of the newest report. */
  id?: string;
  limit?: number;
  minFalls?: number;
}

export interface LoadedReport {
  source: string;
  report: Report;
}

export interface Skipped {
  source: string;
  message: string;
}

type Series = 'final' | Section;

/** Text from a report for messages: printable and bounded (the Markdown side escapes it again). */
function printable(text: string, max = 60): string {
  const t = withoutControlChars(text);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
const SERIES: readonly Series[] = [...SECTIONS, 'final'];
const SERIES_TITLE = (s: Series) => (s === 'final' ? 'The final score' : SECTION_TITLES[s]);

// The reports are parsed from text with the evidence store's rules (NaN tokens, newer schemaVersion,
// one message per problem naming the field); the store never reads a file here.
const NO_FILES: Workspace = textOnlyWorkspace('history reports are parsed from text');

/** Validate report texts with the report schema; a malformed one is skipped with one message naming it. */
export function loadHistoryReports(inputs: ReadonlyArray<{ source: string; text: string }>): {
  reports: LoadedReport[];
  skipped: Skipped[];
} {
  const store = new EvidenceStore(NO_FILES);
  const reports: LoadedReport[] = [];
  const skipped: Skipped[] = [];
  for (const { source, text } of inputs) {
    if (text.length > MAX_REPORT_CHARS) {
      skipped.push({ source, message: `${source}: ${text.length} characters; a report over ${MAX_REPORT_CHARS} is not read` });
      continue;
    }
    const r = store.parse(source, text, REPORT_FORMAT);
    if (!r.ok) skipped.push({ source, message: r.message });
    else if (Number.isNaN(Date.parse(r.value.generatedAt)))
      skipped.push({
        source,
        message: `${source}: generatedAt ${JSON.stringify(printable(r.value.generatedAt, 40))} is not a date-time; the run cannot be placed in time`,
      });
    else reports.push({ source, report: r.value });
  }
  return { reports, skipped };
}

function toRun(x: LoadedReport): HistoryRun {
  const s = x.report.score.sections;
  return {
    source: x.source,
    generatedAt: new Date(Date.parse(x.report.generatedAt)).toISOString(),
    commit: x.report.commit ?? null,
    final: x.report.score.final,
    sections: { data: s.data.points, model: s.model.points, infrastructure: s.infrastructure.points, monitoring: s.monitoring.points },
    passed: x.report.gate.wouldPass,
  };
}

const valueOf = (r: HistoryRun, s: Series) => (s === 'final' ? r.final : r.sections[s]);

/** Scores that fell in each of at least `minFalls` runs in a row, ending with the newest run. */
export function findTrends(runs: readonly HistoryRun[], minFalls = DEFAULT_MIN_FALLS): HistoryTrend[] {
  const out: HistoryTrend[] = [];
  for (const s of ['final', ...SECTIONS] as Series[]) {
    const v = runs.map((r) => valueOf(r, s));
    let falls = 0;
    for (let i = v.length - 1; i > 0 && v[i] < v[i - 1]; i--) falls++;
    if (falls >= Math.max(1, minFalls)) {
      const values = v.slice(v.length - 1 - falls);
      out.push({
        series: s,
        falls,
        values,
        message: `${SERIES_TITLE(s)} has fallen for ${falls} runs: ${values.map((x) => fmt(x, 2)).join(' → ')}`,
      });
    }
  }
  return out;
}

/** Keep one gate's runs, one per commit (the newest), ordered by generatedAt, the newest `limit`. */
function selectRuns(reports: readonly LoadedReport[], o: HistoryOptions): { id: string | null; runs: HistoryRun[]; notes: string[] } {
  const notes: string[] = [];
  const sorted = [...reports].sort(
    (a, b) => Date.parse(a.report.generatedAt) - Date.parse(b.report.generatedAt) || a.source.localeCompare(b.source),
  );
  const id = o.id ?? sorted.at(-1)?.report.id ?? null;
  const others = [...new Set(sorted.filter((x) => x.report.id !== id).map((x) => x.report.id))];
  if (others.length)
    notes.push(
      `reports of other gates left out (${others
        .slice(0, 5)
        .map((x) => JSON.stringify(printable(x, 40)))
        .join(', ')}); this history is gate ${JSON.stringify(printable(id ?? '', 40))}`,
    );
  const mine = sorted.filter((x) => x.report.id === id);
  const newestOfCommit = new Map<string, LoadedReport>();
  for (const x of mine) if (x.report.commit) newestOfCommit.set(x.report.commit, x);
  const unique = mine.filter((x) => !x.report.commit || newestOfCommit.get(x.report.commit) === x);
  if (unique.length < mine.length)
    notes.push(`${mine.length - unique.length} re-run(s) of the same commit left out (the newest report of each commit is kept)`);
  const limit = Math.max(1, o.limit ?? DEFAULT_HISTORY_LIMIT);
  if (unique.length > limit) notes.push(`${unique.length - limit} older run(s) left out: the last ${limit} are shown`);
  return { id, runs: unique.slice(-limit).map(toRun), notes };
}

/** The history of already-validated reports (e.g. downloaded artifacts that `loadHistoryReports` read). */
export function buildHistory(reports: readonly LoadedReport[], o: HistoryOptions = {}, skipped: Skipped[] = []): History {
  const { id, runs, notes } = selectRuns(reports, o);
  return { schemaVersion: HISTORY_VERSION, kind: HISTORY_KIND, id, runs, trends: findTrends(runs, o.minFalls), skipped, notes };
}

/** Text from a report that goes into the mermaid source: a whitelist, so it cannot close a string, a block or the fence. */
export function mermaidLabel(text: string, max = 24): string {
  return text.replace(/[^A-Za-z0-9 ._:+-]/g, '_').slice(0, max);
}

function runLabel(r: HistoryRun): string {
  const date = r.generatedAt.slice(5, 10);
  const commit = r.commit ? r.commit.replace(/[^0-9A-Za-z]/g, '').slice(0, 7) : '';
  return mermaidLabel(commit ? `${date} ${commit}` : date);
}

/** Colours of the lines, in drawing order (sections, then the final score on top), and their legend. */
const PALETTE: Record<Series, { color: string; key: string }> = {
  data: { color: '#1971c2', key: '🟦' },
  model: { color: '#2f9e44', key: '🟩' },
  infrastructure: { color: '#f76707', key: '🟧' },
  monitoring: { color: '#9c36b5', key: '🟪' },
  final: { color: '#e03131', key: '🟥' },
};

/** A mermaid xychart: one line per section and one for the final score, over the runs (oldest left). */
export function historyChart(h: History): string {
  const palette = SERIES.map((s) => PALETTE[s].color).join(', ');
  return [
    '```mermaid',
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${palette}"}}}}%%`,
    'xychart-beta',
    `  title "ML Test Score history${h.id && h.id !== 'default' ? ` (${mermaidLabel(h.id, 40)})` : ''}, last ${h.runs.length} runs"`,
    `  x-axis [${h.runs.map((r) => `"${runLabel(r)}"`).join(', ')}]`,
    '  y-axis "points" 0 --> 7',
    ...SERIES.map((s) => `  line [${h.runs.map((r) => valueOf(r, s)).join(', ')}]`),
    '```',
  ].join('\n');
}

export function historyLegend(): string {
  return SERIES.map((s) => `${PALETTE[s].key} ${s === 'final' ? 'final (weakest section)' : SECTION_TITLES[s]}`).join(' · ');
}

function runsSummary(h: History): string {
  const span = h.runs.length ? `, ${h.runs[0].generatedAt.slice(0, 10)} to ${h.runs[h.runs.length - 1].generatedAt.slice(0, 10)}` : '';
  return `${h.runs.length} run${h.runs.length === 1 ? '' : 's'}${span}`;
}

/** A one-line summary: how many runs, and the falling scores when there are any. */
export function historySummary(h: History): string {
  return h.trends.length === 0 ? runsSummary(h) : `${runsSummary(h)} · ⚠️ ${h.trends.map((t) => t.message).join('; ')}`;
}

export interface SectionOptions extends HistoryOptions {
  /** Folded in `<details>` (the PR comment) or open with a heading (job summary, other CI). */
  folded?: boolean;
  skipped?: Skipped[];
}

/**
 * The Markdown section for the comment's details or the job summary, from reports already loaded
 * (validated: `loadHistoryReports`). Empty when there is no run.
 */
export function historySection(reports: ReadonlyArray<LoadedReport | Report>, o: SectionOptions = {}): string {
  const items = reports.map((x, i) => ('report' in x ? x : { source: `report ${i + 1}`, report: x }));
  const h = buildHistory(items, o, o.skipped ?? []);
  return historyMarkdown(h, o.folded ?? true);
}

export function historyMarkdown(h: History, folded: boolean): string {
  if (h.runs.length === 0) return '';
  const body: string[] = [];
  if (h.runs.length >= 2) body.push(historyChart(h), '', `<sub>${historyLegend()} · ordered by report time</sub>`);
  else body.push('_One run so far: the chart starts with the second._');
  const left = [
    ...h.notes,
    ...(h.skipped.length
      ? [`${h.skipped.length} report(s) skipped: ${h.skipped[0].message}${h.skipped.length > 1 ? ' (and more)' : ''}`]
      : []),
  ];
  if (left.length) body.push('', `<sub>${left.map((x) => md(x)).join(' · ')}</sub>`);
  if (folded) return `<details><summary>Score history: ${md(historySummary(h))}</summary>\n\n${body.join('\n')}\n\n</details>`;
  const trends = h.trends.map((t) => `- ⚠️ ${md(t.message)}`);
  return ['### Score history', '', md(runsSummary(h)), ...(trends.length ? ['', ...trends] : []), '', ...body].join('\n');
}

/** Plain-text lines for the terminal: one row per run, then the trends. */
export function historyText(h: History): string[] {
  const head = ['generatedAt'.padEnd(20), 'commit '.padEnd(8), 'final', ...SECTIONS.map((s) => SECTION_TITLES[s].slice(0, 5)), 'gate'].join(
    '  ',
  );
  const rows = h.runs.map((r) =>
    [
      r.generatedAt.slice(0, 19).padEnd(20),
      (r.commit ? r.commit.replace(/[^0-9A-Za-z]/g, '').slice(0, 7) : '-').padEnd(8),
      fmt(r.final, 2).padStart(5),
      ...SECTIONS.map((s) => fmt(r.sections[s], 2).padStart(5)),
      r.passed ? 'pass' : 'fail',
    ].join('  '),
  );
  const trends = h.trends.length ? h.trends.map((t) => `falling: ${t.message}`) : ['no falling score'];
  return [runsSummary(h), '', head, ...rows, '', ...trends, ...h.notes.map((n) => `note: ${n}`)];
}
