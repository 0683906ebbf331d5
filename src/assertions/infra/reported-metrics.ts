import type { EvalReport } from '../../schemas/eval-report.js';
import type { Check, ReportTable, TestOutcome } from '../../rubric/types.js';
import { fmt, fmtDelta, fmtVersus } from '../../util/format.js';
import { nearest } from '../../util/suggest.js';
import { boundCheck, boundText } from '../shared/metric-bounds.js';
import { directionOf, improvement } from '../shared/metric-direction.js';
import type { EvalContext, Evaluator } from '../types.js';
import { REPORTED_METRICS_EVALUATOR } from '../record-names.js';
import { importerNotes } from '../shared/notes.js';
import { loadEvalReport } from '../../importers/evidence.js';
import { normaliseRef } from '../../schemas/constants.js';
import type { ComparisonConfig } from '../../schemas/config/model.js';
import { comparisonAllowedDrop, describeTolerance } from '../../stats/verdict.js';
import { zOf } from '../../stats/intervals.js';
import { comparisonCheck, familyText, judgeComparisons, recordDelta, type ComparisonItem } from '../shared/comparison-verdicts.js';
export { EVAL_REPORT_JSON as EVAL_REPORT_FORMAT } from '../../importers/evidence.js';

import type { ModelRecord, modelRecordSchema } from './model-record.js';

export type { ModelRecord } from './model-record.js';

function metricMissing(file: string, metric: string, report: EvalReport): string {
  const near = nearest(metric, Object.keys(report.metrics));
  return `${file}: metric "${metric}" is not in the report${near ? ` (did you mean "${near}"?)` : ''}; it has ${Object.keys(report.metrics).join(', ') || 'no metrics'}`;
}

/** Absolute bounds per metric (infra-4). An undefined value never passes. */
export function thresholdChecks(file: string, report: EvalReport, thresholds: Record<string, { min?: number; max?: number }>): Check[] {
  const checks: Check[] = [];
  for (const [metric, bound] of Object.entries(thresholds)) {
    if (!(metric in report.metrics)) {
      checks.push({ name: metric, status: 'error', message: metricMissing(file, metric, report), file });
      continue;
    }
    const v = report.metrics[metric];
    checks.push(
      boundCheck({
        label: metric,
        value: v ?? NaN,
        bound,
        shown: (vs) => vs,
        method: 'reported value',
        file,
        ifUndefined: {
          name: metric,
          message: (want) => `${metric} is undefined (null or NaN in ${file}); an undefined metric never passes ${want}`,
        },
      }),
    );
  }
  return checks;
}

/** A signed gain printed against its margin with the digits the comparison needs. */
function gainVs(gain: number, margin: number): { value: string; threshold: string } {
  const v = fmtVersus(gain, margin);
  return { value: gain > 0 && !v.value.startsWith('+') ? `+${v.value}` : v.value, threshold: v.threshold };
}

/** model-5: the candidate must beat a simpler model on the key metric by a margin. */
export function simplerModelCheck(file: string, report: EvalReport, metric: string, margin: number): Check {
  const simple = report.baselineModel;
  if (!simple) {
    return {
      name: 'simpler model',
      status: 'error',
      message: `${file} has no baselineModel section; add the simpler model's metrics (e.g. a logistic regression on a few features)`,
      file,
    };
  }
  if (!(metric in report.metrics)) return { name: metric, status: 'error', message: metricMissing(file, metric, report), file };
  const head = report.metrics[metric];
  const base = simple.metrics[metric];
  if (base === undefined) return { name: metric, status: 'error', message: `${file}: baselineModel.metrics has no "${metric}"`, file };
  if (head === null || base === null) {
    return {
      name: metric,
      status: 'fail',
      message: `${metric} is undefined for the ${head === null ? 'candidate' : 'simpler model'}; the comparison cannot pass`,
      value: null,
      file,
    };
  }
  const gain = improvement(metric, head, base);
  const ok = gain >= margin;
  const dir = directionOf(metric) === 'higher' ? 'higher' : 'lower';
  return {
    name: `${metric} vs ${simple.name}`,
    status: ok ? 'pass' : 'fail',
    message: `${metric}: candidate ${fmt(head)} vs simpler model "${simple.name}" ${fmt(base)}: gain ${gainVs(gain, margin).value} (${dir} is better) ${ok ? '>=' : '<'} margin ${gainVs(gain, margin).threshold}`,
    value: gain,
    threshold: `gain >= ${fmt(margin)}`,
    method: 'reported values',
    file,
  };
}

/** Standard errors an evaluation report states: `standardErrors`, else from `intervals` (half-width / z of their level). */
export function reportStandardErrors(report: EvalReport): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [m, iv] of Object.entries(report.intervals ?? {})) {
    const se = (iv.hi - iv.lo) / (2 * zOf(iv.confidence));
    if (Number.isFinite(se) && se >= 0) out[m] = se;
  }
  for (const [m, se] of Object.entries(report.standardErrors ?? {})) if (se !== null) out[m] = se;
  return out;
}

/**
 * Change vs the base branch with aggregated metrics only: the baseline report's record of this
 * evaluator holds the base model's values (and, from this version on, their standard errors). With a
 * standard error on both sides the comparison is judged like any other (independent samples, Holm
 * across the metrics); with one side's, the other is taken equal to it (pass or inconclusive only);
 * with neither, the data cannot tell: inconclusive, never a coin flip on point values.
 */
export function pointComparisonChecks(
  ctx: EvalContext,
  file: string,
  report: EvalReport,
  cmp: ComparisonConfig,
  recordSchema: typeof modelRecordSchema,
): Check[] {
  const raw = ctx.baseline?.records?.['model'];
  const parsed = raw === undefined ? null : recordSchema.safeParse(raw);
  if (!parsed || !parsed.success) {
    const why = parsed
      ? 'its records["model"] is not in the expected form'
      : ctx.baseline
        ? 'the baseline report has no model metrics'
        : 'there is no baseline report';
    return cmp.metrics.map((m) => ({
      name: `${m} vs base`,
      status: 'error' as const,
      message: `cannot compare ${m} with the base branch: ${why}; unmeasured is not a pass (set model.predictions with base predictions for an interval-based comparison)`,
      file,
    }));
  }
  const baseMetrics = parsed.data.metrics;
  const headSes = reportStandardErrors(report);
  const checks: Check[] = [];
  const items: ComparisonItem[] = [];
  for (const m of cmp.metrics) {
    if (!(m in report.metrics)) {
      checks.push({ name: `${m} vs base`, status: 'error', message: metricMissing(file, m, report), file });
      continue;
    }
    const head = report.metrics[m];
    const base = baseMetrics[m];
    if (head === null || base === null || base === undefined) {
      checks.push({
        name: `${m} vs base`,
        status: 'fail',
        message: `${m}: ${base === undefined ? 'the base branch report has no such metric' : 'undefined value'}; the comparison cannot pass`,
        value: null,
        file,
      });
      continue;
    }
    const tol = cmp['metric-tolerance']?.[m] ?? cmp.tolerance;
    const hse = headSes[m];
    const bse = parsed.data.se?.[m] ?? undefined;
    if (hse === undefined && bse === undefined) {
      const allowed = comparisonAllowedDrop(tol, base, m);
      checks.push({
        name: `${m} vs base`,
        status: cmp.inconclusive === 'fail' ? 'fail' : 'warn',
        message: `${m}: base ${fmt(base)}, head ${fmt(head)}, delta ${fmtDelta(head - base)}: inconclusive: neither report states a standard error, so the data cannot tell a change from noise (add standardErrors or intervals to ${file}; this run keeps them for the next)`,
        value: head - base,
        threshold: describeTolerance(tol, allowed, m),
        method: 'point values (aggregated metrics, no standard errors)',
        file,
      });
      continue;
    }
    const item = hse === undefined ? recordDelta(m, head, bse!, base, bse) : recordDelta(m, head, hse, base, bse);
    if (hse === undefined) item.assumption = "the eval report has no standard error; taken equal to the baseline's";
    items.push({ ...item, tol });
  }
  const alpha = ctx.alpha('comparison');
  const judged = judgeComparisons(items, alpha, 'holm', cmp);
  const family = familyText('holm', judged.length, 'key metrics', alpha);
  const n = report.dataset?.rows ?? 0;
  for (const j of judged) checks.push(comparisonCheck(j, n, family, file));
  return checks;
}

/** Thresholds (infra-4) and the simpler-model comparison (model-5) from an evaluation report. */
export const reportedMetricsEvaluator: Evaluator = {
  name: REPORTED_METRICS_EVALUATOR,
  tests: ['infra-4', 'model-5', 'monitor-7'],
  config: ['model.eval-report', 'model.thresholds', 'model.simpler-model', 'model.comparison'],
  formats: ['eval-report', 'dvc', 'mlflow', 'sklearn-report', 'baseline report'],
  async run(ctx: EvalContext) {
    const cfg = ctx.config.model;
    const outcomes: TestOutcome[] = [];
    const tables: ReportTable[] = [];
    const ref = cfg?.['eval-report'];
    if (!cfg || !ref) return { outcomes };
    const file = normaliseRef(ref).path;
    // Our format, or one read directly from DVC, MLflow or scikit-learn output (importers).
    const loaded = await loadEvalReport(ctx, ref);
    importerNotes(ctx, loaded.notes, file);
    // With prediction files, thresholds and comparisons are checked on computed metrics (model-predictions).
    const fromReport = !cfg.predictions;
    const simplerFromReport = cfg['simpler-model'] && !cfg['simpler-model'].predictions;
    const wanted = [
      fromReport && (cfg.thresholds || cfg.comparison) ? 'infra-4' : null,
      simplerFromReport ? 'model-5' : null,
      fromReport && cfg.comparison ? 'monitor-7' : null,
    ].filter((t): t is 'infra-4' | 'model-5' | 'monitor-7' => t !== null);
    if (!loaded.ok) {
      // a report no other test reads still counts for monitor-5: unreadable, it is that test's error (not a silent pass)
      if (wanted.length === 0)
        ctx.store.recordNumericScan({ file, what: 'reported metrics', values: 0, nonFinite: [], error: loaded.message, line: loaded.line });
      for (const test of wanted)
        outcomes.push({
          test,
          checks: [{ name: file, status: 'error', message: loaded.message, file, line: loaded.line }],
          evidence: [file],
        });
      return { outcomes };
    }
    const report = loaded.value;
    const metricValues = Object.values(report.metrics).filter((v): v is number => v !== null).length;
    ctx.store.recordNumericScan({
      file,
      what: 'reported metrics',
      values: metricValues + loaded.nonFinite.length,
      nonFinite: loaded.nonFinite,
    });
    if (fromReport && cfg.thresholds)
      outcomes.push({ test: 'infra-4', checks: thresholdChecks(file, report, cfg.thresholds), evidence: [file] });
    const sm = cfg['simpler-model'];
    if (sm && simplerFromReport)
      outcomes.push({ test: 'model-5', checks: [simplerModelCheck(file, report, sm.metric, sm.margin)], evidence: [file] });
    if (fromReport && cfg.comparison) {
      const checks = pointComparisonChecks(ctx, file, report, cfg.comparison, (await import('./model-record.js')).modelRecordSchema);
      outcomes.push({ test: 'monitor-7', checks, evidence: [file] });
      outcomes.push({ test: 'infra-4', checks: checks.map((c) => ({ ...c })), evidence: [file] });
    }

    tables.push({
      id: 'model-metrics',
      title: `Model metrics: ${report.model.name}${report.model.version ? ` ${report.model.version}` : ''}`,
      tests: ['infra-4'],
      columns: ['metric', 'value', 'threshold', 'direction'],
      rows: Object.entries(report.metrics).map(([m, v]) => {
        const b = cfg.thresholds?.[m];
        const t = b ? boundText(b) : '';
        return [m, v, t, directionOf(m) === 'higher' ? 'higher is better' : 'lower is better'];
      }),
      note: `From ${file} (reported values).`,
      alwaysShow: true,
    });
    const record: ModelRecord = {
      model: { name: report.model.name, version: report.model.version, trainedAt: report.model.trainedAt },
      task: report.task,
      metrics: report.metrics,
      se: reportStandardErrors(report),
    };
    return { outcomes, tables, record };
  },
};
