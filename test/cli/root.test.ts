import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { findRoot, underRoot } from '../../src/cli/root.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A repository in a temp folder (with `.git` unless told otherwise). */
function repo(files: Record<string, string>, git = true): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'mtg-root-')));
  dirs.push(dir);
  if (git) mkdirSync(path.join(dir, '.git'));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

async function cli(argv: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, env });
  return { code, stdout, stderr };
}

const JUNIT = '<testsuites><testsuite name="s"><testcase name="a"/></testsuite></testsuites>';
const CONFIG = 'gate: { min-score: 0 }\ntests:\n  feature: reports/features.xml\n';

describe('findRoot: the repository root, not the current directory', () => {
  it('--root, else GITHUB_WORKSPACE (when the current directory is in it), else the git top level', () => {
    const r = repo({ 'sub/deeper/x': '' });
    const sub = path.join(r, 'sub', 'deeper');
    expect(findRoot({ cwd: sub })).toEqual({ root: r, why: 'the git repository of the current directory' });
    expect(findRoot({ cwd: sub, flag: '..' })).toEqual({ root: path.join(r, 'sub'), why: '--root' });
    expect(findRoot({ cwd: sub, env: { GITHUB_WORKSPACE: path.join(r, 'sub') } })).toEqual({
      root: path.join(r, 'sub'),
      why: 'GITHUB_WORKSPACE',
    });
    const elsewhere = repo({});
    expect(findRoot({ cwd: sub, env: { GITHUB_WORKSPACE: elsewhere } }).root).toBe(r); // a workspace the run is not in is not this run's
  });

  it("outside any git repository: the config file's repository, else the folder above its .github/, else the current directory", () => {
    const inGit = repo({ '.github/ml-test-gate.yml': CONFIG });
    const outside = repo({}, false);
    expect(findRoot({ cwd: outside, config: path.join(inGit, '.github/ml-test-gate.yml') }).root).toBe(inGit);
    const plain = repo({ 'proj/.github/ml-test-gate.yml': CONFIG }, false);
    expect(findRoot({ cwd: plain, config: 'proj/.github/ml-test-gate.yml' })).toMatchObject({ root: path.join(plain, 'proj') });
    expect(findRoot({ cwd: plain, config: 'other.yml' })).toMatchObject({
      root: plain,
      why: 'the current directory (no git repository found)',
    });
  });

  it('underRoot: a path typed from the current directory, as the workspace names it', () => {
    expect(underRoot('/repo', '/repo/sub', '../.github/c.yml')).toBe('.github/c.yml');
    expect(underRoot('/repo', '/elsewhere', 'c.yml')).toBe('/elsewhere/c.yml');
  });
});

describe('ml-test-gate run from a subfolder', () => {
  it('--config ../.github/... finds the evidence from the repository root; outputs land in the current directory', async () => {
    const r = repo({ '.github/ml-test-gate.yml': CONFIG, 'reports/features.xml': JUNIT, 'src/model/x.py': '' });
    const sub = path.join(r, 'src', 'model');
    const out = await cli(['run', '--config', '../../.github/ml-test-gate.yml', '--markdown-out', 'c.md'], sub);
    expect(out.code, out.stderr).toBe(0);
    const report = JSON.parse(readFileSync(path.join(sub, 'ml-test-gate-report.json'), 'utf8'));
    expect(report.tests.find((t: { id: string }) => t.id === 'data-7').status).toBe('pass');
    expect(report.config).toBe('.github/ml-test-gate.yml');
    expect(existsSync(path.join(sub, 'c.md'))).toBe(true);
    expect(out.stderr).toContain(`Root: ${r} (the git repository of the current directory); the config's paths are relative to it.`);
    // the default config is found from the subfolder too
    expect((await cli(['run', '--report-out', 'r.json'], sub)).code).toBe(0);
  });

  it('with --root, --report-out is relative to the current directory, not to the root', async () => {
    const r = repo({ 'proj/.github/ml-test-gate.yml': CONFIG, 'proj/reports/features.xml': JUNIT });
    const out = await cli(['run', '--root', 'proj', '--report-out', 'out/r.json'], r);
    expect(out.code, out.stderr).toBe(0);
    expect(existsSync(path.join(r, 'out', 'r.json'))).toBe(true);
    expect(existsSync(path.join(r, 'proj', 'out', 'r.json'))).toBe(false);
    expect(out.stderr).toContain('Report: out/r.json');
  });

  it('every "not found" says where it looked', async () => {
    const r = repo({
      '.github/ml-test-gate.yml':
        'model:\n  eval-report: reports/eval.json\n  thresholds: { roc_auc: { min: 0.8 } }\ntests:\n  feature: junit/*.xml\n',
    });
    const sub = path.join(r, 'sub');
    mkdirSync(sub);
    const out = await cli(['run'], sub);
    expect(out.code).toBe(1);
    const report = JSON.parse(readFileSync(path.join(sub, 'ml-test-gate-report.json'), 'utf8'));
    const msg = (id: string) => report.tests.find((t: { id: string }) => t.id === id).details.checks[0].message;
    expect(msg('infra-4')).toMatch(
      new RegExp(`^file not found: reports/eval\\.json \\(looked for ${path.join(r, 'reports/eval.json').replace(/[.]/g, '\\.')}\\)`),
    );
    expect(msg('data-7')).toBe(`no file matches junit/*.xml (looked for ${path.join(r, 'junit/*.xml')}; expected a JUnit XML report)`);
    const noConfig = await cli(['run'], repo({}));
    expect(noConfig.code).toBe(2);
    expect(noConfig.stderr).toMatch(/config file not found: \.github\/ml-test-gate\.yml \(looked for \/.*\/\.github\/ml-test-gate\.yml\)/);
  });
});
