/**
 * Honesty simulations for drift and skew (issue 12): two samples of features of common shapes, either
 * from the same distribution (A/A: any alarm is a false alarm) or with one known change per feature
 * (a 0.25-sd mean shift for numerics, a 0.10 share change for categoricals), compared the three ways
 * a user can: raw files, snapshots profiled separately, and snapshots on shared bins
 * (`snapshot --reference`). Shared by the fast honesty suite (small sizes) and bench/honesty (1k to
 * 1M rows per side). Seeded: the same seed gives the same rates.
 */
import { compareSnapshots, type FeatureComparison, type RawSamples } from '../../src/data/compare.js';
import { Profiler, parseNumber } from '../../src/data/profile.js';
import { driftConfig } from '../../src/schemas/config/data.js';
import type { Snapshot } from '../../src/schemas/snapshot.js';
import { Rng } from '../../src/stats/rng.js';

export type Mode = 'raw' | 'separate' | 'shared';
export const MODES: readonly Mode[] = ['raw', 'separate', 'shared'];

/** One feature: a name and a generator of its cell text, `shifted` for the changed distribution. */
export interface Shape {
  name: string;
  kind: 'numeric' | 'categorical';
  draw(rng: Rng, shifted: boolean): string;
}

function poisson(rng: Rng, lambda: number): number {
  const l = Math.exp(-lambda);
  let k = 0;
  let p = rng.next();
  while (p > l) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** Student t with 3 degrees of freedom: a normal over the root of a chi-squared(3) / 3. */
function t3(rng: Rng): number {
  const z = rng.normal();
  let c = 0;
  for (let i = 0; i < 3; i++) c += rng.normal() ** 2;
  return z / Math.sqrt(c / 3);
}

function pick(rng: Rng, shares: readonly number[]): number {
  let u = rng.next();
  for (let i = 0; i < shares.length - 1; i++) {
    u -= shares[i];
    if (u < 0) return i;
  }
  return shares.length - 1;
}

const CATS = [0.4, 0.25, 0.15, 0.12, 0.08];
const CATS_SHIFTED = [0.3, 0.35, 0.15, 0.12, 0.08];
const ZIPF = (() => {
  const w = Array.from({ length: 200 }, (_, i) => 1 / (i + 1));
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / s);
})();
const ZIPF_SHIFTED = (() => {
  // the top category gains 0.10, every other one loses in proportion
  const top = ZIPF[0] + 0.1;
  const rest = 1 - ZIPF[0];
  return ZIPF.map((p, i) => (i === 0 ? top : (p * (1 - top)) / rest));
})();

/** Values as a CSV would hold them: a fixed number of decimals. */
const dec = (v: number, d = 4) => v.toFixed(d);
const SD_LOGNORMAL = Math.sqrt((Math.E - 1) * Math.E);

/** The features of the simulations: 6 numeric shapes, a categorical, a boolean, a high-cardinality categorical. */
export const SHAPES: readonly Shape[] = [
  { name: 'normal', kind: 'numeric', draw: (r, s) => dec(50 + 10 * r.normal() + (s ? 2.5 : 0), 3) },
  { name: 'lognormal', kind: 'numeric', draw: (r, s) => dec(Math.exp(r.normal()) + (s ? 0.25 * SD_LOGNORMAL : 0)) },
  { name: 'count', kind: 'numeric', draw: (r, s) => String(poisson(r, s ? 4 + 0.25 * 2 : 4)) },
  { name: 'bimodal', kind: 'numeric', draw: (r, s) => dec((r.next() < 0.5 ? -2 : 2) + r.normal() + (s ? 0.25 * Math.sqrt(5) : 0)) },
  { name: 'uniform', kind: 'numeric', draw: (r, s) => dec(r.next() + (s ? 0.25 / Math.sqrt(12) : 0), 5) },
  { name: 'heavy_tail', kind: 'numeric', draw: (r, s) => dec(t3(r) + (s ? 0.25 * Math.sqrt(3) : 0)) },
  { name: 'category', kind: 'categorical', draw: (r, s) => `c${pick(r, s ? CATS_SHIFTED : CATS)}` },
  { name: 'flag', kind: 'categorical', draw: (r, s) => (r.next() < (s ? 0.4 : 0.3) ? 'true' : 'false') },
  { name: 'many_cats', kind: 'categorical', draw: (r, s) => `v${pick(r, s ? ZIPF_SHIFTED : ZIPF)}` },
];

/** Rows of the simulated table, column-major text cells. */
export function sample(rng: Rng, rows: number, shifted: boolean, shapes: readonly Shape[] = SHAPES): string[][] {
  return shapes.map((sh) => Array.from({ length: rows }, () => sh.draw(rng, shifted)));
}

/** Profile column-major cells into a snapshot, as `snapshot` would (optionally on a reference's bins). */
export function profile(cols: string[][], names: readonly string[], reference?: Snapshot): Snapshot {
  const p = new Profiler(names, { reference, referenceName: reference ? 'reference.json' : undefined });
  const n = cols[0]?.length ?? 0;
  const row: Array<string | null> = new Array(cols.length);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < cols.length; c++) row[c] = cols[c][r];
    p.addRow(row, r + 2);
  }
  return p.finish({ dataset: { name: 'sim' }, createdAt: '2026-01-01T00:00:00Z' });
}

function numbers(col: string[]): Float64Array {
  const out: number[] = [];
  for (const s of col) {
    const v = parseNumber(s);
    if (v !== undefined && Number.isFinite(v)) out.push(v);
  }
  return Float64Array.from(out);
}

export interface SimOptions {
  rows: number;
  /** Rows of the current side (default: rows). */
  rowsCurrent?: number;
  /** Change the current side's distribution. */
  shifted: boolean;
  /** Drift settings (defaults as a user gets them). */
  settings?: Record<string, unknown>;
  /** Family significance level (the gate's drift share). */
  alpha?: number;
  shapes?: readonly Shape[];
  /** The ways of comparing to run (default all three). */
  modes?: readonly Mode[];
}

/**
 * One simulated pair of samples, compared every way: raw values (current profiled on the
 * reference's bins, exact KS on the values), snapshots profiled separately, and on shared bins.
 */
export function simulate(rng: Rng, o: SimOptions): Partial<Record<Mode, FeatureComparison[]>> {
  const shapes = o.shapes ?? SHAPES;
  const modes = o.modes ?? MODES;
  const names = shapes.map((s) => s.name);
  const a = sample(rng, o.rows, false, shapes);
  const b = sample(rng, o.rowsCurrent ?? o.rows, o.shifted, shapes);
  const ref = profile(a, names);
  const settings = driftConfig.parse(o.settings ?? {});
  const out: Partial<Record<Mode, FeatureComparison[]>> = {};
  const onRef = modes.includes('raw') || modes.includes('shared') ? profile(b, names, ref) : null;
  if (modes.includes('separate')) out.separate = compareSnapshots(ref, profile(b, names), settings, undefined, o.alpha ?? 0.05).comparisons;
  if (modes.includes('shared')) out.shared = compareSnapshots(ref, onRef!, settings, undefined, o.alpha ?? 0.05).comparisons;
  if (modes.includes('raw')) {
    const by = new Map(names.map((n, i) => [n, i]));
    const raw = (f: string): RawSamples | undefined => {
      const i = by.get(f)!;
      return shapes[i].kind === 'numeric' ? { ref: numbers(a[i]), cur: numbers(b[i]) } : undefined;
    };
    out.raw = compareSnapshots(ref, onRef!, settings, raw, o.alpha ?? 0.05).comparisons;
  }
  return out;
}

export interface Rates {
  runs: number;
  /** Share of runs where any feature alarmed (the gate's false-alarm rate under A/A). */
  gate: number;
  /** Share of runs where each feature alarmed. */
  features: Record<string, number>;
  /** Runs where a feature had no verdict (not comparable, not computable): must be 0. */
  noVerdict: number;
  /** Largest effect / threshold seen over all runs and features (A/A: how far noise came to the threshold). */
  worst: number;
}

/** Alarm rates per mode over `runs` seeded simulations. */
export function rates(seed: number, runs: number, o: SimOptions): Partial<Record<Mode, Rates>> {
  const rng = new Rng(seed);
  const acc: Partial<Record<Mode, { gate: number; hits: Record<string, number>; none: number; worst: number }>> = {};
  for (let k = 0; k < runs; k++) {
    const res = simulate(rng, o);
    for (const [mode, list] of Object.entries(res) as Array<[Mode, FeatureComparison[]]>) {
      const m = (acc[mode] ??= { gate: 0, hits: {}, none: 0, worst: 0 });
      let any = false;
      for (const c of list) {
        m.hits[c.feature] = (m.hits[c.feature] ?? 0) + (c.drifted === true ? 1 : 0);
        if (c.drifted === true) any = true;
        if (c.drifted === null) m.none++;
        if (c.value !== null && c.method !== 'chi2') m.worst = Math.max(m.worst, c.value / c.threshold);
      }
      if (any) m.gate++;
    }
  }
  return Object.fromEntries(
    Object.entries(acc).map(([mode, m]) => [
      mode,
      {
        runs,
        gate: m.gate / runs,
        noVerdict: m.none,
        worst: m.worst,
        features: Object.fromEntries(Object.entries(m.hits).map(([f, v]) => [f, v / runs])),
      },
    ]),
  );
}

/** Monte Carlo standard error of a rate near p over `runs` runs. */
export function mcse(p: number, runs: number): number {
  return Math.sqrt((p * (1 - p)) / runs);
}
