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

/** A snapshot in our format or an imported one (TFDV statistics), scanned for NaN/infinity. */
export async function loadSnapshot(ctx: EvalContext, ref: SnapshotRef): Promise<Loaded<Snapshot>> {
  const l = await loadSnapshotRef(ctx, ref);
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
