/**
 * Every evaluator, and which rubric test each serves: from a rubric id, `servedBy(id)` names the
 * evaluator and its `tests`, config keys and evidence formats (docs/rubric-map.md is generated from
 * this list). A test no evaluator serves is attestation-only (ATTESTATION_ONLY).
 *
 * The list holds descriptors, not code: an evaluator's module (and the statistics, readers and
 * formats it imports) is loaded only when the config turns it on (`when`), so a report-level config
 * does not pay for prediction files, snapshots or load tests it never reads. Each descriptor repeats
 * the `name`, `tests`, `config` and `formats` its evaluator declares; test/assertions/registry.test.ts
 * checks that they agree and that an evaluator left out by `when` would have reported nothing.
 *
 * The list runs in this order, which is the order of tables, checks within a test, diagnostics and
 * records in the report. Numerical stability (monitor-5) is not in it: it reads what all the others
 * scanned, so the gate runs it explicitly after them (POST_PASS, gate/evaluate.ts).
 */
import { RUBRIC_IDS, type RubricId } from '../rubric/tests.js';
import type { Config } from '../schemas/config.js';
import { numericalStabilityEvaluator } from './monitor/numerical-stability.js';
import { ATTESTATION_ONLY_IDS } from './shared/attestation-only.js';
import type { Evaluator } from './types.js';

/** What the registry knows of an evaluator without loading its code. */
export interface EvaluatorEntry {
  name: string;
  tests: readonly RubricId[];
  config: readonly string[];
  formats: readonly string[];
  /**
   * Config keys (dot paths) that turn the evaluator on: it is loaded and run when at least one is
   * set. Without any of them it would return no outcomes, tables, record or diagnostics. Empty: always.
   */
  when: readonly string[];
  load(): Promise<Evaluator>;
}

const PREDICTION_FILES = 'prediction files (CSV, TSV, JSON Lines)';

// Evaluators load in groups, one module (chunk) per group: a module per evaluator would make Node
// resolve, read and link dozens of small chunks on every run, which costs more than it saves.
const reports = () => import('./groups/reports.js');
const predictions = () => import('./groups/predictions.js');
const data = () => import('./groups/data.js');
const infra = () => import('./groups/infra.js');

/** JUnit cases tagged with the rubric test they evidence; the gate reads its record for the test pyramid. */
export const TAGGED_TESTS: EvaluatorEntry = {
  name: 'tagged-tests',
  tests: ['infra-3', ...RUBRIC_IDS.filter((id) => id !== 'infra-3' && !ATTESTATION_ONLY_IDS.includes(id))],
  config: ['tests.tagged', 'tests.layers', 'tests.allow-skipped'],
  formats: ['JUnit XML (properties ml_test, ml_test_layer)'],
  when: ['tests.tagged', 'tests.layers'],
  load: async () => (await reports()).taggedTestsEvaluator,
};

export const EVALUATORS: readonly EvaluatorEntry[] = [
  {
    name: 'tests',
    tests: ['data-7', 'infra-2', 'infra-3'],
    config: ['tests.feature', 'tests.model', 'tests.pipeline', 'tests.allow-skipped'],
    formats: ['JUnit XML'],
    when: ['tests'],
    load: async () => (await reports()).testReportsEvaluator,
  },
  TAGGED_TESTS,
  {
    name: 'model',
    tests: ['infra-4', 'model-5', 'monitor-7'],
    config: ['model.eval-report', 'model.thresholds', 'model.simpler-model', 'model.comparison'],
    formats: ['eval-report', 'dvc', 'mlflow', 'sklearn-report', 'baseline report'],
    when: ['model.eval-report'],
    load: async () => (await reports()).reportedMetricsEvaluator,
  },
  // prediction files: loaded once (shared/prediction-run.ts), then one evaluator per rubric test
  {
    name: 'model-predictions',
    tests: ['monitor-7'],
    config: ['model.predictions', 'model.comparison', 'model.prediction-bias'],
    formats: [PREDICTION_FILES, 'baseline report'],
    when: ['model.predictions'],
    load: async () => (await predictions()).predictionQualityEvaluator,
  },
  {
    name: 'prediction-thresholds',
    tests: ['infra-4'],
    config: ['model.predictions', 'model.thresholds', 'model.comparison'],
    formats: [PREDICTION_FILES],
    when: ['model.predictions'],
    load: async () => (await predictions()).predictionThresholdsEvaluator,
  },
  {
    name: 'slices',
    tests: ['model-6'],
    config: ['model.slices', 'model.predictions', 'model.comparison'],
    formats: [PREDICTION_FILES],
    when: ['model.predictions'],
    load: async () => (await predictions()).slicesEvaluator,
  },
  {
    name: 'inclusion',
    tests: ['model-7'],
    config: ['model.inclusion', 'model.predictions'],
    formats: [PREDICTION_FILES],
    when: ['model.predictions'],
    load: async () => (await predictions()).inclusionEvaluator,
  },
  {
    name: 'model-simpler',
    tests: ['model-5'],
    config: ['model.simpler-model', 'model.predictions'],
    formats: [PREDICTION_FILES],
    when: ['model.simpler-model.predictions'],
    load: async () => (await predictions()).simplerModelEvaluator,
  },
  {
    name: 'model-reproducibility',
    tests: ['infra-1'],
    config: ['model.reproducibility', 'model.predictions'],
    formats: ['eval-report', PREDICTION_FILES],
    when: ['model.reproducibility'],
    load: async () => (await predictions()).reproducibilityEvaluator,
  },
  {
    name: 'data-schema',
    tests: ['data-1', 'monitor-2'],
    config: ['data.schema', 'data.training', 'data.serving'],
    formats: ['data-schema', 'snapshot', 'tfdv'],
    when: ['data'],
    load: async () => (await data()).schemaConformanceEvaluator,
  },
  {
    name: 'data-skew',
    tests: ['monitor-3'],
    config: ['data.skew', 'data.training', 'data.serving'],
    formats: ['snapshot', 'tfdv'],
    when: ['data'],
    load: async () => (await data()).trainingServingSkewEvaluator,
  },
  {
    name: 'data-drift',
    tests: ['data-1'],
    config: ['data.drift', 'data.training'],
    formats: ['snapshot', 'tfdv', 'baseline report'],
    when: ['data.training'],
    load: async () => (await data()).trainingDriftEvaluator,
  },
  {
    name: 'data-importance',
    tests: ['data-2'],
    config: ['data.importance', 'data.schema'],
    formats: ['importance', 'data-schema'],
    when: ['data.importance'],
    load: async () => (await data()).featureImportanceEvaluator,
  },
  {
    name: 'data-cost',
    tests: ['data-3'],
    config: ['data.cost', 'data.schema'],
    formats: ['data-schema'],
    when: ['data.cost'],
    load: async () => (await data()).featureCostEvaluator,
  },
  {
    name: 'data-meta',
    tests: ['data-4'],
    config: ['data.meta', 'data.schema'],
    formats: ['data-schema'],
    when: ['data.meta'],
    load: async () => (await data()).featureMetaEvaluator,
  },
  {
    name: 'data-privacy',
    tests: ['data-5'],
    config: ['data.privacy', 'data.schema'],
    formats: ['data-schema'],
    when: ['data.privacy'],
    load: async () => (await data()).privacyEvaluator,
  },
  {
    name: 'review',
    tests: ['model-1', 'monitor-1'],
    config: ['review.model-specs', 'review.dependencies', 'review.dependency-manifests'],
    formats: ["the pull request's changed files"],
    when: ['review'],
    load: async () => (await import('./model/review.js')).reviewEvaluator,
  },
  {
    name: 'performance',
    tests: ['monitor-6'],
    config: ['infra.performance'],
    formats: ['performance', 'pytest-benchmark', 'eval-report', 'baseline report'],
    when: ['infra.performance'],
    load: async () => (await infra()).computingPerformanceEvaluator,
  },
  {
    name: 'staleness',
    tests: ['monitor-4'],
    config: ['infra.staleness', 'model.eval-report', 'data.training'],
    formats: ['eval-report', 'snapshot', 'any JSON or YAML document'],
    when: ['infra.staleness'],
    load: async () => (await infra()).modelStalenessEvaluator,
  },
  {
    name: 'canary',
    tests: ['infra-6'],
    config: ['infra.canary'],
    formats: ['canary'],
    when: ['infra.canary'],
    load: async () => (await infra()).canaryEvaluator,
  },
  {
    name: 'rollback',
    tests: ['infra-7'],
    config: ['infra.rollback'],
    formats: ['rollback'],
    when: ['infra.rollback'],
    load: async () => (await infra()).rollbackEvaluator,
  },
  {
    name: 'debug',
    tests: ['infra-5'],
    config: ['infra.debug'],
    formats: ['debug-trace', 'JUnit XML'],
    when: ['infra.debug'],
    load: async () => (await infra()).debugTraceEvaluator,
  },
  {
    name: 'offline-online',
    tests: ['model-2'],
    config: ['infra.offline-online'],
    formats: ['metric-history'],
    when: ['infra.offline-online'],
    load: async () => (await infra()).offlineOnlineEvaluator,
  },
  {
    name: 'tuning',
    tests: ['model-3'],
    config: ['infra.tuning'],
    formats: ['tuning'],
    when: ['infra.tuning'],
    load: async () => (await infra()).tuningEvaluator,
  },
  {
    name: 'staleness-impact',
    tests: ['model-4'],
    config: ['infra.staleness-impact'],
    formats: ['staleness-impact'],
    when: ['infra.staleness-impact'],
    load: async () => (await infra()).stalenessImpactEvaluator,
  },
  {
    name: 'shadow',
    tests: ['infra-6'],
    config: ['infra.shadow'],
    formats: ['shadow'],
    when: ['infra.shadow'],
    load: async () => (await infra()).shadowEvaluator,
  },
  {
    name: 'ab-test',
    tests: ['infra-6', 'model-2'],
    config: ['infra.ab-test'],
    formats: ['ab-test'],
    when: ['infra.ab-test'],
    load: async () => (await infra()).abTestEvaluator,
  },
  {
    name: 'registry',
    tests: ['infra-7'],
    config: ['infra.registry'],
    formats: ['mlflow-registry'],
    when: ['infra.registry'],
    load: async () => (await infra()).registryEvaluator,
  },
  {
    name: 'registry-comparison',
    tests: ['monitor-7', 'infra-4'],
    config: ['infra.registry.compare-production', 'infra.registry.runs', 'model.comparison'],
    formats: ['mlflow-registry', 'MLflow runs/get JSON'],
    when: ['infra.registry'],
    load: async () => (await infra()).registryComparisonEvaluator,
  },
];

/** Runs after every evaluator, on what they recorded in the evidence store. Small and always run: not split off. */
export const POST_PASS: EvaluatorEntry = {
  name: 'numerical-stability',
  tests: ['monitor-5'],
  config: [],
  formats: ['every numeric value the other evaluators read'],
  when: [],
  load: async () => numericalStabilityEvaluator,
};

/** Tests with no automatic check: they score only through an attestation. */
export const ATTESTATION_ONLY: readonly RubricId[] = ATTESTATION_ONLY_IDS;

/** The evaluators that serve a rubric test (POST_PASS included). */
export function servedBy(id: RubricId): EvaluatorEntry[] {
  return [...EVALUATORS, POST_PASS].filter((e) => e.tests.includes(id));
}

/** The value at a dot path of the config (`model.simpler-model.predictions`), or undefined. */
function at(config: Config, key: string): unknown {
  let v: unknown = config;
  for (const k of key.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** True when the config turns the evaluator on (see EvaluatorEntry.when). */
export function isActive(entry: EvaluatorEntry, config: Config): boolean {
  return entry.when.length === 0 || entry.when.some((k) => at(config, k) !== undefined);
}

/** The entries the config turns on, in registry order. */
export function activeEntries(config: Config): EvaluatorEntry[] {
  return EVALUATORS.filter((e) => isActive(e, config));
}

/** A setting the config sets that no evaluator the config turns on reads (`model.thresholds` without an eval report or predictions). */
export interface UnreadSetting {
  /** The setting's dot path. */
  key: string;
  /** The config keys that would turn on an evaluator reading it. */
  needs: string[];
  /** The tests those evaluators all serve, else any of them serves. */
  tests: RubricId[];
}

/**
 * The settings that would be read by nothing: without this, a config with `model.thresholds` and no
 * `model.eval-report` or `model.predictions` (or `data.drift` without `data.training`) scored those
 * tests as missing without a word about the settings the user wrote.
 */
export function unreadSettings(config: Config): UnreadSetting[] {
  const keys = [...new Set(EVALUATORS.flatMap((e) => e.config))];
  const out: UnreadSetting[] = [];
  for (const key of keys) {
    if (at(config, key) === undefined) continue;
    const readers = EVALUATORS.filter((e) => e.config.includes(key));
    if (readers.some((e) => isActive(e, config))) continue;
    // the tests every reader serves (model.thresholds: infra-4), else those any reader serves
    const every = RUBRIC_IDS.filter((id) => readers.every((e) => e.tests.includes(id)));
    out.push({
      key,
      needs: [...new Set(readers.flatMap((e) => e.when))],
      tests: every.length ? every : RUBRIC_IDS.filter((id) => readers.some((e) => e.tests.includes(id))),
    });
  }
  return out;
}
