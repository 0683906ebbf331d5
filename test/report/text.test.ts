import { describe, expect, it } from 'vitest';
import { renderSummary } from '../../src/report/summary.js';
import { renderText } from '../../src/report/text.js';
import type { Report } from '../../src/schemas/report.js';
import { makeReport } from './report-fixture.js';

const EVIL = 'feature "a|b" <script> & @octocat #12 \u001b[31mred\u001b[0m\rback';

function report(): Report {
  const r = makeReport([
    { test: 'monitor-3', checks: [{ name: 'x', status: 'fail', message: EVIL, threshold: '<= 0.1', method: 'JS divergence, log2' }] },
    {
      test: 'model-6',
      checks: [{ name: 'w', status: 'warn', message: 'slice x_y: delta -0.01 [-0.03, +0.01]; inconclusive', method: 'bootstrap' }],
    },
  ]);
  return {
    ...r,
    gate: { passed: false, wouldPass: false, mode: 'enforce', reasons: ['monitor-3 (Training and serving are not skewed) failed: x'] },
  };
}

describe('renderText: the report for a terminal', () => {
  it('shows evidence text as written, without Markdown escapes or character references, and without control characters', () => {
    const out = renderText(report());
    expect(out.split('\n')[0]).toBe('FAILED Gate failed: 1 test found a problem · ML Test Score 0/7 (no baseline)');
    expect(out).toContain('  FAIL monitor-3 Training and serving are not skewed');
    expect(out).toContain('      feature "a|b" <script> & @octocat #12  [31mred [0m back (threshold <= 0.1; JS divergence, log2)');
    // eslint-disable-next-line no-control-regex -- no control character may reach the terminal
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(out).toContain('  model-6: slice x_y: delta -0.01 [-0.03, +0.01]; inconclusive\n    (bootstrap)');
    expect(out).toMatch(
      /Next steps, cheapest first \(Data and Infrastructure tie as the weakest sections \(0 of 7 each\): the score rises when each of them does\):\n {2}1\. /,
    );
    expect(out).toContain('     config: tests.feature · guide: docs/rubric/data-7.md');
  });

  it('aligns the section table: right-aligned numbers end in one column', () => {
    const lines = renderText(report()).split('\n');
    const h = lines.findIndex((l) => /^ {2}Section +Base +Head +Δ +Tests$/.test(l));
    expect(h).toBeGreaterThan(0);
    const end = lines[h].indexOf('Head') + 4;
    const rows = lines.slice(h + 1, h + 6);
    expect(rows.map((l) => l.trim().split(/ {2,}/)[0])).toEqual([
      'Data (weakest)',
      'Model',
      'Infrastructure (weakest)',
      'Monitoring',
      'Final',
    ]);
    for (const row of rows) expect(row.slice(end - 1, end + 1)).toMatch(/^\d( |$)/);
  });
});

describe('renderSummary: the job summary keeps the full detail', () => {
  it('has every check of a failed test, the chart, all 28 tests with their summaries, and sheds only past its limit', () => {
    const r = report();
    r.tests = r.tests.map((t) =>
      t.id === 'data-1'
        ? {
            ...t,
            status: 'fail',
            details: {
              ...t.details,
              checks: Array.from({ length: 30 }, (_, i) => ({ name: `c${i}`, status: 'fail' as const, message: `check ${i} failed` })),
            },
          }
        : t,
    );
    const full = renderSummary(r);
    for (let i = 0; i < 30; i++) expect(full).toContain(`check ${i} failed`);
    expect(full).toContain('```mermaid');
    expect(full).toContain('<details><summary>All 28 tests</summary>');
    expect(full).not.toContain('Shortened');
    const small = renderSummary(r, { maxLength: 4000 });
    expect(small.length).toBeLessThanOrEqual(4000);
    expect(small).toContain('Shortened to fit the job summary');
    expect(small).toContain('Gate failed');
  });
});
