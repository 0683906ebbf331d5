/**
 * monitor-7 (prediction quality has not regressed): the head model's computed metrics against the
 * base branch's model, judged as one family (Holm across `comparison.metrics` at the gate's
 * comparison alpha): against base predictions (paired by id, or independent sets), or against the
 * standard errors a baseline report carries when the base has no prediction files; and prediction
 * bias, overall and per slice (one family). Keeps the head's metrics and their standard errors as the
 * record the next run compares with.
 */
import type { Check, ReportTable } from '../../rubric/types.js';
import { metricRange } from '../../stats/model-eval.js';
import { bandVerdicts, boundText, type BandVerdict } from '../../stats/verdict.js';
import { fmt, fmtVersus } from '../../util/format.js';
import { sliceAnalysis } from '../model/slices.js';
import {
  comparisonCheck,
  deltaCell,
  familyText,
  judgeComparisons,
  mdeText,
  recordDelta,
  type ComparisonItem,
  type Judged,
} from '../shared/comparison-verdicts.js';
import {
  errorOutcomeFor,
  headInterval,
  headSe,
  headValue,
  memo,
  overallDelta,
  predictionRun,
  unknownMetric,
  type PredictionRun,
} from '../shared/prediction-run.js';
import { nullIfNaN, predictionsRecordSchema, withInterval, type PredictionsRecord } from '../shared/predictions.js';
import type { EvalContext, Evaluator } from '../types.js';

import { PREDICTIONS_EVALUATOR } from '../record-names.js';

export { PREDICTIONS_EVALUATOR };

function baselineRecord(ctx: EvalContext): PredictionsRecord | null {
  const raw = ctx.baseline?.records?.[PREDICTIONS_EVALUATOR];
  if (raw === undefined) return null;
  const r = predictionsRecordSchema.safeParse(raw);
  if (!r.success) {
    ctx.diagnostics.push({
      level: 'warning',
      message: `baseline report: records["${PREDICTIONS_EVALUATOR}"] is not in the expected form; ignoring it for the comparison`,
    });
    return null;
  }
  return r.data;
}

/** The item of one metric: from the base predictions, else from the baseline report's record; or the error check. */
function itemOf(ctx: EvalContext, run: PredictionRun, metric: string, rec: PredictionsRecord | null): ComparisonItem | Check | null {
  const tol = run.cfg.comparison?.['metric-tolerance']?.[metric] ?? run.cfg.comparison?.tolerance;
  if (run.comparison) {
    const d = overallDelta(run, metric);
    return d ? { d, tol } : null;
  }
  const baseLoad = run.baseLoad;
  if (baseLoad && !baseLoad.ok)
    return {
      name: `${metric} vs base`,
      status: 'error',
      message: `cannot compare with the base model: ${baseLoad.message}`,
      file: baseLoad.file,
      line: baseLoad.line,
    };
  if (rec && metric in rec.metrics) {
    const item = recordDelta(
      metric,
      headValue(run, metric),
      headSe(run, metric),
      rec.metrics[metric] ?? NaN,
      rec.se?.[metric] ?? undefined,
    );
    item.d.headInterval = headInterval(run, metric);
    return { ...item, tol };
  }
  return {
    name: `${metric} vs base`,
    status: 'error',
    message: `no base model to compare ${metric} with: set model.predictions.base (predictions of the base branch model) or provide a baseline report that has ${metric}; unmeasured is not a pass`,
    file: ctx.configFile,
  };
}

export interface BaseComparison {
  checks: Check[];
  judged: Judged[];
  table: ReportTable | null;
  /** The family's description (method lines and notes). */
  family: string;
}

function suspiciousCheck(j: Judged, sus: number | undefined, file: string): Check | null {
  if (sus === undefined || j.verdict === 'undefined') return null;
  const impLo = j.v.lo;
  if (!(impLo > sus)) return null;
  const t = fmtVersus(impLo, sus);
  return {
    name: `${j.d.metric} suspicious improvement`,
    status: 'warn',
    message: `${j.d.metric} improves by at least ${t.value} (interval bound) > ${t.threshold}: suspiciously large; check for leakage between training and eval data`,
    value: impLo,
    threshold: `improvement <= ${fmt(sus)}`,
    method: j.d.method,
    file,
  };
}

/** Every configured metric against the base, one family (computed once per run; infra-4 repeats the verdicts). */
export function baseComparison(ctx: EvalContext, run: PredictionRun): BaseComparison {
  return memo(run, 'base-comparison', () => {
    const cmp = run.cfg.comparison;
    if (!cmp) return { checks: [], judged: [], table: null, family: '' };
    const checks: Check[] = [];
    const items: ComparisonItem[] = [];
    const rec = run.base ? null : baselineRecord(ctx);
    for (const metric of cmp.metrics) {
      if (!run.names.includes(metric)) {
        checks.push(unknownMetric(metric, run.names, run.pc.file));
        continue;
      }
      const r = itemOf(ctx, run, metric, rec);
      if (r === null) continue;
      if ('status' in r) checks.push(r);
      else items.push(r);
    }
    const alpha = ctx.alpha('comparison');
    const judged = judgeComparisons(items, alpha, 'holm', cmp);
    const family = familyText('holm', judged.length, 'key metrics', alpha);
    for (const j of judged) {
      checks.push(comparisonCheck(j, run.head.n, family, run.pc.file));
      const sus = suspiciousCheck(j, cmp['suspicious-improvement'], run.pc.file);
      if (sus) checks.push(sus);
    }
    const table: ReportTable = {
      id: 'model-key-metrics',
      title: `Key metrics: head vs base (${run.pc.task})`,
      tests: ['infra-4', 'monitor-7'],
      columns: ['metric', 'base', 'head', 'delta [interval]', 'tolerance', 'MDE (80%)', 'verdict', 'method'],
      rows: judged.map((j) => [
        j.d.metric,
        withInterval(nullIfNaN(j.d.base), j.d.baseInterval),
        withInterval(nullIfNaN(j.d.head), j.d.headInterval),
        deltaCell(j),
        j.tolText,
        mdeText(j),
        j.verdict,
        `${j.d.method}${j.d.test ? `; ${j.d.test}` : ''}`,
      ]),
      note: `${run.base ? run.pairNote : 'no base predictions: against the baseline report'}; intervals of head - base at the level each verdict used (${family}); single-model intervals ${Math.round(run.settings.confidence * 100)}%; inconclusive -> ${cmp.inconclusive}.`,
      alwaysShow: true,
    };
    return { checks, judged, table, family };
  });
}

/** Overall prediction bias and, per slice of at least min-size rows, one family (Holm at the gate's bias alpha). */
function biasChecks(ctx: EvalContext, run: PredictionRun): Check[] {
  const { cfg, pc, head } = run;
  const pb = cfg['prediction-bias'];
  if (!pb) return [];
  if (pc.task !== 'binary' || !head.score) {
    return [
      {
        name: 'prediction bias',
        status: 'error',
        message: `prediction bias needs a binary task with a score column; ${pc.file} is ${pc.task}${head.score ? '' : ' without scores'}`,
        file: pc.file,
      },
    ];
  }
  const rows = [{ label: 'prediction bias', n: head.n, bias: headValue(run, 'prediction_bias'), se: headSe(run, 'prediction_bias') }];
  if (cfg.slices && pb.slices)
    for (const r of sliceAnalysis(ctx, run).biasRows()) rows.push({ label: `slice ${r.col}=${r.value}`, n: r.n, bias: r.bias, se: r.se });
  const alpha = ctx.alpha('bias');
  const vs = bandVerdicts(
    rows.map((r) => ({ estimate: r.bias, se: r.se, max: pb.max, range: metricRange('prediction_bias') })),
    alpha,
    'holm',
    1 - run.settings.confidence,
  );
  const family = familyText('holm', rows.length, 'prediction-bias checks', alpha);
  const inconclusive = cfg.comparison?.inconclusive ?? 'warn';
  return rows.map((r, i) => biasCheck(r, vs[i], pb.max, inconclusive, family, pc.file));
}

function biasCheck(
  r: { label: string; n: number; bias: number },
  v: BandVerdict,
  max: number,
  inconclusive: 'warn' | 'fail',
  family: string,
  file: string,
): Check {
  const name =
    r.label === 'prediction bias'
      ? `|prediction bias| <= ${fmt(max)}`
      : `${r.label.replace(/^slice /, '')}: |prediction bias| <= ${fmt(max)}`;
  const status = v.verdict === 'pass' ? 'pass' : v.verdict === 'inconclusive' ? inconclusive : 'fail';
  let words = 'undefined, which never passes';
  if (v.verdict !== 'undefined') {
    const band = `[-${fmt(max)}, ${fmt(max)}]`;
    const iv = `[${fmtVersus(v.lo, -max).value}, ${fmtVersus(v.hi, max).value}] (one-sided ${boundText(v.passLevel)} each)`;
    const edge = r.bias >= 0 ? max : -max;
    const fb = fmtVersus(v.failBound, edge);
    const near = `${r.bias >= 0 ? 'lower' : 'upper'} bound ${fb.value} at ${boundText(v.level)}`;
    words =
      v.verdict === 'fail'
        ? `outside ${band}: the ${near} ${r.bias >= 0 ? '>' : '<'} ${fb.threshold}`
        : v.verdict === 'pass'
          ? `the interval ${iv} lies within ${band}`
          : `inconclusive: the interval ${iv} is not within ${band}, and the ${near} is not outside it`;
  }
  return {
    name,
    status,
    message: `${r.label === 'prediction bias' ? 'prediction bias (mean score - positive rate)' : `${r.label} (n = ${r.n}): prediction bias`} = ${fmt(nullIfNaN(r.bias))}: ${words}`,
    value: nullIfNaN(r.bias),
    threshold: `|bias| <= ${fmt(max)}`,
    method: `mean predicted probability - observed positive rate; normal interval from per-example score - label (the positive rate varies too), clipped to [-1, 1]; outside the band: ${family}; within: one-sided ${boundText(v.passLevel)} each side`,
    file,
  };
}

/** The record the next run compares with: the head's values and their standard errors. */
function recordOf(ctx: EvalContext, run: PredictionRun): PredictionsRecord {
  return {
    task: run.pc.task,
    n: run.head.n,
    metrics: Object.fromEntries(run.names.map((m) => [m, nullIfNaN(headValue(run, m))])),
    se: Object.fromEntries(run.names.map((m) => [m, nullIfNaN(headSe(run, m))])),
    slices: run.cfg.slices ? sliceAnalysis(ctx, run).records : [],
  };
}

export const predictionQualityEvaluator: Evaluator = {
  name: PREDICTIONS_EVALUATOR,
  tests: ['monitor-7'],
  config: ['model.predictions', 'model.comparison', 'model.prediction-bias'],
  formats: ['prediction files (CSV, TSV, JSON Lines)', 'baseline report'],
  async run(ctx: EvalContext) {
    const a = await predictionRun(ctx);
    if (a.kind !== 'ok') return { outcomes: errorOutcomeFor(a, ctx.config.model, 'monitor-7') ?? [] };
    const run = a.run;
    const cmp = baseComparison(ctx, run);
    const checks = [...cmp.checks, ...biasChecks(ctx, run)];
    const tables: ReportTable[] = cmp.table ? [cmp.table] : [];
    const compact = comparisonsTable(ctx, run, cmp);
    if (compact) tables.push(compact);
    return {
      outcomes: checks.length ? [{ test: 'monitor-7', checks, evidence: run.evidence }] : [],
      tables,
      record: recordOf(ctx, run),
    };
  },
};

/** One compact table of every comparison (key metrics, then slices), worst verdicts first. */
function comparisonsTable(ctx: EvalContext, run: PredictionRun, cmp: BaseComparison): ReportTable | null {
  const slices = run.cfg.slices ? sliceAnalysis(ctx, run).comparisons : null;
  const rows: Array<{ j: Judged; slice: string }> = cmp.judged.map((j) => ({ j, slice: '(all rows)' }));
  if (slices) rows.push(...slices.rows);
  if (rows.length === 0) return null;
  const order = { fail: 0, undefined: 1, inconclusive: 2, pass: 3 };
  rows.sort((a, b) => order[a.j.verdict] - order[b.j.verdict]);
  const notes = [cmp.family ? `key metrics: ${cmp.family}` : '', slices && slices.rows.length ? `slices: ${slices.family}` : ''].filter(
    Boolean,
  );
  return {
    id: 'model-comparisons',
    title: 'Comparisons with the base model',
    tests: ['monitor-7', 'infra-4', ...(slices ? (['model-6'] as const) : [])],
    columns: ['slice', 'metric', 'base', 'head', 'delta [interval]', 'MDE (80%)', 'verdict'],
    rows: rows.map(({ j, slice }) => [
      slice,
      j.d.metric,
      fmt(nullIfNaN(j.d.base)),
      fmt(nullIfNaN(j.d.head)),
      deltaCell(j),
      mdeText(j),
      j.verdict,
    ]),
    note: `delta = head - base with the interval its verdict used (${notes.join('; ')}); MDE: the drop (or rise, for losses) caught in 80% of runs; methods in the key-metric and slice tables.`,
    alwaysShow: rows.some((r) => r.j.verdict !== 'pass'),
  };
}
