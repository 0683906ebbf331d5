// The evaluators of the config's infra section (performance, staleness, deployment and operations
// records): one chunk, loaded when the config has one (src/assertions/registry.ts).
export { computingPerformanceEvaluator } from '../monitor/computing-performance.js';
export { modelStalenessEvaluator } from '../monitor/model-staleness.js';
export { canaryEvaluator } from '../infra/canary.js';
export { rollbackEvaluator } from '../infra/rollback.js';
export { debugTraceEvaluator } from '../infra/debug-trace.js';
export { offlineOnlineEvaluator } from '../model/offline-online.js';
export { tuningEvaluator } from '../model/tuning.js';
export { stalenessImpactEvaluator } from '../model/staleness-impact.js';
export { shadowEvaluator } from '../infra/shadow-test.js';
export { abTestEvaluator } from '../infra/ab-test.js';
export { registryEvaluator } from '../infra/model-registry.js';
export { registryComparisonEvaluator } from '../monitor/registry-comparison.js';
