import { junitEvaluator } from './junit-tests.js';
import { modelReportEvaluator } from './model-report.js';
import { numericalStabilityEvaluator } from './numerical-stability.js';
import type { Evaluator } from './types.js';

/**
 * Every evaluator, in order. Numerical stability runs last: it reads what the others scanned.
 */
export const EVALUATORS: readonly Evaluator[] = [
  junitEvaluator,
  modelReportEvaluator,
  numericalStabilityEvaluator,
];
