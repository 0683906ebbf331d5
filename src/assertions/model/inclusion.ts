/**
 * model-7 (the model is tested for considerations of inclusion): fairlearn's demographic parity
 * difference and ratio and equalized odds difference per group column, against the configured limits;
 * groups with too few positives or negatives are left out and named.
 */
import type { Check, ReportTable } from '../../rubric/types.js';
import type { InclusionConfig } from '../../schemas/config/model.js';
import { fairness, type FairnessResult } from '../../stats/fairness.js';
import { binaryPredicted } from '../../stats/model-eval.js';
import { fmt } from '../../util/format.js';
import { cell, errorOutcomeFor, predictionRun, type PredictionRun } from '../shared/prediction-run.js';
import { nullIfNaN } from '../shared/predictions.js';
import type { EvalContext, Evaluator } from '../types.js';

function limitChecks(col: string, f: FairnessResult, lim: InclusionConfig['limits'], method: string, file: string): Check[] {
  const insufficient = f.groups.filter((x) => x.insufficient);
  const items: Array<[string, number, number | undefined, 'max' | 'min']> = [
    ['demographic_parity_difference', f.demographic_parity_difference, lim.demographic_parity_difference, 'max'],
    ['demographic_parity_ratio', f.demographic_parity_ratio, lim.demographic_parity_ratio, 'min'],
    ['equalized_odds_difference', f.equalized_odds_difference, lim.equalized_odds_difference, 'max'],
  ];
  const checks: Check[] = [];
  for (const [metric, v, limit, kind] of items) {
    if (limit === undefined) continue;
    const want = kind === 'max' ? `<= ${fmt(limit)}` : `>= ${fmt(limit)}`;
    if (Number.isNaN(v)) {
      const listed = insufficient
        .slice(0, 5)
        .map((x) => `${x.group} (${x.positives} pos, ${x.negatives} neg)`)
        .join(', ');
      checks.push({
        name: `${col}: ${metric} ${want}`,
        status: 'error',
        message: `${col}: ${metric} is undefined: fewer than two groups have enough data (${insufficient.length} of ${f.groups.length} insufficient: ${listed})`,
        value: null,
        threshold: want,
        method,
        file,
      });
      continue;
    }
    const ok = kind === 'max' ? v <= limit : v >= limit;
    const left = insufficient.length ? ` (${insufficient.length} with insufficient data left out)` : '';
    checks.push({
      name: `${col}: ${metric} ${want}`,
      status: ok ? 'pass' : 'fail',
      message: `${col}: ${metric} = ${fmt(v)} ${ok ? 'meets' : 'violates'} ${want} over ${f.groups.length - insufficient.length} groups${left}`,
      value: v,
      threshold: want,
      method,
      file,
    });
  }
  return checks;
}

function groupTable(col: string, f: FairnessResult, method: string): ReportTable {
  return {
    id: `model-inclusion-${col}`,
    title: `Inclusion by ${col}`,
    tests: ['model-7'],
    columns: ['group', 'n', 'positives', 'negatives', 'selection rate', 'TPR', 'FPR', 'status'],
    rows: f.groups
      .slice()
      .sort((a, b) => (a.insufficient === b.insufficient ? a.selectionRate - b.selectionRate : a.insufficient ? 1 : -1))
      .map((x) => [
        x.group,
        x.n,
        x.positives,
        x.negatives,
        cell(x.selectionRate),
        cell(x.tpr),
        cell(x.fpr),
        x.insufficient ? 'insufficient data' : 'ok',
      ]),
    note: `demographic_parity_difference ${fmt(nullIfNaN(f.demographic_parity_difference))}, ratio ${fmt(nullIfNaN(f.demographic_parity_ratio))}, equalized_odds_difference ${fmt(nullIfNaN(f.equalized_odds_difference))} (TPR gap ${fmt(nullIfNaN(f.tprGap))}, FPR gap ${fmt(nullIfNaN(f.fprGap))}); ${method}.`,
    alwaysShow: true,
  };
}

function inclusion(run: PredictionRun, inc: InclusionConfig): { checks: Check[]; tables: ReportTable[] } {
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
  const checks: Check[] = [];
  const tables: ReportTable[] = [];
  const predicted = binaryPredicted(head, pc.threshold);
  const method = `fairlearn definitions; predicted positive when score >= ${pc.threshold}; groups with < ${inc['min-positives']} positives or < ${inc['min-negatives']} negatives left out`;
  for (const col of inc.groups) {
    const g = head.groups.get(col)!;
    const f = fairness(
      { y: head.y as Uint8Array, pred: predicted, group: g.codes, names: g.values, w: head.weight },
      inc['min-positives'],
      inc['min-negatives'],
    );
    checks.push(...limitChecks(col, f, inc.limits, method, pc.file));
    tables.push(groupTable(col, f, method));
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
    const r = inclusion(a.run, inc);
    return { outcomes: [{ test: 'model-7', checks: r.checks, evidence: a.run.evidence }], tables: r.tables };
  },
};
