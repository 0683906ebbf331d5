import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  benjaminiHochberg,
  chi2Sf,
  chi2Homogeneity,
  histogramWasserstein,
  jsDivergence,
  lInfinity,
  normalisedWasserstein,
  psi,
  wasserstein1,
} from '../../src/stats/distance.js';
import { DEEP } from '../helpers/tier.js';
import { effectiveN, kolmogorovSf, ks2AsymptoticPValue, ks2ExactPValue, ks2Samp, ks2Statistic, smirnovSf } from '../../src/stats/ks.js';

const scipyExact = JSON.parse(readFileSync(new URL('../fixtures/scipy/ks-exact.json', import.meta.url), 'utf8'));

const ref = JSON.parse(readFileSync(new URL('../fixtures/scipy/reference.json', import.meta.url), 'utf8'));

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('two-sample KS (SciPy ks_2samp)', () => {
  for (const c of ref.ks2samp as Array<{ name: string; a: number[]; b: number[]; statistic: number; pvalue: number }>) {
    it(`statistic equals SciPy exactly and p-value matches method='asymp': ${c.name}`, () => {
      const d = ks2Statistic(c.a, c.b);
      expect(d).toBe(c.statistic);
      const p = ks2AsymptoticPValue(d, c.a.length, c.b.length);
      expect(Math.abs(p - c.pvalue)).toBeLessThan(1e-9 + 1e-6 * c.pvalue);
    });
  }
  it('is symmetric and 0 for identical samples', () => {
    expect(ks2Statistic([1, 2, 3], [3, 2, 1])).toBe(0);
    expect(ks2Statistic([1, 2], [5, 6])).toBe(1);
    expect(ks2Statistic([1, 2, 2, 3], [2, 4])).toBe(ks2Statistic([2, 4], [1, 2, 2, 3]));
  });
  it('hand-checked: {1,2,3,4} vs {3,4,5,6} has D = 0.5', () => {
    expect(ks2Statistic([1, 2, 3, 4], [3, 4, 5, 6])).toBe(0.5);
  });
  it('uses en = round(m n / (m + n)) with numpy rounding (half to even)', () => {
    expect(effectiveN(200, 300)).toBe(120);
    expect(effectiveN(3, 1)).toBe(1); // 0.75 -> 1
    expect(effectiveN(2, 2)).toBe(1); // 1.0
    expect(effectiveN(5, 5)).toBe(2); // 2.5 -> 2
  });
});

describe('Kolmogorov distribution kstwo.sf (SciPy)', () => {
  for (const g of ref.kstwo_sf as Array<{ n: number; x: number; sf: number }>) {
    it(`n=${g.n} x=${g.x.toPrecision(4)}`, () => {
      const v = kolmogorovSf(g.x, g.n);
      expect(Math.abs(v - g.sf)).toBeLessThan(1e-10 + 1e-6 * g.sf);
    });
  }
  for (const g of ref.smirnov as Array<{ n: number; x: number; sf: number }>) {
    it(`one-sided smirnov n=${g.n} x=${g.x}`, () => {
      expect(rel(smirnovSf(g.n, g.x), g.sf)).toBeLessThan(1e-8);
    });
  }
});

describe('chi-squared (SciPy chi2.sf, chisquare)', () => {
  for (const g of ref.chi2_sf as Array<{ x: number; df: number; sf: number }>) {
    it(`chi2.sf(${g.x}, ${g.df})`, () => expect(rel(chi2Sf(g.x, g.df), g.sf)).toBeLessThan(1e-9));
  }
  for (const t of scipyExact.contingency as Array<{ observed: number[][]; statistic: number; df: number; p: number }>) {
    it(`homogeneity of ${JSON.stringify(t.observed)} equals chi2_contingency (Yates only for 1 df)`, () => {
      const r = chi2Homogeneity(t.observed[0], t.observed[1], false);
      expect(rel(r.statistic, t.statistic)).toBeLessThan(1e-12);
      expect(rel(r.pValue, t.p)).toBeLessThan(1e-9);
      expect(r.df).toBe(t.df);
    });
  }
  it('sparse columns merge until every expected count is at least 5; one column left gives p = 1', () => {
    // row totals 100 and 100: a column needs a total of 5 * 200 / 100 = 10
    const r = chi2Homogeneity([50, 3, 2, 45], [50, 2, 3, 45], true);
    expect(r.columns).toBe(3); // [50], [3+2 | 2+3 -> merged with the next to reach 10], [45]
    expect(r.merged).toBeGreaterThan(0);
    expect(chi2Homogeneity([10], [30], false)).toMatchObject({ statistic: 0, pValue: 1, df: 0 });
    const cats = chi2Homogeneity([40, 40, 4, 3, 13], [40, 40, 3, 4, 13], false);
    expect(cats.columns).toBe(4); // the two sparse categories pooled
    // a sparse category still too small when pooled goes into the smallest full column
    const x = chi2Homogeneity([50, 0, 25], [45, 1, 30], false);
    expect(x).toEqual({ ...chi2Homogeneity([50, 25], [45, 31], false), merged: 1 });
  });
});

describe('exact two-sample KS p-value (SciPy ks_2samp, method auto)', () => {
  // at 10,000 per side a D of 0.2 or more costs ~1 s (the band of lattice paths is 2 D n wide) for p < 1e-170: left out of the fast tier
  const exactCases = (scipyExact.exact as Array<{ n1: number; n2: number; d: number; p: number }>).filter(
    (c) => DEEP || c.n1 < 9999 || c.d < 0.2,
  );
  for (const c of exactCases) {
    it(`n = ${c.n1}, ${c.n2}, D = ${c.d}: p = ${c.p.toExponential(3)}`, () => {
      const p = ks2ExactPValue(c.d, c.n1, c.n2);
      expect(Math.abs(p - c.p)).toBeLessThan(1e-12 + 1e-7 * c.p);
    });
  }
  for (const c of (scipyExact.samples as Array<{ a: number[] | null; b: number[]; statistic: number; p: number }>).filter((x) => x.a)) {
    it(`ks_2samp on ${c.a!.length} vs ${c.b.length} values: statistic and exact p`, () => {
      const r = ks2Samp(c.a!, c.b);
      expect(r.method).toBe('exact');
      expect(r.statistic).toBe(c.statistic);
      expect(Math.abs(r.pValue - c.p)).toBeLessThan(1e-12 + 1e-7 * c.p);
    });
  }
  it('above 10,000 per side it is the asymptotic p-value, as SciPy auto', () => {
    const a = Array.from({ length: 10001 }, (_, i) => i);
    const b = Array.from({ length: 500 }, (_, i) => i * 20 + 0.5);
    const r = ks2Samp(a, b);
    expect(r.method).toBe('asymptotic');
    expect(r.pValue).toBe(ks2AsymptoticPValue(r.statistic, 10001, 500));
  });
});

describe('Jensen-Shannon divergence, log2', () => {
  for (const g of ref.jensenshannon as Array<{ p: number[]; q: number[]; divergence: number }>) {
    it(`equals SciPy jensenshannon(base=2)^2 for ${JSON.stringify(g.p)} vs ${JSON.stringify(g.q)}`, () => {
      expect(Math.abs(jsDivergence(g.p, g.q) - g.divergence)).toBeLessThan(1e-12);
    });
  }
  it('hand-checked: disjoint supports give 1 bit; identical give 0', () => {
    expect(jsDivergence([1, 0], [0, 1])).toBe(1);
    expect(jsDivergence([3, 1], [6, 2])).toBe(0);
  });
  it('hand-checked: [1,1] vs [1,0] = 1.5 - 0.75 log2(3)', () => {
    // M = [0.75, 0.25]; 0.5*KL(P||M) + 0.5*KL(Q||M)
    const want = 0.5 * (0.5 * Math.log2(0.5 / 0.75) + 0.5 * Math.log2(0.5 / 0.25)) + 0.5 * Math.log2(1 / 0.75);
    expect(jsDivergence([1, 1], [1, 0])).toBeCloseTo(want, 14);
    expect(want).toBeCloseTo(1.5 - 0.75 * Math.log2(3), 14);
  });
  it('refuses vectors on different bins', () => {
    expect(() => jsDivergence([1, 2], [1, 2, 3])).toThrow(/share bins/);
  });
});

describe('PSI', () => {
  it('hand-checked value with shares [0.5,0.5] vs [0.25,0.75]', () => {
    const want = (0.5 - 0.25) * Math.log(0.5 / 0.25) + (0.5 - 0.75) * Math.log(0.5 / 0.75);
    const r = psi([50, 50], [25, 75]);
    expect(r.value).toBeCloseTo(want, 14);
    expect(r.flooredBins).toBe(0);
  });
  it('floors empty bins and reports how many were floored', () => {
    const r = psi([100, 0], [90, 10], 1e-4);
    const want = (0.9999 - 0.9) * 0 + (1 - 0.9) * Math.log(1 / 0.9) + (1e-4 - 0.1) * Math.log(1e-4 / 0.1);
    expect(r.value).toBeCloseTo(want, 12);
    expect(r.flooredBins).toBe(1);
    expect(Number.isFinite(r.value)).toBe(true);
  });
});

describe('L-infinity (TFDV)', () => {
  it('hand-checked: each side normalised by its own total', () => {
    const r = lInfinity(
      new Map([
        ['a', 6],
        ['b', 4],
      ]),
      new Map([
        ['a', 30],
        ['b', 50],
        ['c', 20],
      ]),
    );
    expect(r.value).toBeCloseTo(0.3, 14); // a: 0.6 vs 0.3
    expect(r.at).toBe('a');
  });
  it('is 0 for proportional counts', () => {
    expect(
      lInfinity(
        new Map([
          ['a', 1],
          ['b', 3],
        ]),
        new Map([
          ['a', 10],
          ['b', 30],
        ]),
      ).value,
    ).toBe(0);
  });
});

describe('Wasserstein (SciPy) and normalised Wasserstein (Evidently)', () => {
  for (const g of ref.wasserstein as Array<{ name: string; a: number[]; b: number[]; wasserstein: number; normalised: number }>) {
    it(g.name, () => {
      expect(rel(wasserstein1(g.a, g.b), g.wasserstein)).toBeLessThan(1e-12);
      expect(rel(normalisedWasserstein(g.a, g.b), g.normalised)).toBeLessThan(1e-12);
    });
  }
});

describe('histogram distances (snapshots)', () => {
  const a = { edges: [0, 1, 2, 3], counts: [10, 20, 10] };
  it('Wasserstein of a histogram shifted by one bin width is 1', () => {
    const b = { edges: [1, 2, 3, 4], counts: [10, 20, 10] };
    expect(histogramWasserstein(a, b)).toBeCloseTo(1, 12);
  });
  it('overflow mass is spread up to the snapshot max', () => {
    const b = { edges: [0, 1, 2, 3], counts: [10, 20, 0], overflow: 10, max: 5 };
    // the last 25% of mass moves from [2,3] to [3,5]: W = 0.25 * (4 - 2.5) = 0.375
    expect(histogramWasserstein(a, b)).toBeCloseTo(0.375, 12);
  });
});

describe('Benjamini-Hochberg', () => {
  it('hand-checked adjusted p-values (step-up, monotone, capped at 1)', () => {
    // sorted: .01 .02 .03 .04 .05 with m = 5 -> .05 .05 .05 .05 .05
    expect(benjaminiHochberg([0.05, 0.01, 0.03, 0.02, 0.04]).map((x) => +x.toFixed(12))).toEqual([0.05, 0.05, 0.05, 0.05, 0.05]);
    // .001*3/1=.003, .2*3/2=.3, .9*3/3=.9
    expect(benjaminiHochberg([0.9, 0.001, 0.2]).map((x) => +x.toFixed(12))).toEqual([0.9, 0.003, 0.3]);
  });
  it('keeps NaN out of m', () => {
    const r = benjaminiHochberg([0.01, Number.NaN, 0.04]);
    expect(r[0]).toBeCloseTo(0.02, 14);
    expect(Number.isNaN(r[1])).toBe(true);
    expect(r[2]).toBeCloseTo(0.04, 14);
  });
});
