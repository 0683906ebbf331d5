/**
 * Every evaluator, and which rubric test each serves: from a rubric id, `servedBy(id)` names the
 * evaluator and its `tests`, config keys and evidence formats (docs/rubric-map.md is generated from
 * this list). A test no evaluator serves is attestation-only (ATTESTATION_ONLY).
 *
 * The list runs in this order, which is the order of tables, checks within a test, diagnostics and
 * records in the report. Numerical stability (monitor-5) is not in it: it reads what all the others
 * scanned, so the gate runs it explicitly after them (POST_PASS, gate/evaluate.ts).
 */
import type { RubricId } from '../rubric/tests.js';
import { featureCostEvaluator } from './data/feature-cost.js';
import { featureImportanceEvaluator } from './data/feature-importance.js';
import { featureMetaEvaluator } from './data/feature-meta.js';
import { privacyEvaluator } from './data/privacy.js';
import { schemaConformanceEvaluator } from './data/schema-conformance.js';
import { testReportsEvaluator } from './data/test-reports.js';
import { trainingDriftEvaluator } from './data/training-drift.js';
import { canaryEvaluator } from './infra/canary.js';
import { debugTraceEvaluator } from './infra/debug-trace.js';
import { predictionThresholdsEvaluator } from './infra/prediction-thresholds.js';
import { reportedMetricsEvaluator } from './infra/reported-metrics.js';
import { reproducibilityEvaluator } from './infra/reproducibility.js';
import { abTestEvaluator } from './infra/ab-test.js';
import { registryEvaluator } from './infra/model-registry.js';
import { rollbackEvaluator } from './infra/rollback.js';
import { shadowEvaluator } from './infra/shadow-test.js';
import { taggedTestsEvaluator } from './infra/tagged-tests.js';
import { inclusionEvaluator } from './model/inclusion.js';
import { offlineOnlineEvaluator } from './model/offline-online.js';
import { reviewEvaluator } from './model/review.js';
import { simplerModelEvaluator } from './model/simpler-model.js';
import { slicesEvaluator } from './model/slices.js';
import { stalenessImpactEvaluator } from './model/staleness-impact.js';
import { tuningEvaluator } from './model/tuning.js';
import { computingPerformanceEvaluator } from './monitor/computing-performance.js';
import { modelStalenessEvaluator } from './monitor/model-staleness.js';
import { numericalStabilityEvaluator } from './monitor/numerical-stability.js';
import { predictionQualityEvaluator } from './monitor/prediction-quality.js';
import { registryComparisonEvaluator } from './monitor/registry-comparison.js';
import { trainingServingSkewEvaluator } from './monitor/training-serving-skew.js';
import { ATTESTATION_ONLY_IDS } from './shared/attestation-only.js';
import type { Evaluator } from './types.js';

export const EVALUATORS: readonly Evaluator[] = [
  testReportsEvaluator,
  taggedTestsEvaluator,
  reportedMetricsEvaluator,
  // prediction files: loaded once (shared/prediction-run.ts), then one evaluator per rubric test
  predictionQualityEvaluator,
  predictionThresholdsEvaluator,
  slicesEvaluator,
  inclusionEvaluator,
  simplerModelEvaluator,
  reproducibilityEvaluator,
  schemaConformanceEvaluator,
  trainingServingSkewEvaluator,
  trainingDriftEvaluator,
  featureImportanceEvaluator,
  featureCostEvaluator,
  featureMetaEvaluator,
  privacyEvaluator,
  reviewEvaluator,
  computingPerformanceEvaluator,
  modelStalenessEvaluator,
  canaryEvaluator,
  rollbackEvaluator,
  debugTraceEvaluator,
  offlineOnlineEvaluator,
  tuningEvaluator,
  stalenessImpactEvaluator,
  shadowEvaluator,
  abTestEvaluator,
  registryEvaluator,
  registryComparisonEvaluator,
];

/** Runs after every evaluator, on what they recorded in the evidence store. */
export const POST_PASS: Evaluator = numericalStabilityEvaluator;

/** Tests with no automatic check: they score only through an attestation. */
export const ATTESTATION_ONLY: readonly RubricId[] = ATTESTATION_ONLY_IDS;

/** The evaluators that serve a rubric test (POST_PASS included). */
export function servedBy(id: RubricId): Evaluator[] {
  return [...EVALUATORS, POST_PASS].filter((e) => e.tests.includes(id));
}
