import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeGitHub } from './fake-github.js';
import { BASE_SHA, cleanup, gateYaml, makeWorkspace, PR, runAction } from './harness.js';

let api: FakeGitHub;
let dir = '';

beforeEach(async () => {
  api = await new FakeGitHub().start();
  api.prFiles.set(PR, ['.github/ml-test-gate.yml']);
  // main requires min-score 2; the pull request lowers it to 1
  api.contents.set(`${BASE_SHA}:.github/ml-test-gate.yml`, gateYaml(2));
  dir = makeWorkspace(gateYaml(1));
});
afterEach(async () => {
  await api.stop();
  cleanup(dir);
});

describe('config-source', () => {
  it('base: the gate settings of the base commit apply; the comment flags the change', async () => {
    const r = await runAction({ dir, api, inputs: { 'config-source': 'base' } });
    expect(r.code).toBe(1);
    expect(r.outputs.passed).toBe('false');
    expect(r.stdout).toContain('score 1 is below min-score 2');
    const read = api.calls('GET', /\/contents\//);
    expect(read).toHaveLength(1);
    expect(decodeURIComponent(read[0].path)).toBe('/repos/acme/models/contents/.github/ml-test-gate.yml');
    expect(read[0].query.ref).toBe(BASE_SHA);
    const body = api.comments.get(PR)![0].body;
    expect(body).toContain('This pull request changes the gate settings');
    expect(body).toContain('`min-score` 2 → 1');
    expect(body).toContain("The base branch's settings were applied");
  });

  it('head (default): the PR settings apply, and the change is still flagged', async () => {
    const r = await runAction({ dir, api });
    expect(r.code).toBe(0);
    expect(r.outputs.passed).toBe('true');
    const body = api.comments.get(PR)![0].body;
    expect(body).toContain('`min-score` 2 → 1');
    expect(body).toContain('The changed settings apply to this run');
  });

  it('base: without a config at the base commit, the PR settings apply with a warning', async () => {
    api.contents.clear();
    const r = await runAction({ dir, api, inputs: { 'config-source': 'base' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/config-source base: \.github\/ml-test-gate\.yml does not exist at the base commit bbbbbbb/);
  });
});
