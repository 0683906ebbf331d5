// The action entry runs the action when the runner starts it (`node dist/index.js`) and only exports
// `run` when imported, which is how @github/local-action loads it (`import()` then `await run()`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { isEntryModule } from '../../src/util/entry.js';

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist', 'index.js');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const runAction = vi.fn(async () => {});
vi.mock('../../src/action/run.js', () => ({ runAction }));

describe('src/action/index.ts', () => {
  it('does nothing when imported, and run() runs the action', async () => {
    const entry = await import('../../src/action/index.js');
    expect(runAction).not.toHaveBeenCalled();
    expect(typeof entry.run).toBe('function');
    await entry.run();
    expect(runAction).toHaveBeenCalledTimes(1);
  });
});

/** A runner environment for a push event on a one-test workspace, with no GitHub API in reach. */
function runnerEnv(): { env: Record<string, string>; outputFile: string; dir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mtg-entry-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'repo', '.github'), { recursive: true });
  writeFileSync(path.join(dir, 'repo', '.github', 'ml-test-gate.yml'), 'gate:\n  min-score: 0\ntests:\n  feature: t.xml\n');
  writeFileSync(path.join(dir, 'repo', 't.xml'), '<testsuites><testsuite name="s"><testcase name="a"/></testsuite></testsuites>');
  const outputFile = path.join(dir, 'output.txt');
  writeFileSync(outputFile, '');
  writeFileSync(path.join(dir, 'summary.md'), '');
  writeFileSync(path.join(dir, 'event.json'), '{}');
  const env = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
    GITHUB_EVENT_PATH: path.join(dir, 'event.json'),
    GITHUB_EVENT_NAME: 'push',
    GITHUB_WORKSPACE: path.join(dir, 'repo'),
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_API_URL: 'http://127.0.0.1:9', // nothing listens: the run must not need the API
    RUNNER_TEMP: dir,
    INPUT_CONFIG: '.github/ml-test-gate.yml',
    'INPUT_GITHUB-TOKEN': '',
    INPUT_MODE: 'enforce',
    INPUT_BASELINE: 'none',
    INPUT_ID: 'default',
    INPUT_COMMENT: 'false',
  };
  return { env, outputFile, dir };
}

const nodes: Array<[string, string]> = [['this Node', process.execPath]];
if (process.env.ML_TEST_GATE_NODE24 && existsSync(process.env.ML_TEST_GATE_NODE24))
  nodes.push(['Node 24', process.env.ML_TEST_GATE_NODE24]);

describe.each(nodes)('dist/index.js on %s', (_name, node) => {
  it('runs the action when executed: outputs written, exit code 0', () => {
    const { env, outputFile, dir } = runnerEnv();
    const r = spawnSync(node, [DIST], { env, cwd: path.join(dir, 'repo'), encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(readFileSync(outputFile, 'utf8')).toMatch(/^passed<<.+\ntrue\n/m);
  });

  it('runs when executed through a symlinked checkout and without the .js extension', () => {
    const { env, outputFile, dir } = runnerEnv();
    symlinkSync(path.join(ROOT, 'dist'), path.join(dir, 'linked-dist'));
    const r = spawnSync(node, [path.join(dir, 'linked-dist', 'index')], { env, cwd: path.join(dir, 'repo'), encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(readFileSync(outputFile, 'utf8')).toMatch(/^score<</m);
  });

  it('does not run when imported: exports run and writes nothing', () => {
    const { env, outputFile, dir } = runnerEnv();
    const script = `const m = await import(${JSON.stringify(pathToFileURL(DIST).href)}); console.log(typeof m.run);`;
    const r = spawnSync(node, ['--input-type=module', '-e', script], { env, cwd: path.join(dir, 'repo'), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('function\n');
    expect(readFileSync(outputFile, 'utf8')).toBe('');
  });

  it('imported, run() runs the action (what local-action does)', () => {
    const { env, outputFile, dir } = runnerEnv();
    const script = `const m = await import(${JSON.stringify(pathToFileURL(DIST).href)}); await m.run();`;
    const r = spawnSync(node, ['--input-type=module', '-e', script], { env, cwd: path.join(dir, 'repo'), encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(readFileSync(outputFile, 'utf8')).toMatch(/^passed<<.+\ntrue\n/m);
  });
});

describe('isEntryModule', () => {
  const url = pathToFileURL(DIST).href;
  it('trusts import.meta.main when Node provides it', () => {
    expect(isEntryModule(url, true, '/elsewhere.js')).toBe(true);
    expect(isEntryModule(url, false, DIST)).toBe(false);
  });
  it('otherwise compares the started script with the module, by real path', () => {
    expect(isEntryModule(url, undefined, DIST)).toBe(true);
    expect(isEntryModule(url, undefined, path.join(ROOT, 'dist', 'index'))).toBe(true);
    expect(isEntryModule(url, undefined, path.join(ROOT, 'dist', 'cli.js'))).toBe(false);
    expect(isEntryModule(url, undefined, path.join(ROOT, 'node_modules', '.bin', 'local-action'))).toBe(false);
    expect(isEntryModule(url, undefined, undefined)).toBe(false);
  });
});
