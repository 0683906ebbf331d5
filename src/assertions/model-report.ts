import { z } from 'zod';
import { evalReportSchema, type EvalReport } from '../schemas/eval-report.js';
import { EVAL_REPORT_VERSION } from '../schemas/eval-report.js';
import type { Check, ReportTable, TestOutcome } from '../rubric/types.js';
import { fmt, fmtDelta } from '../util/format.js';
import { nearest } from '../util/suggest.js';
import { directionOf, improvement } from './metric-direction.js';
import type { EvalContext, Evaluator } from './types.js';
import type { JsonFormat } from '../evidence/store.js';

export const EVAL_REPORT_FORMAT: JsonFormat<typeof evalReportSchema> = {
  name: 'evaluation report',
  schema: evalReportSchema,
  version: EVAL_REPORT_VERSION,
};

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
    const want = [bound.min !== undefined ? `>= ${fmt(bound.min)}` : '', bound.max !== undefined ? `<= ${fmt(bound.max)}` : '']
      .filter(Boolean)
      .join(' and ');
    if (v === null) {
      checks.push({ name: metric, status: 'fail', message: `${metric} is undefined (null or NaN in ${file}); an undefined metric never passes ${want}`, value: null, threshold: want, file });
      continue;
    }
    const ok = (bound.min === undefined || v >= bound.min) && (bound.max === undefined || v <= bound.max);
    checks.push({
      name: `${metric} ${want}`,
      status: ok ? 'pass' : 'fail',
      message: `${metric} = ${fmt(v)} ${ok ? 'meets' : 'violates'} ${want}`,
      value: v,
      threshold: want,
      method: 'reported value',
      file,
    });
  }
  return checks;
}

/** model-5: the candidate must beat a simpler model on the key metric by a margin. */
export function simplerModelCheck(file: string, report: EvalReport, metric: string, margin: number): Check {
  const simple = report.baselineModel;
  if (!simple) {
    return { name: 'simpler model', status: 'error', message: `${file} has no baselineModel section; add the simpler model's metrics (e.g. a logistic regression on a few features)`, file };
  }
  if (!(metric in report.metrics)) return { name: metric, status: 'error', message: metricMissing(file, metric, report), file };
  const head = report.metrics[metric];
  const base = simple.metrics[metric];
  if (base === undefined) return { name: metric, status: 'error', message: `${file}: baselineModel.metrics has no "${metric}"`, file };
  if (head === null || base === null) {
    return { name: metric, status: 'fail', message: `${metric} is undefined for the ${head === null ? 'candidate' : 'simpler model'}; the comparison cannot pass`, value: null, file };
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

/** Thresholds (infra-4) and the simpler-model comparison (model-5) from an evaluation report. */
export const modelReportEvaluator: Evaluator = {
  name: 'model',
  async run(ctx: EvalContext) {
    const cfg = ctx.config.model;
    const outcomes: TestOutcome[] = [];
    const tables: ReportTable[] = [];
    const file = cfg?.['eval-report'];
    if (!cfg || !file) return { outcomes };
    const loaded = await ctx.store.json(file, EVAL_REPORT_FORMAT);
    const wanted = [cfg.thresholds ? 'infra-4' : null, cfg['simpler-model'] ? 'model-5' : null].filter((t): t is 'infra-4' | 'model-5' => t !== null);
    if (!loaded.ok) {
      for (const test of wanted) outcomes.push({ test, checks: [{ name: file, status: 'error', message: loaded.message, file, line: loaded.line }], evidence: [file] });
      return { outcomes };
    }
    const report = loaded.value;
    const metricValues = Object.values(report.metrics).filter((v): v is number => v !== null).length;
    ctx.store.recordNumericScan({ file, what: 'reported metrics', values: metricValues + loaded.nonFinite.length, nonFinite: loaded.nonFinite });
    if (cfg.thresholds) outcomes.push({ test: 'infra-4', checks: thresholdChecks(file, report, cfg.thresholds), evidence: [file] });
    const sm = cfg['simpler-model'];
    if (sm) outcomes.push({ test: 'model-5', checks: [simplerModelCheck(file, report, sm.metric, sm.margin)], evidence: [file] });

    tables.push({
      id: 'model-metrics',
      title: `Model metrics: ${report.model.name}${report.model.version ? ` ${report.model.version}` : ''}`,
      tests: ['infra-4'],
      columns: ['metric', 'value', 'threshold', 'direction'],
      rows: Object.entries(report.metrics).map(([m, v]) => {
        const b = cfg.thresholds?.[m];
        const t = b ? [b.min !== undefined ? `>= ${fmt(b.min)}` : '', b.max !== undefined ? `<= ${fmt(b.max)}` : ''].filter(Boolean).join(' and ') : '';
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
