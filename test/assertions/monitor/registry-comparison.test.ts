import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../../src/config/load.js';
import { fileWorkspace } from '../../../src/evidence/workspace.js';
import { noBaseline } from '../../../src/gate/baseline.js';
import { evaluateGate } from '../../../src/gate/evaluate.js';
import { describe, expect, it } from 'vitest';
import { compareWithProduction } from '../../../src/assertions/monitor/registry-comparison.js';
import { Rng } from '../../../src/stats/rng.js';
import { checksOf, gate, NOW, testOf } from '../../helpers/gate.js';
import { runs } from '../../helpers/tier.js';

/** The gate on files written to a temporary directory (the prediction loader streams from disk). */
async function gateOnDisk(cfg: string, files: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mtg-regcmp-'));
  try {
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), text);
    }
    return await evaluateGate({
      config: parseConfig('c.yml', cfg),
      configFile: 'c.yml',
      workspace: fileWorkspace(dir),
      baseline: noBaseline('none'),
      now: NOW,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const DEMO = path.resolve(__dirname, '../../../examples/demo');
const versions = readFileSync(path.join(DEMO, 'ops/registry/model-versions.json'), 'utf8');

/** An MLflow runs/get response with these metrics. */
function runJson(runId: string, metrics: Record<string, number>): string {
  return JSON.stringify({
    run: {
      info: { run_id: runId, run_uuid: runId, experiment_id: '12', status: 'FINISHED', start_time: 1788273600000, end_time: 1788275520000 },
      data: {
        metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, timestamp: 1788275460000, step: 0 })),
        params: [],
        tags: [],
      },
    },
  });
}
const CHAMPION = '9f63e4c2bd0a4138c7e5f4a3b2d1c099'; // version 9, alias champion in the demo export

const evalReport = (auc: number, logLoss: number, standardErrors?: Record<string, number>) =>
  JSON.stringify({
    schemaVersion: 1,
    model: { name: 'loan-default-gbt', version: '2.4.0' },
    task: 'binary',
    metrics: { roc_auc: auc, log_loss: logLoss },
    ...(standardErrors ? { standardErrors } : {}),
  });

const config = (extra = '') =>
  [
    'version: 1',
    'model:',
    '  eval-report: eval.json',
    '  comparison: { metrics: [roc_auc, log_loss], tolerance: { absolute: 0.005 } }',
    'infra:',
    '  registry:',
    '    export: registry/versions.json',
    '    runs: registry/run-*.json',
    extra,
  ].join('\n');

describe('compareWithProduction (seeded simulations)', () => {
  const N = runs(4000);
  const se = 0.01;
  const sim = (trueImp: number, seed: number) => {
    const rng = new Rng(seed);
    const out = { fail: 0, pass: 0, inconclusive: 0, covered: 0 };
    for (let i = 0; i < N; i++) {
      const prod = 0.8 + se * rng.normal();
      const cand = 0.8 + trueImp + se * rng.normal();
      const v = compareWithProduction('roc_auc', { value: cand, se }, { value: prod, se }, 0, 0.95);
      out[v.verdict as 'fail' | 'pass' | 'inconclusive']++;
      if (v.lo <= trueImp && trueImp <= v.hi) out.covered++;
    }
    return out;
  };

  it('A/A (the same model): rarely a fail, at most the one-sided 2.5% plus noise', () => {
    const r = sim(0, 11);
    expect(r.fail / N).toBeLessThan(0.05);
    expect(r.inconclusive / N).toBeGreaterThan(0.9); // it cannot tell, and says so
  });

  it('a real drop of 6 standard errors is caught nearly always', () => {
    expect(sim(-0.06, 12).fail / N).toBeGreaterThan(0.95);
  });

  it('the 95% interval of the improvement covers the true improvement about 95% of the time', () => {
    const c = sim(-0.01, 13).covered / N;
    expect(c).toBeGreaterThan(0.92);
    expect(c).toBeLessThan(0.98);
  });

  it('without standard errors it cannot tell: inconclusive whatever the points say, never a coin-flip fail', () => {
    const v = compareWithProduction('log_loss', { value: 0.6, se: null }, { value: 0.59, se: null }, 0.005, 0.95);
    expect(v).toMatchObject({ verdict: 'inconclusive', interval: false });
    expect(v.improvement).toBeCloseTo(-0.01, 12); // lower is better for log_loss
    // A/A on point values: the old point verdict failed about half of these
    const rng = new Rng(14);
    let fails = 0;
    for (let i = 0; i < N; i++) {
      const pv = compareWithProduction(
        'roc_auc',
        { value: 0.8 + se * rng.normal(), se: null },
        { value: 0.8 + se * rng.normal(), se: null },
        0,
        0.95,
      );
      if (pv.verdict === 'fail') fails++;
    }
    expect(fails).toBe(0);
  });

  it("with one side's standard error the other is taken equal: a pass or inconclusive, never a fail", () => {
    const drop = compareWithProduction('roc_auc', { value: 0.7, se: null }, { value: 0.8, se: 0.01 }, 0.005, 0.95);
    expect(drop).toMatchObject({ verdict: 'inconclusive', interval: true, assumed: true });
    expect(drop.hi - drop.lo).toBeCloseTo(2 * 1.959964 * Math.SQRT2 * 0.01, 5);
    expect(compareWithProduction('roc_auc', { value: 0.85, se: 0.01 }, { value: 0.8, se: null }, 0.005, 0.95).verdict).toBe('pass');
  });
});

describe('the candidate vs the registry production version, when there is no base-branch report', () => {
  const files = (runMetrics: Record<string, number>, auc = 0.7, ll = 0.57) => ({
    'eval.json': evalReport(auc, ll),
    'registry/versions.json': versions,
    'registry/run-v9.json': runJson(CHAMPION, runMetrics),
  });

  it('compares the eval report with the production run, says where the base came from, and replaces the "no base" errors; point values alone are inconclusive', async () => {
    const r = await gate(config(), files({ roc_auc: 0.6934, log_loss: 0.5712 }));
    const c = checksOf(r, 'monitor-7');
    expect(c.map((x) => [x.name, x.status])).toEqual([
      ['roc_auc vs production', 'warn'],
      ['log_loss vs production', 'warn'],
    ]);
    expect(c[0].message).toBe(
      'roc_auc: candidate 0.7 vs production version 9 (alias champion, run 9f63e4c2) 0.6934 from the model registry (there is no base-branch report): improvement +0.0066, inconclusive: the data cannot tell a change from noise against the tolerance (drop <= 0.005 (0.005 absolute)); neither side states a standard error (log roc_auc_se in the production run, and give prediction files, for an interval)',
    );
    expect(c[0].method).toBe('point values (neither the production run nor the candidate states a standard error)');
    expect(checksOf(r, 'infra-4').some((x) => x.name === 'roc_auc vs production')).toBe(true);
    expect([...checksOf(r, 'monitor-7'), ...checksOf(r, 'infra-4')].filter((x) => x.name.endsWith('vs base'))).toEqual([]);
    expect(testOf(r, 'monitor-7').status).not.toBe('fail');
    expect(r.tables.find((t) => t.id === 'registry-comparison')?.note).toMatch(
      /^No base-branch report: the comparison is with loan-default-gbt version 9 \(alias champion\)/,
    );
  });

  it('a drop beyond the tolerance fails when both sides state standard errors', async () => {
    const f = files({ roc_auc: 0.72, roc_auc_se: 0.002, log_loss: 0.5712, log_loss_se: 0.002 });
    const r = await gate(config(), { ...f, 'eval.json': evalReport(0.7, 0.57, { roc_auc: 0.002, log_loss: 0.002 }) });
    expect(checksOf(r, 'monitor-7')[0]).toMatchObject({ status: 'fail', name: 'roc_auc vs production' });
    expect(testOf(r, 'monitor-7').status).toBe('fail');
  });

  it('a production run without the metric is an error naming it, never a pass', async () => {
    const r = await gate(config(), files({ log_loss: 0.5712 }));
    expect(checksOf(r, 'monitor-7')[0]).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/the run of production version 9 .* has no roc_auc/),
    });
    expect(testOf(r, 'monitor-7').status).toBe('error');
  });

  it('the production run not exported is one error naming the run id and the files', async () => {
    const f = files({ roc_auc: 0.69 });
    const r = await gate(config(), { ...f, 'registry/run-v9.json': runJson('0000', { roc_auc: 0.69 }) });
    expect(checksOf(r, 'monitor-7')[0].message).toMatch(
      /production version 9 of loan-default-gbt: its run 9f63e4c2bd0a4138c7e5f4a3b2d1c099 is not among registry\/run-v9.json/,
    );
  });

  it('stays out of the way when a base-branch report exists, or when compare-production is false', async () => {
    const base = await gate(config(), files({ roc_auc: 0.69 }));
    const withBase = await gate(config(), files({ roc_auc: 0.69 }), { baseline: base });
    expect(checksOf(withBase, 'monitor-7').map((c) => c.name)).toEqual(['roc_auc vs base', 'log_loss vs base']);
    expect(withBase.tables.find((t) => t.id === 'registry-comparison')).toBeUndefined();
    const off = await gate(config('    compare-production: false'), files({ roc_auc: 0.69 }));
    expect(checksOf(off, 'monitor-7').map((c) => c.name)).toEqual(['roc_auc vs base', 'log_loss vs base']);
    expect(checksOf(off, 'monitor-7')[0].status).toBe('error');
  });

  it('with prediction files and a production standard error, the verdict has an interval and can be inconclusive', async () => {
    const rng = new Rng(7);
    const rows = ['y,p'];
    for (let i = 0; i < 1500; i++) {
      const y = rng.next() < 0.3 ? 1 : 0;
      const p = Math.min(0.999, Math.max(0.001, 0.3 + (y ? 0.18 : -0.05) + 0.2 * rng.normal()));
      rows.push(`${y},${p.toFixed(4)}`);
    }
    const cfg = [
      'version: 1',
      'model:',
      '  predictions: { file: preds.csv, task: binary, columns: { label: y, score: p } }',
      '  comparison: { metrics: [roc_auc], tolerance: { absolute: 0.005 }, seed: 1 }',
      'infra:',
      '  registry: { export: registry/versions.json, runs: registry/run-v9.json }',
    ].join('\n');
    const base = { 'preds.csv': rows.join('\n'), 'registry/versions.json': versions };
    // the candidate's AUC on these predictions, from a run without a standard error
    const probe = await gateOnDisk(cfg, { ...base, 'registry/run-v9.json': runJson(CHAMPION, { roc_auc: 0.5 }) });
    const auc = Number(/candidate ([0-9.]+)/.exec(checksOf(probe, 'monitor-7')[0].message)![1]);
    const r = await gateOnDisk(cfg, { ...base, 'registry/run-v9.json': runJson(CHAMPION, { roc_auc: auc + 0.004, roc_auc_se: 0.012 }) });
    const c = checksOf(r, 'monitor-7')[0];
    expect(c.status).toBe('warn');
    expect(c.message).toMatch(/cannot tell whether it drops beyond the tolerance/);
    expect(c.method).toMatch(
      /^difference of independent estimates, normal 95% interval: production's standard error from its run \(roc_auc_se\)/,
    );
  });
});
