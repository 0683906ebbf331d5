import * as z from 'zod';
import { RUBRIC_IDS } from '../rubric-ids.js';
import { httpUrl, isoDate, nonEmptyString } from '../common.js';

export const attestationConfig = z
  .strictObject({
    test: z.enum(RUBRIC_IDS).describe('Rubric test id, e.g. data-6.'),
    by: nonEmptyString.describe('Who ran the manual test.'),
    date: isoDate.describe('When it was run (YYYY-MM-DD).'),
    link: httpUrl('to the documented result').describe('Link to the documented result.'),
    'expires-in-days': z.number().int().positive().default(180).describe('After this many days the attestation earns nothing.'),
    note: z.string().optional(),
  })
  .describe('A manual test, documented and distributed: earns 0.5 until it expires.');

export const attestationsConfig = z.array(attestationConfig);
export type AttestationConfig = z.infer<typeof attestationConfig>;
