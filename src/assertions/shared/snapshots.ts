/** Shared loading for the data evaluators: formats, config access, snapshot scans for monitor-5, feature metadata. */
import { loadSnapshot as loadSnapshotRef, normaliseRef, type SnapshotRef } from '../../importers/index.js';
import type { EvidenceStore, JsonFormat, Loaded } from '../../evidence/store.js';
import type { NonFinite } from '../../evidence/json.js';
import type { Check, TestOutcome } from '../../rubric/types.js';
import type { RubricId } from '../../rubric/tests.js';
import type { DataConfig } from '../../schemas/config/data.js';
import { DATA_SCHEMA_VERSION, dataSchemaSchema, type DataSchema } from '../../schemas/data-schema.js';
import { finiteValues, type Snapshot } from '../../schemas/snapshot.js';
import type { EvalContext } from '../types.js';
import { importerNotes } from './notes.js';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { inferFormat, TableError } from '../../evidence/tabular.js';
import { profileFiles } from '../../data/profile.js';
import type { RawSamples } from '../../data/compare.js';
import { Rng, seedOf } from '../../stats/rng.js';
export { SNAPSHOT_JSON as SNAPSHOT_FORMAT } from '../../importers/index.js';

export const DATA_SCHEMA_FORMAT: JsonFormat<typeof dataSchemaSchema> = {
  name: 'data schema',
  schema: dataSchemaSchema,
  version: DATA_SCHEMA_VERSION,
};

/** The `data:` section of the config (registered by the lead in src/schemas/config.ts). */
export function dataConfigOf(ctx: EvalContext): DataConfig | undefined {
  return (ctx.config as { data?: DataConfig }).data;
}

const scanned = new WeakMap<EvidenceStore, Set<string>>();

/** NaN/infinity counted in a snapshot, plus bare NaN tokens in its JSON, for numerical stability (monitor-5). */
function scanSnapshot(store: EvidenceStore, file: string, snap: Snapshot, tokens: NonFinite[]): void {
  const seen = scanned.get(store) ?? new Set<string>();
  scanned.set(store, seen);
  if (seen.has(file)) return;
  seen.add(file);
  const nonFinite: NonFinite[] = [...tokens];
  let values = tokens.length;
  snap.features.forEach((f, i) => {
    if (!f.numeric) return;
    values += finiteValues(f) + f.numeric.nan + f.numeric.infinity;
    if (f.numeric.nan > 0) nonFinite.push({ path: `features[${i}] "${f.name}": ${f.numeric.nan} NaN value(s) in the data`, token: 'NaN' });
    if (f.numeric.infinity > 0)
      nonFinite.push({ path: `features[${i}] "${f.name}": ${f.numeric.infinity} infinite value(s) in the data`, token: 'Infinity' });
  });
  store.recordNumericScan({ file, what: 'numeric values profiled in the snapshot', values, nonFinite });
}

/** The file a snapshot reference names (a bare path, or {path, format}). */
export function refPath(ref: SnapshotRef): string;

export function refPath(ref: SnapshotRef | undefined): string | undefined;

export function refPath(ref: SnapshotRef | undefined): string | undefined {
  return ref === undefined ? undefined : normaliseRef(ref).path;
}

/** Raw values kept per numeric column of a raw data file, unless data.max-raw-values says otherwise. */
export const DEFAULT_MAX_RAW_VALUES = 1_000_000;

/**
 * Up to `cap` values of a column: all of them while they fit, then a uniform reservoir sample
 * (Vitter's algorithm R, seeded from the file name, so a run is reproducible).
 */
export class Reservoir {
  private buf = new Float64Array(1024);
  n = 0;
  seen = 0;
  private rng: Rng | null = null;

  constructor(
    private readonly cap: number,
    private readonly seed: number,
  ) {}

  push(v: number): void {
    this.seen++;
    if (this.n < this.cap) {
      if (this.n === this.buf.length) {
        const next = new Float64Array(Math.min(this.cap, this.buf.length * 2));
        next.set(this.buf);
        this.buf = next;
      }
      this.buf[this.n++] = v;
      return;
    }
    this.rng ??= new Rng(this.seed);
    const j = Math.floor(this.rng.next() * this.seen);
    if (j < this.cap) this.buf[j] = v;
  }

  values(): Float64Array {
    return this.buf.subarray(0, this.n);
  }
}

/** Raw values of the raw data files profiled in this run, by snapshot. */
const rawOf = new WeakMap<Snapshot, { columns: Map<string, Reservoir>; cap: number }>();

/** The raw values of one feature on both sides, when both snapshots were profiled from raw files in this run. */
export function rawSamples(ref: Snapshot, cur: Snapshot): ((feature: string) => RawSamples | undefined) | undefined {
  const a = rawOf.get(ref);
  const b = rawOf.get(cur);
  if (!a || !b) return undefined;
  return (feature) => {
    const ra = a.columns.get(feature);
    const rb = b.columns.get(feature);
    if (!ra || !rb || ra.n === 0 || rb.n === 0) return undefined;
    const cut = [ra, rb].filter((r) => r.seen > r.n);
    const sampled = cut.length
      ? `a uniform sample of ${cut.map((r) => `${r.n} of ${r.seen}`).join(' and ')} values (reservoir, data.max-raw-values)`
      : undefined;
    return { ref: ra.values(), cur: rb.values(), sampled };
  };
}

/** True for a path the gate profiles on the fly: CSV, TSV or JSON Lines, optionally gzipped. */
export function isRawData(ref: SnapshotRef): boolean {
  return typeof ref === 'string' && inferFormat(ref) !== undefined;
}

const profiled = new WeakMap<EvidenceStore, Map<string, Promise<Loaded<Snapshot>>>>();

/** The absolute path of a repository file, refusing anything that resolves (symlinks included) outside the repository. */
async function insideRoot(root: string, file: string): Promise<string | { message: string }> {
  const abs = path.resolve(root, file);
  let real: string;
  let realRoot: string;
  try {
    [real, realRoot] = await Promise.all([fs.realpath(abs), fs.realpath(root)]);
  } catch {
    return { message: `file not found: ${file} (expected raw data: CSV, TSV or JSON Lines)` };
  }
  const rel = path.relative(realRoot, real);
  if (rel.startsWith('..') || path.isAbsolute(rel))
    return { message: `${file}: resolves outside the repository; raw data must be inside it` };
  return real;
}

/** Profile a raw data file (on the reference's bins when given) and keep its numeric values for exact statistics. */
function profileRaw(ctx: EvalContext, file: string, reference?: { snap: Snapshot; name: string }): Promise<Loaded<Snapshot>> {
  const key = `${file}\u0000${reference?.name ?? ''}`;
  const cache = profiled.get(ctx.store) ?? new Map<string, Promise<Loaded<Snapshot>>>();
  profiled.set(ctx.store, cache);
  let p = cache.get(key);
  if (!p) {
    p = (async (): Promise<Loaded<Snapshot>> => {
      const abs = await insideRoot(ctx.store.workspace.root, file);
      if (typeof abs !== 'string') return { ok: false, file, message: abs.message };
      const cap = dataConfigOf(ctx)?.['max-raw-values'] ?? DEFAULT_MAX_RAW_VALUES;
      const cols: Reservoir[] = [];
      try {
        const snap = await profileFiles([abs], [file], {
          reference: reference?.snap,
          referenceName: reference?.name,
          onNumeric: (i, v) => (cols[i] ??= new Reservoir(cap, seedOf(`${file}#${i}`))).push(v),
        });
        const columns = new Map<string, Reservoir>();
        snap.features.forEach((f, i) => columns.set(f.name, cols[i] ?? new Reservoir(cap, 0)));
        rawOf.set(snap, { columns, cap });
        return { ok: true, file, value: snap, nonFinite: [] };
      } catch (e) {
        if (e instanceof TableError) return { ok: false, file, message: withoutAbsolute(e.message, abs, file), line: e.line || undefined };
        throw e;
      }
    })();
    cache.set(key, p);
  }
  return p;
}

function withoutAbsolute(message: string, abs: string, file: string): string {
  return message.split(abs).join(file);
}

/**
 * A snapshot in our format, an imported one (TFDV statistics), or raw data (CSV, TSV, JSON Lines,
 * optionally .gz) profiled on the fly; scanned for NaN/infinity. Raw serving data is profiled on the
 * training data's bins and categories, as `snapshot --reference` does.
 */
export async function loadSnapshot(ctx: EvalContext, ref: SnapshotRef): Promise<Loaded<Snapshot>> {
  let l: Loaded<Snapshot>;
  if (isRawData(ref)) {
    const cfg = dataConfigOf(ctx);
    const file = refPath(ref);
    let reference: { snap: Snapshot; name: string } | undefined;
    if (cfg?.serving && cfg.training && refPath(cfg.serving) === file && refPath(cfg.training) !== file) {
      const t = await loadSnapshot(ctx, cfg.training);
      if (t.ok) reference = { snap: t.value, name: refPath(cfg.training) };
    }
    l = await profileRaw(ctx, file, reference);
  } else {
    const r = await loadSnapshotRef(ctx, ref);
    // what an importer left out (a STRUCT feature, a second dataset, a histogram) is said once per file
    importerNotes(ctx, r.notes, r.file);
    l = r;
  }
  if (l.ok) scanSnapshot(ctx.store, l.file, l.value, l.nonFinite);
  return l;
}

export function loadSchema(ctx: EvalContext, file: string): Promise<Loaded<DataSchema>> {
  return ctx.store.json(file, DATA_SCHEMA_FORMAT);
}

export function errorCheck(name: string, message: string, file?: string, line?: number): Check {
  return { name, status: 'error', message, file, line };
}

/** An error outcome for each test when a file could not be loaded. */
export function loadErrors(tests: RubricId[], failed: { file: string; message: string; line?: number }): TestOutcome[] {
  return tests.map((test) => ({
    test,
    checks: [errorCheck(failed.file, failed.message, failed.file, failed.line)],
    evidence: [failed.file],
  }));
}

/** A feature as data-2..5 see it: name and metadata (schema first, then the snapshot's). */
export interface FeatureMeta {
  name: string;
  owner?: string;
  description?: string;
  tags?: string[];
  cost?: { latencyMs?: number; memoryMb?: number; upstream?: string[] };
}

/**
 * The model's features with their metadata: from the schema when configured (metadata filled in from
 * the training snapshot where the schema has none), otherwise from the training snapshot.
 */
export async function loadFeatureMeta(
  ctx: EvalContext,
  cfg: DataConfig,
): Promise<{ ok: true; features: FeatureMeta[]; files: string[] } | { ok: false; file: string; message: string; line?: number }> {
  const files: string[] = [];
  let snap: Snapshot | undefined;
  if (cfg.training) {
    const l = await loadSnapshot(ctx, cfg.training);
    if (!l.ok && !cfg.schema) return l;
    if (l.ok) {
      snap = l.value;
      files.push(refPath(cfg.training));
    }
  }
  if (!cfg.schema) {
    if (!snap)
      return {
        ok: false,
        file: '(config)',
        message: 'data.schema or data.training must be set: the feature list comes from the schema (or the training snapshot)',
      };
    return {
      ok: true,
      features: snap.features.map(({ name, owner, description, tags, cost }) => ({ name, owner, description, tags, cost })),
      files,
    };
  }
  const s = await loadSchema(ctx, cfg.schema);
  if (!s.ok) return s;
  files.unshift(cfg.schema);
  const fromSnap = new Map((snap?.features ?? []).map((f) => [f.name, f]));
  const features = s.value.features.map((e) => {
    const f = fromSnap.get(e.name);
    const tags = [...new Set([...(e.tags ?? []), ...(f?.tags ?? [])])];
    return {
      name: e.name,
      owner: e.owner ?? f?.owner,
      description: e.description ?? f?.description,
      tags: tags.length ? tags : undefined,
      cost: e.cost ?? f?.cost,
    };
  });
  return { ok: true, features, files };
}

export async function features(
  ctx: EvalContext,
  test: RubricId,
): Promise<{ ok: true; features: FeatureMeta[]; files: string[] } | { ok: false; outcomes: TestOutcome[] }> {
  const cfg = dataConfigOf(ctx)!;
  const l = await loadFeatureMeta(ctx, cfg);
  if (!l.ok) return { ok: false, outcomes: loadErrors([test], l) };
  return l;
}
