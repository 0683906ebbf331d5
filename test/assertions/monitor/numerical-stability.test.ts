import { describe, expect, it } from 'vitest';
import { numericalStabilityEvaluator } from '../../../src/assertions/monitor/numerical-stability.js';
import type { EvalContext } from '../../../src/assertions/types.js';
import type { NumericScan } from '../../../src/evidence/store.js';

const scan = (file: string, nan = 0): NumericScan => ({
  file,
  what: 'predicted scores',
  values: 10,
  nonFinite: Array.from({ length: nan }, (_, i) => ({ path: `line ${i + 2}`, token: 'NaN' })),
});
const ctxWith = (scans: NumericScan[]) => ({ store: { numericScans: scans } }) as unknown as EvalContext;

describe('numerical stability (monitor-5)', () => {
  it('fails on a NaN and lists the files in the same order whatever order their loads finished in', async () => {
    const a = await numericalStabilityEvaluator.run(ctxWith([scan('preds/head.csv', 1), scan('preds/base.csv')]));
    const b = await numericalStabilityEvaluator.run(ctxWith([scan('preds/base.csv'), scan('preds/head.csv', 1)]));
    expect(a).toEqual(b);
    const checks = a.outcomes[0].checks;
    expect(checks.map((c) => [c.file, c.status])).toEqual([
      ['preds/base.csv', 'pass'],
      ['preds/head.csv', 'fail'],
    ]);
  });

  it('a file that could not be read is an error naming it, not a pass', async () => {
    const unreadable: NumericScan = {
      file: 'preds/bad.csv',
      what: 'prediction-file cells',
      values: 0,
      nonFinite: [],
      error: 'preds/bad.csv: boom',
      line: 1,
    };
    const r = await numericalStabilityEvaluator.run(ctxWith([scan('preds/base.csv'), unreadable]));
    expect(r.outcomes[0].checks.map((c) => [c.file, c.status, c.message])).toEqual([
      ['preds/bad.csv', 'error', 'preds/bad.csv: boom'],
      ['preds/base.csv', 'pass', expect.stringMatching(/no NaN or infinity in 10/)],
    ]);
  });

  it('a scan of zero values earns nothing: an error alone, a warning beside a scan that measured something', async () => {
    const empty: NumericScan = { file: 'tuning.json', what: 'tuning objective values', values: 0, nonFinite: [] };
    const alone = await numericalStabilityEvaluator.run(ctxWith([empty]));
    expect(alone.outcomes[0].checks).toHaveLength(1);
    expect(alone.outcomes[0].checks[0]).toMatchObject({ status: 'error', file: 'tuning.json' });
    expect(alone.outcomes[0].checks[0].message).toMatch(/^tuning\.json: no numeric value was read/);
    const beside = await numericalStabilityEvaluator.run(ctxWith([empty, scan('preds/head.csv')]));
    expect(beside.outcomes[0].checks.map((c) => c.status)).toEqual(['pass', 'warn']);
  });
});
