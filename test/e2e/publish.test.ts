import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeZip } from './zip-writer.js';
import { FakeGitHub, REPO_ID } from './fake-github.js';
import { cleanup, gateYaml, HEAD_SHA, makeWorkspace, PR, runAction } from './harness.js';

let api: FakeGitHub;
let dir = '';
let prReport = '';

/** The report a fork's pull_request run made (a failing gate) and uploaded. */
beforeAll(async () => {
  const a = await new FakeGitHub().start();
  const d = makeWorkspace(gateYaml(2));
  try {
    const r = await runAction({ dir: d, api: a, inputs: { comment: 'false', baseline: 'none' } });
    expect(r.code).toBe(1);
    prReport = readFileSync(r.outputs['report-path'], 'utf8');
  } finally {
    await a.stop();
    cleanup(d);
  }
});

beforeEach(async () => {
  api = await new FakeGitHub().start();
  // the workflow_run job checks out the default branch (its config, min-score 2), nothing of the PR
  dir = mkdtempSync(path.join(tmpdir(), 'mtg-e2e-pub-'));
  mkdirSync(path.join(dir, 'repo', '.github'), { recursive: true });
  writeFileSync(path.join(dir, 'repo', '.github', 'ml-test-gate.yml'), gateYaml(2));
  mkdirSync(path.join(dir, 'tmp'));
});
afterEach(async () => {
  await api.stop();
  cleanup(dir);
});

function workflowRunEvent(pullRequests: unknown[] = []) {
  return {
    action: 'completed',
    repository: { id: REPO_ID },
    workflow_run: {
      id: 555,
      head_sha: HEAD_SHA,
      head_branch: 'patch-1',
      html_url: 'https://github.com/acme/models/actions/runs/555',
      conclusion: 'failure',
      pull_requests: pullRequests,
      head_repository: { id: 999, owner: { login: 'forker' } },
    },
  };
}

describe('mode: publish (workflow_run, fork-safe)', () => {
  it("downloads the triggering run's report, finds the fork PR by head SHA, posts the comment, runs no PR code", async () => {
    api.addArtifact(
      {
        id: 71,
        name: 'ml-test-gate-default',
        expired: false,
        created_at: '2026-11-23T10:00:00Z',
        workflow_run: { id: 555, repository_id: REPO_ID, head_repository_id: 999, head_branch: 'patch-1', head_sha: HEAD_SHA },
      },
      makeZip({ 'report.json': prReport, 'comment.md': 'x' }),
    );
    api.pulls.push({
      number: 7,
      state: 'open',
      head: { sha: 'f'.repeat(40), ref: 'other', label: 'someone:other' },
      base: { sha: 'b'.repeat(40), ref: 'main' },
    });
    api.pulls.push({
      number: PR,
      state: 'open',
      head: { sha: HEAD_SHA, ref: 'patch-1', label: 'forker:patch-1' },
      base: { sha: 'b'.repeat(40), ref: 'main' },
    });
    const r = await runAction({ dir, api, eventName: 'workflow_run', event: workflowRunEvent([]), inputs: { mode: 'publish' } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(api.calls('GET', /\/actions\/runs\/555\/artifacts$/)).toHaveLength(1);
    expect(api.calls('GET', /\/actions\/artifacts\/71\/zip$/)).toHaveLength(1);
    expect(api.calls('GET', /\/pulls$/)[0].query.head).toBe('forker:patch-1');
    const comments = api.comments.get(PR) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0].body.startsWith('<!-- ml-test-gate:default -->')).toBe(true);
    expect(comments[0].body).toContain('Gate failed');
    expect(comments[0].body).toContain('https://github.com/acme/models/actions/runs/555');
    expect(r.outputs.score).toBe('1');
    expect(r.outputs.passed).toBe('false');
    expect(r.summary).toContain('Gate failed');
    // nothing of the PR was evaluated here: no PR config read, no PR files listed
    expect(api.calls('GET', /\/pulls\/\d+\/files$/)).toHaveLength(0);
    expect(api.calls('GET', /\/contents\//)).toHaveLength(0);
    expect(r.stdout).not.toContain('config file not found');

    // a second publish (re-run) updates nothing: the body is the same
    await runAction({
      dir,
      api,
      eventName: 'workflow_run',
      event: workflowRunEvent([{ number: PR, head: { sha: HEAD_SHA } }]),
      inputs: { mode: 'publish' },
    });
    expect(api.comments.get(PR)).toHaveLength(1);
    expect(api.calls('PATCH', /comments/)).toHaveLength(0);
  });

  it('no report from the triggering run: a warning, a failed check and a comment that say so (unmeasured is not a pass)', async () => {
    api.pulls.push({
      number: PR,
      state: 'open',
      head: { sha: HEAD_SHA, ref: 'patch-1', label: 'forker:patch-1' },
      base: { sha: 'b'.repeat(40), ref: 'main' },
    });
    const r = await runAction({
      dir,
      api,
      eventName: 'workflow_run',
      event: workflowRunEvent([]),
      inputs: { mode: 'publish', 'check-name': 'ML Test Score' },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/::warning::run 555 uploaded no artifact named ml-test-gate-default/);
    expect(api.checkRuns).toHaveLength(1);
    expect(api.checkRuns[0]).toMatchObject({
      conclusion: 'failure',
      head_sha: HEAD_SHA,
      output: { title: 'ML Test Score: no trusted verdict' },
    });
    const body = api.comments.get(PR)![0].body;
    expect(body).toContain('no trusted verdict');
    expect(body).toContain('run 555 uploaded no artifact named ml-test-gate-default');
  });

  it('refuses to run publish outside workflow_run', async () => {
    const r = await runAction({ dir, api, inputs: { mode: 'publish' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('mode publish runs in a workflow triggered by workflow_run, not pull_request');
  });
});
