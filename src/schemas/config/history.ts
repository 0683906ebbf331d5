import * as z from 'zod';
import { once } from '../lazy-object.js';

/** The score history in the action's comment and job summary, from the base branch's report artifacts. */
export const historyConfig = once(() =>
  z
  .strictObject({
    runs: z
      .int()
      .min(0)
      .max(50)
      .default(10)
      .describe("How many of the base branch's newest report artifacts to download and draw (0: no history). The action input history wins."),
    falling: z.int().min(1).max(50).default(2).describe('Call out a score that fell in each of this many runs in a row, up to the newest.'),
  })
  .describe("Score history (docs/history.md): the base branch's final and section scores over its recent runs, as a chart in the comment's details and the job summary."),
);

export type HistoryConfig = z.infer<ReturnType<typeof historyConfig>>;
