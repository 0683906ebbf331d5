import type { Check } from '../../rubric/types.js';
import { wildcard } from '../../util/wildcard.js';
import { dataConfigOf, errorCheck } from '../shared/snapshots.js';
import type { Evaluator } from '../types.js';
import { features } from '../shared/snapshots.js';

/** A deny-list entry as a predicate: /regex/, a glob with * or ?, or an exact name. */
export function denyMatcher(entry: string): (name: string) => boolean {
  if (entry.length > 2 && entry.startsWith('/') && entry.endsWith('/')) {
    const re = new RegExp(entry.slice(1, -1));
    return (n) => re.test(n);
  }
  if (/[*?]/.test(entry)) {
    // feature names come from evidence: a linear-time matcher, not a RegExp that backtracks (util/wildcard.ts)
    const w = wildcard(entry);
    return (n) => w.test(n);
  }
  return (n) => n === entry;
}

/** data-4: no deny-listed names, no denied tags (deprecated), required metadata present. */
export const featureMetaEvaluator: Evaluator = {
  name: 'data-meta',
  tests: ['data-4'],
  config: ['data.meta', 'data.schema'],
  formats: ['data-schema'],
  async run(ctx) {
    const cfg = dataConfigOf(ctx)?.meta;
    if (!cfg) return { outcomes: [] };
    const f = await features(ctx, 'data-4');
    if (!f.ok) return { outcomes: f.outcomes };
    const file = f.files[0];
    const deny = cfg.deny.map((d) => ({ d, m: denyMatcher(d) }));
    const checks: Check[] = [];
    for (const feat of f.features) {
      const problems: string[] = [];
      for (const { d, m } of deny) if (m(feat.name)) problems.push(`its name matches the deny-list entry ${JSON.stringify(d)}`);
      for (const t of feat.tags ?? []) if (cfg['deny-tags'].includes(t)) problems.push(`it is tagged "${t}"`);
      const missing = cfg['required-metadata'].filter((k) => {
        const v = feat[k];
        return v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
      });
      if (missing.length) problems.push(`it has no ${missing.join(', ')}`);
      checks.push(
        problems.length
          ? {
              name: `feature "${feat.name}"`,
              status: 'fail',
              message: `"${feat.name}" may not be used: ${problems.join('; ')}`,
              method: 'meta-level rules (deny-list, tags, required metadata)',
              file,
            }
          : {
              name: `feature "${feat.name}"`,
              status: 'pass',
              message: `"${feat.name}" meets the meta-level rules (${cfg.deny.length} deny entries, denied tags ${cfg['deny-tags'].join(', ') || 'none'}, required ${cfg['required-metadata'].join(', ') || 'nothing'})`,
              method: 'meta-level rules (deny-list, tags, required metadata)',
              file,
            },
      );
    }
    if (checks.length === 0) checks.push(errorCheck('features', `${file} lists no features`, file));
    return { outcomes: [{ test: 'data-4', checks, evidence: f.files }] };
  },
};
