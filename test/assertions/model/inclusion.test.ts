/**
 * model-7: demographic parity over every group of min-group-size rows (no label minimums), equalized
 * odds difference and ratio over groups with enough positives and negatives, small groups listed
 * (never a silent pass), and a value beyond its limit failing only when the groups differ.
 */
import { describe, expect, it } from 'vitest';
import { modelContext, runModelGate } from '../../helpers/honesty-model.js';
import { binaryPredictions } from '../../helpers/predictions.js';

/** Rows of groups: [name, rows, positives, selected among positives, selected among negatives]. */
function predictions(spec: Array<[string, number, number, number, number]>) {
  const y: number[] = [];
  const p: number[] = [];
  const g: string[] = [];
  for (const [name, n, pos, selPos, selNeg] of spec) {
    for (let i = 0; i < n; i++) {
      const isPos = i < pos;
      y.push(isPos ? 1 : 0);
      p.push((isPos ? i < selPos : i - pos < selNeg) ? 0.9 : 0.1);
      g.push(name);
    }
  }
  return binaryPredictions(y, p, { groups: { g } });
}

const config = (inclusion: Record<string, unknown>) => ({
  model: {
    predictions: { file: 'h.csv', task: 'binary', columns: { label: 'y', score: 'p' } },
    inclusion: { groups: ['g'], ...inclusion },
  },
});

describe('inclusion', () => {
  it('a 400-row group that selects nobody and has 20 positives fails demographic parity (ratio 0, as fairlearn), and is listed as too small for equalized odds', async () => {
    const pred = predictions([
      ['a', 400, 120, 60, 56],
      ['b', 400, 112, 55, 50],
      ['c', 400, 20, 0, 0],
    ]);
    const limits = { demographic_parity_ratio: 0.8, equalized_odds_difference: 0.2, equalized_odds_ratio: 0.5 };
    const r = await runModelGate(modelContext(config({ limits })), pred, null);
    const dp = r.checks.find((c) => c.name.startsWith('g: demographic_parity_ratio'))!;
    expect(dp.status).toBe('fail');
    expect(dp.value).toBe(0);
    expect(dp.message).toMatch(/= 0 < 0\.8 over 3 groups: a violation \(selection rate of c vs a/);
    const small = r.checks.find((c) => c.name === 'g: groups too small to judge')!;
    expect(small.status).toBe('warn');
    expect(small.message).toMatch(/c \(20 positives, 380 negatives; equalized odds needs 30 and 30\)/);
    const eor = r.checks.find((c) => c.name.startsWith('g: equalized_odds_ratio'))!;
    expect(eor.message).toMatch(/over 2 groups/); // a and b
    const table = r.tables.find((t) => t.id === 'model-inclusion-g')!;
    expect(table.rows.find((row) => row[0] === 'c')![7]).toBe('insufficient data for equalized odds');
  });

  it('a ratio below the limit in groups too small to tell from chance is inconclusive (warn), or a failure when the config asks', async () => {
    // 40 rows each; selection 12/40 vs 8/40: ratio 0.667 < 0.8, but p = 0.29 before any adjustment
    const pred = predictions([
      ['a', 40, 12, 6, 6],
      ['b', 40, 12, 4, 4],
      ['tiny', 10, 3, 1, 1],
    ]);
    const r = await runModelGate(modelContext(config({ limits: { demographic_parity_ratio: 0.8 } })), pred, null);
    const dp = r.checks.find((c) => c.name.startsWith('g: demographic_parity_ratio'))!;
    expect(dp.status).toBe('warn');
    expect(dp.message).toMatch(/0\.6667 < 0\.8 over 2 groups, but the groups are too small to tell it from chance/);
    expect(r.checks.find((c) => c.name === 'g: groups too small to judge')!.message).toMatch(/tiny \(10 rows < min-group-size 30\)/);
    const strict = await runModelGate(
      modelContext(config({ limits: { demographic_parity_ratio: 0.8 }, inconclusive: 'fail' })),
      pred,
      null,
    );
    expect(strict.checks.find((c) => c.name.startsWith('g: demographic_parity_ratio'))!.status).toBe('fail');
    expect(r.tables.find((t) => t.id === 'model-inclusion-g')!.rows.find((row) => row[0] === 'tiny')![7]).toBe(
      'insufficient data (< 30 rows)',
    );
  });

  it('fewer than two groups with enough rows: an error (unmeasured), never a pass', async () => {
    const pred = predictions([
      ['a', 100, 30, 10, 10],
      ['b', 20, 6, 2, 2],
    ]);
    const r = await runModelGate(modelContext(config({ limits: { demographic_parity_difference: 0.1 } })), pred, null);
    const dp = r.checks.find((c) => c.name.startsWith('g: demographic_parity_difference'))!;
    expect(dp.status).toBe('error');
    expect(dp.message).toMatch(/fewer than two groups have enough data/);
  });
});
