/** The history fetcher against the fake API in-process: the download bound and the byte budget. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/github/client.js';
import { fetchHistoryReports } from '../../src/github/history.js';
import { FakeGitHub, OWNER, REPO, REPO_ID } from '../e2e/fake-github.js';
import { makeZip } from '../e2e/zip-writer.js';
import { makeReport } from '../report/report-fixture.js';

let api: FakeGitHub;
beforeEach(async () => {
  api = await new FakeGitHub().start();
});
afterEach(async () => {
  await api.stop();
});

function add(day: number, opts: { padTo?: number; sha?: string } = {}): number {
  const id = 100 + day;
  const sha = opts.sha ?? String(day).padStart(2, '0').repeat(20);
  const report = makeReport([], { generatedAt: `2026-11-${String(day).padStart(2, '0')}T18:00:00.000Z`, commit: sha });
  const text = JSON.stringify(report);
  // padding, so that each artifact has a size the byte budget can count in whole artifacts
  const pad = opts.padTo ? Array.from({ length: opts.padTo }, (_, i) => ((i * 7919) % 97).toString(36)).join('') : '';
  api.addArtifact(
    {
      id,
      name: 'ml-test-gate-default',
      expired: false,
      created_at: `2026-11-${String(day).padStart(2, '0')}T18:05:00Z`,
      workflow_run: { id: id * 10, repository_id: REPO_ID, head_repository_id: REPO_ID, head_branch: 'main', head_sha: sha },
    },
    makeZip({ 'report.json': text, 'pad.txt': pad }),
  );
  return id;
}

const query = (runs: number, maxTotalBytes?: number) => ({
  owner: OWNER,
  repo: REPO,
  name: 'ml-test-gate-default',
  branch: 'main',
  repositoryId: REPO_ID,
  excludeRunId: null,
  runs,
  maxTotalBytes,
});
const downloads = () => api.calls('GET', /\/actions\/artifacts\/\d+\/zip$/).map((q) => Number(q.path.split('/')[6]));

describe('fetchHistoryReports', () => {
  it('downloads the newest `runs` artifacts only, newest first', async () => {
    for (let d = 1; d <= 8; d++) add(d);
    const got = await fetchHistoryReports(createClient('t', { baseUrl: api.url }), query(3));
    expect(downloads()).toEqual([108, 107, 106]);
    expect(got.reports.map((r) => r.report.generatedAt.slice(0, 10))).toEqual(['2026-11-08', '2026-11-07', '2026-11-06']);
  });

  it('stops at the byte budget and says how many were left', async () => {
    for (let d = 1; d <= 4; d++) add(d, { padTo: 40_000 });
    const size = api.artifacts[0].size_in_bytes;
    const got = await fetchHistoryReports(createClient('t', { baseUrl: api.url }), query(4, Math.floor(size * 2.5)));
    expect(downloads()).toEqual([104, 103]);
    expect(got.reports).toHaveLength(2);
    expect(got.notes).toContain(`history: 2 older artifact(s) not downloaded: the ${Math.floor(size * 2.5)}-byte download budget is spent`);
  });

  it('runs 0 lists nothing', async () => {
    add(1);
    const got = await fetchHistoryReports(createClient('t', { baseUrl: api.url }), query(0));
    expect(api.requests).toHaveLength(0);
    expect(got.reports).toEqual([]);
  });
});
