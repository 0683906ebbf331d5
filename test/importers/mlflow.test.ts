import { describe, expect, it } from 'vitest';
import { importEvalReport } from '../../src/importers/index.js';
import { readMlflowRunDir } from '../../src/importers/mlflow.js';
import { fixture } from './helpers.js';

const RUN = 'mlflow/mlruns/3/5f2b6c0e9a4d4e1bb3a0c2f1d7e8a901';

describe('MLflow importer: runs/get REST JSON', () => {
  it('keeps the latest step per key and takes name, id and end time from run.info', () => {
    const r = importEvalReport('mlflow/runs-get.json', 'mlflow', fixture('mlflow/runs-get.json'));
    // val_loss was logged at steps 1, 5, 3: step 5 wins even though step 3 was logged later
    expect(r.value.metrics).toEqual({ test_roc_auc: 0.8731, val_loss: 0.33, test_log_loss: 0.3124 });
    expect(r.value.model).toEqual({
      name: 'gbdt-2026-11-20',
      version: '5f2b6c0e9a4d4e1bb3a0c2f1d7e8a901',
      trainedAt: new Date(1763631800000).toISOString(),
    });
  });

  it('a prefix strips test_ and the task can be given', () => {
    const r = importEvalReport('mlflow/runs-get.json', 'mlflow', fixture('mlflow/runs-get.json'), { prefix: 'test_', task: 'binary' });
    expect(r.value.metrics).toEqual({ roc_auc: 0.8731, log_loss: 0.3124 });
    expect(r.notes).toEqual([]);
  });

  it('on equal steps the later timestamp wins; NaN values are undefined and recorded', () => {
    const text = JSON.stringify({
      run: {
        data: {
          metrics: [
            { key: 'auc', value: 0.7, timestamp: 2, step: 0 },
            { key: 'auc', value: 0.8, timestamp: 5, step: 0 },
            { key: 'auc', value: 0.75, timestamp: 3, step: 0 },
          ],
        },
      },
    });
    expect(importEvalReport('r.json', 'mlflow', text).value.metrics.auc).toBe(0.8);
    const nan = '{"run": {"data": {"metrics": [{"key": "loss", "value": NaN, "timestamp": "1700000000000", "step": "2"}]}}}';
    const r = importEvalReport('r.json', 'mlflow', nan);
    expect(r.value.metrics.loss).toBeNull();
    expect(r.nonFinite).toEqual([{ path: 'loss (run.data.metrics[0].value)', token: 'NaN' }]);
  });

  it.each([
    ['{"data": {}}', /r\.json: expected an MLflow runs\/get response .*; run: required/],
    ['{"run": {"data": {"metrics": []}}}', /run\.data\.metrics: expected a list with length >= 1/],
    [
      '{"run": {"data": {"metrics": [{"key": "auc", "value": "0.9", "timestamp": 1}]}}}',
      /run\.data\.metrics\[0\]\.value: expected a number, got "0\.9"/,
    ],
    ['{"run": {"data": {"metrics": [{"key": "auc", "value": 0.9}]}}}', /run\.data\.metrics\[0\]\.timestamp: required/],
  ])('rejects %s with the first offending path', (text, message) => {
    expect(() => importEvalReport('r.json', 'mlflow', text)).toThrow(message);
  });
});

describe('MLflow importer: local mlruns run directory', () => {
  const files = [
    { name: 'test_roc_auc', text: fixture(`${RUN}/metrics/test_roc_auc`) },
    { name: 'val/loss', text: fixture(`${RUN}/metrics/val/loss`) },
    { name: 'test_brier', text: fixture(`${RUN}/metrics/test_brier`) },
  ];

  it('reads "timestamp value step" lines, latest step per metric, and meta.yaml', () => {
    const r = readMlflowRunDir(RUN, files, fixture(`${RUN}/meta.yaml`));
    expect(r.metrics).toEqual({ test_roc_auc: 0.8731, 'val/loss': 0.33, test_brier: null });
    expect(r.nonFinite).toEqual([{ path: 'test_brier', token: 'NaN' }]);
    expect(r.runName).toBe('gbdt-2026-11-20');
    expect(r.status).toBe('FINISHED');
    expect(r.endedAt).toBe(new Date(1763631800000).toISOString());
  });

  it('accepts the old two-column lines (no step)', () => {
    expect(readMlflowRunDir('run', [{ name: 'auc', text: '1700000000000 0.7\n1700000000500 0.72\n' }]).metrics.auc).toBe(0.72);
  });

  it.each([
    [
      [{ name: 'auc', text: '1700000000000 0.7 0\nnot a line\n' }],
      /run\/metrics\/auc line 2: expected an MLflow run directory.*got "not a line"/,
    ],
    [[{ name: 'auc', text: '1700000000000 high 0\n' }], /run\/metrics\/auc line 1: .*got "1700000000000 high 0"/],
    [[{ name: 'auc', text: '\n' }], /run\/metrics\/auc: .*the metric file is empty/],
    [[], /run: expected an MLflow run directory .*; metrics\/: no metric file found/],
  ])('rejects bad metric files with file and line (%#)', (metricFiles, message) => {
    expect(() => readMlflowRunDir('run', metricFiles)).toThrow(message);
  });
});
