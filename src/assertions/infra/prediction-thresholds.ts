/**
 * infra-4 (model quality is validated before serving) from prediction files: every configured metric,
 * computed with scikit-learn's definitions, against its absolute bound, and the comparison with the
 * base branch's model (judged in monitor/prediction-quality.ts, repeated here).
 */
import type { Check } from '../../rubric/types.js';
import { fmt, fmtDelta } from '../../util/format.js';
import { baseComparison } from '../monitor/prediction-quality.js';
import { boundCheck } from '../shared/metric-bounds.js';
import {
  errorOutcomeFor,
  headInterval,
  headValue,
  ivText,
  overallDelta,
  predictionRun,
  unknownMetric,
  type PredictionRun,
} from '../shared/prediction-run.js';
import { nullIfNaN, withInterval } from '../shared/predictions.js';
import type { ReportTable } from '../../rubric/types.js';
import type { EvalContext, Evaluator } from '../types.js';

function thresholdChecks(run: PredictionRun): Check[] {
  const { pc, names, head } = run;
  const checks: Check[] = [];
  for (const [metric, b] of Object.entries(run.cfg.thresholds ?? {})) {
    if (!names.includes(metric)) {
      checks.push(unknownMetric(metric, names, pc.file));
      continue;
    }
    const v = headValue(run, metric);
    const iv = headInterval(run, metric);
    checks.push(
      boundCheck({
        label: metric,
        value: v,
        bound: b,
        shown: (vs) => `${vs}${iv ? ` [${fmt(iv.lo)}, ${fmt(iv.hi)}]` : ''} on ${head.n} examples`,
        method: `computed from ${pc.file} (point value${iv ? `; interval: ${iv.method}` : ''})`,
        file: pc.file,
        ifUndefined: {
          message: (want) =>
            `${metric} is undefined on ${pc.file} (zero denominator or one class only); an undefined metric never passes ${want}`,
        },
      }),
    );
  }
  return checks;
}

/** Every metric the file allows, with its interval (and base and delta when there is a base). */
function allMetricsTable(run: PredictionRun): ReportTable {
  const { pc, head, names, comparison, summary } = run;
  return {
    id: 'model-all-metrics',
    title: `Metrics computed from ${pc.file} (${head.n} examples${head.weight ? ', weighted' : ''})`,
    tests: ['infra-4'],
    columns: ['metric', 'head [interval]', ...(comparison ? ['base [interval]', 'delta [interval]'] : []), 'method'],
    rows: names.map((m) => {
      if (comparison) {
        const d = overallDelta(run, m)!;
        return [
          m,
          withInterval(nullIfNaN(d.head), d.headInterval),
          withInterval(nullIfNaN(d.base), d.baseInterval),
          `${fmtDelta(nullIfNaN(d.delta))} ${ivText(d.lo, d.hi)}`.trim(),
          d.method,
        ];
      }
      const k = names.indexOf(m);
      return [m, withInterval(nullIfNaN(summary!.values[k]), summary!.intervals[k]), summary!.intervals[k]?.method ?? 'point value'];
    }),
    note:
      pc.task === 'binary'
        ? `Predicted positive when score >= ${pc.threshold}; ece with ${pc['ece-bins']} equal-width bins; undefined = zero denominator or one class.`
        : 'undefined = zero denominator or one class.',
    alwaysShow: !run.cfg.comparison,
  };
}

export const predictionThresholdsEvaluator: Evaluator = {
  name: 'prediction-thresholds',
  tests: ['infra-4'],
  config: ['model.predictions', 'model.thresholds', 'model.comparison'],
  formats: ['prediction files (CSV, TSV, JSON Lines)'],
  async run(ctx: EvalContext) {
    const a = await predictionRun(ctx);
    if (a.kind !== 'ok') return { outcomes: errorOutcomeFor(a, ctx.config.model, 'infra-4') ?? [] };
    const run = a.run;
    const versusBase = baseComparison(ctx, run).checks.filter((c) => c.name.endsWith('vs base'));
    const checks = [...thresholdChecks(run), ...versusBase.map((c) => ({ ...c }))];
    return { outcomes: checks.length ? [{ test: 'infra-4', checks, evidence: run.evidence }] : [], tables: [allMetricsTable(run)] };
  },
};
