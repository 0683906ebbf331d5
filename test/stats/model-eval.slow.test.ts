/**
 * Honesty of the verdict (issue 3), seeded and deterministic:
 * - A/A: the same model on two resamples of its eval set (n = 20,000) raises a regression verdict
 *   in at most 5% of 200 repetitions at the default confidence (0.95) and tolerance (no drop allowed);
 * - a true 2-point accuracy drop at n = 20,000 is caught (verdict "fail") in at least 90% of 200.
 */
import { describe, expect, it } from 'vitest';
import { compareSets, DEFAULT_SETTINGS, MetricSet } from '../../src/stats/model-eval.js';
import { Rng } from '../../src/stats/rng.js';
import { intervalVerdict } from '../../src/stats/verdict.js';
import { binaryPredictions } from '../helpers/predictions.js';

const N = 20_000;
const REPS = 200;
const s = DEFAULT_SETTINGS;

/** A model that is right with probability `acc`: score on the right side of 0.5. */
function score(rng: Rng, y: number, right: boolean): number {
  const margin = 0.01 + 0.49 * rng.next();
  return (y === 1) === right ? 0.5 + margin : 0.5 - margin;
}

function verdict(head: ReturnType<typeof binaryPredictions>, base: ReturnType<typeof binaryPredictions>, baseRow: Int32Array | null) {
  const c = compareSets(new MetricSet(head, null, s), new MetricSet(base, null, s), ['accuracy'], baseRow, s);
  const d = c.deltas[0];
  return intervalVerdict(d.lo, d.hi, 0);
}

describe('honesty of the comparison verdict', () => {
  it('A/A at n = 20,000: regression verdict in <= 5% of 200 repetitions', () => {
    const rng = new Rng(2026);
    // one eval set scored by one model (accuracy ~ 0.8)
    const y = new Uint8Array(N);
    const p = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      y[i] = rng.next() < 0.4 ? 1 : 0;
      p[i] = score(rng, y[i], rng.next() < 0.8);
    }
    const resample = () => {
      const yy = new Uint8Array(N);
      const pp = new Float64Array(N);
      for (let i = 0; i < N; i++) {
        const j = rng.int(N);
        yy[i] = y[j];
        pp[i] = p[j];
      }
      return binaryPredictions(yy, pp);
    };
    let fails = 0;
    let passes = 0;
    for (let r = 0; r < REPS; r++) {
      const v = verdict(resample(), resample(), null);
      if (v === 'fail') fails++;
      if (v === 'pass') passes++;
    }
    expect(fails / REPS).toBeLessThanOrEqual(0.05);
    // the verdict is not stuck: with no tolerance, A/A is mostly inconclusive, sometimes a pass
    expect(fails + passes).toBeLessThan(REPS);
  });

  it('a true 2-point accuracy drop at n = 20,000 is caught in >= 90% (paired by id and independent sets)', () => {
    const rng = new Rng(7);
    const ids = Array.from({ length: N }, (_, i) => `e${i}`);
    const identity = Int32Array.from({ length: N }, (_, i) => i);
    let caughtPaired = 0;
    let caughtIndependent = 0;
    for (let r = 0; r < REPS; r++) {
      const y = new Uint8Array(N);
      const pb = new Float64Array(N);
      const ph = new Float64Array(N);
      for (let i = 0; i < N; i++) {
        y[i] = rng.next() < 0.4 ? 1 : 0;
        pb[i] = score(rng, y[i], rng.next() < 0.8);
        ph[i] = score(rng, y[i], rng.next() < 0.78); // independent errors: the hardest paired case
      }
      if (verdict(binaryPredictions(y, ph, { ids }), binaryPredictions(y, pb, { ids }), identity) === 'fail') caughtPaired++;
      // independent eval sets: head on a fresh sample
      const y2 = new Uint8Array(N);
      const ph2 = new Float64Array(N);
      for (let i = 0; i < N; i++) {
        y2[i] = rng.next() < 0.4 ? 1 : 0;
        ph2[i] = score(rng, y2[i], rng.next() < 0.78);
      }
      if (verdict(binaryPredictions(y2, ph2), binaryPredictions(y, pb), null) === 'fail') caughtIndependent++;
    }
    expect(caughtPaired / REPS).toBeGreaterThanOrEqual(0.9);
    expect(caughtIndependent / REPS).toBeGreaterThanOrEqual(0.9);
  });
});
