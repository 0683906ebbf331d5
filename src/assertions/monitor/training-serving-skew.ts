import { compareSnapshots, severity, type FeatureComparison } from '../../data/compare.js';
import { presence } from '../../data/validate.js';
import type { Check, ReportTable, TestOutcome } from '../../rubric/types.js';
import type { RubricId } from '../../rubric/tests.js';
import { skewConfig, type ComparisonSettings } from '../../schemas/config/data.js';
import type { Snapshot } from '../../schemas/snapshot.js';
import { fmt, pct } from '../../util/format.js';
import { dataConfigOf, loadErrors, loadSnapshot } from '../shared/snapshots.js';
import { refPath } from '../shared/snapshots.js';
import type { Evaluator } from '../types.js';

/** Rows shown in a skew/drift table; the rest are summarised in the note. */
export const TABLE_ROWS = 15;

function thresholdText(c: FeatureComparison, fdr: number): string {
  if (c.method === 'chi2') return `p < ${fmt(c.threshold)}`;
  if (c.method === 'ks') return `D > ${fmt(c.threshold)} and p_BH < ${fmt(fdr)}`;
  return `<= ${fmt(c.threshold)}`;
}

/** One check per compared feature. `onDrift` is the status of a drifting feature. */
export function comparisonChecks(list: FeatureComparison[], what: string, file: string, fdr: number, onDrift: 'fail' | 'warn'): Check[] {
  return list.map((c) => {
    const threshold = thresholdText(c, fdr);
    if (c.drifted === null) {
      const status = c.problem === 'insufficient data' || c.problem === 'types differ' ? 'warn' : 'error';
      return {
        name: `feature "${c.feature}" ${what}`,
        status,
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
      message: `"${c.feature}" ${c.drifted ? 'drifts' : 'within threshold'}: ${c.method} = ${fmt(c.value)} (threshold ${threshold}); ${c.detail}`,
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
  fdr: number,
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
    columns: ['feature', 'type', 'method', 'value', 'threshold', 'verdict'],
    rows: shown.map((c) => [
      c.feature,
      c.type,
      c.label,
      c.value,
      thresholdText(c, fdr),
      c.drifted === null ? (c.problem ?? 'n/a') : c.drifted ? 'drift' : 'ok',
    ]),
    note: `${note} ${drifted} of ${list.length} feature(s) drift.${rest > 0 ? ` ${rest} more feature(s) further from their thresholds are not shown.` : ''}`,
    alwaysShow: true,
  };
}

export function settingsOf(s: ComparisonSettings): string {
  return `Defaults: numeric ${s.numeric.method}, categorical ${s.categorical.method}; FDR ${s.fdr} (Benjamini-Hochberg) for p-value methods; minimum ${s['min-count']} values per side.`;
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
  for (const tf of train.features) {
    const sf = serveBy.get(tf.name);
    if (!sf) continue;
    shared++;
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
      message: `training and serving have the same ${shared} feature(s) with the same types; presence differs by at most ${pct(maxPresenceDiff)}`,
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
    const [train, serve] = await Promise.all([loadSnapshot(ctx, cfg.training), loadSnapshot(ctx, cfg.serving)]);
    if (!train.ok || !serve.ok) {
      for (const l of [train, serve]) if (!l.ok) outcomes.push(...loadErrors(['monitor-3'], l));
      return { outcomes };
    }
    const { comparisons, schema } = compareSnapshots(train.value, serve.value, settings);
    const checks = [
      ...schemaSkewChecks(train.value, serve.value, schema, settings['max-presence-diff'], servingPath),
      ...comparisonChecks(comparisons, 'skew', servingPath, settings.fdr, 'fail'),
    ];
    outcomes.push({ test: 'monitor-3', checks, evidence: [trainingPath, servingPath] });
    const tables: ReportTable[] = [
      comparisonTable(
        'data-skew',
        'Training/serving skew by feature',
        ['monitor-3'],
        comparisons,
        settings.fdr,
        `Training ${trainingPath} (${train.value.rows} rows) vs serving ${servingPath} (${serve.value.rows} rows). ${settingsOf(settings)}`,
      ),
    ];
    return { outcomes, tables };
  },
};
