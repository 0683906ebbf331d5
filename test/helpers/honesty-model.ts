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
import { BASE_SCENARIO as BASE, drawBinary, drawPair, population, rngFor, type Scenario } from './model-sims.js';
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

/** How the base side is given: predictions paired by id, predictions of an independent sample, or a baseline report's record. */
export type BaseMode = 'paired' | 'independent' | 'report';

export interface GateExperiment {
  mode: BaseMode;
  n: number;
  reps: number;
  experiment: number;
  /** Separation of the head model (the base has the scenario's). */
  dHead?: number;
  /** Within-class correlation of the two models' latent scores (paired and report modes). */
  rho?: number;
  /** The config's `model.comparison` (metrics and settings). */
  comparison: Record<string, unknown>;
  /** Also turn on slices (region x 4, band x 2), inclusion (sex, four-fifths rule) and prediction bias. */
  allFamilies?: boolean;
  scenario?: Scenario;
}

export interface GateRates {
  reps: number;
  /** Share of gates with any failed or errored check. */
  alarm: number;
  /** Share of gates with at least one inconclusive comparison of a key metric. */
  anyInconclusive: number;
  /** Per key metric: share of each verdict (pass, fail, inconclusive, undefined). */
  verdicts: Record<string, Record<string, number>>;
  /** Median minimum detectable effect per key metric. */
  mde: Record<string, number>;
}

const REGIONS = ['north', 'south', 'east', 'west'];

function groupsOf(rngNext: () => number, n: number): Record<string, string[]> {
  const region: string[] = [];
  const band: string[] = [];
  const sex: string[] = [];
  for (let i = 0; i < n; i++) {
    region.push(REGIONS[Math.floor(rngNext() * 4)]);
    band.push(rngNext() < 0.3 ? 'young' : 'old');
    sex.push(rngNext() < 0.5 ? 'f' : 'm');
  }
  return { region, band, sex };
}

function gateConfig(e: GateExperiment, withBase: boolean): Record<string, unknown> {
  const columns = { label: 'y', score: 'p', ...(e.mode === 'paired' ? { id: 'id' } : {}) };
  return {
    model: {
      predictions: { file: 'head.csv', ...(withBase ? { base: 'base.csv' } : {}), task: 'binary', columns },
      comparison: e.comparison,
      ...(e.allFamilies
        ? {
            slices: { columns: ['region', 'band'], 'min-size': 300 },
            inclusion: { groups: ['sex'], limits: { demographic_parity_ratio: 0.8, equalized_odds_difference: 0.1 } },
            'prediction-bias': { max: 0.02 },
          }
        : {}),
    },
  };
}

/** One repetition's head and base predictions (and, in report mode, the baseline report an earlier run kept). */
async function sides(e: GateExperiment, r: number): Promise<{ head: Predictions; base: Predictions | null; baseline: Report | null }> {
  const sc = e.scenario ?? BASE;
  const rng = rngFor(e.experiment, r);
  const dHead = e.dHead ?? sc.d;
  if (e.mode === 'independent') {
    const b = drawBinary(rng, sc, e.n);
    const h = drawBinary(rng, { ...sc, d: dHead }, e.n);
    const gb = e.allFamilies ? groupsOf(() => rng.next(), e.n) : {};
    const gh = e.allFamilies ? groupsOf(() => rng.next(), e.n) : {};
    return { head: binaryPredictions(h.y, h.p, { groups: gh }), base: binaryPredictions(b.y, b.p, { groups: gb }), baseline: null };
  }
  const pr = drawPair(rng, sc, e.n, sc.d, dHead, e.rho ?? 0.95);
  const groups = e.allFamilies ? groupsOf(() => rng.next(), e.n) : {};
  const ids = Array.from({ length: e.n }, (_, i) => `e${i}`);
  const head = binaryPredictions(pr.y, pr.head, { ids, groups });
  const base = binaryPredictions(pr.y, pr.base, { ids, groups });
  if (e.mode === 'paired') return { head, base, baseline: null };
  // report mode: the base branch's own run (no base of its own) kept a record; the head compares with it
  const earlier = await runModelGate(modelContext(gateConfig({ ...e, comparison: { ...e.comparison } }, false)), base, null);
  return { head, base: null, baseline: baselineWith(earlier.record) };
}

/** Whole model gates on simulated predictions: alarm rate, inconclusive rate and each key metric's verdicts. */
export async function gateRates(e: GateExperiment): Promise<GateRates> {
  const metrics = (e.comparison.metrics as string[]) ?? [];
  const verdicts: Record<string, Record<string, number>> = Object.fromEntries(metrics.map((m) => [m, {}]));
  const mdes: Record<string, number[]> = Object.fromEntries(metrics.map((m) => [m, []]));
  let alarm = 0;
  let anyInconclusive = 0;
  for (let r = 0; r < e.reps; r++) {
    const s = await sides(e, r);
    const ctx = modelContext(gateConfig(e, e.mode !== 'report'), s.baseline);
    const g = await runModelGate(ctx, s.head, s.base);
    if (alarmed(g.checks)) alarm++;
    const key = g.tables.find((t) => t.id === 'model-key-metrics');
    let inc = false;
    for (const row of key?.rows ?? []) {
      const m = String(row[0]);
      const v = String(row[6]);
      verdicts[m][v] = (verdicts[m][v] ?? 0) + 1 / e.reps;
      mdes[m].push(Number(row[5]));
      if (v === 'inconclusive') inc = true;
    }
    if (inc) anyInconclusive++;
  }
  const median = (a: number[]) => {
    const s = a.filter(Number.isFinite).sort((x, y) => x - y);
    return s.length ? s[s.length >> 1] : NaN;
  };
  return {
    reps: e.reps,
    alarm: alarm / e.reps,
    anyInconclusive: anyInconclusive / e.reps,
    verdicts,
    mde: Object.fromEntries(metrics.map((m) => [m, median(mdes[m])])),
  };
}

export interface FairnessRates {
  reps: number;
  /** Share of runs with a failed inclusion check (a false alarm when the groups are equal). */
  alarm: number;
  /** Share of runs with an inconclusive (warned) limit check. */
  inconclusive: number;
}

/**
 * Inclusion checks on groups of the given sizes whose selection rates are all `rates[g]` (equal: an
 * A/A run), the four-fifths rule and an equalized-odds limit at the default settings.
 */
export async function fairnessRates(sizes: number[], rates: number[], reps: number, experiment: number): Promise<FairnessRates> {
  let alarm = 0;
  let inconclusive = 0;
  const config = {
    model: {
      predictions: { file: 'head.csv', task: 'binary', columns: { label: 'y', score: 'p' } },
      inclusion: { groups: ['g'], limits: { demographic_parity_ratio: 0.8, equalized_odds_difference: 0.1 } },
    },
  };
  for (let r = 0; r < reps; r++) {
    const rng = rngFor(experiment, r);
    const y: number[] = [];
    const p: number[] = [];
    const g: string[] = [];
    sizes.forEach((m, k) => {
      for (let i = 0; i < m; i++) {
        y.push(rng.next() < 0.3 ? 1 : 0);
        p.push(rng.next() < rates[k] ? 0.9 : 0.1);
        g.push(`g${k}`);
      }
    });
    const out = await runModelGate(modelContext(config), binaryPredictions(y, p, { groups: { g } }), null);
    const limits = out.checks.filter((c) => / (<=|>=) /.test(c.name));
    if (limits.some((c) => c.status === 'fail' || c.status === 'error')) alarm++;
    if (limits.some((c) => c.status === 'warn')) inconclusive++;
  }
  return { reps, alarm: alarm / reps, inconclusive: inconclusive / reps };
}
