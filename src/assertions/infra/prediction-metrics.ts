import { pairById,type Predictions } from '../../evidence/predictions.js';
import type { RubricId } from '../../rubric/tests.js';
import type { Check,CheckStatus,ReportTable,TestOutcome } from '../../rubric/types.js';
import type { ComparisonConfig,ModelConfig,SlicesConfig } from '../../schemas/config/model.js';
import { fairness } from '../../stats/fairness.js';
import { adjust } from '../../stats/multiple-testing.js';
import { binaryPredicted,compareSets,dropPValue,MetricSet,summarize,type Comparison,type DeltaResult,type EvalSettings,type Interval } from '../../stats/model-eval.js';
import { allowedDrop,describeTolerance,intervalVerdict,pointVerdict,type Verdict } from '../../stats/verdict.js';
import { fmt,fmtDelta } from '../../util/format.js';
import { nearest } from '../../util/suggest.js';
import { boundCheck } from '../shared/metric-bounds.js';
import { directionOf } from '../shared/metric-direction.js';
import { loadOnce,nn,predictionsRecordSchema,specOf,withInterval,type PredictionsRecord } from '../shared/predictions.js';
import type { EvalContext,Evaluator } from '../types.js';

export const PREDICTIONS_EVALUATOR = 'model-predictions';

const sign = (metric: string): 1 | -1 => (directionOf(metric) === 'higher' ? 1 : -1);

function settingsOf(cfg: ModelConfig): EvalSettings {
  const pc = cfg.predictions!;
  const c = cfg.comparison;
  return { threshold: pc.threshold, eceBins: pc['ece-bins'], confidence: c?.confidence ?? 0.95, resamples: c?.resamples ?? 1000, seed: c?.seed ?? 42 };
}

/** Tests this config asks the predictions evaluator to serve. */
function servedTests(cfg: ModelConfig): RubricId[] {
  const t = new Set<RubricId>();
  if (cfg.thresholds || cfg.comparison) t.add('infra-4');
  if (cfg.comparison || cfg['prediction-bias']) t.add('monitor-7');
  if (cfg.slices) t.add('model-6');
  if (cfg.inclusion) t.add('model-7');
  return [...t];
}

function unknownMetric(metric: string, names: readonly string[], file: string): Check {
  const near = nearest(metric, names);
  return { name: metric, status: 'error', message: `metric "${metric}" cannot be computed from ${file}${near ? ` (did you mean "${near}"?)` : ''}; available: ${names.join(', ')}`, file };
}

interface Verdicted {
  status: CheckStatus;
  verdict: Verdict;
  allowed: number;
  impLo: number;
  impHi: number;
}

function judge(d: DeltaResult, cmp: ComparisonConfig | undefined, pointOnly: boolean): Verdicted {
  const tol = cmp?.['metric-tolerance']?.[d.metric] ?? cmp?.tolerance;
  const allowed = allowedDrop(tol, d.base);
  const sg = sign(d.metric);
  const impLo = sg === 1 ? d.lo : -d.hi;
  const impHi = sg === 1 ? d.hi : -d.lo;
  const verdict = pointOnly ? pointVerdict(sg * d.delta, allowed) : Number.isNaN(d.delta) ? 'undefined' : intervalVerdict(impLo, impHi, allowed);
  const status: CheckStatus = verdict === 'pass' ? 'pass' : verdict === 'inconclusive' ? (cmp?.inconclusive === 'fail' ? 'fail' : 'warn') : 'fail';
  return { status, verdict, allowed, impLo, impHi };
}

function comparisonCheck(d: DeltaResult, v: Verdicted, cmp: ComparisonConfig | undefined, file: string, pointOnly: boolean): Check[] {
  const tol = cmp?.['metric-tolerance']?.[d.metric] ?? cmp?.tolerance;
  const tolText = describeTolerance(tol, v.allowed);
  const dir = sign(d.metric) === 1 ? 'higher is better' : 'lower is better';
  const iv = pointOnly || Number.isNaN(d.lo) ? '' : ` [${fmtDelta(d.lo)}, ${fmtDelta(d.hi)}]`;
  const what =
    v.verdict === 'undefined'
      ? `is undefined (${Number.isNaN(d.head) ? 'head' : 'base'} value undefined or no interval); an undefined comparison never passes`
      : v.verdict === 'fail'
        ? pointOnly
          ? `drops beyond the tolerance (${tolText})`
          : `the interval shows a drop beyond the tolerance (${tolText})`
        : v.verdict === 'pass'
          ? pointOnly
            ? `is within the tolerance (${tolText})`
            : `the interval excludes a drop beyond the tolerance (${tolText})`
          : `inconclusive: the interval includes both no change and a drop beyond the tolerance (${tolText})`;
  const checks: Check[] = [
    {
      name: `${d.metric} vs base`,
      status: v.status,
      message: `${d.metric}: base ${fmt(nn(d.base))}, head ${fmt(nn(d.head))}, delta ${fmtDelta(nn(d.delta))}${iv} (${dir}): ${what}${d.test ? `; ${d.test}` : ''}${pointOnly ? '; point values only (the base branch has aggregated metrics, no predictions), no interval' : ''}`,
      value: nn(d.delta),
      threshold: tolText,
      method: pointOnly ? 'point values (aggregated metrics only)' : d.method,
      file,
    },
  ];
  const sus = cmp?.['suspicious-improvement'];
  if (sus !== undefined && !pointOnly && v.impLo > sus) {
    checks.push({
      name: `${d.metric} suspicious improvement`,
      status: 'warn',
      message: `${d.metric} improves by at least ${fmt(v.impLo)} (interval lower bound) > ${fmt(sus)}: suspiciously large; check for leakage between training and eval data`,
      value: v.impLo,
      threshold: `improvement <= ${fmt(sus)}`,
      method: d.method,
      file,
    });
  } else if (sus !== undefined && pointOnly && sign(d.metric) * d.delta > sus) {
    checks.push({ name: `${d.metric} suspicious improvement`, status: 'warn', message: `${d.metric} improves by ${fmt(sign(d.metric) * d.delta)} > ${fmt(sus)}: suspiciously large; check for leakage`, value: sign(d.metric) * d.delta, threshold: `improvement <= ${fmt(sus)}`, method: 'point values', file });
  }
  return checks;
}

function baselineRecord(ctx: EvalContext): PredictionsRecord | null {
  const raw = ctx.baseline?.records?.[PREDICTIONS_EVALUATOR];
  if (raw === undefined) return null;
  const r = predictionsRecordSchema.safeParse(raw);
  if (!r.success) {
    ctx.diagnostics.push({ level: 'warning', message: `baseline report: records["${PREDICTIONS_EVALUATOR}"] is not in the expected form; ignoring it for the comparison` });
    return null;
  }
  return r.data;
}

const cell = (v: number): number | null => (Number.isNaN(v) ? null : Number(v.toPrecision(6)));

const ivText = (lo: number, hi: number) => (Number.isNaN(lo) ? '' : `[${fmtDelta(cell(lo))}, ${fmtDelta(cell(hi))}]`);

export const predictionMetricsEvaluator: Evaluator = {
  name: PREDICTIONS_EVALUATOR,
  tests: ['infra-4', 'monitor-7', 'model-6', 'model-7'],
  config: ['model.predictions', 'model.thresholds', 'model.comparison', 'model.prediction-bias', 'model.slices', 'model.inclusion'],
  formats: ['prediction files (CSV, TSV, JSON Lines)', 'baseline report'],
  async run(ctx: EvalContext) {
    const cfg = ctx.config.model;
    const pc = cfg?.predictions;
    if (!cfg || !pc) return { outcomes: [] };
    const tests = servedTests(cfg);
    const outcomes: TestOutcome[] = [];
    const tables: ReportTable[] = [];
    const sliceCols = cfg.slices?.columns ?? [];
    const groupCols = cfg.inclusion?.groups ?? [];
    const spec = specOf(pc, [...new Set([...sliceCols, ...groupCols])]);
    const evidence = [pc.file, ...(pc.base ? [pc.base] : [])];
    const errorAll = (message: string, file: string, line?: number) => {
      for (const test of tests) outcomes.push({ test, checks: [{ name: file, status: 'error', message, file, line }], evidence });
      return { outcomes };
    };
    // both files at once: one is parsed while the other's next chunk is read
    const [headL, baseL] = await Promise.all([loadOnce(ctx, pc.file, spec), pc.base ? loadOnce(ctx, pc.base, spec) : null]);
    if (!headL.ok) return errorAll(headL.message, headL.file, headL.line);
    const head = headL.pred;
    let base: Predictions | null = null;
    if (baseL && !baseL.ok) {
      // head metrics can still be checked; comparisons become errors below
      ctx.diagnostics.push({ level: 'error', message: baseL.message, file: baseL.file, line: baseL.line });
    } else if (baseL?.ok) base = baseL.pred;
    const nonFinite = head.nonFiniteCount + (base?.nonFiniteCount ?? 0);
    if (nonFinite > 0) {
      const first = head.nonFinite[0] ?? base!.nonFinite[0];
      const f = head.nonFiniteCount ? head.file : base!.file;
      return errorAll(`${f}, line ${first.line}, column "${first.column}": ${first.token} (${nonFinite} non-finite value(s) in the prediction files); metrics are not computed from NaN/infinity (see monitor-5)`, f, first.line);
    }
    const s = settingsOf(cfg);
    const cmp = cfg.comparison;
    let baseRow: Int32Array | null = null;
    let pairNote = '';
    if (base) {
      if (head.ids && base.ids) {
        try {
          baseRow = pairById(base, head).baseRow;
          const yh = head.y as ArrayLike<number>;
          const yb = base.y as ArrayLike<number>;
          for (let i = 0; i < head.n; i++) {
            if (yh[i] !== yb[baseRow[i]]) {
              return errorAll(`${head.file}, line ${head.lines[i]} and ${base.file}, line ${base.lines[baseRow[i]]}: id ${JSON.stringify(head.ids.text(i))} has different labels in base and head predictions; both must be scored on the same eval set`, head.file, head.lines[i]);
            }
          }
          pairNote = `paired by id over ${head.n} examples`;
        } catch (e) {
          return errorAll((e as Error).message, head.file);
        }
      } else pairNote = `independent samples (no id column: rows are not paired; head n = ${head.n}, base n = ${base.n})`;
    }

    // overall metrics, with the base comparison when there is a base
    // The first slice column's grouping also yields the overall row (group 0): one bootstrap serves both.
    const firstCol = cfg.slices?.columns[0];
    const overall = new MetricSet(head, firstCol ? head.groups.get(firstCol)! : null, s);
    const names = overall.names;
    let comparison: Comparison | null = null;
    let summary = null as ReturnType<typeof summarize> | null;
    if (base) comparison = compareSets(overall, new MetricSet(base, firstCol ? base.groups.get(firstCol)! : null, s), names, baseRow, s);
    else summary = summarize(overall, s);
    const precomputed = new Map<string, { comp: Comparison | null; summ: ReturnType<typeof summarize> | null; set: MetricSet }>();
    if (firstCol) precomputed.set(firstCol, { comp: cfg.slices!.compare ? comparison : null, summ: summary, set: overall });
    const headValue = (m: string): number => {
      const k = names.indexOf(m);
      return k < 0 ? NaN : comparison ? comparison.deltas.find((d) => d.group === 0 && d.metric === m)!.head : summary!.values[k];
    };
    const headInterval = (m: string): Interval | null => {
      const k = names.indexOf(m);
      if (k < 0) return null;
      return comparison ? comparison.deltas.find((d) => d.group === 0 && d.metric === m)!.headInterval : summary!.intervals[k];
    };

    // infra-4: thresholds
    const infra4: Check[] = [];
    for (const [metric, b] of Object.entries(cfg.thresholds ?? {})) {
      if (!names.includes(metric)) {
        infra4.push(unknownMetric(metric, names, pc.file));
        continue;
      }
      const v = headValue(metric);
      const iv = headInterval(metric);
      infra4.push(
        boundCheck({
          label: metric,
          value: v,
          bound: b,
          shown: `${withInterval(v, iv)} on ${head.n} examples`,
          method: `computed from ${pc.file} (point value${iv ? `; interval: ${iv.method}` : ''})`,
          file: pc.file,
          ifUndefined: { message: (want) => `${metric} is undefined on ${pc.file} (zero denominator or one class only); an undefined metric never passes ${want}` },
        }),
      );
    }

    // comparison vs base (monitor-7, infra-4)
    const monitor7: Check[] = [];
    const keyRows: ReportTable['rows'] = [];
    if (cmp) {
      const rec = base ? null : baselineRecord(ctx);
      for (const metric of cmp.metrics) {
        if (!names.includes(metric)) {
          monitor7.push(unknownMetric(metric, names, pc.file));
          continue;
        }
        let d: DeltaResult | null = null;
        let pointOnly = false;
        if (comparison) d = comparison.deltas.find((x) => x.group === 0 && x.metric === metric) ?? null;
        else if (baseL && !baseL.ok) {
          monitor7.push({ name: `${metric} vs base`, status: 'error', message: `cannot compare with the base model: ${baseL.message}`, file: baseL.file, line: baseL.line });
          continue;
        } else if (rec && metric in rec.metrics) {
          const bvv = rec.metrics[metric];
          const hv = headValue(metric);
          pointOnly = true;
          d = { metric, group: 0, base: bvv ?? NaN, head: hv, delta: hv - (bvv ?? NaN), lo: NaN, hi: NaN, method: 'point values', headInterval: headInterval(metric), baseInterval: null };
        } else {
          monitor7.push({
            name: `${metric} vs base`,
            status: 'error',
            message: `no base model to compare ${metric} with: set model.predictions.base (predictions of the base branch model) or provide a baseline report that has ${metric}; unmeasured is not a pass`,
            file: ctx.configFile,
          });
          continue;
        }
        if (!d) continue;
        const v = judge(d, cmp, pointOnly);
        monitor7.push(...comparisonCheck(d, v, cmp, pc.file, pointOnly));
        keyRows.push([
          metric,
          withInterval(nn(d.base), d.baseInterval),
          withInterval(nn(d.head), d.headInterval),
          `${fmtDelta(nn(d.delta))} ${pointOnly ? '(point)' : ivText(d.lo, d.hi)}`.trim(),
          describeTolerance(cmp['metric-tolerance']?.[metric] ?? cmp.tolerance, v.allowed),
          v.verdict,
          pointOnly ? 'point values' : `${d.method}${d.test ? `; ${d.test}` : ''}`,
        ]);
      }
      infra4.push(...monitor7.filter((c) => c.name.endsWith('vs base')).map((c) => ({ ...c })));
      tables.push({
        id: 'model-key-metrics',
        title: `Key metrics: head vs base (${pc.task})`,
        tests: ['infra-4', 'monitor-7'],
        columns: ['metric', 'base', 'head', 'delta [interval]', 'tolerance', 'verdict', 'method'],
        rows: keyRows,
        note: `${base ? pairNote : 'no base predictions'}; confidence ${s.confidence}; inconclusive -> ${cmp.inconclusive}.`,
        alwaysShow: true,
      });
    }

    // all metrics table
    tables.push({
      id: 'model-all-metrics',
      title: `Metrics computed from ${pc.file} (${head.n} examples${head.weight ? ', weighted' : ''})`,
      tests: ['infra-4'],
      columns: ['metric', 'head [interval]', ...(comparison ? ['base [interval]', 'delta [interval]'] : []), 'method'],
      rows: names.map((m) => {
        if (comparison) {
          const d = comparison.deltas.find((x) => x.group === 0 && x.metric === m)!;
          return [m, withInterval(nn(d.head), d.headInterval), withInterval(nn(d.base), d.baseInterval), `${fmtDelta(nn(d.delta))} ${ivText(d.lo, d.hi)}`.trim(), d.method];
        }
        const k = names.indexOf(m);
        return [m, withInterval(nn(summary!.values[k]), summary!.intervals[k]), summary!.intervals[k]?.method ?? 'point value'];
      }),
      note: pc.task === 'binary' ? `Predicted positive when score >= ${pc.threshold}; ece with ${pc['ece-bins']} equal-width bins; undefined = zero denominator or one class.` : 'undefined = zero denominator or one class.',
      alwaysShow: !cmp,
    });

    // prediction bias (monitor-7)
    const pb = cfg['prediction-bias'];
    if (pb) {
      if (pc.task !== 'binary' || !head.score) {
        monitor7.push({ name: 'prediction bias', status: 'error', message: `prediction bias needs a binary task with a score column; ${pc.file} is ${pc.task}${head.score ? '' : ' without scores'}`, file: pc.file });
      } else {
        const bias = headValue('prediction_bias');
        const iv = headInterval('prediction_bias');
        const v = biasVerdict(bias, iv, pb.max, cfg.comparison?.inconclusive ?? 'warn');
        monitor7.push({
          name: `|prediction bias| <= ${fmt(pb.max)}`,
          status: v.status,
          message: `prediction bias (mean score - positive rate) = ${withInterval(nn(bias), iv)}: ${v.words} +-${fmt(pb.max)}`,
          value: nn(bias),
          threshold: `|bias| <= ${fmt(pb.max)}`,
          method: `mean predicted probability - observed positive rate${iv ? `; interval: ${iv.method}` : ' (point value: no interval)'}`,
          file: pc.file,
        });
      }
    }

    // slices (model-6) and per-slice prediction bias
    const sliceRecords: PredictionsRecord['slices'] = [];
    if (cfg.slices) {
      const r = runSlices(cfg.slices, cfg, head, base, baseRow, s, pc.file, precomputed);
      outcomes.push({ test: 'model-6', checks: r.checks, evidence });
      tables.push(...r.tables);
      sliceRecords.push(...r.records);
      if (pb?.slices && head.score) monitor7.push(...r.biasChecks(pb.max, cfg.comparison?.inconclusive ?? 'warn'));
    }

    // inclusion (model-7)
    if (cfg.inclusion) {
      const inc = cfg.inclusion;
      const checks: Check[] = [];
      if (pc.task !== 'binary') {
        checks.push({ name: 'inclusion', status: 'error', message: `inclusion metrics (fairlearn definitions) need a binary task; ${pc.file} is ${pc.task}`, file: pc.file });
      } else {
        const predicted = binaryPredicted(head, pc.threshold);
        for (const col of inc.groups) {
          const g = head.groups.get(col)!;
          const f = fairness({ y: head.y as Uint8Array, pred: predicted, group: g.codes, names: g.values, w: head.weight }, inc['min-positives'], inc['min-negatives']);
          const insufficient = f.groups.filter((x) => x.insufficient);
          const method = `fairlearn definitions; predicted positive when score >= ${pc.threshold}; groups with < ${inc['min-positives']} positives or < ${inc['min-negatives']} negatives left out`;
          const lim = inc.limits;
          const items: Array<[string, number, number | undefined, 'max' | 'min']> = [
            ['demographic_parity_difference', f.demographic_parity_difference, lim.demographic_parity_difference, 'max'],
            ['demographic_parity_ratio', f.demographic_parity_ratio, lim.demographic_parity_ratio, 'min'],
            ['equalized_odds_difference', f.equalized_odds_difference, lim.equalized_odds_difference, 'max'],
          ];
          for (const [metric, v, limit, kind] of items) {
            if (limit === undefined) continue;
            const want = kind === 'max' ? `<= ${fmt(limit)}` : `>= ${fmt(limit)}`;
            if (Number.isNaN(v)) {
              checks.push({ name: `${col}: ${metric} ${want}`, status: 'error', message: `${col}: ${metric} is undefined: fewer than two groups have enough data (${insufficient.length} of ${f.groups.length} insufficient: ${insufficient.slice(0, 5).map((x) => `${x.group} (${x.positives} pos, ${x.negatives} neg)`).join(', ')})`, value: null, threshold: want, method, file: pc.file });
              continue;
            }
            const ok = kind === 'max' ? v <= limit : v >= limit;
            checks.push({ name: `${col}: ${metric} ${want}`, status: ok ? 'pass' : 'fail', message: `${col}: ${metric} = ${fmt(v)} ${ok ? 'meets' : 'violates'} ${want} over ${f.groups.length - insufficient.length} groups${insufficient.length ? ` (${insufficient.length} with insufficient data left out)` : ''}`, value: v, threshold: want, method, file: pc.file });
          }
          tables.push({
            id: `model-inclusion-${col}`,
            title: `Inclusion by ${col}`,
            tests: ['model-7'],
            columns: ['group', 'n', 'positives', 'negatives', 'selection rate', 'TPR', 'FPR', 'status'],
            rows: f.groups
              .slice()
              .sort((a, b) => (a.insufficient === b.insufficient ? a.selectionRate - b.selectionRate : a.insufficient ? 1 : -1))
              .map((x) => [x.group, x.n, x.positives, x.negatives, cell(x.selectionRate), cell(x.tpr), cell(x.fpr), x.insufficient ? 'insufficient data' : 'ok']),
            note: `demographic_parity_difference ${fmt(nn(f.demographic_parity_difference))}, ratio ${fmt(nn(f.demographic_parity_ratio))}, equalized_odds_difference ${fmt(nn(f.equalized_odds_difference))} (TPR gap ${fmt(nn(f.tprGap))}, FPR gap ${fmt(nn(f.fprGap))}); ${method}.`,
            alwaysShow: true,
          });
        }
      }
      outcomes.push({ test: 'model-7', checks, evidence });
    }

    if (infra4.length) outcomes.push({ test: 'infra-4', checks: infra4, evidence });
    if (monitor7.length) outcomes.push({ test: 'monitor-7', checks: monitor7, evidence });
    const record: PredictionsRecord = {
      task: pc.task,
      n: head.n,
      metrics: Object.fromEntries(names.map((m) => [m, nn(headValue(m))])),
      slices: sliceRecords,
    };
    return { outcomes, tables, record };
  },
};

type Precomputed = Map<string, { comp: Comparison | null; summ: ReturnType<typeof summarize> | null; set: MetricSet }>;

function runSlices(sc: SlicesConfig, cfg: ModelConfig, head: Predictions, base: Predictions | null, baseRow: Int32Array | null, s: EvalSettings, file: string, pre: Precomputed) {
  const checks: Check[] = [];
  const tables: ReportTable[] = [];
  const records: PredictionsRecord['slices'] = [];
  const biasRows: Array<{ col: string; value: string; n: number; bias: number; iv: Interval | null }> = [];
  const cmp = cfg.comparison;
  const alpha = (1 - s.confidence) / 2;
  for (const col of sc.columns) {
    const g = head.groups.get(col)!;
    const done = pre.get(col);
    const set = done?.set ?? new MetricSet(head, g, s);
    const names = set.names;
    const metrics = sc.metrics ?? cmp?.metrics ?? Object.keys(sc.thresholds ?? cfg.thresholds ?? {});
    const wanted = metrics.filter((m) => names.includes(m));
    for (const m of metrics) if (!names.includes(m)) checks.push(unknownMetric(m, names, file));
    if (wanted.length === 0) continue;
    const sizes = set.sizes();
    const doCompare = sc.compare && base !== null;
    const comp = doCompare ? (done?.comp ?? compareSets(set, new MetricSet(base!, base!.groups.get(col)!, s), names, baseRow, s)) : null;
    const summ = comp ? null : (done?.summ ?? summarize(set, s, true));
    const M = names.length;
    const val = (gi: number, m: string) => (comp ? comp.deltas.find((d) => d.group === gi && d.metric === m)!.head : summ!.values[gi * M + names.indexOf(m)]);
    const ivOf = (gi: number, m: string) => (comp ? comp.deltas.find((d) => d.group === gi && d.metric === m)!.headInterval : summ!.intervals[gi * M + names.indexOf(m)]);
    // p-values of "drop beyond tolerance" per slice x metric, adjusted across slices
    const tests: Array<{ gi: number; m: string; d: DeltaResult; allowed: number; p: number }> = [];
    if (comp) {
      for (let gi = 1; gi <= set.groups; gi++) {
        if (sizes[gi].n < sc['min-size']) continue;
        for (const m of wanted) {
          const d = comp.deltas.find((x) => x.group === gi && x.metric === m)!;
          const allowed = allowedDrop(cmp?.['metric-tolerance']?.[m] ?? cmp?.tolerance, d.base);
          tests.push({ gi, m, d, allowed, p: dropPValue(d, allowed, sign(m)) });
        }
      }
    }
    const adj = adjust(tests.map((t) => t.p), sc.fdr);
    const rows: Array<{ worst: number; row: Array<string | number | null> }> = [];
    for (let gi = 1; gi <= set.groups; gi++) {
      const value = set.groupNames[gi - 1];
      const n = sizes[gi].n;
      const small = n < sc['min-size'];
      records.push({ column: col, value, n, metrics: Object.fromEntries(names.map((m) => [m, nn(val(gi, m))])) });
      if (head.score) biasRows.push({ col, value, n, bias: val(gi, 'prediction_bias'), iv: ivOf(gi, 'prediction_bias') });
      for (const m of wanted) {
        const v = val(gi, m);
        const iv = ivOf(gi, m);
        const label = `${col}=${value}: ${m}`;
        let worst = Infinity;
        let status = 'ok';
        if (small) {
          checks.push({ name: label, status: 'warn', message: `slice ${col}=${value} has ${n} rows < min-size ${sc['min-size']}: insufficient data, neither a pass nor a fail`, value: n, threshold: `n >= ${sc['min-size']}`, file });
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
            ifUndefined: { message: (want) => `${label} is undefined (one class only or zero denominator in ${n} rows); never passes ${want}`, keepMethod: true },
          });
          checks.push(check);
          if (check.status !== 'pass') status = 'below threshold';
          if (!Number.isNaN(v)) worst = Math.min(worst, sign(m) * (v - (b.min ?? b.max ?? 0)));
        }
        const ti = tests.findIndex((t) => t.gi === gi && t.m === m);
        let deltaText = '';
        let pText = '';
        let verdict = '';
        if (ti >= 0) {
          const t = tests[ti];
          const d = t.d;
          const sg = sign(m);
          const impLo = sg === 1 ? d.lo : -d.hi;
          const impHi = sg === 1 ? d.hi : -d.lo;
          const pAdj = adj[ti];
          let vd: Verdict;
          if (Number.isNaN(d.delta) || Number.isNaN(impLo)) vd = 'undefined';
          else if (pAdj < alpha && impHi < -t.allowed) vd = 'fail';
          else if (impLo >= -t.allowed) vd = 'pass';
          else vd = 'inconclusive';
          const st: CheckStatus = vd === 'pass' ? 'pass' : vd === 'inconclusive' ? (cmp?.inconclusive === 'fail' ? 'fail' : 'warn') : 'fail';
          deltaText = `${fmtDelta(nn(d.delta))} ${ivText(d.lo, d.hi)}`.trim();
          pText = Number.isNaN(pAdj) ? '' : pAdj.toPrecision(3);
          verdict = vd;
          worst = Math.min(worst, sg * d.delta);
          checks.push({
            name: `${label} vs base`,
            status: st,
            message: `${label}: base ${fmt(nn(d.base))}, head ${fmt(nn(d.head))}, delta ${deltaText} (n = ${n}); ${vd === 'undefined' ? 'undefined in this slice; never passes' : vd}; adjusted p (${sc.fdr}) of a drop beyond the tolerance = ${pText || 'n/a'}`,
            value: nn(d.delta),
            threshold: describeTolerance(cmp?.['metric-tolerance']?.[m] ?? cmp?.tolerance, t.allowed),
            method: `${d.method}; ${sc.fdr === 'bh' ? 'Benjamini-Hochberg' : sc.fdr === 'holm' ? 'Holm' : 'no'} adjustment across ${tests.length} slice tests`,
            file,
          });
          if (vd === 'fail') status = 'regressed';
        }
        rows.push({ worst: Number.isNaN(worst) ? -Infinity : worst, row: [value, n, sizes[gi].positives, m, withInterval(nn(v), iv), ...(comp ? [fmt(nn(val0(comp, gi, m))), deltaText, pText, verdict] : []), status] });
      }
    }
    rows.sort((a, b) => a.worst - b.worst);
    tables.push({
      id: `model-slices-${col}`,
      title: `Slices by ${col} (worst first)`,
      tests: ['model-6'],
      columns: ['slice', 'n', 'positives', 'metric', 'head [interval]', ...(comp ? ['base', 'delta [interval]', `adj. p (${sc.fdr})`, 'verdict'] : []), 'status'],
      rows: rows.map((r) => r.row),
      note: `min-size ${sc['min-size']}; intervals: ${comp ? comp.deltas.find((d) => d.group > 0)?.method ?? '' : summ!.intervals.find((x) => x)?.method ?? ''}${comp ? `; ${comp.paired ? 'paired by id' : 'independent samples'}` : ''}.`,
      alwaysShow: true,
    });
  }
  const biasChecks = (max: number, inconclusive: 'warn' | 'fail'): Check[] =>
    biasRows
      .filter((r) => r.n >= sc['min-size'])
      .map((r) => {
        const v = biasVerdict(r.bias, r.iv, max, inconclusive);
        return {
          name: `${r.col}=${r.value}: |prediction bias| <= ${fmt(max)}`,
          status: v.status,
          message: `slice ${r.col}=${r.value} (n = ${r.n}): prediction bias = ${withInterval(nn(r.bias), r.iv)}: ${v.words} +-${fmt(max)}`,
          value: nn(r.bias),
          threshold: `|bias| <= ${fmt(max)}`,
          method: `mean predicted probability - observed positive rate, per slice${r.iv ? `; interval: ${r.iv.method}` : ' (point value: no interval)'}`,
          file,
        } satisfies Check;
      });
  return { checks, tables, records, biasChecks };
}

function val0(comp: Comparison, gi: number, m: string): number {
  return comp.deltas.find((d) => d.group === gi && d.metric === m)!.base;
}

/**
 * Prediction bias against a band [-max, max], judged on its interval like the comparisons: a fail when
 * the interval lies outside the band, a pass when it lies inside, otherwise inconclusive (warn or fail
 * as configured). Without an interval the point value decides, and the method says so. Undefined
 * never passes.
 */
export function biasVerdict(
  bias: number,
  iv: { lo: number; hi: number } | null,
  max: number,
  inconclusive: 'warn' | 'fail',
): { status: 'pass' | 'fail' | 'warn'; words: string } {
  if (Number.isNaN(bias)) return { status: 'fail', words: 'undefined, which never passes' };
  if (!iv) return Math.abs(bias) <= max ? { status: 'pass', words: 'within' } : { status: 'fail', words: 'beyond' };
  if (iv.lo > max || iv.hi < -max) return { status: 'fail', words: 'the interval lies beyond' };
  if (iv.lo >= -max && iv.hi <= max) return { status: 'pass', words: 'the interval lies within' };
  return { status: inconclusive, words: `inconclusive: the interval crosses` };
}
