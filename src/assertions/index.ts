import { dataEvaluators } from './data-index.js';
import { infraEvaluators } from './infra-index.js';
import { junitEvaluator } from './junit-tests.js';
import { modelEvaluators } from './model-index.js';
import { numericalStabilityEvaluator } from './numerical-stability.js';
import { reviewEvaluator } from './review.js';
import type { Evaluator } from './types.js';

/**
 * Every evaluator, in order. Numerical stability runs last: it reads what the others scanned.
 */
export const EVALUATORS: readonly Evaluator[] = [
  junitEvaluator,
  ...modelEvaluators,
  ...dataEvaluators,
  reviewEvaluator,
  ...infraEvaluators,
  numericalStabilityEvaluator,
];
