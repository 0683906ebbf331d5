/**
 * The config schema, composed from its sections, built lazily: a run builds the zod schemas of the
 * sections its config file uses and no others (a report-level config has no data or infra section,
 * whose schemas are most of the config's). Building zod schemas is most of what importing a schema
 * module costs, so the large sections (model, data, infra) are separate modules loaded on demand;
 * the small ones are in this module's chunk, as a chunk of their own would cost more to load than
 * they cost to build, and those without a default (review, maturity, history) are built when a
 * config has them. The model section is built by field too: the fields its config uses.
 *
 * `composeConfig` is the one composition: src/schemas/config.ts builds the whole schema with it (JSON
 * Schema, docs, tests), and `configSchemaFor` builds the same object for a config's data, the
 * sections and model fields it does not use replaced by placeholders that accept only absence. A
 * config that uses a section must therefore have it loaded first (`loadConfigSections`;
 * src/config/load.ts's `loadConfig` does).
 */
import * as z from 'zod';
import { attestationsConfig } from './config/attestations.js';
import { gateConfig } from './config/gate.js';
import { historyConfig } from './config/history.js';
import { maturityConfig } from './config/maturity.js';
import { reviewConfig } from './config/review.js';
import { junitTestsConfig } from './config/tests.js';
import { limitsConfig, workspaceConfig } from './config/workspace.js';
import type { dataConfig } from './config/data.js';
import type { infraConfig } from './config/infra.js';
import type { modelConfig } from './config/model.js';

export const CONFIG_VERSION = 1;

/** The sections whose schemas are loaded on demand, and how. */
const LAZY = {
  model: async () => (await import('./config/model.js')).modelConfig, // by field: modelConfig.forKeys
  data: async () => (await import('./config/data.js')).dataConfig,
  infra: async () => (await import('./config/infra.js')).infraConfig,
};
type LazySection = keyof typeof LAZY;

/** The sections without a default, as schemas (composeConfig makes them optional). */
export interface ConfigSections {
  model: ReturnType<typeof modelConfig.full>;
  data: typeof dataConfig;
  infra: typeof infraConfig;
  review: ReturnType<typeof reviewConfig>;
  maturity: ReturnType<typeof maturityConfig>;
  history: ReturnType<typeof historyConfig>;
}

/** The config object from its sections (key order = the order of the JSON Schema and the docs). */
export function composeConfig<S extends ConfigSections>(s: S) {
  return z
    .strictObject({
      $schema: z.string().optional(),
      version: z.literal(CONFIG_VERSION).default(CONFIG_VERSION).describe('Config format version.'),
      gate: gateConfig.prefault({}),
      baseline: z.string().optional().describe('Path to a previous JSON report to compare with (the CLI flag --baseline wins).'),
      model: s.model.optional(),
      data: s.data.optional(),
      tests: junitTestsConfig.optional(),
      infra: s.infra.optional(),
      review: s.review.optional(),
      maturity: s.maturity.optional(),
      history: s.history.optional(),
      attestations: attestationsConfig.default([]).describe('Manual tests, each worth 0.5 until it expires.'),
      workspace: workspaceConfig.prefault({}),
      limits: limitsConfig.prefault({}),
    })
    .describe('ml-test-gate configuration');
}

type ComposedConfig = ReturnType<typeof composeConfig<ConfigSections>>;

/** The loaded sections: the model section as fields built on demand. */
interface LoadedSections {
  model: typeof modelConfig;
  data: typeof dataConfig;
  infra: typeof infraConfig;
}
const loaded: Partial<LoadedSections> = {};
const isLazy = (key: string): key is LazySection => Object.hasOwn(LAZY, key);

/** Load the schemas of the sections among `keys` (top-level keys of a config) not loaded yet. */
export async function loadConfigSections(keys: Iterable<string>): Promise<void> {
  const missing = [...new Set(keys)].filter((k): k is LazySection => isLazy(k) && loaded[k] === undefined);
  const schemas = await Promise.all(missing.map((k) => LAZY[k]()));
  missing.forEach((k, i) => Object.assign(loaded, { [k]: schemas[i] }));
}

/** Every section's schema, loaded. */
export const loadAllConfigSections = (): Promise<void> => loadConfigSections(Object.keys(LAZY));

/** Stands for a section the config does not use: only absence passes (the key stays a known key). */
const ABSENT = z.never();
const composed = new Map<string, ComposedConfig>();

/** The built-in sections without a default, built on first use (config/*.ts). */
const BUILT = { review: reviewConfig, maturity: maturityConfig, history: historyConfig };
type BuiltSection = keyof typeof BUILT;

const keysOf = (v: unknown): string[] => (v !== null && typeof v === 'object' ? Object.keys(v) : []);

/**
 * The config schema for a config's data (its top-level mapping, as read): the sections and model
 * fields it has are real, the others placeholders. Throws when a section it has was not loaded (a
 * bug: loadConfigSections first).
 */
export function configSchemaFor(data: unknown): ComposedConfig {
  const keys = new Set(keysOf(data));
  const used = (Object.keys(LAZY) as LazySection[]).filter((k) => keys.has(k));
  const built = (Object.keys(BUILT) as BuiltSection[]).filter((k) => keys.has(k));
  const modelKeys = keys.has('model') ? keysOf((data as Record<string, unknown>).model) : [];
  const id = `${used.join(',')};${built.join(',')};${modelKeys.join(',')}`;
  let schema = composed.get(id);
  if (!schema) {
    const pick = <K extends LazySection>(k: K): LoadedSections[K] | typeof ABSENT => {
      if (!used.includes(k)) return ABSENT;
      const section = loaded[k];
      if (!section) throw new Error(`the config schema of section "${k}" is not loaded (loadConfigSections first)`);
      return section;
    };
    const model = pick('model');
    const own = (k: BuiltSection) => (built.includes(k) ? BUILT[k]() : ABSENT);
    schema = composeConfig({
      model: model === ABSENT ? ABSENT : (model as typeof modelConfig).forKeys(modelKeys),
      data: pick('data'),
      infra: pick('infra'),
      review: own('review'),
      maturity: own('maturity'),
      history: own('history'),
    } as ConfigSections);
    composed.set(id, schema);
  }
  return schema;
}
