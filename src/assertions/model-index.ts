import { modelPredictionsEvaluator } from './model-predictions.js';
import { modelReportEvaluator } from './model-report.js';
import { modelReproducibilityEvaluator, modelSimplerEvaluator } from './model-reproducibility.js';
import type { Evaluator } from './types.js';

/**
 * Model validation evaluators (issue 3). They record NaN/inf found in prediction files in the evidence
 * store, so the numerical-stability evaluator (monitor-5) must run after them.
 */
export const modelEvaluators: Evaluator[] = [modelReportEvaluator, modelPredictionsEvaluator, modelSimplerEvaluator, modelReproducibilityEvaluator];
