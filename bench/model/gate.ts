/**
 * ml-test-gate side of the model-validation benchmark: the same work as reference.py (read both
 * files, pair by id, every metric overall and per slice for base and head, paired bootstrap of the
 * differences, McNemar and DeLong), through the code the gate runs.
 *
 *   node bench/out/model/gate.mjs BASE.csv HEAD.csv [RESAMPLES]
 */
import { statSync } from 'node:fs';
import { loadPredictions, pairById, type PredictionSpec } from '../../src/evidence/predictions.js';
import { compareSets, MetricSet, type EvalSettings } from '../../src/stats/model-eval.js';

const [basePath, headPath, resamplesArg] = process.argv.slice(2);
const resamples = Number(resamplesArg ?? 1000);
const spec: PredictionSpec = { task: 'binary', columns: { label: 'label', score: 'score', id: 'id', groups: ['country'] } };
const t0 = performance.now();
const [base, head] = await Promise.all([loadPredictions(basePath, basePath, spec), loadPredictions(headPath, headPath, spec)]);
const tRead = (performance.now() - t0) / 1000;
const bytes = statSync(basePath).size + statSync(headPath).size;
const t1 = performance.now();
const { baseRow } = pairById(base, head);
const s: EvalSettings = { threshold: 0.5, eceBins: 15, confidence: 0.95, resamples, seed: 42 };
const hs = new MetricSet(head, head.groups.get('country')!, s);
const bs = new MetricSet(base, base.groups.get('country')!, s);
const cmp = compareSets(hs, bs, hs.names, baseRow, s);
const tCompute = (performance.now() - t1) / 1000;
const auc = cmp.deltas.find((d) => d.group === 0 && d.metric === 'roc_auc')!;
const acc = cmp.deltas.find((d) => d.group === 0 && d.metric === 'accuracy')!;
const f1 = cmp.deltas.find((d) => d.group === 0 && d.metric === 'f1')!;
console.log(
  JSON.stringify({
    impl: 'ml-test-gate',
    resamples,
    read_s: tRead,
    read_mb_per_s: bytes / 1e6 / tRead,
    compute_s: tCompute,
    total_s: (performance.now() - t0) / 1000,
    peak_mb: process.resourceUsage().maxRSS / 1024,
    roc_auc_delta: auc.delta,
    roc_auc_delta_ci: [auc.lo, auc.hi],
    roc_auc_method: auc.method,
    accuracy_test: acc.test,
    f1_delta_ci: [f1.lo, f1.hi],
    // every delta, for the agreement check against the NumPy reference (run.mjs)
    deltas: cmp.deltas.map((d) => ({ group: d.group === 0 ? 'overall' : cmp.groupNames[d.group - 1], metric: d.metric, head: d.head, base: d.base, delta: d.delta, lo: d.lo, hi: d.hi, method: d.method })),
  }),
);
