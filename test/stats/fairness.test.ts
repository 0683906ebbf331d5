/**
 * Group fairness against fairlearn's definitions (test/fixtures/fairlearn/generate.py: MetricFrame's
 * between-groups difference and ratio, computed with pandas and scikit-learn), on the groups that
 * enter each metric; and the pair tests behind a violation.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fairness, twoProportionP } from '../../src/stats/fairness.js';

interface Case {
  groups: string;
  y: string;
  pred: string;
  w: number[] | null;
  mins: { min_group_size: number; min_pos: number; min_neg: number };
  rates: Record<string, { n: number; pos: number; sel: number; tpr: number | null; fpr: number | null }>;
  expected: Record<string, number | null>;
}

const ref = JSON.parse(readFileSync(new URL('../fixtures/fairlearn/reference.json', import.meta.url), 'utf8')) as { cases: Case[] };

function run(c: Case) {
  const digits = (s: string) => Array.from(s, Number);
  const codes = digits(c.groups);
  const k = Math.max(...codes) + 1;
  return fairness(
    { y: digits(c.y), pred: digits(c.pred), group: codes, names: Array.from({ length: k }, (_, i) => `g${i}`), w: c.w },
    { minGroupSize: c.mins.min_group_size, minPositives: c.mins.min_pos, minNegatives: c.mins.min_neg },
  );
}

describe('fairness metrics equal fairlearn on the groups that enter', () => {
  it.each(ref.cases.map((c, i) => [i, c] as const))('case %i', (_, c) => {
    const f = run(c);
    for (const [metric, want] of Object.entries(c.expected)) {
      const got = f[metric as keyof typeof f] as number;
      if (want === null) expect(Number.isNaN(got), metric).toBe(true);
      else expect(got, metric).toBeCloseTo(want, 12);
    }
    for (const g of f.groups) {
      const r = c.rates[g.group];
      expect(g.n).toBe(r.n);
      expect(g.selectionRate).toBeCloseTo(r.sel, 12);
      if (r.tpr !== null) expect(g.tpr).toBeCloseTo(r.tpr, 12);
      if (r.fpr !== null) expect(g.fpr).toBeCloseTo(r.fpr, 12);
      expect(g.dp).toBe(r.n >= c.mins.min_group_size);
    }
  });

  it('a 400-row group that selects nobody is not dropped from demographic parity for lacking positives (ratio 0, as fairlearn)', () => {
    const f = run(ref.cases[0]);
    const c = f.groups.find((g) => g.group === 'g2')!;
    expect(c.positives).toBeLessThan(30);
    expect([c.dp, c.eo]).toEqual([true, false]);
    expect(f.demographic_parity_ratio).toBe(0);
    // and the gap between that group and the highest is certain, far beyond chance
    expect(f.pairs.demographic_parity_ratio!.low).toBe('g2');
    expect(f.pairs.demographic_parity_ratio!.p).toBeLessThan(1e-12);
  });

  it('the pair test is the pooled two-proportion z-test (scipy/statsmodels proportions_ztest), Bonferroni across pairs', () => {
    // statsmodels.stats.proportion.proportions_ztest([30, 45], [200, 210]) -> z = -1.68298, p = 0.0923797 (two-sided, pooled)
    expect(twoProportionP(30, 200, 45, 210)).toBeCloseTo(0.09237967055994593, 12);
    expect(twoProportionP(0, 50, 0, 80)).toBe(1);
    const f = fairness(
      { y: [0, 0, 0, 0, 0, 0], pred: [1, 0, 1, 1, 1, 0], group: [0, 0, 1, 1, 2, 2], names: ['a', 'b', 'c'] },
      { minGroupSize: 1, minPositives: 1, minNegatives: 1 },
    );
    const raw = twoProportionP(1, 2, 2, 2);
    expect(f.pairs.demographic_parity_difference!.p).toBeCloseTo(Math.min(1, 3 * raw), 12); // 3 pairs among 3 groups
  });
});
