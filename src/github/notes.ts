import * as z from 'zod';
import { code, link, md } from '../report/escape.js';
import type { Report } from '../schemas/report.js';

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

export function githubRecordOf(r: Report): GithubRecord | null {
  const p = githubRecordSchema.safeParse(r.records.github);
  return p.success ? p.data : null;
}

const callout = (kind: 'CAUTION' | 'WARNING' | 'NOTE', body: string) => `> [!${kind}]\n> ${body}`;

function publishNotes(p: NonNullable<GithubRecord['publish']>): string[] {
  const run = p.runUrl ? link(`run ${p.runId}`, p.runUrl) : `run ${p.runId}`;
  const notes = [
    callout(
      'NOTE',
      `Evidence and per-test results came from the pull request's own run (${run}); this verdict was recomputed with the default branch's settings (${md(p.settings)}). ` +
        "The pull request's code produced that evidence: changes to the pipeline, the tests and the workflows need a maintainer's review.",
    ),
  ];
  if (p.differences.length) {
    notes.push(callout('CAUTION', `The pull request's run reported otherwise: ${p.differences.map(md).join('; ')}.`));
  }
  return notes;
}

/** Call-outs shown under the verdict: why the gate failed closed, provenance, relaxed settings, changes, no baseline. */
export function commentNotes(r: Report): string[] {
  const g = githubRecordOf(r);
  if (!g) return [];
  const notes: string[] = [];
  if (g.blocked) notes.push(callout('CAUTION', `**The gate failed closed:** ${md(g.blocked)}`));
  if (g.publish) notes.push(...publishNotes(g.publish));
  if (g.configWarning) notes.push(callout('WARNING', md(g.configWarning)));
  const relaxed = (g.inputOverrides ?? []).filter((o) => o.relaxes);
  if (relaxed.length) {
    const list = relaxed.map((o) => `${code(o.input)} ${md(o.value)} (config: ${md(o.config)})`).join(', ');
    notes.push(callout('WARNING', `Workflow inputs relax the config: ${list}.`));
  }
  if (g.gateChanges && g.gateChanges.length) {
    const list = g.gateChanges.map((c) => `${code(c.key)} ${md(c.base)} → ${md(c.head)}`).join(', ');
    const effect =
      g.configSource === 'base'
        ? "The base branch's settings were applied (config-source: base); they take effect once this change is merged."
        : 'The changed settings apply to this run (config-source: head): a reviewer should approve them.';
    notes.push(callout('WARNING', `This pull request changes the gate settings in ${code(g.configFile)}: ${list}. ${effect}`));
  }
  if (g.baseline && !r.baseline) notes.push(callout('NOTE', `No baseline from the base branch: ${md(g.baseline)}. The delta is unknown.`));
  return notes;
}
