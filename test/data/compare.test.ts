import { describe, expect, it } from 'vitest';
import { compareFeature, compareSnapshots, effectText, judge, testText, type FeatureComparison } from '../../src/data/compare.js';
import { Profiler } from '../../src/data/profile.js';
import { LogSketch, MIN_MAGNITUDE, SKETCH_ALPHA, cellIndex } from '../../src/data/sketch.js';
import { driftConfig } from '../../src/schemas/config/data.js';
import { snapshotSchema, type FeatureSnapshot, type Snapshot } from '../../src/schemas/snapshot.js';
import { wasserstein1 } from '../../src/stats/distance.js';
import { Rng } from '../../src/stats/rng.js';
import { runs } from '../helpers/tier.js';

function snap(values: number[], opts: { reference?: Snapshot; maxExact?: number } = {}): Snapshot {
  const p = new Profiler(['x'], opts);
  values.forEach((v, i) => p.addRow([String(v)], i + 2));
  return p.finish({ dataset: { name: 't' }, createdAt: '2026-01-01T00:00:00Z' });
}

const settings = driftConfig.parse({});

describe('the DDSketch grid does not depend on the data', () => {
  it('a value falls in the same cell whatever else the sketch holds; nothing is ever collapsed', () => {
    const a = new LogSketch();
    const b = new LogSketch();
    a.add(3.14159);
    for (const x of [1e-25, 1e-10, 1, 1e10, 1e25, 1e300]) b.add(x); // ~330 orders of magnitude
    b.add(3.14159);
    const ca = a.cells().find((c) => c.count > 0)!;
    const cb = b.cells().find((c) => Math.abs(c.value - 3.14159) / 3.14159 < SKETCH_ALPHA)!;
    expect([cb.lo, cb.hi, cb.key]).toEqual([ca.lo, ca.hi, ca.key]);
    expect(b.cells()).toHaveLength(7); // every magnitude in its own cell
    const z = new LogSketch();
    z.add(MIN_MAGNITUDE / 2);
    z.add(-MIN_MAGNITUDE / 3);
    z.add(0);
    expect(z.zeros).toBe(3); // below the fixed magnitude: the zero cell
  });
  it('cells hold [gamma^i, gamma^(i+1)): relative width 2 alpha / (1 - alpha), the representative within alpha', () => {
    const rng = new Rng(3);
    for (let k = 0; k < runs(2000); k++) {
      const x = Math.exp(rng.normal() * 20);
      const s = new LogSketch();
      s.add(x);
      const [c] = s.cells();
      expect(c.lo).toBeLessThanOrEqual(x * (1 + 1e-12));
      expect(c.hi).toBeGreaterThan(x * (1 - 1e-12));
      expect(Math.abs(c.value - x) / x).toBeLessThanOrEqual(SKETCH_ALPHA + 1e-12);
      expect(cellIndex(x)).toBe(Math.floor(Math.log(x) / Math.log((1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA))));
    }
  });
  it('serialises and reads back to the same cells; the snapshot checks the sketch holds every finite value', () => {
    const values = Array.from({ length: 3000 }, (_, i) => (i - 1500) * 0.37);
    const s = snap(values);
    const f = s.features[0];
    expect(f.numeric!.exact).toBeUndefined(); // 3000 distinct values > 1000
    const back = LogSketch.fromJSON(f.numeric!.sketch!);
    expect(back.count).toBe(3000);
    expect(snapshotSchema.safeParse(s).success).toBe(true);
    const bad = JSON.parse(JSON.stringify(s));
    bad.features[0].numeric.sketch.zero += 1;
    const r = snapshotSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toBe('feature "x": the sketch holds 3001 values but the feature has 3000 finite values');
  });
});

describe('separately profiled snapshots compare exactly', () => {
  it('continuous values: on DDSketch cells, counts exact on both sides, no re-binning', () => {
    const rng = new Rng(8);
    const a = snap(Array.from({ length: 4000 }, () => +(1e9 + rng.normal() * 1e7).toFixed(0)));
    const b = snap(Array.from({ length: 3000 }, () => +(1e9 + rng.normal() * 1e7).toFixed(0)));
    expect(a.features[0].numeric!.histogram!.edges).not.toEqual(b.features[0].numeric!.histogram!.edges);
    const c = compareFeature(a.features[0], b.features[0], { method: 'js' }, 100);
    expect(c.label).toContain('DDSketch cells (alpha 0.5%, exact counts on both sides)');
    expect(c.problem).toBeUndefined();
    expect(c.js).toBeLessThan(0.005);
  });
  it('few distinct values: every value counted exactly, so KS D and W1 are the exact ones', () => {
    const rng = new Rng(9);
    const xs = Array.from({ length: 2000 }, () => Math.floor(rng.next() * 30));
    const ys = Array.from({ length: 1500 }, () => Math.floor(rng.next() * 30) + 2);
    const c = compareFeature(snap(xs).features[0], snap(ys).features[0], { method: 'wasserstein' }, 100);
    expect(c.label).toContain('every distinct value (exact counts)');
    expect(c.w1).toBeCloseTo(wasserstein1(xs, ys), 12);
  });
  it('W1 from cells is within the stated bound of the exact W1 (property)', () => {
    const rng = new Rng(10);
    for (let k = 0; k < 20; k++) {
      const scale = Math.exp(rng.normal() * 3);
      const xs = Array.from({ length: 1500 }, () => Math.exp(rng.normal()) * scale);
      const ys = Array.from({ length: 1500 }, () => Math.exp(rng.normal() + 0.1) * scale);
      const c = compareFeature(snap(xs).features[0], snap(ys).features[0], { method: 'wasserstein' }, 100);
      const bound = Number(/within \+\/- ([\d.e+-]+) of the exact value/.exec(c.label)![1]);
      expect(Math.abs(c.w1! - wasserstein1(xs, ys))).toBeLessThanOrEqual(bound * 1.001);
    }
  });
  it('one side with exact counts and the other with a sketch: both on the cells', () => {
    const xs = Array.from({ length: 500 }, (_, i) => i % 20);
    const ys = Array.from({ length: 2500 }, (_, i) => (i % 20) + (i % 7) / 10);
    const c = compareFeature(snap(xs).features[0], snap(ys, { maxExact: 0 }).features[0], { method: 'js' }, 100);
    expect(c.label).toContain('DDSketch cells');
  });
  it('v1 snapshots: shared edges compare on the bins; different edges are not comparable (no verdict, says what to do)', () => {
    const strip = (s: Snapshot): FeatureSnapshot => {
      const f = JSON.parse(JSON.stringify(s.features[0]));
      delete f.numeric.sketch;
      delete f.numeric.exact;
      return f;
    };
    const a = snap(Array.from({ length: 3000 }, (_, i) => i * 1.1));
    const onA = snap(
      Array.from({ length: 3000 }, (_, i) => i * 1.2),
      { reference: a },
    );
    const b = snap(Array.from({ length: 3000 }, (_, i) => i * 1.2));
    const shared = compareFeature(strip(a), strip(onA), { method: 'js' }, 100);
    expect(shared.label).toContain('shared bin edges (20 bins + under/overflow)');
    const other = compareFeature(strip(a), strip(b), { method: 'js' }, 100);
    expect(other).toMatchObject({ problem: 'not comparable', drifted: null, value: null });
    expect(other.detail).toMatch(/^not comparable without bias: .* re-profile both with ml-test-gate >= 0\.2 .* --reference/);
  });
});

describe('every printed comparison agrees with its verdict', () => {
  /** Parse "NAME = V OP T" back: the printed numbers, and whether the printed relation holds between them. */
  function parse(text: string): { v: number; t: number; holds: boolean } {
    const m = /= (\S+) (<=|>=|<|>) (\S+)$/.exec(text);
    if (!m) throw new Error(`cannot parse ${text}`);
    const [v, op, t] = [Number(m[1]), m[2], Number(m[3])];
    return { v, t, holds: op === '>' ? v > t : op === '<=' ? v <= t : op === '<' ? v < t : v >= t };
  }
  it('property: effects and adjusted p-values near their thresholds print digits enough to agree', () => {
    const rng = new Rng(12);
    for (let k = 0; k < runs(5000); k++) {
      const threshold = [0.005, 0.05, 0.1, 0.25, 0.0125][k % 5];
      const value = threshold * (1 + (rng.next() - 0.5) * 10 ** -(1 + rng.int(8)));
      const c = { method: (['js', 'linf', 'psi', 'ks', 'wasserstein'] as const)[k % 5], value, threshold } as FeatureComparison;
      const text = effectText(c);
      const e = parse(text);
      // the verdict's rule applied to the printed numbers gives the verdict, and the printed relation is true
      expect([text, e.v > e.t, e.holds]).toEqual([text, value > threshold, true]);
      const p: FeatureComparison = {
        ...c,
        test: 'chi-squared homogeneity',
        statistic: 1,
        df: 3,
        pValue: value,
        adjustedP: value,
        alpha: threshold,
      };
      const tt = testText(p, 9);
      const q = parse(tt);
      expect([tt, q.v < q.t, q.holds]).toEqual([tt, value < threshold, true]);
    }
  });
  it('js = 0.01002 against 0.01 prints 0.01002 > 0.01, never 0.01 > 0.01', () => {
    expect(effectText({ method: 'js', value: 0.01002, threshold: 0.01 } as FeatureComparison)).toBe('JS = 0.01002 > 0.01');
  });
});

describe('Holm over the features, then effect and significance together', () => {
  it('a large effect that is not significant does not drift; a significant tiny effect does not either', () => {
    const list = [
      { feature: 'a', method: 'js', value: 0.2, threshold: 0.005, pValue: 0.2, drifted: null, detail: '' },
      { feature: 'b', method: 'js', value: 0.001, threshold: 0.005, pValue: 1e-9, drifted: null, detail: '' },
      { feature: 'c', method: 'js', value: 0.02, threshold: 0.005, pValue: 0.004, drifted: null, detail: '' },
    ] as FeatureComparison[];
    judge(list, 0.05);
    expect(list.map((c) => [c.feature, c.drifted])).toEqual([
      ['a', false],
      ['b', false],
      ['c', true],
    ]);
    // Holm: sorted p 1e-9, 0.004, 0.2 times 3, 2, 1
    expect(list.map((c) => c.adjustedP)).toEqual([0.2, expect.closeTo(3e-9, 20), expect.closeTo(0.008, 15)]);
  });
  it('chi2 without a threshold is judged at the family alpha', () => {
    const rng = new Rng(4);
    const a = snap(Array.from({ length: 1000 }, () => rng.int(3)));
    const p = new Profiler(['x']);
    for (let i = 0; i < 1000; i++) p.addRow([['u', 'v', 'w'][rng.int(3)]], i + 2);
    const cat = p.finish({ dataset: { name: 't' } });
    const r = compareSnapshots(cat, cat, driftConfig.parse({ categorical: { method: 'chi2' } }), undefined, 0.0125);
    expect(r.comparisons[0]).toMatchObject({ method: 'chi2', threshold: 0.0125, drifted: false, value: 1 });
    expect(compareSnapshots(a, a, settings).comparisons[0].drifted).toBe(false);
  });
});

describe('features on one side only', () => {
  const two = (cols: string[]) => {
    const p = new Profiler(cols);
    for (let i = 0; i < 200; i++)
      p.addRow(
        cols.map((_, j) => String((i * (j + 3)) % 17)),
        i + 2,
      );
    return p.finish({ dataset: { name: 't' } });
  };

  it('are schema skew, unless the config ignores the feature (a label absent from serving)', () => {
    const train = two(['x', 'label']);
    const serving = two(['x']);
    expect(compareSnapshots(train, serving, settings).schema.map((s) => [s.feature, s.kind])).toEqual([['label', 'only in reference']]);
    const ignoring = driftConfig.parse({ features: { label: { ignore: true } } });
    const r = compareSnapshots(train, serving, ignoring);
    expect(r.schema).toEqual([]);
    expect(r.comparisons.map((c) => c.feature)).toEqual(['x']);
    expect(compareSnapshots(serving, train, ignoring).schema).toEqual([]);
  });
});

describe('schema skew between training and serving', () => {
  const cells = (n: number, nanEvery: number, fraction = 0) =>
    Array.from({ length: n }, (_, i) => (nanEvery && i % nanEvery === 0 ? 'NaN' : String(20 + (i % 50) + fraction)));
  const profile = (values: string[], opts: { maxExact?: number } = {}) => {
    const p = new Profiler(['age'], opts);
    values.forEach((v, i) => p.addRow([v], i + 2));
    return p.finish({ dataset: { name: 't' }, createdAt: '2026-01-01T00:00:00Z' });
  };
  const typeSkew = (a: Snapshot, b: Snapshot) => compareSnapshots(a, b, settings).schema.filter((s) => s.kind === 'type differs');

  it('an integer column with missing values on one side only is not a retyped feature (pandas types it float)', () => {
    const withNaN = profile(cells(500, 25));
    const without = profile(cells(500, 0));
    expect([withNaN.features[0].type, without.features[0].type]).toEqual(['float', 'int']);
    expect(typeSkew(withNaN, without)).toEqual([]);
    expect(typeSkew(without, withNaN)).toEqual([]);
  });

  it('a real type change still is one: fractional values, or values the snapshot did not keep exactly', () => {
    const fractional = profile(cells(500, 25, 0.5));
    const ints = profile(cells(500, 0));
    expect(typeSkew(fractional, ints).map((s) => s.message)).toEqual([
      'feature "age" is float in the reference and int in the current data',
    ]);
    // without exact counts the float side's values are unknown: the difference stands
    expect(typeSkew(profile(cells(500, 25), { maxExact: 10 }), ints)).toHaveLength(1);
    // no missing values on the float side: "20.0" written as a float is a float
    expect(typeSkew(profile(cells(500, 0).map((v) => `${v}.0`)), ints)).toHaveLength(1);
  });
});
