// The comment as GitHub displays it, not as a string: rendered with a GFM renderer, every table parses
// with the header's cell count, every <details> closes around a <summary>, no Markdown syntax shows up
// as text, and evidence text is displayed exactly as written without becoming markup, mentions,
// issue links or links.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { computeDelta } from '../../src/gate/delta.js';
import { commentMarker, renderMarkdown } from '../../src/report/markdown.js';
import { md as escapeMd } from '../../src/report/escape.js';
import { roadmap } from '../../src/report/roadmap.js';
import type { Report } from '../../src/schemas/report.js';
import {
  checkDetails,
  checkRenderedComment,
  checkTables,
  githubExtras,
  renderGfm,
  tableCells,
} from '../../scripts/lib/rendered-comment.mjs';
import { makeReport } from './report-fixture.js';

const ROOT = path.resolve(__dirname, '../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const render = (markdown: string) => githubExtras(renderGfm(markdown));
const problems = (markdown: string, o: { expected?: string[]; mayShow?: string[]; links?: string[] } = {}) =>
  checkRenderedComment(markdown, render(markdown), o);

/** Text a pipeline can put in evidence: feature names, test names, messages, file names. */
const TRICKY = {
  html: 'feature a|b drifted: <script>alert(1)</script> & "quoted" </details>',
  mention: 'owner @octocat, see fixes #12 and owner/repo#34',
  codeish: 'names __init__, *args, **kwargs, a_b_c, `rm -rf`, ~~gone~~ and $x_{1}$',
  links: 'see [click](https://evil.example) and www.evil.example and https://evil.example/x <https://a.example>',
  entities: 'literal &lt; and &amp; and &#35; and &copy;',
  backslashes: 'path C:\\temp\\new and \\| and \\* and trailing \\',
  alert: '[!NOTE] not an alert',
};

/** Reasons are list items: text that starts like a block (list, heading, quote, setext, fence) must stay text. */
const BLOCKISH = [
  '1. looks like a list',
  '2) also a list',
  '# looks like a heading',
  '> looks like a quote',
  '+ plus item',
  '- dash item',
  '=== setext',
  '``` fence',
  '    four spaces',
];

function trickyReport(): Report {
  const r = makeReport(
    [
      {
        test: 'monitor-3',
        checks: [{ name: TRICKY.html, status: 'fail', message: TRICKY.html, threshold: '<= 0.1 | x', method: TRICKY.codeish }],
      },
      { test: 'data-1', checks: [{ name: 'x', status: 'error', message: TRICKY.mention }] },
      {
        test: 'model-2',
        checks: [
          { name: 'y', status: 'pass', message: 'ok' },
          { name: 'z', status: 'warn', message: TRICKY.links },
        ],
      },
      {
        test: 'infra-1',
        checks: [
          { name: 'e', status: 'fail', message: TRICKY.entities },
          { name: 'b', status: 'fail', message: TRICKY.backslashes },
          { name: 'n', status: 'fail', message: TRICKY.alert },
        ],
      },
    ],
    {
      id: 'gate|<b>x</b>',
      tables: [
        {
          id: 't',
          title: 'Skew | <i>by</i> feature',
          tests: ['monitor-3'],
          columns: ['feature|name', '<th>', '@team'],
          rows: [
            ['a|b', '**x**', '#1'],
            ['`code`', null, 0.5],
            [TRICKY.mention, TRICKY.codeish, TRICKY.links],
          ],
          alwaysShow: true,
          note: 'note with <sub> and |pipes| and @someone',
        },
      ],
      diagnostics: [
        { level: 'error', message: 'bad row: <b>bold</b> | x', file: 'data/weird@x.csv', line: 3 },
        { level: 'warning', message: 'ambiguous', file: 'data/we|ird`name.csv' },
      ],
    },
  );
  const base = makeReport([{ test: 'data-1', checks: [{ name: 'x', status: 'pass', message: 'ok' }] }]);
  return {
    ...r,
    baseline: { source: 'artifact base|line <x>', commit: 'abcdef1234567890', score: base.score },
    delta: computeDelta(r, base),
    gate: { passed: false, wouldPass: false, mode: 'enforce', reasons: [...BLOCKISH, TRICKY.html] },
  };
}

const TRICKY_TEXT = [
  ...Object.values(TRICKY),
  ...BLOCKISH,
  'note with <sub> and |pipes| and @someone',
  'bad row: <b>bold</b> | x',
  'a|b',
  '**x**',
  'Skew | <i>by</i> feature',
  'artifact base|line <x>',
  'gate|<b>x</b>',
  'feature|name',
  '<th>',
  '@team',
  '#1',
  '`code`',
];
const RUN_URL = 'https://github.com/o/r/actions/runs/1';
/** Links the comment may hold besides the run: the rubric pages of the next steps (ours, built from the test id). */
const guides = (r: Report) => roadmap(r).steps.map((s) => s.doc.url);

describe('the rendered comment', () => {
  it('evidence text with pipes, HTML, mentions, Markdown and block starts is displayed as written', () => {
    const md = renderMarkdown(trickyReport(), { marker: commentMarker('x'), runUrl: RUN_URL });
    expect(problems(md, { expected: TRICKY_TEXT, links: [RUN_URL, ...guides(trickyReport())] })).toEqual([]);
  });

  it('the demo comment (npm run demo): tables, details, no raw Markdown, only attestation and rubric-page links', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mtg-rendered-'));
    dirs.push(dir);
    const out = { stdout: '', stderr: '' };
    const code = await main(
      [
        'run',
        '--config',
        'examples/demo/ml-test-gate.yml',
        '--baseline',
        'examples/demo/baseline/report.json',
        '--report-out',
        path.join(dir, 'report.json'),
        '--markdown-out',
        path.join(dir, 'comment.md'),
        '--now',
        '2026-11-23T12:00:00Z',
      ],
      { stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s), cwd: ROOT, env: {} },
    );
    expect(code, out.stderr).toBe(1);
    const md = readFileSync(path.join(dir, 'comment.md'), 'utf8');
    const report: Report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
    const links = [...report.tests.flatMap((t) => (t.details.attestation?.link ? [t.details.attestation.link] : [])), ...guides(report)];
    expect(links.length).toBeGreaterThan(0);
    const html = render(md);
    // every failure, and the warnings the comment has room for (the rest are counted and in the job summary)
    const failures = report.tests.flatMap((t) => t.details.checks.filter((c) => c.status === 'fail').map((c) => c.message));
    const warnings = report.tests.flatMap((t) => t.details.checks.filter((c) => c.status === 'warn').map((c) => c.message));
    const shown = [...failures, ...warnings.filter((w) => md.includes(escapeMd(w)))];
    expect(shown.length).toBeGreaterThanOrEqual(5);
    // comparisons with the base model render as a table of their numbers
    expect(html).toContain('<th>Δ [interval]</th>');
    expect(html).toMatch(/<td>region=northeast \(n = 1,578\)<\/td>\s*<td>accuracy<\/td>/);
    expect(checkRenderedComment(md, html, { expected: shown, links })).toEqual([]);
    // what the check relies on is really there: tables, details blocks, the link to a rubric page
    expect(html.match(/<table>/g)!.length).toBeGreaterThanOrEqual(3);
    expect(html).toMatch(/<details><summary>⚠️ \d+ warnings and inconclusive results/);
    expect(html).toMatch(/<a href="https:\/\/github\.com\/ml-test-gate\/ml-test-gate\/blob\/main\/docs\/rubric\/[a-z]+-\d\.md">guide<\/a>/);
  });

  it.each([65_536, 20_000, 6_000, 2_500, 900])('a body shed to fit %i characters still renders cleanly', (max) => {
    const r = trickyReport();
    const many = Array.from({ length: 300 }, (_, i) => ({
      name: `f${i}`,
      status: 'fail' as const,
      message: `feature f${i} | <x> @dev #${i} drifted ${'y'.repeat(150)}`,
    }));
    r.tests = r.tests.map((t) => (t.id === 'monitor-3' ? { ...t, details: { ...t.details, checks: [...t.details.checks, ...many] } } : t));
    r.tables[0].rows = Array.from({ length: 3000 }, (_, i) => [`row ${i} | a`, `<b>${i}</b>`, i]);
    const md = renderMarkdown(r, { marker: commentMarker('x'), runUrl: RUN_URL, maxLength: max });
    expect(md.length).toBeLessThanOrEqual(max);
    const evidence = [...TRICKY_TEXT, ...many.map((c) => c.message), ...r.tables[0].rows.flatMap((row) => row.map(String))];
    expect(problems(md, { mayShow: evidence, links: [RUN_URL, ...guides(r)] })).toEqual([]);
    expect(md).toContain('ML Test Score');
  });
});

describe('the picture in the README', () => {
  it('is a PNG made by npm run screenshot from the demo comment', () => {
    const png = readFileSync(path.join(ROOT, 'docs', 'comment.png'));
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.readUInt32BE(16)).toBeGreaterThan(600); // width in pixels
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toMatch(/<img src="docs\/comment\.png" [^>]*alt="[^"]{40,}"/);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.screenshot).toMatch(
      /npm run demo .*node scripts\/render-comment\.mjs examples\/demo\/out\/comment\.md --out docs\/comment\.png/,
    );
  });
});

describe('the checks themselves catch what they claim to', () => {
  it('an unescaped pipe in a row: the row has more cells than the header', () => {
    const md = '| a | b |\n|---|---|\n| x | y | z |\n| p \\| q | r |\n';
    expect(checkTables(md, render(md))).toEqual(['table at line 1: row at line 3 has 3 cells, header 2']);
    expect(tableCells('| p \\| q | r |')).toHaveLength(2);
  });

  it('a broken delimiter row: the table is displayed as text', () => {
    const md = '| a | b |\n|---|\n| x | y |\n';
    expect(problems(md).join('\n')).toMatch(/table at line 1: header has 2 cells, delimiter row 1|1 tables in the Markdown, 0 rendered/);
  });

  it('<details> left open, closed twice, or without a summary', () => {
    expect(checkDetails('<details><summary>a</summary><p>x</p>')).toEqual(['<details> is never closed']);
    expect(checkDetails('<details><summary>a</summary></details></details>')).toEqual(['</details> closes nothing']);
    expect(checkDetails('<details><p>x</p></details>')).toEqual(['<details> #1 does not start with a <summary>']);
    // evidence that closes the block early, if it were not escaped
    expect(problems('<details><summary>Diagnostics</summary>\n\n- </details> oops\n\n</details>\n').join('\n')).toMatch(/closes nothing/);
  });

  it('raw Markdown and double escaping shown as text', () => {
    expect(problems('x \\\\| y')).toEqual([expect.stringMatching(/^a backslash shown as text/)]);
    expect(problems('- \\1. item')).toEqual([expect.stringMatching(/^a backslash shown as text/)]);
    expect(problems('- 1\\. item')).toEqual([]);
    expect(problems('a &amp;lt; b')).toEqual([expect.stringMatching(/^a double-escaped character reference/)]);
    expect(problems('`**a**` is fine but \\*\\*b\\*\\* is not')).toEqual([expect.stringMatching(/^emphasis markers shown as text/)]);
    expect(problems('\\[x\\]\\(y\\)')).toEqual([expect.stringMatching(/^link syntax shown as text/)]);
    expect(problems('\\[!NOTE\\] text')).toEqual([expect.stringMatching(/^an alert marker shown as text/)]);
    expect(problems('> [!NOTE]\n> text')).toEqual([]);
  });

  it('mentions, issue references, autolinks and injected HTML', () => {
    expect(problems('ping @octocat')).toEqual([expect.stringMatching(/^an @mention/)]);
    expect(problems('ping @\u200boctocat and `@code`')).toEqual([]);
    expect(problems('fixes &#35;12')).toEqual([expect.stringMatching(/^an issue reference/)]);
    expect(problems('see www.evil.example')).toEqual(['unexpected link to http://www.evil.example']);
    expect(problems('<img src=x onerror=alert(1)>')).toEqual(['unexpected element <img>']);
    expect(problems('x', { expected: ['y|z'] })).toEqual(['not displayed as written: "y|z"']);
  });
});
