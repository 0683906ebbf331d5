// When the pull request's changed files cannot be listed, model-1 and monitor-1 cannot be checked:
// their error must say why (the API's answer), not a generic "the token needs pull-requests: read"
// whatever happened. dist/index.js against the fake API, on Node 20 and (when set) Node 24.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/schemas/report.js';
import { FakeGitHub, type Fault } from './fake-github.js';
import { cleanup, gateYaml, makeWorkspace, PR, RUNTIMES, runAction } from './harness.js';

let api: FakeGitHub;
let dir = '';

beforeEach(async () => {
  api = await new FakeGitHub().start();
  api.prFiles.set(PR, ['requirements.txt']);
});
afterEach(async () => {
  await api.stop();
  if (dir) cleanup(dir);
  dir = '';
});

const FILES = /\/pulls\/42\/files$/;

const CASES: Array<{ name: string; fault: Omit<Fault, 'path'>; why: RegExp }> = [
  {
    name: '401 (a bad token)',
    fault: { status: 401, body: { message: 'Bad credentials' }, times: 10 },
    why: /listing the files of pull request #42 failed: 401 Bad credentials\. The github-token input is not a valid token\./,
  },
  {
    name: '404',
    fault: { status: 404, body: { message: 'Not Found' }, times: 10 },
    why: /failed: 404 Not Found\. Either it does not exist or the token cannot see it; the token needs `pull-requests: read`\./,
  },
  {
    name: 'a rate limit (429, Retry-After an hour)',
    fault: { status: 429, headers: { 'retry-after': '3600' }, body: { message: 'API rate limit exceeded' }, times: 10 },
    why: /failed: rate limited by GitHub \(API rate limit exceeded\); try again later\./,
  },
  {
    name: 'a timeout',
    fault: { status: 200, body: [], delayMs: 5000, times: 10 },
    why: /failed: timeout: no answer from the GitHub API within [\d.]+ s/,
  },
  {
    name: 'repeated 502s',
    fault: { status: 502, body: { message: 'Bad Gateway' }, times: 10 },
    why: /failed: 502 Bad Gateway \(a GitHub server error; retried while the time budget lasted\)/,
  },
];

describe.each(RUNTIMES)('listing the pull request files fails (%s)', (_name, node) => {
  it.skipIf(!node).each(CASES)('$name: model-1 and monitor-1 are errors that give the real cause', async ({ fault, why }) => {
    api.faults.push({ method: 'GET', path: FILES, ...fault });
    dir = makeWorkspace(gateYaml(0));
    const r = await runAction({
      node,
      dir,
      api,
      env: { ML_TEST_GATE_API_TIMEOUT_MS: '300', ML_TEST_GATE_RETRY_BUDGET_MS: '1500' },
    });
    expect(r.stderr).not.toMatch(/internal error|This is a bug/);
    const report = JSON.parse(readFileSync(r.outputs['report-path'], 'utf8')) as Report;
    for (const id of ['model-1', 'monitor-1']) {
      const t = report.tests.find((x) => x.id === id)!;
      expect(t.status, id).toBe('error');
      const check = t.details.checks.find((c) => c.name === 'pull request files')!;
      expect(check.message).toMatch(/^the files changed by pull request #42 could not be listed, so .* could not be checked: /);
      expect(check.message).toMatch(why);
    }
  });
});
