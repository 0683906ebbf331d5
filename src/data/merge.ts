/**
 * Combine snapshots computed in pieces (shards of one dataset, or a distributed job) into one.
 * Exact for counts, presence, min/max, mean and std (Chan et al.'s pairwise update) and for
 * histograms on identical edges, for exact value counts and DDSketch cells; quantiles are not mergeable and are left out; categorical counts
 * are exact for values listed in every piece, otherwise the result is marked approximate.
 */
import { finiteValues, type FeatureSnapshot, type Snapshot } from '../schemas/snapshot.js';
import { DEFAULT_MAX_EXACT } from './profile.js';
import { LogSketch, SKETCH_ALPHA } from './sketch.js';

export class MergeError extends Error {}

export function sameEdges(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

type Numeric = NonNullable<FeatureSnapshot['numeric']>;

function sketchOf(n: Numeric, alpha: number): LogSketch | null {
  if (n.sketch) return n.sketch.alpha === alpha ? LogSketch.fromJSON(n.sketch) : null;
  if (!n.exact) return null;
  const s = new LogSketch(alpha);
  n.exact.values.forEach((v, i) => s.add(v, n.exact!.counts[i]));
  return s;
}

/**
 * Exact value counts add up while the pieces together have at most DEFAULT_MAX_EXACT distinct values;
 * otherwise the DDSketch cells add up (same grid in every piece). A piece with neither (a v1
 * snapshot, or an import) leaves the merge without them.
 */
function mergeCounts(na: Numeric, nb: Numeric): Pick<Numeric, 'exact' | 'sketch'> {
  if (na.exact && nb.exact) {
    const m = new Map<number, number>();
    na.exact.values.forEach((v, i) => m.set(v, na.exact!.counts[i]));
    nb.exact.values.forEach((v, i) => m.set(v, (m.get(v) ?? 0) + nb.exact!.counts[i]));
    if (m.size <= DEFAULT_MAX_EXACT) {
      const values = [...m.keys()].sort((x, y) => x - y);
      return { exact: { values, counts: values.map((v) => m.get(v)!) } };
    }
  }
  const alpha = na.sketch?.alpha ?? nb.sketch?.alpha ?? SKETCH_ALPHA;
  const sa = sketchOf(na, alpha);
  const sb = sketchOf(nb, alpha);
  if (!sa || !sb) return {};
  sa.merge(sb);
  return { sketch: sa.toJSON() };
}

/** Numeric statistics of two pieces: pooled mean and standard deviation, extremes, counts, the histogram on shared edges. */
function mergeNumeric(a: FeatureSnapshot, b: FeatureSnapshot): NonNullable<FeatureSnapshot['numeric']> {
  const na = a.numeric;
  const nb = b.numeric;
  if (!na || !nb) throw new MergeError(`feature "${a.name}": numeric statistics are missing in one piece`);
  const ca = finiteValues(a);
  const cb = finiteValues(b);
  const n = ca + cb;
  let mean: number | null;
  let std: number | null;
  if (ca === 0) [mean, std] = [nb.mean, nb.std];
  else if (cb === 0) [mean, std] = [na.mean, na.std];
  else {
    const d = nb.mean! - na.mean!;
    mean = na.mean! + (d * cb) / n;
    const m2 = na.std! ** 2 * ca + nb.std! ** 2 * cb + (d * d * ca * cb) / n;
    std = Math.sqrt(m2 / n);
  }
  const pick = (x: number | null, y: number | null, f: (p: number, q: number) => number) => (x === null ? y : y === null ? x : f(x, y));
  const numeric: NonNullable<FeatureSnapshot['numeric']> = {
    min: pick(na.min, nb.min, Math.min),
    max: pick(na.max, nb.max, Math.max),
    mean,
    std,
    nan: na.nan + nb.nan,
    infinity: na.infinity + nb.infinity,
  };
  if (na.zeros !== undefined && nb.zeros !== undefined) numeric.zeros = na.zeros + nb.zeros;
  // a piece without finite values has no counts to add
  const counts = ca === 0 ? nb : cb === 0 ? na : mergeCounts(na, nb);
  if (counts.exact) numeric.exact = counts.exact;
  if (counts.sketch) numeric.sketch = counts.sketch;
  const ha = na.histogram;
  const hb = nb.histogram;
  if (ha && hb) {
    if (!sameEdges(ha.edges, hb.edges)) {
      throw new MergeError(
        `feature "${a.name}": histograms have different bin edges; profile every piece with --reference on the same snapshot`,
      );
    }
    numeric.histogram = {
      edges: [...ha.edges],
      counts: ha.counts.map((c, i) => c + hb.counts[i]),
      underflow: (ha.underflow ?? 0) + (hb.underflow ?? 0),
      overflow: (ha.overflow ?? 0) + (hb.overflow ?? 0),
    };
  } else if (ha || hb) {
    const only = ha ?? hb!;
    if ((ha ? cb : ca) > 0) throw new MergeError(`feature "${a.name}": one piece has no histogram`);
    numeric.histogram = { ...only, edges: [...only.edges], counts: [...only.counts] };
  }
  return numeric;
}

/** Categorical statistics of two pieces: top values added up; distinct counts and the rest approximate when a piece left values out. */
function mergeCategorical(a: FeatureSnapshot, b: FeatureSnapshot, count: number): NonNullable<FeatureSnapshot['categorical']> {
  const ta = a.categorical;
  const tb = b.categorical;
  if (!ta || !tb) throw new MergeError(`feature "${a.name}": categorical statistics are missing in one piece`);
  const counts = new Map<string, number>();
  for (const t of ta.top) counts.set(t.value, t.count);
  for (const t of tb.top) counts.set(t.value, (counts.get(t.value) ?? 0) + t.count);
  const inA = new Set(ta.top.map((t) => t.value));
  const inB = new Set(tb.top.map((t) => t.value));
  const partial = [...counts.keys()].some((k) => (!inA.has(k) && ta.otherCount > 0) || (!inB.has(k) && tb.otherCount > 0));
  const top = [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : 1));
  const listed = top.reduce((s, t) => s + t.count, 0);
  const exactDistinct = ta.otherCount === 0 && tb.otherCount === 0 && !ta.approximate && !tb.approximate;
  const categorical: NonNullable<FeatureSnapshot['categorical']> = {
    distinct: exactDistinct ? counts.size : Math.max(ta.distinct, tb.distinct, counts.size),
    top,
    otherCount: count - listed,
  };
  if (partial || !exactDistinct) categorical.approximate = true;
  return categorical;
}

export function mergeFeatures(a: FeatureSnapshot, b: FeatureSnapshot): FeatureSnapshot {
  // a piece where the column is entirely empty has no type of its own
  if (a.count === 0 && b.count > 0) return { ...b, name: a.name, missing: a.missing + b.missing };
  if (b.count === 0) return { ...a, missing: a.missing + b.missing };
  const numericTypes = new Set(['int', 'float']);
  let type = a.type;
  if (a.type !== b.type) {
    if (numericTypes.has(a.type) && numericTypes.has(b.type)) type = 'float';
    else throw new MergeError(`feature "${a.name}": cannot merge type ${a.type} with ${b.type}`);
  }
  const out: FeatureSnapshot = { ...a, type, count: a.count + b.count, missing: a.missing + b.missing };
  delete out.numeric;
  delete out.categorical;
  delete out.mixed;
  if (a.mixed || b.mixed) {
    const ma = a.mixed ?? { numeric: 0, other: 0, examples: [] };
    const mb = b.mixed ?? { numeric: 0, other: 0, examples: [] };
    out.mixed = { numeric: ma.numeric + mb.numeric, other: ma.other + mb.other, examples: [...ma.examples, ...mb.examples].slice(0, 3) };
    if (ma.line ?? mb.line) out.mixed.line = ma.line ?? mb.line;
  }
  if (numericTypes.has(type)) out.numeric = mergeNumeric(a, b);
  else out.categorical = mergeCategorical(a, b, out.count);
  return out;
}

/** Merge pieces of one dataset. Every piece must have the same features. */
export function mergeSnapshots(a: Snapshot, b: Snapshot): Snapshot {
  const names = (s: Snapshot) => s.features.map((f) => f.name);
  const byName = new Map(b.features.map((f) => [f.name, f]));
  const missing = names(a).filter((n) => !byName.has(n));
  const extra = names(b).filter((n) => !a.features.some((f) => f.name === n));
  if (missing.length || extra.length) {
    throw new MergeError(
      `snapshots have different features: ${[...missing.map((m) => `"${m}" only in the first`), ...extra.map((m) => `"${m}" only in the second`)].join(', ')}`,
    );
  }
  return {
    ...a,
    rows: a.rows + b.rows,
    source: a.source === b.source ? a.source : [a.source, b.source].filter(Boolean).join(' + ') || undefined,
    features: a.features.map((f) => mergeFeatures(f, byName.get(f.name)!)),
  };
}
