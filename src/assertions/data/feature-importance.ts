import type { JsonFormat } from '../../evidence/store.js';
import { IMPORTANCE_VERSION, importanceReportSchema } from '../../schemas/importance.js';
import type { Check, ReportTable } from '../../rubric/types.js';
import { fmt } from '../../util/format.js';
import { nearest } from '../../util/suggest.js';
import { dataConfigOf, errorCheck, loadErrors } from '../shared/snapshots.js';
import type { Evaluator } from '../types.js';
import { features } from '../shared/snapshots.js';

export const IMPORTANCE_FORMAT: JsonFormat<typeof importanceReportSchema> = {
  name: 'feature importance report',
  schema: importanceReportSchema,
  version: IMPORTANCE_VERSION,
};

/** data-2: every feature's importance is above the floor. */
export const featureImportanceEvaluator: Evaluator = {
  name: 'data-importance',
  tests: ['data-2'],
  config: ['data.importance', 'data.schema'],
  formats: ['importance', 'data-schema'],
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
        return errorCheck(
          `feature "${name}" importance`,
          `${cfg.report}: feature "${name}" has no importance${near ? ` (did you mean "${near}"?)` : ''}; every feature must be measured`,
          cfg.report,
        );
      }
      if (v === null || Number.isNaN(v))
        return {
          name: `feature "${name}" importance`,
          status: 'fail',
          message: `"${name}": importance is undefined (NaN/null in ${cfg.report}); it never passes`,
          value: null,
          threshold: `> ${fmt(cfg.floor)}`,
          method: rep.value.method,
          file: cfg.report,
        };
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
    const rows = f.features
      .map(({ name }) => [name, imp[name] ?? null] as [string, number | null])
      .sort((a, b) => (a[1] ?? -Infinity) - (b[1] ?? -Infinity));
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
