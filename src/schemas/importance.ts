import * as z from 'zod';
import { nonEmptyString } from './common.js';

export const IMPORTANCE_VERSION = 1;

/** Feature-importance report (data-2): one number per feature from leave-one-out or permutation importance. */
export const importanceReportSchema = z
  .strictObject({
    $schema: z.string().optional().describe('JSON Schema of this file, for editors.'),
    schemaVersion: z.literal(IMPORTANCE_VERSION).describe('Importance report format version.'),
    method: nonEmptyString.describe('How importance was measured, e.g. "permutation importance, roc_auc drop, 10 repeats".'),
    metric: z.string().optional().describe('The metric whose change measures importance.'),
    features: z.record(z.string(), z.number()).describe('Importance per feature (higher = more useful; <= 0 = useless or harmful).'),
  })
  .describe('Feature importance report');

export type ImportanceReport = z.infer<typeof importanceReportSchema>;
