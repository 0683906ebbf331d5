import * as z from 'zod';

const sectionMinimum = z.number().min(0).max(7);

export { STAT_FAMILIES, type StatFamily } from '../constants.js';


export const gateConfig = z
  .strictObject({
    'min-score': z.number().min(0).max(7).optional().describe('The gate fails when the final score (weakest section) is below this.'),
    'min-section': z
      .strictObject({
        data: sectionMinimum.optional(),
        model: sectionMinimum.optional(),
        infrastructure: sectionMinimum.optional(),
        monitoring: sectionMinimum.optional(),
      })
      .optional()
      .describe('Optional minimum per section sum (0..7).'),
    'max-score-drop': z.number().min(0).max(7).optional().describe('The gate fails when the final score drops by more than this against the baseline.'),
    mode: z.enum(['enforce', 'report']).default('enforce').describe('report: never fail the check, only report (like an informational status).'),
    'false-alarm-rate': z
      .number()
      .gt(0)
      .max(0.5)
      .default(0.05)
      .describe(
        'Chance that a gate whose data did not change alarms anyway (equivalent data, "A/A"), across all of its statistical checks together: split evenly across the families of statistical checks the config turns on (skew, drift, model comparison, slices, inclusion, prediction bias, performance, shadow and A/B tests); each family controls its family-wise error within its share.',
      ),
    'if-no-baseline': z
      .enum(['warn', 'fail'])
      .default('warn')
      .describe('What to do when a comparison with the base branch is configured but no baseline report exists.'),
  })
  .describe('Gate settings: when does the check fail.');

export type GateConfig = z.infer<typeof gateConfig>;
