import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';
import { noBaseline } from '../../src/gate/baseline.js';
import { evaluateGate } from '../../src/gate/evaluate.js';
import { decideFacts, readMaturityFacts } from '../../src/gate/maturity-facts.js';
import { parseWorkflow, type Workflow } from '../../src/gate/workflows.js';
import { reportSchema } from '../../src/schemas/report.js';
import { memoryWorkspace } from '../helpers/memory-workspace.js';

const FIXTURES = path.resolve(__dirname, '../fixtures/workflows');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
/** The named fixtures as `.github/workflows/<name>` in a memory workspace. */
const repo = (...names: string[]) => Object.fromEntries(names.map((n) => [`.github/workflows/${n}`, fixture(n)]));

const cfg = (yaml: string) => parseConfig('c.yml', `maturity:\n${yaml}`).maturity!;
const TRAIN_DEPLOY = cfg('  training: { jobs: [train] }\n  deployment: { jobs: [deploy-model] }\n  alarm-workflows: [ML Test Score]\n');

const parsed = (name: string): Workflow => {
  const p = parseWorkflow(name, fixture(name));
  if (!p.ok) throw new Error(p.message);
  return p.workflow;
};

describe('parseWorkflow', () => {
  it('reads triggers, valid crons with their lines, and each job with its commands', () => {
    const wf = parsed('scheduled-train.yml');
    expect(wf.name).toBe('Nightly retrain');
    expect(wf.events).toEqual(['schedule', 'workflow_dispatch']);
    expect(wf.crons).toEqual([{ cron: '0 3 * * *', line: 4 }]);
    expect(wf.warnings).toEqual([
      { message: 'on.schedule: cron "every day at noon" is not a five-field cron expression; it is not counted', line: 5 },
    ]);
    expect(wf.jobs.map((j) => [j.id, j.name, j.line])).toEqual([
      ['lint', undefined, 8],
      ['retrain', 'Train', 12],
    ]);
    expect(wf.jobs[1].commands).toEqual(['actions/checkout@v5', 'python pipelines/train.py --data s3://bucket/latest']);
  });

  it('reads on: as a string, a list or a mapping; workflow_run sources; a reusable workflow job; YAML anchors', () => {
    expect(parsed('deploy-manual.yml').events).toEqual(['workflow_dispatch']);
    const p = parseWorkflow('x.yml', 'on: [push, pull_request]\njobs: {}\n');
    expect(p.ok && p.workflow.events).toEqual(['push', 'pull_request']);
    const alarm = parsed('alarm-train.yml');
    expect(alarm.workflowRunSources).toEqual(['ML Test Score', 'Nightly eval']);
    expect(alarm.jobs[0].commands).toEqual(['./.github/workflows/reusable-train.yml']);
    expect(parsed('anchors.yml').crons).toEqual([{ cron: '30 1 * * 0', line: 4 }]);
  });

  it('gives one message with the line for malformed YAML, and names what is missing for a YAML file that is not a workflow', () => {
    const broken = parseWorkflow('broken.yml', fixture('broken.yml'));
    expect(broken.ok).toBe(false);
    if (broken.ok) return;
    expect(broken.message).toMatch(/^invalid YAML: /);
    expect(broken.line).toBeGreaterThanOrEqual(10);
    expect(broken.message).not.toContain('\n');
    const other = parseWorkflow('not-a-workflow.yml', fixture('not-a-workflow.yml'));
    expect(other).toEqual({
      ok: false,
      file: 'not-a-workflow.yml',
      line: 1,
      message: 'expected a workflow with on: and jobs: at the top level; on: is missing',
    });
    expect(parseWorkflow('list.yml', '- a\n- b\n')).toMatchObject({
      ok: false,
      message: 'expected a workflow: a mapping with on: and jobs:',
    });
  });
});

describe('decideFacts (pure)', () => {
  it('a training job on a schedule is a retrain trigger, with the file and the cron line', () => {
    const f = decideFacts(cfg('  training: { jobs: [Train] }\n'), [parsed('scheduled-train.yml')], []);
    expect(f['retrain-schedule']).toEqual({
      state: 'observed',
      detail: 'scheduled-train.yml: cron "0 3 * * *" runs training job "retrain"',
      file: 'scheduled-train.yml',
      line: 4,
    });
  });

  it('matches jobs by id or name (case-insensitive) or by a command they run', () => {
    const byCommand = decideFacts(cfg('  training: { commands: [train.py] }\n'), [parsed('scheduled-train.yml')], []);
    expect(byCommand['retrain-schedule'].state).toBe('observed');
    const byReusable = decideFacts(
      cfg('  training: { commands: [reusable-train.yml] }\n  alarm-workflows: [ml test score]\n'),
      [parsed('alarm-train.yml')],
      [],
    );
    expect(byReusable['retrain-on-alarm']).toMatchObject({
      state: 'observed',
      detail: 'alarm-train.yml: workflow_run of "ML Test Score" runs training job "train"',
      line: 7,
    });
    const noMatch = decideFacts(cfg('  training: { jobs: [fit] }\n'), [parsed('scheduled-train.yml')], []);
    expect(noMatch['retrain-schedule']).toEqual({
      state: 'absent',
      detail: 'no job in 1 workflow file(s) matches maturity.training (jobs: fit)',
    });
  });

  it('a training job without a schedule, or on workflow_run of another workflow, is not a trigger, and says where it is', () => {
    const f = decideFacts(cfg('  training: { jobs: [train] }\n  alarm-workflows: [Drift monitor]\n'), [parsed('alarm-train.yml')], []);
    expect(f['retrain-schedule']).toEqual({
      state: 'absent',
      detail: 'training jobs found, but none on a schedule: alarm-train.yml (on: workflow_run)',
    });
    expect(f['retrain-on-alarm']).toEqual({
      state: 'absent',
      detail: 'no training job runs on workflow_run of "Drift monitor": alarm-train.yml (on: workflow_run)',
    });
  });

  it('deployment is automated on push and not on workflow_dispatch alone', () => {
    expect(decideFacts(TRAIN_DEPLOY, [parsed('deploy-on-push.yml')], [])['automated-deployment']).toMatchObject({
      state: 'observed',
      detail: 'deploy-on-push.yml: deployment job "deploy-model" runs on push',
    });
    expect(decideFacts(TRAIN_DEPLOY, [parsed('deploy-manual.yml')], [])['automated-deployment']).toEqual({
      state: 'absent',
      detail:
        'deployment jobs found, but none on an automatic trigger (push, schedule, workflow_run, release, repository_dispatch): deploy-manual.yml (on: workflow_dispatch)',
    });
  });

  it('not configured is its own state; the model registry is declared, never observed', () => {
    const f = decideFacts(cfg('  model-registry: models:/churn\n'), [parsed('scheduled-train.yml')], []);
    expect(f['retrain-schedule']).toEqual({
      state: 'not-configured',
      detail: 'maturity.training (jobs or commands) is not set in the config',
    });
    expect(f['retrain-on-alarm'].state).toBe('not-configured');
    expect(f['automated-deployment'].state).toBe('not-configured');
    expect(f['model-registry']).toEqual({ state: 'declared', detail: 'declared in the config: models:/churn' });
    expect(decideFacts(cfg('  training: { jobs: [train] }\n'), [], [])['retrain-on-alarm']).toEqual({
      state: 'not-configured',
      detail: 'maturity.alarm-workflows is not set in the config',
    });
  });

  it('a fact not found while a workflow file was unreadable is an error (unmeasured), not absent', () => {
    const f = decideFacts(TRAIN_DEPLOY, [parsed('deploy-manual.yml')], [{ file: 'broken.yml', message: 'invalid YAML: x', line: 11 }]);
    expect(f['retrain-schedule']).toEqual({
      state: 'error',
      detail:
        'no job in 1 workflow file(s) matches maturity.training (jobs: train); 1 workflow file(s) could not be read (broken.yml:11: invalid YAML: x)',
      file: 'broken.yml',
      line: 11,
    });
    // found elsewhere: the broken file does not matter
    expect(
      decideFacts(TRAIN_DEPLOY, [parsed('deploy-on-push.yml')], [{ file: 'broken.yml', message: 'x' }])['automated-deployment'].state,
    ).toBe('observed');
  });
});

describe('readMaturityFacts (through the Workspace)', () => {
  it('without a maturity section reads nothing and reports every fact as not configured', async () => {
    const ws = memoryWorkspace(repo('scheduled-train.yml'));
    ws.readText = async () => {
      throw new Error('must not read');
    };
    const r = await readMaturityFacts(undefined, ws);
    expect(Object.values(r.facts).map((f) => f.state)).toEqual(['not-configured', 'not-configured', 'not-configured', 'not-configured']);
    expect(r.diagnostics).toEqual([]);
  });

  it('finds a schedule cron in the default workflow folder; a malformed file is one warning naming it and its line', async () => {
    const r = await readMaturityFacts(
      cfg('  training: { jobs: [train, retrain] }\n'),
      memoryWorkspace(repo('scheduled-train.yml', 'broken.yml', 'deploy-manual.yml')),
    );
    expect(r.facts['retrain-schedule']).toMatchObject({ state: 'observed', file: '.github/workflows/scheduled-train.yml', line: 4 });
    const broken = r.diagnostics.filter((d) => d.file === '.github/workflows/broken.yml');
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatchObject({
      level: 'warning',
      message: expect.stringMatching(/^MLOps maturity: invalid YAML: .+; this workflow file is not counted$/),
    });
    expect(broken[0].line).toBeGreaterThanOrEqual(10);
    // the malformed cron in the good file is a warning too
    expect(r.diagnostics).toContainEqual({
      level: 'warning',
      message: 'MLOps maturity: on.schedule: cron "every day at noon" is not a five-field cron expression; it is not counted',
      file: '.github/workflows/scheduled-train.yml',
      line: 5,
    });
  });

  it('no schedule anywhere: absent when every file was read; error when the only scheduled file is malformed', async () => {
    const none = await readMaturityFacts(TRAIN_DEPLOY, memoryWorkspace(repo('deploy-manual.yml', 'alarm-train.yml')));
    expect(none.facts['retrain-schedule']).toEqual({
      state: 'absent',
      detail: 'training jobs found, but none on a schedule: .github/workflows/alarm-train.yml (on: workflow_run)',
    });
    expect(none.facts['retrain-on-alarm'].state).toBe('observed');
    const broken = await readMaturityFacts(TRAIN_DEPLOY, memoryWorkspace(repo('deploy-manual.yml', 'broken.yml')));
    expect(broken.facts['retrain-schedule'].state).toBe('error');
    expect(broken.facts['retrain-schedule'].detail).toContain('.github/workflows/broken.yml:');
  });

  it('reads only the configured patterns, and warns when they match nothing', async () => {
    const files = { ...repo('deploy-on-push.yml'), 'ops/ci/train.yaml': fixture('scheduled-train.yml') };
    const r = await readMaturityFacts(
      cfg('  workflows: ops/ci/*.yaml\n  training: { jobs: [retrain] }\n  deployment: { jobs: [deploy-model] }\n'),
      memoryWorkspace(files),
    );
    expect(r.facts['retrain-schedule'].state).toBe('observed');
    expect(r.facts['automated-deployment'].state).toBe('absent'); // .github/workflows is not read
    const empty = await readMaturityFacts(TRAIN_DEPLOY, memoryWorkspace({}));
    expect(empty.diagnostics).toEqual([
      {
        level: 'warning',
        message: 'MLOps maturity: no workflow file matches maturity.workflows (.github/workflows/*.yml, .github/workflows/*.yaml)',
      },
    ]);
    expect(empty.facts['retrain-schedule'].state).toBe('absent');
  });

  it('every fixture is either a workflow or one clear message (no throw)', async () => {
    for (const name of readdirSync(FIXTURES)) {
      const p = parseWorkflow(name, fixture(name));
      if (!p.ok) expect(p.message.length).toBeLessThan(200);
    }
  });
});

describe('maturity config', () => {
  it('refuses workflow paths outside the repository and suggests near key names', () => {
    expect(() => parseConfig('c.yml', 'maturity:\n  workflows: ../other/.github/workflows/*.yml\n')).toThrow(
      /expected a path or glob relative to the repository root/,
    );
    expect(() => parseConfig('c.yml', 'maturity:\n  workflows: [/etc/*.yml]\n')).toThrow(ConfigError);
    expect(() => parseConfig('c.yml', 'maturity:\n  trainning: { jobs: [t] }\n')).toThrow(
      /unknown key "trainning" \(did you mean "training"\?\)/,
    );
    expect(() => parseConfig('c.yml', 'maturity:\n  training: { jobs: train }\n')).toThrow(
      /c\.yml:2: maturity\.training\.jobs: expected a list/,
    );
  });
});

describe('evaluateGate adds maturity to the report', () => {
  const CONFIG = `
gate: { min-score: 0 }
tests:
  pipeline: junit/pipeline.xml
maturity:
  training: { jobs: [train] }
`;
  const junit = '<testsuites><testsuite name="s"><testcase name="a"/></testsuite></testsuites>';

  it('decides the levels from the scored tests and the facts, keeps the warnings, and validates', async () => {
    const files = { 'junit/pipeline.xml': junit, ...repo('scheduled-train.yml', 'broken.yml') };
    const r = await evaluateGate({
      config: parseConfig('c.yml', CONFIG),
      configFile: 'c.yml',
      workspace: memoryWorkspace(files),
      baseline: noBaseline('none'),
      now: new Date('2026-11-23T12:00:00Z'),
    });
    expect(reportSchema.safeParse(JSON.parse(JSON.stringify(r))).success).toBe(true);
    const m = r.maturity!;
    expect(m.facts['retrain-schedule'].state).toBe('observed'); // job "retrain" is named "Train"
    expect(m.criteria.find((c) => c.id === 'pipeline-integration-test')!.met).toBe(true);
    expect(m.google.level).toBe(0);
    expect(m.google.next!.missing.map((x) => x.criterion)).toEqual(['data-validation', 'model-validation', 'versioned-model-store']);
    expect(r.diagnostics.some((d) => d.file === '.github/workflows/broken.yml' && d.level === 'warning')).toBe(true);
    expect(r.gate.passed).toBe(true); // maturity never changes the verdict
  });
});
