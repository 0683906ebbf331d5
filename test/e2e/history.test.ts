/**
 * The score history on the GitHub side: the base branch's recent report artifacts, listed and kept
 * under the baseline's trust rules, downloaded within a bound, drawn in the comment's details and the
 * job summary; a fork's artifact never counts and a malformed one is skipped with one message.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/schemas/report.js';
import { makeZip } from './zip-writer.js';
import { FakeGitHub, REPO_ID } from './fake-github.js';
import { BASE_SHA, cleanup, gateYaml, makeWorkspace, PR, runAction } from './harness.js';

let api: FakeGitHub;
let dir = '';
let baseReport: Report;

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
    baseReport = JSON.parse(readFileSync(r.outputs['report-path'], 'utf8')) as Report;
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

/** A report of main on day `day` of November whose Monitoring section scores `monitoring`. */
function reportOn(day: number, sha: string, monitoring: number): string {
  const r = structuredClone(baseReport);
  r.generatedAt = `2026-11-${String(day).padStart(2, '0')}T18:00:00.000Z`;
  r.commit = sha;
  r.score.sections.monitoring.points = monitoring;
  return JSON.stringify(r);
}

let nextId = 700;
function artifact(day: number, zip: Buffer, over: { head_repository_id?: number; head_branch?: string; sha?: string } = {}): number {
  const id = nextId++;
  const sha = over.sha ?? String(day).padStart(2, '0').repeat(20);
  api.addArtifact(
    {
      id,
      name: 'ml-test-gate-default',
      expired: false,
      created_at: `2026-11-${String(day).padStart(2, '0')}T18:05:00Z`,
      workflow_run: {
        id: id * 10,
        repository_id: REPO_ID,
        head_repository_id: over.head_repository_id ?? REPO_ID,
        head_branch: over.head_branch ?? 'main',
        head_sha: sha,
      },
    },
    zip,
  );
  return id;
}
const mainRun = (day: number, monitoring: number, over: Parameters<typeof artifact>[2] = {}) => {
  const sha = over.sha ?? String(day).padStart(2, '0').repeat(20);
  return artifact(day, makeZip({ 'report.json': reportOn(day, sha, monitoring), 'comment.md': '# old' }), { ...over, sha });
};
const downloads = () => api.calls('GET', /\/actions\/artifacts\/\d+\/zip$/).map((q) => Number(q.path.split('/')[6]));
const comment = () => api.comments.get(PR)?.[0]?.body ?? '';

describe('score history from the base branch report artifacts', () => {
  it("draws main's recent runs in the comment and the summary; a fork's artifact and other branches never count", async () => {
    const runs = [mainRun(10, 4), mainRun(11, 4), mainRun(12, 3.5), mainRun(13, 3), mainRun(14, 2.5)];
    // newest of all, and called main too: a fork's run
    const fork = mainRun(15, 7, { head_repository_id: 999 });
    const feature = mainRun(16, 7, { head_branch: 'feature' });
    dir = makeWorkspace(gateYaml(1, 'history:\n  runs: 10\n'));
    const r = await runAction({ dir, api });
    expect(r.code, r.stdout).toBe(0);
    expect(downloads()).not.toContain(fork);
    expect(downloads()).not.toContain(feature);
    for (const id of runs) expect(downloads()).toContain(id);
    const body = comment();
    expect(body).toContain(
      '<details><summary>Score history: 5 runs, 2026-11-10 to 2026-11-14 · ⚠️ Monitoring has fallen for 3 runs: 4 → 3.5 → 3 → 2.5</summary>',
    );
    expect(body).toContain('xychart-beta');
    expect(body).not.toMatch(/line \[[^\]]*\b7\b/); // the fork's 7 is in no line of the chart
    expect(r.summary).toContain('Score history: 5 runs');
    expect(r.stdout).toContain('history: 2 ml-test-gate-default artifact(s) passed over');
  });

  it('skips a malformed artifact with one message naming it, and draws the others', async () => {
    mainRun(10, 4);
    mainRun(11, 3.5);
    const bad = artifact(12, makeZip({ 'report.json': '{"schemaVersion": 1, "score": ' }));
    mainRun(13, 3);
    dir = makeWorkspace(gateYaml(1, 'history:\n  runs: 10\n'));
    const r = await runAction({ dir, api });
    expect(r.code, r.stdout).toBe(0);
    expect(downloads()).toContain(bad);
    expect(comment()).toContain('Score history: 3 runs');
    // (Markdown-escaped in the comment; unescaped here)
    expect(comment().replace(/\\/g, '')).toContain(
      `1 report(s) skipped: artifact ml-test-gate-default (run ${bad * 10}, 1212121) (line 1, column 31): not valid JSON: the document ends too early`,
    );
    expect(r.stdout).toMatch(new RegExp(`::warning::history: skipped artifact ml-test-gate-default \\(run ${bad * 10}`));
  });

  it('downloads at most `history` artifacts, the newest, one per commit (the input wins over the config)', async () => {
    const ids = [10, 11, 12, 13, 14, 15].map((d) => mainRun(d, 4));
    const rerun = mainRun(16, 3.5, { sha: '15'.repeat(20) }); // a re-run of day 15's commit
    dir = makeWorkspace(gateYaml(1, 'history:\n  runs: 10\n'));
    const r = await runAction({ dir, api, inputs: { history: '3', baseline: 'none' } });
    expect(r.code, r.stdout).toBe(0);
    expect(downloads().sort()).toEqual([ids[3], ids[4], rerun].sort());
    expect(comment()).toContain('Score history: 3 runs, 2026-11-13 to 2026-11-16');
  });

  it('is off without a history setting, and off with history 0: no extra listing or download', async () => {
    mainRun(10, 4);
    dir = makeWorkspace(gateYaml(1));
    await runAction({ dir, api, inputs: { baseline: 'none' } });
    expect(api.calls('GET', /\/actions\/artifacts$/)).toHaveLength(0);
    expect(comment()).not.toContain('Score history');
    dir = makeWorkspace(gateYaml(1, 'history:\n  runs: 10\n'));
    await runAction({ dir, api, inputs: { baseline: 'none', history: '0' } });
    expect(downloads()).toEqual([]);
  });

  it('a listing the token may not read is a line in the log; the gate still runs and comments', async () => {
    api.faults.push({
      method: 'GET',
      path: /\/actions\/artifacts$/,
      status: 403,
      body: { message: 'Resource not accessible by integration' },
      times: 5,
    });
    dir = makeWorkspace(gateYaml(1, 'history:\n  runs: 10\n'));
    const r = await runAction({ dir, api, inputs: { baseline: 'none' } });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/history: listing the ml-test-gate-default artifacts failed: 403 .*`actions: read`/);
    expect(comment()).not.toContain('Score history');
  });
});
