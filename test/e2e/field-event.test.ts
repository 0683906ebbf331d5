import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeZip } from './zip-writer.js';
import { FakeGitHub, REPO_ID } from './fake-github.js';
import { BASE_SHA, cleanup, gateYaml, makeWorkspace, PR, RUNTIMES, runAction, TOKEN } from './harness.js';

/**
 * The event payload as the runner hands it over (GITHUB_EVENT_PATH), when it does not say which pull
 * request the run is about. Before: a pull_request run without a readable payload silently ran as if
 * it were no pull request, so config-source base fell back to the pull request's own config (here
 * min-score 0 instead of the base commit's 5): exit 0, "gate passed".
 */

let api: FakeGitHub;
let dir = '';
beforeEach(async () => {
  api = await new FakeGitHub().start();
  api.prFiles.set(PR, []);
});
afterEach(async () => {
  await api.stop();
  if (dir) cleanup(dir);
  dir = '';
});

describe.each(RUNTIMES)('the event payload on %s', (_name, node) => {
  if (!node) {
    it.skip('Node 24 binary not installed (set ML_TEST_GATE_NODE24; .ci/run does)', () => {});
    return;
  }

  it('config-source base and no event file: the gate fails closed, says why, and still writes the report', async () => {
    dir = makeWorkspace(gateYaml(0)); // the pull request's own config would pass
    api.contents.set(`${BASE_SHA}:.github/ml-test-gate.yml`, gateYaml(5));
    const missing = path.join(dir, 'tmp', 'no-such-event.json');
    const r = await runAction({ dir, api, node, inputs: { 'config-source': 'base' }, env: { GITHUB_EVENT_PATH: missing } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.outputs.passed).toBe('false');
    expect(existsSync(r.outputs['report-path'])).toBe(true);
    expect(r.stdout).toMatch(
      /::error::ML Test Score 1\/7: gate failed: config-source base: the pull_request event names no pull request \(the event payload GITHUB_EVENT_PATH \(.*no-such-event\.json\) cannot be read \(ENOENT\)\)/,
    );
    expect(r.summary).toContain('**The gate failed closed:** config-source base: the pull\\_request event names no pull request');
    const report = JSON.parse(readFileSync(r.outputs['report-path'], 'utf8'));
    expect(report.gate.passed).toBe(false);
    expect(report.records.github.blocked).toMatch(/^config-source base: the pull_request event names no pull request/);
    expect(r.stdout + r.stderr + r.summary).not.toContain(TOKEN);
    expect(r.stdout + r.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('config-source base and a payload without pull_request: fails closed too', async () => {
    dir = makeWorkspace(gateYaml(0));
    api.contents.set(`${BASE_SHA}:.github/ml-test-gate.yml`, gateYaml(5));
    const r = await runAction({ dir, api, node, inputs: { 'config-source': 'base' }, event: { action: 'opened', number: PR } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.outputs.passed).toBe('false');
    expect(r.stdout).toMatch(
      /gate failed: config-source base: the pull_request event names no pull request \(its payload has no pull_request\.number\)/,
    );
  });

  it('config-source head and a payload that is not a JSON object: the verdict of the checkout, with a warning that says what is missing', async () => {
    dir = makeWorkspace(gateYaml(0));
    const event = path.join(dir, 'tmp', 'array.json');
    writeFileSync(event, '[]');
    const r = await runAction({ dir, api, node, env: { GITHUB_EVENT_PATH: event } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /::warning title=ml-test-gate,file=\.github\/ml-test-gate\.yml::the pull_request event names no pull request \(the event payload GITHUB_EVENT_PATH \(.*array\.json\) is not a JSON object\): no comment, no changed files and no base commit/,
    );
    expect(api.comments.get(PR) ?? []).toHaveLength(0);
  });
});

/** A merge queue's run: GITHUB_REF is the queue's temporary branch, the payload names the branch it merges into. */
const GROUP_SHA = 'e'.repeat(40);
const mergeGroup = {
  eventName: 'merge_group',
  event: {
    action: 'checks_requested',
    repository: { id: REPO_ID },
    merge_group: {
      base_ref: 'refs/heads/main',
      base_sha: BASE_SHA,
      head_sha: GROUP_SHA,
      head_ref: 'refs/heads/gh-readonly-queue/main/pr-42-abc',
    },
  },
  env: {
    GITHUB_REF: 'refs/heads/gh-readonly-queue/main/pr-42-abc',
    GITHUB_REF_NAME: 'gh-readonly-queue/main/pr-42-abc',
    GITHUB_SHA: GROUP_SHA,
  },
};

describe.each(RUNTIMES)('a merge queue (merge_group) on %s', (_name, node) => {
  if (!node) {
    it.skip('Node 24 binary not installed (set ML_TEST_GATE_NODE24; .ci/run does)', () => {});
    return;
  }

  it("compares with the base branch's artifact of the group's base commit (before: looked on gh-readonly-queue/..., never found one)", async () => {
    // main's report, made by the action on a push
    const main = makeWorkspace(gateYaml(1));
    let mainReport: string;
    try {
      const m = await runAction({
        dir: main,
        api,
        node,
        eventName: 'push',
        event: { ref: 'refs/heads/main', repository: { id: REPO_ID } },
        inputs: { baseline: 'none', comment: 'false' },
        env: { GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main', GITHUB_SHA: BASE_SHA },
      });
      expect(m.code, m.stdout).toBe(0);
      mainReport = readFileSync(m.outputs['report-path'], 'utf8');
    } finally {
      cleanup(main);
    }
    api.addArtifact(
      {
        id: 77,
        name: 'ml-test-gate-default',
        expired: false,
        created_at: '2026-11-20T10:00:00Z',
        workflow_run: { id: 770, repository_id: REPO_ID, head_repository_id: REPO_ID, head_branch: 'main', head_sha: BASE_SHA },
      },
      makeZip({ 'report.json': mainReport, 'comment.md': '# main' }),
    );
    dir = makeWorkspace(gateYaml(1));
    const r = await runAction({ dir, api, node, ...mergeGroup, inputs: { 'if-no-baseline': 'fail' } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs['base-score']).toBe('1');
    expect(r.outputs.delta).toBe('0');
    expect(api.calls('GET', /\/actions\/artifacts\/77\/zip$/)).toHaveLength(1);
    expect(r.stdout + r.summary).not.toContain('gh-readonly-queue');
  });

  it("config-source base: the group is held to the base commit's settings, not the ones the pull request brought into it", async () => {
    dir = makeWorkspace(gateYaml(0)); // the group's config (the pull request's change merged in) would pass
    api.contents.set(`${BASE_SHA}:.github/ml-test-gate.yml`, gateYaml(5));
    const r = await runAction({ dir, api, node, ...mergeGroup, inputs: { 'config-source': 'base', baseline: 'none' } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.outputs.passed).toBe('false');
    expect(r.stdout).toMatch(/::error::ML Test Score 1\/7: gate failed: score 1 is below min-score 5/);
    expect(api.calls('GET', /\/contents\//).map((q) => q.query.ref)).toEqual([BASE_SHA]);
  });
});

describe.each(RUNTIMES)('mode: publish without a usable triggering run on %s', (_name, node) => {
  if (!node) {
    it.skip('Node 24 binary not installed (set ML_TEST_GATE_NODE24; .ci/run does)', () => {});
    return;
  }

  it('no event file: the step fails saying why, the job summary says it too, nothing is published', async () => {
    dir = makeWorkspace(gateYaml(1));
    const missing = path.join(dir, 'tmp', 'no-such-event.json');
    const r = await runAction({
      dir,
      api,
      node,
      eventName: 'workflow_run',
      inputs: { mode: 'publish', 'check-name': 'ML Test Score' },
      env: { GITHUB_EVENT_PATH: missing },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /::error::the workflow_run event has no run id or head SHA \(the event payload GITHUB_EVENT_PATH \(.*no-such-event\.json\) cannot be read \(ENOENT\)\)/,
    );
    expect(r.summary).toContain('## ❌ ML Test Score: no trusted verdict');
    expect(r.summary).toContain('the workflow\\_run event has no run id or head SHA');
    expect(api.checkRuns).toHaveLength(0);
    expect(api.calls('POST', /\/comments$/)).toHaveLength(0);
  });

  it("the triggering run's artifact cannot be read (403): the failed check run, the comment and the job summary all say why", async () => {
    dir = makeWorkspace(gateYaml(1));
    api.faults.push({ path: /\/artifacts$/, status: 403, body: { message: 'Resource not accessible by integration' }, times: 10 });
    const headSha = 'c'.repeat(40);
    const r = await runAction({
      dir,
      api,
      node,
      eventName: 'workflow_run',
      event: {
        repository: { id: REPO_ID },
        workflow_run: {
          id: 555,
          event: 'pull_request',
          head_sha: headSha,
          head_branch: 'patch-1',
          pull_requests: [{ number: PR, head: { sha: headSha }, base: { ref: 'main', sha: BASE_SHA } }],
          repository: { id: REPO_ID },
          head_repository: { id: 999 },
        },
      },
      inputs: { mode: 'publish', 'check-name': 'ML Test Score' },
    });
    expect(r.code).toBe(1);
    expect(api.checkRuns.map((c) => [c.conclusion, c.output.title])).toEqual([['failure', 'ML Test Score: no trusted verdict']]);
    expect(api.comments.get(PR)?.[0].body).toContain('no trusted verdict');
    expect(r.summary).toContain('## ❌ ML Test Score: no trusted verdict');
    expect(r.summary).toMatch(/failed: 403 Resource not accessible by integration\. The token needs \\`actions: read\\`/);
    expect(r.stdout + r.stderr + r.summary).not.toContain(TOKEN);
  });
});
