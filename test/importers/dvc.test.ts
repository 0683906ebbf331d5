import { describe, expect, it } from 'vitest';
import { importEvalReport, ImportError } from '../../src/importers/index.js';
import { readDvcMetrics } from '../../src/importers/dvc.js';
import { fixture } from './helpers.js';

const EXPECTED = {
  'train.loss': 0.2143,
  'train.epochs': 12,
  'test.roc_auc': 0.8731,
  'test.log_loss': 0.3124,
  'test.accuracy': 0.8412,
  'test.per_class.default.f1': 0.611,
  'test.per_class.repaid.f1': 0.902,
};

describe('DVC metrics importer', () => {
  it.each(['metrics.json', 'metrics.yaml', 'metrics.toml'])('reads nested keys of %s as dotted metric names', (name) => {
    const d = readDvcMetrics(`dvc/${name}`, fixture(`dvc/${name}`));
    for (const [k, v] of Object.entries(EXPECTED)) expect(d.metrics[k], k).toBe(v);
    expect(d.skipped).toContain('model_type');
    expect(d.metrics).not.toHaveProperty('model_type');
  });

  it('reads YAML .nan as an undefined metric and records it for numerical stability', () => {
    const d = readDvcMetrics('dvc/metrics.yaml', fixture('dvc/metrics.yaml'));
    expect(d.metrics['test.brier_score']).toBeNull();
    expect(d.nonFinite).toEqual([{ path: 'test.brier_score', token: 'NaN' }]);
  });

  it('becomes an evaluation report; a prefix selects and strips the test metrics', () => {
    const r = importEvalReport('dvc/metrics.toml', 'dvc', fixture('dvc/metrics.toml'), { prefix: 'test.', model: 'gbdt' });
    expect(r.value.metrics).toEqual({
      roc_auc: 0.8731,
      log_loss: 0.3124,
      accuracy: 0.8412,
      'per_class.default.f1': 0.611,
      'per_class.repaid.f1': 0.902,
    });
    expect(r.value.model.name).toBe('gbdt');
    expect(r.value.task).toBe('binary');
    expect(r.notes.join('\n')).toMatch(/task inferred as binary/);
  });

  it('infers a regression task from regression metric names', () => {
    const r = importEvalReport('m.json', 'dvc', '{"rmse": 3.2, "r2": 0.71}');
    expect(r.value.task).toBe('regression');
    expect(r.value.model.name).toBe('m');
  });

  it.each([
    [
      'm.json',
      '[0.9]',
      /m\.json: expected a DVC metrics file .*\(JSON\); \(top level\): expected a mapping of metric names to values, got a list/,
    ],
    [
      'm.json',
      '{"test": {"auc": [0.9, 0.8]}}',
      /m\.json: expected a DVC metrics file.*; test\.auc: expected a number or a nested mapping, got a list/,
    ],
    ['m.json', '{"model": "gbdt"}', /no numeric metric found \(only non-numeric values: model\)/],
    ['m.yaml', 'a: [1,\n', /m\.yaml \(line \d\): not valid YAML/],
    ['m.toml', 'a = 1\n[b\n', /m\.toml: not valid TOML: line 2, column 3: illegal character in key/],
    ['m.json', '{"a": 1,}', /m\.json \(line 1, column \d+\): not valid JSON/],
  ])('rejects %s %j naming the format and the offending path', (file, text, message) => {
    expect(() => importEvalReport(file, 'dvc', text)).toThrow(message);
    expect(() => importEvalReport(file, 'dvc', text)).toThrow(ImportError);
  });

  it('rejects a prefix that selects nothing, listing the metrics', () => {
    expect(() => importEvalReport('dvc/metrics.json', 'dvc', fixture('dvc/metrics.json'), { prefix: 'eval.' })).toThrow(
      /no metric name starts with "eval\." \(metrics: train\.loss/,
    );
  });
});
