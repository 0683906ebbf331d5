import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checksOf, gate, json, testOf } from '../../helpers/gate.js';

const ref = JSON.parse(
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'infra', 'scipy-reference.json'), 'utf8'),
) as {
  spearman: Array<{ name: string; x: number[]; y: number[]; rho: number | null }>;
};
const history = (x: number[], y: Array<number | null>, extra: Record<string, unknown> = {}) =>
  json({
    schemaVersion: 1,
    offlineMetric: 'roc_auc',
    onlineMetric: 'approval_precision',
    points: x.map((o, i) => ({ model: `v${i + 1}`, offline: o, online: y[i] })),
    ...extra,
  });
const CFG = 'infra:\n  offline-online: { history: h.json, min-correlation: 0.6, min-points: 5 }\n';

describe('model-2 offline/online correlation', () => {
  it("passes on SciPy's rho for a history with ties", async () => {
    const c = ref.spearman.find((s) => s.name.startsWith('ties in both'))!;
    const r = await gate(CFG, { 'h.json': history(c.x, c.y) });
    const check = checksOf(r, 'model-2')[0];
    expect(check.status).toBe('pass');
    expect(check.value).toBeCloseTo(c.rho!, 12);
    expect(check.method).toBe(
      'Spearman rank correlation (average ranks for ties, as scipy.stats.spearmanr) over 12 (offline, online) pairs',
    );
    expect(r.tables.find((t) => t.id === 'model-2' || t.id === 'offline-online')?.rows).toHaveLength(12);
  });

  it('fails a negative association below the floor', async () => {
    const c = ref.spearman.find((s) => s.name === 'negative association')!;
    const r = await gate(CFG, { 'h.json': history(c.x, c.y) });
    expect(checksOf(r, 'model-2')[0]).toMatchObject({ status: 'fail', threshold: '>= 0.6' });
    expect(checksOf(r, 'model-2')[0].value).toBeCloseTo(c.rho!, 12);
  });

  it('too few usable pairs is an error (undefined values left out); a constant metric is undefined and fails', async () => {
    const few = await gate(CFG, { 'h.json': history([0.7, 0.8, 0.9, 0.85, 0.86], [0.1, 0.2, null, 0.3, 0.25]) });
    expect(checksOf(few, 'model-2')[0]).toMatchObject({ status: 'error', value: 4 });
    expect(checksOf(few, 'model-2')[0].message).toBe(
      'h.json: 4 usable (offline, online) pair(s) (1 with an undefined value left out); at least 5 are needed before a correlation means anything',
    );
    const constant = await gate(CFG, { 'h.json': history([0.7, 0.8, 0.9, 0.85, 0.86], [0.2, 0.2, 0.2, 0.2, 0.2]) });
    expect(checksOf(constant, 'model-2')[0]).toMatchObject({
      status: 'fail',
      value: null,
      message: 'approval_precision is constant over the 5 pairs: the rank correlation is undefined and cannot pass',
    });
  });

  it('a future point date is an error', async () => {
    const h = JSON.parse(history([0.7, 0.8, 0.9, 0.85, 0.86], [0.1, 0.2, 0.3, 0.25, 0.26])) as { points: Array<Record<string, unknown>> };
    h.points[2].date = '2027-03-01';
    const r = await gate(CFG, { 'h.json': json(h) });
    expect(testOf(r, 'model-2').status).toBe('error');
    expect(checksOf(r, 'model-2')[0].message).toMatch(/^h\.json: points\[2\]\.date: 2027-03-01T00:00:00\.000Z is in the future/);
  });
});

const trials = (values: Array<number | null>, shipped: number | string, extra: Record<string, unknown> = {}) =>
  json({
    schemaVersion: 1,
    metric: 'roc_auc',
    tuner: 'optuna 3.6 TPE',
    trials: values.map((value, i) => ({
      id: i,
      params: { learning_rate: 0.01 * (i + 1), max_depth: 6, n_estimators: 100 + i },
      value,
      ...(value === null ? { state: 'failed' } : {}),
    })),
    shipped: { trial: shipped },
    ...extra,
  });
const TUNING = 'infra:\n  tuning: { trials: t.json, min-trials: 5, tolerance: 0.002 }\n';

describe('model-3 hyperparameter tuning', () => {
  it('passes when enough trials ran and the shipped one is within the tolerance of the best; flags a parameter never varied', async () => {
    const r = await gate(TUNING, { 't.json': trials([0.85, 0.861, 0.862, 0.859, 0.84, null], 1) });
    const checks = checksOf(r, 'model-3');
    expect(checks[0]).toMatchObject({
      status: 'pass',
      value: 5,
      message: '5 complete trial(s) with a value out of 6 (optuna 3.6 TPE); at least 5 required',
    });
    expect(checks[1].status).toBe('pass');
    expect(checks[1].value).toBeCloseTo(0.001, 12);
    expect(checks[1].message).toBe(
      'shipped trial 1 has roc_auc = 0.861, rank 2 of 5; the best trial 2 has 0.862 (higher is better): gap 0.001 <= tolerance 0.002',
    );
    expect(checks[2]).toMatchObject({
      status: 'warn',
      message: '1 of 3 hyperparameter(s) had the same value in every complete trial: max_depth = 6',
    });
    expect(testOf(r, 'model-3').status).toBe('pass');
    expect(r.tables.find((t) => t.id === 'tuning')?.rows[1].slice(0, 4)).toEqual([2, '1', 0.861, 'yes']);
  });

  it('fails when the shipped trial is far from the best, or too few trials ran; minimising loss flips the direction', async () => {
    const far = await gate(TUNING, { 't.json': trials([0.85, 0.861, 0.87, 0.859, 0.84], 0) });
    expect(checksOf(far, 'model-3')[1]).toMatchObject({ status: 'fail', threshold: 'gap <= 0.002' });
    const few = await gate(TUNING, { 't.json': trials([0.85, 0.86], 1) });
    expect(checksOf(few, 'model-3')[0].status).toBe('fail');
    const loss = await gate(TUNING, { 't.json': trials([0.31, 0.3, 0.35, 0.33, 0.32], 1, { metric: 'log_loss' }) });
    expect(checksOf(loss, 'model-3')[1]).toMatchObject({ status: 'pass', value: 0 });
    expect(checksOf(loss, 'model-3')[1].method).toBe('best complete trial minus shipped trial, minimising log_loss');
  });

  it('untuned-params: fail makes an unvaried parameter a failure', async () => {
    const r = await gate(TUNING.replace('tolerance: 0.002', 'tolerance: 0.002, untuned-params: fail'), {
      't.json': trials([0.85, 0.861, 0.862, 0.859, 0.84], 2),
    });
    expect(testOf(r, 'model-3').status).toBe('fail');
  });

  it('a shipped trial that is not among the trials is an error; a failed shipped trial fails', async () => {
    const missing = await gate(TUNING, { 't.json': trials([0.85, 0.861, 0.862, 0.859, 0.84], 'best') });
    expect(checksOf(missing, 'model-3').find((c) => c.status === 'error')?.message).toBe(
      't.json: shipped.trial "best" is not among the trials',
    );
    const failed = await gate(TUNING, { 't.json': trials([0.85, 0.861, 0.862, 0.859, 0.84, null], 5) });
    expect(checksOf(failed, 'model-3')[1].message).toBe('the shipped trial 5 is failed without a value: its quality is unknown');
  });
});
