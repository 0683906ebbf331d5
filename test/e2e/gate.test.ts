import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeGitHub } from './fake-github.js';
import { extractFile, listZip } from '../../src/github/zip.js';
import { cleanup, gateYaml, makeWorkspace, PR, runAction, runtimeToken, TOKEN } from './harness.js';

let api: FakeGitHub;
let dir = '';

beforeEach(async () => {
  api = await new FakeGitHub().start();
  api.prFiles.set(PR, ['src/train.py', 'requirements.txt', 'models/gbt.yaml']);
});
afterEach(async () => {
  await api.stop();
  if (dir) cleanup(dir);
});

describe('the action against a fake GitHub API (dist/index.js)', () => {
  it('passes a gate: outputs, job summary, exit code 0, one comment', async () => {
    dir = makeWorkspace(gateYaml(1));
    const r = await runAction({ dir, api });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.passed).toBe('true');
    expect(r.outputs.score).toBe('1');
    expect(r.outputs['base-score']).toBe('');
    expect(r.outputs.delta).toBe('');
    const report = JSON.parse(readFileSync(r.outputs['report-path'], 'utf8'));
    expect(report.gate.passed).toBe(true);
    expect(r.summary).toContain('ML Test Score');
    expect(r.summary).toContain('Gate passed');
    const comments = api.comments.get(PR) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0].body.startsWith('<!-- ml-test-gate:default -->')).toBe(true);
    expect(comments[0].body).toContain('Gate passed');
    expect(r.outputs['comment-url']).toContain('issuecomment-');
    // monitor-1 and model-1 saw the PR's changed files
    expect(comments[0].body).toContain('requirements.txt');
    expect(comments[0].body).toContain('models/gbt.yaml');
    expect(api.calls('GET', /\/pulls\/42\/files$/)).toHaveLength(1);
    // the token is sent to the API and never printed
    expect(api.requests.every((q) => q.path.startsWith('/blob/') || q.headers.authorization === `token ${TOKEN}`)).toBe(true);
    // not even in an ::add-mask:: line: the runner already masks github.token and secrets
    expect(r.stdout + r.stderr + r.summary).not.toContain(TOKEN);
  });

  it('fails a gate: exit code 1, passed=false, the reason in the summary and the comment', async () => {
    dir = makeWorkspace(gateYaml(2));
    const r = await runAction({ dir, api });
    expect(r.code).toBe(1);
    expect(r.outputs.passed).toBe('false');
    expect(r.stdout).toMatch(/::error::ML Test Score 1\/7: gate failed: score 1 is below min-score 2/);
    expect(r.summary).toContain('Gate failed');
    const comments = api.comments.get(PR) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toContain('below min-score 2');
  });
});

describe('report artifact upload (fake results service)', () => {
  it('uploads report.json and comment.md as ml-test-gate-<id>', async () => {
    dir = makeWorkspace(gateYaml(1));
    const r = await runAction({
      dir,
      api,
      inputs: { id: 'churn' },
      env: { ACTIONS_RUNTIME_TOKEN: runtimeToken(), ACTIONS_RESULTS_URL: `${api.url}/` },
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const zip = api.uploads.get('ml-test-gate-churn');
    expect(zip, r.stdout).toBeDefined();
    expect(
      listZip(zip!)
        .map((e) => e.name)
        .sort(),
    ).toEqual(['comment.md', 'report.json']);
    const report = JSON.parse(extractFile(zip!, 'report.json', 10_000_000)!.toString('utf8'));
    expect(report.id).toBe('churn');
    expect(report.gate.passed).toBe(true);
    expect(r.stdout).toContain('report artifact ml-test-gate-churn uploaded');
  });

  it('a failed upload is a warning: the verdict and outputs stand', async () => {
    api.faults.push({ method: 'POST', path: /CreateArtifact$/, status: 400, body: { msg: 'bad request' }, times: 10 });
    dir = makeWorkspace(gateYaml(2));
    const r = await runAction({ dir, api, env: { ACTIONS_RUNTIME_TOKEN: runtimeToken(), ACTIONS_RESULTS_URL: `${api.url}/` } });
    expect(r.code).toBe(1);
    expect(r.outputs.passed).toBe('false');
    expect(r.stdout).toMatch(/::warning::the report artifact ml-test-gate-default was not uploaded/);
    expect(api.comments.get(PR)).toHaveLength(1);
  });
});
