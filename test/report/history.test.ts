import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildHistory,
  findTrends,
  historyChart,
  historyMarkdown,
  historySection,
  loadHistoryReports,
  mermaidLabel,
  type LoadedReport,
} from '../../src/report/history.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { historySchema, type HistoryRun } from '../../src/schemas/history.js';
import { reportSchema, type Report } from '../../src/schemas/report.js';

const ROOT = path.resolve(__dirname, '../..');
const TEMPLATE: Report = reportSchema.parse(JSON.parse(readFileSync(path.join(ROOT, 'examples/demo/history/2026-08-07.json'), 'utf8')));

type Scores = [data: number, model: number, infrastructure: number, monitoring: number];

/** A valid report of the current schema with these section scores (final = the weakest). */
function report(generatedAt: string, scores: Scores, extra: Partial<Report> = {}): Report {
  const r: Report = structuredClone(TEMPLATE);
  const [data, model, infrastructure, monitoring] = scores;
  r.generatedAt = generatedAt;
  r.commit = extra.commit === undefined ? `c0ffee${generatedAt.slice(5, 10).replace('-', '')}` : extra.commit;
  r.score.sections.data.points = data;
  r.score.sections.model.points = model;
  r.score.sections.infrastructure.points = infrastructure;
  r.score.sections.monitoring.points = monitoring;
  r.score.final = Math.min(...scores);
  return { ...r, ...extra, commit: r.commit };
}

const loaded = (reports: Report[]): LoadedReport[] => reports.map((r, i) => ({ source: `r${i}.json`, report: r }));
const day = (d: number) => `2026-09-${String(d).padStart(2, '0')}T18:00:00.000Z`;
const run = (values: Partial<HistoryRun> & { final: number }): HistoryRun => ({
  source: 's',
  generatedAt: day(1),
  commit: null,
  sections: { data: 7, model: 7, infrastructure: 7, monitoring: 7 },
  passed: true,
  ...values,
});

describe('loadHistoryReports: validated like a baseline; bad files are skipped with one message naming them', () => {
  it('keeps the valid reports and says what is wrong with each other file', () => {
    const good = JSON.stringify(report(day(1), [2, 2, 2, 2]));
    const wrongType = JSON.parse(good);
    wrongType.score.final = 'high';
    const newer = { ...JSON.parse(good), schemaVersion: 2 };
    const badDate = { ...JSON.parse(good), generatedAt: 'last tuesday\u0007' };
    const r = loadHistoryReports([
      { source: 'ok.json', text: good },
      { source: 'truncated.json', text: good.slice(0, 200) },
      { source: 'type.json', text: JSON.stringify(wrongType) },
      { source: 'newer.json', text: JSON.stringify(newer) },
      { source: 'date.json', text: JSON.stringify(badDate) },
      { source: 'empty.json', text: '' },
    ]);
    expect(r.reports.map((x) => x.source)).toEqual(['ok.json']);
    const msg = Object.fromEntries(r.skipped.map((s) => [s.source, s.message]));
    expect(Object.keys(msg)).toEqual(['truncated.json', 'type.json', 'newer.json', 'date.json', 'empty.json']);
    expect(msg['truncated.json']).toMatch(/^truncated\.json \(line 1, column \d+\): not valid JSON: the document ends too early/);
    expect(msg['type.json']).toBe('type.json: invalid ml-test-gate report: score.final: expected a number, got "high"');
    expect(msg['newer.json']).toContain('schemaVersion 2 is newer than this ml-test-gate understands');
    expect(msg['date.json']).toBe('date.json: generatedAt "last tuesday " is not a date-time; the run cannot be placed in time');
    expect(msg['empty.json']).toContain('the file is empty');
    for (const m of Object.values(msg)) expect(m).not.toMatch(/\n|\s{2}at /);
  });

  it('accepts reports made before maturity was added (the field is optional)', () => {
    const old = report(day(1), [1, 1, 1, 1]);
    delete old.maturity;
    expect(loadHistoryReports([{ source: 'old.json', text: JSON.stringify(old) }]).reports).toHaveLength(1);
  });
});

describe('buildHistory', () => {
  it('orders runs by generatedAt, not by input order or file name', () => {
    const h = buildHistory(loaded([report(day(9), [3, 3, 3, 3]), report(day(2), [1, 1, 1, 1]), report(day(5), [2, 2, 2, 2])]));
    expect(h.runs.map((r) => r.final)).toEqual([1, 2, 3]);
    expect(h.runs.map((r) => r.generatedAt)).toEqual([day(2), day(5), day(9)]);
    expect(historySchema.safeParse(h).success).toBe(true);
  });

  it("keeps one gate (the newest report's, or the one asked for) and says what it left out", () => {
    const reports = loaded([report(day(1), [1, 1, 1, 1]), report(day(2), [2, 2, 2, 2], { id: 'ranker' }), report(day(3), [3, 3, 3, 3])]);
    const h = buildHistory(reports);
    expect(h.id).toBe('default');
    expect(h.runs.map((r) => r.final)).toEqual([1, 3]);
    expect(h.notes).toEqual(['reports of other gates left out ("ranker"); this history is gate "default"']);
    expect(buildHistory(reports, { id: 'ranker' }).runs.map((r) => r.final)).toEqual([2]);
    expect(buildHistory(reports, { id: 'nope' }).runs).toEqual([]);
  });

  it('keeps the newest report of a re-run commit, and only the newest `limit` runs', () => {
    const reports = loaded([
      report(day(1), [1, 1, 1, 1], { commit: 'abc' }),
      report(day(2), [2, 2, 2, 2], { commit: 'abc' }),
      report(day(3), [3, 3, 3, 3], { commit: null }),
      report(day(4), [4, 4, 4, 4], { commit: null }),
    ]);
    const h = buildHistory(reports);
    expect(h.runs.map((r) => r.final)).toEqual([2, 3, 4]);
    expect(h.notes).toContain('1 re-run(s) of the same commit left out (the newest report of each commit is kept)');
    const limited = buildHistory(reports, { limit: 2 });
    expect(limited.runs.map((r) => r.final)).toEqual([3, 4]);
    expect(limited.notes).toContain('1 older run(s) left out: the last 2 are shown');
    const many = loaded(Array.from({ length: 30 }, (_, i) => report(day(i + 1), [1, 1, 1, 1])));
    expect(buildHistory(many).runs).toHaveLength(20);
  });
});

describe('findTrends: a score that fell in each of the last N runs, up to the newest', () => {
  const series = (...monitoring: number[]) =>
    monitoring.map((m, i) =>
      run({ generatedAt: day(i + 1), final: Math.min(m, 3), sections: { data: 3, model: 4, infrastructure: 5, monitoring: m } }),
    );

  it('names the section, the number of runs and the values', () => {
    const t = findTrends(series(5, 4.5, 4, 3.5));
    expect(t.map((x) => x.message)).toEqual(['Monitoring has fallen for 3 runs: 5 → 4.5 → 4 → 3.5']);
    expect(t[0]).toMatchObject({ series: 'monitoring', falls: 3, values: [5, 4.5, 4, 3.5] });
  });

  it('needs N falls in a row ending with the newest run: a plateau, a rise or an older fall does not count', () => {
    expect(findTrends(series(5, 4, 4))).toEqual([]);
    expect(findTrends(series(5, 4, 3, 3.5))).toEqual([]);
    expect(findTrends(series(6, 5, 4, 4, 4))).toEqual([]);
    expect(findTrends(series(5, 4))).toEqual([]); // one fall: the delta already shows it
    expect(findTrends(series(5, 4), 1).map((x) => x.falls)).toEqual([1]);
    expect(findTrends(series(5, 4, 3), 3)).toEqual([]);
    expect(findTrends(series(7, 5, 4, 3))[0].falls).toBe(3);
  });

  it('checks the final score too, and every section', () => {
    const runs = [7, 6, 5].map((v, i) =>
      run({ generatedAt: day(i + 1), final: v - 4, sections: { data: v, model: v - 4, infrastructure: 7, monitoring: 7 } }),
    );
    expect(findTrends(runs).map((x) => x.series)).toEqual(['final', 'data', 'model']);
    expect(findTrends(runs)[0].message).toBe('The final score has fallen for 2 runs: 3 → 2 → 1');
  });
});

describe('the chart and the Markdown', () => {
  const reports = loaded([
    report(day(1), [2, 2, 2, 3.5]),
    report(day(8), [2, 2, 2, 3]),
    report(day(15), [2.5, 2, 2, 2.5]),
    report(day(22), [2.5, 2, 2, 2]),
  ]);

  it('draws five lines over the runs on a 0-7 axis, oldest left, with colours named in the legend', () => {
    const chart = historyChart(buildHistory(reports));
    expect(chart.split('\n')).toEqual([
      '```mermaid',
      '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#1971c2, #2f9e44, #f76707, #9c36b5, #e03131"}}}}%%',
      'xychart-beta',
      '  title "ML Test Score history, last 4 runs"',
      '  x-axis ["09-01 c0ffee0", "09-08 c0ffee0", "09-15 c0ffee0", "09-22 c0ffee0"]',
      '  y-axis "points" 0 --> 7',
      '  line [2, 2, 2.5, 2.5]',
      '  line [2, 2, 2, 2]',
      '  line [2, 2, 2, 2]',
      '  line [3.5, 3, 2.5, 2]',
      '  line [2, 2, 2, 2]',
      '```',
    ]);
  });

  it('folds the chart for the comment, with the falling score in the summary line', () => {
    const md = historySection(reports);
    expect(md.split('\n')[0]).toBe(
      '<details><summary>Score history: 4 runs, 2026-09-01 to 2026-09-22 · ⚠️ Monitoring has fallen for 3 runs: 3.5 → 3 → 2.5 → 2</summary>',
    );
    expect(md).toContain('🟪 Monitoring');
    expect(md.trimEnd().endsWith('</details>')).toBe(true);
    const open = historyMarkdown(buildHistory(reports), false);
    expect(open).toMatch(/^### Score history\n\n4 runs, 2026-09-01 to 2026-09-22\n\n- ⚠️ Monitoring has fallen for 3 runs/);
    expect(historySection([])).toBe('');
    expect(historySection(reports.map((x) => x.report))).toBe(md); // plain reports, as the GitHub side will pass them
    expect(historySection(reports.slice(0, 1))).toContain('One run so far');
    expect(historySection(reports.slice(0, 1))).not.toContain('```mermaid');
  });

  it('escapes what reports put in the chart and the Markdown: labels are whitelisted, messages escaped (property)', () => {
    const evil = '"]\n```\n<img src=x onerror=1> @octocat #1 [x](http://e.vil)';
    const h = buildHistory(
      loaded([report(day(1), [1, 1, 1, 1], { commit: evil, id: evil }), report(day(2), [1, 1, 1, 1], { commit: evil, id: evil })]),
      {},
      [{ source: 'x', message: `x: ${evil}` }],
    );
    const chart = historyChart(h);
    const lines = chart.split('\n');
    expect(lines).toHaveLength(12); // nothing added a line
    expect(lines.slice(1, -1).join('\n')).not.toContain('```');
    for (const q of lines[4].matchAll(/"([^"]*)"/g)) expect(q[1]).toMatch(/^[A-Za-z0-9 ._:+-]*$/);
    expect(chart.split('\n')[3]).toMatch(/^ {2}title "ML Test Score history \([A-Za-z0-9 ._:+-]+\), last 1 runs"$/); // re-run of one commit
    const md = historyMarkdown(h, true);
    expect(md).not.toContain('<img');
    expect(md).not.toContain('@octocat');
    expect(md).toContain('@&#8203;octocat');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        const label = mermaidLabel(s);
        expect(label).toMatch(/^[A-Za-z0-9 ._:+-]*$/);
        expect(label.length).toBeLessThanOrEqual(24);
      }),
      { numRuns: 300, seed: 4 },
    );
  });

  it("goes in the comment's details with the maturity line; a long comment keeps only its summary line", () => {
    const head = report(day(23), [2.5, 2, 2, 2]);
    const section = historySection(reports);
    const full = renderMarkdown(head, { history: section });
    expect(full).toContain(section);
    expect(full).toMatch(/\*\*MLOps maturity:\*\* Google level \d of 2 · Azure level \d of 4/);
    expect(full.indexOf('**MLOps maturity:**')).toBeLessThan(full.indexOf('<details><summary>Score history'));
    const small = renderMarkdown(head, { history: section, maxLength: 3000 });
    expect(small).not.toContain('```mermaid');
    expect(small).toContain('**Score history:** 4 runs, 2026-09-01 to 2026-09-22 · ⚠️ Monitoring has fallen for 3 runs');
    expect(small).toContain('**MLOps maturity:**');
    expect(small.length).toBeLessThanOrEqual(3000);
  });
});
