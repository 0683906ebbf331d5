/**
 * The part of the report format a run reads of its baseline report (the previous run's report): the
 * version, the score, each test's status, the records and where it came from. Validating only that
 * keeps a run's cold start short (bench/startup): the full report schema (report.ts, which builds on
 * this module) validates a whole report for `explain`, `history` and the published check, and its
 * tests, tables, maturity and pyramid are most of a report's size and of the time to validate it.
 */
import * as z from 'zod';
import { RUBRIC_IDS, SECTIONS } from './rubric-ids.js';

import { REPORT_VERSION, STATUSES } from './constants.js';

export { REPORT_VERSION } from './constants.js';

export const status = z.enum(STATUSES);

const sectionScore = z.object({
  points: z.number().min(0).max(7),
  max: z.number(),
  counts: z.record(z.string(), z.number()).optional(),
});

export const scoreSchema = z.object({
  final: z.number().min(0).max(7),
  level: z.string(),
  limitedBy: z.array(z.enum(SECTIONS)),
  sections: z.object({
    data: sectionScore,
    model: sectionScore,
    infrastructure: sectionScore,
    monitoring: sectionScore,
  }),
});

/**
 * A baseline report as a run reads it: what the delta, the gate and the evaluators that compare with
 * the base branch use (the score, each test's id and status, the records), checked as the full
 * schema checks them; the rest of the report is not read, so it is not validated (zod drops it).
 */
export const baselineReportSchema = z.object({
  schemaVersion: z.literal(REPORT_VERSION),
  generatedAt: z.string(),
  commit: z.string().nullable().optional(),
  score: scoreSchema,
  tests: z.array(z.object({ id: z.enum(RUBRIC_IDS), status })).length(28),
  records: z.record(z.string(), z.unknown()).default({}),
});

export type BaselineReport = z.infer<typeof baselineReportSchema>;
