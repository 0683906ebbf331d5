/**
 * A snapshot read without zod, for the common case: a plain check of every rule of snapshotSchema
 * (src/schemas/snapshot.ts) that gives exactly what the schema's parse gives (the same objects, keys
 * in the schema's order, defaults filled in) when the snapshot is valid, and undefined on anything
 * else, so that the schema then reads it and reports its errors as before. A reference snapshot is
 * untrusted input: nothing is accepted here that the schema would refuse
 * (test/data/snapshot-plain.test.ts checks both against each other, and the keys against the schema's).
 * Walking the schema costs about as much as profiling a few hundred thousand cells on a cold start;
 * this is a few milliseconds.
 */
import { isoDateTime } from '../schemas/common.js';
import { finiteValues, SNAPSHOT_KIND, SNAPSHOT_VERSION, type Snapshot } from '../schemas/snapshot.js';
import {
  arr,
  attempt,
  count,
  has,
  no,
  nonEmpty,
  nonNegative,
  num,
  opt,
  positiveInt as positive,
  str,
  strict as obj,
  type Obj,
} from '../schemas/plain-rules.js';

/** The keys of each object of the schema, in its order (the test checks them against the schema). */
export const SNAPSHOT_KEYS = ['$schema', 'schemaVersion', 'kind', 'dataset', 'createdAt', 'rows', 'source', 'reference', 'features'];
export const DATASET_KEYS = ['name', 'version', 'split'];
export const FEATURE_KEYS = ['name', 'type', 'count', 'missing', 'numeric', 'categorical', 'mixed', 'owner', 'description', 'tags', 'cost'];
export const NUMERIC_KEYS = ['min', 'max', 'mean', 'std', 'quantiles', 'histogram', 'exact', 'sketch', 'nan', 'infinity', 'zeros'];
export const HISTOGRAM_KEYS = ['edges', 'counts', 'underflow', 'overflow'];
export const EXACT_KEYS = ['values', 'counts'];
export const SKETCH_KEYS = ['alpha', 'zero', 'positive', 'negative'];
export const DENSE_KEYS = ['offset', 'counts'];
export const CATEGORICAL_KEYS = ['distinct', 'top', 'otherCount', 'approximate'];
export const TOP_KEYS = ['value', 'count'];
export const MIXED_KEYS = ['numeric', 'other', 'examples', 'line'];
export const COST_KEYS = ['latencyMs', 'memoryMb', 'upstream'];
export const FEATURE_TYPES = ['int', 'float', 'string', 'bool', 'bytes'];

function nullableNum(x: unknown): number | null {
  return x === null ? null : num(x);
}

/** An array of finite numbers (z.array(z.number())), copied (one loop per kind, no call per element: these are the large arrays). */
function finites(x: unknown): number[] {
  const a = arr(x);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) no();
  }
  return a.slice() as number[];
}

/** An array of counts (z.array(z.number().int().nonnegative())), copied. */
function countArray(x: unknown): number[] {
  const a = arr(x);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) no();
  }
  return a.slice() as number[];
}

/** An array of positive counts (z.array(z.number().int().positive())), copied. */
function positives(x: unknown): number[] {
  const a = arr(x);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) no();
  }
  return a.slice() as number[];
}

function strs(x: unknown): string[] {
  const a = arr(x);
  const out = new Array<string>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = str(a[i]);
  return out;
}

function histogram(x: unknown): Obj {
  const h = obj(x, HISTOGRAM_KEYS);
  const edges = finites(h.edges);
  if (edges.length < 2) no();
  const out: Obj = { edges, counts: countArray(h.counts) };
  opt(out, h, 'underflow', count);
  opt(out, h, 'overflow', count);
  for (let i = 1; i < edges.length; i++) if (!(edges[i] > edges[i - 1])) no();
  if ((out.counts as number[]).length !== edges.length - 1) no();
  return out;
}

function dense(x: unknown): Obj {
  const d = obj(x, DENSE_KEYS);
  const offset = d.offset;
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset)) no();
  const counts = countArray(d.counts);
  if (counts.length < 1) no();
  return { offset, counts };
}

function sketch(x: unknown): Obj {
  const s = obj(x, SKETCH_KEYS);
  const alpha = num(s.alpha);
  if (!(alpha > 0 && alpha < 1)) no();
  const out: Obj = { alpha, zero: count(s.zero) };
  opt(out, s, 'positive', dense);
  opt(out, s, 'negative', dense);
  return out;
}

function quantiles(x: unknown): Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) no();
  const out: Obj = {};
  for (const k of Object.keys(x)) {
    if (k === '__proto__') no();
    out[k] = num((x as Obj)[k]);
  }
  return out;
}

function numeric(x: unknown): Obj {
  const n = obj(x, NUMERIC_KEYS);
  // min, max, mean and std are required (nullable); nan and infinity default to 0
  for (const k of ['min', 'max', 'mean', 'std']) if (!has(n, k)) no();
  const out: Obj = { min: nullableNum(n.min), max: nullableNum(n.max), mean: nullableNum(n.mean), std: nullableNum(n.std) };
  opt(out, n, 'quantiles', quantiles);
  opt(out, n, 'histogram', histogram);
  opt(out, n, 'exact', (e) => {
    const o = obj(e, EXACT_KEYS);
    return { values: finites(o.values), counts: positives(o.counts) };
  });
  opt(out, n, 'sketch', sketch);
  out.nan = has(n, 'nan') ? count(n.nan) : 0;
  out.infinity = has(n, 'infinity') ? count(n.infinity) : 0;
  opt(out, n, 'zeros', count);
  return out;
}

function categorical(x: unknown): Obj {
  const c = obj(x, CATEGORICAL_KEYS);
  const top = arr(c.top).map((t) => {
    const o = obj(t, TOP_KEYS);
    return { value: str(o.value), count: count(o.count) };
  });
  const out: Obj = { distinct: count(c.distinct), top, otherCount: has(c, 'otherCount') ? count(c.otherCount) : 0 };
  opt(out, c, 'approximate', (b) => (typeof b === 'boolean' ? b : no()));
  return out;
}

function mixed(x: unknown): Obj {
  const m = obj(x, MIXED_KEYS);
  const out: Obj = { numeric: count(m.numeric), other: count(m.other), examples: strs(m.examples) };
  opt(out, m, 'line', positive);
  return out;
}

function feature(x: unknown): Obj {
  const f = obj(x, FEATURE_KEYS);
  const type = str(f.type);
  if (!FEATURE_TYPES.includes(type)) no();
  const out: Obj = { name: nonEmpty(f.name), type, count: count(f.count), missing: count(f.missing) };
  opt(out, f, 'numeric', numeric);
  opt(out, f, 'categorical', categorical);
  opt(out, f, 'mixed', mixed);
  opt(out, f, 'owner', str);
  opt(out, f, 'description', str);
  opt(out, f, 'tags', strs);
  opt(out, f, 'cost', (c) => {
    const o = obj(c, COST_KEYS);
    const cost: Obj = {};
    opt(cost, o, 'latencyMs', nonNegative);
    opt(cost, o, 'memoryMb', nonNegative);
    opt(cost, o, 'upstream', strs);
    return cost;
  });
  return out;
}

const sum = (a: number[]) => a.reduce((p, q) => p + q, 0);

/** The schema's refinements over the whole snapshot (duplicate names, counts that must agree). */
function refine(s: Snapshot): void {
  const seen = new Set<string>();
  for (const f of s.features) {
    if (seen.has(f.name)) no();
    seen.add(f.name);
    const n = f.numeric;
    const finite = finiteValues(f);
    if (n) {
      const h = n.histogram;
      if (h && sum(h.counts) + (h.underflow ?? 0) + (h.overflow ?? 0) !== finite) no();
      const e = n.exact;
      if (e) {
        if (e.values.length !== e.counts.length) no();
        for (let k = 1; k < e.values.length; k++) if (!(e.values[k] > e.values[k - 1])) no();
        if (sum(e.counts) !== finite) no();
      }
      const k = n.sketch;
      if (k && k.zero + (k.positive ? sum(k.positive.counts) : 0) + (k.negative ? sum(k.negative.counts) : 0) !== finite) no();
    }
    if (f.count > s.rows || f.count + f.missing !== s.rows) no();
  }
}

/**
 * The snapshot as snapshotSchema's parse gives it, or undefined when the plain check does not accept
 * it (invalid, or a form it leaves to the schema): then parse it with the schema.
 */
export function plainSnapshot(x: unknown): Snapshot | undefined {
  return attempt(() => {
    const s = obj(x, SNAPSHOT_KEYS);
    const out: Obj = {};
    opt(out, s, '$schema', str);
    if (s.schemaVersion !== 1 && s.schemaVersion !== SNAPSHOT_VERSION) no();
    out.schemaVersion = s.schemaVersion;
    opt(out, s, 'kind', (k) => (k === SNAPSHOT_KIND ? k : no()));
    const d = obj(s.dataset, DATASET_KEYS);
    const dataset: Obj = { name: nonEmpty(d.name) };
    opt(dataset, d, 'version', str);
    opt(dataset, d, 'split', str);
    out.dataset = dataset;
    opt(out, s, 'createdAt', (c) => (isoDateTime.safeParse(c, { jitless: true }).success ? (c as string) : no()));
    out.rows = count(s.rows);
    opt(out, s, 'source', str);
    opt(out, s, 'reference', str);
    out.features = arr(s.features).map(feature);
    const snap = out as unknown as Snapshot;
    refine(snap);
    return snap;
  });
}
