import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeGitHub } from './fake-github.js';
import { cleanup, gateYaml, makeWorkspace, PR, RUNTIMES, runAction, TOKEN } from './harness.js';

/**
 * A commit on which the gate cannot run (its config is invalid) must not leave the previous commit's
 * verdict on the pull request looking current: the sticky comment and the check run say that this
 * commit has no verdict, and why. Spawns dist/index.js against the fake API on Node 20 and 24.
 */

let api: FakeGitHub;
let dir = '';
const MARKER = '<!-- ml-test-gate:default -->';

beforeEach(async () => {
  api = await new FakeGitHub().start();
  api.prFiles.set(PR, []);
});
afterEach(async () => {
  await api.stop();
  if (dir) cleanup(dir);
  dir = '';
});

const stickies = () => (api.comments.get(PR) ?? []).filter((c) => c.body.startsWith(MARKER));
const setConfig = (text: string) => writeFileSync(path.join(dir, 'repo/.github/ml-test-gate.yml'), text);

describe.each(RUNTIMES)('a commit without a verdict on %s', (_name, node) => {
  if (!node) {
    it.skip('Node binary not available (set ML_TEST_GATE_NODE24)', () => {});
    return;
  }

  it('an invalid config replaces the earlier passing comment with the reason, and fails the check', async () => {
    dir = makeWorkspace(gateYaml(1));
    const ok = await runAction({ node, dir, api, inputs: { 'check-name': 'ML Test Score' } });
    expect(ok.code).toBe(0);
    expect(stickies()).toHaveLength(1);
    expect(stickies()[0].body).toMatch(/passed/i);

    setConfig('version: 1\ngate:\n  min-score: high\n');
    const r = await runAction({ node, dir, api, inputs: { 'check-name': 'ML Test Score' } });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(/internal error|\n\s+at |TypeError/);
    // still one comment, now saying this commit has no verdict and why (file, line, field)
    expect(stickies()).toHaveLength(1);
    const body = stickies()[0].body;
    expect(body).toContain('the gate could not run');
    expect(body).toMatch(/ml-test-gate\.yml:3: gate\.min-score: expected a number/);
    expect(body).toContain('commit ccccccc');
    expect(body).not.toMatch(/passed/i);
    // the check run for this commit fails too, and the job summary says the same
    const last = api.checkRuns[api.checkRuns.length - 1];
    expect(last.conclusion).toBe('failure');
    expect(last.head_sha).toBe('c'.repeat(40));
    expect(last.output.title).toContain('could not run');
    expect(r.summary).toContain('the gate could not run');
  });

  it('what the config quotes is escaped and the token is never echoed', async () => {
    dir = makeWorkspace(gateYaml(1));
    setConfig(`version: 1\ngate:\n  mode: "<img src=x> @octocat | ${TOKEN}"\n`);
    const r = await runAction({ node, dir, api });
    expect(r.code).toBe(1);
    const body = stickies()[0]?.body ?? '';
    expect(body).toContain('the gate could not run');
    expect(body).toContain('gate.mode');
    expect(body).not.toContain('<img');
    expect(body).not.toMatch(/@octocat/);
    expect(body + r.summary + r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('a flaky API: a 502 on updating the comment is retried, and one comment says the commit has no verdict', async () => {
    dir = makeWorkspace(gateYaml(1));
    expect((await runAction({ node, dir, api })).code).toBe(0);
    api.faults.push({ method: 'PATCH', path: /\/issues\/comments\/\d+$/, status: 502, body: { message: 'Bad Gateway' } });
    setConfig('version: 1\ngate:\n  min-score: high\n');
    const r = await runAction({ node, dir, api, inputs: { 'check-name': 'ML Test Score' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/502; retry 1\/3/);
    expect(stickies()).toHaveLength(1);
    expect(stickies()[0].body).toContain('the gate could not run');
    expect(api.checkRuns[api.checkRuns.length - 1].conclusion).toBe('failure');
  });

  it('an API that keeps failing: the job still fails closed, says why, and still fails the check run', async () => {
    dir = makeWorkspace(gateYaml(1));
    expect((await runAction({ node, dir, api })).code).toBe(0);
    api.faults.push({ path: /\/issues\/(\d+\/)?comments/, status: 500, body: { message: 'Server Error' }, times: 50 });
    setConfig('gate: [1, 2]\n');
    const r = await runAction({
      node,
      dir,
      api,
      inputs: { 'check-name': 'ML Test Score' },
      env: { ML_TEST_GATE_RETRY_BUDGET_MS: '1500' },
    });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(/internal error|\n\s+at |TypeError/);
    // the comment could not be replaced: a warning says so, and the reason is still in the log and the summary
    expect(r.stdout).toMatch(/::warning[^:]*::.*commenting on pull request #42.*500/);
    expect(r.stdout).toMatch(/::error::.*ml-test-gate\.yml/);
    expect(r.summary).toContain('the gate could not run');
    const last = api.checkRuns[api.checkRuns.length - 1];
    expect(last.conclusion).toBe('failure');
    expect(last.head_sha).toBe('c'.repeat(40));
  });

  it('without a token it fails with the reason in the log and the summary, and calls no API', async () => {
    dir = makeWorkspace('gate: [1, 2]\n');
    const r = await runAction({ node, dir, api, inputs: { 'github-token': '' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::.*ml-test-gate\.yml/);
    expect(r.summary).toContain('the gate could not run');
    expect(api.requests).toHaveLength(0);
  });
});
