import { abTestEvaluator } from './infra-ab-test.js';
import { offlineOnlineEvaluator, tuningEvaluator } from './infra-model.js';
import { performanceEvaluator } from './infra-performance.js';
import { registryEvaluator } from './infra-registry.js';
import { canaryEvaluator, debugEvaluator, rollbackEvaluator } from './infra-serving.js';
import { shadowEvaluator } from './infra-shadow.js';
import { stalenessEvaluator, stalenessImpactEvaluator } from './infra-staleness.js';
import type { Evaluator } from './types.js';

/**
 * Infrastructure and monitoring evidence: computing performance (monitor-6), staleness (monitor-4),
 * canary (infra-6), rollback (infra-7), debuggability (infra-5), offline/online correlation
 * (model-2), tuning (model-3) and staleness impact (model-4); application tests: shadow tests and
 * A/B tests (infra-6, model-2) and the model registry (infra-7). They run before numerical
 * stability, which reads the numbers they scanned.
 */
export const infraEvaluators: Evaluator[] = [
  performanceEvaluator,
  stalenessEvaluator,
  canaryEvaluator,
  rollbackEvaluator,
  debugEvaluator,
  offlineOnlineEvaluator,
  tuningEvaluator,
  stalenessImpactEvaluator,
  shadowEvaluator,
  abTestEvaluator,
  registryEvaluator,
];
