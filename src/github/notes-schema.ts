/**
 * What the GitHub side adds to a report, as zod schemas: the definition of records.github (its type,
 * and what a report from another run must hold). notes.ts reads a record by a plain check and loads
 * this module only for a record the check leaves to the schema.
 */
import * as z from 'zod';

const text = (max: number) => z.string().max(max);

/** A workflow input that overrides the config's setting. */
export const inputOverrideSchema = z.object({
  input: text(50),
  /** The config's value ("unset" when it has none). */
  config: text(100),
  value: text(100),
  /** True when the input makes the gate easier to pass than the config would. */
  relaxes: z.boolean(),
});
export type InputOverride = z.infer<typeof inputOverrideSchema>;

/**
 * What the GitHub side adds to the report, under `records.github`. In `mode: publish` the report
 * comes from another run (possibly a fork's): its record is replaced by the publisher's own, and
 * anything rendered is escaped.
 */
export const githubRecordSchema = z.object({
  configFile: text(500),
  /** Where the settings came from: the PR's config, its base commit's, or the default branch's (publish). */
  configSource: z.enum(['head', 'base', 'default-branch']),
  gateChanges: z
    .array(z.object({ key: text(100), base: text(100), head: text(100) }))
    .max(50)
    .nullable(),
  baseline: text(1000).nullable(),
  /** The trusted settings could not be read: the gate failed closed, for this reason. */
  blocked: text(2000).nullable().optional(),
  /** Something about the settings a reader must see (e.g. no config on the base commit yet). */
  configWarning: text(2000).nullable().optional(),
  inputOverrides: z.array(inputOverrideSchema).max(20).optional(),
  /** mode: publish: where the evidence came from and what was recomputed. */
  publish: z
    .object({
      runId: z.number(),
      runUrl: text(500).optional(),
      /** The trusted config the verdict was recomputed with, e.g. `.github/ml-test-gate.yml @ 1a2b3c4`. */
      settings: text(600),
      /** What the pull request's run claimed and the recomputation disagrees with. */
      differences: z.array(text(600)).max(40),
    })
    .optional(),
});
export type GithubRecord = z.infer<typeof githubRecordSchema>;
