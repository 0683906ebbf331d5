/**
 * Prediction files read once per gate run and shared by the evaluators that judge them (infra-4,
 * monitor-7, model-6, model-7): head and base loaded together, paired by id, the overall metrics
 * with their intervals (and the base comparison when there is a base). Each evaluator asks for the
 * run; the first one pays for it.
 */
import { pairById, type Predictions } from '../../evidence/predictions.js';
import type { EvidenceStore } from '../../evidence/store.js';
import type { RubricId } from '../../rubric/tests.js';
import type { Check, TestOutcome } from '../../rubric/types.js';
import type { ModelConfig, PredictionsConfig } from '../../schemas/config/model.js';
import {
  compareSets,
  MetricSet,
  summarize,
  type Comparison,
  type DeltaResult,
  type EvalSettings,
  type Interval,
  type MetricSummary,
} from '../../stats/model-eval.js';
import { fmtDelta } from '../../util/format.js';
import { nearest } from '../../util/suggest.js';
import { loadOnce, specOf, type LoadResult } from './predictions.js';
import type { EvalContext } from '../types.js';

function settingsOf(cfg: ModelConfig): EvalSettings {
  const pc = cfg.predictions!;
  const c = cfg.comparison;
  return {
    threshold: pc.threshold,
    eceBins: pc['ece-bins'],
    confidence: c?.confidence ?? 0.95,
    resamples: c?.resamples ?? 1000,
    seed: c?.seed ?? 42,
  };
}

/** Tests this config asks the prediction evaluators to serve. */
export function servedTests(cfg: ModelConfig): RubricId[] {
  const t = new Set<RubricId>();
  if (cfg.thresholds || cfg.comparison) t.add('infra-4');
  if (cfg.comparison || cfg['prediction-bias']) t.add('monitor-7');
  if (cfg.slices) t.add('model-6');
  if (cfg.inclusion) t.add('model-7');
  return [...t];
}

/** A slice column's metrics, computed with the overall ones when it is the first slice column (one bootstrap serves both). */
export type Precomputed = Map<string, { comp: Comparison | null; summ: MetricSummary | null; set: MetricSet }>;

export interface PredictionRun {
  cfg: ModelConfig;
  pc: PredictionsConfig;
  head: Predictions;
  base: Predictions | null;
  /** The base file's load, when one is configured (a failed one: comparisons are errors). */
  baseLoad: LoadResult | null;
  baseRow: Int32Array | null;
  pairNote: string;
  settings: EvalSettings;
  evidence: string[];
  /** Metrics computable from these files. */
  names: readonly string[];
  /** Head vs base when there is a base, else the head's summary. */
  comparison: Comparison | null;
  summary: MetricSummary | null;
  precomputed: Precomputed;
  /** Per-run results other evaluators reuse (computed by the first that needs them). */
  memo: Map<string, unknown>;
}

export type PredictionAnalysis =
  | { kind: 'none' }
  | { kind: 'error'; message: string; file: string; line?: number; evidence: string[] }
  | { kind: 'ok'; run: PredictionRun };

/** The overall delta of a metric (group 0) in a comparison. */
export const overallDelta = (run: PredictionRun, m: string): DeltaResult | undefined =>
  run.comparison?.deltas.find((d) => d.group === 0 && d.metric === m);

export function headValue(run: PredictionRun, m: string): number {
  const k = run.names.indexOf(m);
  return k < 0 ? NaN : run.comparison ? overallDelta(run, m)!.head : run.summary!.values[k];
}

/** The standard error of the head's value of `m` (NaN when unknown). */
export function headSe(run: PredictionRun, m: string): number {
  const k = run.names.indexOf(m);
  if (k < 0) return NaN;
  return run.comparison ? overallDelta(run, m)!.headSe : run.summary!.ses[k];
}

export function headInterval(run: PredictionRun, m: string): Interval | null {
  const k = run.names.indexOf(m);
  if (k < 0) return null;
  return run.comparison ? overallDelta(run, m)!.headInterval : run.summary!.intervals[k];
}

/** An error outcome for `test` when the analysis failed and the config asks for it; null otherwise. */
export function errorOutcomeFor(a: PredictionAnalysis, cfg: ModelConfig | undefined, test: RubricId): TestOutcome[] | null {
  if (a.kind !== 'error') return null;
  if (!cfg || !servedTests(cfg).includes(test)) return [];
  const check: Check = { name: a.file, status: 'error', message: a.message, file: a.file, line: a.line };
  return [{ test, checks: [check], evidence: a.evidence }];
}

const runs = new WeakMap<EvidenceStore, Promise<PredictionAnalysis>>();

/** The prediction run of this gate run (loaded and analysed once). */
export function predictionRun(ctx: EvalContext): Promise<PredictionAnalysis> {
  let p = runs.get(ctx.store);
  if (!p) {
    p = analyse(ctx);
    runs.set(ctx.store, p);
  }
  return p;
}

/** Head and base paired by id: the base row of each head row; an error message when they cannot pair. */
function pair(head: Predictions, base: Predictions): { baseRow: Int32Array | null; note: string } | { error: string; line?: number } {
  if (!head.ids || !base.ids)
    return { baseRow: null, note: `independent samples (no id column: rows are not paired; head n = ${head.n}, base n = ${base.n})` };
  try {
    const baseRow = pairById(base, head).baseRow;
    const yh = head.y as ArrayLike<number>;
    const yb = base.y as ArrayLike<number>;
    for (let i = 0; i < head.n; i++) {
      if (yh[i] !== yb[baseRow[i]]) {
        return {
          error: `${head.file}, line ${head.lines[i]} and ${base.file}, line ${base.lines[baseRow[i]]}: id ${JSON.stringify(head.ids.text(i))} has different labels in base and head predictions; both must be scored on the same eval set`,
          line: head.lines[i],
        };
      }
    }
    return { baseRow, note: `paired by id over ${head.n} examples` };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

async function analyse(ctx: EvalContext): Promise<PredictionAnalysis> {
  const cfg = ctx.config.model;
  const pc = cfg?.predictions;
  if (!cfg || !pc) return { kind: 'none' };
  const spec = specOf(pc, groupColumns(cfg));
  const evidence = [pc.file, ...(pc.base ? [pc.base] : [])];
  // both files at once: one is parsed while the other's next chunk is read
  const [headL, baseL] = await Promise.all([loadOnce(ctx, pc.file, spec), pc.base ? loadOnce(ctx, pc.base, spec) : null]);
  // a file no other test reads still counts for monitor-5: unreadable, it is that test's error (not a silent pass)
  const scanOnly = servedTests(cfg).length === 0;
  for (const l of [headL, baseL])
    if (scanOnly && l && !l.ok)
      ctx.store.recordNumericScan({
        file: l.file,
        what: 'prediction-file cells',
        values: 0,
        nonFinite: [],
        error: l.message,
        line: l.line,
      });
  if (!headL.ok) return { kind: 'error', message: headL.message, file: headL.file, line: headL.line, evidence };
  if (baseL && !baseL.ok && !scanOnly) {
    // head metrics can still be checked; comparisons become errors
    ctx.diagnostics.push({ level: 'error', message: baseL.message, file: baseL.file, line: baseL.line });
  }
  return analysePredictions(cfg, headL.pred, baseL?.ok ? baseL.pred : null, baseL);
}

/** The slice and inclusion columns the prediction files must carry. */
export const groupColumns = (cfg: ModelConfig): string[] => [
  ...new Set([...(cfg.slices?.columns ?? []), ...(cfg.inclusion?.groups ?? [])]),
];

/**
 * The analysis of predictions already in memory (the pure core of `predictionRun`): non-finite
 * values, pairing, the overall metrics with their intervals or the comparison with the base.
 */
export function analysePredictions(
  cfg: ModelConfig,
  head: Predictions,
  base: Predictions | null,
  baseLoad: LoadResult | null = null,
): PredictionAnalysis {
  const pc = cfg.predictions!;
  const evidence = [pc.file, ...(pc.base ? [pc.base] : [])];
  const fail = (message: string, file: string, line?: number): PredictionAnalysis => ({ kind: 'error', message, file, line, evidence });
  const nonFinite = head.nonFiniteCount + (base?.nonFiniteCount ?? 0);
  if (nonFinite > 0) {
    const first = head.nonFinite[0] ?? base!.nonFinite[0];
    const f = head.nonFiniteCount ? head.file : base!.file;
    return fail(
      `${f}, line ${first.line}, column "${first.column}": ${first.token} (${nonFinite} non-finite value(s) in the prediction files); metrics are not computed from NaN/infinity (see monitor-5)`,
      f,
      first.line,
    );
  }
  const paired = base ? pair(head, base) : { baseRow: null, note: '' };
  if ('error' in paired) return fail(paired.error, head.file, paired.line);
  const settings = settingsOf(cfg);
  // The first slice column's grouping also yields the overall row (group 0): one pass serves both.
  const firstCol = cfg.slices?.columns[0];
  const overall = new MetricSet(head, firstCol ? head.groups.get(firstCol)! : null, settings);
  const names = overall.names;
  const comparison = base
    ? compareSets(overall, new MetricSet(base, firstCol ? base.groups.get(firstCol)! : null, settings), names, paired.baseRow, settings)
    : null;
  const summary = base ? null : summarize(overall, settings);
  const precomputed: Precomputed = new Map();
  if (firstCol) precomputed.set(firstCol, { comp: cfg.slices!.compare ? comparison : null, summ: summary, set: overall });
  const run: PredictionRun = {
    cfg,
    pc,
    head,
    base,
    baseLoad,
    baseRow: paired.baseRow,
    pairNote: paired.note,
    settings,
    evidence,
    names,
    comparison,
    summary,
    precomputed,
    memo: new Map(),
  };
  return { kind: 'ok', run };
}

/**
 * Use predictions held in memory for this gate run instead of reading `model.predictions` (callers
 * that already hold them: simulations of whole gates, embedding). Call before the evaluators run.
 */
export function primePredictionRun(ctx: EvalContext, head: Predictions, base: Predictions | null): void {
  const cfg = ctx.config.model;
  if (!cfg?.predictions) throw new Error('primePredictionRun: the config has no model.predictions');
  runs.set(ctx.store, Promise.resolve(analysePredictions(cfg, head, base)));
}

export function unknownMetric(metric: string, names: readonly string[], file: string): Check {
  const near = nearest(metric, names);
  return {
    name: metric,
    status: 'error',
    message: `metric "${metric}" cannot be computed from ${file}${near ? ` (did you mean "${near}"?)` : ''}; available: ${names.join(', ')}`,
    file,
  };
}

/** A table cell: 6 significant digits, null when undefined. */
export const cell = (v: number): number | null => (Number.isNaN(v) ? null : Number(v.toPrecision(6)));

/** "[-0.01, +0.02]", or '' without an interval. */
export const ivText = (lo: number, hi: number) => (Number.isNaN(lo) ? '' : `[${fmtDelta(cell(lo))}, ${fmtDelta(cell(hi))}]`);

/** A value computed once per run and shared between evaluators (e.g. the slices, which monitor-7 also reads). */
export function memo<T>(run: PredictionRun, key: string, compute: () => T): T {
  if (!run.memo.has(key)) run.memo.set(key, compute());
  return run.memo.get(key) as T;
}
