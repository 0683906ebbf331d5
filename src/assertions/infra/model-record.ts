import * as z from 'zod';

/**
 * What the reported-metrics evaluator keeps in the JSON report, for the next run's comparison (here,
 * loaded when a config compares with the base branch: a report-level run loads no zod).
 */
export const modelRecordSchema = z.object({
  model: z.object({ name: z.string(), version: z.string().optional(), trainedAt: z.string().optional() }),
  task: z.string(),
  metrics: z.record(z.string(), z.number().nullable()),
  se: z.record(z.string(), z.number().nonnegative().nullable()).optional(),
});

export type ModelRecord = z.infer<typeof modelRecordSchema>;
