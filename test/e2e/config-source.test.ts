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
    expect(body).toContain('`gate.min-score` 2 → 1');
    expect(body).toContain("The base branch's settings were applied");
  });

  it('head (default): the PR settings apply, and the change is still flagged', async () => {
    const r = await runAction({ dir, api });
    expect(r.code).toBe(0);
    expect(r.outputs.passed).toBe('true');
    const body = api.comments.get(PR)![0].body;
    expect(body).toContain('`gate.min-score` 2 → 1');
    expect(body).toContain('The changed settings apply to this run');
  });

  it('base: a PR cannot relax a setting outside the gate section either', async () => {
    // main does not allow skipped tests (the demo's model.xml has one); the PR removes that setting
    const strict = gateYaml(0).replace(
      '  pipeline: evidence/junit/pipeline.xml',
      '  pipeline: evidence/junit/pipeline.xml\n  allow-skipped: false',
    );
    api.contents.set(`${BASE_SHA}:.github/ml-test-gate.yml`, strict);
    cleanup(dir);
    dir = makeWorkspace(gateYaml(0));
    const r = await runAction({ dir, api, inputs: { 'config-source': 'base' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('skipped tests are not allowed');
    const body = api.comments.get(PR)![0].body;
    expect(body).toContain('`tests.allow-skipped` false → true');

    // the same PR with config-source head passes: the relaxed setting applies, and is flagged
    api.comments.clear();
    const head = await runAction({ dir, api });
    expect(head.code).toBe(0);
    expect(api.comments.get(PR)![0].body).toContain('`tests.allow-skipped` false → true');
  });

  it('base: without a config at the base commit, the PR settings apply with a warning', async () => {
    api.contents.clear();
    const r = await runAction({ dir, api, inputs: { 'config-source': 'base' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/config-source base: \.github\/ml-test-gate\.yml does not exist at the base commit bbbbbbb/);
  });
});
