import * as z from 'zod';

/**
 * k6's end-of-test summary as ml-test-gate reads it (a format k6 owns; unknown fields are kept and
 * ignored). Two shapes exist in the wild:
 * - `k6 run --summary-export=FILE` (k6 >= 0.26, "legacy" since 0.30): metrics map a name to its
 *   statistics directly: trends {avg, min, med, max, p(90), p(95)}, counters {count, rate}, rates
 *   {passes, fails, value}, gauges {value, min, max}, plus `thresholds: {"p(95)<500": false}` where
 *   true means the threshold was crossed.
 * - the data object handed to `handleSummary()` (k6 >= 0.30), written with JSON.stringify(data):
 *   metrics map a name to {type, contains, values: {...}, thresholds: {"p(95)<500": {ok: true}}};
 *   rates say `rate` where the export says `value`.
 * Time values are milliseconds in both.
 */

const stat = z.number().nullable();

export const k6HandleSummaryMetric = z.looseObject({
  type: z.enum(['counter', 'gauge', 'rate', 'trend']).describe('k6 metric type.'),
  contains: z.string().optional().describe('time for durations (milliseconds), data for bytes, default otherwise.'),
  values: z.record(z.string(), stat).describe('Statistics, e.g. avg, med, p(95) for trends; count, rate for counters; rate, passes, fails for rates.'),
  thresholds: z.record(z.string(), z.looseObject({ ok: z.boolean() })).optional().describe('Threshold expression to its result.'),
});

export const k6ExportMetric = z
  .record(z.string(), z.union([stat, z.record(z.string(), z.boolean())]))
  .describe('Statistics by name (avg, med, p(95), count, rate, passes, fails, value...), and thresholds: {expression: crossed}.');

export const k6SummarySchema = z
  .looseObject({
    metrics: z.record(z.string(), z.union([k6HandleSummaryMetric, k6ExportMetric])).describe('Metric name (with tags for submetrics, e.g. http_req_duration{expected_response:true}) to its summary.'),
    root_group: z.looseObject({}).optional().describe('Groups and checks (not read).'),
    options: z.looseObject({}).optional(),
    state: z.looseObject({ testRunDurationMs: z.number().optional() }).optional(),
  })
  .describe('k6 end-of-test summary: --summary-export JSON or the handleSummary() data object (a k6 format; unknown fields are ignored).');

export type K6Summary = z.infer<typeof k6SummarySchema>;
