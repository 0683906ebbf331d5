import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EVALUATORS, POST_PASS } from '../../src/assertions/registry.js';
import { gate, json, testOf } from '../helpers/gate.js';

const fx = (rel: string) =>
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'importers', rel), 'utf8');

/** Every infra key in one config: the example in the report to the lead. */
export const FULL_CONFIG = `
infra:
  performance:
    evidence:
      - { path: reports/benchmark.json, format: pytest-benchmark }
      - artifacts/performance.json
    budgets:
      test_predict_single: { max: 5 }
      model_size_mb: { max: 120, max-regression: 0.05 }
    max-regression: 0.1
  staleness:
    model: { file: artifacts/eval-report.json, field: model.trainedAt, max-age-days: 30 }
    data:
      - { name: training, snapshot: { path: artifacts/train-stats.json, format: tfdv }, max-age-days: 7 }
  canary: { report: artifacts/canary.json, min-requests: 200, max-abs-diff: 1.0e-6 }
  rollback: { record: ops/rollback.json, max-drill-age-days: 90 }
  debug: { trace: artifacts/debug-trace.json, max-age-days: 30 }
  offline-online: { history: artifacts/metric-history.json, min-correlation: 0.6, min-points: 5 }
  tuning: { trials: artifacts/tuning.json, min-trials: 5, tolerance: 0.002 }
  staleness-impact: { report: artifacts/staleness-impact.json, max-age-days: 180 }
`;

const FILES: Record<string, string> = {
  'reports/benchmark.json': fx('pytest-benchmark/with-data.json'),
  'artifacts/performance.json': json({ schemaVersion: 1, measures: { model_size_mb: { unit: 'MB', samples: [88.2] } } }),
  'artifacts/eval-report.json': json({
    schemaVersion: 1,
    model: { name: 'loan-default', trainedAt: '2026-11-20T08:00:00Z' },
    task: 'binary',
    metrics: { roc_auc: 0.87 },
  }),
  // TFDV statistics carry no creation time: a snapshot without createdAt cannot show its age
  'artifacts/train-stats.json': fx('tfdv/train-stats.json'),
  'artifacts/canary.json': json({
    schemaVersion: 1,
    model: { name: 'loan-default', version: '42' },
    ranAt: '2026-11-23T08:00:00Z',
    loaded: true,
    requests: 400,
    errors: 0,
    nonFiniteOutputs: 0,
    offlineComparison: { examples: 400, maxAbsDiff: 1e-7 },
  }),
  'ops/rollback.json': json({
    schemaVersion: 1,
    model: 'loan-default',
    current: { version: '42' },
    previousKnownGood: { version: '41', artifact: 'models:/loan-default/41' },
    drills: [{ date: '2026-10-15', from: '41', to: '40', succeeded: true }],
  }),
  'artifacts/debug-trace.json': json({
    schemaVersion: 1,
    createdAt: '2026-11-22',
    example: { id: 'a-1' },
    steps: [{ name: 'parse' }, { name: 'predict', output: 0.2 }],
    prediction: 0.2,
  }),
  'artifacts/metric-history.json': json({
    schemaVersion: 1,
    offlineMetric: 'roc_auc',
    onlineMetric: 'approval_precision',
    points: [0.84, 0.85, 0.849, 0.858, 0.861].map((o, i) => ({
      model: `v${38 + i}`,
      offline: o,
      online: [0.611, 0.618, 0.615, 0.624, 0.629][i],
    })),
  }),
  'artifacts/tuning.json': json({
    schemaVersion: 1,
    metric: 'roc_auc',
    trials: [0.85, 0.861, 0.862, 0.859, 0.84].map((value, id) => ({ id, params: { lr: 0.01 * (id + 1), depth: 4 + id }, value })),
    shipped: { trial: 2 },
  }),
  'artifacts/staleness-impact.json': json({
    schemaVersion: 1,
    metric: 'roc_auc',
    measuredAt: '2026-10-01T00:00:00Z',
    points: [
      { ageDays: 0, value: 0.871 },
      { ageDays: 30, value: 0.866 },
      { ageDays: 60, value: 0.862 },
    ],
  }),
};

describe('all infra evidence together, through the registered evaluators', () => {
  it('is registered; numerical stability is the post-pass, outside the list', () => {
    const names = EVALUATORS.map((e) => e.name);
    for (const n of ['performance', 'staleness', 'canary', 'rollback', 'debug', 'offline-online', 'tuning', 'staleness-impact'])
      expect(names).toContain(n);
    expect(POST_PASS.name).toBe('numerical-stability');
    expect(names).not.toContain('numerical-stability');
  });

  it('earns model-2/3/4, infra-5/6/7 and monitor-6; monitor-4 errors on the TFDV snapshot without a date', async () => {
    const r = await gate(FULL_CONFIG, FILES);
    for (const id of ['model-2', 'model-3', 'model-4', 'infra-5', 'infra-6', 'infra-7', 'monitor-6']) {
      expect([id, testOf(r, id).status, testOf(r, id).points]).toEqual([id, 'pass', 1]);
    }
    const m4 = testOf(r, 'monitor-4');
    expect(m4.status).toBe('error');
    expect(m4.details.checks.map((c) => c.status)).toEqual(['pass', 'error']);
    expect(m4.details.checks[1].message).toBe("artifacts/train-stats.json: createdAt is not set; the data's age is unknown");
    // numerical stability saw the performance measurements and the other numeric evidence
    expect(testOf(r, 'monitor-5').details.evidence).toEqual(
      expect.arrayContaining(['reports/benchmark.json', 'artifacts/canary.json', 'artifacts/tuning.json']),
    );
    // every passing figure says how it was obtained
    for (const id of ['model-2', 'model-3', 'model-4', 'infra-5', 'infra-6', 'infra-7', 'monitor-4', 'monitor-6']) {
      for (const c of testOf(r, id).details.checks) if (c.status === 'pass') expect(c.method, `${id} ${c.name}`).toMatch(/\w/);
    }
  });
});
