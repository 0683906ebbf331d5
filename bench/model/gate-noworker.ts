/**
 * gate.ts with both prediction files read on the main thread: the A/B of the prediction worker
 * (src/evidence/predictions/offload.ts reads the second large file on a worker thread when a core is
 * free). run.mjs's contenders ours-noworker and ours-node24-noworker; their figures must equal ours'.
 */
import { setPredictionWorker } from '../../src/evidence/predictions/offload.js';

setPredictionWorker({ enabled: false });
await import('./gate.js');
