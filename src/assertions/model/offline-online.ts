import type { Check, ReportTable } from '../../rubric/types.js';
import { fmt, fmtVersus } from '../../util/format.js';
import { METRIC_HISTORY_FORMAT, errorOutcome } from '../shared/infra-evidence.js';
import { ageOf } from '../shared/dates.js';
import { spearman } from '../../stats/correlation.js';
import { averageRanks } from '../../stats/ranks.js';
import type { Evaluator } from '../types.js';

/** model-2: offline and online metrics correlate (Spearman's rho over a history of pairs). */
export const offlineOnlineEvaluator: Evaluator = {
  name: 'offline-online',
  tests: ['model-2'],
  config: ['infra.offline-online'],
  formats: ['metric-history'],
  async run(ctx) {
    const cfg = ctx.config.infra?.['offline-online'];
    if (!cfg) return { outcomes: [] };
    const l = await ctx.store.json(cfg.history, METRIC_HISTORY_FORMAT);
    if (!l.ok) return { outcomes: [errorOutcome('model-2', cfg.history, l)] };
    const h = l.value;
    const file = l.file;
    ctx.store.recordNumericScan({ file, what: 'offline/online metric values', values: h.points.length * 2, nonFinite: l.nonFinite });
    const checks: Check[] = [];
    h.points.forEach((p, i) => {
      if (p.date) {
        const a = ageOf(p.date, ctx.now);
        if (!a.ok) checks.push({ name: `points[${i}].date`, status: 'error', message: `${file}: points[${i}].date: ${a.message}`, file });
      }
    });
    const pairs = h.points.filter((p): p is typeof p & { offline: number; online: number } => p.offline !== null && p.online !== null);
    const left = h.points.length - pairs.length;
    const method = `Spearman rank correlation (average ranks for ties, as scipy.stats.spearmanr) over ${pairs.length} (offline, online) pairs`;
    const name = `Spearman(${h.offlineMetric}, ${h.onlineMetric}) >= ${fmt(cfg['min-correlation'])}`;
    if (pairs.length < cfg['min-points']) {
      checks.push({
        name,
        status: 'error',
        message: `${file}: ${pairs.length} usable (offline, online) pair(s)${left ? ` (${left} with an undefined value left out)` : ''}; at least ${cfg['min-points']} are needed before a correlation means anything`,
        value: pairs.length,
        threshold: `>= ${cfg['min-points']} pairs`,
        method: 'count of pairs with both values',
        file,
      });
    } else {
      const rho = spearman(
        pairs.map((p) => p.offline),
        pairs.map((p) => p.online),
      );
      if (Number.isNaN(rho)) {
        const constant = new Set(pairs.map((p) => p.offline)).size === 1 ? h.offlineMetric : h.onlineMetric;
        checks.push({
          name,
          status: 'fail',
          message: `${constant} is constant over the ${pairs.length} pairs: the rank correlation is undefined and cannot pass`,
          value: null,
          threshold: `>= ${fmt(cfg['min-correlation'])}`,
          method,
          file,
        });
      } else {
        const ok = rho >= cfg['min-correlation'];
        const vs = fmtVersus(rho, cfg['min-correlation']);
        checks.push({
          name,
          status: ok ? 'pass' : 'fail',
          message: `${h.offlineMetric} (offline) and ${h.onlineMetric} (online) have Spearman rho = ${vs.value} over ${pairs.length} model versions${left ? ` (${left} pair(s) with an undefined value left out)` : ''}; ${ok ? 'at least' : 'below'} the floor ${vs.threshold}`,
          value: rho,
          threshold: `>= ${fmt(cfg['min-correlation'])}`,
          method,
          file,
        });
      }
    }
    const ro = averageRanks(pairs.map((p) => p.offline));
    const rn = averageRanks(pairs.map((p) => p.online));
    const table: ReportTable = {
      id: 'offline-online',
      title: `Offline ${h.offlineMetric} vs online ${h.onlineMetric}`,
      tests: ['model-2'],
      columns: ['model', 'date', h.offlineMetric, h.onlineMetric, 'offline rank', 'online rank'],
      rows: pairs.map((p, i) => [p.model, p.date ?? '', p.offline, p.online, ro[i], rn[i]]),
      note: `From ${file}; ranks are average ranks (ties share the mean rank).`,
    };
    return { outcomes: [{ test: 'model-2', checks, evidence: [file] }], tables: [table] };
  },
};
