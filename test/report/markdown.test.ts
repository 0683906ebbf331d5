import { describe, expect, it } from 'vitest';
import { computeDelta } from '../../src/gate/delta.js';
import { md } from '../../src/report/escape.js';
import { COMMENT_LIMIT, COMMENT_TARGET, commentMarker, renderMarkdown, verdictLine, verdictTitle } from '../../src/report/markdown.js';
import type { Report } from '../../src/schemas/report.js';
import { makeReport } from './report-fixture.js';

const ok = (message: string) => [{ name: 'n', status: 'pass' as const, message }];
const failed = (r: Report, reasons: string[]): Report => ({ ...r, gate: { passed: false, wouldPass: false, mode: 'enforce', reasons } });
const count = (hay: string, needle: string) => hay.split(needle).length - 1;

/** A report with two failed tests (one with three failing checks sharing a method), an error, and warnings. */
function problems(): Report {
  const r = makeReport([
    {
      test: 'data-2',
      checks: ['age', 'state', 'plan'].map((f, i) => ({
        name: f,
        status: 'fail' as const,
        message: `"${f}": importance -0.000${i + 1} <= floor 0`,
        threshold: '> 0',
        method: 'permutation importance, 5 repeats',
      })),
    },
    {
      test: 'monitor-3',
      checks: [
        {
          name: 'skew',
          status: 'fail',
          message: '"credit_score" drifts: js = 0.0341',
          threshold: '<= 0.01',
          method: 'JS divergence, log2',
        },
      ],
    },
    { test: 'data-1', checks: [{ name: 'f', status: 'error', message: 'file not found: snap.json (looked for /repo/snap.json)' }] },
    {
      test: 'model-6',
      checks: [
        {
          name: 's1',
          status: 'warn',
          message: 'region=west: accuracy: delta -0.002 [-0.017, +0.013]; inconclusive',
          method: 'paired bootstrap 95%',
          threshold: 'drop <= 0.005',
        },
        {
          name: 's2',
          status: 'warn',
          message: 'region=east: accuracy: delta +0.001 [-0.010, +0.012]; inconclusive',
          method: 'paired bootstrap 95%',
          threshold: 'drop <= 0.005',
        },
        { name: 's3', status: 'pass', message: 'region=north: accuracy ok' },
      ],
    },
    // the same comparison serves two tests: one finding
    {
      test: 'infra-4',
      checks: [{ name: 'acc', status: 'warn', message: 'accuracy: delta +0.0005 [-0.0051, +0.0061]: inconclusive', method: 'McNemar' }],
    },
    {
      test: 'monitor-7',
      checks: [{ name: 'acc', status: 'warn', message: 'accuracy: delta +0.0005 [-0.0051, +0.0061]: inconclusive', method: 'McNemar' }],
    },
  ]);
  return failed(r, [
    'data-1 (Feature expectations are captured in a schema) could not be evaluated: file not found: snap.json',
    'data-2 (All features are beneficial) failed: "age": importance -0.0001 <= floor 0 (+2 more)',
    'monitor-3 (Training and serving are not skewed) failed: "credit_score" drifts: js = 0.0341',
    'score 1 is below min-score 2 (weakest section: Data)',
  ]);
}

describe('the comment: verdict first, then the score', () => {
  it('starts with the marker, then the verdict in plain words, then the score and its delta', () => {
    const base = makeReport([{ test: 'data-1', checks: ok('a') }]);
    const head = makeReport([
      { test: 'data-1', checks: ok('a') },
      { test: 'model-1', checks: ok('b') },
    ]);
    const r = { ...head, baseline: { source: 'base.json', score: base.score }, delta: computeDelta(head, base) };
    const lines = renderMarkdown(r, { marker: commentMarker('default') }).split('\n');
    expect(lines[0]).toBe('<!-- ml-test-gate:default -->');
    expect(lines[2]).toBe('## ✅ Gate passed · ML Test Score 0/7 (= base)');
    expect(lines[3]).toMatch(/^Weakest section: \*\*Infrastructure, Monitoring\*\* · level: _More of a research project/);
    expect(lines.join('\n')).toContain('| Model | 0 | 1 | +1 | ✅ 1 ⬜ 6 |');
    expect(lines.join('\n')).toContain('**Changed since the base branch:** ⬜→✅ model-1');
  });

  it('a failed gate says so before the score, with the count of problems; never a level before the verdict', () => {
    const line = verdictLine(problems());
    expect(line).toBe(
      '## ❌ Gate failed: 2 tests found problems, 1 could not be evaluated and score 1 is below min-score 2 · ML Test Score 1/7 (no baseline)',
    );
    const exceptional = {
      ...problems(),
      score: { ...problems().score, final: 6, level: 'Exceptional levels of automated testing and monitoring.' },
    };
    const out = renderMarkdown(exceptional);
    expect(out.indexOf('Gate failed')).toBeLessThan(out.indexOf('Exceptional'));
    const one = failed(makeReport([{ test: 'monitor-3', checks: [{ name: 'x', status: 'fail', message: 'm' }] }]), [
      'monitor-3 (Training and serving are not skewed) failed: m',
    ]);
    expect(verdictLine(one)).toMatch(/^## ❌ Gate failed: 1 test found a problem · /);
    const report = { ...one, gate: { ...one.gate, passed: true, mode: 'report' as const } };
    expect(verdictLine(report)).toMatch(/^## ⚠️ Gate would fail \\\(report mode\\\): 1 test found a problem · /);
  });

  it('the same verdict as plain text for a check run title: no Markdown escapes', () => {
    const one = failed(makeReport([{ test: 'monitor-3', checks: [{ name: 'x', status: 'fail', message: 'm' }] }]), [
      'monitor-3 (Training and serving are not skewed) failed: m',
      'score 0 is below min_score 2',
    ]);
    expect(verdictTitle({ ...one, gate: { ...one.gate, passed: true, mode: 'report' } })).toBe(
      '⚠️ Gate would fail (report mode): 1 test found a problem and score 0 is below min_score 2 · ML Test Score 0/7 (no baseline)',
    );
  });

  it('says when there is no baseline instead of inventing a delta', () => {
    const out = renderMarkdown(makeReport([]));
    expect(out).toContain('(no baseline)');
    expect(out).toMatch(/\| Data ⬅ weakest \| — \| 0 \| — \| ⬜ 7 \|/);
  });
});

describe('what failed: each finding once, with its numbers', () => {
  it('lists errors first, each failed check with its numbers, the shared threshold and method once, then the other reasons', () => {
    const out = renderMarkdown(problems());
    const section = out.slice(out.indexOf('### What failed'), out.indexOf('**Next step:**'));
    expect(section.indexOf('**data-1**')).toBeLessThan(section.indexOf('**data-2**'));
    expect(section).toContain(
      '- ⛔ **data-1** Feature expectations are captured in a schema: file not found: snap.json \\(looked for /repo/snap.json\\)',
    );
    expect(section).toContain(
      '- ❌ **data-2** All features are beneficial: 3 checks failed _(threshold &gt; 0; permutation importance, 5 repeats)_',
    );
    for (const f of ['age', 'state', 'plan'])
      expect(section).toMatch(new RegExp(`\\n {2}- &quot;${f}&quot;: importance -0\\.000\\d &lt;= floor 0\\n`));
    expect(section).toContain(
      '**monitor-3** Training and serving are not skewed: &quot;credit\\_score&quot; drifts: js = 0.0341 _(threshold &lt;= 0.01; JS divergence, log2)_',
    );
    expect(section).toContain('- score 1 is below min-score 2 \\(weakest section: Data\\)');
    expect(count(section, 'permutation importance')).toBe(1);
  });

  it('every failing check message appears exactly once in the comment (not again under diagnostics or in the test list)', () => {
    const r = problems();
    r.diagnostics = r.tests.flatMap((t) =>
      t.details.checks
        .filter((c) => c.status === 'fail' || c.status === 'error')
        .map((c) => ({ level: 'warning' as const, message: `${t.id}: ${c.message}`, test: t.id })),
    );
    r.diagnostics.push({ level: 'warning', message: 'baseline ignored: not a report' });
    const out = renderMarkdown(r, { target: Infinity });
    expect(out).toContain('<details><summary>All 28 tests</summary>');
    for (const t of r.tests)
      for (const c of t.details.checks.filter((x) => x.status !== 'pass')) expect(count(out, md(c.message)), c.message).toBe(1);
    expect(out).toContain('baseline ignored: not a report'); // a diagnostic of its own is still shown
  });

  it('warnings and inconclusive results: folded, one table per method with the method stated once', () => {
    const out = renderMarkdown(problems());
    const block = out.slice(out.indexOf('<details><summary>⚠️'), out.indexOf('</details>', out.indexOf('<details><summary>⚠️')));
    expect(block).toContain('⚠️ 3 warnings and inconclusive results (they do not fail the gate)');
    expect(block).toContain('| model-6 | region=west: accuracy: delta -0.002 \\[-0.017, +0.013\\]; inconclusive |');
    expect(block).toContain('| infra-4, monitor-7 | accuracy: delta +0.0005 \\[-0.0051, +0.0061\\]: inconclusive |');
    expect(count(block, 'paired bootstrap 95%')).toBe(1);
    expect(block).toContain('<sub>threshold drop &lt;= 0.005; method: paired bootstrap 95%</sub>');
  });

  it('a report table of warnings (id ending in -inconclusive) replaces the warn checks of its tests', () => {
    const r = problems();
    r.tables.push({
      id: 'model-inconclusive',
      title: 'Inconclusive comparisons',
      tests: ['model-6'],
      columns: ['slice', 'Δ [interval]'],
      rows: [['west', '-0.002 [-0.017, +0.013]']],
    });
    const out = renderMarkdown(r);
    expect(out).toContain('#### Inconclusive comparisons');
    expect(out).not.toContain('region=west: accuracy');
    expect(out).toContain('⚠️ 2 warnings');
  });
});

describe('the next step', () => {
  it('names the weakest section and its cheapest step, with the config key and the rubric page', () => {
    const r = makeReport([{ test: 'data-7', checks: ok('junit') }]);
    const out = renderMarkdown(r);
    const next = out.split('\n').find((l) => l.startsWith('**Next step:**'))!;
    expect(next).toContain('Model, Infrastructure and Monitoring tie as the weakest sections \\(0 of 7 each\\)');
    expect(next).toContain(
      '**model-1** Model specs are reviewed and submitted (+1 to Model): add the model spec or config files you already commit',
    );
    expect(next).toContain('config: `review.model-specs`');
    expect(next).toContain('[guide](https://github.com/ml-test-gate/ml-test-gate/blob/main/docs/rubric/model-1.md)');
    expect(out).toMatch(
      /<details><summary>🧭 26 more steps, cheapest first \(\d+ of them raise the weakest section\)<\/summary>\n\n2\. \*\*/,
    );
  });
});

describe('size', () => {
  it('aims at the target by shedding folded detail, keeping the verdict, the failures and the next step', () => {
    const r = problems();
    r.tables = Array.from({ length: 6 }, (_, k) => ({
      id: `t${k}`,
      title: `big ${k}`,
      tests: ['monitor-3' as const],
      columns: ['a'],
      rows: Array.from({ length: 40 }, (_, i) => [`row ${i} ${'y'.repeat(200)}`]),
    }));
    const full = renderMarkdown(r, { target: Infinity });
    expect(Buffer.byteLength(full)).toBeGreaterThan(COMMENT_TARGET);
    const aimed = renderMarkdown(r);
    expect(Buffer.byteLength(aimed)).toBeLessThanOrEqual(COMMENT_TARGET);
    for (const must of ['Gate failed', '**data-2**', '**monitor-3**', '**Next step:**', '| **Final (weakest section)** |'])
      expect(aimed).toContain(must);
    expect(aimed).not.toContain('Shortened to fit');
  });

  it("sheds more, and says so, only to fit GitHub's limit", () => {
    const checks = Array.from({ length: 400 }, (_, i) => ({
      name: `f${i}`,
      status: 'fail' as const,
      message: `feature f${i} drifted: ${'x'.repeat(200)}`,
    }));
    const r = failed(makeReport([{ test: 'monitor-3', checks }]), ['monitor-3 failed']);
    expect(renderMarkdown(r).length).toBeLessThanOrEqual(COMMENT_LIMIT);
    const tiny = renderMarkdown(r, { maxLength: 3000 });
    expect(tiny.length).toBeLessThanOrEqual(3000);
    expect(tiny).toContain('Gate failed');
    expect(tiny).toContain('monitor-3');
    expect(tiny).toContain('Shortened to fit');
  });
});

describe('escaping', () => {
  it('escapes evidence text in tables', () => {
    const r = failed(
      makeReport([{ test: 'monitor-3', checks: [{ name: 'x', status: 'fail', message: 'm' }] }], {
        tables: [{ id: 't', title: 'Skew', tests: ['monitor-3'], columns: ['feature', 'value'], rows: [['a|b <script> @x', 0.5]] }],
      }),
      ['monitor-3 failed'],
    );
    expect(renderMarkdown(r)).toContain('| a\\|b &lt;script&gt; @&#8203;x | 0.5 |');
  });
});

describe('inconclusive comparisons with the base model', () => {
  const cmp = (slice: string | undefined, delta: string, levels = '95% / 99%') => ({
    name: `${slice ?? 'all'}: roc_auc vs base`,
    status: 'warn' as const,
    message: `${slice ?? ''} roc_auc: inconclusive`,
    threshold: 'drop <= 0.005',
    method: 'DeLong paired',
    comparison: {
      ...(slice ? { slice, n: 1234 } : {}),
      metric: 'roc_auc',
      base: 0.8,
      head: 0.79,
      delta,
      levels,
      verdict: 'inconclusive' as const,
      detectable: 0.021,
    },
  });

  it('are one table of their numbers, the shared levels, threshold and method stated once; evidence text escaped', () => {
    const r = makeReport([
      { test: 'model-6', checks: [cmp('region=a|b <b>x</b> @team', '-0.01 [-0.03, +0.01]'), cmp(undefined, '-0.02 [-0.04, +0.001]')] },
    ]);
    const out = renderMarkdown(r);
    expect(out).toContain('| Test | Slice | Metric | Base | Head | Δ [interval] | Verdict |');
    expect(out).toContain(
      '| model-6 | region=a\\|b &lt;b&gt;x&lt;/b&gt; @&#8203;team (n = 1,234) | roc\\_auc | 0.8 | 0.79 | -0.01 \\[-0.03, +0.01\\] | inconclusive; can detect 0.021 |',
    );
    expect(out).toContain('| model-6 | all | roc\\_auc | 0.8 | 0.79 | -0.02 \\[-0.04, +0.001\\] | inconclusive; can detect 0.021 |');
    expect(out.split('intervals: one-sided 95% / 99% (lower / upper bound)').length - 1).toBe(1);
    expect(out.split('method: DeLong paired').length - 1).toBe(1);
  });

  it('different interval levels are not claimed as shared', () => {
    const r = makeReport([
      { test: 'model-6', checks: [cmp('s=1', '-0.01 [-0.03, +0.01]'), cmp('s=2', '-0.01 [-0.02, +0.01]', '95% / 98%')] },
    ]);
    expect(renderMarkdown(r)).not.toContain('intervals: one-sided');
  });
});
