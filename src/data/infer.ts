/**
 * Propose a starting schema from a snapshot (for a person to edit): the snapshot conforms to it.
 * Types as observed; required; minimum presence = observed presence rounded down to 2 decimals;
 * numeric range = observed [min, max]; categorical domain = the listed values when the snapshot lists
 * them all and there are at most `maxDomain`; NaN/infinity allowed only when the data has them.
 */
import { DATA_SCHEMA_KIND, DATA_SCHEMA_VERSION, type DataSchema, type FeatureExpectation } from '../schemas/data-schema.js';
import type { Snapshot } from '../schemas/snapshot.js';
import { presence } from './validate.js';

export function inferSchema(snapshot: Snapshot, opts: { maxDomain?: number } = {}): DataSchema {
  const maxDomain = opts.maxDomain ?? 100;
  const features = snapshot.features.map((f) => {
    const e: FeatureExpectation = { name: f.name, type: f.type, required: true, maxOutOfDomain: 0, allowNonFinite: false };
    const p = presence(f);
    if (p !== null) e.minPresence = Math.floor(p * 100) / 100;
    if (f.numeric && f.numeric.min !== null && f.numeric.max !== null) e.range = { min: f.numeric.min, max: f.numeric.max };
    if (f.numeric && f.numeric.nan + f.numeric.infinity > 0) e.allowNonFinite = true;
    const cat = f.categorical;
    if (cat && cat.otherCount === 0 && !cat.approximate) {
      const values = cat.top.filter((t) => t.count > 0).map((t) => t.value);
      if (values.length > 0 && values.length <= maxDomain) e.domain = values.sort();
    }
    for (const k of ['owner', 'description', 'tags', 'cost'] as const) if (f[k] !== undefined) (e as Record<string, unknown>)[k] = f[k];
    return e;
  });
  return { schemaVersion: DATA_SCHEMA_VERSION, kind: DATA_SCHEMA_KIND, features };
}
