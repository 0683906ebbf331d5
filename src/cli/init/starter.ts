/**
 * `ml-test-gate init`'s writer, pure: the starter config (commented YAML, each key with the rubric
 * test it earns) and the workflow, from what the scanner found. Floors for `model.thresholds` come
 * from the metrics of a first evaluation (today's values, loosened); `min-score` from the second.
 */
import { directionOf } from '../../assertions/shared/metric-direction.js';
import type { NextStep } from '../../report/roadmap.js';
import type { DataSchema } from '../../schemas/data-schema.js';
import { NAMES, type EvalReportFound, type Findings, type PredictionFile } from './scan.js';

/** The name the table reader (like pandas) gives an unnamed header cell: pandas' row index, written by to_csv() without index=False. */
const PANDAS_INDEX = /^Unnamed: \d+$/;

export interface StarterOptions {
  /** Metric -> today's value, from a first evaluation: floors are set a little below it. */
  metrics?: Record<string, number>;
  /** Performance budgets from a first evaluation's measurements (generous: twice today's latency). */
  budgets?: Record<string, { max?: number; min?: number }>;
  /** Today's final score: the starter's min-score. */
  minScore?: number;
  /** What the config does not earn yet (the roadmap), listed at the end as comments. */
  missing?: readonly NextStep[];
  /** Evidence found but left out because the gate could not read it, with why. */
  leftOut?: ReadonlyArray<{ path: string; reason: string }>;
  /** The schema was drafted by init from the training data. */
  draftedSchema?: boolean;
  /** A first evaluation, only to read today's metrics: the predictions without comparisons, slices or groups. */
  probe?: boolean;
}

const RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

/** A YAML scalar: plain when safe, else a JSON string (valid YAML). */
export function scalar(v: string | number | boolean): string {
  if (typeof v !== 'string') return String(v);
  if (/^[A-Za-z_./][A-Za-z0-9_./*+-]*$/.test(v) && !RESERVED.test(v)) return v;
  return JSON.stringify(v);
}

const list = (xs: readonly string[]) => `[${xs.map(scalar).join(', ')}]`;
const map = (o: Record<string, string | number | boolean | undefined>) =>
  `{ ${Object.entries(o)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${scalar(v!)}`)
    .join(', ')} }`;

/** A line with a comment aligned at column 44. */
const line = (text: string, comment?: string) => (comment ? `${text.padEnd(43)} # ${comment}` : text);

/** The key metric of a task: the one compared with the base branch and given a floor. */
export function keyMetric(task: PredictionFile['task'] | undefined, available: readonly string[]): string | undefined {
  const prefs =
    task === 'regression'
      ? ['rmse', 'mae', 'r2']
      : task === 'multiclass'
        ? ['accuracy', 'f1_macro']
        : ['roc_auc', 'average_precision', 'accuracy', 'f1'];
  return prefs.find((m) => available.includes(m)) ?? (available.length ? available[0] : undefined);
}

/** A loose floor: 0.02 below today's value (higher is better), or 10% above it (lower is better), rounded outwards. */
export function floorOf(metric: string, value: number): { min?: number; max?: number } {
  if (directionOf(metric) === 'higher') return { min: Math.floor((value - 0.02) * 100) / 100 };
  return { max: Math.ceil(value * 1.1 * 1000) / 1000 };
}

function predictionLines(f: Findings, o: StarterOptions): string[] {
  const head = f.predictions.find((p) => p.role === 'head');
  if (!head) return [];
  const base = f.predictions.find((p) => p.role === 'base');
  const cols = head.columns;
  const out = [line('  predictions:', 'metrics computed from the prediction file, with intervals'), `    file: ${scalar(head.path)}`];
  if (base) out.push(line(`    base: ${scalar(base.path)}`, "the base branch's model on the same examples (paired by id)"));
  out.push(`    task: ${head.task}`);
  const scores = cols.scores ? `scores: ${list(cols.scores)}, ` : '';
  out.push(
    `    columns: ${map({ label: cols.label, score: cols.score, prediction: cols.prediction, id: cols.id }).replace('{ ', `{ ${scores}`)}`,
  );
  if (head.classes) out.push(`    classes: ${list(head.classes)}`);
  if (o.probe) return out;
  const metric = o.metrics ? keyMetric(head.task, Object.keys(o.metrics)) : undefined;
  if (metric && o.metrics) out.push(...floorLines(metric, o.metrics[metric]));
  if (base && metric) {
    out.push(line('  comparison:', "monitor-7 and infra-4: head vs the base branch's model, paired"));
    out.push(`    metrics: ${list([metric])}`, line('    tolerance: { absolute: 0.01 }', 'the largest drop allowed'));
  }
  const simpler = f.predictions.find((p) => p.role === 'simpler');
  if (simpler && metric)
    out.push(
      line('  simpler-model:', 'model-5: the model must beat this simpler one'),
      `    metric: ${metric}`,
      `    predictions: ${scalar(simpler.path)}`,
    );
  // slices are judged against the base model's: without a base, nothing would judge them (model-6 an error)
  if (head.slices.length && base && metric)
    out.push(line('  slices:', 'model-6: quality on each slice'), `    columns: ${list(head.slices.slice(0, 4))}`);
  else if (head.slices.length)
    out.push(
      `  # slices: { columns: ${list(head.slices.slice(0, 4))}, thresholds: { ${metric ?? 'METRIC'}: { min: ... } } }   # model-6: set a floor per slice, or add the base model's predictions`,
    );
  if (head.task === 'binary' && head.groups.length && (cols.score || cols.prediction))
    out.push(
      line('  inclusion:', 'model-7: fairlearn definitions'),
      `    groups: ${list(head.groups)}`,
      line('    limits: { demographic_parity_ratio: 0.8 }', 'the four-fifths rule'),
    );
  const rerun = f.predictions.find((p) => p.role === 'rerun');
  if (rerun) out.push(line('  reproducibility:', 'infra-1: a second training agrees'), `    predictions: ${list([head.path, rerun.path])}`);
  return out;
}

function floorLines(metric: string, value: number): string[] {
  const b = floorOf(metric, value);
  return [
    line('  thresholds:', "infra-4: starter floors just below today's values; set what must never be crossed"),
    `    ${metric}: ${map(b)}`,
  ];
}

function evalRef(e: EvalReportFound): string {
  return e.format === 'ml-test-gate' ? scalar(e.path) : map({ path: e.path, format: e.format, prefix: e.prefix });
}

function modelSection(f: Findings, o: StarterOptions): string[] {
  const lines = predictionLines(f, o);
  const reports = [...f.evalReports, ...f.mlflowRuns.map((path): EvalReportFound => ({ path, format: 'mlflow' }))];
  if (lines.length) {
    // the metrics come from the predictions; a report read for nothing would earn nothing
    for (const x of reports.slice(0, 3))
      lines.push(
        `  # eval-report: ${evalRef(x)}   # found; with prediction files it adds model-5 (baselineModel) and monitor-4 (trainedAt)`,
      );
  } else if (reports.length) {
    const [report, ...others] = reports;
    lines.push(line(`  eval-report: ${evalRef(report)}`, 'infra-4 with thresholds; monitor-5'));
    for (const x of others.slice(0, 3)) lines.push(`  # eval-report: ${evalRef(x)}   # also found`);
    const metric = o.metrics ? keyMetric(undefined, Object.keys(o.metrics)) : undefined;
    if (metric && o.metrics) lines.push(...floorLines(metric, o.metrics[metric]));
  }
  return lines.length ? ['model:', ...lines] : [];
}

function dataSection(f: Findings, drafted: boolean): string[] {
  const lines: string[] = [];
  if (f.training) lines.push(line(`  training: ${scalar(f.training)}`, f.serving ? 'monitor-3 with serving' : 'data-1 with a schema'));
  if (f.serving)
    lines.push(line(`  serving: ${scalar(f.serving)}`, f.training ? 'monitor-3: training/serving skew' : 'monitor-2 with a schema'));
  if (f.schema)
    lines.push(
      line(
        `  schema: ${scalar(f.schema)}`,
        drafted ? 'data-1, monitor-2: a draft from the training data; edit it' : 'data-1 and monitor-2',
      ),
    );
  else if (f.training)
    lines.push(
      `  # schema: data/schema.json             # data-1, monitor-2: ml-test-gate infer-schema ${f.training} --out data/schema.json`,
    );
  const trainingOnly = f.serving ? (f.trainingColumns ?? []).filter((c) => !(f.servingColumns ?? []).includes(c)) : [];
  const index = f.serving ? (f.trainingColumns ?? []).filter((c) => PANDAS_INDEX.test(c) && !trainingOnly.includes(c)) : [];
  const ids = f.serving ? (f.trainingColumns ?? []).filter((c) => NAMES.id.test(c) && !trainingOnly.includes(c)) : [];
  if (f.training && (trainingOnly.length || index.length || ids.length))
    lines.push(
      line('  skew:', 'monitor-3'),
      '    features:',
      ...index.map((c) => line(`      ${scalar(c)}: { ignore: true }`, "pandas' row index (to_csv without index=False), not a feature")),
      ...ids.slice(0, 10).map((c) => line(`      ${scalar(c)}: { ignore: true }`, 'an id, not a feature: new ids are not skew')),
      ...trainingOnly.slice(0, 20).map((c) => line(`      ${scalar(c)}: { ignore: true }`, 'in the training data only (the label?)')),
    );
  if (f.importance) lines.push(line(`  importance: { report: ${scalar(f.importance)} }`, 'data-2'));
  return lines.length ? ['data:', ...lines] : [];
}

function testsSection(f: Findings): string[] {
  const lines: string[] = [];
  const one = (xs: string[]) => (xs.length === 1 ? scalar(xs[0]) : list(xs));
  if (f.junit.feature.length) lines.push(line(`  feature: ${one(f.junit.feature)}`, 'data-7'));
  if (f.junit.model.length) lines.push(line(`  model: ${one(f.junit.model)}`, 'infra-2'));
  if (f.junit.pipeline.length) lines.push(line(`  pipeline: ${one(f.junit.pipeline)}`, 'infra-3'));
  const assigned = lines.length > 0;
  for (const x of f.junit.other)
    lines.push(`  # JUnit report found: ${x}; give it to feature (data-7), model (infra-2) or pipeline (infra-3)`);
  if (!lines.length) return [];
  // a `tests:` key with only comments under it is null in YAML, which the schema refuses
  return [assigned ? 'tests:' : '# tests:', ...lines];
}

function reviewSection(f: Findings): string[] {
  if (!f.dependencies.length && !f.modelSpecs.length) return [];
  const deps = f.dependencies.length
    ? `monitor-1: changes to ${f.dependencies.slice(0, 3).join(', ')}${f.dependencies.length > 3 ? '...' : ''} are announced`
    : 'model-1';
  const lines = [line('review:', deps)];
  if (f.modelSpecs.length) lines.push(line(`  model-specs: ${list(f.modelSpecs.slice(0, 6))}`, 'model-1: flagged for review when changed'));
  else lines.push('  dependencies: true');
  // no manifest to watch: monitor-1 would be an error on the first run; it is off until there is one
  if (!f.dependencies.length)
    lines.push(line('  dependencies: false', 'monitor-1: no dependency manifest found; set true when you add one'));
  return lines;
}

function infraSection(f: Findings, o: StarterOptions): string[] {
  if (!f.benchmarks.length) return [];
  const ev = f.benchmarks.slice(0, 4).map((b) => `      - ${map({ path: b.path, format: b.format })}`);
  const lines = ['infra:', line('  performance:', 'monitor-6: budgets, and the base branch within 10%'), '    evidence:', ...ev];
  const budgets = Object.entries(o.budgets ?? {});
  if (budgets.length) {
    lines.push(line('    budgets:', "starters at twice today's latency (half its throughput): tighten them"));
    for (const [name, b] of budgets) lines.push(`      ${scalar(name)}: ${map(b)}`);
  }
  return lines;
}

/** A generous budget for a measure: twice today's value (lower is better), or half of it (higher is better), to 3 significant digits. */
export function budgetOf(value: number, direction: 'lower' | 'higher'): { max?: number; min?: number } {
  const round = (v: number) => Number(v.toPrecision(3));
  return direction === 'lower' ? { max: round(value * 2) } : { min: round(value / 2) };
}

function missingLines(missing: readonly NextStep[]): string[] {
  if (!missing.length) return [];
  const out = ['', '# Not earned yet, cheapest first (`ml-test-gate explain` says more; each links docs/rubric/<id>.md):'];
  for (const s of missing.slice(0, 12))
    out.push(`#   ${s.test} (+${s.gain}): ${s.keys.length ? s.keys.join(', ') : 'no key'}: ${s.evidence}`);
  if (missing.length > 12) out.push(`#   ... ${missing.length - 12} more`);
  return out;
}

/** The starter config as commented YAML (a valid config: init checks it before writing). */
export function starterConfig(f: Findings, o: StarterOptions = {}): string {
  const gate = ['gate:'];
  if (o.minScore !== undefined) gate.push(line(`  min-score: ${o.minScore}`, "today's score: raise it as the repository earns more"));
  gate.push(line('  max-score-drop: 0.5', 'fail when a pull request lowers the score by more than this'));
  const sections = [modelSection(f, o), dataSection(f, !!o.draftedSchema), testsSection(f), reviewSection(f), infraSection(f, o)].filter(
    (s) => s.length,
  );
  const out = [
    '# yaml-language-server: $schema=https://raw.githubusercontent.com/ml-test-gate/ml-test-gate/main/schemas/config.schema.json',
    '# ml-test-gate config, written by `ml-test-gate init` from the evidence found in this repository.',
    '# Paths are relative to the repository root. The comment on each key names the ML Test Score test it',
    '# earns. Every key: https://github.com/ml-test-gate/ml-test-gate/blob/main/docs/config-reference.md',
    'version: 1',
    '',
    ...gate,
  ];
  for (const s of sections) out.push('', ...s);
  if (o.leftOut?.length) {
    out.push('', '# Found but left out: the gate could not read them as they are:');
    for (const x of o.leftOut) out.push(`#   ${x.path}: ${x.reason.replace(/\s+/g, ' ').slice(0, 200)}`);
  }
  out.push(...missingLines(o.missing ?? []));
  return `${out.join('\n')}\n`;
}

/** The files the config reads, for the workflow's comment (the steps before the gate must write them). */
export function evidencePaths(f: Findings): string[] {
  return [
    ...f.predictions.map((p) => p.path),
    ...(f.training ? [f.training] : []),
    ...(f.serving ? [f.serving] : []),
    ...(f.predictions.length ? [] : f.evalReports[0] ? [f.evalReports[0].path] : f.mlflowRuns.slice(0, 1)),
    ...f.junit.feature,
    ...f.junit.model,
    ...f.junit.pipeline,
    ...f.benchmarks.map((b) => b.path),
  ];
}

/** `.github/workflows/ml-test-gate.yml`: the gate on pull requests and on pushes to the default branch (the baselines). */
export function starterWorkflow(f: Findings): string {
  const files = [...new Set(evidencePaths(f))];
  const listed = files.slice(0, 12).map((p) => `      #   ${p}`);
  if (files.length > 12) listed.push(`      #   ... and ${files.length - 12} more`);
  return [
    '# Written by `ml-test-gate init`. The gate runs on every pull request; each run on main uploads the',
    '# report that the next pull request compares with.',
    'name: ML Test Score',
    'on:',
    '  pull_request:',
    '  push:',
    '    branches: [main]',
    'permissions:',
    '  contents: read',
    '  pull-requests: write      # the sticky comment',
    "  actions: read             # the base branch's report artifact",
    'jobs:',
    '  gate:',
    '    runs-on: ubuntu-latest',
    "    timeout-minutes: 20       # a run-wide deadline: a hung step (or API) cannot hold the runner for GitHub's 6 hours",
    '    steps:',
    '      - uses: actions/checkout@v5',
    '      # Your steps that train or evaluate the model and write the evidence go here, unless the files',
    '      # are committed. The config reads:',
    ...listed,
    '      - uses: ml-test-gate/ml-test-gate@v1',
    '        with:',
    '          config: .github/ml-test-gate.yml',
    '',
  ].join('\n');
}

/**
 * A draft schema from the training data's profile (`inferSchema`), for a person to edit: only the
 * features serving data also has (a label is not a serving input), numeric ranges widened by a quarter
 * of the observed span on each side (a new sample should not fall outside by chance), never below 0
 * for a feature that never was.
 */
export function draftSchema(inferred: DataSchema, keep?: readonly string[]): DataSchema {
  const features = inferred.features
    // a column the serving data lacks (the label) stays in the schema, optional: the training data has it
    .map((f) => ((keep ? keep.includes(f.name) : !NAMES.label.test(f.name)) ? f : { ...f, required: false }))
    // pandas' row index counts rows: no range (a larger serving file is not an anomaly), optional
    .map((f) => (PANDAS_INDEX.test(f.name) ? { ...f, required: false, range: undefined } : f))
    // an id counts too: serving brings new ones beyond the training range
    .map((f) => (NAMES.id.test(f.name) && f.range ? { ...f, range: undefined } : f))
    .map((f) => {
      if (!f.range || f.range.min === undefined || f.range.max === undefined) return f;
      const pad = (f.range.max - f.range.min) / 4;
      const int = f.type === 'int';
      const lo = f.range.min >= 0 ? Math.max(0, f.range.min - pad) : f.range.min - pad;
      const hi = f.range.max + pad;
      const round = (v: number, up: boolean) =>
        int ? (up ? Math.ceil(v) : Math.floor(v)) : Number((up ? Math.ceil(v * 100) : Math.floor(v * 100)) / 100);
      return { ...f, range: { min: round(lo, false), max: round(hi, true) } };
    });
  return { ...inferred, features };
}
