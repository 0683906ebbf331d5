/**
 * `ml-test-gate metrics`: metrics (with intervals) of one prediction file.
 * Exit codes: 0 computed, 2 bad flags or unreadable input (one line on stderr).
 */
import path from 'node:path';
import { loadPredictions, PredictionError, type PredictionSpec, type Predictions, type Task } from '../evidence/predictions.js';
import { DEFAULT_SETTINGS, MetricSet, summarize, type EvalSettings } from '../stats/model-eval.js';
import { UserError, errorMessage } from '../util/errors.js';
import { fmt } from '../util/format.js';
import { choiceFlag, numberFlag, parseFlags } from './args.js';
import { quoted } from '../util/excerpt.js';

export const METRICS_HELP = `Usage: ml-test-gate metrics --predictions FILE --task binary|multiclass|regression --label COL
         [--score COL | --scores COL,COL,... | --prediction COL] [--threshold 0.5]
         [--weight COL] [--slice COL] [--classes A,B,...] [--resamples 1000] [--seed 42]
         [--confidence 0.95] [--json]

Computes scikit-learn-named metrics of one prediction file (CSV, TSV, JSON Lines, optionally .gz),
with confidence intervals (Wilson / DeLong where analytic, else a seeded percentile bootstrap).
With --json: {"metrics": {name: {"value": number|null, "ci": [lo, hi]|null}}, "methods": {...}, "slices": [...]}.`;

const TASKS = ['binary', 'multiclass', 'regression'] as const;

export async function metricsCommand(
  argv: string[],
  io: { stdout: (s: string) => void; stderr: (s: string) => void; cwd: string },
): Promise<number> {
  try {
    return await run(argv, io);
  } catch (e) {
    if (e instanceof UserError) {
      io.stderr(`ml-test-gate: ${e.message}${e.hint ? ` ${e.hint}` : ''}\n`);
      return 2;
    }
    if (e instanceof PredictionError) {
      io.stderr(`ml-test-gate metrics: ${e.message}\n`);
      return 2;
    }
    io.stderr(`ml-test-gate metrics: ${errorMessage(e)}\n`);
    return 2;
  }
}

interface MetricsFlags {
  predictions?: string;
  task?: string;
  label?: string;
  score?: string;
  scores?: string;
  prediction?: string;
  threshold?: string;
  weight?: string;
  slice?: string;
  classes?: string;
  resamples?: string;
  seed?: string;
  confidence?: string;
}

/** The prediction spec and settings the flags ask for; a UserError naming the flag when they do not fit. */
function specOf(f: MetricsFlags): { file: string; task: Task; spec: PredictionSpec; settings: EvalSettings } {
  if (!f.predictions) throw new UserError('metrics: --predictions FILE is required');
  if (!f.task) throw new UserError(`metrics: --task is required (${TASKS.join(', ')})`);
  const task = choiceFlag('metrics', 'task', f.task, TASKS) as Task;
  if (!f.label) throw new UserError('metrics: --label COL is required');
  const given = [f.score, f.scores, f.prediction].filter((x) => x !== undefined).length;
  if (given > 1) throw new UserError('metrics: give only one of --score, --scores and --prediction');
  if (task === 'binary' && !f.score && !f.prediction)
    throw new UserError('metrics: a binary task needs --score COL (probability of the positive class) or --prediction COL');
  if (task === 'multiclass' && !f.scores && !f.prediction)
    throw new UserError('metrics: a multiclass task needs --scores COL,COL,... or --prediction COL');
  if (task === 'regression' && !f.prediction) throw new UserError('metrics: a regression task needs --prediction COL');
  if (task !== 'binary' && f.score)
    throw new UserError(`metrics: --score is for binary tasks; use ${task === 'multiclass' ? '--scores' : '--prediction'}`);
  if (task !== 'multiclass' && f.scores) throw new UserError('metrics: --scores is for multiclass tasks');
  const scores = f.scores?.split(',').map((s) => s.trim());
  if (scores && (scores.length < 2 || scores.some((s) => s === '')))
    throw new UserError('metrics: --scores expects two or more column names separated by commas');
  const classes = f.classes?.split(',').map((s) => s.trim());
  const settings: EvalSettings = {
    ...DEFAULT_SETTINGS,
    threshold: numberFlag('metrics', 'threshold', f.threshold, [0, 1]) ?? 0.5,
    resamples: numberFlag('metrics', 'resamples', f.resamples, [100, 100000]) ?? 1000,
    seed: numberFlag('metrics', 'seed', f.seed, [0, 2 ** 32 - 1]) ?? 42,
    confidence: numberFlag('metrics', 'confidence', f.confidence, [0.5, 0.999]) ?? 0.95,
  };
  if (!Number.isInteger(settings.resamples))
    throw new UserError(`metrics: --resamples expects a whole number, got ${quoted(String(f.resamples))}`);
  const spec: PredictionSpec = {
    task,
    classes,
    columns: { label: f.label, score: f.score, scores, prediction: f.prediction, weight: f.weight, groups: f.slice ? [f.slice] : [] },
  };
  return { file: f.predictions, task, spec, settings };
}

type Summary = ReturnType<typeof summarize>;

/** Per-metric value and interval of group g (0 = all rows). */
function entryOf(set: MetricSet, sum: Summary, g: number) {
  const M = set.names.length;
  return Object.fromEntries(
    set.names.map((m, k) => {
      const v = sum.values[g * M + k];
      const iv = sum.intervals[g * M + k];
      return [m, { value: Number.isNaN(v) ? null : v, ci: iv && !Number.isNaN(v) ? [iv.lo, iv.hi] : null }];
    }),
  );
}

/** What a metrics report shows: the file, its predictions, the metric set and its summary. */
interface MetricsRun {
  display: string;
  task: Task;
  pred: Predictions;
  set: MetricSet;
  sum: Summary;
  settings: EvalSettings;
  slice: string | undefined;
}

function jsonReport({ display, task, pred, set, sum, settings, slice }: MetricsRun): string {
  const entry = (g: number) => entryOf(set, sum, g);
  const grouping = !!slice;
  const methods = Object.fromEntries(set.names.map((m, k) => [m, sum.intervals[k]?.method ?? 'no interval']));
  const sizes = set.sizes();
  const out: Record<string, unknown> = {
    file: display,
    task,
    n: pred.n,
    metrics: entry(0),
    methods,
    threshold: task === 'binary' ? settings.threshold : undefined,
  };
  if (grouping) out.slices = set.groupNames.map((v, g) => ({ column: slice, value: v, n: sizes[g + 1].n, metrics: entry(g + 1) }));
  return `${JSON.stringify(out, null, 2)}\n`;
}

function textReport({ display, task, pred, set, sum, settings, slice }: MetricsRun): string {
  const M = set.names.length;
  const sizes = set.sizes();
  const grouping = !!slice;
  const lines: string[] = [];
  lines.push(
    `${display}: ${pred.n} examples, ${task}${pred.weight ? ', weighted' : ''}${task === 'binary' ? `, predicted positive when score >= ${settings.threshold}` : ''}`,
  );
  const width = Math.max(...set.names.map((m) => m.length));
  set.names.forEach((m, k) => {
    const v = sum.values[k];
    const iv = sum.intervals[k];
    lines.push(
      `  ${m.padEnd(width)}  ${Number.isNaN(v) ? 'undefined' : fmt(v).padEnd(8)}${iv && !Number.isNaN(v) ? `  [${fmt(iv.lo)}, ${fmt(iv.hi)}]  ${iv.method}` : ''}`,
    );
  });
  if (grouping) {
    lines.push(`slices by ${slice}:`);
    set.groupNames.forEach((v, g) => {
      const vals = set.names.map((m, k) => `${m}=${fmt(Number.isNaN(sum.values[(g + 1) * M + k]) ? null : sum.values[(g + 1) * M + k])}`);
      lines.push(`  ${v} (n=${sizes[g + 1].n}): ${vals.join(', ')}`);
    });
  }
  return `${lines.join('\n')}\n`;
}

async function run(argv: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void; cwd: string }): Promise<number> {
  const { values: f } = parseFlags('metrics', argv, {
    predictions: { type: 'string' },
    task: { type: 'string' },
    label: { type: 'string' },
    score: { type: 'string' },
    scores: { type: 'string' },
    prediction: { type: 'string' },
    threshold: { type: 'string' },
    weight: { type: 'string' },
    slice: { type: 'string' },
    classes: { type: 'string' },
    resamples: { type: 'string' },
    seed: { type: 'string' },
    confidence: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (f.help) {
    io.stdout(`${METRICS_HELP}\n`);
    return 0;
  }
  const { file, task, spec, settings } = specOf(f);
  const abs = path.resolve(io.cwd, file);
  const display = path.relative(io.cwd, abs) || file;
  const pred = await loadPredictions(abs, display, spec);
  if (pred.nonFiniteCount > 0) {
    const c = pred.nonFinite[0];
    throw new PredictionError(
      display,
      `${display}, line ${c.line}, column "${c.column}": ${c.token}: ${pred.nonFiniteCount} NaN/infinity value(s); metrics are not computed from non-finite values`,
    );
  }
  const grouping = f.slice ? pred.groups.get(f.slice)! : null;
  const set = new MetricSet(pred, grouping, settings);
  const sum = summarize(set, settings);
  const report: MetricsRun = { display, task, pred, set, sum, settings, slice: f.slice };
  io.stdout(f.json ? jsonReport(report) : textReport(report));
  return 0;
}
