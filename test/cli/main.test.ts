import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const ROOT = path.resolve(__dirname, '../..');

async function cli(argv: string[], cwd = ROOT) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, env: {} });
  return { code, stdout, stderr };
}

function tempRepo(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mtg-cli-'));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

const JUNIT = '<testsuites><testsuite name="s"><testcase name="a"/></testsuite></testsuites>';

describe('ml-test-gate CLI', () => {
  it('--version and --help', async () => {
    expect((await cli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+|0\.0\.0-dev/);
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: ml-test-gate <command>');
    expect((await cli(['run', '--help'])).stdout).toContain('--report-out FILE');
  });

  it('exit 2 with one clear line for an unknown command or flag', async () => {
    const a = await cli(['rnu']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('unknown command "rnu" (did you mean "run"?)');
    const b = await cli(['run', '--min-scroe', '2']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('unknown option --min-scroe (did you mean --min-score?)');
    const c = await cli(['run', '--min-score', 'high']);
    expect(c.stderr).toContain('--min-score expects a number, got "high"');
    expect(c.stderr).not.toMatch(/\n\s+at /);
  });

  it('exit 2 when the config is missing or invalid, naming the file', async () => {
    const dir = tempRepo({ 'bad.yml': 'gate:\n  min-score: high\n' });
    const missing = await cli(['run'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('config file not found: .github/ml-test-gate.yml');
    const bad = await cli(['run', '--config', 'bad.yml'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.yml:2: gate.min-score: expected a number, got "high"');
  });

  it('exit 2, one line, for an empty config, a YAML bomb, a config symlinked out of the repository', async () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...['b', 'c', 'd', 'e', 'f'].map((n, i) => `${n}: &${n} [${Array(10).fill(`*${'abcde'[i]}`).join(', ')}]`),
    ];
    const dir = tempRepo({ 'empty.yml': '# nothing here yet\n', 'bomb.yml': bomb.join('\n') });
    const outside = tempRepo({ 'secret.yml': 'gate: { min-score: ghs_secretValue0123456789abcdefABCDEF }\n' });
    symlinkSync(path.join(outside, 'secret.yml'), path.join(dir, 'linked.yml'));
    for (const [config, expected] of [
      ['empty.yml', 'empty.yml: config is empty'],
      ['bomb.yml', 'bomb.yml:2: YAML aliases expand too often'],
      ['linked.yml', 'config file linked.yml is outside the repository root, or a symlink that leads out of it: refused'],
    ]) {
      const r = await cli(['run', '--config', config], dir);
      expect(r.code, config).toBe(2);
      expect(r.stderr).toContain(`ml-test-gate: ${expected}`);
      expect(r.stderr).not.toMatch(/internal error|This is a bug|\n\s+at |ghs_/);
    }
  });

  it('exit 0 on a passing gate, 1 on a failing one; the report is written either way', async () => {
    const dir = tempRepo({ '.github/ml-test-gate.yml': 'gate:\n  min-score: 0\ntests:\n  feature: t.xml\n', 't.xml': JUNIT });
    const ok = await cli(['run', '--markdown-out', 'out/c.md'], dir);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('gate passed');
    const report = JSON.parse(readFileSync(path.join(dir, 'ml-test-gate-report.json'), 'utf8'));
    expect(report.tests.find((t: { id: string }) => t.id === 'data-7').status).toBe('pass');
    expect(readFileSync(path.join(dir, 'out/c.md'), 'utf8')).toContain('ML Test Score');

    const failing = await cli(['run', '--min-score', '1', '--report-out', 'r.json'], dir);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain('score 0 is below min-score 1');
    expect(JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')).gate.passed).toBe(false);

    const reportMode = await cli(['run', '--min-score', '1', '--mode', 'report'], dir);
    expect(reportMode.code).toBe(0);
    expect(reportMode.stderr).toContain('gate would fail (report mode)');
  });

  it('evidence problems still write the report (exit 1, not 2)', async () => {
    const dir = tempRepo({ '.github/ml-test-gate.yml': 'tests:\n  feature: missing.xml\n' });
    const r = await cli(['run'], dir);
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(path.join(dir, 'ml-test-gate-report.json'), 'utf8'));
    expect(report.tests.find((t: { id: string }) => t.id === 'data-7').status).toBe('error');
  });

  it('--now evaluates as of a date: the same inputs give the same verdict later', async () => {
    const dir = tempRepo({
      '.github/ml-test-gate.yml':
        'attestations:\n  - { test: data-6, by: a, date: 2026-01-01, link: "https://x.example/r", expires-in-days: 30 }\n',
    });
    const statusAt = async (now: string) => {
      expect((await cli(['run', '--now', now, '--report-out', 'r.json'], dir)).code).toBeLessThan(2);
      return JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')).tests.find((t: { id: string }) => t.id === 'data-6').status;
    };
    expect(await statusAt('2026-01-15')).toBe('attested');
    expect(await statusAt('2026-03-01T08:00:00Z')).toBe('expired');
    const bad = await cli(['run', '--now', 'yesterday'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--now expects an ISO 8601 date or date-time');
  });

  it('prints a JSON Schema and suggests names', async () => {
    const s = await cli(['schema', 'config']);
    expect(JSON.parse(s.stdout).properties.gate).toBeDefined();
    expect((await cli(['schema', 'confg'])).stderr).toContain('did you mean "config"?');
  });

  it('the bundled CLI runs the demo on this Node and prints the result as plain text and the report path', () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'mtg-demo-')), 'report.json');
    const r = spawnSync(
      process.execPath,
      [
        'dist/cli.js',
        'run',
        '--config',
        'examples/demo/ml-test-gate.yml',
        '--baseline',
        'examples/demo/baseline/report.json',
        '--report-out',
        out,
        '--now',
        '2026-11-23T12:00:00Z',
        '--print',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.stdout).toMatch(/^FAILED Gate failed: 3 tests found problems · ML Test Score 6\/7 \(\+5 vs base\)\n/);
    expect(r.stdout).toContain('  FAIL monitor-3 Training and serving are not skewed');
    expect(r.stdout).not.toMatch(/&quot;|&lt;|&gt;|&amp;|<details>|\\_|\*\*/);
    expect(r.stderr).toContain('Report: ');
    expect([0, 1]).toContain(r.status);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.tests).toHaveLength(28);
    expect(report.baseline).not.toBeNull();
    // the demo as of 2026-11-23: every test is measured or attested except the expired model-4
    expect(report.tests.filter((t: { status: string }) => t.status === 'missing' || t.status === 'error')).toEqual([]);
    expect(report.tests.find((t: { id: string }) => t.id === 'monitor-3').status).toBe('fail');
    expect(report.tests.find((t: { id: string }) => t.id === 'model-4').status).toBe('expired');
  });
});
