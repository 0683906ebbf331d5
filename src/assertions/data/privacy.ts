import type { Check } from '../../rubric/types.js';
import { nearest } from '../../util/suggest.js';
import { dataConfigOf } from '../shared/snapshots.js';
import type { Evaluator } from '../types.js';
import { features } from '../shared/snapshots.js';

/** data-5: every feature tagged as personal data (pii) has an explicit, unexpired approval. */
export const privacyEvaluator: Evaluator = {
  name: 'data-privacy',
  tests: ['data-5'],
  config: ['data.privacy', 'data.schema'],
  formats: ['data-schema'],
  async run(ctx) {
    const cfg = dataConfigOf(ctx)?.privacy;
    if (!cfg) return { outcomes: [] };
    const f = await features(ctx, 'data-5');
    if (!f.ok) return { outcomes: f.outcomes };
    const file = f.files[0];
    const approvals = new Map(cfg.approvals.map((a) => [a.feature, a]));
    const names = new Set(f.features.map((x) => x.name));
    const checks: Check[] = [];
    const tagged = f.features.filter((x) => (x.tags ?? []).includes(cfg.tag));
    for (const feat of tagged) {
      const a = approvals.get(feat.name);
      if (!a) {
        checks.push({
          name: `feature "${feat.name}" (${cfg.tag})`,
          status: 'fail',
          message: `"${feat.name}" is tagged ${cfg.tag} but data.privacy.approvals has no entry for it; add {feature, by, date, link}`,
          method: 'privacy approval',
          file,
        });
        continue;
      }
      const expires = new Date(`${a.date}T00:00:00Z`).getTime() + a['expires-in-days'] * 86400000;
      const expired = ctx.now.getTime() > expires;
      const until = new Date(expires).toISOString().slice(0, 10);
      checks.push({
        name: `feature "${feat.name}" (${cfg.tag})`,
        status: expired ? 'fail' : 'pass',
        message: expired
          ? `"${feat.name}": the approval by ${a.by} (${a.date}) expired on ${until}; renew it`
          : `"${feat.name}": approved by ${a.by} on ${a.date} (${a.link}), valid until ${until}`,
        method: 'privacy approval',
        file,
      });
    }
    for (const a of cfg.approvals) {
      if (!names.has(a.feature)) {
        const near = nearest(a.feature, [...names]);
        ctx.diagnostics.push({
          level: 'warning',
          message: `data.privacy.approvals names "${a.feature}", which is not a feature${near ? ` (did you mean "${near}"?)` : ''}`,
          file: ctx.configFile,
          test: 'data-5',
        });
      }
    }
    if (tagged.length === 0) {
      checks.push({
        name: `no ${cfg.tag} features`,
        status: 'pass',
        message: `none of the ${f.features.length} feature(s) in ${file} is tagged ${cfg.tag}`,
        value: 0,
        method: 'privacy approval',
        file,
      });
    }
    return { outcomes: [{ test: 'data-5', checks, evidence: f.files }] };
  },
};
