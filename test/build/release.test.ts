// The release workflow and the scripts it runs: what runs before publishing, who may write what,
// and the major-tag rule, exercised against real git repositories.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';

const ROOT = path.resolve(__dirname, '../..');
const CHECK_TAG = path.join(ROOT, 'scripts', 'release', 'check-tag.sh');
const MOVE_MAJOR = path.join(ROOT, 'scripts', 'release', 'move-major-tag.sh');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

function workflow(name: string): Workflow {
  return YAML.parse(readFileSync(path.join(ROOT, '.github', 'workflows', name), 'utf8'), { strict: true, uniqueKeys: true });
}

const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');
const needs = (job: Job) => [job.needs ?? []].flat();

describe('.github/workflows/release.yml', () => {
  const wf = workflow('release.yml');

  it('runs on release tags only', () => {
    expect(Object.keys(wf.on)).toEqual(['push']);
    expect(wf.on.push).toEqual({ tags: ['v[0-9]+.[0-9]+.[0-9]+', 'v[0-9]+.[0-9]+.[0-9]+-*'] });
  });

  it('tests the tagged commit before anything is published: tag check, npm ci, typecheck, tests, fresh dist/', () => {
    const t = wf.jobs.test;
    const script = runs(t);
    const order = [
      'scripts/release/check-tag.sh "$GITHUB_REF_NAME" origin/main',
      'npm ci',
      'npx tsc --noEmit',
      'npm test',
      'npm run build',
      'git diff --exit-code -- dist schemas docs/config-reference.md',
    ];
    const at = order.map((s) => script.indexOf(s));
    expect(
      at.every((i) => i >= 0),
      JSON.stringify(at),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(t.steps[0].with?.['fetch-depth']).toBe(0);
  });

  it('publishes to npm with provenance only after the tests, with id-token and no write access', () => {
    const p = wf.jobs.publish;
    expect(needs(p)).toEqual(['test']);
    expect(p.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(p.environment).toBe('npm');
    expect(runs(p)).toMatch(/npm publish --provenance --access public --tag "\$dist_tag" --ignore-scripts/);
    expect(p.steps.find((s) => s.uses?.startsWith('actions/setup-node'))?.with?.['registry-url']).toBe('https://registry.npmjs.org');
  });

  it('moves the major tag after publishing, for final releases only; only that job can write', () => {
    const m = wf.jobs['major-tag'];
    expect(needs(m)).toEqual(['publish']);
    expect(m.if).toBe("${{ !contains(github.ref_name, '-') }}");
    expect(runs(m)).toContain('scripts/release/move-major-tag.sh "$GITHUB_REF_NAME" origin');
    expect(wf.permissions).toEqual({ contents: 'read' });
    const writers = Object.entries(wf.jobs).filter(
      ([, j]) => Object.values(j.permissions ?? {}).includes('write') && j.permissions?.contents === 'write',
    );
    expect(writers.map(([n]) => n)).toEqual(['major-tag']);
  });

  it.each(['release.yml', 'ci.yml'])('%s: actions pinned to a version, every run block is valid bash', (name) => {
    for (const [jobName, job] of Object.entries(workflow(name).jobs)) {
      for (const s of job.steps) {
        if (s.uses && !s.uses.startsWith('./')) expect(s.uses, jobName).toMatch(/@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
        if (s.run) {
          const check = spawnSync('bash', ['-n'], { input: s.run, encoding: 'utf8' });
          expect(check.status, `${jobName}: ${s.name ?? s.run}\n${check.stderr}`).toBe(0);
        }
      }
    }
  });

  it('ci.yml tests the oldest supported Node (engines) and the action runtime', () => {
    const engines = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node as string;
    const matrix = (workflow('ci.yml').jobs.test as unknown as { strategy: { matrix: { node: number[] } } }).strategy.matrix.node;
    expect(matrix).toContain(Number(engines.replace(/^>=\s*/, '')));
    expect(matrix).toContain(24);
  });
});

/** A repository with a bare "origin", main checked out, package.json at `version`. */
function repo(version: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mtg-release-'));
  dirs.push(dir);
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: path.join(dir, 'work'),
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.com',
      },
    }).trim();
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', path.join(dir, 'origin.git')]);
  execFileSync('git', ['clone', '--quiet', path.join(dir, 'origin.git'), path.join(dir, 'work')], { stdio: 'ignore' });
  git('checkout', '--quiet', '-B', 'main');
  const commit = (v: string, msg: string) => {
    writeFileSync(path.join(dir, 'work', 'package.json'), JSON.stringify({ name: 'x', version: v }));
    git('add', '-A');
    git('commit', '--quiet', '-m', msg);
    return git('rev-parse', 'HEAD');
  };
  const first = commit(version, 'first');
  git('push', '--quiet', 'origin', 'main');
  const sh = (script: string, ...args: string[]) => spawnSync('bash', [script, ...args], { cwd: path.join(dir, 'work'), encoding: 'utf8' });
  const remoteTag = (t: string) =>
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `refs/tags/${t}^{commit}`], {
      cwd: path.join(dir, 'origin.git'),
      encoding: 'utf8',
    }).trim();
  return { dir, git, commit, first, sh, remoteTag };
}

describe('scripts/release/check-tag.sh', () => {
  it("accepts a tag on main that names package.json's version", () => {
    const r = repo('1.2.3');
    r.git('tag', 'v1.2.3');
    r.git('fetch', '--quiet', 'origin');
    const ok = r.sh(CHECK_TAG, 'v1.2.3', 'origin/main');
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`release v1.2.3: package.json 1.2.3, commit ${r.first} on origin/main`);
  });

  it('refuses a malformed tag, a version mismatch, and a commit that is not on main', () => {
    const r = repo('1.2.3');
    expect(r.sh(CHECK_TAG, 'v1.2', 'origin/main').stdout).toContain('::error::v1.2 is not a release tag');
    r.git('tag', 'v1.2.4');
    const mismatch = r.sh(CHECK_TAG, 'v1.2.4', 'origin/main');
    expect(mismatch.status).toBe(1);
    expect(mismatch.stdout).toContain('::error::tag v1.2.4 does not match package.json version 1.2.3');
    r.git('checkout', '--quiet', '-b', 'side');
    r.commit('1.3.0', 'unreviewed');
    r.git('tag', 'v1.3.0');
    const offMain = r.sh(CHECK_TAG, 'v1.3.0', 'origin/main');
    expect(offMain.status).toBe(1);
    expect(offMain.stdout).toContain('is not on origin/main');
  });
});

describe('scripts/release/move-major-tag.sh', () => {
  it('moves v1 to each newer 1.x release, never back to an older patch, never for a pre-release', () => {
    const r = repo('1.0.0');
    r.git('tag', 'v1.0.0');
    r.git('push', '--quiet', 'origin', 'v1.0.0');
    expect(r.sh(MOVE_MAJOR, 'v1.0.0', 'origin').stdout).toContain(`v1 -> v1.0.0 (${r.first})`);
    expect(r.remoteTag('v1')).toBe(r.first);

    const second = r.commit('1.2.0', 'feature');
    r.git('tag', 'v1.2.0');
    r.git('push', '--quiet', 'origin', 'main', 'v1.2.0');
    expect(r.sh(MOVE_MAJOR, 'v1.2.0', 'origin').status).toBe(0);
    expect(r.remoteTag('v1')).toBe(second);

    // a patch of an older minor, released after v1.2.0: v1 stays on v1.2.0
    r.git('checkout', '--quiet', '-b', 'release-1.1', 'v1.0.0');
    r.commit('1.1.5', 'backport');
    r.git('tag', 'v1.1.5');
    r.git('push', '--quiet', 'origin', 'v1.1.5');
    expect(r.sh(MOVE_MAJOR, 'v1.1.5', 'origin').stdout).toContain('v1 stays at v1.2.0');
    expect(r.remoteTag('v1')).toBe(second);

    r.git('tag', 'v1.3.0-rc.1');
    expect(r.sh(MOVE_MAJOR, 'v1.3.0-rc.1', 'origin').stdout).toContain('not a final release');
    expect(r.remoteTag('v1')).toBe(second);

    // v1.10.0 sorts after v1.9.0 (version order, not string order)
    r.git('checkout', '--quiet', 'main');
    r.commit('1.9.0', 'nine');
    r.git('tag', 'v1.9.0');
    const ten = r.commit('1.10.0', 'ten');
    r.git('tag', 'v1.10.0');
    r.git('push', '--quiet', 'origin', 'main', 'v1.9.0', 'v1.10.0');
    expect(r.sh(MOVE_MAJOR, 'v1.10.0', 'origin').status).toBe(0);
    expect(r.remoteTag('v1')).toBe(ten);
    expect(r.sh(MOVE_MAJOR, 'v1.9.0', 'origin').stdout).toContain('v1 stays at v1.10.0');
  });
});
