// The evaluators that compute metrics from prediction files (and the statistics they need): one chunk,
// loaded when the config names prediction files (src/assertions/registry.ts).
export { predictionQualityEvaluator } from '../monitor/prediction-quality.js';
export { predictionThresholdsEvaluator } from '../infra/prediction-thresholds.js';
export { slicesEvaluator } from '../model/slices.js';
export { inclusionEvaluator } from '../model/inclusion.js';
export { simplerModelEvaluator } from '../model/simpler-model.js';
export { reproducibilityEvaluator } from '../infra/reproducibility.js';
