/**
 * model-6 (model quality is sufficient on all important data slices): per slice, the metrics against
 * their bounds and, with a base model, against the base with a multiple-testing adjustment across
 * slices (Benjamini-Hochberg or Holm). Also gathers the per-slice prediction bias that monitor-7
 * judges and the per-slice metrics kept in the record.
 */
import type { Check, CheckStatus, ReportTable } from '../../rubric/types.js';
import type { SlicesConfig } from '../../schemas/config/model.js';
import { adjust } from '../../stats/multiple-testing.js';
import {
  compareSets,
  dropPValue,
  MetricSet,
  summarize,
  type Comparison,
  type DeltaResult,
  type Interval,
  type MetricSummary,
} from '../../stats/model-eval.js';
import { allowedDrop, describeTolerance, type Verdict } from '../../stats/verdict.js';
import { fmt, fmtDelta } from '../../util/format.js';
import { boundCheck } from '../shared/metric-bounds.js';
import {
  biasVerdict,
  errorOutcomeFor,
  ivText,
  memo,
  predictionRun,
  sign,
  unknownMetric,
  type PredictionRun,
} from '../shared/prediction-run.js';
import { nullIfNaN, withInterval, type PredictionsRecord } from '../shared/predictions.js';
import type { EvalContext, Evaluator } from '../types.js';

interface BiasRow {
  col: string;
  value: string;
  n: number;
  bias: number;
  iv: Interval | null;
}

export interface SliceAnalysis {
  checks: Check[];
  tables: ReportTable[];
  records: PredictionsRecord['slices'];
  /** monitor-7: prediction bias per slice of at least min-size rows. */
  biasChecks: (max: number, inconclusive: 'warn' | 'fail') => Check[];
}

/** One slice column's metrics: the comparison with the base, or the head's summary. */
interface ColumnMetrics {
  col: string;
  set: MetricSet;
  comp: Comparison | null;
  summ: MetricSummary | null;
  value: (gi: number, m: string) => number;
  interval: (gi: number, m: string) => Interval | null;
}

/** A slice x metric comparison with the base, with its adjusted p-value (filled after adjustment). */
interface SliceTest {
  gi: number;
  m: string;
  d: DeltaResult;
  allowed: number;
  p: number;
}

function columnMetrics(run: PredictionRun, col: string): ColumnMetrics {
  const { head, base, baseRow, settings: s } = run;
  const sc = run.cfg.slices!;
  const done = run.precomputed.get(col);
  const set = done?.set ?? new MetricSet(head, head.groups.get(col)!, s);
  const names = set.names;
  const comp =
    sc.compare && base !== null ? (done?.comp ?? compareSets(set, new MetricSet(base, base.groups.get(col)!, s), names, baseRow, s)) : null;
  const summ = comp ? null : (done?.summ ?? summarize(set, s, true));
  const M = names.length;
  const find = (gi: number, m: string) => comp!.deltas.find((d) => d.group === gi && d.metric === m)!;
  return {
    col,
    set,
    comp,
    summ,
    value: (gi, m) => (comp ? find(gi, m).head : summ!.values[gi * M + names.indexOf(m)]),
    interval: (gi, m) => (comp ? find(gi, m).headInterval : summ!.intervals[gi * M + names.indexOf(m)]),
  };
}

/** p-values of "drop beyond tolerance" per slice x metric (slices of at least min-size rows). */
function sliceTests(run: PredictionRun, cm: ColumnMetrics, wanted: string[]): SliceTest[] {
  const cmp = run.cfg.comparison;
  const sizes = cm.set.sizes();
  const tests: SliceTest[] = [];
  if (!cm.comp) return tests;
  for (let gi = 1; gi <= cm.set.groups; gi++) {
    if (sizes[gi].n < run.cfg.slices!['min-size']) continue;
    for (const m of wanted) {
      const d = cm.comp.deltas.find((x) => x.group === gi && x.metric === m)!;
      const allowed = allowedDrop(cmp?.['metric-tolerance']?.[m] ?? cmp?.tolerance, d.base);
      tests.push({ gi, m, d, allowed, p: dropPValue(d, allowed, sign(m)) });
    }
  }
  return tests;
}

/** The verdict of a slice comparison: a fail needs the adjusted p below alpha and the whole interval beyond the tolerance. */
function sliceVerdict(t: SliceTest, pAdj: number, alpha: number): Verdict {
  const d = t.d;
  const sg = sign(t.m);
  const impLo = sg === 1 ? d.lo : -d.hi;
  const impHi = sg === 1 ? d.hi : -d.lo;
  if (Number.isNaN(d.delta) || Number.isNaN(impLo)) return 'undefined';
  if (pAdj < alpha && impHi < -t.allowed) return 'fail';
  if (impLo >= -t.allowed) return 'pass';
  return 'inconclusive';
}

/** The comparison check of one slice x metric, and what its table row shows. */
function comparisonOf(run: PredictionRun, t: SliceTest, pAdj: number, label: string, n: number, count: number) {
  const sc = run.cfg.slices!;
  const cmp = run.cfg.comparison;
  const d = t.d;
  const vd = sliceVerdict(t, pAdj, (1 - run.settings.confidence) / 2);
  const st: CheckStatus = vd === 'pass' ? 'pass' : vd === 'inconclusive' ? (cmp?.inconclusive === 'fail' ? 'fail' : 'warn') : 'fail';
  const deltaText = `${fmtDelta(nullIfNaN(d.delta))} ${ivText(d.lo, d.hi)}`.trim();
  const pText = Number.isNaN(pAdj) ? '' : pAdj.toPrecision(3);
  const check: Check = {
    name: `${label} vs base`,
    status: st,
    message: `${label}: base ${fmt(nullIfNaN(d.base))}, head ${fmt(nullIfNaN(d.head))}, delta ${deltaText} (n = ${n}); ${vd === 'undefined' ? 'undefined in this slice; never passes' : vd}; adjusted p (${sc.fdr}) of a drop beyond the tolerance = ${pText || 'n/a'}`,
    value: nullIfNaN(d.delta),
    threshold: describeTolerance(cmp?.['metric-tolerance']?.[t.m] ?? cmp?.tolerance, t.allowed),
    method: `${d.method}; ${sc.fdr === 'bh' ? 'Benjamini-Hochberg' : sc.fdr === 'holm' ? 'Holm' : 'no'} adjustment across ${count} slice tests`,
    file: run.pc.file,
  };
  return { check, verdict: vd, deltaText, pText, worst: sign(t.m) * d.delta };
}

/** The checks of one slice x metric, and its table row (sorted by `worst`, lowest first). */
function sliceMetric(run: PredictionRun, cm: ColumnMetrics, gi: number, m: string, tests: SliceTest[], adj: number[]) {
  const sc: SlicesConfig = run.cfg.slices!;
  const file = run.pc.file;
  const sizes = cm.set.sizes();
  const value = cm.set.groupNames[gi - 1];
  const n = sizes[gi].n;
  const small = n < sc['min-size'];
  const v = cm.value(gi, m);
  const iv = cm.interval(gi, m);
  const label = `${cm.col}=${value}: ${m}`;
  const checks: Check[] = [];
  let worst = Infinity;
  let status = 'ok';
  if (small) {
    checks.push({
      name: label,
      status: 'warn',
      message: `slice ${cm.col}=${value} has ${n} rows < min-size ${sc['min-size']}: insufficient data, neither a pass nor a fail`,
      value: n,
      threshold: `n >= ${sc['min-size']}`,
      file,
    });
    status = 'insufficient data';
  }
  const b = sc.thresholds?.[m];
  if (b && !small) {
    const check = boundCheck({
      label,
      value: v,
      bound: b,
      shown: `${withInterval(v, iv)} (n = ${n})`,
      method: `computed per slice${iv ? `; interval: ${iv.method}` : ''}`,
      file,
      ifUndefined: {
        message: (want) => `${label} is undefined (one class only or zero denominator in ${n} rows); never passes ${want}`,
        keepMethod: true,
      },
    });
    checks.push(check);
    if (check.status !== 'pass') status = 'below threshold';
    if (!Number.isNaN(v)) worst = Math.min(worst, sign(m) * (v - (b.min ?? b.max ?? 0)));
  }
  const ti = tests.findIndex((t) => t.gi === gi && t.m === m);
  let shown: Array<string | number | null> = [];
  if (ti >= 0) {
    const c = comparisonOf(run, tests[ti], adj[ti], label, n, tests.length);
    checks.push(c.check);
    worst = Math.min(worst, c.worst);
    if (c.verdict === 'fail') status = 'regressed';
    shown = [c.deltaText, c.pText, c.verdict];
  } else if (cm.comp) shown = ['', '', ''];
  const base = cm.comp ? [fmt(nullIfNaN(cm.comp.deltas.find((d) => d.group === gi && d.metric === m)!.base))] : [];
  const row = [value, n, sizes[gi].positives, m, withInterval(nullIfNaN(v), iv), ...base, ...shown, status];
  return { checks, worst: Number.isNaN(worst) ? -Infinity : worst, row };
}

/** One slice column: its checks, its table (worst slice first), its records and bias rows. */
function sliceColumn(run: PredictionRun, col: string, out: SliceAnalysis, biasRows: BiasRow[]): void {
  const sc = run.cfg.slices!;
  const cm = columnMetrics(run, col);
  const names = cm.set.names;
  const metrics = sc.metrics ?? run.cfg.comparison?.metrics ?? Object.keys(sc.thresholds ?? run.cfg.thresholds ?? {});
  const wanted = metrics.filter((m) => names.includes(m));
  for (const m of metrics) if (!names.includes(m)) out.checks.push(unknownMetric(m, names, run.pc.file));
  if (wanted.length === 0) return;
  const tests = sliceTests(run, cm, wanted);
  const adj = adjust(
    tests.map((t) => t.p),
    sc.fdr,
  );
  const sizes = cm.set.sizes();
  const rows: Array<{ worst: number; row: Array<string | number | null> }> = [];
  for (let gi = 1; gi <= cm.set.groups; gi++) {
    const value = cm.set.groupNames[gi - 1];
    const n = sizes[gi].n;
    out.records.push({ column: col, value, n, metrics: Object.fromEntries(names.map((m) => [m, nullIfNaN(cm.value(gi, m))])) });
    if (run.head.score) biasRows.push({ col, value, n, bias: cm.value(gi, 'prediction_bias'), iv: cm.interval(gi, 'prediction_bias') });
    for (const m of wanted) {
      const r = sliceMetric(run, cm, gi, m, tests, adj);
      out.checks.push(...r.checks);
      rows.push({ worst: r.worst, row: r.row });
    }
  }
  rows.sort((a, b) => a.worst - b.worst);
  const comp = cm.comp;
  out.tables.push({
    id: `model-slices-${col}`,
    title: `Slices by ${col} (worst first)`,
    tests: ['model-6'],
    columns: [
      'slice',
      'n',
      'positives',
      'metric',
      'head [interval]',
      ...(comp ? ['base', 'delta [interval]', `adj. p (${sc.fdr})`, 'verdict'] : []),
      'status',
    ],
    rows: rows.map((r) => r.row),
    note: `min-size ${sc['min-size']}; intervals: ${comp ? (comp.deltas.find((d) => d.group > 0)?.method ?? '') : (cm.summ!.intervals.find((x) => x)?.method ?? '')}${comp ? `; ${comp.paired ? 'paired by id' : 'independent samples'}` : ''}.`,
    alwaysShow: true,
  });
}

function biasCheck(r: BiasRow, max: number, inconclusive: 'warn' | 'fail', file: string): Check {
  const v = biasVerdict(r.bias, r.iv, max, inconclusive);
  return {
    name: `${r.col}=${r.value}: |prediction bias| <= ${fmt(max)}`,
    status: v.status,
    message: `slice ${r.col}=${r.value} (n = ${r.n}): prediction bias = ${withInterval(nullIfNaN(r.bias), r.iv)}: ${v.words} +-${fmt(max)}`,
    value: nullIfNaN(r.bias),
    threshold: `|bias| <= ${fmt(max)}`,
    method: `mean predicted probability - observed positive rate, per slice${r.iv ? `; interval: ${r.iv.method}` : ' (point value: no interval)'}`,
    file,
  };
}

/** Every slice column of the run (computed once; monitor-7 reads the bias rows and the records). */
export function sliceAnalysis(run: PredictionRun): SliceAnalysis {
  return memo(run, 'slices', () => {
    const biasRows: BiasRow[] = [];
    const minSize = run.cfg.slices!['min-size'];
    const out: SliceAnalysis = {
      checks: [],
      tables: [],
      records: [],
      biasChecks: (max, inconclusive) => biasRows.filter((r) => r.n >= minSize).map((r) => biasCheck(r, max, inconclusive, run.pc.file)),
    };
    for (const col of run.cfg.slices!.columns) sliceColumn(run, col, out, biasRows);
    return out;
  });
}

export const slicesEvaluator: Evaluator = {
  name: 'slices',
  tests: ['model-6'],
  config: ['model.slices', 'model.predictions', 'model.comparison'],
  formats: ['prediction files (CSV, TSV, JSON Lines)'],
  async run(ctx: EvalContext) {
    const a = await predictionRun(ctx);
    if (a.kind !== 'ok') return { outcomes: errorOutcomeFor(a, ctx.config.model, 'model-6') ?? [] };
    if (!a.run.cfg.slices) return { outcomes: [] };
    const r = sliceAnalysis(a.run);
    return { outcomes: [{ test: 'model-6', checks: r.checks, evidence: a.run.evidence }], tables: r.tables };
  },
};
