// `ml-test-gate init` on a realistic repository (test/fixtures/init-repo, made by make-init-repo.mjs):
// the config it writes, then the gate run with that config: it passes and scores every section the
// repository has evidence for.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseConfig } from '../../src/config/load.js';
import { dataSchemaSchema } from '../../src/schemas/data-schema.js';
import type { Config } from '../../src/schemas/config.js';
import type { Report } from '../../src/schemas/report.js';
import { SECTIONS } from '../../src/rubric/tests.js';

const FIXTURE = path.resolve(__dirname, '../fixtures/init-repo');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the fixture as a git repository in a temp folder. */
function copy(): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'mtg-init-')));
  dirs.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  mkdirSync(path.join(dir, '.git'));
  return dir;
}

async function cli(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, env: {} });
  return { code, stdout, stderr };
}

const status = (r: Report, id: string) => r.tests.find((t) => t.id === id)!.status;

/** Whether the gate reads raw CSV as training/serving data (being added on another branch): asked of the gate, not of init. */
async function gateReadsRawData(dir: string): Promise<boolean> {
  writeFileSync(path.join(dir, 'raw.yml'), 'data:\n  training: data/train.csv\n  serving: data/serving.csv\n');
  await cli(['run', '--config', 'raw.yml', '--report-out', 'raw-report.json'], dir);
  const r: Report = JSON.parse(readFileSync(path.join(dir, 'raw-report.json'), 'utf8'));
  rmSync(path.join(dir, 'raw.yml'));
  rmSync(path.join(dir, 'raw-report.json'));
  return !r.tests.find((t) => t.id === 'monitor-3')!.details.checks.some((c) => /not valid JSON/.test(c.message));
}

describe('ml-test-gate init on a realistic repository', () => {
  let dir = '';
  let init = { code: 0, stdout: '', stderr: '' };
  let text = '';
  let config: Config;
  let report: Report;
  let rawData = false;

  beforeAll(async () => {
    dir = copy();
    rawData = await gateReadsRawData(dir);
    init = await cli(['init'], dir);
    text = readFileSync(path.join(dir, '.github/ml-test-gate.yml'), 'utf8');
    config = parseConfig('.github/ml-test-gate.yml', text);
    const run = await cli(['run', '--print'], dir);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    report = JSON.parse(readFileSync(path.join(dir, 'ml-test-gate-report.json'), 'utf8'));
  }, 120_000);

  it('finds the evidence by its content: predictions by their columns, JUnit by its root, DVC and MLflow, benchmarks, specs, manifests', () => {
    expect(init.code, init.stderr).toBe(0);
    const found = init.stderr.slice(0, init.stderr.indexOf('\n\n'));
    expect(found).toContain(
      'predictions (head)     predictions/holdout.csv (binary: label churned, score score, id customer_id; slices region, sex; groups sex)',
    );
    expect(found).toContain('predictions (base)     predictions/holdout_main.csv');
    expect(found).toContain('evaluation reports     metrics/eval.json (dvc), mlruns/1/6f1c2d3e4a5b4c6d8e9f0a1b2c3d4e5f (mlflow run)');
    expect(found).toContain('JUnit: feature tests   reports/junit/test-features.xml');
    expect(found).toContain('benchmarks             .benchmarks/Linux-CPython-3.11-64bit/0001_baseline.json (pytest-benchmark)');
    expect(found).toContain('model specs            model/gbt.yaml, params.yaml');
    expect(found).toContain('dependency manifests   requirements.txt');
    expect(found).toContain('training data          data/train.csv');
  });

  it('writes a valid config that uses that evidence, each key commented with the rubric test it earns', () => {
    const m = config.model!;
    expect(m.predictions).toMatchObject({
      file: 'predictions/holdout.csv',
      base: 'predictions/holdout_main.csv',
      task: 'binary',
      columns: { label: 'churned', score: 'score', id: 'customer_id' },
    });
    const auc = (report.records['model-predictions'] as { metrics: Record<string, number> }).metrics.roc_auc;
    expect(m.thresholds!.roc_auc.min).toBeLessThan(auc);
    expect(m.thresholds!.roc_auc.min).toBeGreaterThan(auc - 0.03);
    expect(m.comparison!.metrics).toEqual(['roc_auc']);
    expect(m.slices!.columns).toContain('region');
    expect(m.inclusion!.groups).toEqual(['sex']);
    expect(m['eval-report']).toBeUndefined(); // the metrics come from the predictions: the reports found are listed, commented
    expect(config.tests).toMatchObject({
      feature: 'reports/junit/test-features.xml',
      model: 'reports/junit/test-model.xml',
      pipeline: 'reports/junit/test-pipeline.xml',
    });
    expect(config.review!['model-specs']).toEqual(['model/gbt.yaml', 'params.yaml']);
    expect(config.infra!.performance!.evidence).toEqual([
      { path: '.benchmarks/Linux-CPython-3.11-64bit/0001_baseline.json', format: 'pytest-benchmark' },
    ]);
    expect(Object.keys(config.infra!.performance!.budgets)).toEqual(['test_predict_one_customer']);
    expect(config.gate['min-score']).toBe(report.score.final);
    for (const [key, test] of [
      ['  feature:', 'data-7'],
      ['  model:', 'infra-2'],
      ['  pipeline:', 'infra-3'],
      ['  thresholds:', 'infra-4'],
      ['  comparison:', 'monitor-7'],
      ['  slices:', 'model-6'],
      ['  inclusion:', 'model-7'],
      ['  model-specs:', 'model-1'],
      ['review:', 'monitor-1'],
      ['  performance:', 'monitor-6'],
    ])
      expect(
        text.split('\n').find((l) => l.startsWith(key)),
        key,
      ).toMatch(new RegExp(`# ${test}\\b`));
    expect(text).toContain('  # eval-report: { path: metrics/eval.json, format: dvc, prefix: test. }   # found; with prediction files');
    expect(text).toContain('  # eval-report: { path: mlruns/1/6f1c2d3e4a5b4c6d8e9f0a1b2c3d4e5f, format: mlflow }   # found;');
    expect(text).toMatch(/# Not earned yet, cheapest first/);
  });

  it('writes the workflow: pull requests and pushes to main, the permissions the comment and the baseline need', () => {
    const wf = readFileSync(path.join(dir, '.github/workflows/ml-test-gate.yml'), 'utf8');
    expect(wf).toContain('  pull_request:\n  push:\n    branches: [main]');
    expect(wf).toContain('  pull-requests: write');
    expect(wf).toContain('  actions: read');
    expect(wf).toMatch(/^ {4}timeout-minutes: 20 /m);
    expect(wf).toContain('      - uses: ml-test-gate/ml-test-gate@v1\n        with:\n          config: .github/ml-test-gate.yml');
    expect(wf).toContain('      #   predictions/holdout.csv');
  });

  it('the gate passes with that config and scores every section the repository has evidence for', () => {
    expect(report.gate.passed).toBe(true);
    for (const s of SECTIONS) expect(report.score.sections[s].points, s).toBeGreaterThan(0);
    for (const id of [
      'data-7',
      'model-1',
      'model-6',
      'model-7',
      'infra-2',
      'infra-3',
      'infra-4',
      'monitor-1',
      'monitor-5',
      'monitor-6',
      'monitor-7',
    ])
      expect(status(report, id), id).toBe('pass');
    expect(report.tests.filter((t) => t.status === 'error')).toEqual([]);
    // init printed what the written config earns: the same score the gate then gives
    expect(init.stderr).toContain(`Today: Gate passed · ML Test Score ${report.score.final}/7 (no baseline)`);
    expect(init.stderr).toMatch(/\nNext steps, cheapest first \(/);
  });

  it('training and serving CSVs: used as raw data when the gate reads it, else left out with the reason', () => {
    if (rawData) {
      expect(config.data).toMatchObject({ training: 'data/train.csv', serving: 'data/serving.csv', schema: 'data/schema.json' });
      const schema = dataSchemaSchema.parse(JSON.parse(readFileSync(path.join(dir, 'data/schema.json'), 'utf8')));
      expect(schema.features.map((f) => f.name)).toEqual([
        'tenure_months',
        'monthly_charges',
        'support_tickets',
        'plan',
        'region',
        'churned',
      ]);
      // the label is in the training data only: optional in the schema, and not compared for skew
      expect(schema.features.filter((f) => !f.required).map((f) => f.name)).toEqual(['churned']);
      expect(config.data?.skew?.features).toEqual({ churned: { ignore: true } });
      for (const id of ['data-1', 'monitor-2', 'monitor-3']) expect(status(report, id), id).toBe('pass');
    } else {
      expect(config.data).toBeUndefined();
      expect(init.stderr).toMatch(
        /Left out data\/train\.csv: the gate cannot read it: data\/train\.csv \(line 1, column 1\): not valid JSON/,
      );
      expect(text).toMatch(/# Found but left out: the gate could not read them as they are:\n# {3}data\/train\.csv: /);
      expect(existsSync(path.join(dir, 'data/schema.json'))).toBe(false);
    }
  });
});

describe('ml-test-gate init never overwrites without --force', () => {
  it('refuses when a target exists and writes nothing; --dry-run prints instead; --force overwrites', async () => {
    const dir = copy();
    rmSync(path.join(dir, 'predictions'), { recursive: true }); // not needed here: a faster evaluation
    mkdirSync(path.join(dir, '.github'));
    writeFileSync(path.join(dir, '.github/ml-test-gate.yml'), 'version: 1\n');
    const refused = await cli(['init'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`init: .github/ml-test-gate.yml already exists in ${dir}; nothing was written`);
    expect(refused.stderr).toContain('Use --force to overwrite');
    expect(readFileSync(path.join(dir, '.github/ml-test-gate.yml'), 'utf8')).toBe('version: 1\n');
    expect(existsSync(path.join(dir, '.github/workflows/ml-test-gate.yml'))).toBe(false);

    const dry = await cli(['init', '--dry-run'], dir);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^# \.github\/ml-test-gate\.yml\n# yaml-language-server/);
    expect(dry.stdout).toContain('# .github/workflows/ml-test-gate.yml\n');
    expect(readFileSync(path.join(dir, '.github/ml-test-gate.yml'), 'utf8')).toBe('version: 1\n');

    const forced = await cli(['init', '--force'], dir);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain('(overwrote .github/ml-test-gate.yml)');
    expect(statSync(path.join(dir, '.github/workflows/ml-test-gate.yml')).isFile()).toBe(true);
  }, 60_000);

  it('without prediction files, the DVC metrics are the evaluation report; evidence the gate cannot read is left out, with why', async () => {
    const dir = copy();
    rmSync(path.join(dir, 'predictions'), { recursive: true });
    const ok = await cli(['init', '--dry-run'], dir);
    expect(ok.stdout).toContain(
      '  eval-report: { path: metrics/eval.json, format: dvc, prefix: test. } # infra-4 with thresholds; monitor-5',
    );
    const reported: number = JSON.parse(readFileSync(path.join(dir, 'metrics/eval.json'), 'utf8')).test.roc_auc;
    const floor = Math.floor((reported - 0.02) * 100) / 100; // 0.02 below what DVC reports, rounded down
    expect(ok.stdout).toMatch(new RegExp(`\\n {2}thresholds: +# infra-4[^\\n]*\\n {4}roc_auc: \\{ min: ${floor} \\}\\n`));

    writeFileSync(path.join(dir, 'reports/junit/test-model.xml'), '<testsuites><testsuite name="model">');
    writeFileSync(path.join(dir, 'metrics/eval.json'), '{"test": {"roc_auc": [0.8]}}');
    const r = await cli(['init'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /Left out reports\/junit\/test-model\.xml: the gate cannot read it: reports\/junit\/test-model\.xml: not well-formed XML/,
    );
    expect(r.stderr).toMatch(/Left out metrics\/eval\.json: the gate cannot read it: .*a list is not a metric/);
    const config = parseConfig('c.yml', readFileSync(path.join(dir, '.github/ml-test-gate.yml'), 'utf8'));
    expect(config.tests!.model).toBeUndefined();
    expect(config.model!['eval-report']).toEqual({ path: 'mlruns/1/6f1c2d3e4a5b4c6d8e9f0a1b2c3d4e5f', format: 'mlflow' }); // the next report found
    expect(config.model!.thresholds).toEqual({ roc_auc: { min: floor } }); // from the MLflow run's metrics (the same values)
    const run = await cli(['run'], dir);
    expect(run.code, run.stderr).toBe(0);
    const report: Report = JSON.parse(readFileSync(path.join(dir, 'ml-test-gate-report.json'), 'utf8'));
    expect(status(report, 'infra-4')).toBe('pass');
    expect(status(report, 'infra-2')).toBe('missing');
  }, 60_000);
});
