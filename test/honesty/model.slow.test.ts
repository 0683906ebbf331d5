/**
 * The honesty simulations of test/honesty/model.test.ts with more repetitions (slow tier): A/A gates
 * at n = 20,000, the 2-point drop at n = 20,000 over 200 runs, coverage at n = 50,000 over 150
 * samples. bench/honesty/model.mjs runs them at full size and prints every rate.
 */
import { describe, expect, it } from 'vitest';
import { coverage, gateRates, INTERVAL_METRICS } from '../helpers/honesty-model.js';
import { BASE_SCENARIO, population, separationFor } from '../helpers/model-sims.js';

const KEY = { metrics: ['accuracy', 'roc_auc', 'log_loss', 'average_precision'] };

describe('honesty of the model verdicts, more repetitions', () => {
  it('A/A at n = 20,000, every family on: <= 5% of 150 gates alarm', async () => {
    const r = await gateRates({ mode: 'paired', n: 20000, reps: 150, experiment: 31001, comparison: KEY, allFamilies: true });
    expect(r.alarm).toBeLessThanOrEqual(0.05);
  });

  it('a true 2-point accuracy drop at n = 20,000: caught in >= 90% of 200 runs, paired and independent', async () => {
    const dDrop = separationFor(BASE_SCENARIO, population(BASE_SCENARIO).accuracy - 0.02);
    for (const mode of ['paired', 'independent'] as const) {
      const r = await gateRates({
        mode,
        n: 20000,
        reps: 200,
        experiment: 31002,
        rho: 0,
        dHead: dDrop,
        comparison: { metrics: ['accuracy'] },
      });
      expect(r.verdicts.accuracy.fail ?? 0, mode).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('coverage at n = 50,000 over 150 samples: 93-97% up to three Monte Carlo standard errors, always in range', () => {
    const reps = 150;
    const c = coverage(BASE_SCENARIO, 50000, reps, 31003);
    for (const m of INTERVAL_METRICS) {
      expect(c[m].outOfRange, m).toBe(0);
      const rate = c[m].covered / reps;
      expect(rate, m).toBeGreaterThanOrEqual(0.93 - 3 * Math.sqrt((0.93 * 0.07) / reps));
      expect(rate, m).toBeLessThanOrEqual(0.97 + 3 * Math.sqrt((0.97 * 0.03) / reps));
    }
  });
});
