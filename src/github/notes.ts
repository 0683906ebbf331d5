import * as z from 'zod';
import { code, md } from '../report/escape.js';
import type { Report } from '../schemas/report.js';

/**
 * What the GitHub side adds to the report, under `records.github`. In `mode: publish` the report
 * comes from another run (possibly a fork's): it is re-validated here and rendered escaped.
 */
export const githubRecordSchema = z.object({
  configFile: z.string().max(500),
  configSource: z.enum(['head', 'base']),
  gateChanges: z.array(z.object({ key: z.string().max(100), base: z.string().max(100), head: z.string().max(100) })).max(50).nullable(),
  baseline: z.string().max(1000).nullable(),
});
export type GithubRecord = z.infer<typeof githubRecordSchema>;

export function githubRecordOf(r: Report): GithubRecord | null {
  const p = githubRecordSchema.safeParse(r.records.github);
  return p.success ? p.data : null;
}

/** Call-outs shown under the verdict: changed gate settings, why there is no baseline. */
export function commentNotes(r: Report): string[] {
  const g = githubRecordOf(r);
  if (!g) return [];
  const notes: string[] = [];
  if (g.gateChanges && g.gateChanges.length) {
    const list = g.gateChanges.map((c) => `${code(c.key)} ${md(c.base)} → ${md(c.head)}`).join(', ');
    const effect =
      g.configSource === 'base'
        ? "The base branch's settings were applied (config-source: base); they take effect once this change is merged."
        : 'The changed settings apply to this run (config-source: head): a reviewer should approve them.';
    notes.push(`> [!WARNING]\n> This pull request changes the gate settings in ${code(g.configFile)}: ${list}. ${effect}`);
  }
  if (g.baseline && !r.baseline) notes.push(`> [!NOTE]\n> No baseline from the base branch: ${md(g.baseline)}. The delta is unknown.`);
  return notes;
}
