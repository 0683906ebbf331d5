import * as z from 'zod';
import { gateConfig } from './config/gate.js';
import { attestationsConfig } from './config/attestations.js';
import { junitTestsConfig } from './config/tests.js';
import { modelConfig } from './config/model.js';
import { dataConfig } from './config/data.js';
import { infraConfig } from './config/infra.js';
import { reviewConfig } from './config/review.js';
import { maturityConfig } from './config/maturity.js';
import { limitsConfig, workspaceConfig } from './config/workspace.js';

export const CONFIG_VERSION = 1;

/** The config file, `.github/ml-test-gate.yml` by default. Paths are relative to the repository root. */
export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(CONFIG_VERSION).default(CONFIG_VERSION).describe('Config format version.'),
    gate: gateConfig.prefault({}),
    baseline: z.string().optional().describe('Path to a previous JSON report to compare with (the CLI flag --baseline wins).'),
    model: modelConfig.optional(),
    data: dataConfig.optional(),
    tests: junitTestsConfig.optional(),
    infra: infraConfig.optional(),
    review: reviewConfig.optional(),
    maturity: maturityConfig.optional(),
    attestations: attestationsConfig.default([]).describe('Manual tests, each worth 0.5 until it expires.'),
    workspace: workspaceConfig.prefault({}),
    limits: limitsConfig.prefault({}),
  })
  .describe('ml-test-gate configuration');

export type Config = z.infer<typeof configSchema>;
