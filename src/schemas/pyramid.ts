import * as z from 'zod';
import { RUBRIC_IDS } from './rubric-ids.js';

import { PYRAMID_LAYERS } from './constants.js';

export { PYRAMID_LAYERS, type PyramidLayer } from './constants.js';

export const pyramidLayerSchema = z.object({
  layer: z.enum(PYRAMID_LAYERS),
  /** none: no evidence; error: evidence configured but unreadable or unmeasured; fail: some of it failed; pass: it all passed. */
  status: z.enum(['pass', 'fail', 'error', 'none']),
  /** The rubric tests whose checks count for this layer. */
  tests: z.array(z.enum(RUBRIC_IDS)),
  /** Checks counted (from those tests). */
  checks: z.number().int().min(0),
  /** Test cases counted from JUnit reports tagged with this layer (ml_test_layer, tests.layers). */
  cases: z.number().int().min(0),
});

export const pyramidSchema = z
  .object({ layers: z.array(pyramidLayerSchema) })
  .describe('Which layers of the test pyramid have evidence (unit, data, model, integration, load, shadow/A-B), and whether it passed.');

export type Pyramid = z.infer<typeof pyramidSchema>;
export type PyramidLayerResult = z.infer<typeof pyramidLayerSchema>;
