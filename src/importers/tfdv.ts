import * as z from 'zod';
import type { NonFinite } from '../evidence/json.js';
import { validate } from '../schemas/errors.js';
import { SNAPSHOT_VERSION, type FeatureSnapshot, type Histogram, type Snapshot } from '../schemas/snapshot.js';
import { baseName, ImportError, int64, isRecord, readJson } from './common.js';

export const TFDV_EXPECTED =
  'TensorFlow Data Validation statistics (DatasetFeatureStatisticsList as JSON: {"datasets": [{"numExamples", "features": [{"name" or "path", "type", "numStats" or "stringStats"}]}]})';

const DOUBLE_FIELDS = new Set([
  'mean',
  'stdDev',
  'min',
  'max',
  'median',
  'lowValue',
  'highValue',
  'sampleCount',
  'frequency',
  'avgLength',
  'weightedNumExamples',
]);
const TOKENS: Record<string, NonFinite['token']> = { NaN: 'NaN', Infinity: 'Infinity', '-Infinity': '-Infinity' };

/**
 * protobuf's JSON mapping writes lowerCamelCase names (parsers also accept the proto field names,
 * snake_case) and non-finite doubles as the strings "NaN", "Infinity", "-Infinity": names are
 * normalised, non-finite doubles become null and are recorded for numerical stability (monitor-5).
 */
function normalise(v: unknown, at: string, found: NonFinite[]): unknown {
  if (Array.isArray(v)) return v.map((x, i) => normalise(x, `${at}[${i}]`, found));
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const key = k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
      const p = at ? `${at}.${key}` : key;
      if (DOUBLE_FIELDS.has(key) && typeof x === 'string' && x in TOKENS) {
        found.push({ path: p, token: TOKENS[x] });
        out[key] = null;
      } else out[key] = normalise(x, p, found);
    }
    return out;
  }
  return v;
}

// uint64 fields are strings in protobuf JSON ("numNonMissing": "120"); proto3 omits default values (0, first enum value).
const u64 = z.preprocess(int64, z.number().int().nonnegative()).optional();
const dbl = z
  .preprocess((v) => (typeof v === 'string' && /^-?\d+(\.\d*)?([eE][+-]?\d+)?$/.test(v) ? Number(v) : v), z.number().nullable())
  .optional();

const histogram = z.object({
  numNan: u64,
  numUndefined: u64,
  buckets: z.array(z.object({ lowValue: dbl, highValue: dbl, sampleCount: dbl })).optional(),
  type: z.enum(['STANDARD', 'QUANTILES']).optional(),
  name: z.string().optional(),
});
const common = z.object({ numNonMissing: u64, numMissing: u64, totNumValues: u64 });
const numStats = z.object({
  commonStats: common.optional(),
  mean: dbl,
  stdDev: dbl,
  numZeros: u64,
  min: dbl,
  median: dbl,
  max: dbl,
  histograms: z.array(histogram).optional(),
});
const stringStats = z.object({
  commonStats: common.optional(),
  unique: u64,
  topValues: z.array(z.object({ value: z.string().optional(), frequency: dbl })).optional(),
  avgLength: dbl,
  rankHistogram: z.object({ buckets: z.array(z.object({ label: z.string().optional(), sampleCount: dbl })).optional() }).optional(),
});
const feature = z.object({
  name: z.string().optional(),
  path: z.object({ step: z.array(z.string()).min(1) }).optional(),
  type: z.enum(['INT', 'FLOAT', 'STRING', 'BYTES', 'STRUCT']).optional(),
  numStats: numStats.optional(),
  stringStats: stringStats.optional(),
  bytesStats: z.object({ commonStats: common.optional() }).optional(),
  structStats: z.object({ commonStats: common.optional() }).optional(),
});
const listSchema = z.object({
  datasets: z
    .array(
      z.object({
        name: z.string().optional(),
        numExamples: u64,
        weightedNumExamples: dbl,
        features: z.array(feature).optional(),
      }),
    )
    .min(1),
});

type TfdvFeature = z.infer<typeof feature>;
type TfdvHistogram = z.infer<typeof histogram>;

export interface TfdvOptions {
  /** Which dataset of the list (its name); default the first. TFDV writes one per slice when slicing. */
  dataset?: string;
  /** Snapshot dataset name; default the TFDV dataset name, else the file name. */
  name?: string;
  split?: string;
  createdAt?: string;
}

/** Buckets with proto3 defaults filled in (an omitted double is 0); null when a bound is NaN/infinite. */
function bucketsOf(h: TfdvHistogram): Array<{ low: number; high: number; count: number }> | null {
  const out: Array<{ low: number; high: number; count: number }> = [];
  for (const b of h.buckets ?? []) {
    if (b.lowValue === null || b.highValue === null || b.sampleCount === null) return null;
    out.push({ low: b.lowValue ?? 0, high: b.highValue ?? 0, count: b.sampleCount ?? 0 });
  }
  return out;
}

/** Equal-width histogram from a STANDARD histogram; counts rounded (TFDV derives them from a quantiles sketch, so they may be fractional). */
function standardHistogram(h: TfdvHistogram, where: string, notes: string[], finiteTotal: number): Histogram | undefined {
  const b = bucketsOf(h);
  if (b === null) {
    notes.push(`${where}: histogram left out (a bucket bound is NaN or infinite)`);
    return undefined;
  }
  if (b.length === 0) return undefined;
  const edges = [b[0].low, ...b.map((x) => x.high)];
  for (let i = 1; i < edges.length; i++) {
    if (!(edges[i] > edges[i - 1])) {
      notes.push(`${where}: histogram left out (bucket edges not strictly increasing at bucket ${i - 1}, e.g. a constant feature)`);
      return undefined;
    }
  }
  for (let i = 1; i < b.length; i++) {
    if (b[i].low !== b[i - 1].high) {
      notes.push(`${where}: histogram left out (bucket ${i} does not start where bucket ${i - 1} ends)`);
      return undefined;
    }
  }
  let counts = b.map((x) => Math.max(0, Math.round(x.count)));
  const sum = counts.reduce((a, c) => a + c, 0);
  if (b.some((x) => !Number.isInteger(x.count)) || sum !== finiteTotal) {
    // Sketch-derived counts: apportion the feature's finite values over the buckets in proportion
    // (largest remainder), so the histogram holds exactly the values the snapshot counts.
    counts = apportion(
      b.map((x) => Math.max(0, x.count)),
      finiteTotal,
    );
    notes.push(
      `${where}: histogram counts are approximate (TFDV derives them from a sketch); ${finiteTotal} values apportioned over ${b.length} buckets in proportion`,
    );
  }
  return { edges, counts };
}

/** Whole counts summing to `total`, in proportion to `weights` (largest remainder). */
export function apportion(weights: number[], total: number): number[] {
  const w = weights.reduce((a, x) => a + x, 0);
  if (w <= 0 || total <= 0) return weights.map(() => 0);
  const exact = weights.map((x) => (x / w) * total);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, x) => a + x, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, c) => c[0] - a[0] || a[1] - c[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k][1]]++;
  return out;
}

/** Quantile boundaries from a QUANTILES histogram of k equal-mass buckets: q = i/k -> boundary i. */
function quantilesOf(h: TfdvHistogram): Record<string, number> {
  const b = bucketsOf(h);
  const out: Record<string, number> = {};
  if (!b || b.length === 0) return out;
  const k = b.length;
  out['0'] = b[0].low;
  b.forEach((x, i) => {
    out[String((i + 1) / k)] = x.high;
  });
  return out;
}

function featureName(f: TfdvFeature): string | undefined {
  return f.name || f.path?.step.join('.');
}

/** INT/FLOAT statistics: min, max, mean, std_dev (proto3 omits zeros), quantiles, the STANDARD histogram, NaN and zero counts. */
function numericOf(
  ns: NonNullable<TfdvFeature['numStats']>,
  count: number,
  where: string,
  notes: string[],
): NonNullable<FeatureSnapshot['numeric']> {
  // proto3 omits a double equal to 0; null is a NaN/infinite value (recorded above); no value at all without data
  const orDefault = (v: number | null | undefined) => (v === undefined ? (count > 0 ? 0 : null) : v);
  const hs = ns.histograms ?? [];
  const std = hs.find((h) => (h.type ?? 'STANDARD') === 'STANDARD');
  const qh = hs.find((h) => h.type === 'QUANTILES');
  const quantiles = qh ? quantilesOf(qh) : {};
  if (ns.median !== null && count > 0) quantiles['0.5'] = ns.median ?? 0;
  const nanCount = std?.numNan ?? qh?.numNan ?? 0;
  const histogram = std ? standardHistogram(std, where, notes, Math.max(0, count - nanCount)) : undefined;
  return {
    min: orDefault(ns.min),
    max: orDefault(ns.max),
    mean: orDefault(ns.mean),
    std: orDefault(ns.stdDev),
    ...(Object.keys(quantiles).length ? { quantiles } : {}),
    ...(histogram ? { histogram } : {}),
    nan: nanCount,
    infinity: 0,
    ...(ns.numZeros !== undefined ? { zeros: ns.numZeros } : {}),
  };
}

/** One feature's statistics as a snapshot feature; null for a STRUCT (its children come as their own paths). */
function featureOf(file: string, f: TfdvFeature, at: string, notes: string[]): FeatureSnapshot | null {
  const name = featureName(f);
  if (!name) throw new ImportError(file, `${file}: expected ${TFDV_EXPECTED}; ${at}: a feature needs a name or a path`);
  const type = f.type ?? 'INT';
  const where = `${file}: feature ${name}`;
  if (type === 'STRUCT') {
    notes.push(`${where}: STRUCT feature left out (its children are listed as their own paths)`);
    return null;
  }
  const stats = type === 'STRING' ? f.stringStats : type === 'BYTES' ? f.bytesStats : f.numStats;
  if (!stats) {
    const expectedKey = type === 'STRING' ? 'stringStats' : type === 'BYTES' ? 'bytesStats' : 'numStats';
    throw new ImportError(file, `${file}: expected ${TFDV_EXPECTED}; ${at}.${expectedKey}: required for a ${type} feature`);
  }
  const cs = stats.commonStats;
  const out: FeatureSnapshot = {
    name,
    type: type === 'INT' ? 'int' : type === 'FLOAT' ? 'float' : type === 'STRING' ? 'string' : 'bytes',
    count: cs?.numNonMissing ?? 0,
    missing: cs?.numMissing ?? 0,
  };
  if (type === 'INT' || type === 'FLOAT') {
    out.numeric = numericOf(f.numStats!, out.count, where, notes);
  } else if (type === 'STRING') {
    const ss = f.stringStats!;
    let top = (ss.topValues ?? []).map((t) => ({ value: t.value ?? '', count: Math.round(t.frequency ?? 0) }));
    const rank = (ss.rankHistogram?.buckets ?? []).map((b) => ({ value: b.label ?? '', count: Math.round(b.sampleCount ?? 0) }));
    if (rank.length > top.length) top = rank;
    const total = cs?.totNumValues ?? out.count;
    const listed = top.reduce((s, t) => s + t.count, 0);
    out.categorical = { distinct: ss.unique ?? top.length, top, otherCount: Math.max(0, total - listed) };
  }
  return out;
}

/**
 * TFDV's DatasetFeatureStatisticsList (as `MessageToJson` writes it, or with proto field names) as
 * an ml-test-gate snapshot: INT/FLOAT features become numeric (min, max, mean, std_dev, median and the
 * QUANTILES histogram's boundaries as quantiles, the STANDARD histogram as bins, num_nan), STRING
 * features categorical (unique, top_values or the rank histogram). BYTES and STRUCT features are
 * kept with their counts only.
 */
export function readTfdvStatistics(
  file: string,
  text: string,
  options: TfdvOptions = {},
): { value: Snapshot; nonFinite: NonFinite[]; notes: string[] } {
  const parsed = readJson(file, text, TFDV_EXPECTED);
  if (!isRecord(parsed.value)) throw new ImportError(file, `${file}: expected ${TFDV_EXPECTED}; (top level): expected a mapping`);
  const nonFinite = [...parsed.nonFinite];
  const r = validate(listSchema, normalise(parsed.value, '', nonFinite));
  if (!r.ok) throw new ImportError(file, `${file}: expected ${TFDV_EXPECTED}; ${r.issues[0].message}`);
  const list = r.data;
  let di = 0;
  if (options.dataset !== undefined) {
    di = list.datasets.findIndex((d) => d.name === options.dataset);
    if (di < 0) {
      throw new ImportError(
        file,
        `${file}: expected ${TFDV_EXPECTED}; datasets: no dataset named ${JSON.stringify(options.dataset)} (found ${list.datasets.map((d) => JSON.stringify(d.name ?? '')).join(', ')})`,
      );
    }
  }
  const ds = list.datasets[di];
  const notes: string[] = [];
  if (list.datasets.length > 1)
    notes.push(`${file}: ${list.datasets.length} datasets (slices); read datasets[${di}] ${JSON.stringify(ds.name ?? '')}`);
  const features: FeatureSnapshot[] = [];
  (ds.features ?? []).forEach((f, fi) => {
    const out = featureOf(file, f, `datasets[${di}].features[${fi}]`, notes);
    if (out) features.push(out);
  });
  if (features.length === 0)
    throw new ImportError(file, `${file}: expected ${TFDV_EXPECTED}; datasets[${di}].features: no feature statistics`);
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_VERSION,
    dataset: { name: options.name ?? (ds.name || baseName(file)), ...(options.split ? { split: options.split } : {}) },
    ...(options.createdAt ? { createdAt: options.createdAt } : {}),
    rows: ds.numExamples ?? 0,
    source: `TFDV statistics ${file}${list.datasets.length > 1 ? `, dataset ${JSON.stringify(ds.name ?? '')}` : ''} (imported by ml-test-gate)`,
    features,
  };
  return { value: snapshot, nonFinite, notes };
}
