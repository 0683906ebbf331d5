import { dataDriftEvaluator } from './data-drift.js';
import { dataCostEvaluator, dataImportanceEvaluator, dataMetaEvaluator, dataPrivacyEvaluator } from './data-features.js';
import { dataSchemaEvaluator } from './data-schema.js';
import { dataSkewEvaluator } from './data-skew.js';
import type { Evaluator } from './types.js';

/**
 * The data half of the rubric: schema conformance (data-1, monitor-2), training/serving skew
 * (monitor-3), drift vs the base branch with the schema diff (data-1), importance (data-2), cost
 * (data-3), meta-level rules (data-4), privacy (data-5). They record snapshot NaN/infinity counts for
 * monitor-5, so register them before the numerical-stability evaluator.
 */
export const dataEvaluators: Evaluator[] = [
  dataSchemaEvaluator,
  dataSkewEvaluator,
  dataDriftEvaluator,
  dataImportanceEvaluator,
  dataCostEvaluator,
  dataMetaEvaluator,
  dataPrivacyEvaluator,
];
