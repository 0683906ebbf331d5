import { describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../src/evidence/store.js';
import { fileWorkspace } from '../../src/evidence/workspace.js';
import { IMPORTERS, loadEvalReport, loadPerformance, loadSnapshot } from '../../src/importers/index.js';
import { memoryWorkspace } from '../helpers/memory-workspace.js';
import { FIXTURES } from './helpers.js';

const disk = () => {
  const workspace = fileWorkspace(FIXTURES);
  return { workspace, store: new EvidenceStore(workspace) };
};
const mem = (files: Record<string, string>) => {
  const workspace = memoryWorkspace(files);
  return { workspace, store: new EvidenceStore(workspace) };
};

describe('loading evidence through the workspace, by configured format', () => {
  it('the registry lists every importer and what it produces', () => {
    expect(IMPORTERS.map((i) => `${i.format}->${i.into}`)).toEqual([
      'dvc->eval-report',
      'mlflow->eval-report',
      'sklearn-report->eval-report',
      'tfdv->snapshot',
      'pytest-benchmark->performance',
      'eval-report->performance',
      'k6->performance',
      'locust->performance',
    ]);
  });

  it('an mlflow path that is a run directory reads metrics/ recursively and meta.yaml', async () => {
    const l = await loadEvalReport(disk(), { path: 'mlflow/mlruns/3/5f2b6c0e9a4d4e1bb3a0c2f1d7e8a901', format: 'mlflow', task: 'binary' });
    expect(l.ok).toBe(true);
    if (!l.ok) return;
    expect(l.value.metrics).toEqual({ test_brier: null, test_roc_auc: 0.8731, 'val/loss': 0.33 });
    expect(l.value.model.name).toBe('gbdt-2026-11-20');
    expect(l.value.model.trainedAt).toBe(new Date(1763631800000).toISOString());
    expect(l.nonFinite).toEqual([{ path: 'test_brier', token: 'NaN' }]);
  });

  it('an mlflow JSON path is the REST response; dvc picks the syntax by extension', async () => {
    const io = disk();
    const rest = await loadEvalReport(io, { path: 'mlflow/runs-get.json', format: 'mlflow' });
    expect(rest.ok && rest.value.metrics.val_loss).toBe(0.33);
    const toml = await loadEvalReport(io, { path: 'dvc/metrics.toml', format: 'dvc', prefix: 'test.' });
    expect(toml.ok && toml.value.metrics.roc_auc).toBe(0.8731);
  });

  it('a bare path is the ml-test-gate format, read through the evidence store', async () => {
    const l = await loadEvalReport(
      mem({ 'e.json': JSON.stringify({ schemaVersion: 1, model: { name: 'm' }, task: 'binary', metrics: { roc_auc: 0.9 } }) }),
      'e.json',
    );
    expect(l.ok && l.value.metrics.roc_auc).toBe(0.9);
  });

  it('bad or missing evidence is a result naming the file and the expected format, never a throw', async () => {
    const io = mem({ 'bad.json': '{"run": {}}' });
    const missing = await loadEvalReport(io, { path: 'nope.json', format: 'sklearn-report' });
    expect(missing).toMatchObject({ ok: false, file: 'nope.json' });
    expect(!missing.ok && missing.message).toMatch(/file not found: nope\.json \(expected scikit-learn classification_report/);
    const bad = await loadEvalReport(io, { path: 'bad.json', format: 'mlflow' });
    expect(!bad.ok && bad.message).toMatch(/bad\.json: expected an MLflow runs\/get response .*; run\.data: required/);
    const noRun = await loadEvalReport(io, { path: 'mlruns/0/abc', format: 'mlflow' });
    expect(!noRun.ok && noRun.message).toMatch(/file not found: mlruns\/0\/abc/);
  });

  it('tfdv snapshots and pytest-benchmark performance load by format', async () => {
    const io = disk();
    const s = await loadSnapshot(io, { path: 'tfdv/sliced-stats-proto-names.json', format: 'tfdv', dataset: 'country_DE' });
    expect(s.ok && s.value.rows).toBe(260);
    const p = await loadPerformance(io, { path: 'pytest-benchmark/with-data.json', format: 'pytest-benchmark' });
    expect(p.ok && Object.keys(p.value.measures)).toEqual(['test_predict_single', 'test_predict_batch[256]']);
  });

  it("an evaluation report's performance section becomes single-sample measures", async () => {
    const io = mem({
      'e.json': JSON.stringify({
        schemaVersion: 1,
        model: { name: 'm' },
        task: 'binary',
        metrics: {},
        performance: { latencyMs: { p95: 12.5 }, throughputPerS: 800 },
      }),
      'n.json': JSON.stringify({ schemaVersion: 1, model: { name: 'm' }, task: 'binary', metrics: {} }),
    });
    const p = await loadPerformance(io, { path: 'e.json', format: 'eval-report' });
    expect(p.ok && p.value.measures).toEqual({
      latency_p95_ms: { unit: 'ms', direction: 'lower', samples: [12.5] },
      throughput_per_s: { unit: '1/s', direction: 'higher', samples: [800] },
    });
    const n = await loadPerformance(io, { path: 'n.json', format: 'eval-report' });
    expect(!n.ok && n.message).toMatch(/n\.json: the evaluation report has no performance figures/);
  });
});
