import { compareSnapshots, severity, VALUE_NAMES, type FeatureComparison } from '../../data/compare.js';
import { presence } from '../../data/validate.js';
import type { Check, ReportTable, TestOutcome } from '../../rubric/types.js';
import type { RubricId } from '../../rubric/tests.js';
import { skewConfig, type ComparisonSettings } from '../../schemas/config/data.js';
import type { Snapshot } from '../../schemas/snapshot.js';
import { fmtVersus, pct } from '../../util/format.js';
import { dataConfigOf, loadErrors, loadSnapshot, rawSamples } from '../shared/snapshots.js';
import { refPath } from '../shared/snapshots.js';
import type { Evaluator } from '../types.js';

/** Rows shown in a skew/drift table; the rest are summarised in the note. */
export const TABLE_ROWS = 15;

/** A threshold as it is used (0.00625, never 0.0063): fmtVersus prints a threshold with the digits it needs. */
const exactText = (x: number) => fmtVersus(x, x).threshold;

/** The verdict rule as a threshold string: effect above its threshold and the adjusted p below alpha. */
export function thresholdText(c: FeatureComparison, alpha: number): string {
  const a = exactText(c.alpha ?? alpha);
  if (c.method === 'chi2') return `p_Holm < ${exactText(c.threshold)}`;
  return `${VALUE_NAMES[c.method]} > ${exactText(c.threshold)} and p_Holm < ${a}`;
}

/** How a comparison without a verdict counts: too little data or other types warn; the rest is an error unless `notComparable` says otherwise. */
function problemStatus(c: FeatureComparison, notComparable: 'error' | 'warn'): 'warn' | 'error' {
  if (c.problem === 'insufficient data' || c.problem === 'types differ') return 'warn';
  return c.problem === 'not comparable' ? notComparable : 'error';
}

/** One check per compared feature. `onDrift` is the status of a drifting feature. */
export function comparisonChecks(
  list: FeatureComparison[],
  what: string,
  file: string,
  alpha: number,
  onDrift: 'fail' | 'warn',
  notComparable: 'error' | 'warn' = 'error',
): Check[] {
  return list.map((c) => {
    const threshold = thresholdText(c, alpha);
    if (c.drifted === null) {
      return {
        name: `feature "${c.feature}" ${what}`,
        status: problemStatus(c, notComparable),
        message: `"${c.feature}": ${c.detail}`,
        value: null,
        threshold,
        method: c.label,
        file,
      };
    }
    return {
      name: `feature "${c.feature}" ${what}`,
      status: c.drifted ? onDrift : 'pass',
      message: `"${c.feature}" ${c.drifted ? 'drifts' : 'within threshold'}: ${c.detail}`,
      value: c.value,
      threshold,
      method: c.label,
      file,
    };
  });
}

/** The table of features by distance, closest to (or furthest past) the threshold first. */
export function comparisonTable(
  id: string,
  title: string,
  tests: RubricId[],
  list: FeatureComparison[],
  alpha: number,
  note: string,
): ReportTable {
  const sorted = [...list].sort((a, b) => severity(b) - severity(a) || a.feature.localeCompare(b.feature));
  const shown = sorted.slice(0, TABLE_ROWS);
  const drifted = list.filter((c) => c.drifted).length;
  const rest = sorted.length - shown.length;
  return {
    id,
    title,
    tests,
    columns: ['feature', 'type', 'method', 'value', 'threshold', 'test', 'verdict'],
    rows: shown.map((c) => {
      const v = c.value === null ? null : fmtVersus(c.value, c.threshold);
      const p = c.adjustedP === undefined || c.alpha === undefined ? null : fmtVersus(c.adjustedP, c.alpha);
      return [
        c.feature,
        c.type,
        c.label,
        v ? `${VALUE_NAMES[c.method]} ${v.value}` : 'undefined',
        thresholdText(c, alpha),
        p ? `p_Holm ${p.value}` : 'n/a',
        c.drifted === null ? (c.problem ?? 'n/a') : c.drifted ? 'drift' : 'ok',
      ];
    }),
    note: `${note} ${drifted} of ${list.length} feature(s) drift.${rest > 0 ? ` ${rest} more feature(s) further from their thresholds are not shown.` : ''}`,
    alwaysShow: true,
  };
}

/** Per-feature figures for the JSON report: every statistic in its own field. */
export function comparisonRecords(list: FeatureComparison[]): Array<Record<string, unknown>> {
  return list.map((c) => ({
    feature: c.feature,
    type: c.type,
    method: c.label,
    effect: c.method,
    value: c.value,
    threshold: c.threshold,
    test: c.test,
    statistic: c.statistic,
    df: c.df,
    pValue: c.pValue,
    adjustedP: c.adjustedP,
    alpha: c.alpha,
    js: c.js,
    jsDistance: c.jsDistance,
    linf: c.linf,
    psi: c.psi,
    ksD: c.ksD,
    w1: c.w1,
    w1Normalised: c.w1Normalised,
    verdict: c.drifted === null ? (c.problem ?? 'n/a') : c.drifted ? 'drift' : 'ok',
    detail: c.detail,
  }));
}

export function settingsOf(s: ComparisonSettings, alpha: number): string {
  return `Defaults: numeric ${s.numeric.method}, categorical ${s.categorical.method}; a feature drifts when its effect is above the threshold and the two-sample test is significant at ${exactText(alpha)} family-wise (Holm over the compared features${s.fdr === undefined ? "; this family's share of gate.false-alarm-rate" : '; data fdr setting'}); minimum ${s['min-count']} values per side. Methods: docs/methods/drift.md.`;
}

function schemaSkewChecks(
  train: Snapshot,
  serve: Snapshot,
  list: ReturnType<typeof compareSnapshots>['schema'],
  maxPresenceDiff: number,
  file: string,
): Check[] {
  const checks: Check[] = list.map((s) => ({
    name: `feature "${s.feature}": schema skew (${s.kind})`,
    status: 'fail',
    message: s.message,
    method: 'schema skew: features and types, training vs serving',
    file,
  }));
  const serveBy = new Map(serve.features.map((f) => [f.name, f]));
  let shared = 0;
  const widened: string[] = []; // int on one side, float only by its missing values on the other (compareSnapshots)
  for (const tf of train.features) {
    const sf = serveBy.get(tf.name);
    if (!sf) continue;
    shared++;
    if (tf.type !== sf.type) widened.push(`"${tf.name}" (${tf.type} in training, ${sf.type} in serving)`);
    const pt = presence(tf);
    const ps = presence(sf);
    if (pt === null || ps === null) continue;
    const d = Math.abs(pt - ps);
    if (d > maxPresenceDiff) {
      checks.push({
        name: `feature "${tf.name}": presence skew`,
        status: 'fail',
        message: `"${tf.name}" is present in ${pct(pt)} of training rows and ${pct(ps)} of serving rows (difference ${pct(d)} > ${pct(maxPresenceDiff)})`,
        value: d,
        threshold: `<= ${pct(maxPresenceDiff)}`,
        method: 'absolute difference of presence fractions',
        file,
      });
    }
  }
  if (checks.length === 0) {
    checks.push({
      name: 'schema skew',
      status: 'pass',
      message: `training and serving have the same ${shared} feature(s) with the same types${widened.length ? ` (${widened.slice(0, 5).join(', ')}${widened.length > 5 ? ` and ${widened.length - 5} more` : ''}: integers, typed float where values are missing)` : ''}; presence differs by at most ${pct(maxPresenceDiff)}`,
      value: 0,
      threshold: '0 features on one side only or retyped',
      method: 'schema skew: features, types and presence, training vs serving',
      file,
    });
  }
  return checks;
}

/** monitor-3: training/serving skew per feature, plus schema skew. */
export const trainingServingSkewEvaluator: Evaluator = {
  name: 'data-skew',
  tests: ['monitor-3'],
  config: ['data.skew', 'data.training', 'data.serving'],
  formats: ['snapshot', 'tfdv'],
  async run(ctx) {
    const cfg = dataConfigOf(ctx);
    const outcomes: TestOutcome[] = [];
    if (!cfg || (!cfg.skew && !(cfg.training && cfg.serving))) return { outcomes };
    if (!cfg.training || !cfg.serving) {
      const missing = !cfg.training ? 'data.training' : 'data.serving';
      return {
        outcomes: [
          {
            test: 'monitor-3',
            checks: [
              {
                name: 'snapshots',
                status: 'error',
                message: `data.skew is set but ${missing} is not: skew needs a training and a serving snapshot`,
              },
            ],
          },
        ],
      };
    }
    const trainingPath = refPath(cfg.training);
    const servingPath = refPath(cfg.serving);
    const settings = cfg.skew ?? skewConfig.parse({});
    const train = await loadSnapshot(ctx, cfg.training);
    const serve = await loadSnapshot(ctx, cfg.serving);
    if (!train.ok || !serve.ok) {
      for (const l of [train, serve]) if (!l.ok) outcomes.push(...loadErrors(['monitor-3'], l));
      return { outcomes };
    }
    const alpha = settings.fdr ?? ctx.alpha('skew');
    const { comparisons, schema } = compareSnapshots(train.value, serve.value, settings, rawSamples(train.value, serve.value), alpha);
    const checks = [
      ...schemaSkewChecks(train.value, serve.value, schema, settings['max-presence-diff'], servingPath),
      ...comparisonChecks(comparisons, 'skew', servingPath, alpha, 'fail'),
    ];
    outcomes.push({ test: 'monitor-3', checks, evidence: [trainingPath, servingPath] });
    const tables: ReportTable[] = [
      comparisonTable(
        'data-skew',
        'Training/serving skew by feature',
        ['monitor-3'],
        comparisons,
        alpha,
        `Training ${trainingPath} (${train.value.rows} rows) vs serving ${servingPath} (${serve.value.rows} rows). ${settingsOf(settings, alpha)}`,
      ),
    ];
    return { outcomes, tables, record: { features: comparisonRecords(comparisons) } };
  },
};
