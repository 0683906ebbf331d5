/**
 * Compare two snapshots feature by feature (training vs serving skew, base vs head drift).
 * Numeric features are compared on the reference's bins plus underflow, overflow and a non-finite
 * (NaN/infinity) bucket; when the two snapshots do not share edges the current histogram is
 * re-binned onto the reference's (mass uniform within bins) and the method says so. Categorical
 * features use the listed values plus one bucket for the values beyond the listed ones.
 */
import {
  CATEGORICAL_METHODS,
  DEFAULT_THRESHOLDS,
  NUMERIC_METHODS,
  type ComparatorConfig,
  type ComparisonSettings,
  type DistanceMethod,
} from '../schemas/config/data.js';
import { finiteValues, type FeatureSnapshot, type Snapshot } from '../schemas/snapshot.js';
import { sameEdges } from './merge.js';
import {
  benjaminiHochberg,
  chiSquared,
  histogramKs,
  histogramWasserstein,
  jsDivergence,
  lInfinity,
  psi,
  rebin,
  type Binned,
} from '../stats/distance.js';
import { ks2AsymptoticPValue, ks2Samp } from '../stats/ks.js';
import { fmt } from '../util/format.js';
import { quoted } from '../util/excerpt.js';

export interface FeatureComparison {
  feature: string;
  type: string;
  method: DistanceMethod;
  /** How the figure was computed, e.g. "JS divergence, log2, 22 bins (reference edges)". */
  label: string;
  /** Distance (or the BH-adjusted p-value for chi2). null = undefined. */
  value: number | null;
  threshold: number;
  pValue?: number;
  adjustedP?: number;
  /** null: insufficient data or not computable (see `problem`). */
  drifted: boolean | null;
  detail: string;
  /** Why there is no verdict: too few values (a warning) or a method/snapshot problem (an error). */
  problem?: 'insufficient data' | 'types differ' | 'not computable';
}

const NUMERIC = new Set(['int', 'float']);
export const OTHER_BUCKET = '(other values)';

const LABELS: Record<DistanceMethod, string> = {
  js: 'JS divergence, log2',
  linf: 'L-infinity (TFDV)',
  psi: 'PSI',
  ks: 'Kolmogorov-Smirnov D',
  wasserstein: 'normalised Wasserstein (W1 / std_ref, Evidently)',
  chi2: 'chi-squared, BH-adjusted p-value',
};

function nonFinite(f: FeatureSnapshot): number {
  return (f.numeric?.nan ?? 0) + (f.numeric?.infinity ?? 0);
}

function binned(f: FeatureSnapshot): Binned | null {
  const h = f.numeric?.histogram;
  if (!h) return null;
  return { ...h, min: f.numeric!.min, max: f.numeric!.max };
}

/** Count vectors on the reference's bins: [under, bins..., over, non-finite]. */
function numericVectors(ref: FeatureSnapshot, cur: FeatureSnapshot): { r: number[]; c: number[]; bins: number; rebinned: boolean } | null {
  const hr = ref.numeric?.histogram;
  const hc = cur.numeric?.histogram;
  if (!hr || !hc) return null;
  const r = [hr.underflow ?? 0, ...hr.counts, hr.overflow ?? 0, nonFinite(ref)];
  let c: number[];
  let rebinned = false;
  if (sameEdges(hr.edges, hc.edges)) c = [hc.underflow ?? 0, ...hc.counts, hc.overflow ?? 0, nonFinite(cur)];
  else {
    const moved = rebin(binned(cur)!, hr.edges);
    const under = moved[0];
    const over = moved[moved.length - 1];
    c = [under, ...moved.slice(1, -1), over, nonFinite(cur)];
    rebinned = true;
  }
  return { r, c, bins: hr.counts.length, rebinned };
}

function categoricalMaps(f: FeatureSnapshot): Map<string, number> {
  const m = new Map<string, number>();
  const cat = f.categorical;
  if (!cat) return m;
  for (const t of cat.top) m.set(t.value, t.count);
  if (cat.otherCount > 0) m.set(OTHER_BUCKET, cat.otherCount);
  return m;
}

/** Which comparator applies to a feature (null = ignored). */
export function comparatorFor(settings: ComparisonSettings, name: string, type: string): ComparatorConfig | null {
  const own = settings.features[name];
  if (own && 'ignore' in own) return null;
  if (own) return own;
  return NUMERIC.has(type) ? settings.numeric : settings.categorical;
}

export interface RawSamples {
  ref: Float64Array;
  cur: Float64Array;
}

/** What every comparison of a feature starts from, and the result when it cannot be computed. */
type Base = { feature: string; type: string; method: ComparatorConfig['method']; threshold: number };
type NotComputable = (detail: string) => FeatureComparison;

/** A numeric feature: KS (exact on raw data, or from histograms), Wasserstein, JS divergence or PSI on the reference bins. */
function compareNumeric(ref: FeatureSnapshot, cur: FeatureSnapshot, base: Base, none: NotComputable, raw?: RawSamples): FeatureComparison {
  const { method, threshold } = base;
  if (method === 'ks' && raw) {
    const r = ks2Samp(raw.ref, raw.cur);
    return {
      ...base,
      label: 'Kolmogorov-Smirnov D, exact on raw data (SciPy ks_2samp), asymptotic p',
      value: r.statistic,
      pValue: r.pValue,
      drifted: null,
      detail: `D = ${fmt(r.statistic)}, p = ${fmt(r.pValue)} (n = ${r.n1}, ${r.n2})`,
    };
  }
  if (method === 'ks' || method === 'wasserstein') {
    const a = binned(ref);
    const b = binned(cur);
    if (!a || !b) return none('a histogram is missing from a snapshot');
    if (method === 'ks') {
      const d = histogramKs(a, b);
      const n1 = finiteValues(ref);
      const n2 = finiteValues(cur);
      const p = ks2AsymptoticPValue(d, n1, n2);
      return {
        ...base,
        label: `Kolmogorov-Smirnov D from histograms (${a.counts.length} bins; lower bound of the exact D), asymptotic p`,
        value: d,
        pValue: p,
        drifted: null,
        detail: `D = ${fmt(d)}, p = ${fmt(p)}`,
      };
    }
    const std = ref.numeric?.std ?? null;
    if (std === null) return none('reference std is undefined');
    const w = histogramWasserstein(a, b);
    const v = w / Math.max(std, 0.001);
    return {
      ...base,
      label: `${LABELS.wasserstein}, from histograms`,
      value: v,
      drifted: v > threshold,
      detail: `W1 = ${fmt(w)}, std_ref = ${fmt(std)}`,
    };
  }
  const vec = numericVectors(ref, cur);
  if (!vec) return none('a histogram is missing from a snapshot');
  const how = `${vec.bins} bins + under/overflow + NaN/inf (reference edges${vec.rebinned ? '; current re-binned, uniform within bins' : ''})`;
  if (method === 'js') {
    const v = jsDivergence(vec.r, vec.c);
    return { ...base, label: `${LABELS.js}, ${how}`, value: v, drifted: v > threshold, detail: `JS distance ${fmt(Math.sqrt(v))}` };
  }
  const p = psi(vec.r, vec.c);
  return {
    ...base,
    label: `PSI, ${how}, floor ${p.floor}`,
    value: p.value,
    drifted: p.value > threshold,
    detail: `${p.flooredBins} of ${p.bins} bins floored`,
  };
}

/** A categorical feature: L-infinity, chi-squared, JS divergence or PSI over the listed categories. */
function compareCategorical(ref: FeatureSnapshot, cur: FeatureSnapshot, base: Base): FeatureComparison {
  const { method, threshold } = base;
  const r = categoricalMaps(ref);
  const c = categoricalMaps(cur);
  const cats = new Set([...r.keys(), ...c.keys()]).size;
  const truncated = r.has(OTHER_BUCKET) || c.has(OTHER_BUCKET) ? `; values beyond the listed ones in one bucket` : '';
  if (method === 'linf') {
    const l = lInfinity(r, c);
    const at =
      l.at === null ? '' : `largest at ${JSON.stringify(l.at)}: ${fmt((r.get(l.at) ?? 0) / sum(r))} -> ${fmt((c.get(l.at) ?? 0) / sum(c))}`;
    return { ...base, label: `${LABELS.linf}, ${cats} categories${truncated}`, value: l.value, drifted: l.value > threshold, detail: at };
  }
  if (method === 'chi2') {
    const x = chiSquared(r, c);
    const news = x.newCategories.length
      ? `; new categories (expected 0, not in the statistic): ${x.newCategories
          .slice(0, 3)
          .map((n) => `${quoted(n.value, 40)} x${n.count}`)
          .join(', ')}`
      : '';
    return {
      ...base,
      label: `chi-squared, ${x.df} df${truncated}, BH-adjusted p`,
      value: null,
      pValue: x.pValue,
      drifted: null,
      detail: `chi2 = ${fmt(x.statistic)}, p = ${fmt(x.pValue)}${news}`,
    };
  }
  const keys = [...new Set([...r.keys(), ...c.keys()])];
  const rv = keys.map((k) => r.get(k) ?? 0);
  const cv = keys.map((k) => c.get(k) ?? 0);
  if (method === 'js') {
    const v = jsDivergence(rv, cv);
    return {
      ...base,
      label: `${LABELS.js}, ${cats} categories${truncated}`,
      value: v,
      drifted: v > threshold,
      detail: `JS distance ${fmt(Math.sqrt(v))}`,
    };
  }
  const p = psi(rv, cv);
  return {
    ...base,
    label: `PSI, ${cats} categories${truncated}, floor ${p.floor}`,
    value: p.value,
    drifted: p.value > threshold,
    detail: `${p.flooredBins} of ${p.bins} categories floored`,
  };
}

/** Compare one feature with one method. p-values are adjusted later across features. */
export function compareFeature(
  ref: FeatureSnapshot,
  cur: FeatureSnapshot,
  comp: ComparatorConfig,
  minCount: number,
  raw?: RawSamples,
): FeatureComparison {
  const method = comp.method;
  const threshold = comp.threshold ?? DEFAULT_THRESHOLDS[method];
  const numeric = NUMERIC.has(ref.type) && NUMERIC.has(cur.type);
  const base: Base = { feature: ref.name, type: ref.type === cur.type ? ref.type : `${ref.type} -> ${cur.type}`, method, threshold };
  const none = (detail: string, problem: FeatureComparison['problem'] = 'not computable'): FeatureComparison => ({
    ...base,
    label: LABELS[method],
    value: null,
    drifted: null,
    detail,
    problem,
  });
  if (!numeric && (NUMERIC.has(ref.type) || NUMERIC.has(cur.type)))
    return none(`types differ (${ref.type} vs ${cur.type}); see schema skew`, 'types differ');
  if (numeric ? !NUMERIC_METHODS.includes(method) : !CATEGORICAL_METHODS.includes(method)) {
    return none(
      `${method} does not apply to ${numeric ? 'numeric' : 'categorical'} features; use ${(numeric ? NUMERIC_METHODS : CATEGORICAL_METHODS).join(', ')}`,
    );
  }
  if (ref.count < minCount || cur.count < minCount) {
    return none(`insufficient data: ${ref.count} and ${cur.count} present values (minimum ${minCount})`, 'insufficient data');
  }
  return numeric ? compareNumeric(ref, cur, base, none, raw) : compareCategorical(ref, cur, base);
}

function sum(m: Map<string, number>): number {
  let s = 0;
  for (const v of m.values()) s += v;
  return s;
}

/**
 * Apply Benjamini-Hochberg across the p-value comparisons (ks, chi2) and set their verdicts:
 * chi2 drifts when the adjusted p is below its threshold; ks when D is above its threshold and the
 * adjusted p is below the FDR level.
 */
export function applyFdr(list: FeatureComparison[], fdr: number): void {
  const tested = list.filter((c) => c.pValue !== undefined && !Number.isNaN(c.pValue));
  const adj = benjaminiHochberg(tested.map((c) => c.pValue!));
  tested.forEach((c, i) => {
    c.adjustedP = adj[i];
    if (c.method === 'chi2') {
      c.value = adj[i];
      c.drifted = adj[i] < c.threshold;
      c.detail += `, BH-adjusted p = ${fmt(adj[i])} over ${tested.length} test(s)`;
    } else {
      c.drifted = (c.value ?? 0) > c.threshold && adj[i] < fdr;
      c.detail += `, BH-adjusted p = ${fmt(adj[i])} (FDR ${fdr}) over ${tested.length} test(s)`;
    }
  });
}

export interface SchemaSkew {
  feature: string;
  kind: 'only in reference' | 'only in current' | 'type differs' | 'presence differs';
  message: string;
  value?: number;
}

/** Compare every shared feature; list features present on one side only or with another type. */
export function compareSnapshots(
  ref: Snapshot,
  cur: Snapshot,
  settings: ComparisonSettings,
  raw?: (feature: string) => RawSamples | undefined,
): { comparisons: FeatureComparison[]; schema: SchemaSkew[] } {
  const curBy = new Map(cur.features.map((f) => [f.name, f]));
  const refNames = new Set(ref.features.map((f) => f.name));
  const comparisons: FeatureComparison[] = [];
  const schema: SchemaSkew[] = [];
  for (const rf of ref.features) {
    const cf = curBy.get(rf.name);
    if (!cf) {
      schema.push({
        feature: rf.name,
        kind: 'only in reference',
        message: `feature "${rf.name}" (${rf.type}) is missing from the current data`,
      });
      continue;
    }
    if (rf.type !== cf.type)
      schema.push({
        feature: rf.name,
        kind: 'type differs',
        message: `feature "${rf.name}" is ${rf.type} in the reference and ${cf.type} in the current data`,
      });
    const comp = comparatorFor(settings, rf.name, rf.type);
    if (!comp) continue;
    comparisons.push(compareFeature(rf, cf, comp, settings['min-count'], raw?.(rf.name)));
  }
  for (const cf of cur.features) {
    if (!refNames.has(cf.name))
      schema.push({
        feature: cf.name,
        kind: 'only in current',
        message: `feature "${cf.name}" (${cf.type}) is in the current data but not in the reference`,
      });
  }
  applyFdr(comparisons, settings.fdr);
  return { comparisons, schema };
}

/** Closest to (or furthest past) its threshold first. */
export function severity(c: FeatureComparison): number {
  if (c.value === null || Number.isNaN(c.value)) return -1;
  if (c.method === 'chi2') return c.value > 0 ? c.threshold / c.value : Infinity;
  return c.value / c.threshold;
}
