/**
 * model-6 (model quality is sufficient on all important data slices): per slice, the metrics against
 * their bounds and, with a base model, against the base: every slice x metric comparison of every
 * slice column is one family (Benjamini-Hochberg or Holm at the gate's slices alpha). Also gathers
 * the per-slice prediction bias that monitor-7 judges and the per-slice metrics kept in the record.
 */
import type { Check, ReportTable } from '../../rubric/types.js';
import type { SlicesConfig } from '../../schemas/config/model.js';
import {
  compareSets,
  MetricSet,
  summarize,
  type Comparison,
  type DeltaResult,
  type Interval,
  type MetricSummary,
} from '../../stats/model-eval.js';
import { fmt } from '../../util/format.js';
import { boundCheck } from '../shared/metric-bounds.js';
import {
  comparisonFields,
  deltaCell,
  familyText,
  judgeComparisons,
  sign,
  verdictText,
  type ComparisonItem,
  type Judged,
} from '../shared/comparison-verdicts.js';
import { errorOutcomeFor, memo, predictionRun, unknownMetric, type PredictionRun } from '../shared/prediction-run.js';
import { nullIfNaN, withInterval, type PredictionsRecord } from '../shared/predictions.js';
import type { EvalContext, Evaluator } from '../types.js';

export interface BiasRow {
  col: string;
  value: string;
  n: number;
  bias: number;
  se: number;
}

export interface SliceAnalysis {
  checks: Check[];
  tables: ReportTable[];
  records: PredictionsRecord['slices'];
  /** monitor-7: prediction bias per slice of at least min-size rows. */
  biasRows: () => BiasRow[];
  /** Every slice comparison with its verdict (for the compact comparison table), and the family's description. */
  comparisons: { rows: Array<{ j: Judged; slice: string }>; family: string } | null;
}

/** One slice column's metrics: the comparison with the base, or the head's summary. */
interface ColumnMetrics {
  col: string;
  set: MetricSet;
  comp: Comparison | null;
  summ: MetricSummary | null;
  sizes: Array<{ n: number; positives: number | null }>;
  value: (gi: number, m: string) => number;
  interval: (gi: number, m: string) => Interval | null;
  se: (gi: number, m: string) => number;
  delta: (gi: number, m: string) => DeltaResult | undefined;
}

function columnMetrics(run: PredictionRun, col: string): ColumnMetrics {
  const { head, base, baseRow, settings: s } = run;
  const sc = run.cfg.slices!;
  const done = run.precomputed.get(col);
  const set = done?.set ?? new MetricSet(head, head.groups.get(col)!, s);
  const names = set.names;
  const comp =
    sc.compare && base !== null ? (done?.comp ?? compareSets(set, new MetricSet(base, base.groups.get(col)!, s), names, baseRow, s)) : null;
  const summ = comp ? null : (done?.summ ?? summarize(set, s));
  const M = names.length;
  const byKey = new Map(comp?.deltas.map((d) => [`${d.group}\u0000${d.metric}`, d]));
  const delta = (gi: number, m: string) => byKey.get(`${gi}\u0000${m}`);
  const at = (gi: number, m: string) => gi * M + names.indexOf(m);
  return {
    col,
    set,
    comp,
    summ,
    sizes: set.sizes(),
    delta,
    value: (gi, m) => (comp ? delta(gi, m)!.head : summ!.values[at(gi, m)]),
    interval: (gi, m) => (comp ? delta(gi, m)!.headInterval : summ!.intervals[at(gi, m)]),
    se: (gi, m) => (comp ? delta(gi, m)!.headSe : summ!.ses[at(gi, m)]),
  };
}

/** A slice x metric comparison of one column, before and after the family's verdict. */
interface SliceItem {
  col: string;
  gi: number;
  m: string;
  item: ComparisonItem;
}

/** The comparisons of every column's slices of at least min-size rows. */
function sliceItems(run: PredictionRun, cms: ColumnMetrics[], wanted: (cm: ColumnMetrics) => string[]): SliceItem[] {
  const cmp = run.cfg.comparison;
  const out: SliceItem[] = [];
  for (const cm of cms) {
    if (!cm.comp) continue;
    for (let gi = 1; gi <= cm.set.groups; gi++) {
      if (cm.sizes[gi].n < run.cfg.slices!['min-size']) continue;
      for (const m of wanted(cm))
        out.push({ col: cm.col, gi, m, item: { d: cm.delta(gi, m)!, tol: cmp?.['metric-tolerance']?.[m] ?? cmp?.tolerance } });
    }
  }
  return out;
}

/** The checks of one slice x metric, and its table row (sorted by `worst`, lowest first). */
function sliceMetric(
  run: PredictionRun,
  cm: ColumnMetrics,
  gi: number,
  m: string,
  judged: Judged | undefined,
  family: string,
  methodKey: (text: string) => string,
) {
  const sc: SlicesConfig = run.cfg.slices!;
  const file = run.pc.file;
  const value = cm.set.groupNames[gi - 1];
  const n = cm.sizes[gi].n;
  const small = n < sc['min-size'];
  const v = cm.value(gi, m);
  const iv = cm.interval(gi, m);
  const label = `${cm.col}=${value}: ${m}`;
  const checks: Check[] = [];
  let worst = Infinity;
  const flags = new Set<string>();
  if (small) {
    checks.push({
      name: label,
      status: 'warn',
      message: `slice ${cm.col}=${value} has ${n} rows < min-size ${sc['min-size']}: insufficient data, neither a pass nor a fail`,
      value: n,
      threshold: `n >= ${sc['min-size']}`,
      file,
    });
    flags.add('insufficient data');
  }
  const b = sc.thresholds?.[m];
  if (b && !small) {
    const check = boundCheck({
      label,
      value: v,
      bound: b,
      shown: (vs) => `${vs}${iv ? ` [${fmt(iv.lo)}, ${fmt(iv.hi)}]` : ''} (n = ${n})`,
      method: `computed per slice${iv ? `; interval: ${iv.method}` : ''}`,
      file,
      ifUndefined: {
        message: (want) => `${label} is undefined (one class only or zero denominator in ${n} rows); never passes ${want}`,
        keepMethod: true,
      },
    });
    checks.push(check);
    if (Number.isNaN(v)) flags.add('undefined');
    else if (check.status !== 'pass') flags.add('below threshold');
    if (!Number.isNaN(v)) worst = Math.min(worst, sign(m) * (v - (b.min ?? b.max ?? 0)));
  }
  let shown: Array<string | number | null> = [];
  if (judged) {
    const d = judged.d;
    checks.push({
      name: `${label} vs base`,
      status: judged.status,
      message: `${label}: base ${fmt(nullIfNaN(d.base))}, head ${fmt(nullIfNaN(d.head))}, delta ${deltaCell(judged)} (n = ${n}): ${verdictText(judged, n)}`,
      value: nullIfNaN(d.delta),
      threshold: judged.tolText,
      method: `${d.method}; ${family}`,
      file,
      comparison: comparisonFields(judged, n, `${cm.col}=${value}`),
    });
    worst = Math.min(worst, sign(m) * d.delta);
    if (judged.verdict === 'fail') flags.add('regressed');
    else if (judged.verdict === 'undefined') flags.add('undefined');
    else if (judged.verdict === 'inconclusive') flags.add('inconclusive');
    shown = [deltaCell(judged), Number.isNaN(judged.v.pAdj) ? '' : judged.v.pAdj.toPrecision(3), judged.verdict];
  } else if (cm.comp) shown = ['', '', ''];
  const order = ['regressed', 'below threshold', 'undefined', 'inconclusive', 'insufficient data'];
  const status = order.find((f) => flags.has(f)) ?? 'ok';
  const base = cm.comp ? [fmt(nullIfNaN(cm.delta(gi, m)!.base))] : [];
  const method = methodKey(`${iv ? `head: ${iv.method}` : 'head: no interval'}${judged ? `; delta: ${judged.d.method}` : ''}`);
  const row = [value, n, cm.sizes[gi].positives, m, withInterval(nullIfNaN(v), iv), ...base, ...shown, status, method];
  return { checks, worst: Number.isNaN(worst) ? -Infinity : worst, row };
}

/** One slice column's checks and table (worst slice first); its records and bias rows. */
function sliceColumn(
  run: PredictionRun,
  cm: ColumnMetrics,
  wanted: string[],
  judgedOf: (gi: number, m: string) => Judged | undefined,
  family: string,
  out: SliceAnalysis,
  biasRows: BiasRow[],
): void {
  const sc = run.cfg.slices!;
  const names = cm.set.names;
  const methods: string[] = [];
  const methodKey = (text: string) => {
    let k = methods.indexOf(text);
    if (k < 0) k = methods.push(text) - 1;
    return `[${k + 1}]`;
  };
  const rows: Array<{ worst: number; row: Array<string | number | null> }> = [];
  for (let gi = 1; gi <= cm.set.groups; gi++) {
    const value = cm.set.groupNames[gi - 1];
    const n = cm.sizes[gi].n;
    out.records.push({
      column: cm.col,
      value,
      n,
      metrics: Object.fromEntries(names.map((m) => [m, nullIfNaN(cm.value(gi, m))])),
      se: Object.fromEntries(names.map((m) => [m, nullIfNaN(cm.se(gi, m))])),
    });
    if (run.head.score && n >= sc['min-size'])
      biasRows.push({ col: cm.col, value, n, bias: cm.value(gi, 'prediction_bias'), se: cm.se(gi, 'prediction_bias') });
    for (const m of wanted) {
      const r = sliceMetric(run, cm, gi, m, judgedOf(gi, m), family, methodKey);
      out.checks.push(...r.checks);
      rows.push({ worst: r.worst, row: r.row });
    }
  }
  rows.sort((a, b) => a.worst - b.worst);
  const comp = cm.comp;
  out.tables.push({
    id: `model-slices-${cm.col}`,
    title: `Slices by ${cm.col} (worst first)`,
    tests: ['model-6'],
    columns: [
      'slice',
      'n',
      'positives',
      'metric',
      'head [interval]',
      ...(comp ? ['base', 'delta [interval]', `adj. p (${sc.fdr})`, 'verdict'] : []),
      'status',
      'method',
    ],
    rows: rows.map((r) => r.row),
    note: `min-size ${sc['min-size']}${comp ? `; ${comp.paired ? 'paired by id' : 'independent samples'}; ${family}` : ''}. Methods: ${methods.map((t, k) => `[${k + 1}] ${t}`).join('; ')}.`,
    alwaysShow: true,
  });
}

/** Every slice column of the run (computed once; monitor-7 reads the bias rows, the records and the comparisons). */
export function sliceAnalysis(ctx: EvalContext, run: PredictionRun): SliceAnalysis {
  return memo(run, 'slices', () => {
    const sc = run.cfg.slices!;
    const biasRows: BiasRow[] = [];
    const cms = sc.columns.map((col) => columnMetrics(run, col));
    const metrics = sc.metrics ?? run.cfg.comparison?.metrics ?? Object.keys(sc.thresholds ?? run.cfg.thresholds ?? {});
    const wanted = (cm: ColumnMetrics) => metrics.filter((m) => cm.set.names.includes(m));
    const items = sliceItems(run, cms, wanted);
    const alpha = ctx.alpha('slices');
    const judged = judgeComparisons(
      items.map((x) => x.item),
      alpha,
      sc.fdr,
      { confidence: run.settings.confidence, inconclusive: run.cfg.comparison?.inconclusive ?? 'warn' },
    );
    const family = familyText(sc.fdr, items.length, 'slice comparisons', alpha);
    const byKey = new Map(items.map((x, i) => [`${x.col}\u0000${x.gi}\u0000${x.m}`, judged[i]]));
    const out: SliceAnalysis = {
      checks: [],
      tables: [],
      records: [],
      biasRows: () => biasRows,
      comparisons: items.length
        ? {
            rows: items.map((x, i) => ({ j: judged[i], slice: `${x.col}=${cms.find((c) => c.col === x.col)!.set.groupNames[x.gi - 1]}` })),
            family,
          }
        : null,
    };
    for (const cm of cms) {
      for (const m of metrics) if (!cm.set.names.includes(m)) out.checks.push(unknownMetric(m, cm.set.names, run.pc.file));
      const w = wanted(cm);
      if (w.length === 0) continue;
      sliceColumn(run, cm, w, (gi, m) => byKey.get(`${cm.col}\u0000${gi}\u0000${m}`), family, out, biasRows);
    }
    return out;
  });
}

/** Slices computed but judged by nothing: no floor per slice and no base to compare with (the table still shows them). */
function nothingToJudge(file: string, hasBase: boolean): Check {
  return {
    name: 'slices',
    status: 'error',
    message: `model.slices: the slices of ${file} were computed but nothing judges them: set model.slices.thresholds (a floor for each slice)${
      hasBase ? ' or model.comparison.metrics' : ", or give the base model's predictions (model.predictions.base) and model.comparison"
    }`,
    file,
  };
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
    const r = sliceAnalysis(ctx, a.run);
    const checks = r.checks.length ? r.checks : [nothingToJudge(a.run.pc.file, !!a.run.base)];
    return { outcomes: [{ test: 'model-6', checks, evidence: a.run.evidence }], tables: r.tables };
  },
};
