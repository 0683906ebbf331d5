import * as z from 'zod';
import { nonEmptyString } from './common.js';
import { featureCost } from './snapshot.js';

export const DATA_SCHEMA_KIND = 'ml-test-gate/data-schema';
export const DATA_SCHEMA_VERSION = 1;

export const featureTypes = ['int', 'float', 'string', 'bool', 'bytes'] as const;

export const featureExpectation = z
  .strictObject({
    name: nonEmptyString.describe('Feature (column) name, as in the snapshot.'),
    type: z.enum(featureTypes).describe('Expected value type. An int column satisfies float.'),
    required: z.boolean().default(true).describe('A required feature missing from the data is a "missing column" anomaly; an optional one may be absent.'),
    minPresence: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Minimum fraction of rows where the feature is present (not empty/null); below it: "low presence".'),
    range: z
      .strictObject({
        min: z.number().optional().describe('Smallest allowed value (inclusive).'),
        max: z.number().optional().describe('Largest allowed value (inclusive).'),
      })
      .optional()
      .describe('Numeric range; a value outside it is an "out-of-range values" anomaly. Paper: "an adult human is surely between one and ten feet in height".'),
    domain: z.array(z.string()).optional().describe('Allowed categorical values; others are "unexpected categorical values".'),
    maxOutOfDomain: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe('Fraction of present values allowed outside the domain (TFDV: min_domain_mass = 1 - this).'),
    allowNonFinite: z.boolean().default(false).describe('Allow NaN and infinity values (otherwise a "NaN/infinity" anomaly).'),
    owner: z.string().optional().describe('Team or person who owns the feature (meta-level requirements, data-4).'),
    description: z.string().optional().describe('What the feature means (data-4).'),
    tags: z.array(z.string()).optional().describe('Tags, e.g. pii (needs a privacy approval, data-5) or deprecated (data-4).'),
    cost: featureCost.optional().describe('What the feature costs to serve (data-3).'),
  })
  .superRefine((f, ctx) => {
    if (f.range && f.range.min !== undefined && f.range.max !== undefined && f.range.min > f.range.max) {
      ctx.addIssue({ code: 'custom', path: ['range'], message: `feature "${f.name}": range.min ${f.range.min} is above range.max ${f.range.max}` });
    }
    const numeric = f.type === 'int' || f.type === 'float';
    if (numeric && f.domain) ctx.addIssue({ code: 'custom', path: ['domain'], message: `feature "${f.name}": a domain applies to categorical types, not ${f.type}` });
    if (!numeric && f.range) ctx.addIssue({ code: 'custom', path: ['range'], message: `feature "${f.name}": a range applies to int and float, not ${f.type}` });
  })
  .describe('What one feature is expected to look like.');

export const dataSchemaSchema = z
  .strictObject({
    $schema: z.string().optional().describe('JSON Schema of this file, for editors.'),
    schemaVersion: z.literal(DATA_SCHEMA_VERSION).describe('Data schema format version.'),
    kind: z.literal(DATA_SCHEMA_KIND).optional().describe('Marks the file as an ml-test-gate data schema.'),
    features: z.array(featureExpectation).describe('Expectations per feature.'),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.features.forEach((f, i) => {
      if (seen.has(f.name)) ctx.addIssue({ code: 'custom', path: ['features', i, 'name'], message: `duplicate feature "${f.name}"` });
      seen.add(f.name);
    });
  })
  .describe('Feature expectations (data-1): types, presence, ranges, domains. Start from `ml-test-gate infer-schema SNAPSHOT` and edit.');

export type DataSchema = z.infer<typeof dataSchemaSchema>;
export type FeatureExpectation = z.infer<typeof featureExpectation>;
