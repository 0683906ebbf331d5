import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeZip } from './zip-writer.js';
import { FakeGitHub, REPO_ID, type FakeArtifact } from './fake-github.js';
import { BASE_SHA, cleanup, gateYaml, makeWorkspace, PR, runAction } from './harness.js';

let api: FakeGitHub;
let dir = '';
let baseReport = '';

/** A real report, made by the action on a push to main: what the baseline artifact holds. */
beforeAll(async () => {
  const a = await new FakeGitHub().start();
  const d = makeWorkspace(gateYaml(1));
  try {
    const r = await runAction({
      dir: d,
      api: a,
      eventName: 'push',
      event: { ref: 'refs/heads/main', before: 'a'.repeat(40), repository: { id: REPO_ID } },
      inputs: { baseline: 'none' },
      env: { GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main', GITHUB_SHA: BASE_SHA },
    });
    expect(r.code, r.stdout).toBe(0);
    baseReport = readFileSync(r.outputs['report-path'], 'utf8');
  } finally {
    await a.stop();
    cleanup(d);
  }
});

beforeEach(async () => {
  api = await new FakeGitHub().start();
  api.prFiles.set(PR, []);
});
afterEach(async () => {
  await api.stop();
  if (dir) cleanup(dir);
});
afterAll(() => {});

let nextId = 300;
function artifact(
  over: Partial<FakeArtifact['workflow_run']> & { expired?: boolean; created_at?: string; name?: string } = {},
  zip?: Buffer,
): number {
  const id = nextId++;
  api.addArtifact(
    {
      id,
      name: over.name ?? 'ml-test-gate-default',
      expired: over.expired ?? false,
      created_at: over.created_at ?? '2026-11-20T10:00:00Z',
      workflow_run: {
        id: id * 10,
        repository_id: over.repository_id ?? REPO_ID,
        head_repository_id: over.head_repository_id ?? REPO_ID,
        head_branch: over.head_branch ?? 'main',
        head_sha: over.head_sha ?? 'e'.repeat(40),
      },
    },
    zip ?? makeZip({ 'report.json': baseReport, 'comment.md': '# old' }),
  );
  return id;
}
const downloads = () => api.calls('GET', /\/actions\/artifacts\/\d+\/zip$/).map((q) => Number(q.path.split('/')[6]));
const comment = () => api.comments.get(PR)?.[0]?.body ?? '';

describe('baseline from the base branch artifacts', () => {
  it("uses the artifact built from the PR's base SHA, even when a newer one exists", async () => {
    const exact = artifact({ head_sha: BASE_SHA, created_at: '2026-11-19T10:00:00Z' });
    artifact({ created_at: '2026-11-21T10:00:00Z' });
    dir = makeWorkspace(gateYaml(1));
    const r = await runAction({ dir, api });
    expect(r.code, r.stdout).toBe(0);
    // found through the base commit's own runs, not the artifact list
    expect(api.calls('GET', /\/actions\/runs$/).map((q) => q.query.head_sha)).toEqual([BASE_SHA]);
    expect(api.calls('GET', /\/actions\/runs\/\d+\/artifacts$/).map((q) => q.query.name)).toEqual(['ml-test-gate-default']);
    expect(api.calls('GET', /\/actions\/artifacts$/)).toHaveLength(0);
    expect(downloads()).toEqual([exact]);
    // the blob was fetched, without our Authorization header (the fake refuses it)
    expect(api.calls('GET', /^\/blob\//)).toHaveLength(1);
    expect(r.outputs['base-score']).toBe('1');
    expect(r.outputs.delta).toBe('0');
    expect(r.summary).toContain(`baseline: artifact ml-test-gate-default \\(run ${exact * 10}, built from main at bbbbbbb\\)`);
    expect(comment()).not.toContain('No baseline');
  });

  it('falls back to the newest artifact of the base branch', async () => {
    artifact({ created_at: '2026-11-18T10:00:00Z' });
    const newest = artifact({ created_at: '2026-11-21T10:00:00Z' });
    dir = makeWorkspace(gateYaml(1));
    const r = await runAction({ dir, api });
    expect(api.calls('GET', /\/actions\/artifacts$/)[0].query.name).toBe('ml-test-gate-default');
    expect(downloads()).toEqual([newest]);
    expect(r.outputs['base-score']).toBe('1');
  });

  it('ignores an expired artifact: no delta, the comment says why; if-no-baseline: fail fails', async () => {
    artifact({ expired: true, head_sha: BASE_SHA });
    dir = makeWorkspace(gateYaml(1));
    const r = await runAction({ dir, api });
    expect(r.code).toBe(0);
    expect(downloads()).toEqual([]);
    expect(r.outputs['base-score']).toBe('');
    expect(r.outputs.delta).toBe('');
    expect(comment()).toContain('No baseline from the base branch');
    expect(comment()).toContain('1 expired');

    const f = await runAction({ dir, api, inputs: { 'if-no-baseline': 'fail' } });
    expect(f.code).toBe(1);
    expect(f.outputs.passed).toBe('false');
    expect(f.stdout).toContain('no baseline report was found and if-no-baseline is fail');
  });

  it("ignores a fork's branch that is also called main, and other branches", async () => {
    artifact({ head_repository_id: 999, head_sha: BASE_SHA, created_at: '2026-11-22T10:00:00Z' });
    artifact({ head_branch: 'feature', created_at: '2026-11-22T11:00:00Z' });
    dir = makeWorkspace(gateYaml(1));
    const r = await runAction({ dir, api });
    expect(r.code).toBe(0);
    expect(downloads()).toEqual([]);
    expect(r.outputs['base-score']).toBe('');
    expect(comment()).toContain('1 from another repository \\(fork\\)');
    expect(comment()).toContain('1 from other branches');
  });

  it('says so when no artifact exists yet', async () => {
    dir = makeWorkspace(gateYaml(1));
    const r = await runAction({ dir, api });
    expect(r.code).toBe(0);
    expect(r.outputs['base-score']).toBe('');
    expect(comment()).toContain('no artifact named ml-test-gate-default exists yet');
  });

  it('treats the artifact as untrusted: a path escape or an invalid report is ignored with a warning', async () => {
    artifact({ head_sha: BASE_SHA }, makeZip({ 'report.json': baseReport, '../../evil.sh': 'rm -rf /' }));
    dir = makeWorkspace(gateYaml(1));
    const r = await runAction({ dir, api });
    expect(r.code).toBe(0);
    expect(r.outputs['base-score']).toBe('');
    expect(r.stdout).toMatch(/::warning[^:]*::baseline ignored: .*unsafe entry name in the archive: "\.\.\/\.\.\/evil\.sh"/);

    api.artifacts.length = 0;
    artifact({ head_sha: BASE_SHA }, makeZip({ 'report.json': JSON.stringify({ schemaVersion: 1, score: 'all good' }) }));
    const bad = await runAction({ dir, api });
    expect(bad.code).toBe(0);
    expect(bad.outputs['base-score']).toBe('');
    expect(bad.stdout).toMatch(/::warning[^:]*::baseline ignored: .*invalid ml-test-gate report/);
  });

  it('names the missing permission when the artifacts cannot be listed', async () => {
    api.faults.push({
      method: 'GET',
      path: /\/actions\/artifacts$/,
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });
    dir = makeWorkspace(gateYaml(1));
    const r = await runAction({ dir, api });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/::warning[^:]*::baseline ignored: listing the ml-test-gate-default artifacts failed: 403 .*`actions: read`/);
  });

  it('on a push to main, compares with the commit before the push, never with its own run', async () => {
    const own = artifact({ head_sha: 'f'.repeat(40), created_at: '2026-11-23T10:00:00Z' });
    api.artifacts.find((a) => a.id === own)!.workflow_run.id = 9001; // this very run (a rerun)
    const before = artifact({ head_sha: 'a'.repeat(40), created_at: '2026-11-19T10:00:00Z' });
    artifact({ created_at: '2026-11-20T10:00:00Z' });
    dir = makeWorkspace(gateYaml(1));
    const r = await runAction({
      dir,
      api,
      eventName: 'push',
      event: { ref: 'refs/heads/main', before: 'a'.repeat(40), repository: { id: REPO_ID } },
      env: { GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main' },
    });
    expect(r.code).toBe(0);
    expect(downloads()).toEqual([before]);
    expect(api.calls('POST', /comments$/)).toHaveLength(0);
    expect(r.outputs['base-score']).toBe('1');
  });
});
