import { describe, expect, it } from 'vitest';
import { checksOf, gate, json, testOf } from '../../helpers/gate.js';

const evalReport = (model: Record<string, unknown>) =>
  json({ schemaVersion: 1, model: { name: 'm', ...model }, task: 'binary', metrics: { roc_auc: 0.9 } });
const snapshot = (createdAt?: string) =>
  json({ schemaVersion: 1, dataset: { name: 'train' }, rows: 10, features: [], ...(createdAt ? { createdAt } : {}) });

describe('monitor-4 staleness', () => {
  it('model trained-at from model.eval-report and snapshot createdAt, both within limits', async () => {
    const config = `
model:
  eval-report: eval.json
infra:
  staleness:
    model: { max-age-days: 30 }
    data:
      - { name: training, snapshot: train.json, max-age-days: 7 }
`;
    const r = await gate(config, {
      'eval.json': evalReport({ trainedAt: '2026-11-13T12:00:00Z' }),
      'train.json': snapshot('2026-11-20T00:00:00Z'),
    });
    const t = testOf(r, 'monitor-4');
    expect(t.status).toBe('pass');
    expect(t.details.checks.map((c) => [c.status, c.value])).toEqual([
      ['pass', 10],
      ['pass', 3.5],
    ]);
    expect(t.details.checks[0].message).toBe(
      'model trained-at 2026-11-13T12:00:00.000Z (eval.json: model.trainedAt) is 10 days old; maximum 30 days',
    );
    expect(t.details.checks[0].method).toBe('now (2026-11-23T12:00:00.000Z) minus the recorded timestamp');
    expect(t.details.evidence).toEqual(['eval.json', 'train.json']);
  });

  it("an importer's notes on the report it reads are said once (an MLflow run not FINISHED: why its age is unknown)", async () => {
    const run = json({
      run: {
        info: { run_name: 'r', status: 'RUNNING', end_time: null },
        data: { metrics: [{ key: 'auc', value: 0.9, timestamp: 1, step: 0 }] },
      },
    });
    const note = (r: Awaited<ReturnType<typeof gate>>) =>
      r.diagnostics.filter((d) => /MLflow run's status is RUNNING, not FINISHED/.test(d.message));
    // read by monitor-4 alone
    const alone = await gate('infra:\n  staleness:\n    model: { eval-report: { path: run.json, format: mlflow }, max-age-days: 30 }\n', {
      'run.json': run,
    });
    expect(testOf(alone, 'monitor-4').status).toBe('error');
    expect(checksOf(alone, 'monitor-4')[0].message).toMatch(/model\.trainedAt is not set/);
    expect(note(alone).map((d) => [d.level, d.file])).toEqual([['notice', 'run.json']]);
    // read by the model tests too: still once
    const both = await gate(
      'model:\n  eval-report: { path: run.json, format: mlflow }\ninfra:\n  staleness:\n    model: { max-age-days: 30 }\n',
      { 'run.json': run },
    );
    expect(note(both)).toHaveLength(1);
  });

  it('too old fails; a future date or an unparsable date is an error', async () => {
    const cfg = (field: string) => `
infra:
  staleness:
    model: { file: run.json, field: ${field}, max-age-days: 30 }
`;
    const files = {
      'run.json': json({
        run: { info: { end_time: Date.parse('2026-09-01T00:00:00Z') } },
        future: '2027-01-01T00:00:00Z',
        bad: '2026-02-30',
        text: 'last tuesday',
        tz: '2026-11-01T00:00:00',
      }),
    };
    const old = await gate(cfg('run.info.end_time'), files);
    expect(testOf(old, 'monitor-4').status).toBe('fail');
    expect(checksOf(old, 'monitor-4')[0].message).toContain(
      `is 83.5 days old; maximum 30 days (read ${Date.parse('2026-09-01T00:00:00Z')} as Unix epoch milliseconds)`,
    );
    const future = await gate(cfg('future'), files);
    expect(testOf(future, 'monitor-4').status).toBe('error');
    expect(checksOf(future, 'monitor-4')[0].message).toBe(
      'run.json: future: 2027-01-01T00:00:00.000Z is in the future (the gate runs at 2026-11-23T12:00:00.000Z); a future date is an error, not a fresh one',
    );
    expect(checksOf(await gate(cfg('bad'), files), 'monitor-4')[0].message).toBe('run.json: bad: "2026-02-30" is not a real calendar date');
    expect(checksOf(await gate(cfg('text'), files), 'monitor-4')[0].message).toMatch(
      /^run\.json: text: "last tuesday" is not an ISO 8601 date or date-time/,
    );
    expect(checksOf(await gate(cfg('tz'), files), 'monitor-4')[0].message).toMatch(/\(no timezone given; read as UTC\)$/);
    const missing = await gate(cfg('run.info.start_time'), files);
    expect(checksOf(missing, 'monitor-4')[0]).toMatchObject({
      status: 'error',
      message: 'run.json: no field run.info.start_time (configured field: run.info.start_time); model trained-at is unknown',
    });
  });

  it('an eval report without trainedAt, or a snapshot without createdAt, is an error (age unknown)', async () => {
    const config = `
infra:
  staleness:
    model: { eval-report: eval.json, max-age-days: 30 }
    data: [{ snapshot: s.json, max-age-days: 7 }]
`;
    const r = await gate(config, { 'eval.json': evalReport({}), 's.json': snapshot() });
    expect(checksOf(r, 'monitor-4').map((c) => c.message)).toEqual([
      "eval.json: model.trainedAt is not set; the model's age is unknown (write it when training, or set infra.staleness.model.file and field)",
      "s.json: createdAt is not set; the data's age is unknown",
    ]);
  });

  it('trained-at can come from an imported MLflow run (end_time)', async () => {
    const config = `
infra:
  staleness:
    model: { eval-report: { path: run.json, format: mlflow }, max-age-days: 5 }
`;
    const run = json({
      run: {
        info: { status: 'FINISHED', end_time: Date.parse('2026-11-21T12:00:00Z') },
        data: { metrics: [{ key: 'auc', value: 0.9, timestamp: 1, step: 0 }] },
      },
    });
    const r = await gate(config, { 'run.json': run });
    expect(checksOf(r, 'monitor-4')[0]).toMatchObject({ status: 'pass', value: 2 });
  });

  it('the config needs a data source: snapshot or file', async () => {
    await expect(gate('infra:\n  staleness:\n    data: [{ max-age-days: 3 }]\n', {})).rejects.toThrow(
      /c\.yml:3: infra\.staleness\.data\[0\]: expected either snapshot or file/,
    );
  });
});

describe('model-4 staleness impact', () => {
  const cfg = 'infra:\n  staleness-impact: { report: si.json, max-age-days: 90, min-points: 3 }\n';
  const report = (measuredAt: string, points: Array<[number, number | null]>) =>
    json({ schemaVersion: 1, metric: 'roc_auc', measuredAt, points: points.map(([ageDays, value]) => ({ ageDays, value, rows: 5000 })) });

  it('a recent curve with enough ages passes and reports the slope per 30 days', async () => {
    const r = await gate(cfg, {
      'si.json': report('2026-10-01', [
        [0, 0.871],
        [30, 0.866],
        [60, 0.862],
        [90, null],
      ]),
    });
    const t = testOf(r, 'model-4');
    expect(t.status).toBe('pass');
    expect(t.details.checks[1].message).toBe(
      'roc_auc measured at 3 distinct model ages (0, 30, 60 days), 1 undefined point(s) left out; roc_auc changes by -0.0045 per 30 days of model age (least-squares slope)',
    );
    expect(r.tables.find((x) => x.id === 'staleness-impact')?.rows).toEqual([
      [0, 0.871, 5000],
      [30, 0.866, 5000],
      [60, 0.862, 5000],
      [90, null, 5000],
    ]);
  });

  it('an old measurement fails; too few ages fail; a future measurement is an error', async () => {
    const old = await gate(cfg, {
      'si.json': report('2026-03-02', [
        [0, 0.87],
        [30, 0.86],
        [60, 0.85],
      ]),
    });
    expect(checksOf(old, 'model-4')[0]).toMatchObject({ status: 'fail', threshold: '<= 90 days' });
    const few = await gate(cfg, {
      'si.json': report('2026-11-01', [
        [0, 0.87],
        [0, 0.86],
        [30, 0.85],
      ]),
    });
    expect(checksOf(few, 'model-4')[1]).toMatchObject({ status: 'fail', value: 2 });
    const fut = await gate(cfg, {
      'si.json': report('2026-12-24', [
        [0, 0.87],
        [30, 0.86],
        [60, 0.85],
      ]),
    });
    expect(testOf(fut, 'model-4').status).toBe('error');
  });

  it('a malformed measurement names file and field', async () => {
    const r = await gate(cfg, {
      'si.json': json({ schemaVersion: 1, metric: 'auc', measuredAt: '2026-11-01', points: [{ age: 3, value: 1 }] }),
    });
    expect(checksOf(r, 'model-4')[0].message).toMatch(/^si\.json: invalid staleness-impact measurement: points\[0\]\.ageDays: required/);
  });
});
