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
});
