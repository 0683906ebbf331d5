import { offlineOnlineEvaluator, tuningEvaluator } from './infra-model.js';
import { performanceEvaluator } from './infra-performance.js';
import { canaryEvaluator, debugEvaluator, rollbackEvaluator } from './infra-serving.js';
import { stalenessEvaluator, stalenessImpactEvaluator } from './infra-staleness.js';
import type { Evaluator } from './types.js';

/**
 * Infrastructure and monitoring evidence: computing performance (monitor-6), staleness (monitor-4),
 * canary (infra-6), rollback (infra-7), debuggability (infra-5), offline/online correlation
 * (model-2), tuning (model-3) and staleness impact (model-4). They run before numerical stability,
 * which reads the numbers they scanned.
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
];
