/**
 * infra-1 (training is reproducible): two trainings on the same data agree, on aggregate metrics
 * (eval reports or computed from predictions) and per example (prediction files paired by id).
 */
import { pairById, type Predictions } from '../../evidence/predictions.js';
import type { Check, ReportTable } from '../../rubric/types.js';
import type { ModelConfig } from '../../schemas/config/model.js';
import { MetricSet, type EvalSettings } from '../../stats/model-eval.js';
import { fmt, fmtVersus } from '../../util/format.js';
import { EVAL_REPORT_FORMAT } from './reported-metrics.js';
import { loadOnce, nullIfNaN, specOf } from '../shared/predictions.js';
import type { EvalContext, Evaluator } from '../types.js';

/** Largest per-example difference between two runs' predictions (paired by id). */
export function perExampleDiff(a: Predictions, b: Predictions, baseRow: Int32Array): { max: number; over: (tol: number) => number } {
  const n = b.n;
  const diffs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = baseRow[i];
    let d = 0;
    if (b.score && a.score) d = Math.abs(b.score[i] - a.score[j]);
    else if (b.probs && a.probs) {
      const k = b.classes.length;
      for (let c = 0; c < k; c++) d = Math.max(d, Math.abs(b.probs[i * k + c] - a.probs[j * k + c]));
    } else if (b.predValue && a.predValue) d = Math.abs(b.predValue[i] - a.predValue[j]);
    else if (b.predClass && a.predClass) d = b.predClass[i] === a.predClass[j] ? 0 : Infinity;
    diffs[i] = d;
  }
  let max = 0;
  for (const d of diffs) if (d > max) max = d;
  return { max, over: (tol) => diffs.reduce((s, d) => s + (d > tol ? 1 : 0), 0) };
}

type Rows = ReportTable['rows'];

/** Two eval reports of the same training: every metric they share agrees within the tolerance. */
async function reportChecks(
  ctx: EvalContext,
  files: readonly [string, string] | string[],
  tol: number,
  checks: Check[],
  rows: Rows,
  evidence: string[],
): Promise<void> {
  const [fa, fb] = files;
  evidence.push(fa, fb);
  const [a, b] = await Promise.all([ctx.store.json(fa, EVAL_REPORT_FORMAT), ctx.store.json(fb, EVAL_REPORT_FORMAT)]);
  if (!a.ok || !b.ok) {
    for (const l of [a, b]) if (!l.ok) checks.push({ name: l.file, status: 'error', message: l.message, file: l.file, line: l.line });
  } else {
    const common = Object.keys(a.value.metrics).filter((m) => m in b.value.metrics);
    if (common.length === 0)
      checks.push({ name: 'metrics', status: 'error', message: `${fa} and ${fb} have no metric in common`, file: fb });
    for (const m of common) {
      const va = a.value.metrics[m];
      const vb = b.value.metrics[m];
      const d = va === null || vb === null ? null : Math.abs(vb - va);
      const ok = d !== null && d <= tol;
      checks.push({
        name: `${m}: run 1 vs run 2`,
        status: ok ? 'pass' : 'fail',
        message:
          d === null
            ? `${m} is undefined in ${va === null ? fa : fb}; reproducibility cannot be shown`
            : `${m}: run 1 ${fmt(va)}, run 2 ${fmt(vb)}, |difference| ${fmtVersus(d, tol).value} ${ok ? '<=' : '>'} ${fmtVersus(d, tol).threshold}`,
        value: d,
        threshold: `|difference| <= ${fmt(tol)}`,
        method: 'reported values of two trainings',
        file: fb,
      });
      rows.push([m, va, vb, d, ok ? 'ok' : 'differs']);
    }
  }
}

/** Two prediction files of the same training: per-example agreement (paired by id) and the metrics computed from both. */
async function predictionChecks(
  ctx: EvalContext,
  cfg: ModelConfig,
  files: readonly [string, string] | string[],
  checks: Check[],
  rows: Rows,
  evidence: string[],
): Promise<void> {
  const pc = cfg.predictions;
  const [fa, fb] = files;
  const rc = cfg.reproducibility!;
  const tol = rc['metric-tolerance'];
  evidence.push(fa, fb);
  if (!pc) {
    checks.push({
      name: 'predictions',
      status: 'error',
      message: 'model.reproducibility.predictions uses the columns of model.predictions; configure model.predictions',
      file: ctx.configFile,
    });
  } else {
    const spec = specOf(pc, []);
    const [a, b] = await Promise.all([loadOnce(ctx, fa, spec), loadOnce(ctx, fb, spec)]);
    if (!a.ok || !b.ok) {
      for (const l of [a, b]) if (!l.ok) checks.push({ name: l.file, status: 'error', message: l.message, file: l.file, line: l.line });
    } else if (a.pred.nonFiniteCount + b.pred.nonFiniteCount > 0) {
      checks.push({
        name: 'predictions',
        status: 'error',
        message: `NaN/infinity in ${a.pred.nonFiniteCount ? fa : fb}; per-example agreement is not computed (see monitor-5)`,
        file: a.pred.nonFiniteCount ? fa : fb,
      });
    } else {
      try {
        const { baseRow } = pairById(a.pred, b.pred);
        const pt = rc['prediction-tolerance'];
        const diff = perExampleDiff(a.pred, b.pred, baseRow);
        const over = diff.over(pt);
        const share = over / b.pred.n;
        const ok = share <= rc['max-differing-share'];
        checks.push({
          name: 'per-example predictions',
          status: ok ? 'pass' : 'fail',
          message: `${over} of ${b.pred.n} examples (${fmt(share * 100)}%) differ by more than ${fmt(pt)} between the runs (largest difference ${fmt(diff.max)}); allowed share ${fmt(rc['max-differing-share'] * 100)}%`,
          value: share,
          threshold: `share <= ${fmt(rc['max-differing-share'])}`,
          method: 'max |score difference| per example, paired by id',
          file: fb,
        });
        const s: EvalSettings = { threshold: pc.threshold, eceBins: pc['ece-bins'], confidence: 0.95, resamples: 200, seed: 42 };
        const ma = new MetricSet(a.pred, null, s).evaluate();
        const mb = new MetricSet(b.pred, null, s);
        const vb = mb.evaluate();
        mb.names.forEach((m, k) => {
          const d = Math.abs(vb[k] - ma[k]);
          const ok2 = !Number.isNaN(d) && d <= tol;
          checks.push({
            name: `${m}: run 1 vs run 2 (computed)`,
            status: ok2 ? 'pass' : 'fail',
            message: Number.isNaN(d)
              ? `${m} is undefined for one run; reproducibility cannot be shown`
              : `${m}: run 1 ${fmt(ma[k])}, run 2 ${fmt(vb[k])}, |difference| ${fmtVersus(d, tol).value} ${ok2 ? '<=' : '>'} ${fmtVersus(d, tol).threshold}`,
            value: nullIfNaN(d),
            threshold: `|difference| <= ${fmt(tol)}`,
            method: 'metrics computed from both prediction files',
            file: fb,
          });
          rows.push([`${m} (computed)`, nullIfNaN(ma[k]), nullIfNaN(vb[k]), nullIfNaN(d), ok2 ? 'ok' : 'differs']);
        });
      } catch (e) {
        checks.push({ name: 'pairing', status: 'error', message: (e as Error).message, file: fb });
      }
    }
  }
}

export const reproducibilityEvaluator: Evaluator = {
  name: 'model-reproducibility',
  tests: ['infra-1'],
  config: ['model.reproducibility', 'model.predictions'],
  formats: ['eval-report', 'prediction files (CSV, TSV, JSON Lines)'],
  async run(ctx: EvalContext) {
    const cfg = ctx.config.model;
    const rc = cfg?.reproducibility;
    if (!cfg || !rc) return { outcomes: [] };
    const checks: Check[] = [];
    const tables: ReportTable[] = [];
    const evidence: string[] = [];
    const tol = rc['metric-tolerance'];
    const rows: ReportTable['rows'] = [];
    if (!rc['eval-reports'] && !rc.predictions) {
      checks.push({
        name: 'reproducibility',
        status: 'error',
        message: 'model.reproducibility needs eval-reports or predictions of two training runs',
        file: ctx.configFile,
      });
    }
    if (rc['eval-reports']) await reportChecks(ctx, rc['eval-reports'], tol, checks, rows, evidence);
    if (rc.predictions) await predictionChecks(ctx, cfg, rc.predictions, checks, rows, evidence);
    tables.push({
      id: 'model-reproducibility',
      title: 'Reproducibility: two trainings',
      tests: ['infra-1'],
      columns: ['metric', 'run 1', 'run 2', '|difference|', 'status'],
      rows,
      note: `metric tolerance ${fmt(tol)}`,
      alwaysShow: true,
    });
    return { outcomes: [{ test: 'infra-1', checks, evidence }], tables };
  },
};
