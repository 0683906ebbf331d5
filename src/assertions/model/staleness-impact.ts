import type { Check, ReportTable, TestOutcome } from '../../rubric/types.js';
import { fmt } from '../../util/format.js';
import { STALENESS_IMPACT_FORMAT, errorOutcome } from '../shared/infra-evidence.js';
import { maxAgeCheck } from '../shared/dates.js';
import { leastSquares } from '../../stats/descriptive.js';
import type { Evaluator } from '../types.js';

/** model-4: a measured quality-versus-model-age curve, recent and with enough points. */
export const stalenessImpactEvaluator: Evaluator = {
  name: 'staleness-impact',
  tests: ['model-4'],
  config: ['infra.staleness-impact'],
  formats: ['staleness-impact'],
  async run(ctx) {
    const cfg = ctx.config.infra?.['staleness-impact'];
    if (!cfg) return { outcomes: [] };
    const l = await ctx.store.json(cfg.report, STALENESS_IMPACT_FORMAT);
    if (!l.ok) return { outcomes: [errorOutcome('model-4', cfg.report, l)] };
    const r = l.value;
    const file = l.file;
    ctx.store.recordNumericScan({ file, what: 'staleness-impact values', values: r.points.length, nonFinite: l.nonFinite });
    const checks: Check[] = [
      maxAgeCheck('staleness-impact measurement', r.measuredAt, cfg['max-age-days'], ctx.now, { file, field: 'measuredAt' }),
    ];
    const usable = r.points.filter((p): p is typeof p & { value: number } => p.value !== null);
    const ages = new Set(usable.map((p) => p.ageDays));
    const undefinedPoints = r.points.length - usable.length;
    const enough = ages.size >= cfg['min-points'];
    let slopeText = '';
    if (ages.size >= 2) {
      const fit = leastSquares(
        usable.map((p) => p.ageDays),
        usable.map((p) => p.value),
      );
      slopeText = `; ${r.metric} changes by ${fmt(fit.slope * 30)} per 30 days of model age (least-squares slope)`;
    }
    checks.push({
      name: `model ages measured >= ${cfg['min-points']}`,
      status: enough ? 'pass' : 'fail',
      message: `${r.metric} measured at ${ages.size} distinct model ages (${[...ages]
        .sort((a, b) => a - b)
        .map((a) => fmt(a))
        .join(
          ', ',
        )} days)${undefinedPoints ? `, ${undefinedPoints} undefined point(s) left out` : ''}${enough ? '' : `; at least ${cfg['min-points']} are needed to know the impact`}${slopeText}`,
      value: ages.size,
      threshold: `>= ${cfg['min-points']} ages`,
      method: 'distinct ageDays with a defined value',
      file,
    });
    const outcome: TestOutcome = { test: 'model-4', checks, evidence: [file] };
    const table: ReportTable = {
      id: 'staleness-impact',
      title: `Model staleness impact: ${r.metric} by model age`,
      tests: ['model-4'],
      columns: ['model age (days)', r.metric, 'rows'],
      rows: [...r.points].sort((a, b) => a.ageDays - b.ageDays).map((p) => [p.ageDays, p.value, p.rows ?? null]),
      note: `From ${file}, measured ${r.measuredAt}.`,
      alwaysShow: true,
    };
    return { outcomes: [outcome], tables: [table] };
  },
};
