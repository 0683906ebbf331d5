import type { JsonFormat } from '../evidence/store.js';
import { IMPORTANCE_VERSION, importanceReportSchema } from '../schemas/importance.js';
import type { Check, ReportTable, TestOutcome } from '../rubric/types.js';
import type { RubricId } from '../rubric/tests.js';
import { globToRegExp } from '../evidence/workspace.js';
import { fmt } from '../util/format.js';
import { nearest } from '../util/suggest.js';
import { dataConfigOf, errorCheck, loadErrors, loadFeatureMeta, type FeatureMeta } from './data-common.js';
import type { EvalContext, Evaluator } from './types.js';

export const IMPORTANCE_FORMAT: JsonFormat<typeof importanceReportSchema> = { name: 'feature importance report', schema: importanceReportSchema, version: IMPORTANCE_VERSION };

async function features(ctx: EvalContext, test: RubricId): Promise<{ ok: true; features: FeatureMeta[]; files: string[] } | { ok: false; outcomes: TestOutcome[] }> {
  const cfg = dataConfigOf(ctx)!;
  const l = await loadFeatureMeta(ctx, cfg);
  if (!l.ok) return { ok: false, outcomes: loadErrors([test], l) };
  return l;
}

/** data-2: every feature's importance is above the floor. */
export const dataImportanceEvaluator: Evaluator = {
  name: 'data-importance',
  async run(ctx) {
    const cfg = dataConfigOf(ctx)?.importance;
    if (!cfg) return { outcomes: [] };
    const f = await features(ctx, 'data-2');
    if (!f.ok) return { outcomes: f.outcomes };
    const rep = await ctx.store.json(cfg.report, IMPORTANCE_FORMAT);
    if (!rep.ok) return { outcomes: loadErrors(['data-2'], rep) };
    const imp = rep.value.features;
    const names = Object.keys(imp);
    const checks: Check[] = f.features.map(({ name }) => {
      const v = imp[name];
      if (v === undefined) {
        const near = nearest(name, names);
        return errorCheck(`feature "${name}" importance`, `${cfg.report}: feature "${name}" has no importance${near ? ` (did you mean "${near}"?)` : ''}; every feature must be measured`, cfg.report);
      }
      if (v === null || Number.isNaN(v)) return { name: `feature "${name}" importance`, status: 'fail', message: `"${name}": importance is undefined (NaN/null in ${cfg.report}); it never passes`, value: null, threshold: `> ${fmt(cfg.floor)}`, method: rep.value.method, file: cfg.report };
      const ok = v > cfg.floor;
      return {
        name: `feature "${name}" importance`,
        status: ok ? 'pass' : 'fail',
        message: `"${name}": importance ${fmt(v)} ${ok ? '>' : '<='} floor ${fmt(cfg.floor)}${ok ? '' : ' (the feature does not earn its place; consider removing it)'}`,
        value: v,
        threshold: `> ${fmt(cfg.floor)}`,
        method: rep.value.method,
        file: cfg.report,
      };
    });
    const rows = f.features.map(({ name }) => [name, imp[name] ?? null] as [string, number | null]).sort((a, b) => (a[1] ?? -Infinity) - (b[1] ?? -Infinity));
    const table: ReportTable = {
      id: 'data-importance',
      title: 'Feature importance (lowest first)',
      tests: ['data-2'],
      columns: ['feature', 'importance', 'floor'],
      rows: rows.slice(0, 15).map(([n, v]) => [n, v, cfg.floor]),
      note: `From ${cfg.report}: ${rep.value.method}.${rows.length > 15 ? ` ${rows.length - 15} more features not shown.` : ''}`,
      alwaysShow: true,
    };
    return { outcomes: [{ test: 'data-2', checks, evidence: [...f.files, cfg.report] }], tables: [table] };
  },
};

/** data-3: each feature's cost, and the total, within the budget. A feature without a cost is unmeasured. */
export const dataCostEvaluator: Evaluator = {
  name: 'data-cost',
  async run(ctx) {
    const cfg = dataConfigOf(ctx)?.cost;
    if (!cfg) return { outcomes: [] };
    const f = await features(ctx, 'data-3');
    if (!f.ok) return { outcomes: f.outcomes };
    const file = f.files[0];
    const checks: Check[] = [];
    let latency = 0;
    let memory = 0;
    const unmeasured: string[] = [];
    for (const feat of f.features) {
      const c = feat.cost;
      if (!c) {
        unmeasured.push(feat.name);
        continue;
      }
      latency += c.latencyMs ?? 0;
      memory += c.memoryMb ?? 0;
      const limits: Array<[string, number | undefined, number | undefined, string]> = [
        ['latency', c.latencyMs, cfg['max-latency-ms'], 'ms'],
        ['memory', c.memoryMb, cfg['max-memory-mb'], 'MB'],
        ['upstream dependencies', c.upstream?.length, cfg['max-upstream'], ''],
      ];
      for (const [what, v, max, unit] of limits) {
        if (max === undefined) continue;
        if (v === undefined) {
          checks.push(errorCheck(`feature "${feat.name}" ${what}`, `"${feat.name}": cost.${what === 'latency' ? 'latencyMs' : what === 'memory' ? 'memoryMb' : 'upstream'} is not recorded in ${file}; a budget is set for it`, file));
          continue;
        }
        checks.push({ name: `feature "${feat.name}" ${what}`, status: v <= max ? 'pass' : 'fail', message: `"${feat.name}": ${what} ${fmt(v)}${unit} ${v <= max ? '<=' : '>'} ${fmt(max)}${unit}`, value: v, threshold: `<= ${fmt(max)}${unit}`, method: 'recorded feature cost', file });
      }
    }
    if (unmeasured.length) {
      checks.push(errorCheck('unmeasured feature cost', `${unmeasured.length} feature(s) have no cost in ${file}: ${unmeasured.slice(0, 10).join(', ')}${unmeasured.length > 10 ? ', ...' : ''}; add cost: {latencyMs, memoryMb, upstream}`, file));
    }
    for (const [what, total, max, unit] of [['total latency', latency, cfg['total-latency-ms'], 'ms'], ['total memory', memory, cfg['total-memory-mb'], 'MB']] as Array<[string, number, number | undefined, string]>) {
      if (max === undefined) continue;
      const partial = unmeasured.length ? ` (without ${unmeasured.length} unmeasured feature(s))` : '';
      checks.push({ name: what, status: total <= max ? 'pass' : 'fail', message: `${what} of ${f.features.length - unmeasured.length} feature(s)${partial}: ${fmt(total)}${unit} ${total <= max ? '<=' : '>'} ${fmt(max)}${unit}`, value: total, threshold: `<= ${fmt(max)}${unit}`, method: 'sum of recorded feature costs', file });
    }
    if (checks.length === 0) checks.push(errorCheck('feature cost budget', 'data.cost sets no budget; set max-latency-ms, max-memory-mb, max-upstream, total-latency-ms or total-memory-mb'));
    return { outcomes: [{ test: 'data-3', checks, evidence: f.files }] };
  },
};

/** A deny-list entry as a predicate: /regex/, a glob with * or ?, or an exact name. */
export function denyMatcher(entry: string): (name: string) => boolean {
  if (entry.length > 2 && entry.startsWith('/') && entry.endsWith('/')) {
    const re = new RegExp(entry.slice(1, -1));
    return (n) => re.test(n);
  }
  if (/[*?]/.test(entry)) {
    const re = globToRegExp(entry);
    return (n) => re.test(n);
  }
  return (n) => n === entry;
}

/** data-4: no deny-listed names, no denied tags (deprecated), required metadata present. */
export const dataMetaEvaluator: Evaluator = {
  name: 'data-meta',
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
          ? { name: `feature "${feat.name}"`, status: 'fail', message: `"${feat.name}" may not be used: ${problems.join('; ')}`, method: 'meta-level rules (deny-list, tags, required metadata)', file }
          : { name: `feature "${feat.name}"`, status: 'pass', message: `"${feat.name}" meets the meta-level rules (${cfg.deny.length} deny entries, denied tags ${cfg['deny-tags'].join(', ') || 'none'}, required ${cfg['required-metadata'].join(', ') || 'nothing'})`, method: 'meta-level rules (deny-list, tags, required metadata)', file },
      );
    }
    if (checks.length === 0) checks.push(errorCheck('features', `${file} lists no features`, file));
    return { outcomes: [{ test: 'data-4', checks, evidence: f.files }] };
  },
};

/** data-5: every feature tagged as personal data (pii) has an explicit, unexpired approval. */
export const dataPrivacyEvaluator: Evaluator = {
  name: 'data-privacy',
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
        checks.push({ name: `feature "${feat.name}" (${cfg.tag})`, status: 'fail', message: `"${feat.name}" is tagged ${cfg.tag} but data.privacy.approvals has no entry for it; add {feature, by, date, link}`, method: 'privacy approval', file });
        continue;
      }
      const expires = new Date(`${a.date}T00:00:00Z`).getTime() + a['expires-in-days'] * 86400000;
      const expired = ctx.now.getTime() > expires;
      const until = new Date(expires).toISOString().slice(0, 10);
      checks.push({
        name: `feature "${feat.name}" (${cfg.tag})`,
        status: expired ? 'fail' : 'pass',
        message: expired ? `"${feat.name}": the approval by ${a.by} (${a.date}) expired on ${until}; renew it` : `"${feat.name}": approved by ${a.by} on ${a.date} (${a.link}), valid until ${until}`,
        method: 'privacy approval',
        file,
      });
    }
    for (const a of cfg.approvals) {
      if (!names.has(a.feature)) {
        const near = nearest(a.feature, [...names]);
        ctx.diagnostics.push({ level: 'warning', message: `data.privacy.approvals names "${a.feature}", which is not a feature${near ? ` (did you mean "${near}"?)` : ''}`, file: ctx.configFile, test: 'data-5' });
      }
    }
    if (tagged.length === 0) {
      checks.push({ name: `no ${cfg.tag} features`, status: 'pass', message: `none of the ${f.features.length} feature(s) in ${file} is tagged ${cfg.tag}`, value: 0, method: 'privacy approval', file });
    }
    return { outcomes: [{ test: 'data-5', checks, evidence: f.files }] };
  },
};
