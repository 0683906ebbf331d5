import * as z from 'zod';
import { isoDateTime, nonEmptyString } from './common.js';

/**
 * An A/B test or canary result on a business metric (ml-test-gate format, version 1): the two arms'
 * counts (a proportion such as conversion) or summary statistics (a mean such as revenue per
 * user), whether the experiment was looked at before it ended, and optionally what the offline
 * metric predicted.
 */

export const AB_TEST_KIND = 'ml-test-gate/ab-test';
export const AB_TEST_VERSION = 1;

const count = z.number().int().nonnegative();

const arm = z
  .strictObject({
    name: z.string().optional().describe('Arm label, e.g. the model version it served.'),
    n: z.number().int().positive().describe('Units (users, sessions, requests) in the arm.'),
    conversions: count.optional().describe('proportion metrics: units that converted (the metric is conversions / n).'),
    mean: z.number().optional().describe('mean metrics: mean of the metric per unit.'),
    sd: z.number().nonnegative().optional().describe('mean metrics: sample standard deviation (n - 1) of the metric per unit.'),
  })
  .describe('One arm: {n, conversions} for a proportion metric, {n, mean, sd} for a mean metric.');

export const abTestSchema = z
  .strictObject({
    $schema: z.string().optional(),
    schemaVersion: z.literal(AB_TEST_VERSION).describe('Format version.'),
    kind: z.literal(AB_TEST_KIND).optional(),
    experiment: nonEmptyString.describe('Experiment name or id.'),
    metric: z
      .strictObject({
        name: nonEmptyString.describe('Business metric, e.g. conversion_rate or revenue_per_user.'),
        type: z.enum(['proportion', 'mean']).describe('proportion: arms give {n, conversions}; mean: arms give {n, mean, sd}.'),
        direction: z.enum(['higher', 'lower']).default('higher').describe('Which way is better for the business.'),
      })
      .describe('The metric compared.'),
    control: arm.describe('The arm served by the current model.'),
    treatment: arm.describe('The arm served by the candidate model.'),
    allocation: z
      .number()
      .gt(0)
      .lt(1)
      .optional()
      .describe('Planned share of units in the control arm (0.5 for an even split); when given, the arm sizes are tested for a sample ratio mismatch.'),
    peeked: z.boolean().default(false).describe('The results were looked at before the experiment ended (to decide when to stop): an always-valid confidence sequence is used.'),
    looks: z.number().int().positive().optional().describe('How many times the results were looked at; more than 1 means peeked.'),
    plannedSamples: z.number().int().positive().optional().describe('Planned total units (both arms), fixed before the start; the confidence sequence is tuned to be tightest there.'),
    startedAt: isoDateTime.optional().describe('Start of the experiment.'),
    endedAt: isoDateTime.optional().describe('End of the experiment (or the time of the last look).'),
    offline: z
      .strictObject({
        metric: nonEmptyString.describe('Offline metric, e.g. roc_auc.'),
        control: z.number().describe("Offline metric of the control arm's model."),
        treatment: z.number().describe("Offline metric of the treatment arm's model."),
        direction: z.enum(['higher', 'lower']).optional().describe('Which way is better offline; default from the metric name (loss and error metrics: lower).'),
      })
      .optional()
      .describe('What the offline evaluation predicted: the online metric should move the same way (model-2).'),
  })
  .superRefine((v, ctx) => {
    // one message per mistake: an arm with an unknown key (a typo) is reported as that alone
    if (ctx.issues.length > 0) return;
    for (const side of ['control', 'treatment'] as const) {
      const a = v[side];
      if (v.metric.type === 'proportion') {
        if (a.conversions === undefined) ctx.addIssue({ code: 'custom', path: [side, 'conversions'], message: 'required (metric.type is proportion: the arm gives {n, conversions})' });
        else if (a.conversions > a.n) ctx.addIssue({ code: 'custom', path: [side, 'conversions'], message: `${a.conversions} exceeds n (${a.n})` });
      } else if (a.mean === undefined || a.sd === undefined) ctx.addIssue({ code: 'custom', path: [side], message: 'metric.type is mean, so the arm gives {n, mean, sd}' });
      else if (a.n < 2) ctx.addIssue({ code: 'custom', path: [side, 'n'], message: `a mean needs at least 2 units to have a standard deviation, got ${a.n}` });
    }
  })
  .describe('A/B test or canary result on a business metric (ml-test-gate format, version 1).');

export type AbTestReport = z.infer<typeof abTestSchema>;
