// The evaluators of the config's data section (snapshots, schema, features): one chunk, loaded when
// the config has one (src/assertions/registry.ts).
export { schemaConformanceEvaluator } from '../data/schema-conformance.js';
export { trainingServingSkewEvaluator } from '../monitor/training-serving-skew.js';
export { trainingDriftEvaluator } from '../data/training-drift.js';
export { featureImportanceEvaluator } from '../data/feature-importance.js';
export { featureCostEvaluator } from '../data/feature-cost.js';
export { featureMetaEvaluator } from '../data/feature-meta.js';
export { privacyEvaluator } from '../data/privacy.js';
