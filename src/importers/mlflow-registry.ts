import { validate } from '../schemas/errors.js';
import {
  mlflowModelVersionResponse,
  mlflowModelVersionsResponse,
  mlflowRegisteredModelResponse,
  type MlflowModelVersion,
} from '../schemas/mlflow-registry.js';
import { ImportError, readJson } from './common.js';
import { notOurKind } from './load-common.js';

export const MLFLOW_REGISTRY_EXPECTED =
  'an MLflow Model Registry REST response (registered-models/get: {"registered_model": {...}}, model-versions/search or registered-models/get-latest-versions: {"model_versions": [...]}, or model-versions/get: {"model_version": {...}})';

/** One model version, whichever response it came from. */
export interface RegistryVersion {
  model: string;
  version: string;
  stage?: string;
  aliases: string[];
  /** Artifact URI. */
  source?: string;
  runId?: string;
  status?: string;
  /** Milliseconds since the epoch. */
  created?: number;
  updated?: number;
  /** Files it was read from. */
  files: string[];
}

function fromVersion(v: MlflowModelVersion, file: string): RegistryVersion {
  return {
    model: v.name,
    version: v.version,
    stage: v.current_stage,
    aliases: [...(v.aliases ?? [])],
    source: v.source || undefined,
    runId: v.run_id || undefined,
    status: v.status,
    created: v.creation_timestamp,
    updated: v.last_updated_timestamp,
    files: [file],
  };
}

/**
 * The model versions in one registry response. A registered-models/get response lists only the
 * latest version per stage; its aliases name versions that may not be listed, which are kept as
 * versions known only by number (export model-versions/search too, to know their artifacts).
 */
export function readMlflowRegistry(file: string, text: string): RegistryVersion[] {
  const parsed = readJson(file, text, MLFLOW_REGISTRY_EXPECTED);
  const v = parsed.value as Record<string, unknown>;
  const key =
    ['registered_model', 'model_versions', 'model_version'].find(
      (k) => v !== null && typeof v === 'object' && !Array.isArray(v) && k in v,
    ) ?? 'model_versions';
  notOurKind(file, v, MLFLOW_REGISTRY_EXPECTED, key);
  const schema =
    key === 'registered_model'
      ? mlflowRegisteredModelResponse
      : key === 'model_version'
        ? mlflowModelVersionResponse
        : mlflowModelVersionsResponse;
  const r = validate(schema, v);
  if (!r.ok) throw new ImportError(file, `${file}: expected ${MLFLOW_REGISTRY_EXPECTED}; ${r.issues[0].message}`);
  const d = r.data as Record<string, unknown>;
  if (key === 'model_version') return [fromVersion(d.model_version as MlflowModelVersion, file)];
  if (key === 'model_versions') return (d.model_versions as MlflowModelVersion[]).map((x) => fromVersion(x, file));
  const rm = d.registered_model as {
    name: string;
    latest_versions?: MlflowModelVersion[];
    aliases?: Array<{ alias: string; version: string }>;
  };
  const out = (rm.latest_versions ?? []).map((x) => fromVersion(x, file));
  for (const a of rm.aliases ?? []) {
    let hit = out.find((x) => x.version === a.version);
    if (!hit) out.push((hit = { model: rm.name, version: a.version, aliases: [], files: [file] }));
    if (!hit.aliases.includes(a.alias)) hit.aliases.push(a.alias);
  }
  return out;
}

/** Versions from several responses, one per (model, version): fields filled from whichever response has them, aliases joined. */
export function mergeRegistry(lists: RegistryVersion[][]): RegistryVersion[] {
  const byKey = new Map<string, RegistryVersion>();
  for (const list of lists) {
    for (const v of list) {
      const key = `${v.model}\u0000${v.version}`;
      const cur = byKey.get(key);
      if (!cur) {
        byKey.set(key, { ...v, aliases: [...v.aliases], files: [...v.files] });
        continue;
      }
      for (const f of ['stage', 'source', 'runId', 'status', 'created', 'updated'] as const)
        if (cur[f] === undefined) (cur as unknown as Record<string, unknown>)[f] = v[f];
      for (const a of v.aliases) if (!cur.aliases.includes(a)) cur.aliases.push(a);
      for (const f of v.files) if (!cur.files.includes(f)) cur.files.push(f);
    }
  }
  return [...byKey.values()].sort((a, b) => (a.model === b.model ? Number(b.version) - Number(a.version) : a.model < b.model ? -1 : 1));
}
