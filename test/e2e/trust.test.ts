import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeZip } from './zip-writer.js';
import { FakeGitHub, REPO_ID } from './fake-github.js';
import { BASE_SHA, cleanup, gateYaml, HEAD_SHA, makeWorkspace, PR, RUNTIMES, runAction, TOKEN } from './harness.js';

/**
 * Trusted settings, inputs and the publish mode against a fake API that fails and a fork that lies
 * (issue 11), on Node 20 and (when ML_TEST_GATE_NODE24 is set) Node 24. The headline cases are in
 * hardening.test.ts; these are the variations.
 */

const MARKER = '<!-- ml-test-gate:default -->';
let api: FakeGitHub;
let dir = '';
let forkReport = '';
let mainReport = '';

beforeAll(async () => {
  const a = await new FakeGitHub().start();
  const fork = makeWorkspace(gateYaml(2));
  const main = makeWorkspace(gateYaml(1));
  try {
    const f = await runAction({ dir: fork, api: a, inputs: { comment: 'false', baseline: 'none' } });
    forkReport = readFileSync(f.outputs['report-path'], 'utf8');
    const m = await runAction({
      dir: main,
      api: a,
      eventName: 'push',
      event: { ref: 'refs/heads/main', repository: { id: REPO_ID } },
      inputs: { baseline: 'none' },
      env: { GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main', GITHUB_SHA: BASE_SHA },
    });
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

const posts = () => api.calls('POST', /\/issues\/42\/comments$/);
const comment = () => (api.comments.get(PR) ?? []).find((c) => c.body.startsWith(MARKER))?.body ?? '';
const top = (body: string, lines = 8) => body.split('\n').slice(0, lines).join('\n');
const noCrash = (r: { stdout: string; stderr: string }) => expect(r.stdout + r.stderr).not.toMatch(/internal error|\n\s+at |TypeError/);

describe.each(RUNTIMES)('trust and failure (issue 11) on %s', (_name, node) => {
  if (!node) {
    it.skip('Node 24 binary not installed (set ML_TEST_GATE_NODE24; .ci/run does)', () => {});
    return;
  }

  describe('exactly one comment and check run through lost answers', () => {
    it('a POST applied by GitHub whose answer was a 502 is not repeated: the search finds it', async () => {
      api.faults.push({ method: 'POST', path: /\/issues\/42\/comments$/, status: 502, body: { message: 'Bad Gateway' }, afterApply: true });
      dir = makeWorkspace(gateYaml(1));
      const r = await runAction({ node, dir, api });
      expect(r.code).toBe(0);
      expect(posts()).toHaveLength(1);
      expect(api.comments.get(PR)).toHaveLength(1);
      expect(api.comments.get(PR)![0].body.startsWith(MARKER)).toBe(true);
      expect(r.stdout).toContain('found what the attempt that failed had created; not creating it again');
      expect(r.outputs['comment-url']).toContain('issuecomment-');
    });

    it('a POST that times out after GitHub applied it is not repeated either', async () => {
      api.faults.push({ method: 'POST', path: /\/issues\/42\/comments$/, status: 201, afterApply: true, delayMs: 3000 });
      dir = makeWorkspace(gateYaml(1));
      const r = await runAction({ node, dir, api, env: { ML_TEST_GATE_API_TIMEOUT_MS: '400' } });
      expect(r.code).toBe(0);
      expect(posts()).toHaveLength(1);
      expect(api.comments.get(PR)).toHaveLength(1);
      expect(r.stdout).toMatch(
        /creating the comment on pull request #42: no answer from the GitHub API within 0\.4 s; it may have been applied/,
      );
    });

    it('gives up within the retry budget when every POST fails: a warning, no duplicate, the verdict stands', async () => {
      api.faults.push({
        method: 'POST',
        path: /\/issues\/42\/comments$/,
        status: 503,
        body: { message: 'Service Unavailable' },
        times: 100,
      });
      dir = makeWorkspace(gateYaml(2));
      const r = await runAction({ node, dir, api, env: { ML_TEST_GATE_RETRY_BUDGET_MS: '2500' } });
      expect(r.code).toBe(1);
      expect(r.outputs.passed).toBe('false');
      // backoffs of [0.5, 1) s then [1, 2) s fit in 2.5 s; the third, [2, 4) s, does not
      expect(posts().length).toBeGreaterThanOrEqual(2);
      expect(posts().length).toBeLessThanOrEqual(3);
      expect(api.comments.get(PR) ?? []).toHaveLength(0);
      expect(r.stdout).toMatch(/::warning::commenting on pull request #42 failed: 503 Service Unavailable/);
    });

    it('a check run whose POST answered 502 after it was created exists once', async () => {
      api.faults.push({ method: 'POST', path: /\/check-runs$/, status: 502, body: { message: 'Bad Gateway' }, afterApply: true });
      dir = makeWorkspace(gateYaml(1));
      const r = await runAction({ node, dir, api, inputs: { 'check-name': 'ML Test Score' } });
      expect(r.code).toBe(0);
      expect(api.checkRuns).toHaveLength(1);
      expect(api.checkRuns[0].external_id).toMatch(/^ml-test-gate:[0-9a-f-]{36}$/);
      const listed = api.calls('GET', /\/commits\/c{40}\/check-runs$/);
      expect(listed).toHaveLength(1);
      expect(listed[0].query.check_name).toBe('ML Test Score');

      // and one that failed without being created is created once more
      api.faults.push({ method: 'POST', path: /\/check-runs$/, status: 500, body: { message: 'oops' } });
      await runAction({ node, dir, api, inputs: { 'check-name': 'ML Test Score' } });
      expect(api.checkRuns).toHaveLength(2);
      expect(new Set(api.checkRuns.map((c) => c.external_id)).size).toBe(2);
    });
  });

  describe('config-source base: trusted settings fail closed', () => {
    beforeEach(() => {
      api.contents.set(`${BASE_SHA}:.github/ml-test-gate.yml`, gateYaml(2));
    });

    it('repeated 502s: retried within the budget, then the gate fails, even when the PR config says mode: report', async () => {
      api.faults.push({ method: 'GET', path: /\/contents\//, status: 502, body: { message: 'Bad Gateway' }, times: 50 });
      dir = makeWorkspace(gateYaml(1).replace('gate:\n', 'gate:\n  mode: report\n'));
      const r = await runAction({ node, dir, api, inputs: { 'config-source': 'base' }, env: { ML_TEST_GATE_RETRY_BUDGET_MS: '2000' } });
      expect(r.code).toBe(1);
      expect(api.calls('GET', /\/contents\//).length).toBeGreaterThan(1);
      expect(top(comment())).toMatch(
        /The gate failed closed:\*\* config-source base: reading .* at the base commit bbbbbbb failed: 502 Bad Gateway/,
      );
      expect(comment()).toContain('Gate failed');
      noCrash(r);
    });

    it('an exhausted rate limit is not waited out for an hour: the gate fails and says why', async () => {
      const reset = String(Math.floor(Date.now() / 1000) + 3600);
      api.faults.push({
        method: 'GET',
        path: /\/contents\//,
        status: 403,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
        body: { message: 'API rate limit exceeded for installation' },
        times: 5,
      });
      dir = makeWorkspace(gateYaml(1));
      const r = await runAction({ node, dir, api, inputs: { 'config-source': 'base' } });
      expect(r.code).toBe(1);
      expect(api.calls('GET', /\/contents\//)).toHaveLength(1);
      expect(top(comment())).toMatch(
        /failed closed:\*\* config-source base: reading .* failed: rate limited by GitHub \\\(API rate limit exceeded for installation\\\); try again later\./,
      );
    });

    it('a 429 with Retry-After is waited out, and then the base settings apply', async () => {
      api.faults.push({
        method: 'GET',
        path: /\/contents\//,
        status: 429,
        headers: { 'retry-after': '1' },
        body: { message: 'slow down' },
      });
      dir = makeWorkspace(gateYaml(1));
      const r = await runAction({ node, dir, api, inputs: { 'config-source': 'base' } });
      expect(r.code).toBe(1);
      expect(api.calls('GET', /\/contents\//)).toHaveLength(2);
      expect(r.stdout).toContain('score 1 is below min-score 2');
      expect(comment()).not.toContain('failed closed');
    });

    it('an invalid config at the base commit fails the gate, naming the file, line and field', async () => {
      api.contents.set(`${BASE_SHA}:.github/ml-test-gate.yml`, 'gate:\n  min-score: high\n');
      dir = makeWorkspace(gateYaml(1));
      const r = await runAction({ node, dir, api, inputs: { 'config-source': 'base' } });
      expect(r.code).toBe(1);
      // the @ is defused: it would mention a user called bbbbbbb
      expect(top(comment())).toContain(
        'config-source base: the config at the base commit bbbbbbb is invalid \\(.github/ml-test-gate.yml@&#8203;bbbbbbb:2: gate.min-score: expected a number, got &quot;high&quot;',
      );
      expect(existsSync(r.outputs['report-path'])).toBe(true);
    });

    it('a base commit without the config (first adoption): the PR config applies, with a warning at the top', async () => {
      api.contents.clear();
      dir = makeWorkspace(gateYaml(1));
      const r = await runAction({ node, dir, api, inputs: { 'config-source': 'base' } });
      expect(r.code).toBe(0);
      expect(top(comment())).toContain(
        "> [!WARNING]\n> config-source base: .github/ml-test-gate.yml does not exist at the base commit bbbbbbb; the pull request's gate settings were used \\(first adoption\\)",
      );
    });

    it('without a token the base config cannot be read: the gate fails, the report is still written', async () => {
      dir = makeWorkspace(gateYaml(1));
      const r = await runAction({ node, dir, api, inputs: { 'config-source': 'base', 'github-token': '' } });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(
        /::error::ML Test Score \d\/7: gate failed: config-source base: it needs the github-token input to read the config of the base commit/,
      );
      expect(existsSync(r.outputs['report-path'])).toBe(true);
      expect(r.summary).toContain('The gate failed closed');
      expect(api.requests).toHaveLength(0);
    });
  });

  describe('inputs: input (non-empty) > config > built-in default', () => {
    it('an input that relaxes the config applies, and the comment header says so', async () => {
      dir = makeWorkspace(gateYaml(2));
      const r = await runAction({ node, dir, api, inputs: { 'min-score': '1' } });
      expect(r.code).toBe(0);
      expect(top(comment())).toContain('> [!WARNING]\n> Workflow inputs relax the config: `min-score` 1 (config: 2).');
      expect(r.summary).toContain('Workflow inputs relax the config');
    });

    it('mode: enforce as an input overrides gate.mode: report; a stricter input is not called a relaxation', async () => {
      dir = makeWorkspace(gateYaml(2).replace('gate:\n', 'gate:\n  mode: report\n'));
      const r = await runAction({ node, dir, api, inputs: { mode: 'enforce' } });
      expect(r.code).toBe(1);
      expect(comment()).not.toContain('relax');
    });

    it("baseline: empty uses the config's path; an explicit none wins over it", async () => {
      dir = makeWorkspace(gateYaml(1, 'baseline: reports/base.json'), { 'reports/base.json': mainReport });
      const r = await runAction({ node, dir, api });
      expect(r.outputs['base-score']).toBe('1');
      expect(api.calls('GET', /\/actions\//)).toHaveLength(0);
      const none = await runAction({ node, dir, api, inputs: { baseline: 'none' } });
      expect(none.outputs['base-score']).toBe('');
    });
  });

  describe('baseline lookup on a busy repository', () => {
    it("pages the name-filtered list past 350 fork artifacts to main's newest when the base commit uploaded none", async () => {
      api.addArtifact(
        {
          id: 10,
          name: 'ml-test-gate-default',
          expired: false,
          created_at: '2026-11-01T10:00:00Z',
          workflow_run: { id: 100, repository_id: REPO_ID, head_repository_id: REPO_ID, head_branch: 'main', head_sha: 'a'.repeat(40) },
        },
        makeZip({ 'report.json': mainReport }),
      );
      for (let i = 0; i < 350; i++) {
        const t = new Date(Date.parse('2026-11-02T00:00:00Z') + i * 60_000).toISOString();
        api.addArtifact(
          {
            id: 1000 + i,
            name: 'ml-test-gate-default',
            expired: false,
            created_at: t,
            workflow_run: { id: 20_000 + i, repository_id: REPO_ID, head_repository_id: 999, head_branch: 'main', head_sha: BASE_SHA },
          },
          makeZip({ 'report.json': '{}' }),
        );
      }
      dir = makeWorkspace(gateYaml(1));
      const r = await runAction({ node, dir, api });
      expect(r.outputs['base-score']).toBe('1');
      // the fork's runs of the base SHA do not count; the list is read until main's artifact (page 4)
      expect(api.calls('GET', /\/actions\/runs\/\d+\/artifacts$/)).toHaveLength(0);
      expect(api.calls('GET', /\/actions\/artifacts$/).map((q) => [q.query.name, q.query.page ?? '1', q.query.per_page])).toEqual([
        ['ml-test-gate-default', '1', '100'],
        ['ml-test-gate-default', '2', '100'],
        ['ml-test-gate-default', '3', '100'],
        ['ml-test-gate-default', '4', '100'],
      ]);
      expect(comment()).toContain('newest from main \\(none was built from bbbbbbb\\)');
    });

    it('a rate-limited listing (429, Retry-After) is waited out', async () => {
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
      api.faults.push({
        method: 'GET',
        path: /\/actions\/runs$/,
        status: 429,
        headers: { 'retry-after': '1' },
        body: { message: 'secondary rate limit' },
      });
      dir = makeWorkspace(gateYaml(1));
      const r = await runAction({ node, dir, api });
      expect(r.outputs['base-score']).toBe('1');
      expect(r.stdout).toMatch(
        /GitHub API GET \S*\/actions\/runs\?head_sha=b{40}&per_page=100: 429 \(rate limited\); retry 1\/3 in 1\.0 s/,
      );
    });
  });

  describe('mode: publish against a lying fork', () => {
    let pub = '';
    beforeEach(() => {
      pub = mkdtempSync(path.join(tmpdir(), 'mtg-e2e-pub-'));
      mkdirSync(path.join(pub, 'repo', '.github'), { recursive: true });
      mkdirSync(path.join(pub, 'tmp'));
      writeFileSync(path.join(pub, 'repo', '.github', 'ml-test-gate.yml'), gateYaml(1));
      api.pulls.push({
        number: PR,
        state: 'open',
        head: { sha: HEAD_SHA, ref: 'patch-1', label: 'forker:patch-1' },
        base: { sha: BASE_SHA, ref: 'main' },
      });
    });
    afterEach(() => cleanup(pub));

    const event = () => ({
      action: 'completed',
      repository: { id: REPO_ID, default_branch: 'main' },
      workflow_run: {
        id: 555,
        event: 'pull_request',
        head_sha: HEAD_SHA,
        head_branch: 'patch-1',
        html_url: 'https://github.com/acme/models/actions/runs/555',
        pull_requests: [],
        head_repository: { id: 999, owner: { login: 'forker' } },
      },
    });
    const upload = (report: string | Buffer, extra: Record<string, string | Buffer> = {}) =>
      api.addArtifact(
        {
          id: 71,
          name: 'ml-test-gate-default',
          expired: false,
          created_at: '2026-11-23T10:00:00Z',
          workflow_run: { id: 555, repository_id: REPO_ID, head_repository_id: 999, head_branch: 'patch-1', head_sha: HEAD_SHA },
        },
        makeZip({ 'report.json': report, ...extra }),
      );
    const publish = (inputs: Record<string, string> = {}, env: Record<string, string> = {}) =>
      runAction({
        node,
        dir: pub,
        api,
        eventName: 'workflow_run',
        event: event(),
        inputs: { mode: 'publish', 'check-name': 'ML Test Score', ...inputs },
        env,
      });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test edits a report as a forger would: any field, any shape
    const edit = (f: (r: Record<string, any>) => void) => {
      const r = JSON.parse(forkReport);
      f(r);
      return JSON.stringify(r);
    };

    it("an attestation the fork added to its own config does not count; the trusted side's baseline sets the drop", async () => {
      upload(
        edit((r) => {
          const t = r.tests.find((x: { id: string }) => x.id === 'data-6');
          Object.assign(t, {
            status: 'attested',
            points: 0.5,
            details: { ...t.details, attestation: { by: 'me', date: '2026-11-01', link: 'https://x', expiresOn: '2027-11-01' } },
          });
          // and a flattering baseline of its own
          r.baseline = { source: 'mine', score: { ...r.score, final: 0 } };
          r.delta = { final: 1, sections: { data: 1, model: 1, infrastructure: 1, monitoring: 1 }, tests: [] };
        }),
      );
      const base = JSON.parse(mainReport);
      for (const s of ['data', 'model', 'infrastructure', 'monitoring']) base.score.sections[s].points = 3;
      base.score.final = 3;
      api.addArtifact(
        {
          id: 11,
          name: 'ml-test-gate-default',
          expired: false,
          created_at: '2026-11-20T10:00:00Z',
          workflow_run: { id: 400, repository_id: REPO_ID, head_repository_id: REPO_ID, head_branch: 'main', head_sha: BASE_SHA },
        },
        makeZip({ 'report.json': JSON.stringify(base) }),
      );
      const r = await publish();
      expect(r.code, r.stdout).toBe(0);
      expect(r.outputs.passed).toBe('false');
      expect(r.outputs['base-score']).toBe('3');
      const body = comment();
      expect(body).toContain('data-6 attested, but the default branch&#39;s config makes it missing'.replace('&#39;', "'"));
      expect(body).toContain('score dropped by -2 against the base branch; max-score-drop is 1');
      expect(api.checkRuns[0].conclusion).toBe('failure');
    });

    it('a report made for another commit is rejected: a failed check, a comment, exit 1, no crash', async () => {
      upload(edit((r) => (r.commit = 'a'.repeat(40))));
      const r = await publish();
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        '::error::artifact ml-test-gate-default of run 555 was rejected: it was made for commit aaaaaaa, but the triggering run built ccccccc',
      );
      expect(api.checkRuns).toHaveLength(1);
      expect(api.checkRuns[0]).toMatchObject({
        conclusion: 'failure',
        head_sha: HEAD_SHA,
        output: { title: 'ML Test Score: no trusted verdict' },
      });
      expect(comment()).toContain('it was made for commit aaaaaaa');
      noCrash(r);
    });

    it('a report that is not a valid report names the field', async () => {
      upload(edit((r) => (r.tests[3].status = 'excellent')));
      const r = await publish();
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        '::error::artifact ml-test-gate-default of run 555: invalid ml-test-gate report: tests[3].status: expected one of "pass", "fail", "attested", "expired", "error", "missing", got "excellent"',
      );
      expect(api.checkRuns[0].conclusion).toBe('failure');
      noCrash(r);
    });

    it('an oversized report is rejected before it is inflated', async () => {
      upload(Buffer.alloc(21 * 1024 * 1024, 0x20));
      const r = await publish();
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        `::error::artifact ml-test-gate-default of run 555 was rejected: report.json is ${21 * 1024 * 1024} bytes; the limit is ${20 * 1024 * 1024}`,
      );
      expect(api.checkRuns[0].conclusion).toBe('failure');
    });

    it('without a checkout, the default branch config is read through the API; an invalid one blocks the verdict', async () => {
      cleanup(path.join(pub, 'repo', '.github'));
      upload(forkReport);
      api.contents.set(`${'d'.repeat(40)}:.github/ml-test-gate.yml`, gateYaml(2));
      const r = await publish();
      expect(r.code).toBe(0);
      expect(api.calls('GET', /\/contents\//)[0].query.ref).toBe('d'.repeat(40));
      expect(r.outputs.passed).toBe('false');
      expect(comment()).toContain('score 1 is below min-score 2');
      expect(comment()).toContain("recomputed with the default branch's settings (.github/ml-test-gate.yml at ddddddd)");

      api.contents.set(`${'d'.repeat(40)}:.github/ml-test-gate.yml`, 'gate: [');
      const bad = await publish();
      expect(bad.code).toBe(1);
      expect(bad.stdout).toMatch(
        /::error::no trusted verdict: the default branch's config cannot be used: \.github\/ml-test-gate\.yml at ddddddd:1: invalid YAML/,
      );
      expect(api.checkRuns.at(-1)!.conclusion).toBe('failure');
    });

    it('no config on the default branch yet (404): the built-in settings, with a warning', async () => {
      cleanup(path.join(pub, 'repo', '.github'));
      upload(forkReport);
      const r = await publish();
      expect(r.code).toBe(0);
      expect(r.outputs.passed).toBe('true');
      expect(top(comment(), 14)).toContain(
        'does not exist on the default branch at ddddddd: the verdict was recomputed with the built-in gate settings',
      );
      expect(api.checkRuns[0].conclusion).toBe('success');
    });

    it('the token stays out of every output', async () => {
      upload(forkReport);
      const r = await publish();
      expect(r.stdout + r.stderr + r.summary + comment()).not.toContain(TOKEN);
    });
  });
});
