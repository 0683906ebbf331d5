/**
 * infra-1 (training is reproducible): two trainings on the same data agree, on aggregate metrics
 * (eval reports or computed from predictions) and per example (prediction files paired by id).
 * model-5 with prediction files: the candidate beats a simpler model's predictions on the key metric.
 */
import { pairById, type Predictions } from '../evidence/predictions.js';
import type { Check, ReportTable } from '../rubric/types.js';
import { compareSets, MetricSet, type EvalSettings } from '../stats/model-eval.js';
import { intervalVerdict } from '../stats/verdict.js';
import { fmt, fmtDelta } from '../util/format.js';
import { directionOf } from './metric-direction.js';
import { EVAL_REPORT_FORMAT } from './model-report.js';
import { loadOnce, nn, specOf } from './model-shared.js';
import type { EvalContext, Evaluator } from './types.js';

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

export const modelReproducibilityEvaluator: Evaluator = {
  name: 'model-reproducibility',
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
      checks.push({ name: 'reproducibility', status: 'error', message: 'model.reproducibility needs eval-reports or predictions of two training runs', file: ctx.configFile });
    }
    if (rc['eval-reports']) {
      const [fa, fb] = rc['eval-reports'];
      evidence.push(fa, fb);
      const [a, b] = await Promise.all([ctx.store.json(fa, EVAL_REPORT_FORMAT), ctx.store.json(fb, EVAL_REPORT_FORMAT)]);
      if (!a.ok || !b.ok) {
        for (const l of [a, b]) if (!l.ok) checks.push({ name: l.file, status: 'error', message: l.message, file: l.file, line: l.line });
      } else {
        const common = Object.keys(a.value.metrics).filter((m) => m in b.value.metrics);
        if (common.length === 0) checks.push({ name: 'metrics', status: 'error', message: `${fa} and ${fb} have no metric in common`, file: fb });
        for (const m of common) {
          const va = a.value.metrics[m];
          const vb = b.value.metrics[m];
          const d = va === null || vb === null ? null : Math.abs(vb - va);
          const ok = d !== null && d <= tol;
          checks.push({
            name: `${m}: run 1 vs run 2`,
            status: ok ? 'pass' : 'fail',
            message: d === null ? `${m} is undefined in ${va === null ? fa : fb}; reproducibility cannot be shown` : `${m}: run 1 ${fmt(va)}, run 2 ${fmt(vb)}, |difference| ${fmt(d)} ${ok ? '<=' : '>'} ${fmt(tol)}`,
            value: d,
            threshold: `|difference| <= ${fmt(tol)}`,
            method: 'reported values of two trainings',
            file: fb,
          });
          rows.push([m, va, vb, d, ok ? 'ok' : 'differs']);
        }
      }
    }
    if (rc.predictions) {
      const pc = cfg.predictions;
      const [fa, fb] = rc.predictions;
      evidence.push(fa, fb);
      if (!pc) {
        checks.push({ name: 'predictions', status: 'error', message: 'model.reproducibility.predictions uses the columns of model.predictions; configure model.predictions', file: ctx.configFile });
      } else {
        const spec = specOf(pc, []);
        const [a, b] = await Promise.all([loadOnce(ctx, fa, spec), loadOnce(ctx, fb, spec)]);
        if (!a.ok || !b.ok) {
          for (const l of [a, b]) if (!l.ok) checks.push({ name: l.file, status: 'error', message: l.message, file: l.file, line: l.line });
        } else if (a.pred.nonFiniteCount + b.pred.nonFiniteCount > 0) {
          checks.push({ name: 'predictions', status: 'error', message: `NaN/infinity in ${a.pred.nonFiniteCount ? fa : fb}; per-example agreement is not computed (see monitor-5)`, file: a.pred.nonFiniteCount ? fa : fb });
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
                message: Number.isNaN(d) ? `${m} is undefined for one run; reproducibility cannot be shown` : `${m}: run 1 ${fmt(ma[k])}, run 2 ${fmt(vb[k])}, |difference| ${fmt(d)} ${ok2 ? '<=' : '>'} ${fmt(tol)}`,
                value: nn(d),
                threshold: `|difference| <= ${fmt(tol)}`,
                method: 'metrics computed from both prediction files',
                file: fb,
              });
              rows.push([`${m} (computed)`, nn(ma[k]), nn(vb[k]), nn(d), ok2 ? 'ok' : 'differs']);
            });
          } catch (e) {
            checks.push({ name: 'pairing', status: 'error', message: (e as Error).message, file: fb });
          }
        }
      }
    }
    tables.push({ id: 'model-reproducibility', title: 'Reproducibility: two trainings', tests: ['infra-1'], columns: ['metric', 'run 1', 'run 2', '|difference|', 'status'], rows, note: `metric tolerance ${fmt(tol)}`, alwaysShow: true });
    return { outcomes: [{ test: 'infra-1', checks, evidence }], tables };
  },
};

export const modelSimplerEvaluator: Evaluator = {
  name: 'model-simpler',
  async run(ctx: EvalContext) {
    const cfg = ctx.config.model;
    const sm = cfg?.['simpler-model'];
    const pc = cfg?.predictions;
    if (!cfg || !sm?.predictions) return { outcomes: [] };
    const evidence = [sm.predictions, ...(pc ? [pc.file] : [])];
    if (!pc) {
      return { outcomes: [{ test: 'model-5', checks: [{ name: 'simpler model', status: 'error', message: 'simpler-model.predictions uses the columns of model.predictions; configure model.predictions', file: ctx.configFile }], evidence }] };
    }
    const spec = specOf(pc, []);
    const [h, b] = await Promise.all([loadOnce(ctx, pc.file, spec), loadOnce(ctx, sm.predictions, spec)]);
    const bad = [h, b].filter((l) => !l.ok);
    if (bad.length) return { outcomes: [{ test: 'model-5', checks: bad.map((l) => ({ name: l.file, status: 'error' as const, message: (l as { message: string }).message, file: l.file })), evidence }] };
    const head = (h as { pred: Predictions }).pred;
    const simple = (b as { pred: Predictions }).pred;
    if (head.nonFiniteCount + simple.nonFiniteCount > 0) {
      return { outcomes: [{ test: 'model-5', checks: [{ name: 'simpler model', status: 'error', message: 'NaN/infinity in the prediction files; the comparison is not computed (see monitor-5)', file: sm.predictions }], evidence }] };
    }
    const s: EvalSettings = { threshold: pc.threshold, eceBins: pc['ece-bins'], confidence: cfg.comparison?.confidence ?? 0.95, resamples: cfg.comparison?.resamples ?? 1000, seed: cfg.comparison?.seed ?? 42 };
    let baseRow: Int32Array | null = null;
    try {
      if (head.ids && simple.ids) baseRow = pairById(simple, head).baseRow;
    } catch (e) {
      return { outcomes: [{ test: 'model-5', checks: [{ name: 'pairing', status: 'error', message: (e as Error).message, file: sm.predictions }], evidence }] };
    }
    const hs = new MetricSet(head, null, s);
    if (!hs.names.includes(sm.metric)) {
      return { outcomes: [{ test: 'model-5', checks: [{ name: sm.metric, status: 'error', message: `metric "${sm.metric}" cannot be computed from ${pc.file}; available: ${hs.names.join(', ')}`, file: ctx.configFile }], evidence }] };
    }
    const cmp = compareSets(hs, new MetricSet(simple, null, s), [sm.metric], baseRow, s);
    const d = cmp.deltas[0];
    const sg = directionOf(sm.metric) === 'higher' ? 1 : -1;
    const lo = sg === 1 ? d.lo : -d.hi;
    const hi = sg === 1 ? d.hi : -d.lo;
    // gain must reach the margin: shift by the margin and require no "drop" below 0
    const v = Number.isNaN(d.delta) ? 'undefined' : intervalVerdict(lo - sm.margin, hi - sm.margin, 0);
    const status = v === 'pass' ? 'pass' : v === 'inconclusive' ? (cfg.comparison?.inconclusive === 'fail' ? 'fail' : 'warn') : 'fail';
    const check: Check = {
      name: `${sm.metric} vs simpler model`,
      status,
      message: `${sm.metric}: candidate ${fmt(nn(d.head))}, simpler model ${fmt(nn(d.base))}, gain ${fmtDelta(nn(sg * d.delta))} [${fmtDelta(nn(lo))}, ${fmtDelta(nn(hi))}] vs margin ${fmt(sm.margin)}: ${v === 'pass' ? 'the candidate is better by at least the margin' : v === 'fail' ? 'the simpler model is as good or better (the interval is below the margin)' : v === 'undefined' ? 'undefined; never passes' : 'inconclusive (the interval contains the margin)'}${d.test ? `; ${d.test}` : ''}`,
      value: nn(sg * d.delta),
      threshold: `gain >= ${fmt(sm.margin)}`,
      method: d.method,
      file: sm.predictions,
    };
    return { outcomes: [{ test: 'model-5', checks: [check], evidence }] };
  },
};
