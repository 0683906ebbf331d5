import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeZip } from './zip-writer.js';
import { FakeGitHub, REPO_ID } from './fake-github.js';
import { BASE_SHA, cleanup, gateYaml, HEAD_SHA, makeWorkspace, PR, RUNTIMES, runAction } from './harness.js';

/**
 * Issue 11, the GitHub side: one end-to-end test per attack or failure, against dist/index.js and the
 * fake API, on Node 20 and (when ML_TEST_GATE_NODE24 is set) on Node 24. Each of these failed on the
 * code before the hardening; the before/after of each is in docs/github.md ("Threat model").
 */

const MARKER = '<!-- ml-test-gate:default -->';
let api: FakeGitHub;
let dir = '';
/** A fork's failing report (score 1, min-score 2), as its pull_request run uploaded it. */
let forkReport = '';
/** A passing report made on a push to main: what the baseline artifact holds. */
let mainReport = '';

beforeAll(async () => {
  const a = await new FakeGitHub().start();
  const fork = makeWorkspace(gateYaml(2));
  const main = makeWorkspace(gateYaml(1));
  try {
    const f = await runAction({ dir: fork, api: a, inputs: { comment: 'false', baseline: 'none' } });
    expect(f.code, f.stdout).toBe(1);
    forkReport = readFileSync(f.outputs['report-path'], 'utf8');
    const m = await runAction({
      dir: main,
      api: a,
      eventName: 'push',
      event: { ref: 'refs/heads/main', repository: { id: REPO_ID } },
      inputs: { baseline: 'none' },
      env: { GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main', GITHUB_SHA: BASE_SHA },
    });
    expect(m.code, m.stdout).toBe(0);
    mainReport = readFileSync(m.outputs['report-path'], 'utf8');
  } finally {
    await a.stop();
    cleanup(fork);
    cleanup(main);
  }
});

beforeEach(async () => {
  api = await new FakeGitHub().start();
  api.prFiles.set(PR, []);
});
afterEach(async () => {
  await api.stop();
  if (dir) cleanup(dir);
  dir = '';
});

/** The comment's first lines: marker, verdict heading, and what sits right under it. */
const top = (body: string, lines = 8) => body.split('\n').slice(0, lines).join('\n');
const ourComments = () => (api.comments.get(PR) ?? []).filter((c) => c.body.startsWith(MARKER));

function workflowRunEvent() {
  return {
    action: 'completed',
    repository: { id: REPO_ID },
    workflow_run: {
      id: 555,
      event: 'pull_request',
      head_sha: HEAD_SHA,
      head_branch: 'patch-1',
      html_url: 'https://github.com/acme/models/actions/runs/555',
      conclusion: 'success',
      pull_requests: [],
      repository: { id: REPO_ID },
      head_repository: { id: 999, owner: { login: 'forker' } },
    },
  };
}

describe.each(RUNTIMES)('hardening (issue 11) on %s', (_name, node) => {
  if (!node) {
    it.skip('Node 24 binary not installed (set ML_TEST_GATE_NODE24; .ci/run does)', () => {});
    return;
  }

  it('1. publish: a fork that edits its report to say "passed" gets a failed check, recomputed with the default branch settings', async () => {
    const forged = JSON.parse(forkReport);
    forged.gate = { passed: true, wouldPass: true, mode: 'enforce', reasons: [] };
    api.addArtifact(
      {
        id: 71,
        name: 'ml-test-gate-default',
        expired: false,
        created_at: '2026-11-23T10:00:00Z',
        workflow_run: { id: 555, repository_id: REPO_ID, head_repository_id: 999, head_branch: 'patch-1', head_sha: HEAD_SHA },
      },
      makeZip({ 'report.json': JSON.stringify(forged), 'comment.md': 'x' }),
    );
    api.pulls.push({
      number: PR,
      state: 'open',
      head: { sha: HEAD_SHA, ref: 'patch-1', label: 'forker:patch-1' },
      base: { sha: BASE_SHA, ref: 'main' },
    });
    // the workflow_run job's checkout: the default branch, whose config requires min-score 2
    dir = makeWorkspace(gateYaml(2));
    const r = await runAction({
      dir,
      api,
      node,
      eventName: 'workflow_run',
      event: workflowRunEvent(),
      inputs: { mode: 'publish', 'check-name': 'ML Test Score' },
    });
    expect(r.stderr).toBe('');
    expect(r.outputs.passed).toBe('false');
    expect(api.checkRuns).toHaveLength(1);
    expect(api.checkRuns[0].conclusion).toBe('failure');
    expect(api.checkRuns[0].output.title).toContain('Gate failed');
    expect(api.checkRuns[0].output.title).toContain("evidence from the pull request's own run");
    const body = ourComments()[0].body;
    expect(top(body, 3)).toContain('Gate failed');
    expect(top(body)).toContain("Evidence and per-test results came from the pull request's own run");
    expect(top(body)).toContain("this verdict was recomputed with the default branch's settings");
    expect(body).toContain('score 1 is below min-score 2');
  });

  it('3. config-source base: a 403 on the base config fails the gate (closed), the reason in the first lines, the report still written', async () => {
    api.contents.set(`${BASE_SHA}:.github/ml-test-gate.yml`, gateYaml(2));
    api.faults.push({
      method: 'GET',
      path: /\/contents\//,
      status: 403,
      body: { message: 'Resource not accessible by integration' },
      times: 10,
    });
    dir = makeWorkspace(gateYaml(1)); // the PR's own config would pass
    const r = await runAction({ dir, api, node, inputs: { 'config-source': 'base' } });
    expect(r.code).toBe(1);
    expect(r.outputs.passed).toBe('false');
    expect(r.outputs.score).toBe('1');
    expect(existsSync(r.outputs['report-path'])).toBe(true);
    expect(r.stdout).toMatch(
      /::error::ML Test Score 1\/7: gate failed: config-source base: reading \.github\/ml-test-gate\.yml at the base commit bbbbbbb failed: 403/,
    );
    const head = top(ourComments()[0].body);
    expect(head).toContain('Gate failed');
    expect(head).toMatch(
      /The gate failed closed:\*\* config-source base: reading \.github\/ml-test-gate\.yml at the base commit bbbbbbb failed: 403 .*contents: read.*The pull request's own settings were not used instead/,
    );
    expect(r.stdout + r.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('4. a config with gate.mode: report and no mode input is in report mode', async () => {
    dir = makeWorkspace(gateYaml(2).replace('gate:\n', 'gate:\n  mode: report\n'));
    const r = await runAction({ dir, api, node });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.passed).toBe('true');
    expect(ourComments()[0].body).toContain('Gate would fail \\(report mode\\)');
  });

  it('5. a 502 on the first comment POST still ends with exactly one comment', async () => {
    api.faults.push({ method: 'POST', path: /\/issues\/42\/comments$/, status: 502, body: { message: 'Bad Gateway' } });
    dir = makeWorkspace(gateYaml(1));
    const r = await runAction({ dir, api, node });
    expect(r.code).toBe(0);
    expect(ourComments()).toHaveLength(1);
    expect(api.comments.get(PR)).toHaveLength(1);
    expect(r.outputs['comment-url']).toContain('issuecomment-');
  });

  it('6. the base artifact is found behind 350 newer artifacts of a fork', async () => {
    api.addArtifact(
      {
        id: 10,
        name: 'ml-test-gate-default',
        expired: false,
        created_at: '2026-11-01T10:00:00Z',
        workflow_run: { id: 100, repository_id: REPO_ID, head_repository_id: REPO_ID, head_branch: 'main', head_sha: BASE_SHA },
      },
      makeZip({ 'report.json': mainReport }),
    );
    const junk = makeZip({ 'report.json': '{}' });
    for (let i = 0; i < 350; i++) {
      const t = new Date(Date.parse('2026-11-02T00:00:00Z') + i * 60_000).toISOString();
      api.addArtifact(
        {
          id: 1000 + i,
          name: 'ml-test-gate-default',
          expired: false,
          created_at: t,
          workflow_run: { id: 20_000 + i, repository_id: REPO_ID, head_repository_id: 999, head_branch: 'main', head_sha: 'f'.repeat(40) },
        },
        junk,
      );
    }
    dir = makeWorkspace(gateYaml(1));
    const r = await runAction({ dir, api, node, inputs: { 'if-no-baseline': 'fail' } });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs['base-score']).toBe('1');
    expect(r.outputs.delta).toBe('0');
    expect(api.calls('GET', /\/actions\/artifacts\/\d+\/zip$/).map((q) => q.path)).toEqual(['/repos/acme/models/actions/artifacts/10/zip']);
    for (const q of api.requests) if (q.query.per_page) expect(Number(q.query.per_page)).toBeLessThanOrEqual(100);
  });
});
