import * as z from 'zod';
import { isoDateTime, nonEmptyString } from './common.js';

/**
 * A shadow test (ml-test-gate format, version 1): the candidate model scored the same mirrored
 * production requests as the serving model, without its answers being used. The JSON holds what
 * was compared and points to a table of paired scores (CSV, TSV or JSON Lines, optionally gzip),
 * one row per mirrored request.
 */

export const SHADOW_KIND = 'ml-test-gate/shadow';
export const SHADOW_VERSION = 1;

const modelRef = z
  .strictObject({
    name: nonEmptyString.describe('Model name.'),
    version: nonEmptyString.optional().describe('Model version (registry version, tag or commit).'),
  })
  .describe('Which model.');

export const shadowReportSchema = z
  .strictObject({
    $schema: z.string().optional(),
    schemaVersion: z.literal(SHADOW_VERSION).describe('Format version.'),
    kind: z.literal(SHADOW_KIND).optional(),
    serving: modelRef.describe('The model serving production now.'),
    candidate: modelRef.describe('The candidate model that scored the mirrored requests in the shadow.'),
    window: z
      .strictObject({ from: isoDateTime.describe('First mirrored request.'), to: isoDateTime.describe('Last mirrored request.') })
      .describe('When the requests were mirrored.'),
    threshold: z.number().min(0).max(1).default(0.5).describe('Decision threshold: a score at or above it is the positive class. Agreement means the same class from both models.'),
    pairs: z
      .strictObject({
        path: nonEmptyString
          .refine((p) => !/^([/\\]|[A-Za-z]:)/.test(p) && !p.split(/[/\\]/).includes('..'), { message: 'expected a path inside the repository (relative, without "..")' })
          .describe('Table of paired scores, relative to the repository root (.csv, .tsv, .jsonl, optionally .gz); it must stay inside the repository.'),
        format: z.enum(['csv', 'tsv', 'jsonl']).optional().describe('Table format; default from the extension.'),
        columns: z
          .strictObject({
            id: nonEmptyString.describe('Request id column; ids must be unique.'),
            serving: nonEmptyString.describe('Score of the serving model (probability of the positive class).'),
            candidate: nonEmptyString.describe('Score of the candidate on the same request; empty when the candidate failed to answer (counted as a candidate error).'),
            slices: z.array(nonEmptyString).default([]).describe('Categorical columns to break disagreement down by, e.g. [region, channel].'),
          })
          .describe('Column names in the table.'),
      })
      .describe('Where the paired scores are.'),
  })
  .describe('Shadow test: serving and candidate model scores on the same mirrored production requests (ml-test-gate format, version 1).');

export type ShadowReport = z.infer<typeof shadowReportSchema>;
