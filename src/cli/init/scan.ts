/**
 * `ml-test-gate init`'s scanner, pure: from the repository's file list and the first bytes of the
 * files that could be evidence, what each file is: prediction files (recognised by their columns),
 * data files, snapshots and schemas, evaluation reports (ours, DVC metrics named in dvc.yaml, MLflow
 * run directories, scikit-learn classification reports), JUnit XML (by its root element), benchmark
 * results, importance reports, model specs and dependency manifests. Nothing here reads a disk.
 */
import { parse as parseYaml } from 'yaml';
import { DEPENDENCY_FILES } from '../../assertions/model/review.js';
import { unknownFormatReason } from '../../evidence/formats.js';
import { parseJson } from '../../evidence/json.js';

export interface ScannedFile {
  /** Repository-relative, with forward slashes. */
  path: string;
  size: number;
  /** The first bytes as text (decompressed for .gz), for files that may be evidence; undefined otherwise. */
  head?: string;
  /** True when `head` is the whole file. */
  complete?: boolean;
}

export type TableFormat = 'csv' | 'tsv' | 'jsonl';
export type Task = 'binary' | 'multiclass' | 'regression';

export interface PredictionFile {
  path: string;
  task: Task;
  columns: { label: string; score?: string; scores?: string[]; prediction?: string; id?: string };
  classes?: string[];
  /** Categorical columns with a few values: slices (model-6). */
  slices: string[];
  /** Sensitive-attribute columns among them: inclusion groups (model-7, binary tasks). */
  groups: string[];
  role: 'head' | 'base' | 'simpler' | 'rerun';
}

export type EvalFormat = 'ml-test-gate' | 'dvc' | 'mlflow' | 'sklearn-report';

export interface EvalReportFound {
  path: string;
  format: EvalFormat;
  /** DVC: the first segment every metric name shares (`test.`), stripped. */
  prefix?: string;
}

export interface Findings {
  predictions: PredictionFile[];
  training?: string;
  serving?: string;
  /** The columns of the training and serving tables (raw data), for a draft schema. */
  trainingColumns?: string[];
  servingColumns?: string[];
  schema?: string;
  evalReports: EvalReportFound[];
  junit: { feature: string[]; model: string[]; pipeline: string[]; other: string[] };
  benchmarks: Array<{ path: string; format: 'pytest-benchmark' | 'k6' | 'locust' }>;
  importance?: string;
  modelSpecs: string[];
  dependencies: string[];
  mlflowRuns: string[];
  /** Other prediction files of the same kind as the head, not used (one model's predictions are the head; the rest are named for the user to assign). */
  otherPredictions?: string[];
  /** Tables that look like evidence but cannot be read as they are (a `;` CSV, Parquet), with why and how to convert them. */
  notRead?: Array<{ path: string; reason: string }>;
}

/** Folders never scanned: dependencies, virtual environments, caches, version control, our own output. */
export const SKIP_DIRS = new Set([
  '.git',
  'node_modules',
  '.venv',
  'venv',
  'env',
  '__pycache__',
  '.tox',
  '.mypy_cache',
  '.pytest_cache',
  'site-packages',
  '.dvc',
  '.ci',
]);

/** Whether the I/O layer should read the first bytes of a file (it may be evidence). */
export function wantsHead(file: string): boolean {
  const base = file.split('/').pop() ?? file;
  if (/^dvc\.ya?ml$/.test(base) || /(^|\/)mlruns\/.*\/meta\.yaml$/.test(file)) return true;
  return /\.(csv|tsv|tab|jsonl|ndjson)(\.gz)?$|\.(json|xml)$/i.test(base);
}

// ---------------------------------------------------------------- tables

export const NAMES = {
  label: /^(label|labels|target|y|y_true|ytrue|truth|ground_truth|actual|outcome|class|churn(ed)?|default(ed)?|is_fraud|fraud|converted)$/i,
  score:
    /^(score|prob|proba|probability|p|y_score|y_prob|y_proba|pred_proba|predicted_proba|predicted_probability|prediction_score|p1|prob_1|proba_1|probability_1|risk|risk_score)$/i,
  scores: /^(prob|proba|probability|p|score)_(.+)$/i,
  prediction: /^(pred|prediction|predicted|y_pred|ypred|yhat|y_hat|predicted_label|predicted_class)$/i,
  id: /^(id|uuid|key|row_id|example_id|[a-z0-9]+_id)$/i,
  sensitive: /^(sex|gender|age_band|age_group|agegroup|race|ethnicity|religion|disability|nationality|marital_status)$/i,
};

function splitLine(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((c) => c.trim());
}

export function tableFormat(file: string): TableFormat | undefined {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.tsv') || name.endsWith('.tab')) return 'tsv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  return undefined;
}

/** The columns and up to 200 sample records of a table's head (the last, possibly cut, line is dropped). */
export function sampleTable(file: string, head: string, complete: boolean): { columns: string[]; rows: string[][] } | null {
  const format = tableFormat(file);
  if (!format) return null;
  const lines = head.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!complete) lines.pop();
  const nonEmpty = lines.filter((l) => l.trim() !== '').slice(0, 201);
  if (nonEmpty.length === 0) return null;
  if (format === 'jsonl') {
    const recs: Array<Record<string, unknown>> = [];
    for (const l of nonEmpty) {
      try {
        const v = JSON.parse(l);
        if (v && typeof v === 'object' && !Array.isArray(v)) recs.push(v as Record<string, unknown>);
      } catch {
        return null;
      }
    }
    if (!recs.length) return null;
    const columns = Object.keys(recs[0]);
    return { columns, rows: recs.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c])))) };
  }
  const sep = format === 'tsv' ? '\t' : ',';
  const [header, ...rest] = nonEmpty.map((l) => splitLine(l, sep));
  // an empty name is pandas' index column, which the table reader names as pandas does
  return { columns: header.map((c, i) => c || `Unnamed: ${i}`), rows: rest };
}

const isNum = (s: string) => s !== '' && Number.isFinite(Number(s));
const distinct = (rows: string[][], i: number) => new Set(rows.map((r) => r[i] ?? '').filter((v) => v !== ''));

/** Slices and sensitive groups: text columns with 2..20 values in the sample, other than the roles. */
function categorical(columns: string[], rows: string[][], taken: Set<string>): { slices: string[]; groups: string[] } {
  const slices: string[] = [];
  columns.forEach((c, i) => {
    if (taken.has(c) || NAMES.id.test(c)) return;
    const values = distinct(rows, i);
    const numeric = [...values].every(isNum);
    if (values.size >= 2 && values.size <= 20 && (!numeric || NAMES.sensitive.test(c))) slices.push(c);
  });
  return { slices, groups: slices.filter((c) => NAMES.sensitive.test(c)) };
}

function binaryClasses(values: Set<string>): string[] | undefined {
  const v = [...values].sort();
  if (v.length !== 2) return undefined;
  if (v[0] === '0' && v[1] === '1') return undefined; // the default
  if (v[0].toLowerCase() === 'false' && v[1].toLowerCase() === 'true') return [v[0], v[1]];
  return undefined;
}

/** A prediction file from its columns: a label, and a score, per-class scores or a predicted value. */
export function predictionColumns(file: string, columns: string[], rows: string[][]): Omit<PredictionFile, 'role'> | null {
  const find = (re: RegExp) => columns.find((c) => re.test(c));
  const label = find(NAMES.label);
  if (!label) return null;
  const li = columns.indexOf(label);
  const labels = distinct(rows, li);
  const id = find(NAMES.id);
  const score = find(NAMES.score);
  const prediction = find(NAMES.prediction);
  const multi = columns.filter((c) => c !== label && NAMES.scores.test(c) && !NAMES.score.test(c));
  const taken = new Set([label, score, prediction, id, ...multi].filter((c): c is string => !!c));
  const cat = categorical(columns, rows, taken);
  // per-class score columns: multiclass, also with two named classes (prob_cat, prob_dog) and no single score column
  if (multi.length >= 2 && (labels.size > 2 || (labels.size === 2 && !score))) {
    const classes = multi.map((c) => NAMES.scores.exec(c)![2]);
    return { path: file, task: 'multiclass', columns: { label, scores: multi, id }, classes, slices: cat.slices, groups: [] };
  }
  if (score && labels.size <= 2 && rows.every((r) => r[columns.indexOf(score)] === '' || isNum(r[columns.indexOf(score)]))) {
    return {
      path: file,
      task: 'binary',
      columns: { label, score, id },
      classes: binaryClasses(labels),
      slices: cat.slices,
      groups: cat.groups,
    };
  }
  if (!prediction) return null;
  const numericLabels = [...labels].every(isNum);
  const regression = numericLabels && (labels.size > 10 || [...labels].some((v) => !Number.isInteger(Number(v))));
  if (regression) return { path: file, task: 'regression', columns: { label, prediction, id }, slices: cat.slices, groups: [] };
  const task: Task = labels.size <= 2 ? 'binary' : 'multiclass';
  return { path: file, task, columns: { label, prediction, id }, slices: cat.slices, groups: task === 'binary' ? cat.groups : [] };
}

const ROLE = {
  base: /(^|[^a-z])(base|baseline|main|master|prev|previous|champion|old|production|prod)([^a-z]|$)/i,
  simpler: /(simple|simpler|logreg|logistic|linear|dummy|naive|heuristic)/i,
  rerun: /(rerun|re-run|repro|reproduc|second|run2|seed2)/i,
};

/** Which prediction file is the head model's, the base branch's, a simpler model's or a rerun's (by name). */
function assignRoles(found: Array<Omit<PredictionFile, 'role'>>): PredictionFile[] {
  const named = (p: Omit<PredictionFile, 'role'>): PredictionFile['role'] => {
    const name = p.path.split('/').pop() ?? p.path;
    if (ROLE.simpler.test(name)) return 'simpler';
    if (ROLE.rerun.test(name)) return 'rerun';
    if (ROLE.base.test(name)) return 'base';
    return 'head';
  };
  const out = found.map((p) => ({ ...p, role: named(p) }));
  const heads = out.filter((p) => p.role === 'head');
  // the head: the largest sample of columns, then the shortest path; other unnamed files are left out
  const head = heads.sort((a, b) => b.slices.length - a.slices.length || a.path.length - b.path.length)[0];
  return out.filter((p) => p.role !== 'head' || p === head);
}

// ---------------------------------------------------------------- JSON, XML, YAML evidence

function json(f: ScannedFile): Record<string, unknown> | null {
  if (!f.head || !f.complete) return null;
  try {
    // as the gate reads JSON: Python's json.dump writes NaN and Infinity bare (DVC metrics, reports)
    const v = parseJson(f.head).value;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Numeric leaves, flattened to dotted names. */
function flatNumbers(v: unknown, prefix = '', out: Record<string, number> = {}): Record<string, number> {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) flatNumbers(x, prefix ? `${prefix}.${k}` : k, out);
  } else if (typeof v === 'number' && Number.isFinite(v)) out[prefix] = v;
  return out;
}

/** A DVC metrics file's document: JSON, or YAML by extension (TOML is left to the importer: no prefix guessed). */
function dvcDocument(f: ScannedFile): unknown {
  if (!/\.ya?ml$/i.test(f.path)) return json(f) ?? (/\.toml$/i.test(f.path) ? {} : null);
  try {
    return f.complete ? parseYaml(f.head ?? '') : null;
  } catch {
    return null;
  }
}

/** DVC metrics: a common first segment (test., eval.) becomes the prefix. */
function dvcMetrics(path: string, doc: unknown): EvalReportFound | null {
  if (doc === null) return null;
  const flat = flatNumbers(doc);
  const names = Object.keys(flat);
  // named in dvc.yaml: DVC evidence even when it holds no number (the gate then says what is wrong)
  if (!names.length) return { path, format: 'dvc' };
  const first = names[0].split('.')[0];
  const prefix = names.length > 1 && names.every((n) => n.startsWith(`${first}.`)) ? `${first}.` : undefined;
  return { path, format: 'dvc', prefix };
}

/** The metrics files a dvc.yaml names (stages' `metrics:` and the top-level `metrics:` list). */
export function dvcMetricsFiles(yamlText: string): string[] {
  let doc: unknown;
  try {
    doc = parseYaml(yamlText);
  } catch {
    return [];
  }
  const out: string[] = [];
  const take = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const m of list) {
      if (typeof m === 'string') out.push(m);
      else if (m && typeof m === 'object') out.push(...Object.keys(m));
    }
  };
  const d = doc as { metrics?: unknown; stages?: Record<string, { metrics?: unknown }> } | null;
  take(d?.metrics);
  for (const st of Object.values(d?.stages ?? {})) take(st?.metrics);
  return [...new Set(out)];
}

function junitKind(f: ScannedFile): Array<'feature' | 'model' | 'pipeline'> | null {
  const head = f.head ?? '';
  const root = /^(?:\uFEFF)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<(testsuites|testsuite)[\s>]/.exec(head);
  if (!root) return null;
  const name = f.path.toLowerCase();
  if (/pipeline|integration|e2e|end[-_]?to[-_]?end/.test(name)) return ['pipeline'];
  if (/feature/.test(name)) return ['feature'];
  if (/model/.test(name)) return ['model'];
  // one report for the whole suite: its test cases say which kinds of tests it holds
  const cases = [...head.matchAll(/<testcase\b[^>]*\b(?:classname|name|file)="([^"]*)"/g)].map((m) => m[1].toLowerCase()).join(' ');
  const kinds: Array<'feature' | 'model' | 'pipeline'> = [];
  if (/feature/.test(cases)) kinds.push('feature');
  if (/model/.test(cases)) kinds.push('model');
  if (/pipeline|integration|e2e|end_to_end/.test(cases)) kinds.push('pipeline');
  return kinds;
}

const MODEL_SPEC =
  /(^|\/)(params\.ya?ml|hparams\.ya?ml|MLproject|model[^/]*\.(ya?ml|json|toml|cfg))$|(^|\/)(models?|configs?\/models?)\/[^/]+\.(ya?ml|toml|cfg)$/i;

function isDependency(file: string): boolean {
  const base = file.split('/').pop() ?? file;
  return DEPENDENCY_FILES.some((d) => d.re.test(base));
}

/** The MLflow run directories (mlruns/<experiment>/<run>/ with metrics/), newest first by meta.yaml end_time. */
function mlflowRuns(files: readonly ScannedFile[]): string[] {
  const runs = new Map<string, number>();
  for (const f of files) {
    const m = /^(.*?(?:^|\/)mlruns\/[^/]+\/[^/]+)\/metrics\/./.exec(f.path);
    if (m && !runs.has(m[1])) runs.set(m[1], 0);
  }
  for (const f of files) {
    const m = /^(.*)\/meta\.yaml$/.exec(f.path);
    if (!m || !runs.has(m[1]) || !f.head) continue;
    const end = /^end_time:\s*(\d+)/m.exec(f.head);
    runs.set(m[1], end ? Number(end[1]) : 0);
  }
  return [...runs].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([d]) => d);
}

function evalReportOf(f: ScannedFile, doc: Record<string, unknown>): EvalReportFound | null {
  if (doc.kind === 'ml-test-gate/eval-report' || (doc.schemaVersion === 1 && doc.model && doc.metrics && doc.task)) {
    return { path: f.path, format: 'ml-test-gate' };
  }
  if ('macro avg' in doc && 'weighted avg' in doc) return { path: f.path, format: 'sklearn-report' };
  return null;
}

const TRAINING = /(^|[^a-z])(train|training)([^a-z]|$)/i;
const SERVING = /(^|[^a-z])(serving|serve|prod|production|live|inference|online|recent)([^a-z]|$)/i;

/** Everything the scanner recognises, each file once. */
export function scanFiles(files: readonly ScannedFile[]): Findings {
  const out: Findings = {
    predictions: [],
    evalReports: [],
    junit: { feature: [], model: [], pipeline: [], other: [] },
    benchmarks: [],
    modelSpecs: [],
    dependencies: [],
    mlflowRuns: mlflowRuns(files),
  };
  const dvcFiles = new Set(files.filter((f) => /(^|\/)dvc\.ya?ml$/.test(f.path) && f.head).flatMap((f) => dvcMetricsFiles(f.head!)));
  const predictions: Array<Omit<PredictionFile, 'role'>> = [];
  for (const f of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    if (isDependency(f.path)) out.dependencies.push(f.path);
    if (MODEL_SPEC.test(f.path) && !/(^|\/)mlruns\//.test(f.path)) out.modelSpecs.push(f.path);
    // columnar files are not read (their head is binary): said, with how to convert them
    if (/\.(parquet|pq|feather|arrow)$/i.test(f.path)) (out.notRead ??= []).push({ path: f.path, reason: unknownFormatReason(f.path) });
    if (!f.head) continue;
    classifyOne(f, out, predictions, dvcFiles);
  }
  out.predictions = assignRoles(predictions);
  const other = predictions.filter((p) => !out.predictions.some((q) => q.path === p.path)).map((p) => p.path);
  if (other.length) out.otherPredictions = other;
  return out;
}

function classifyOne(f: ScannedFile, out: Findings, predictions: Array<Omit<PredictionFile, 'role'>>, dvcFiles: Set<string>): void {
  const name = f.path.split('/').pop() ?? f.path;
  if (/\.xml$/i.test(name)) {
    const kinds = junitKind(f);
    if (kinds === null) return;
    if (kinds.length === 0) out.junit.other.push(f.path);
    for (const k of kinds) out.junit[k].push(f.path);
    return;
  }
  if (tableFormat(name)) {
    if (/_stats\.csv$/i.test(name) && /^"?Type"?,"?Name"?,"?Request Count"?/.test(f.head ?? '')) {
      out.benchmarks.push({ path: f.path, format: 'locust' });
      return;
    }
    const t = sampleTable(f.path, f.head!, !!f.complete);
    if (!t) return;
    const other = t.columns.length === 1 ? [';', '\t', '|'].find((d) => t.columns[0].includes(d)) : undefined;
    if (other && tableFormat(name) === 'csv') {
      const d = other === '\t' ? 'tab' : `"${other}"`;
      (out.notRead ??= []).push({
        path: f.path,
        reason: `its header looks ${d}-delimited, and .csv files are read comma-separated: re-export it with commas (pandas: to_csv(path, index=False))`,
      });
      return;
    }
    const p = predictionColumns(f.path, t.columns, t.rows);
    if (p) predictions.push(p);
    else if (TRAINING.test(name) && !out.training) {
      out.training = f.path;
      out.trainingColumns = t.columns;
    } else if (SERVING.test(name) && !out.serving) {
      out.serving = f.path;
      out.servingColumns = t.columns;
    }
    return;
  }
  if (dvcFiles.has(f.path)) {
    const d = dvcMetrics(f.path, dvcDocument(f));
    if (d) out.evalReports.push(d);
    return;
  }
  const doc = json(f);
  if (!doc) return;
  if (doc.kind === 'ml-test-gate/snapshot') {
    if (TRAINING.test(name) && !out.training) out.training = f.path;
    else if (SERVING.test(name) && !out.serving) out.serving = f.path;
  } else if (doc.kind === 'ml-test-gate/data-schema') out.schema ??= f.path;
  else if (Array.isArray(doc.benchmarks) && doc.machine_info) out.benchmarks.push({ path: f.path, format: 'pytest-benchmark' });
  else if (doc.metrics && typeof doc.metrics === 'object' && 'http_req_duration' in (doc.metrics as object))
    out.benchmarks.push({ path: f.path, format: 'k6' });
  else if (doc.schemaVersion === 1 && typeof doc.method === 'string' && doc.features && typeof doc.features === 'object')
    out.importance ??= f.path;
  else {
    const e = evalReportOf(f, doc);
    if (e) out.evalReports.push(e);
  }
}
