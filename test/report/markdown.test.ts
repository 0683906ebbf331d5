import { describe, expect, it } from 'vitest';
import { computeDelta } from '../../src/gate/delta.js';
import { COMMENT_LIMIT, commentMarker, renderMarkdown } from '../../src/report/markdown.js';
import { makeReport } from './report-fixture.js';

const ok = (message: string) => [{ name: 'n', status: 'pass' as const, message }];

describe('renderMarkdown', () => {
  it('starts with the marker, then a one-line verdict with score and delta', () => {
    const base = makeReport([{ test: 'data-1', checks: ok('a') }]);
    const head = makeReport([
      { test: 'data-1', checks: ok('a') },
      { test: 'model-1', checks: ok('b') },
    ]);
    const r = { ...head, baseline: { source: 'base.json', score: base.score }, delta: computeDelta(head, base) };
    const out = renderMarkdown(r, { marker: commentMarker('default') });
    const lines = out.split('\n');
    expect(lines[0]).toBe('<!-- ml-test-gate:default -->');
    expect(lines[2]).toMatch(/^## ✅ ML Test Score: \*\*0\*\* \/ 7 · = base · gate passed$/);
    expect(out).toContain('| Model | 0 | 1 | +1 |');
    expect(out).toContain('### Changes against the base branch\n- model-1: ⬜ missing → ✅ pass');
  });

  it('lists failed and errored tests first, with their numbers, and all 28 in a details block', () => {
    const r = makeReport([
      {
        test: 'monitor-3',
        checks: [
          {
            name: 'age',
            status: 'fail',
            message: 'feature age: JS divergence 0.21 > 0.1',
            threshold: '<= 0.1',
            method: 'JS divergence, log2',
          },
        ],
      },
      { test: 'data-1', checks: [{ name: 'f', status: 'error', message: 'file not found: snap.json' }] },
    ]);
    const out = renderMarkdown({ ...r, gate: { passed: false, wouldPass: false, mode: 'enforce', reasons: ['monitor-3 failed'] } });
    const failures = out.indexOf('### Failing and errored tests (2)');
    expect(failures).toBeGreaterThan(0);
    expect(out.indexOf('data-1 · Feature expectations')).toBeLessThan(out.indexOf('monitor-3 · Training'));
    expect(out).toContain('JS divergence 0.21 &gt; 0.1');
    expect(out).toContain('method: JS divergence, log2');
    expect(out).toContain('<details><summary>All 28 tests</summary>');
    expect(out.match(/^\| (data|model|infra|monitor)-\d \|/gm)).toHaveLength(28);
    expect(out).toContain('## ❌');
    expect(out).toContain('**Failed because:**');
  });

  it('says when there is no baseline instead of inventing a delta', () => {
    const out = renderMarkdown(makeReport([]));
    expect(out).toContain('no baseline');
    expect(out).toMatch(/\| Data ⬅ weakest \| — \| 0 \| — \|/);
  });

  it('escapes evidence text in tables', () => {
    const r = makeReport([], {
      tables: [
        { id: 't', title: 'Skew', tests: ['monitor-3'], columns: ['feature', 'value'], rows: [['a|b <script> @x', 0.5]], alwaysShow: true },
      ],
    });
    const out = renderMarkdown(r);
    expect(out).toContain('| a\\|b &lt;script&gt; @&#8203;x | 0.5 |');
  });

  it('sheds detail in stages to fit the limit, keeping the verdict and the failures', () => {
    const checks = Array.from({ length: 400 }, (_, i) => ({
      name: `f${i}`,
      status: 'fail' as const,
      message: `feature f${i} drifted: ${'x'.repeat(200)}`,
    }));
    const r = makeReport([{ test: 'monitor-3', checks }], {
      tables: [
        {
          id: 't',
          title: 'big',
          tests: ['monitor-3'],
          columns: ['a'],
          rows: Array.from({ length: 5000 }, (_, i) => [`row ${i} ${'y'.repeat(50)}`]),
        },
      ],
    });
    const full = renderMarkdown(r, { maxLength: 10_000_000 });
    expect(full).not.toContain('Shortened');
    const limit = full.length - 1;
    const short = renderMarkdown(r, { maxLength: limit });
    expect(short.length).toBeLessThanOrEqual(limit);
    expect(short).toContain('## ✅ ML Test Score');
    expect(short).toContain('monitor-3');
    expect(short).toContain('Shortened to fit');
    expect(renderMarkdown(r).length).toBeLessThanOrEqual(COMMENT_LIMIT);
    const tiny = renderMarkdown(r, { maxLength: 3000 });
    expect(tiny.length).toBeLessThanOrEqual(3000);
    expect(tiny).toContain('ML Test Score');
  });
});
