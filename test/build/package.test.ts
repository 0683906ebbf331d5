// The npm package and the install path the docs show: metadata ready to publish, engines that agree
// with the dependencies, and a packed file list whose bundle runs on its own.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import semver from 'semver';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface LockEntry {
  version?: string;
  dev?: boolean;
  engines?: { node?: string } | string[];
}

/** Packages installed with ml-test-gate (not dev-only) that declare a Node range ours is not inside. */
function enginesConflicts(ours: string): string[] {
  const out: string[] = [];
  for (const [where, e] of Object.entries(lock.packages as Record<string, LockEntry>)) {
    if (!where || e.dev || !e.engines || Array.isArray(e.engines) || !e.engines.node) continue;
    if (!semver.subset(ours, e.engines.node))
      out.push(`${where.replace(/^.*node_modules\//, '')}@${e.version} needs node ${e.engines.node}`);
  }
  return out;
}

describe('package.json', () => {
  it('declares a Node range that every installed dependency supports (no EBADENGINE for users)', () => {
    expect(semver.validRange(pkg.engines.node)).not.toBeNull();
    expect(enginesConflicts(pkg.engines.node)).toEqual([]);
    // the check can fail: the Node 20 this range used to allow is refused by a dependency
    expect(enginesConflicts('>=20').join('\n')).toMatch(/content-type@\S+ needs node >=22/);
    expect(lock.packages[''].engines).toEqual(pkg.engines);
  });

  it('is ready to publish: public, provenance, repository, license, bin with a shebang', () => {
    expect(pkg.private).toBeUndefined();
    expect(semver.valid(pkg.version)).toBe(pkg.version);
    expect(pkg.publishConfig).toEqual({ access: 'public', provenance: true });
    // npm provenance is only accepted when repository.url names the repository that built it
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/ml-test-gate/ml-test-gate.git' });
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
    expect(pkg.bin).toEqual({ 'ml-test-gate': 'dist/cli.js' });
    expect(readFileSync(path.join(ROOT, 'dist', 'cli.js'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    // no prepare script: a git install (`npm install -g github:...#v1`) would then need the dev tools
    expect(pkg.scripts.prepare).toBeUndefined();
  });
});

describe('npm pack', () => {
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  const files: string[] = pack.status === 0 ? JSON.parse(pack.stdout)[0].files.map((f: { path: string }) => f.path) : [];

  it('packs the bundle, the schemas, README and LICENSE, and nothing else', () => {
    expect(pack.status, pack.stderr).toBe(0);
    const dist = readdirSync(path.join(ROOT, 'dist'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
    const schemas = readdirSync(path.join(ROOT, 'schemas')).map((f) => `schemas/${f}`);
    expect(files.sort()).toEqual(['LICENSE', 'README.md', 'package.json', ...dist, ...schemas].sort());
  });

  it('the packed files run without node_modules (dist/ is self-contained)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mtg-packed-'));
    dirs.push(dir);
    for (const f of files) {
      mkdirSync(path.dirname(path.join(dir, 'pkg', f)), { recursive: true });
      copyFileSync(path.join(ROOT, f), path.join(dir, 'pkg', f));
    }
    expect(existsSync(path.join(dir, 'pkg', 'node_modules'))).toBe(false);
    const cli = path.join(dir, 'pkg', 'dist', 'cli.js');
    const version = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
    expect(version.stdout).toBe(`${pkg.version}\n`);
    // a real run: config, JUnit evidence, report (loads the lazily imported chunks too)
    mkdirSync(path.join(dir, 'repo', '.github'), { recursive: true });
    writeFileSync(path.join(dir, 'repo', '.github', 'ml-test-gate.yml'), 'gate:\n  min-score: 0\ntests:\n  feature: t.xml\n');
    writeFileSync(path.join(dir, 'repo', 't.xml'), '<testsuites><testsuite name="s"><testcase name="a"/></testsuite></testsuites>');
    const run = spawnSync(process.execPath, [cli, 'run', '--print'], { cwd: path.join(dir, 'repo'), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('ML Test Score');
    expect(JSON.parse(readFileSync(path.join(dir, 'repo', 'ml-test-gate-report.json'), 'utf8')).tests).toHaveLength(28);
    const action = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(path.join(dir, 'pkg', 'dist', 'index.js'))}); console.log(typeof m.run)`,
      ],
      { encoding: 'utf8' },
    );
    expect(action.stdout, action.stderr).toBe('function\n');
  });
});

describe('install instructions', () => {
  const docs = [
    path.join(ROOT, 'README.md'),
    ...readdirSync(path.join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.md'))
      .map((f) => path.join(ROOT, 'docs', f)),
  ];

  it('never run the unpublished npm name (whoever publishes it first would run in your CI)', () => {
    // Until docs/releasing.md's first publish, `npx ml-test-gate` is a 404 or a stranger's package.
    for (const f of docs) expect(readFileSync(f, 'utf8'), path.relative(ROOT, f)).not.toMatch(/\bnpx\s+(--yes\s+|-y\s+)?ml-test-gate\b/);
  });

  it('show the install that works today: the repository tag', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    // --install-links: a global git install is otherwise a link to a deleted temporary clone (npm/cli#9406)
    expect(readme).toContain('npm install -g --install-links github:ml-test-gate/ml-test-gate#v1');
    const otherCi = readFileSync(path.join(ROOT, 'docs', 'other-ci.md'), 'utf8');
    expect(otherCi.match(/npm install .*github:ml-test-gate\/ml-test-gate#v1/g)).toHaveLength(2);
    expect(otherCi.match(/npm install .*--install-links github:ml-test-gate\/ml-test-gate#v1/g)).toHaveLength(2);
  });
});
