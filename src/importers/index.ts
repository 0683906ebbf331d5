import type { EvidenceStore, JsonFormat, Loaded } from '../evidence/store.js';
import { EvidenceFileError, type Workspace } from '../evidence/workspace.js';
import { validate } from '../schemas/errors.js';
import { EVAL_REPORT_VERSION, evalReportSchema, type EvalReport } from '../schemas/eval-report.js';
import { PERFORMANCE_VERSION, performanceReportSchema, type PerformanceReport } from '../schemas/infra.js';
import { SNAPSHOT_VERSION, snapshotSchema, type Snapshot } from '../schemas/snapshot.js';
import { errorMessage } from '../util/errors.js';
import { plainSnapshot } from '../data/snapshot-plain.js';
import { baseName, EVAL_REPORT_JSON, ImportError, type Imported } from './common.js';
import { DVC_EXPECTED, readDvcMetrics } from './dvc.js';
import {
  EVAL_REPORT_FORMATS,
  FORMAT_DESCRIPTIONS,
  PERFORMANCE_FORMATS,
  SNAPSHOT_FORMATS,
  normaliseRef,
  type EvalReportFormat,
  type EvalReportRef,
  type PerformanceFormat,
  type PerformanceRef,
  type SnapshotFormat,
  type SnapshotRef,
} from '../schemas/evidence-refs.js';
import { MLFLOW_DIR_EXPECTED, readMlflowRest, readMlflowRunDir, type MlflowRun } from './mlflow.js';
import { readK6Summary, type K6Options } from './k6.js';
import { poolRuns } from './load-common.js';
import { readLocustStats, type LocustOptions } from './locust.js';
import { readPytestBenchmark } from './pytest-benchmark.js';
import { readSklearnReport } from './sklearn.js';
import { readTfdvStatistics, type TfdvOptions } from './tfdv.js';

export { EVAL_REPORT_JSON, ImportError, type Imported } from './common.js';
export * from '../schemas/evidence-refs.js';

/** Registry of importers: format -> what it reads and what it becomes. */
export const IMPORTERS: ReadonlyArray<{ format: string; into: 'eval-report' | 'snapshot' | 'performance'; description: string }> = [
  ...EVAL_REPORT_FORMATS.filter((f) => f !== 'ml-test-gate').map((f) => ({
    format: f,
    into: 'eval-report' as const,
    description: FORMAT_DESCRIPTIONS[f],
  })),
  ...SNAPSHOT_FORMATS.filter((f) => f !== 'ml-test-gate').map((f) => ({
    format: f,
    into: 'snapshot' as const,
    description: FORMAT_DESCRIPTIONS[f],
  })),
  ...PERFORMANCE_FORMATS.filter((f) => f !== 'ml-test-gate').map((f) => ({
    format: f,
    into: 'performance' as const,
    description: FORMAT_DESCRIPTIONS[f],
  })),
];

export const SNAPSHOT_JSON: JsonFormat<typeof snapshotSchema> = {
  name: 'data snapshot',
  schema: snapshotSchema,
  version: SNAPSHOT_VERSION,
  plain: plainSnapshot,
  // a stranger's raw data in a .json file: rows as pandas' to_json(orient="records") writes them
  hint: (v, file) =>
    Array.isArray(v) && v.length > 0 && v.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r))
      ? `it holds table rows (as pandas' to_json(orient="records") writes them), and raw data is read from CSV or JSON Lines: write it as JSON Lines, e.g. to_json("${file.replace(/\.json$/i, '')}.jsonl", orient="records", lines=True)`
      : undefined,
};
export const PERFORMANCE_JSON: JsonFormat<typeof performanceReportSchema> = {
  name: 'performance report',
  schema: performanceReportSchema,
  version: PERFORMANCE_VERSION,
};

export interface EvalReportImportOptions {
  /** Keep only metrics whose name starts with this, and strip it ("test." for DVC, "test_" for MLflow). */
  prefix?: string;
  task?: EvalReport['task'];
  /** Model name; default the MLflow run name or the file name. */
  model?: string;
  /** sklearn-report, binary: the positive class label (default "1"). */
  posLabel?: string;
}

const REGRESSION = /^(r2|mae|mse|rmse|mape|max_error|explained_variance|median_absolute_error|mean_.*error|root_mean_.*error)$/;

/** The task from metric names when the user did not say: regression metrics -> regression; averaged metrics -> multiclass; else binary. */
export function inferTask(names: readonly string[]): { task: EvalReport['task']; why: string } {
  const reg = names.find((n) => REGRESSION.test(n));
  if (reg) return { task: 'regression', why: `metric ${reg}` };
  const avg = names.find((n) => /_(macro|weighted|micro)$/.test(n));
  if (avg && !names.some((n) => /^(roc_auc|average_precision|log_loss|brier_score)$/.test(n)))
    return { task: 'multiclass', why: `metric ${avg}` };
  return { task: 'binary', why: 'no regression or averaged multiclass metric' };
}

function selectPrefix(
  file: string,
  expected: string,
  metrics: Record<string, number | null>,
  prefix?: string,
): Record<string, number | null> {
  if (!prefix) return metrics;
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(metrics)) if (k.startsWith(prefix) && k.length > prefix.length) out[k.slice(prefix.length)] = v;
  if (Object.keys(out).length === 0) {
    throw new ImportError(
      file,
      `${file}: expected ${expected}; no metric name starts with ${JSON.stringify(prefix)} (metrics: ${Object.keys(metrics).slice(0, 8).join(', ')})`,
    );
  }
  return out;
}

function finish(
  file: string,
  format: string,
  draft: EvalReport,
  nonFinite: Imported<EvalReport>['nonFinite'],
  notes: string[],
): Imported<EvalReport> {
  const r = validate(evalReportSchema, draft);
  if (!r.ok)
    throw new ImportError(file, `${file}: read as ${format} but the result is not a valid evaluation report: ${r.issues[0].message}`);
  return { value: r.data, nonFinite, notes };
}

function fromMetrics(
  file: string,
  format: string,
  expected: string,
  run: { metrics: Record<string, number | null>; model?: string; version?: string; trainedAt?: string },
  nonFinite: Imported<EvalReport>['nonFinite'],
  notes: string[],
  o: EvalReportImportOptions,
): Imported<EvalReport> {
  const metrics = selectPrefix(file, expected, run.metrics, o.prefix);
  let task = o.task;
  if (!task) {
    const t = inferTask(Object.keys(metrics));
    task = t.task;
    notes.push(`${file}: task inferred as ${t.task} (${t.why}); set task in the config to be explicit`);
  }
  const draft: EvalReport = {
    schemaVersion: EVAL_REPORT_VERSION,
    model: {
      name: o.model ?? run.model ?? baseName(file),
      ...(run.version ? { version: run.version } : {}),
      ...(run.trainedAt ? { trainedAt: run.trainedAt } : {}),
    },
    task,
    metrics,
  };
  return finish(file, format, draft, nonFinite, notes);
}

function fromMlflow(file: string, run: MlflowRun, expected: string, o: EvalReportImportOptions): Imported<EvalReport> {
  const notes: string[] = [];
  if (run.status && run.status !== 'FINISHED') notes.push(`${file}: the MLflow run's status is ${run.status}, not FINISHED`);
  return fromMetrics(
    file,
    'mlflow',
    expected,
    { metrics: run.metrics, model: run.runName, version: run.runId, trainedAt: run.status === 'FINISHED' ? run.endedAt : undefined },
    run.nonFinite,
    notes,
    o,
  );
}

/**
 * An evaluation report from another tool's file, in memory: `dvc` (JSON/YAML/TOML by extension),
 * `mlflow` (runs/get JSON; a run directory needs `loadEvalReport`), `sklearn-report`.
 * Throws ImportError naming the file, the expected format and the first offending path.
 */
export function importEvalReport(
  file: string,
  format: Exclude<EvalReportFormat, 'ml-test-gate'>,
  text: string,
  options: EvalReportImportOptions = {},
): Imported<EvalReport> {
  switch (format) {
    case 'dvc': {
      const d = readDvcMetrics(file, text);
      const notes = d.skipped.length ? [`${file}: non-numeric values left out: ${d.skipped.slice(0, 8).join(', ')}`] : [];
      return fromMetrics(file, 'dvc', DVC_EXPECTED, { metrics: d.metrics }, d.nonFinite, notes, options);
    }
    case 'mlflow':
      return fromMlflow(file, readMlflowRest(file, text), 'an MLflow run', options);
    case 'sklearn-report': {
      const s = readSklearnReport(file, text, { posLabel: options.posLabel });
      if (options.task && options.task !== s.task)
        s.notes.push(`${file}: ${s.task} report (${s.slices.length} classes) read as task ${options.task} as configured`);
      const draft: EvalReport = {
        schemaVersion: EVAL_REPORT_VERSION,
        model: { name: options.model ?? baseName(file) },
        task: options.task ?? s.task,
        metrics: s.metrics,
        slices: s.slices,
      };
      return finish(file, 'sklearn-report', draft, s.nonFinite, s.notes);
    }
    default:
      throw new ImportError(
        file,
        `${file}: unknown evaluation-report format ${JSON.stringify(format)}; formats: ${EVAL_REPORT_FORMATS.join(', ')}`,
      );
  }
}

/** A snapshot from another tool's file, in memory: `tfdv`. */
export function importSnapshot(
  file: string,
  format: Exclude<SnapshotFormat, 'ml-test-gate'>,
  text: string,
  options: TfdvOptions = {},
): Imported<Snapshot> {
  if (format !== 'tfdv')
    throw new ImportError(file, `${file}: unknown snapshot format ${JSON.stringify(format)}; formats: ${SNAPSHOT_FORMATS.join(', ')}`);
  const r = readTfdvStatistics(file, text, options);
  const v = validate(snapshotSchema, r.value);
  if (!v.ok) throw new ImportError(file, `${file}: read as tfdv but the result is not a valid data snapshot: ${v.issues[0].message}`);
  return { ...r, value: v.data };
}

/** Computing-performance evidence from another tool's file, in memory: `pytest-benchmark`, `k6`, `locust`, or an evaluation report's performance section (`eval-report`). */
export function importPerformance(
  file: string,
  format: Exclude<PerformanceFormat, 'ml-test-gate'>,
  text: string,
  options: K6Options & LocustOptions = {},
): Imported<PerformanceReport> {
  if (format === 'pytest-benchmark') return readPytestBenchmark(file, text);
  if (format === 'k6') return readK6Summary(file, text, options);
  if (format === 'locust') return readLocustStats(file, text, options);
  if (format === 'eval-report')
    throw new ImportError(
      file,
      `${file}: the eval-report performance format is read with loadPerformance (it validates the evaluation report first)`,
    );
  throw new ImportError(file, `${file}: unknown performance format ${JSON.stringify(format)}; formats: ${PERFORMANCE_FORMATS.join(', ')}`);
}

/** An evaluation report's `performance` section as single-sample measures. */
export function performanceFromEvalReport(report: EvalReport): PerformanceReport {
  const p = report.performance ?? {};
  const measures: PerformanceReport['measures'] = {};
  const add = (name: string, v: number | undefined, unit: string, direction: 'lower' | 'higher') => {
    if (v !== undefined) measures[name] = { unit, direction, samples: [v] };
  };
  add('latency_p50_ms', p.latencyMs?.p50, 'ms', 'lower');
  add('latency_p95_ms', p.latencyMs?.p95, 'ms', 'lower');
  add('latency_p99_ms', p.latencyMs?.p99, 'ms', 'lower');
  add('throughput_per_s', p.throughputPerS, '1/s', 'higher');
  add('peak_memory_mb', p.peakMemoryMb, 'MB', 'lower');
  add('model_size_mb', p.modelSizeMb, 'MB', 'lower');
  add('training_time_s', p.trainingTimeS, 's', 'lower');
  return {
    schemaVersion: PERFORMANCE_VERSION,
    model: { name: report.model.name, ...(report.model.version ? { version: report.model.version } : {}) },
    measures,
  };
}

// --- reading through the workspace, with the evidence store's conventions --------------------

export type LoadedImport<T> = Loaded<T> & { notes: string[] };
interface Io {
  store: EvidenceStore;
  workspace: Workspace;
}

const caches = new WeakMap<EvidenceStore, Map<string, Promise<LoadedImport<unknown>>>>();
function cached<T>(store: EvidenceStore, key: string, load: () => Promise<LoadedImport<T>>): Promise<LoadedImport<T>> {
  let m = caches.get(store);
  if (!m) caches.set(store, (m = new Map()));
  let p = m.get(key);
  if (!p) m.set(key, (p = load()));
  return p as Promise<LoadedImport<T>>;
}

function failed(file: string, e: unknown, expected: string): { ok: false; file: string; message: string; line?: number; notes: string[] } {
  if (e instanceof ImportError) return { ok: false, file, message: e.message, line: e.line, notes: [] };
  if (e instanceof EvidenceFileError) return { ok: false, file, message: `${e.message} (expected ${expected})`, notes: [] };
  throw e;
}

async function readText(
  io: Io,
  file: string,
  expected: string,
): Promise<string | { ok: false; file: string; message: string; notes: string[] }> {
  try {
    return await io.workspace.readText(file);
  } catch (e) {
    if (e instanceof EvidenceFileError) return { ok: false, file, message: `${e.message} (expected ${expected})`, notes: [] };
    return { ok: false, file, message: `${file}: cannot read: ${errorMessage(e)} (expected ${expected})`, notes: [] };
  }
}

/** The run directories under an mlruns folder or an experiment folder (a stranger names `mlruns/` instead of a run), sorted. */
async function mlflowRunsUnder(io: Io, dir: string): Promise<string[]> {
  const root = dir.replace(/\/+$/, '');
  const found = [...(await io.workspace.glob(`${root}/*/metrics/*`)), ...(await io.workspace.glob(`${root}/*/*/metrics/*`))];
  const runs = new Set(found.filter((f) => !f.includes('/.trash/')).map((f) => f.slice(0, f.lastIndexOf('/metrics/'))));
  return [...runs].sort();
}

/** A local MLflow run directory: every file under metrics/, and meta.yaml when present. */
async function loadMlflowDir(io: Io, dir: string, options: EvalReportImportOptions): Promise<LoadedImport<EvalReport>> {
  const root = dir.replace(/\/+$/, '');
  const files = await io.workspace.glob(`${root}/metrics/**`);
  try {
    const metricFiles = await Promise.all(
      files.map(async (f) => ({ name: f.slice(root.length + '/metrics/'.length), text: await io.workspace.readText(f) })),
    );
    const meta = (await io.workspace.glob(`${root}/meta.yaml`)).length ? await io.workspace.readText(`${root}/meta.yaml`) : undefined;
    const r = fromMlflow(root, readMlflowRunDir(root, metricFiles, meta), MLFLOW_DIR_EXPECTED, options);
    return { ok: true, file: root, value: r.value, nonFinite: r.nonFinite, notes: r.notes };
  } catch (e) {
    return failed(root, e, MLFLOW_DIR_EXPECTED);
  }
}

/**
 * Read an evaluation report in any supported format, as the model section configures it
 * (`path` or `{path, format, prefix?, task?, model-name?, pos-label?}`). Never throws for bad
 * evidence: the result says what is wrong, naming the file and the first offending path.
 */
export async function loadEvalReport(io: Io, ref: EvalReportRef): Promise<LoadedImport<EvalReport>> {
  const r = normaliseRef(ref);
  if (r.format === 'ml-test-gate') return { ...(await io.store.json(r.path, EVAL_REPORT_JSON)), notes: [] };
  const o = r as Exclude<EvalReportRef, string>;
  const options: EvalReportImportOptions = { prefix: o.prefix, task: o.task, model: o['model-name'], posLabel: o['pos-label'] };
  const format = r.format as Exclude<EvalReportFormat, 'ml-test-gate'>;
  return cached(io.store, `eval-report\u0000${JSON.stringify(o)}`, async () => {
    if (
      format === 'mlflow' &&
      !/\.json$/i.test(r.path) &&
      (await io.workspace.glob(`${r.path.replace(/\/+$/, '')}/metrics/**`)).length > 0
    ) {
      return loadMlflowDir(io, r.path, options);
    }
    if (format === 'mlflow' && !/\.json$/i.test(r.path)) {
      const runs = await mlflowRunsUnder(io, r.path);
      if (runs.length) {
        const shown = runs.slice(0, 3).join(', ');
        const message = `${r.path.replace(/\/+$/, '')} is a folder of MLflow runs, not one run: give one run directory (mlruns/<experiment>/<run>), e.g. ${shown}${runs.length > 3 ? ` (${runs.length} runs found)` : ''}`;
        return { ok: false, file: r.path, message, notes: [] };
      }
    }
    const text = await readText(io, r.path, FORMAT_DESCRIPTIONS[format]);
    if (typeof text !== 'string') return text;
    try {
      const x = importEvalReport(r.path, format, text, options);
      return { ok: true, file: r.path, value: x.value, nonFinite: x.nonFinite, notes: x.notes };
    } catch (e) {
      return failed(r.path, e, FORMAT_DESCRIPTIONS[format]);
    }
  });
}

/** Read a data snapshot in any supported format (`path` or `{path, format, dataset?}`). */
export async function loadSnapshot(io: Io, ref: SnapshotRef, options: Omit<TfdvOptions, 'dataset'> = {}): Promise<LoadedImport<Snapshot>> {
  const r = normaliseRef(ref);
  if (r.format === 'ml-test-gate') return { ...(await io.store.json(r.path, SNAPSHOT_JSON)), notes: [] };
  const o = r as Exclude<SnapshotRef, string>;
  return cached(io.store, `snapshot\u0000${JSON.stringify(o)}\u0000${JSON.stringify(options)}`, async () => {
    const text = await readText(io, r.path, FORMAT_DESCRIPTIONS.tfdv);
    if (typeof text !== 'string') return text;
    try {
      const x = importSnapshot(r.path, 'tfdv', text, { ...options, dataset: o.dataset });
      return { ok: true, file: r.path, value: x.value, nonFinite: x.nonFinite, notes: x.notes };
    } catch (e) {
      return failed(r.path, e, FORMAT_DESCRIPTIONS.tfdv);
    }
  });
}

/** Read computing-performance evidence in any supported format (`path` or `{path, format}`). */
export async function loadPerformance(io: Io, ref: PerformanceRef): Promise<LoadedImport<PerformanceReport>> {
  const r = normaliseRef(ref);
  if (r.format === 'ml-test-gate') return { ...(await io.store.json(r.path, PERFORMANCE_JSON)), notes: [] };
  if (r.format === 'eval-report') {
    const e = await io.store.json(r.path, EVAL_REPORT_JSON);
    if (!e.ok) return { ...e, notes: [] };
    if (!e.value.performance || Object.keys(performanceFromEvalReport(e.value).measures).length === 0) {
      return {
        ok: false,
        file: r.path,
        message: `${r.path}: the evaluation report has no performance figures (performance.latencyMs, throughputPerS, peakMemoryMb, modelSizeMb, trainingTimeS)`,
        notes: [],
      };
    }
    return {
      ok: true,
      file: r.path,
      value: performanceFromEvalReport(e.value),
      nonFinite: e.nonFinite,
      notes: [`${r.path}: one value per figure (evaluation report); repeat measurements to compare with the base branch`],
    };
  }
  if (r.format === 'k6' || r.format === 'locust')
    return loadLoadTest(io, r as Exclude<PerformanceRef, string> & { format: 'k6' | 'locust' });
  const format = r.format as 'pytest-benchmark';
  return cached(io.store, `performance\u0000${r.path}\u0000${format}`, async () => {
    const text = await readText(io, r.path, FORMAT_DESCRIPTIONS[format]);
    if (typeof text !== 'string') return text;
    try {
      const x = importPerformance(r.path, format, text);
      return { ok: true, file: r.path, value: x.value, nonFinite: x.nonFinite, notes: x.notes };
    } catch (e) {
      return failed(r.path, e, FORMAT_DESCRIPTIONS[format]);
    }
  });
}

/** k6 or Locust runs: a path, or a glob whose files are repeated runs of the same load test (one sample each). */
async function loadLoadTest(
  io: Io,
  r: Exclude<PerformanceRef, string> & { format: 'k6' | 'locust' },
): Promise<LoadedImport<PerformanceReport>> {
  return cached(io.store, `performance\u0000${JSON.stringify(r)}`, async () => {
    const expected = FORMAT_DESCRIPTIONS[r.format];
    const glob = /[*?[]/.test(r.path);
    const files = glob ? await io.workspace.glob(r.path) : [r.path];
    if (files.length === 0)
      return {
        ok: false,
        file: r.path,
        message: `no file matches ${r.path} (looked for ${io.workspace.resolve(r.path)}; expected ${expected})`,
        notes: [],
      };
    let history: LocustOptions['history'];
    if (r.history) {
      const h = await readText(io, r.history, 'a Locust PREFIX_stats_history.csv');
      if (typeof h !== 'string') return h;
      history = { file: r.history, text: h };
    }
    const reports: PerformanceReport[] = [];
    const nonFinite: Imported<PerformanceReport>['nonFinite'] = [];
    const notes: string[] = [];
    for (const f of files) {
      const text = await readText(io, f, expected);
      if (typeof text !== 'string') return text;
      try {
        const x = importPerformance(f, r.format, text, {
          prefix: r.prefix,
          latencyMetric: r['latency-metric'],
          endpoint: r.endpoint,
          history: files.length === 1 ? history : undefined,
        });
        reports.push(x.value);
        nonFinite.push(...x.nonFinite);
        notes.push(...x.notes);
      } catch (e) {
        return failed(f, e, expected);
      }
    }
    if (history && files.length > 1)
      notes.push(`${r.history}: a history file goes with a single run; not read for the ${files.length} runs of ${r.path}`);
    const value = poolRuns(files, reports, notes);
    return { ok: true, file: glob ? r.path : files[0], value, nonFinite, notes };
  });
}
