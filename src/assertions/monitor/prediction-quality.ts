/**
 * monitor-7 (prediction quality has not regressed): the head model's computed metrics against the
 * base branch's model, with intervals (paired bootstrap, McNemar, DeLong), or against the baseline
 * report's point values when the base has no prediction files; and prediction bias, overall and per
 * slice. Keeps the head's metrics as the record the next run compares with.
 */
import type { Check, CheckStatus, ReportTable } from '../../rubric/types.js';
import type { ComparisonConfig } from '../../schemas/config/model.js';
import type { DeltaResult } from '../../stats/model-eval.js';
import { allowedDrop, describeTolerance, intervalVerdict, pointVerdict, type Verdict } from '../../stats/verdict.js';
import { fmt, fmtDelta } from '../../util/format.js';
import { sliceAnalysis } from '../model/slices.js';
import {
  biasVerdict,
  errorOutcomeFor,
  headInterval,
  headValue,
  ivText,
  memo,
  overallDelta,
  predictionRun,
  sign,
  unknownMetric,
  type PredictionRun,
} from '../shared/prediction-run.js';
import { nullIfNaN, predictionsRecordSchema, withInterval, type PredictionsRecord } from '../shared/predictions.js';
import type { EvalContext, Evaluator } from '../types.js';

export const PREDICTIONS_EVALUATOR = 'model-predictions';

interface Verdicted {
  status: CheckStatus;
  verdict: Verdict;
  allowed: number;
  impLo: number;
  impHi: number;
}

function judge(d: DeltaResult, cmp: ComparisonConfig | undefined, pointOnly: boolean): Verdicted {
  const tol = cmp?.['metric-tolerance']?.[d.metric] ?? cmp?.tolerance;
  const allowed = allowedDrop(tol, d.base);
  const sg = sign(d.metric);
  const impLo = sg === 1 ? d.lo : -d.hi;
  const impHi = sg === 1 ? d.hi : -d.lo;
  const verdict = pointOnly
    ? pointVerdict(sg * d.delta, allowed)
    : Number.isNaN(d.delta)
      ? 'undefined'
      : intervalVerdict(impLo, impHi, allowed);
  const status: CheckStatus =
    verdict === 'pass' ? 'pass' : verdict === 'inconclusive' ? (cmp?.inconclusive === 'fail' ? 'fail' : 'warn') : 'fail';
  return { status, verdict, allowed, impLo, impHi };
}

function verdictWords(v: Verdicted, tolText: string, pointOnly: boolean, d: DeltaResult): string {
  if (v.verdict === 'undefined')
    return `is undefined (${Number.isNaN(d.head) ? 'head' : 'base'} value undefined or no interval); an undefined comparison never passes`;
  if (v.verdict === 'fail')
    return pointOnly ? `drops beyond the tolerance (${tolText})` : `the interval shows a drop beyond the tolerance (${tolText})`;
  if (v.verdict === 'pass')
    return pointOnly ? `is within the tolerance (${tolText})` : `the interval excludes a drop beyond the tolerance (${tolText})`;
  return `inconclusive: the interval includes both no change and a drop beyond the tolerance (${tolText})`;
}

function suspiciousCheck(d: DeltaResult, v: Verdicted, sus: number | undefined, file: string, pointOnly: boolean): Check | null {
  if (sus !== undefined && !pointOnly && v.impLo > sus) {
    return {
      name: `${d.metric} suspicious improvement`,
      status: 'warn',
      message: `${d.metric} improves by at least ${fmt(v.impLo)} (interval lower bound) > ${fmt(sus)}: suspiciously large; check for leakage between training and eval data`,
      value: v.impLo,
      threshold: `improvement <= ${fmt(sus)}`,
      method: d.method,
      file,
    };
  }
  if (sus !== undefined && pointOnly && sign(d.metric) * d.delta > sus) {
    return {
      name: `${d.metric} suspicious improvement`,
      status: 'warn',
      message: `${d.metric} improves by ${fmt(sign(d.metric) * d.delta)} > ${fmt(sus)}: suspiciously large; check for leakage`,
      value: sign(d.metric) * d.delta,
      threshold: `improvement <= ${fmt(sus)}`,
      method: 'point values',
      file,
    };
  }
  return null;
}

function comparisonChecks(d: DeltaResult, v: Verdicted, cmp: ComparisonConfig | undefined, file: string, pointOnly: boolean): Check[] {
  const tolText = describeTolerance(cmp?.['metric-tolerance']?.[d.metric] ?? cmp?.tolerance, v.allowed);
  const dir = sign(d.metric) === 1 ? 'higher is better' : 'lower is better';
  const iv = pointOnly || Number.isNaN(d.lo) ? '' : ` [${fmtDelta(d.lo)}, ${fmtDelta(d.hi)}]`;
  const checks: Check[] = [
    {
      name: `${d.metric} vs base`,
      status: v.status,
      message: `${d.metric}: base ${fmt(nullIfNaN(d.base))}, head ${fmt(nullIfNaN(d.head))}, delta ${fmtDelta(nullIfNaN(d.delta))}${iv} (${dir}): ${verdictWords(v, tolText, pointOnly, d)}${d.test ? `; ${d.test}` : ''}${pointOnly ? '; point values only (the base branch has aggregated metrics, no predictions), no interval' : ''}`,
      value: nullIfNaN(d.delta),
      threshold: tolText,
      method: pointOnly ? 'point values (aggregated metrics only)' : d.method,
      file,
    },
  ];
  const sus = suspiciousCheck(d, v, cmp?.['suspicious-improvement'], file, pointOnly);
  if (sus) checks.push(sus);
  return checks;
}

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

/** The delta of one metric: from the base predictions, else from the baseline report's record (point values); or the error check. */
function deltaOf(
  ctx: EvalContext,
  run: PredictionRun,
  metric: string,
  rec: PredictionsRecord | null,
): { d: DeltaResult; pointOnly: boolean } | Check | null {
  if (run.comparison) {
    const d = overallDelta(run, metric);
    return d ? { d, pointOnly: false } : null;
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
    const bv = rec.metrics[metric];
    const hv = headValue(run, metric);
    return {
      d: {
        metric,
        group: 0,
        base: bv ?? NaN,
        head: hv,
        delta: hv - (bv ?? NaN),
        lo: NaN,
        hi: NaN,
        method: 'point values',
        headInterval: headInterval(run, metric),
        baseInterval: null,
      },
      pointOnly: true,
    };
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
  table: ReportTable | null;
}

/** Every configured metric against the base (computed once per run; infra-4 repeats the verdicts). */
export function baseComparison(ctx: EvalContext, run: PredictionRun): BaseComparison {
  return memo(run, 'base-comparison', () => {
    const cmp = run.cfg.comparison;
    if (!cmp) return { checks: [], table: null };
    const { pc, names } = run;
    const checks: Check[] = [];
    const rows: ReportTable['rows'] = [];
    const rec = run.base ? null : baselineRecord(ctx);
    for (const metric of cmp.metrics) {
      if (!names.includes(metric)) {
        checks.push(unknownMetric(metric, names, pc.file));
        continue;
      }
      const r = deltaOf(ctx, run, metric, rec);
      if (r === null) continue;
      if ('status' in r) {
        checks.push(r);
        continue;
      }
      const { d, pointOnly } = r;
      const v = judge(d, cmp, pointOnly);
      checks.push(...comparisonChecks(d, v, cmp, pc.file, pointOnly));
      rows.push([
        metric,
        withInterval(nullIfNaN(d.base), d.baseInterval),
        withInterval(nullIfNaN(d.head), d.headInterval),
        `${fmtDelta(nullIfNaN(d.delta))} ${pointOnly ? '(point)' : ivText(d.lo, d.hi)}`.trim(),
        describeTolerance(cmp['metric-tolerance']?.[metric] ?? cmp.tolerance, v.allowed),
        v.verdict,
        pointOnly ? 'point values' : `${d.method}${d.test ? `; ${d.test}` : ''}`,
      ]);
    }
    const table: ReportTable = {
      id: 'model-key-metrics',
      title: `Key metrics: head vs base (${pc.task})`,
      tests: ['infra-4', 'monitor-7'],
      columns: ['metric', 'base', 'head', 'delta [interval]', 'tolerance', 'verdict', 'method'],
      rows,
      note: `${run.base ? run.pairNote : 'no base predictions'}; confidence ${run.settings.confidence}; inconclusive -> ${cmp.inconclusive}.`,
      alwaysShow: true,
    };
    return { checks, table };
  });
}

/** Overall prediction bias (binary with scores), then per slice when asked. */
function biasChecks(run: PredictionRun): Check[] {
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
  const bias = headValue(run, 'prediction_bias');
  const iv = headInterval(run, 'prediction_bias');
  const inconclusive = cfg.comparison?.inconclusive ?? 'warn';
  const v = biasVerdict(bias, iv, pb.max, inconclusive);
  const checks: Check[] = [
    {
      name: `|prediction bias| <= ${fmt(pb.max)}`,
      status: v.status,
      message: `prediction bias (mean score - positive rate) = ${withInterval(nullIfNaN(bias), iv)}: ${v.words} +-${fmt(pb.max)}`,
      value: nullIfNaN(bias),
      threshold: `|bias| <= ${fmt(pb.max)}`,
      method: `mean predicted probability - observed positive rate${iv ? `; interval: ${iv.method}` : ' (point value: no interval)'}`,
      file: pc.file,
    },
  ];
  if (cfg.slices && pb.slices) checks.push(...sliceAnalysis(run).biasChecks(pb.max, inconclusive));
  return checks;
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
    const checks = [...cmp.checks, ...biasChecks(run)];
    const record: PredictionsRecord = {
      task: run.pc.task,
      n: run.head.n,
      metrics: Object.fromEntries(run.names.map((m) => [m, nullIfNaN(headValue(run, m))])),
      slices: run.cfg.slices ? sliceAnalysis(run).records : [],
    };
    return {
      outcomes: checks.length ? [{ test: 'monitor-7', checks, evidence: run.evidence }] : [],
      tables: cmp.table ? [cmp.table] : [],
      record,
    };
  },
};
