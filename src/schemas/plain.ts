/**
 * The report-level config, evaluation report and baseline report read without zod (cold start, issue
 * 15), like src/data/snapshot-plain.ts reads snapshots: a plain check of every rule of the schema that
 * gives exactly what the schema's parse gives (the same objects, keys in the schema's order, defaults
 * filled in) when the input is valid and in the common form, and undefined on anything else, so that
 * the schema then reads it and reports its errors as before. zod stays the one definition of the
 * formats; test/schemas/plain.test.ts checks each check against its schema (valid inputs, every single
 * change to them) and the key lists against the schema's. A run whose inputs all pass loads no zod
 * (test/build/loaded.test.ts): its 100 KB chunk alone cost about 37 ms to load on Node 24, before
 * building a schema.
 */
import { RUBRIC_IDS, SECTIONS } from './rubric-ids.js';
import { DEFAULT_LIMITS, EVAL_REPORT_KIND, EVAL_REPORT_VERSION, REPORT_VERSION, STATUSES, TASKS } from './constants.js';
import type { Config } from './config.js';
import type { EvalReport } from './eval-report.js';
import type { BaselineReport } from './report-core.js';
import {
  no,
  attempt,
  has,
  strict,
  loose,
  num,
  between,
  nonNegative,
  count,
  positiveInt,
  str,
  nonEmpty,
  oneOf,
  nullable,
  arr,
  arrayOf,
  recordOf,
  opt,
  withDefault,
  isoDateTime,
  type Obj,
} from './plain-rules.js';


// --- the evaluation report (eval-report.ts) --------------------------------------------------

export const EVAL_REPORT_KEYS = [
  '$schema', 'schemaVersion', 'kind', 'model', 'dataset', 'task', 'metrics', 'standardErrors', 'intervals', 'slices', 'baselineModel', 'performance',
];
export const EVAL_MODEL_KEYS = ['name', 'version', 'trainedAt', 'commit'];
export const EVAL_DATASET_KEYS = ['name', 'version', 'rows', 'createdAt'];
export const INTERVAL_KEYS = ['lo', 'hi', 'confidence'];
export const SLICE_KEYS = ['feature', 'value', 'rows', 'positives', 'metrics'];
export const BASELINE_MODEL_KEYS = ['name', 'description', 'metrics'];
export const PERFORMANCE_KEYS = ['latencyMs', 'throughputPerS', 'peakMemoryMb', 'modelSizeMb', 'trainingTimeS'];
export const LATENCY_KEYS = ['p50', 'p95', 'p99'];

const metrics = recordOf(nullable(num));

function slice(x: unknown): Obj {
  const s = strict(x, SLICE_KEYS);
  const value = s.value;
  if (typeof value !== 'string' && typeof value !== 'boolean') num(value);
  const out: Obj = { feature: nonEmpty(s.feature), value };
  opt(out, s, 'rows', count);
  opt(out, s, 'positives', count);
  out.metrics = metrics(s.metrics);
  return out;
}

function performance(x: unknown): Obj {
  const p = strict(x, PERFORMANCE_KEYS);
  const out: Obj = {};
  opt(out, p, 'latencyMs', (l) => {
    const o = strict(l, LATENCY_KEYS);
    const latency: Obj = {};
    for (const k of LATENCY_KEYS) opt(latency, o, k, nonNegative);
    return latency;
  });
  for (const k of PERFORMANCE_KEYS.slice(1)) opt(out, p, k, nonNegative);
  return out;
}

/** The evaluation report as evalReportSchema's parse gives it, or undefined (parse it with the schema). */
export function plainEvalReport(x: unknown): EvalReport | undefined {
  return attempt(() => {
    const r = strict(x, EVAL_REPORT_KEYS);
    const out: Obj = {};
    opt(out, r, '$schema', str);
    if (r.schemaVersion !== EVAL_REPORT_VERSION) no();
    out.schemaVersion = r.schemaVersion;
    opt(out, r, 'kind', (k) => (k === EVAL_REPORT_KIND ? k : no()));
    const m = strict(r.model, EVAL_MODEL_KEYS);
    const model: Obj = { name: nonEmpty(m.name) };
    opt(model, m, 'version', nonEmpty);
    opt(model, m, 'trainedAt', isoDateTime);
    opt(model, m, 'commit', str);
    out.model = model;
    opt(out, r, 'dataset', (d) => {
      const o = strict(d, EVAL_DATASET_KEYS);
      const dataset: Obj = { name: nonEmpty(o.name) };
      opt(dataset, o, 'version', str);
      opt(dataset, o, 'rows', count);
      opt(dataset, o, 'createdAt', isoDateTime);
      return dataset;
    });
    out.task = oneOf(TASKS)(r.task);
    out.metrics = metrics(r.metrics);
    opt(out, r, 'standardErrors', recordOf(nullable(nonNegative)));
    opt(
      out,
      r,
      'intervals',
      recordOf((i) => {
        const o = strict(i, INTERVAL_KEYS);
        const interval = { lo: num(o.lo), hi: num(o.hi), confidence: num(o.confidence) };
        if (!(interval.confidence > 0 && interval.confidence < 1)) no();
        return interval;
      }),
    );
    opt(out, r, 'slices', arrayOf(slice));
    opt(out, r, 'baselineModel', (b) => {
      const o = strict(b, BASELINE_MODEL_KEYS);
      const base: Obj = { name: nonEmpty(o.name) };
      opt(base, o, 'description', str);
      base.metrics = metrics(o.metrics);
      return base;
    });
    opt(out, r, 'performance', performance);
    return out as unknown as EvalReport;
  });
}

// --- the baseline report (report-core.ts) -----------------------------------------------------

export const BASELINE_KEYS = ['schemaVersion', 'generatedAt', 'commit', 'score', 'tests', 'records'];
export const SCORE_KEYS = ['final', 'level', 'limitedBy', 'sections'];
export const SECTION_SCORE_KEYS = ['points', 'max', 'counts'];
export const BASELINE_TEST_KEYS = ['id', 'status'];

function sectionScore(x: unknown): Obj {
  const s = loose(x);
  const out: Obj = { points: between(0, 7)(s.points), max: num(s.max) };
  opt(out, s, 'counts', recordOf(num));
  return out;
}

/** The baseline report as baselineReportSchema's parse gives it (other keys dropped), or undefined (parse it with the schema). */
export function plainBaselineReport(x: unknown): BaselineReport | undefined {
  return attempt(() => {
    const r = loose(x);
    if (r.schemaVersion !== REPORT_VERSION) no();
    const out: Obj = { schemaVersion: r.schemaVersion, generatedAt: str(r.generatedAt) };
    opt(out, r, 'commit', nullable(str));
    const s = loose(r.score);
    const sections = loose(s.sections);
    out.score = {
      final: between(0, 7)(s.final),
      level: str(s.level),
      limitedBy: arrayOf(oneOf(SECTIONS))(s.limitedBy),
      sections: Object.fromEntries(SECTIONS.map((k) => [k, sectionScore(sections[k])])),
    };
    const tests = arr(r.tests);
    if (tests.length !== RUBRIC_IDS.length) no();
    out.tests = tests.map((t) => {
      const o = loose(t);
      return { id: oneOf(RUBRIC_IDS)(o.id), status: oneOf(STATUSES)(o.status) };
    });
    out.records = withDefault(r, 'records', recordOf((v) => v), {});
    return out as unknown as BaselineReport;
  });
}

// --- the config, in its report-level form (config-sections.ts) ------------------------------

export const CONFIG_KEYS = [
  '$schema', 'version', 'gate', 'baseline', 'model', 'data', 'tests', 'infra', 'review', 'maturity', 'history', 'attestations', 'workspace', 'limits',
];
/** The sections the plain check reads; a config with another (data, infra, ...) is the schema's. */
export const PLAIN_CONFIG_KEYS = ['$schema', 'version', 'gate', 'baseline', 'model', 'tests', 'attestations', 'workspace', 'limits'];
export const GATE_KEYS = ['min-score', 'min-section', 'max-score-drop', 'mode', 'false-alarm-rate', 'if-no-baseline'];
export const MIN_SECTION_KEYS = ['data', 'model', 'infrastructure', 'monitoring'];
export const MODEL_KEYS = ['eval-report', 'thresholds', 'simpler-model', 'predictions', 'comparison', 'slices', 'inclusion', 'reproducibility', 'prediction-bias'];
/** The model fields the plain check reads (a bare eval-report path). */
export const PLAIN_MODEL_KEYS = ['eval-report', 'thresholds', 'simpler-model'];
export const BOUND_KEYS = ['min', 'max'];
export const SIMPLER_MODEL_KEYS = ['metric', 'margin', 'predictions'];
export const TESTS_KEYS = ['feature', 'model', 'pipeline', 'tagged', 'layers', 'allow-skipped'];
/** The tests fields the plain check reads. */
export const PLAIN_TESTS_KEYS = ['feature', 'model', 'pipeline', 'tagged', 'allow-skipped'];
export const WORKSPACE_KEYS = ['extra-roots'];
export const LIMITS_KEYS = Object.keys(DEFAULT_LIMITS) as Array<keyof typeof DEFAULT_LIMITS>;

/** The gate's defaults (gate.ts). */
export const GATE_DEFAULTS = { mode: 'enforce', 'false-alarm-rate': 0.05, 'if-no-baseline': 'warn' } as const;

const score = between(0, 7);

function gate(x: unknown): Obj {
  const g = strict(x, GATE_KEYS);
  const out: Obj = {};
  opt(out, g, 'min-score', score);
  opt(out, g, 'min-section', (m) => {
    const o = strict(m, MIN_SECTION_KEYS);
    const min: Obj = {};
    for (const k of MIN_SECTION_KEYS) opt(min, o, k, score);
    return min;
  });
  opt(out, g, 'max-score-drop', score);
  out.mode = withDefault(g, 'mode', oneOf(['enforce', 'report']), GATE_DEFAULTS.mode);
  out['false-alarm-rate'] = withDefault(
    g,
    'false-alarm-rate',
    (r) => {
      const v = num(r);
      return v > 0 && v <= 0.5 ? v : no();
    },
    GATE_DEFAULTS['false-alarm-rate'],
  );
  out['if-no-baseline'] = withDefault(g, 'if-no-baseline', oneOf(['warn', 'fail']), GATE_DEFAULTS['if-no-baseline']);
  return out;
}

function bound(x: unknown): Obj {
  const b = strict(x, BOUND_KEYS);
  const out: Obj = {};
  opt(out, b, 'min', num);
  opt(out, b, 'max', num);
  if (out.min === undefined && out.max === undefined) no();
  return out;
}

function model(x: unknown): Obj {
  const m = strict(x, MODEL_KEYS);
  for (const k of Object.keys(m)) if (!PLAIN_MODEL_KEYS.includes(k)) no();
  const out: Obj = {};
  opt(out, m, 'eval-report', nonEmpty); // the {path, format} form is the schema's
  opt(out, m, 'thresholds', recordOf(bound));
  opt(out, m, 'simpler-model', (s) => {
    const o = strict(s, SIMPLER_MODEL_KEYS);
    const simpler: Obj = { metric: nonEmpty(o.metric), margin: withDefault(o, 'margin', nonNegative, 0) };
    opt(simpler, o, 'predictions', nonEmpty);
    return simpler;
  });
  return out;
}

/** paths (common.ts): a non-empty path, or a non-empty list of them (copied). */
function paths(x: unknown): string | string[] {
  if (typeof x === 'string') return nonEmpty(x);
  const a = arrayOf(nonEmpty)(x);
  if (a.length < 1) no();
  return a;
}

function tests(x: unknown): Obj {
  const t = strict(x, TESTS_KEYS);
  if (has(t, 'layers')) no();
  const out: Obj = {};
  for (const k of ['feature', 'model', 'pipeline', 'tagged']) opt(out, t, k, paths);
  out['allow-skipped'] = withDefault(t, 'allow-skipped', (b) => (typeof b === 'boolean' ? b : no()), true);
  return out;
}

/**
 * The config as the config schema's parse gives it, or undefined: a section other than gate, model
 * (eval-report as a path, thresholds, simpler-model), tests (without layers), workspace and limits,
 * attestations, or anything invalid, is the schema's (src/config/load.ts).
 */
export function plainConfig(x: unknown): Config | undefined {
  return attempt(() => {
    const c = strict(x, CONFIG_KEYS);
    for (const k of Object.keys(c)) if (!PLAIN_CONFIG_KEYS.includes(k)) no();
    const out: Obj = {};
    opt(out, c, '$schema', str);
    out.version = withDefault(c, 'version', (v) => (v === 1 ? v : no()), 1);
    out.gate = gate(withDefault(c, 'gate', (g) => g, {}));
    opt(out, c, 'baseline', str);
    opt(out, c, 'model', model);
    opt(out, c, 'tests', tests);
    out.attestations = withDefault(c, 'attestations', (a) => (arr(a).length === 0 ? [] : no()), []);
    const w = strict(withDefault(c, 'workspace', (v) => v, {}), WORKSPACE_KEYS);
    out.workspace = { 'extra-roots': withDefault(w, 'extra-roots', arrayOf(nonEmpty), []) };
    const l = strict(withDefault(c, 'limits', (v) => v, {}), LIMITS_KEYS);
    out.limits = Object.fromEntries(LIMITS_KEYS.map((k) => [k, withDefault(l, k, positiveInt, DEFAULT_LIMITS[k])]));
    return out as unknown as Config;
  });
}
