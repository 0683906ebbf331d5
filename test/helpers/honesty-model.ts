/**
 * The model side of the honesty simulations, shared by the fast suite (test/honesty/model.test.ts)
 * and its full-size twin (bench/honesty/model.mjs): interval coverage per metric against the exact
 * population values of model-sims.ts, and whole model gates (the four prediction-file evaluators as
 * the gate registers them, with the gate's false-alarm budget) on simulated predictions.
 */
import { inclusionEvaluator } from '../../src/assertions/model/inclusion.js';
import { slicesEvaluator } from '../../src/assertions/model/slices.js';
import { predictionQualityEvaluator } from '../../src/assertions/monitor/prediction-quality.js';
import { predictionThresholdsEvaluator } from '../../src/assertions/infra/prediction-thresholds.js';
import { primePredictionRun } from '../../src/assertions/shared/prediction-run.js';
import type { EvalContext } from '../../src/assertions/types.js';
import { EvidenceStore } from '../../src/evidence/store.js';
import type { Predictions } from '../../src/evidence/predictions.js';
import { alphaOf, falseAlarmBudget } from '../../src/gate/false-alarms.js';
import type { Check, ReportTable } from '../../src/rubric/types.js';
import { configSchema } from '../../src/schemas/config.js';
import type { Report } from '../../src/schemas/report.js';
import { DEFAULT_SETTINGS, metricRange, MetricSet, summarize, type EvalSettings } from '../../src/stats/model-eval.js';
import { memoryWorkspace } from './memory-workspace.js';
import { drawBinary, population, rngFor, type Scenario } from './model-sims.js';
import { binaryPredictions } from './predictions.js';

export const INTERVAL_METRICS = [
  'accuracy',
  'precision',
  'recall',
  'f1',
  'roc_auc',
  'average_precision',
  'log_loss',
  'brier_score',
  'ece',
  'prediction_bias',
] as const;

export interface CoverageCell {
  reps: number;
  covered: number;
  /** Intervals with a bound outside the metric's range. */
  outOfRange: number;
  /** Repetitions without an interval (an undefined value). */
  missing: number;
  method: string;
}

/** Interval coverage of every binary metric's single-set interval: `reps` samples of n rows of the scenario. */
export function coverage(
  sc: Scenario,
  n: number,
  reps: number,
  experiment: number,
  s: EvalSettings = DEFAULT_SETTINGS,
): Record<string, CoverageCell> {
  const truth = population(sc) as unknown as Record<string, number>;
  const out: Record<string, CoverageCell> = Object.fromEntries(
    INTERVAL_METRICS.map((m) => [m, { reps, covered: 0, outOfRange: 0, missing: 0, method: '' }]),
  );
  for (let r = 0; r < reps; r++) {
    const smp = drawBinary(rngFor(experiment, r), sc, n);
    const set = new MetricSet(binaryPredictions(smp.y, smp.p), null, { ...s, threshold: sc.threshold, eceBins: sc.eceBins });
    const sum = summarize(set, set.settings);
    set.names.forEach((m, k) => {
      const c = out[m];
      const iv = sum.intervals[k];
      if (!c) return;
      if (!iv) {
        c.missing++;
        return;
      }
      c.method = iv.method;
      const [lo, hi] = metricRange(m);
      if (iv.lo < lo || iv.hi > hi || iv.lo > iv.hi) c.outOfRange++;
      if (iv.lo <= truth[m] && truth[m] <= iv.hi) c.covered++;
    });
  }
  return out;
}

/** An evaluation context for a config's `model` section (and `gate`), with the gate's false-alarm budget. */
export function modelContext(config: Record<string, unknown>, baseline: Report | null = null): EvalContext {
  const parsed = configSchema.parse(config);
  const budget = falseAlarmBudget(parsed);
  const ws = memoryWorkspace({});
  return {
    alpha: (family) => alphaOf(budget, family),
    config: parsed,
    configFile: 'c.yml',
    workspace: ws,
    store: new EvidenceStore(ws),
    now: new Date('2026-11-23T12:00:00Z'),
    baseline,
    pullRequest: null,
    diagnostics: [],
  };
}

export interface GateRun {
  checks: Check[];
  tables: ReportTable[];
  record: unknown;
}

/** The prediction-file evaluators of one gate on predictions held in memory. */
export async function runModelGate(ctx: EvalContext, head: Predictions, base: Predictions | null): Promise<GateRun> {
  primePredictionRun(ctx, head, base);
  const out: GateRun = { checks: [], tables: [], record: undefined };
  for (const e of [predictionQualityEvaluator, predictionThresholdsEvaluator, slicesEvaluator, inclusionEvaluator]) {
    const r = await e.run(ctx);
    for (const o of r.outcomes) out.checks.push(...o.checks);
    out.tables.push(...(r.tables ?? []));
    if (e === predictionQualityEvaluator) out.record = r.record;
  }
  return out;
}

/** Whether a gate alarmed: any check failed or errored. */
export const alarmed = (checks: readonly Check[]): boolean => checks.some((c) => c.status === 'fail' || c.status === 'error');

/** A baseline report holding only a predictions record (what an earlier run of the gate kept). */
export function baselineWith(record: unknown): Report {
  return { records: { 'model-predictions': record } } as unknown as Report;
}
