import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeGitHub } from './fake-github.js';
import { cleanup, gateYaml, HEAD_SHA, makeWorkspace, PR, runAction } from './harness.js';

let api: FakeGitHub;
let dir = '';
const MARKER = '<!-- ml-test-gate:default -->';

beforeEach(async () => {
  api = await new FakeGitHub().start();
  api.prFiles.set(PR, ['src/train.py']);
});
afterEach(async () => {
  await api.stop();
  if (dir) cleanup(dir);
});

const posts = () => api.calls('POST', /\/issues\/42\/comments$/);
const patches = () => api.calls('PATCH', /\/issues\/comments\/\d+$/);

describe('sticky comment', () => {
  it('first run creates one comment; a rerun changes nothing; a changed report updates it in place', async () => {
    dir = makeWorkspace(gateYaml(1));
    await runAction({ dir, api });
    expect(posts()).toHaveLength(1);
    const first = api.comments.get(PR)![0];

    const again = await runAction({ dir, api });
    expect(again.code).toBe(0);
    expect(posts()).toHaveLength(1);
    expect(patches()).toHaveLength(0);
    expect(again.stdout).toContain('already up to date');

    writeFileSync(path.join(dir, 'repo/.github/ml-test-gate.yml'), gateYaml(2));
    const third = await runAction({ dir, api });
    expect(third.code).toBe(1);
    expect(posts()).toHaveLength(1);
    expect(patches()).toHaveLength(1);
    expect(patches()[0].path).toBe(`/repos/acme/models/issues/comments/${first.id}`);
    expect(api.comments.get(PR)).toHaveLength(1);
    expect(api.comments.get(PR)![0].body).toContain('Gate failed');
  });

  it('finds its comment on a later page among more than 100 comments', async () => {
    for (let i = 0; i < 130; i++) api.addComment(PR, `comment ${i}`, i % 2 ? 'alice' : 'github-actions[bot]', i % 2 ? 'User' : 'Bot');
    const ours = api.addComment(PR, `${MARKER}\nold body`);
    for (let i = 0; i < 20; i++) api.addComment(PR, `late ${i}`, 'bob', 'User');
    dir = makeWorkspace(gateYaml(1));
    const r = await runAction({ dir, api });
    expect(r.code).toBe(0);
    const pages = api.calls('GET', /\/issues\/42\/comments$/).map((q) => q.query.page ?? '1');
    expect(pages).toEqual(['1', '2']);
    expect(posts()).toHaveLength(0);
    expect(patches().map((q) => q.path)).toEqual([`/repos/acme/models/issues/comments/${ours.id}`]);
    expect(api.comments.get(PR)!.filter((c) => c.body.startsWith(MARKER))).toHaveLength(1);
  });

  it("leaves another bot's comment with the same or a similar marker alone", async () => {
    const other = api.addComment(PR, `${MARKER}\nI am another bot`, 'other-bot[bot]');
    const otherGate = api.addComment(PR, '<!-- ml-test-gate:default-2 -->\nanother gate id');
    const quoted = api.addComment(PR, `quoting: ${MARKER}`);
    dir = makeWorkspace(gateYaml(1));
    await runAction({ dir, api });
    expect(patches()).toHaveLength(0);
    expect(posts()).toHaveLength(1);
    expect(other.body).toBe(`${MARKER}\nI am another bot`);
    expect(otherGate.body).toBe('<!-- ml-test-gate:default-2 -->\nanother gate id');
    expect(quoted.body).toBe(`quoting: ${MARKER}`);
    expect(api.comments.get(PR)).toHaveLength(4);
  });

  it("with a personal token, only the token's own login counts (GET /user)", async () => {
    api.userLogin = 'gate-bot';
    api.commenter = 'gate-bot';
    const actionsBot = api.addComment(PR, `${MARKER}\nposted by GITHUB_TOKEN`, 'github-actions[bot]');
    const mine = api.addComment(PR, `${MARKER}\nmine`, 'gate-bot', 'User');
    dir = makeWorkspace(gateYaml(1));
    await runAction({ dir, api });
    expect(patches().map((q) => q.path)).toEqual([`/repos/acme/models/issues/comments/${mine.id}`]);
    expect(actionsBot.body).toBe(`${MARKER}\nposted by GITHUB_TOKEN`);
  });

  it('a read-only token (403 on comment) keeps the verdict, outputs and summary, and names the permission', async () => {
    api.readOnly = true;
    dir = makeWorkspace(gateYaml(2));
    const r = await runAction({ dir, api });
    expect(r.code).toBe(1);
    expect(r.outputs.passed).toBe('false');
    expect(r.outputs.score).toBe('1');
    expect(r.summary).toContain('Gate failed');
    expect(r.stdout).toMatch(
      /::warning::commenting on pull request #42 failed: 403 Resource not accessible by integration\. The token needs `pull-requests: write`/,
    );
    expect(r.stdout).not.toContain('internal error');

    dir && cleanup(dir);
    dir = makeWorkspace(gateYaml(1));
    const ok = await runAction({ dir, api });
    expect(ok.code).toBe(0);
    expect(ok.outputs.passed).toBe('true');
    expect(ok.outputs['comment-url']).toBe('');
  });

  it('retries a transient 502 and then succeeds', async () => {
    api.faults.push({ method: 'GET', path: /\/issues\/42\/comments$/, status: 502, body: { message: 'Bad Gateway' } });
    dir = makeWorkspace(gateYaml(1));
    const r = await runAction({ dir, api });
    expect(r.code).toBe(0);
    expect(api.calls('GET', /\/issues\/42\/comments$/)).toHaveLength(2);
    expect(posts()).toHaveLength(1);
    expect(r.stdout).toMatch(/502; retry 1\/3/);
  });

  it('a POST that failed with 502 is posted again only after a search finds no comment: exactly one', async () => {
    api.faults.push({ method: 'POST', path: /\/issues\/42\/comments$/, status: 502, body: { message: 'Bad Gateway' } });
    dir = makeWorkspace(gateYaml(1));
    const r = await runAction({ dir, api });
    expect(r.code).toBe(0);
    expect(posts()).toHaveLength(2);
    expect(api.comments.get(PR)).toHaveLength(1);
    // list, POST (502), list again (nothing there), POST
    const order = api.requests.filter((q) => /\/issues\/42\/comments$/.test(q.path)).map((q) => q.method);
    expect(order).toEqual(['GET', 'POST', 'GET', 'POST']);
    expect(r.stdout).toMatch(/creating the comment on pull request #42: 502; it may have been applied, so looking for it in \d\.\d s/);
    expect(r.outputs['comment-url']).toContain('issuecomment-');
  });

  it('waits out a 429 with Retry-After and then posts', async () => {
    api.faults.push({
      method: 'POST',
      path: /\/issues\/42\/comments$/,
      status: 429,
      headers: { 'retry-after': '1' },
      body: { message: 'API rate limit exceeded' },
    });
    dir = makeWorkspace(gateYaml(1));
    const r = await runAction({ dir, api });
    expect(r.code).toBe(0);
    expect(posts()).toHaveLength(2);
    expect(api.comments.get(PR)).toHaveLength(1);
    expect(r.stdout).toMatch(/429 \(rate limited\); retry 1\/3 in 1\.0 s/);
  });

  it('shortens an oversized body far under 65,536 characters, keeping the verdict and the failures', async () => {
    const long = 'x'.repeat(110);
    const suite = (i: number) =>
      `<testsuites><testsuite name="s" tests="5" failures="5">${Array.from({ length: 5 }, (_, k) => `<testcase classname="tests.${long}" name="test_${i}_${k}_${long}"><failure message="${long} ${long}">boom</failure></testcase>`).join('')}</testsuite></testsuites>`;
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++)
      for (const kind of ['feature', 'model', 'pipeline']) files[`evidence/big/${kind}/${long}-${i}.xml`] = suite(i);
    const config = gateYaml(1).replace(
      /tests:\n(.*\n){3}/,
      'tests:\n  feature: evidence/big/feature/*.xml\n  model: evidence/big/model/*.xml\n  pipeline: evidence/big/pipeline/*.xml\n',
    );
    dir = makeWorkspace(config, files);
    const r = await runAction({ dir, api });
    expect(r.code).toBe(1);
    const body = api.comments.get(PR)![0].body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toContain('Gate failed');
    // folded detail shed towards the comment's size target; the other failing checks are in the summary and the artifact
    expect(body.length).toBeLessThan(30_000);
    expect(body).toMatch(/ {2}- … \d+ more in the job summary\n/);
    expect(body).toContain('ml-test-gate-default');
    // the job summary has room for more
    expect(r.summary.length).toBeGreaterThan(65_536);
  });

  it('comment: on-failure posts nothing for a passing gate; comment: false never calls the comment API', async () => {
    dir = makeWorkspace(gateYaml(1));
    await runAction({ dir, api, inputs: { comment: 'on-failure' } });
    expect(posts()).toHaveLength(0);
    await runAction({ dir, api, inputs: { comment: 'false' } });
    expect(api.calls('GET', /\/comments$/).length).toBe(1);
    expect(posts()).toHaveLength(0);
  });

  it('creates a check run on the head commit with the verdict and annotations', async () => {
    const failing =
      '<testsuites><testsuite name="m" tests="2" failures="1"><testcase classname="t" name="ok"/><testcase classname="t" name="test_loss_goes_down"><failure message="loss went up">x</failure></testcase></testsuite></testsuites>';
    dir = makeWorkspace(gateYaml(1), { 'evidence/junit/model.xml': failing });
    const r = await runAction({ dir, api, inputs: { 'check-name': 'ML Test Score' } });
    expect(r.code).toBe(1);
    expect(api.checkRuns).toHaveLength(1);
    const run = api.checkRuns[0] as {
      name: string;
      head_sha: string;
      conclusion: string;
      output: { title: string; summary: string; annotations: unknown[] };
    };
    expect(run.name).toBe('ML Test Score');
    expect(run.head_sha).toBe(HEAD_SHA);
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toContain('Gate failed');
    expect(run.output.annotations).toContainEqual(
      expect.objectContaining({
        path: 'evidence/junit/model.xml',
        annotation_level: 'warning',
        message: expect.stringContaining('test_loss_goes_down'),
      }),
    );
    expect(run.output.summary).toContain('infra-2');
  });
});
