/** model-5 with prediction files: the candidate beats a simpler model's predictions on the key metric. */
import { pairById, type Predictions } from '../../evidence/predictions.js';
import type { Check } from '../../rubric/types.js';
import type { PredictionsConfig } from '../../schemas/config/model.js';
import { compareSets, MetricSet, type DeltaResult, type EvalSettings } from '../../stats/model-eval.js';
import { intervalVerdict } from '../../stats/verdict.js';
import { fmt, fmtDelta, fmtVersus } from '../../util/format.js';
import { directionOf } from '../shared/metric-direction.js';
import { loadOnce, nullIfNaN, specOf } from '../shared/predictions.js';
import type { EvalContext, Evaluator } from '../types.js';

/** Both prediction files, loaded (once per run) with the columns of model.predictions; error checks when either is unusable. */
async function loadBoth(
  ctx: EvalContext,
  pc: PredictionsConfig,
  simplerFile: string,
): Promise<{ ok: true; head: Predictions; simple: Predictions } | { ok: false; checks: Check[] }> {
  const spec = specOf(pc, []);
  const [h, b] = await Promise.all([loadOnce(ctx, pc.file, spec), loadOnce(ctx, simplerFile, spec)]);
  const bad = [h, b].filter((l) => !l.ok);
  if (bad.length)
    return {
      ok: false,
      checks: bad.map((l) => ({ name: l.file, status: 'error' as const, message: (l as { message: string }).message, file: l.file })),
    };
  const head = (h as { pred: Predictions }).pred;
  const simple = (b as { pred: Predictions }).pred;
  if (head.nonFiniteCount + simple.nonFiniteCount > 0) {
    return {
      ok: false,
      checks: [
        {
          name: 'simpler model',
          status: 'error',
          message: 'NaN/infinity in the prediction files; the comparison is not computed (see monitor-5)',
          file: simplerFile,
        },
      ],
    };
  }
  return { ok: true, head, simple };
}

/** The candidate's gain over the simpler model against the margin, judged on the interval of the delta. */
/** A bound of the gain's interval, printed against the margin with the digits the comparison needs. */
function bound(v: number, margin: number): string {
  if (Number.isNaN(v)) return 'n/a';
  const t = fmtVersus(v, margin).value;
  return v > 0 && !t.startsWith('+') ? `+${t}` : t;
}

function gainCheck(
  d: DeltaResult,
  sm: { metric: string; margin: number; predictions?: string },
  inconclusive: 'warn' | 'fail' | undefined,
  pct: number,
): Check {
  const sg = directionOf(sm.metric) === 'higher' ? 1 : -1;
  const lo = sg === 1 ? d.lo : -d.hi;
  const hi = sg === 1 ? d.hi : -d.lo;
  // gain must reach the margin: shift by the margin and require no "drop" below 0
  const v = Number.isNaN(d.delta) ? 'undefined' : intervalVerdict(lo - sm.margin, hi - sm.margin, 0);
  const status = v === 'pass' ? 'pass' : v === 'inconclusive' ? (inconclusive === 'fail' ? 'fail' : 'warn') : 'fail';
  const check: Check = {
    name: `${sm.metric} vs simpler model`,
    status,
    message: `${sm.metric}: candidate ${fmt(nullIfNaN(d.head))}, simpler model ${fmt(nullIfNaN(d.base))}, gain ${fmtDelta(nullIfNaN(sg * d.delta))} [${bound(lo, sm.margin)}, ${bound(hi, sm.margin)}] vs margin ${fmt(sm.margin)}: ${v === 'pass' ? 'the candidate is better by at least the margin' : v === 'fail' ? 'the simpler model is as good or better (the interval is below the margin)' : v === 'undefined' ? 'undefined; never passes' : 'inconclusive (the interval contains the margin)'}${d.test ? `; ${d.test}` : ''}`,
    value: nullIfNaN(sg * d.delta),
    threshold: `gain >= ${fmt(sm.margin)}`,
    method: `${d.method}, ${pct}% interval`,
    file: sm.predictions,
  };
  return check;
}

export const simplerModelEvaluator: Evaluator = {
  name: 'model-simpler',
  tests: ['model-5'],
  config: ['model.simpler-model', 'model.predictions'],
  formats: ['prediction files (CSV, TSV, JSON Lines)'],
  async run(ctx: EvalContext) {
    const cfg = ctx.config.model;
    const sm = cfg?.['simpler-model'];
    const pc = cfg?.predictions;
    if (!cfg || !sm?.predictions) return { outcomes: [] };
    const evidence = [sm.predictions, ...(pc ? [pc.file] : [])];
    if (!pc) {
      return {
        outcomes: [
          {
            test: 'model-5',
            checks: [
              {
                name: 'simpler model',
                status: 'error',
                message: 'simpler-model.predictions uses the columns of model.predictions; configure model.predictions',
                file: ctx.configFile,
              },
            ],
            evidence,
          },
        ],
      };
    }
    const loaded = await loadBoth(ctx, pc, sm.predictions);
    if (!loaded.ok) return { outcomes: [{ test: 'model-5', checks: loaded.checks, evidence }] };
    const { head, simple } = loaded;
    const s: EvalSettings = {
      threshold: pc.threshold,
      eceBins: pc['ece-bins'],
      confidence: cfg.comparison?.confidence ?? 0.95,
      resamples: cfg.comparison?.resamples ?? 1000,
      seed: cfg.comparison?.seed ?? 42,
    };
    let baseRow: Int32Array | null = null;
    try {
      if (head.ids && simple.ids) baseRow = pairById(simple, head).baseRow;
    } catch (e) {
      return {
        outcomes: [
          {
            test: 'model-5',
            checks: [{ name: 'pairing', status: 'error', message: (e as Error).message, file: sm.predictions }],
            evidence,
          },
        ],
      };
    }
    const hs = new MetricSet(head, null, s);
    if (!hs.names.includes(sm.metric)) {
      return {
        outcomes: [
          {
            test: 'model-5',
            checks: [
              {
                name: sm.metric,
                status: 'error',
                message: `metric "${sm.metric}" cannot be computed from ${pc.file}; available: ${hs.names.join(', ')}`,
                file: ctx.configFile,
              },
            ],
            evidence,
          },
        ],
      };
    }
    const check = gainCheck(
      compareSets(hs, new MetricSet(simple, null, s), [sm.metric], baseRow, s).deltas[0],
      sm,
      cfg.comparison?.inconclusive,
      Math.round(s.confidence * 100),
    );
    return { outcomes: [{ test: 'model-5', checks: [check], evidence }] };
  },
};
