import * as z from 'zod';
import { RUBRIC_IDS, SECTIONS } from './rubric-ids.js';
import { maturitySchema } from './maturity.js';
import { pyramidSchema } from './pyramid.js';
import { REPORT_VERSION, scoreSchema, status } from './report-core.js';

export { REPORT_VERSION, scoreSchema };

const check = z.object({
  name: z.string(),
  status: z.enum(['pass', 'fail', 'warn', 'error']),
  message: z.string(),
  value: z.number().nullable().optional(),
  threshold: z.string().optional(),
  method: z.string().optional(),
  file: z.string().optional(),
  line: z.number().optional(),
  comparison: z
    .object({
      slice: z.string().optional(),
      metric: z.string(),
      base: z.number().nullable(),
      head: z.number().nullable(),
      delta: z.string(),
      levels: z.string().optional(),
      n: z.number().optional(),
      verdict: z.enum(['pass', 'fail', 'inconclusive', 'undefined']),
      detectable: z.number().nullable().optional(),
    })
    .optional(),
});

const table = z.object({
  id: z.string(),
  title: z.string(),
  tests: z.array(z.enum(RUBRIC_IDS)),
  columns: z.array(z.string()),
  rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
  note: z.string().optional(),
  alwaysShow: z.boolean().optional(),
});

export const reportTestSchema = z.object({
  id: z.enum(RUBRIC_IDS),
  section: z.enum(SECTIONS),
  title: z.string(),
  status,
  points: z.number(),
  details: z.object({
    summary: z.string(),
    checks: z.array(check),
    evidence: z.array(z.string()),
    attestation: z
      .object({ by: z.string(), date: z.string(), link: z.string(), expiresOn: z.string(), note: z.string().optional() })
      .optional(),
  }),
});

const delta = z.object({
  final: z.number(),
  sections: z.object({ data: z.number(), model: z.number(), infrastructure: z.number(), monitoring: z.number() }),
  tests: z.array(z.object({ id: z.enum(RUBRIC_IDS), from: status, to: status })),
});

export const diagnosticSchema = z.object({
  level: z.enum(['error', 'warning', 'notice']),
  message: z.string(),
  file: z.string().optional(),
  line: z.number().optional(),
  test: z.enum(RUBRIC_IDS).optional(),
});

/** The JSON report: what the gate decided and why. Also the next run's baseline. */
export const reportSchema = z
  .object({
    schemaVersion: z.literal(REPORT_VERSION),
    tool: z.object({ name: z.literal('ml-test-gate'), version: z.string() }),
    id: z.string().describe('Gate id (several gates can run in one repository).'),
    generatedAt: z.string(),
    commit: z.string().nullable().optional(),
    config: z.string().nullable(),
    score: scoreSchema,
    baseline: z
      .object({
        source: z.string(),
        commit: z.string().nullable().optional(),
        generatedAt: z.string().optional(),
        score: scoreSchema,
      })
      .nullable(),
    delta: delta.nullable(),
    tests: z.array(reportTestSchema).length(28),
    tables: z.array(table).default([]),
    gate: z.object({
      passed: z.boolean(),
      mode: z.enum(['enforce', 'report', 'publish']),
      /** What the verdict would be in enforce mode. */
      wouldPass: z.boolean(),
      reasons: z.array(z.string()),
    }),
    diagnostics: z.array(diagnosticSchema).default([]),
    falseAlarmBudget: z
      .object({ rate: z.number(), families: z.record(z.string(), z.number()) })
      .optional()
      .describe("The gate's false-alarm budget and each family's share of it (gate.false-alarm-rate); absent in reports made before it was added."),
    maturity: maturitySchema.optional().describe('MLOps maturity levels from evidence (docs/maturity.md); absent in reports made before it was added.'),
    pyramid: pyramidSchema.optional().describe('The test pyramid: which layers have evidence (docs/formats/tagged-tests.md); absent in reports made before it was added.'),
    records: z.record(z.string(), z.unknown()).default({}),
  })
  .describe('ml-test-gate report (JSON), version 1');

export type Report = z.infer<typeof reportSchema>;
export type ReportTest = z.infer<typeof reportTestSchema>;
export type Delta = z.infer<typeof delta>;
