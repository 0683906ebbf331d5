import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeGitHub } from './fake-github.js';
import { cleanup, gateYaml, makeWorkspace, PR, RUNTIMES, runAction, TOKEN } from './harness.js';

/**
 * An API that misbehaves in ways GitHub's own errors do not cover: listings whose Link header loops.
 * Before: the action followed the loop forever (30,000 requests in 20 s for the comment search), so
 * the job ran until the runner's timeout, with no verdict, no summary and no comment.
 */

const MARKER = '<!-- ml-test-gate:default -->';
const budget = { ML_TEST_GATE_RETRY_BUDGET_MS: '3000', ML_TEST_GATE_API_TIMEOUT_MS: '2000' };
let api: FakeGitHub;
let dir = '';
beforeEach(async () => {
  api = await new FakeGitHub().start();
  api.prFiles.set(PR, ['models/gbt.yaml', 'requirements.txt']);
});
afterEach(async () => {
  await api.stop();
  if (dir) cleanup(dir);
  dir = '';
});

describe.each(RUNTIMES)('a looping pagination on %s', (_name, node) => {
  if (!node) {
    it.skip('Node 24 binary not installed (set ML_TEST_GATE_NODE24; .ci/run does)', () => {});
    return;
  }

  it('the comment listing loops: the search stops with a warning, nothing is posted blind, the verdict and the summary stand', async () => {
    dir = makeWorkspace(gateYaml(1));
    api.addComment(PR, 'a human comment');
    api.loopingLists = /\/issues\/\d+\/comments$/;
    const r = await runAction({ dir, api, node, env: budget });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.passed).toBe('true');
    expect(r.stdout).toMatch(
      /::warning::commenting on pull request #42 failed: the GitHub API's pages loop: the next page of the listing is \/repos\/acme\/models\/issues\/42\/comments\?per_page=100&page=1 again, which was already read\. The verdict, the job summary and the report artifact are not affected\./,
    );
    // it never knew whether its comment was there: it created none (a duplicate is worse than none)
    expect((api.comments.get(PR) ?? []).filter((c) => c.body.startsWith(MARKER))).toHaveLength(0);
    expect(api.calls('GET', /\/issues\/42\/comments$/).length).toBeLessThanOrEqual(3);
    expect(r.summary).toContain('Gate passed');
    expect(existsSync(r.outputs['report-path'])).toBe(true);
    expect(r.stdout + r.stderr + r.summary).not.toContain(TOKEN);
  });

  it("the PR's files listing loops: model-1 and monitor-1 are errors that say why, the rest is evaluated and commented", async () => {
    dir = makeWorkspace(gateYaml(1));
    api.loopingLists = /\/pulls\/\d+\/files$/;
    const r = await runAction({ dir, api, node, env: budget });
    // unmeasured is not a pass: the two tests are errors, and the gate says why
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(
      /::error::ML Test Score 0\/7: gate failed: model-1 \(.*\) could not be evaluated: .*the GitHub API's pages loop/,
    );
    expect(api.calls('GET', /\/pulls\/42\/files$/).length).toBeLessThanOrEqual(3);
    const report = JSON.parse(readFileSync(r.outputs['report-path'], 'utf8'));
    const statusOf = (id: string) => (report.tests as Array<{ id: string; status: string }>).find((t) => t.id === id)?.status;
    expect([statusOf('model-1'), statusOf('monitor-1')]).toEqual(['error', 'error']);
    expect(api.comments.get(PR) ?? []).toHaveLength(1);
  });
});

describe.each(RUNTIMES)('the sticky comment changing under the run on %s', (_name, node) => {
  if (!node) {
    it.skip('Node 24 binary not installed (set ML_TEST_GATE_NODE24; .ci/run does)', () => {});
    return;
  }

  it('two copies of the sticky comment (two runs posted at once): the oldest is updated, the other no longer shows an old verdict', async () => {
    dir = makeWorkspace(gateYaml(2));
    const first = api.addComment(PR, `${MARKER}\nGate passed (an earlier commit)`);
    api.addComment(PR, 'a review comment', 'alice', 'User');
    const copy = api.addComment(PR, `${MARKER}\nGate passed (an earlier commit, posted by a concurrent run)`);
    const r = await runAction({ dir, api, node, env: budget });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const list = api.comments.get(PR) ?? [];
    expect(list).toHaveLength(3);
    expect(list[0].body).toContain('Gate failed');
    expect(list[1].body).toBe('a review comment');
    expect(list[2].body).toBe(
      `${MARKER}\n_An older copy of this gate's comment: the current verdict is [in the first one](${first.html_url})._`,
    );
    expect(list.some((c) => c.body.includes('Gate passed'))).toBe(false);
    expect(api.calls('POST', /\/issues\/42\/comments$/)).toHaveLength(0);
    // a rerun leaves both as they are: no request for either
    const before = api.calls('PATCH', /\/issues\/comments\/\d+$/).length;
    const again = await runAction({ dir, api, node, env: budget });
    expect(again.code).toBe(1);
    expect(api.calls('PATCH', /\/issues\/comments\/\d+$/)).toHaveLength(before);
    expect(copy.id).toBe(list[2].id);
  });

  it('deleted between the search and the update (404 on PATCH): it is posted anew, once', async () => {
    dir = makeWorkspace(gateYaml(2));
    const old = api.addComment(PR, `${MARKER}\nGate passed (an earlier commit)`);
    api.faults.push({
      method: 'PATCH',
      path: /\/issues\/comments\/\d+$/,
      status: 404,
      body: { message: 'Not Found' },
      onHit: () =>
        api.comments.set(
          PR,
          (api.comments.get(PR) ?? []).filter((c) => c.id !== old.id),
        ),
    });
    const r = await runAction({ dir, api, node, env: budget });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const ours = (api.comments.get(PR) ?? []).filter((c) => c.body.startsWith(MARKER));
    expect(ours).toHaveLength(1);
    expect(ours[0].body).toContain('Gate failed');
    expect(ours[0].body).not.toContain('an earlier commit');
    expect(r.outputs['comment-url']).toBe(ours[0].html_url);
    expect(r.stdout).toContain('was gone when it was updated (404): posting it anew');
    expect(r.stdout).not.toMatch(/::warning::commenting on pull request/);
  });
});

describe.each(RUNTIMES)('config-source base and an answer that is not JSON on %s', (_name, node) => {
  if (!node) {
    it.skip('Node 24 binary not installed (set ML_TEST_GATE_NODE24; .ci/run does)', () => {});
    return;
  }

  for (const [what, rawBody] of [
    ['a truncated body', '{"type":"file","encoding":"base64","content":"Z2F0'],
    ["a proxy's HTML page", '<html><body>Sign in to the proxy</body></html>'],
  ]) {
    it(`${what} (200): the gate fails closed, and the reason says what came back, not "network error: not a file"`, async () => {
      dir = makeWorkspace(gateYaml(0)); // the pull request's own config would pass
      api.faults.push({ method: 'GET', path: /\/contents\//, status: 200, rawBody, times: 5 });
      const r = await runAction({ dir, api, node, inputs: { 'config-source': 'base' }, env: budget });
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.outputs.passed).toBe('false');
      expect(r.stdout).toContain(
        "::error::ML Test Score 1/7: gate failed: config-source base: reading .github/ml-test-gate.yml at the base commit bbbbbbb failed: the API's answer is not JSON (a truncated body, or a page that is not from the GitHub API). The pull request's own settings were not used instead.",
      );
      expect(r.stdout).not.toMatch(/network error|is not a file/);
      expect(r.stdout + r.stderr).not.toContain('Sign in to the proxy');
    });
  }
});
