import * as z from 'zod';
import type { EvalReport } from '../../schemas/eval-report.js';
import type { Check, ReportTable, TestOutcome } from '../../rubric/types.js';
import { fmt, fmtDelta } from '../../util/format.js';
import { nearest } from '../../util/suggest.js';
import { boundCheck, boundText } from '../shared/metric-bounds.js';
import { directionOf, improvement } from '../shared/metric-direction.js';
import type { EvalContext, Evaluator } from '../types.js';
import { loadEvalReport } from '../../importers/evidence.js';
import { normaliseRef } from '../../schemas/evidence-refs.js';
import type { ComparisonConfig } from '../../schemas/config/model.js';
import { allowedDrop, describeTolerance, pointVerdict } from '../../stats/verdict.js';
export { EVAL_REPORT_JSON as EVAL_REPORT_FORMAT } from '../../importers/evidence.js';

/** What this evaluator keeps in the JSON report, for the next run's comparison. */
export const modelRecordSchema = z.object({
  model: z.object({ name: z.string(), version: z.string().optional(), trainedAt: z.string().optional() }),
  task: z.string(),
  metrics: z.record(z.string(), z.number().nullable()),
});

export type ModelRecord = z.infer<typeof modelRecordSchema>;

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
        shown: fmt(v ?? NaN),
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
    message: `${metric}: candidate ${fmt(head)} vs simpler model "${simple.name}" ${fmt(base)}: gain ${fmtDelta(gain)} (${dir} is better) ${ok ? '>=' : '<'} margin ${fmt(margin)}`,
    value: gain,
    threshold: `gain >= ${fmt(margin)}`,
    method: 'reported values',
    file,
  };
}

/**
 * Change vs the base branch with aggregated metrics only: the baseline report's record of this
 * evaluator holds the base model's metrics; point values are compared, and the message says so.
 */
export function pointComparisonChecks(ctx: EvalContext, file: string, report: EvalReport, cmp: ComparisonConfig): Check[] {
  const raw = ctx.baseline?.records?.['model'];
  const parsed = raw === undefined ? null : modelRecordSchema.safeParse(raw);
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
  return cmp.metrics.map((m): Check => {
    if (!(m in report.metrics)) return { name: `${m} vs base`, status: 'error', message: metricMissing(file, m, report), file };
    const head = report.metrics[m];
    const base = baseMetrics[m];
    if (head === null || base === null || base === undefined) {
      return {
        name: `${m} vs base`,
        status: 'fail',
        message: `${m}: ${base === undefined ? 'the base branch report has no such metric' : 'undefined value'}; the comparison cannot pass`,
        value: null,
        file,
      };
    }
    const tol = cmp['metric-tolerance']?.[m] ?? cmp.tolerance;
    const allowed = allowedDrop(tol, base);
    const gain = improvement(m, head, base);
    const v = pointVerdict(gain, allowed);
    const tolText = describeTolerance(tol, allowed);
    return {
      name: `${m} vs base`,
      status: v === 'pass' ? 'pass' : 'fail',
      message: `${m}: base ${fmt(base)}, head ${fmt(head)}, delta ${fmtDelta(head - base)}: ${v === 'pass' ? 'within' : 'a drop beyond'} the tolerance (${tolText}); point values only: aggregated metrics, no interval (noise can flip this; give prediction files for intervals)`,
      value: head - base,
      threshold: tolText,
      method: 'point values (aggregated metrics only)',
      file,
    };
  });
}

/** Thresholds (infra-4) and the simpler-model comparison (model-5) from an evaluation report. */
export const reportedMetricsEvaluator: Evaluator = {
  name: 'model',
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
    for (const note of loaded.notes) ctx.diagnostics.push({ level: 'notice', message: note, file });
    // With prediction files, thresholds and comparisons are checked on computed metrics (model-predictions).
    const fromReport = !cfg.predictions;
    const simplerFromReport = cfg['simpler-model'] && !cfg['simpler-model'].predictions;
    const wanted = [
      fromReport && (cfg.thresholds || cfg.comparison) ? 'infra-4' : null,
      simplerFromReport ? 'model-5' : null,
      fromReport && cfg.comparison ? 'monitor-7' : null,
    ].filter((t): t is 'infra-4' | 'model-5' | 'monitor-7' => t !== null);
    if (!loaded.ok) {
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
      const checks = pointComparisonChecks(ctx, file, report, cfg.comparison);
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
    };
    return { outcomes, tables, record };
  },
};
