import * as z from 'zod';
import { isoDateTime, nonEmptyString } from './common.js';

export const SNAPSHOT_KIND = 'ml-test-gate/snapshot';
/** The version this build writes; it reads 1 and 2. Version 2 adds the exact value counts and the sketch that make separately profiled snapshots comparable without bias. */
export const SNAPSHOT_VERSION = 2;

const count = z.number().int().nonnegative();

export const histogramSchema = z
  .strictObject({
    edges: z.array(z.number()).min(2).describe('Bin edges, strictly increasing; bin i is [edges[i], edges[i+1]) and the last bin is closed.'),
    counts: z.array(count).describe('Count per bin: edges.length - 1 entries.'),
    underflow: count.optional().describe('Finite values below the first edge (when edges come from a reference).'),
    overflow: count.optional().describe('Finite values at or above the last edge, beyond the closed last bin.'),
  })
  .superRefine((h, ctx) => {
    for (let i = 1; i < h.edges.length; i++) {
      if (!(h.edges[i] > h.edges[i - 1])) {
        ctx.addIssue({
          code: 'custom',
          path: ['edges', i],
          message: `bin edges must be strictly increasing: edges[${i}] = ${h.edges[i]} is not above edges[${i - 1}] = ${h.edges[i - 1]}`,
        });
        return;
      }
    }
    if (h.counts.length !== h.edges.length - 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['counts'],
        message: `expected ${h.edges.length - 1} counts for ${h.edges.length} edges, got ${h.counts.length}`,
      });
    }
  });

const denseCells = z.strictObject({
  offset: z.number().int().describe('Cell index of counts[0].'),
  counts: z.array(count).min(1).describe('Count per cell, consecutive indices from offset.'),
});

export const sketchSchema = z
  .strictObject({
    alpha: z.number().gt(0).lt(1).describe('Relative accuracy a: cell i of a sign holds magnitudes in [g^i, g^(i+1)), g = (1 + a) / (1 - a).'),
    zero: count.describe('Values with magnitude below 1e-30 (zeros included).'),
    positive: denseCells.optional().describe('Cells of the positive values.'),
    negative: denseCells.optional().describe('Cells of the negative values (by magnitude).'),
  })
  .describe(
    'DDSketch cells (Masson et al., VLDB 2019) of the finite values: a fixed, data-independent grid, so two snapshots made separately share cell boundaries and compare exactly on unions of cells.',
  );

export const exactValues = z
  .strictObject({
    values: z.array(z.number()).describe('Every distinct finite value, ascending.'),
    counts: z.array(z.number().int().positive()).describe('Count of each value.'),
  })
  .describe('Exact counts of every distinct finite value, kept when the feature has few distinct values (--max-exact, default 1000).');

export const numericStats = z.strictObject({
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  std: z.number().nullable().describe('Population standard deviation (ddof = 0).'),
  quantiles: z
    .record(z.string(), z.number())
    .optional()
    .describe('Approximate quantiles of the finite values, e.g. {"0.5": 41.0, "0.99": 88.0} (relative error <= 0.5% from the sketch). Not mergeable: merged snapshots omit them.'),
  histogram: histogramSchema.optional().describe('Histogram of the finite values. Two snapshots with the same edges merge by adding counts.'),
  exact: exactValues.optional(),
  sketch: sketchSchema.optional(),
  nan: count.default(0).describe('NaN values (present but not a number; not counted as missing).'),
  infinity: count.default(0).describe('+/- infinity values.'),
  zeros: count.optional().describe('Values equal to 0.'),
});

export const categoricalStats = z.strictObject({
  distinct: count.describe('Number of distinct values.'),
  top: z
    .array(z.strictObject({ value: z.string(), count }))
    .describe('Most frequent values with their counts, most frequent first. With --reference, every reference category is listed (count 0 when absent).'),
  otherCount: count.default(0).describe('Count of values not listed in top.'),
  approximate: z.boolean().optional().describe('True when more distinct values than the profiler tracks were seen: distinct is a lower bound and counts may be low.'),
});

export const mixedTypes = z.strictObject({
  numeric: count.describe('Present values that parse as numbers.'),
  other: count.describe('Present values that do not.'),
  examples: z.array(z.string()).describe('A few values of the minority kind.'),
  line: z.number().int().positive().optional().describe('Line of the first minority value in the data file.'),
});

export const featureCost = z.strictObject({
  latencyMs: z.number().nonnegative().optional().describe('Inference latency the feature adds (ms).'),
  memoryMb: z.number().nonnegative().optional().describe('Serving memory the feature needs (MB).'),
  upstream: z.array(z.string()).optional().describe('Upstream dependencies (tables, services) this feature needs.'),
});

export const featureSnapshot = z.strictObject({
  name: nonEmptyString,
  type: z.enum(['int', 'float', 'string', 'bool', 'bytes']).describe('Value type; int and float are numeric, string and bool categorical.'),
  count: count.describe('Present (non-missing) values.'),
  missing: count.describe('Missing values (empty cells, null).'),
  numeric: numericStats.optional().describe('Statistics of numeric features (int, float).'),
  categorical: categoricalStats.optional().describe('Statistics of categorical features (string, bool, bytes).'),
  mixed: mixedTypes.optional().describe('Present when the column mixes numbers and text; the type is the majority kind.'),
  owner: z.string().optional().describe('Team or person who owns the feature.'),
  description: z.string().optional().describe('What the feature means.'),
  tags: z.array(z.string()).optional().describe('e.g. pii, deprecated'),
  cost: featureCost.optional(),
});

export const snapshotSchema = z
  .strictObject({
    $schema: z.string().optional().describe('JSON Schema of this file, for editors.'),
    schemaVersion: z.union([z.literal(1), z.literal(SNAPSHOT_VERSION)]).describe('Snapshot format version: 2 (this build writes it) or 1 (read; compared only on shared bin edges).'),
    kind: z.literal(SNAPSHOT_KIND).optional().describe('Marks the file as an ml-test-gate snapshot.'),
    dataset: z
      .strictObject({
        name: nonEmptyString.describe('Dataset name.'),
        version: z.string().optional().describe('Dataset version.'),
        split: z.string().optional().describe('e.g. train, serving.'),
      })
      .describe('Which data was profiled.'),
    createdAt: isoDateTime.optional().describe('When the snapshot was computed.'),
    rows: count.describe('Rows profiled.'),
    source: z.string().optional().describe('How the snapshot was computed (tool, files, importer).'),
    reference: z.string().optional().describe('The snapshot whose bin edges and categories were reused (--reference), so the two are comparable.'),
    features: z.array(featureSnapshot).describe('One entry per column.'),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.features.forEach((f, i) => {
      if (seen.has(f.name)) ctx.addIssue({ code: 'custom', path: ['features', i, 'name'], message: `duplicate feature "${f.name}"` });
      seen.add(f.name);
      const h = f.numeric?.histogram;
      if (h && f.numeric) {
        const binned = h.counts.reduce((a, b) => a + b, 0) + (h.underflow ?? 0) + (h.overflow ?? 0);
        const finite = finiteValues(f);
        if (binned !== finite) {
          ctx.addIssue({
            code: 'custom',
            path: ['features', i, 'numeric', 'histogram', 'counts'],
            message: `feature "${f.name}": the histogram holds ${binned} values but the feature has ${finite} finite values`,
          });
        }
      }
      checkCounts(f, i, ctx);
      if (f.count > s.rows || f.count + f.missing !== s.rows) {
        ctx.addIssue({ code: 'custom', path: ['features', i, 'count'], message: `feature "${f.name}": count ${f.count} + missing ${f.missing} should equal rows ${s.rows}` });
      }
    });
  })
  .describe('Profile of one dataset (training or serving): per-feature type, presence and statistics.');

export type Snapshot = z.infer<typeof snapshotSchema>;

/** The exact value counts and the sketch must each hold every finite value, once. */
function checkCounts(f: z.infer<typeof featureSnapshot>, i: number, ctx: z.RefinementCtx): void {
  const n = f.numeric;
  if (!n) return;
  const finite = finiteValues(f);
  const e = n.exact;
  if (e) {
    const sum = e.counts.reduce((a, b) => a + b, 0);
    let msg = '';
    if (e.values.length !== e.counts.length) msg = `${e.values.length} values but ${e.counts.length} counts`;
    else if (e.values.some((v, k) => k > 0 && !(v > e.values[k - 1]))) msg = 'values must be strictly increasing';
    else if (sum !== finite) msg = `the exact counts hold ${sum} values but the feature has ${finite} finite values`;
    if (msg) ctx.addIssue({ code: 'custom', path: ['features', i, 'numeric', 'exact'], message: `feature "${f.name}": ${msg}` });
  }
  const k = n.sketch;
  if (k) {
    const add = (d?: { counts: number[] }) => (d ? d.counts.reduce((a, b) => a + b, 0) : 0);
    const sum = k.zero + add(k.positive) + add(k.negative);
    if (sum !== finite)
      ctx.addIssue({
        code: 'custom',
        path: ['features', i, 'numeric', 'sketch'],
        message: `feature "${f.name}": the sketch holds ${sum} values but the feature has ${finite} finite values`,
      });
  }
}

/** Finite numeric values of a feature (what its histogram holds): present minus NaN, infinity and text values. */
export function finiteValues(f: { type: string; count: number; numeric?: { nan: number; infinity: number }; mixed?: { other: number } }): number {
  if (!f.numeric) return 0;
  return f.count - f.numeric.nan - f.numeric.infinity - (f.mixed && f.type !== 'string' ? f.mixed.other : 0);
}
export type FeatureSnapshot = z.infer<typeof featureSnapshot>;
export type Histogram = z.infer<typeof histogramSchema>;
export type NumericStats = z.infer<typeof numericStats>;
export type CategoricalStats = z.infer<typeof categoricalStats>;
