import * as z from 'zod';
import { SECTIONS } from './rubric-ids.js';

export const HISTORY_VERSION = 1;
export const HISTORY_KIND = 'ml-test-gate/history';

const sectionPoints = z.object({ data: z.number(), model: z.number(), infrastructure: z.number(), monitoring: z.number() });

/** What `ml-test-gate history --json` prints: the runs in time order, the trends, and what was left out. */
export const historySchema = z
  .object({
    schemaVersion: z.literal(HISTORY_VERSION),
    kind: z.literal(HISTORY_KIND),
    id: z.string().nullable().describe('The gate id the runs belong to; null when there are none.'),
    runs: z
      .array(
        z.object({
          source: z.string().describe('File (or artifact) the report came from.'),
          generatedAt: z.string().describe('When the report was made (ISO 8601); runs are ordered by it, oldest first.'),
          commit: z.string().nullable(),
          final: z.number().min(0).max(7).describe('Final score: the weakest section.'),
          sections: sectionPoints.describe('Section sums, 0..7 each.'),
          passed: z.boolean().describe('Whether the gate would have passed in enforce mode.'),
        }),
      )
      .describe('The runs shown, oldest first (at most the limit, 20 by default).'),
    trends: z
      .array(
        z.object({
          series: z.enum(['final', ...SECTIONS]),
          falls: z.number().int().min(1).describe('How many runs in a row it fell, up to the newest.'),
          values: z.array(z.number()).describe('The values over those runs, oldest first (falls + 1 values).'),
          message: z.string(),
        }),
      )
      .describe('Scores that fell in each of the last N runs (N = the falling threshold, 2 by default).'),
    skipped: z.array(z.object({ source: z.string(), message: z.string() })).describe('Reports that could not be used, each with the reason.'),
    notes: z.array(z.string()).describe('What was left out on purpose (older runs, re-runs of a commit, other gates).'),
  })
  .describe('ml-test-gate score history (JSON), version 1');

export type History = z.infer<typeof historySchema>;
export type HistoryRun = History['runs'][number];
export type HistoryTrend = History['trends'][number];
