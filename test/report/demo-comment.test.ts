// The demo's comment as a reviewer reads it: at most 10 KB, the first screen holds the verdict, what
// failed with its numbers, the section table and the next step; each finding appears once; the numbers
// a reviewer needs (failing values, thresholds, intervals of inconclusive comparisons, drift values)
// are all there, and the job summary keeps the full detail.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { md } from '../../src/report/escape.js';
import type { Report } from '../../src/schemas/report.js';
import { fmt } from '../../src/util/format.js';

const ROOT = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'mtg-demo-comment-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let comment = '';
let summary = '';
let text = '';
let report: Report;

beforeAll(async () => {
  const out = { stdout: '', stderr: '' };
  const code = await main(
    [
      'run',
      '--config',
      'examples/demo/ml-test-gate.yml',
      '--baseline',
      'examples/demo/baseline/report.json',
      '--history',
      'examples/demo/history',
      '--report-out',
      path.join(dir, 'report.json'),
      '--markdown-out',
      path.join(dir, 'comment.md'),
      '--summary-out',
      path.join(dir, 'summary.md'),
      '--now',
      '2026-11-23T12:00:00Z',
      '--print',
    ],
    { stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s), cwd: ROOT, env: {} },
  );
  expect(code, out.stderr).toBe(1);
  comment = readFileSync(path.join(dir, 'comment.md'), 'utf8');
  summary = readFileSync(path.join(dir, 'summary.md'), 'utf8');
  report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
  text = out.stdout;
}, 60_000);

const count = (hay: string, needle: string) => hay.split(needle).length - 1;
const checksOf = (status: string) =>
  report.tests.flatMap((t) => t.details.checks.filter((c) => c.status === status).map((c) => ({ test: t.id, ...c })));

describe('the demo comment', () => {
  it('is at most 10 KB', () => {
    expect(Buffer.byteLength(comment, 'utf8')).toBeLessThanOrEqual(10_000);
  });

  it('the first 25 lines hold the verdict, the section table, each failed test with its numbers, and the next step', () => {
    const first = comment.split('\n').slice(0, 25).join('\n');
    expect(first.split('\n')[0]).toBe('## ❌ Gate failed: 3 tests found problems · ML Test Score 6/7 (▲ +5 vs base)');
    expect(first).toContain('| Section | Base | Head | Δ | Tests |');
    expect(first).toContain('| **Final (weakest section)** | 1 | **6** | +5 | |');
    const failing = checksOf('fail');
    expect(failing.map((c) => c.test).sort()).toEqual(['data-2', 'data-2', 'data-2', 'model-7', 'monitor-3']);
    for (const c of failing) {
      expect(first).toContain(`**${c.test}**`);
      expect(first, c.message).toContain(md(c.message)); // the value, and the threshold it breaks
      expect(first).toContain(md(c.threshold!));
    }
    expect(first).toMatch(/\n\*\*Next step:\*\* Model is the weakest section \\\(6 of 7\\\)\. \*\*model-4\*\*/);
  });

  it('the score and level come after the verdict, never before it', () => {
    const lines = comment.split('\n');
    expect(lines[1]).toBe('Weakest section: **Model** · level: _Exceptional levels of automated testing and monitoring_');
    expect(comment.indexOf('Gate failed')).toBeLessThan(comment.indexOf('Exceptional'));
  });

  it('each finding appears once: every failing check; the warnings that fit, the rest counted', () => {
    for (const c of checksOf('fail')) expect(count(comment, md(c.message)), c.message).toBe(1);
    // a comparison with the base model is a table row (slice, metric, base, head, delta with its interval); other warnings their message
    const warns = [...new Map(checksOf('warn').map((c) => [c.message, c])).values()];
    expect(warns.length).toBeGreaterThanOrEqual(10);
    const shownAs = (c: (typeof warns)[number]) => {
      const k = c.comparison;
      return k ? `| ${md(k.metric)} | ${fmt(k.base)} | ${fmt(k.head)} | ${md(k.delta)} | ${k.verdict}` : md(c.message);
    };
    expect(warns.filter((c) => c.comparison).length).toBeGreaterThanOrEqual(6);
    for (const c of warns) expect(count(comment, shownAs(c)), c.message).toBeLessThanOrEqual(1);
    const shown = warns.filter((c) => count(comment, shownAs(c)) === 1);
    expect(shown.length).toBeGreaterThanOrEqual(6);
    expect(comment).toContain(`_${warns.length - shown.length} more in the job summary and the JSON report._`);
    // the method of the slice comparisons is stated once, under their table
    expect(count(comment, 'Benjamini-Hochberg across 16 slice comparisons')).toBe(1);
    expect(count(comment, md('demographic_parity_ratio = 0.7511'))).toBe(1);
  });

  it('keeps the numbers a reviewer needs: intervals of inconclusive comparisons, drift values, the failing group', () => {
    expect(comment).toContain(
      '| region=northeast (n = 1,578) | accuracy | 0.6965 | 0.6888 | -0.0076 \\[-0.0181, +0.0139\\] | inconclusive; can detect 0.0319 |',
    );
    expect(comment).toContain('intervals: one-sided 95% / 99.961% (lower / upper bound)');
    expect(comment).toContain('| credit\\_score | int | JS divergence \\(log2, TFDV\\) on 20 bins of equal pooled mass');
    expect(comment).toContain('| JS 0.0341 | JS &gt; 0.005 and p\\_Holm &lt; 0.00625 | p\\_Holm 1.77e-197 | drift |');
    expect(comment).toContain('| 60+ | 487 | 152 | 335 | 0.1561 |');
    expect(comment).toContain('Full details:');
  });

  it('the job summary keeps the full detail: every table, every test, the chart and the history', () => {
    for (const t of report.tables.filter((x) => x.alwaysShow)) expect(summary).toContain(`#### ${md(t.title)}`);
    expect(summary.match(/^\| (data|model|infra|monitor)-\d \| [^|]+ \| (✅|❌|⛔|📝|⌛|⬜) [a-z]+ \|/gm)).toHaveLength(28);
    expect(summary).toContain('```mermaid\nxychart-beta');
    expect(summary).toContain('<details><summary>Score history: 7 runs');
    for (const c of checksOf('fail')) expect(summary).toContain(md(c.message));
    expect(summary.length).toBeGreaterThan(comment.length * 2);
  });

  it('--print is plain text for a terminal: no Markdown, no HTML, no character references', () => {
    expect(text.split('\n')[0]).toBe('FAILED Gate failed: 3 tests found problems · ML Test Score 6/7 (+5 vs base)');
    expect(text).toContain('"credit_score" drifts: JS = 0.0341 > 0.005; chi-squared homogeneity: chi2 = 993.2, df 19');
    expect(text).toContain('age_band: demographic_parity_ratio = 0.7511 < 0.8 over 4 groups');
    expect(text).not.toMatch(/&quot;|&lt;|&gt;|&amp;|&#|<\/?(details|summary|sub)>|\\[_()[\]|]|\*\*|\|---/);
    expect(text).toMatch(/\nNext steps, cheapest first \(Model is the weakest section \(6 of 7\)\):\n {2}1\. model-4 /);
  });
});
