/**
 * model-7 (the model is tested for considerations of inclusion): fairlearn's demographic parity
 * difference and ratio and equalized odds difference and ratio per group column, against the
 * configured limits. Demographic parity uses every group with at least `min-group-size` rows (it
 * needs no labels); equalized odds every group with enough positives and negatives. Groups below a
 * minimum are listed with a warning, never dropped silently.
 *
 * A limit is judged as the four-fifths rule is applied: a value that meets it passes; a value beyond
 * it fails when the two groups that set it differ significantly (stats/fairness.ts: two-proportion
 * test, Bonferroni across group pairs), with Holm across every limit of every column at the gate's
 * inclusion alpha; otherwise the groups are too small to tell and the check is inconclusive (a
 * warning, or a failure with `inclusion.inconclusive: fail`). Equal groups therefore alarm in at most
 * alpha of runs, whatever their size.
 */
import type { Check, CheckStatus, ReportTable } from '../../rubric/types.js';
import type { InclusionConfig } from '../../schemas/config/model.js';
import { fairness, type FairnessMetric, type FairnessResult, type GroupRates } from '../../stats/fairness.js';
import { binaryPredicted } from '../../stats/model-eval.js';
import { familyLevels } from '../../stats/verdict.js';
import { fmt, fmtVersus } from '../../util/format.js';
import { cell, errorOutcomeFor, predictionRun, type PredictionRun } from '../shared/prediction-run.js';
import { nullIfNaN } from '../shared/predictions.js';
import type { EvalContext, Evaluator } from '../types.js';

const KINDS: Record<FairnessMetric, 'max' | 'min'> = {
  demographic_parity_difference: 'max',
  demographic_parity_ratio: 'min',
  equalized_odds_difference: 'max',
  equalized_odds_ratio: 'min',
};

/** One configured limit on one column, before the family's adjustment. */
interface LimitTest {
  col: string;
  metric: FairnessMetric;
  value: number;
  limit: number;
  kind: 'max' | 'min';
  violated: boolean;
  f: FairnessResult;
  /** p-value that the groups setting the value differ (1 when the value meets the limit: nothing to show). */
  p: number;
}

const tooSmall = (g: GroupRates, inc: InclusionConfig) =>
  !g.dp
    ? `${g.group} (${g.n} rows < min-group-size ${inc['min-group-size']})`
    : `${g.group} (${g.positives} positives, ${g.negatives} negatives; equalized odds needs ${inc['min-positives']} and ${inc['min-negatives']})`;

function limitTests(col: string, f: FairnessResult, lim: InclusionConfig['limits']): LimitTest[] {
  const out: LimitTest[] = [];
  for (const metric of Object.keys(KINDS) as FairnessMetric[]) {
    const limit = lim[metric];
    if (limit === undefined) continue;
    const kind = KINDS[metric];
    const value = f[metric];
    const violated = !Number.isNaN(value) && (kind === 'max' ? value > limit : value < limit);
    out.push({ col, metric, value, limit, kind, violated, f, p: violated ? (f.pairs[metric]?.p ?? 1) : 1 });
  }
  return out;
}

/** The check of one limit, given its Holm-adjusted p-value and the family's alpha. */
function limitCheck(t: LimitTest, pAdj: number, alpha: number, inc: InclusionConfig, method: string, file: string): Check {
  const want = `${t.kind === 'max' ? '<=' : '>='} ${fmt(t.limit)}`;
  const name = `${t.col}: ${t.metric} ${want}`;
  const entering = t.metric.startsWith('demographic') ? t.f.groups.filter((g) => g.dp) : t.f.groups.filter((g) => g.eo);
  if (Number.isNaN(t.value)) {
    const left = t.f.groups.filter((g) => !entering.includes(g));
    return {
      name,
      status: 'error',
      message: `${t.col}: ${t.metric} is undefined: fewer than two groups have enough data (${left.length} of ${t.f.groups.length} insufficient: ${left
        .slice(0, 5)
        .map((g) => tooSmall(g, inc))
        .join(', ')})`,
      value: null,
      threshold: want,
      method,
      file,
    };
  }
  const vs = fmtVersus(t.value, t.limit);
  const printed = `${t.col}: ${t.metric} = ${vs.value}`;
  const op = t.kind === 'max' ? (t.violated ? '>' : '<=') : t.violated ? '<' : '>=';
  const over = `over ${entering.length} groups`;
  let status: CheckStatus = 'pass';
  let words = `${printed} meets ${op} ${vs.threshold} ${over}`;
  const pair = t.f.pairs[t.metric];
  if (t.violated && pair) {
    const gap = `${pair.rate} of ${pair.low} vs ${pair.high}: adjusted p = ${pAdj.toPrecision(3)}`;
    if (pAdj < alpha) {
      status = 'fail';
      words = `${printed} ${op} ${vs.threshold} ${over}: a violation (${gap} < alpha ${fmt(alpha)})`;
    } else {
      status = inc.inconclusive === 'fail' ? 'fail' : 'warn';
      words = `${printed} ${op} ${vs.threshold} ${over}, but the groups are too small to tell it from chance (${gap} >= alpha ${fmt(alpha)}): inconclusive${inc.inconclusive === 'fail' ? ', which this config fails (inclusion.inconclusive: fail)' : ''}`;
    }
  }
  return { name, status, message: words, value: t.value, threshold: want, method, file };
}

/** A warning per column that has groups too small for a metric it is held to (never left out silently). */
function smallGroupsCheck(col: string, f: FairnessResult, inc: InclusionConfig, file: string): Check | null {
  const lim = inc.limits;
  const needDp = lim.demographic_parity_difference !== undefined || lim.demographic_parity_ratio !== undefined;
  const needEo = lim.equalized_odds_difference !== undefined || lim.equalized_odds_ratio !== undefined;
  const small = f.groups.filter((g) => (needDp && !g.dp) || (needEo && !g.eo));
  if (small.length === 0) return null;
  return {
    name: `${col}: groups too small to judge`,
    status: 'warn',
    message: `${col}: ${small.length} of ${f.groups.length} group(s) too small to judge, listed as insufficient data and not part of the metrics below their minimum: ${small
      .slice(0, 8)
      .map((g) => tooSmall(g, inc))
      .join('; ')}${small.length > 8 ? `; +${small.length - 8} more` : ''}`,
    value: small.length,
    threshold: `>= ${inc['min-group-size']} rows (demographic parity); >= ${inc['min-positives']} positives and ${inc['min-negatives']} negatives (equalized odds)`,
    file,
  };
}

function groupStatus(g: GroupRates, inc: InclusionConfig): string {
  if (!g.dp) return `insufficient data (< ${inc['min-group-size']} rows)`;
  if (!g.eo) return 'insufficient data for equalized odds';
  return 'ok';
}

function groupTable(col: string, f: FairnessResult, inc: InclusionConfig, method: string): ReportTable {
  const v = (x: number) => fmt(nullIfNaN(x));
  return {
    id: `model-inclusion-${col}`,
    title: `Inclusion by ${col}`,
    tests: ['model-7'],
    columns: ['group', 'n', 'positives', 'negatives', 'selection rate', 'TPR', 'FPR', 'status'],
    rows: f.groups
      .slice()
      .sort((a, b) => (a.dp === b.dp ? a.selectionRate - b.selectionRate : a.dp ? -1 : 1))
      .map((x) => [x.group, x.n, x.positives, x.negatives, cell(x.selectionRate), cell(x.tpr), cell(x.fpr), groupStatus(x, inc)]),
    note: `demographic_parity_difference ${v(f.demographic_parity_difference)}, ratio ${v(f.demographic_parity_ratio)}; equalized_odds_difference ${v(f.equalized_odds_difference)} (TPR gap ${v(f.tprGap)}, FPR gap ${v(f.fprGap)}), ratio ${v(f.equalized_odds_ratio)}; ${method}.`,
    alwaysShow: true,
  };
}

function inclusion(ctx: EvalContext, run: PredictionRun, inc: InclusionConfig): { checks: Check[]; tables: ReportTable[] } {
  const { pc, head } = run;
  if (pc.task !== 'binary') {
    return {
      checks: [
        {
          name: 'inclusion',
          status: 'error',
          message: `inclusion metrics (fairlearn definitions) need a binary task; ${pc.file} is ${pc.task}`,
          file: pc.file,
        },
      ],
      tables: [],
    };
  }
  const predicted = binaryPredicted(head, pc.threshold);
  const mins = { minGroupSize: inc['min-group-size'], minPositives: inc['min-positives'], minNegatives: inc['min-negatives'] };
  const results = inc.groups.map((col) => {
    const g = head.groups.get(col)!;
    return { col, f: fairness({ y: head.y as Uint8Array, pred: predicted, group: g.codes, names: g.values, w: head.weight }, mins) };
  });
  const tests = results.flatMap((r) => limitTests(r.col, r.f, inc.limits));
  const alpha = ctx.alpha('inclusion');
  const { pAdj } = familyLevels(
    tests.map((t) => t.p),
    alpha,
    'holm',
  );
  const method = `fairlearn definitions; predicted positive when score >= ${pc.threshold}; demographic parity over groups of >= ${inc['min-group-size']} rows, equalized odds over groups with >= ${inc['min-positives']} positives and >= ${inc['min-negatives']} negatives; a value beyond its limit fails when the two groups that set it differ (two-proportion z-test, Bonferroni across group pairs; Holm across ${tests.length} limit(s) at family alpha ${fmt(alpha)})${head.weight ? '; tests on unweighted counts' : ''}`;
  const checks: Check[] = [];
  const tables: ReportTable[] = [];
  for (const r of results) {
    tests.forEach((t, i) => {
      if (t.col === r.col) checks.push(limitCheck(t, pAdj[i], alpha, inc, method, pc.file));
    });
    const small = smallGroupsCheck(r.col, r.f, inc, pc.file);
    if (small) checks.push(small);
    tables.push(groupTable(r.col, r.f, inc, method));
  }
  return { checks, tables };
}

export const inclusionEvaluator: Evaluator = {
  name: 'inclusion',
  tests: ['model-7'],
  config: ['model.inclusion', 'model.predictions'],
  formats: ['prediction files (CSV, TSV, JSON Lines)'],
  async run(ctx: EvalContext) {
    const a = await predictionRun(ctx);
    if (a.kind !== 'ok') return { outcomes: errorOutcomeFor(a, ctx.config.model, 'model-7') ?? [] };
    const inc = a.run.cfg.inclusion;
    if (!inc) return { outcomes: [] };
    const r = inclusion(ctx, a.run, inc);
    return { outcomes: [{ test: 'model-7', checks: r.checks, evidence: a.run.evidence }], tables: r.tables };
  },
};
