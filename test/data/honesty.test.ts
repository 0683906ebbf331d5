/**
 * Honesty suite for drift and skew (issue 12), fast tier: seeded simulations of equivalent data (A/A,
 * where any alarm is a false alarm) and of known changes (a 0.25-sd mean shift of each numeric
 * feature, a 0.10 share change of each categorical), compared as raw files, as snapshots profiled
 * separately, and as snapshots on shared bins. Full sizes (1k to 1M rows per side): bench/honesty.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { categoricalVectors } from '../../src/data/compare.js';
import { chi2Homogeneity } from '../../src/stats/distance.js';
import { ks2Samp } from '../../src/stats/ks.js';
import { Rng } from '../../src/stats/rng.js';
import { MODES, SHAPES, mcse, profile, rates, sample } from '../helpers/honesty.js';

const ALPHA = 0.05;
const bound = (runs: number) => ALPHA + 2 * mcse(ALPHA, runs);

describe('A/A: equivalent data rarely alarms, however the snapshots were made', () => {
  const runs = 120;
  let r: ReturnType<typeof rates>;
  beforeAll(() => {
    r = rates(20261204, runs, { rows: 1000, shifted: false, alpha: ALPHA });
  });
  for (const mode of MODES) {
    it(`${mode}: the gate alarms in at most 5% + 2 MC-SE of runs, across all 9 features together`, () => {
      expect(r[mode]!.gate).toBeLessThanOrEqual(bound(runs));
      expect(r[mode]!.noVerdict).toBe(0); // every feature judged: nothing "not comparable"
    });
  }
  it('unequal sizes (800 vs 2,500 rows), profiled separately: still calibrated', () => {
    const u = rates(7, 60, { rows: 800, rowsCurrent: 2500, shifted: false, alpha: ALPHA, modes: ['separate'] });
    expect(u.separate!.gate).toBeLessThanOrEqual(bound(60));
  });
});

describe('power: real changes are caught, whichever way the snapshots were made', () => {
  const runs = 20;
  let r: ReturnType<typeof rates>;
  beforeAll(() => {
    r = rates(99, runs, { rows: 5000, shifted: true, alpha: ALPHA });
  });
  for (const mode of MODES) {
    it(`${mode}: each feature's change is flagged in at least 90% of runs (5,000 rows per side)`, () => {
      for (const sh of SHAPES) expect([sh.name, r[mode]!.features[sh.name]]).toEqual([sh.name, expect.any(Number)]);
      const weak = Object.entries(r[mode]!.features).filter(([, p]) => p < 0.9);
      expect(weak).toEqual([]);
    });
  }
});

describe('the tests under the verdicts are calibrated on their own', () => {
  it('chi-squared homogeneity (2 x 5), 5,000 vs 5,000 from the same shares: p < 0.05 in about 5% of runs', () => {
    const rng = new Rng(5);
    const shares = [0.4, 0.25, 0.15, 0.12, 0.08];
    const draw = (n: number) => {
      const c = new Array(shares.length).fill(0);
      for (let i = 0; i < n; i++) {
        let u = rng.next();
        let k = 0;
        while (k < shares.length - 1 && (u -= shares[k]) >= 0) k++;
        c[k]++;
      }
      return c;
    };
    const runs = 400;
    let hits = 0;
    for (let k = 0; k < runs; k++) if (chi2Homogeneity(draw(5000), draw(5000), false).pValue < 0.05) hits++;
    // the goodness-of-fit test this replaces alarmed in 26% of these runs
    expect(Math.abs(hits / runs - 0.05)).toBeLessThan(3 * mcse(0.05, runs));
  });
  it('exact KS, 300 vs 200 from one normal: p < 0.05 in at most 5% + 2 MC-SE of runs', () => {
    const rng = new Rng(6);
    const runs = 300;
    let hits = 0;
    for (let k = 0; k < runs; k++) {
      const a = Float64Array.from({ length: 300 }, () => rng.normal());
      const b = Float64Array.from({ length: 200 }, () => rng.normal());
      if (ks2Samp(a, b).pValue < 0.05) hits++;
    }
    expect(hits / runs).toBeLessThanOrEqual(bound(runs));
    expect(hits / runs).toBeGreaterThan(0.01); // not vacuous
  });
});

describe('high-cardinality categoricals (more categories than top-k)', () => {
  it('with --reference the current side lists more categories; both sides are folded onto the same set', () => {
    const rng = new Rng(11);
    const names = ['many_cats'];
    const shape = SHAPES.filter((s) => s.name === 'many_cats');
    const a = profile(sample(rng, 3000, false, shape), names);
    const b = profile(sample(rng, 3000, false, shape), names, a);
    expect(a.features[0].categorical!.top.length).toBe(50);
    expect(b.features[0].categorical!.top.length).toBeGreaterThan(50); // the reference's 50 plus its own top values
    const v = categoricalVectors(a.features[0], b.features[0]);
    // kept: the categories among the 50 most frequent on both sides; everything else in "(other values)" on both
    expect(v.keys.length - 1 + v.folded).toBe(
      new Set([...a.features[0].categorical!.top, ...b.features[0].categorical!.top].map((t) => t.value)).size,
    );
    expect(v.keys.length - 1).toBeLessThanOrEqual(50);
    expect(v.keys.length - 1).toBeGreaterThan(30);
    const sum = (x: number[]) => x.reduce((s, y) => s + y, 0);
    expect([sum(v.r), sum(v.c)]).toEqual([3000, 3000]);
    // "(other values)" holds the same values on both sides: its shares agree within noise
    const other = v.keys.indexOf('(other values)');
    expect(Math.abs(v.r[other] / 3000 - v.c[other] / 3000)).toBeLessThan(0.03);
  });
});
