import { z } from 'zod';
import { nonEmptyString } from '../common.js';

export const metricBound = z
  .strictObject({
    min: z.number().optional().describe('The metric must be at least this (higher is better).'),
    max: z.number().optional().describe('The metric must be at most this (lower is better).'),
  })
  .refine((b) => b.min !== undefined || b.max !== undefined, { message: 'expected min and/or max' });

export const modelConfig = z
  .strictObject({
    'eval-report': nonEmptyString.optional().describe('Evaluation report (ml-test-gate eval-report JSON).'),
    thresholds: z
      .record(z.string(), metricBound)
      .optional()
      .describe('Absolute bounds per metric, e.g. {roc_auc: {min: 0.85}, log_loss: {max: 0.35}} (infra-4).'),
    'simpler-model': z
      .strictObject({
        metric: nonEmptyString.describe('Key metric the candidate must win on.'),
        margin: z.number().min(0).default(0).describe('The candidate must beat the simpler model by at least this.'),
      })
      .optional()
      .describe('A simpler baseline model must not be better (model-5).'),
  })
  .describe('Model validation.');

export type ModelConfig = z.infer<typeof modelConfig>;
