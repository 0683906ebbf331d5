import type * as z from 'zod';
import { dataConfig } from './config/data.js';
import { infraConfig } from './config/infra.js';
import { historyConfig } from './config/history.js';
import { maturityConfig } from './config/maturity.js';
import { modelConfig } from './config/model.js';
import { reviewConfig } from './config/review.js';
import { composeConfig, CONFIG_VERSION } from './config-sections.js';

export { CONFIG_VERSION };

/**
 * The config file, `.github/ml-test-gate.yml` by default. Paths are relative to the repository root.
 * This is the whole schema, every section built (JSON Schema, docs, tests); a run builds only the
 * sections its config uses (config-sections.ts, src/config/load.ts).
 */
export const configSchema = composeConfig({
  model: modelConfig.full(),
  data: dataConfig,
  infra: infraConfig,
  review: reviewConfig(),
  maturity: maturityConfig(),
  history: historyConfig(),
});

export type Config = z.infer<typeof configSchema>;
