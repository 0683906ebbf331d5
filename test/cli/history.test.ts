import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { historySchema } from '../../src/schemas/history.js';
import { reportSchema } from '../../src/schemas/report.js';

const ROOT = path.resolve(__dirname, '../..');
const HISTORY = 'examples/demo/history';

/** The bundled CLI, as users run it. */
function cli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'mtg-history-'));

describe('the demo history (examples/demo/history)', () => {
  it('holds at least five valid reports of the current schema, of one gate, one per commit, made by the gate on main', () => {
    const files = readdirSync(path.join(ROOT, HISTORY)).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    const reports = files.map((f) => {
      const r = reportSchema.safeParse(JSON.parse(readFileSync(path.join(ROOT, HISTORY, f), 'utf8')));
      expect(r.success, `${f} is not a valid report of the current schema: run npm run demo:history`).toBe(true);
      return r.data!;
    });
    expect(new Set(reports.map((r) => r.id))).toEqual(new Set(['default']));
    expect(new Set(reports.map((r) => r.commit)).size).toBe(reports.length);
    for (const [i, r] of reports.entries()) expect(r.generatedAt.slice(0, 10)).toBe(files[i].slice(0, 10));
  });
});

describe('ml-test-gate history (spawned)', () => {
  it('prints the runs in time order and the falling section', () => {
    const r = cli(['history', HISTORY]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('7 runs, 2026-08-07 to 2026-10-02');
    expect(lines.filter((l) => /^2026-\d\d-\d\dT/.test(l))).toHaveLength(7);
    expect(r.stdout).toContain('falling: Monitoring has fallen for 3 runs: 3.5 → 3 → 2.5 → 2');
  });

  it('--json matches schemas/history.schema.json; --falling and --limit change what is called out and shown', () => {
    const r = cli(['history', `${HISTORY}/*.json`, '--json']);
    expect(r.code).toBe(0);
    const h = historySchema.parse(JSON.parse(r.stdout));
    expect(h.runs.map((x) => x.sections.monitoring)).toEqual([3.5, 3.5, 3.5, 3.5, 3, 2.5, 2]);
    expect(h.runs.map((x) => x.final)).toEqual([1, 1.5, 1, 1, 1, 1, 1]);
    expect(h.trends).toEqual([
      { series: 'monitoring', falls: 3, values: [3.5, 3, 2.5, 2], message: 'Monitoring has fallen for 3 runs: 3.5 → 3 → 2.5 → 2' },
    ]);
    expect(h.skipped).toEqual([]);
    const strict = historySchema.parse(JSON.parse(cli(['history', HISTORY, '--json', '--falling', '4']).stdout));
    expect(strict.trends).toEqual([]);
    const last3 = historySchema.parse(JSON.parse(cli(['history', HISTORY, '--json', '--limit', '3']).stdout));
    expect(last3.runs.map((x) => x.generatedAt.slice(0, 10))).toEqual(['2026-09-18', '2026-09-25', '2026-10-02']);
    expect(last3.notes).toEqual(['4 older run(s) left out: the last 3 are shown']);
  });

  it('--markdown-out writes a section with the mermaid chart for a job summary or another CI', () => {
    const out = path.join(tmp(), 'sub', 'history.md');
    expect(cli(['history', HISTORY, '--markdown-out', out]).code).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).toMatch(/^### Score history\n/);
    expect(md).toContain('- ⚠️ Monitoring has fallen for 3 runs');
    expect(md).toContain('```mermaid\n%%{init:');
    expect(md).toContain('  x-axis ["08-07 b39e3c7", "08-21 ba51d16"');
  });

  it('a malformed report among good ones is one line naming the file; the rest is still drawn', () => {
    const dir = tmp();
    for (const f of readdirSync(path.join(ROOT, HISTORY)).filter((x) => x.endsWith('.json')))
      copyFileSync(path.join(ROOT, HISTORY, f), path.join(dir, f));
    writeFileSync(path.join(dir, 'zz-broken.json'), '{"schemaVersion": 1, "tool": ');
    writeFileSync(path.join(dir, 'zz-not-a-report.json'), '{"schemaVersion": 1, "kind": "ml-test-gate/rollback"}');
    const r = cli(['history', dir, 'missing.json']);
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('ml-test-gate: history: skipped missing.json: file not found');
    expect(lines[1]).toMatch(
      /^ml-test-gate: history: skipped .*zz-broken\.json \(line 1, column \d+\): not valid JSON: the document ends too early/,
    );
    expect(lines[2]).toMatch(/^ml-test-gate: history: skipped .*zz-not-a-report\.json: invalid ml-test-gate report: /);
    expect(r.stdout.split('\n')[0]).toBe('7 runs, 2026-08-07 to 2026-10-02');
  });

  it('exit 2 with one clear line when nothing is usable or the flags are wrong', () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'empty'));
    writeFileSync(path.join(dir, 'bad.json'), 'NaN');
    const none = cli(['history', 'bad.json', 'empty'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('ml-test-gate: history: skipped empty: no .json file in this directory');
    expect(none.stderr).toContain('ml-test-gate: history: no usable report among 1 file(s)');
    expect(none.stderr).not.toMatch(/\n\s+at /);
    expect(cli(['history']).stderr).toContain('history: name at least one report file, directory or glob');
    expect(cli(['history', HISTORY, '--limit', 'ten']).stderr).toContain('--limit expects a number, got "ten"');
    expect(cli(['history', HISTORY, '--falling', '1.5']).stderr).toContain('--falling expects a whole number, got 1.5');
    expect(cli(['history', HISTORY, '--id', 'ranker']).stderr).toContain('no usable report among 7 file(s) for gate id "ranker"');
    expect(cli(['history', '--help']).stdout).toContain('Usage: ml-test-gate history REPORT...');
  });
});

describe('ml-test-gate run --history and the maturity line (spawned, the demo)', () => {
  it('the demo comment shows the maturity levels with the next step and the history line; the job summary has the chart', () => {
    const dir = tmp();
    const r = cli([
      'run',
      '--config',
      'examples/demo/ml-test-gate.yml',
      '--baseline',
      'examples/demo/baseline/report.json',
      '--history',
      HISTORY,
      '--report-out',
      path.join(dir, 'report.json'),
      '--markdown-out',
      path.join(dir, 'comment.md'),
      '--summary-out',
      path.join(dir, 'summary.md'),
      '--now',
      '2026-11-23T12:00:00Z',
    ]);
    expect(r.code).toBe(1); // the demo's gate fails on purpose
    const md = readFileSync(path.join(dir, 'comment.md'), 'utf8');
    expect(md).toContain(
      '**MLOps maturity:** Google level 1 of 2 · Azure level 2 of 4 · next \\(Google 2, Azure 3\\): automate the model deployment \\(maturity.deployment\\)',
    );
    const trend = '7 runs, 2026-08-07 to 2026-10-02 · ⚠️ Monitoring has fallen for 3 runs: 3.5 → 3 → 2.5 → 2';
    expect(md).toContain(`**Score history:** ${trend} (the chart is in the job summary)`);
    const summary = readFileSync(path.join(dir, 'summary.md'), 'utf8');
    expect(summary).toContain(`<details><summary>Score history: ${trend}</summary>`);
    expect(summary).toContain('**MLOps maturity:** Google level 1 of 2');
    const report = reportSchema.parse(JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')));
    expect(report.maturity!.google).toMatchObject({
      level: 1,
      of: 2,
      next: { level: 2, missing: [{ criterion: 'automated-deployment' }] },
    });
    expect(report.maturity!.azure).toMatchObject({ level: 2, of: 4, next: { level: 3, missing: [{ criterion: 'automated-deployment' }] } });
    expect(report.maturity!.facts['retrain-schedule']).toMatchObject({
      state: 'observed',
      file: 'examples/demo/.github/workflows/retrain.yml',
      line: 6,
    });
  });

  it('a bad file in --history is one line on stderr; the run and its report go on', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'junk.json'), '[]');
    writeFileSync(path.join(dir, '.github-ml.yml'), 'gate: { min-score: 0 }\n');
    const r = cli(['run', '--config', '.github-ml.yml', '--history', 'junk.json', '--markdown-out', 'c.md', '--print'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('ml-test-gate: history: skipped junk.json: invalid ml-test-gate report: ');
    const md = readFileSync(path.join(dir, 'c.md'), 'utf8');
    expect(md).not.toContain('Score history');
    expect(md).toContain('**MLOps maturity:** Google level 0 of 2 · Azure level 0 of 4');
    expect(r.stdout).toContain('MLOps maturity: Google level 0 of 2 · Azure level 0 of 4');
  });
});
