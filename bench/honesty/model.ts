/**
 * The model side of the honesty simulations at full size (bundled and run by model.mjs): the same
 * experiments as test/honesty/model.test.ts, with enough repetitions to read each rate directly.
 * Prints one JSON object on the last line.
 *
 *   node bench/out/honesty/model.mjs [SCALE]   (SCALE multiplies every repetition count; default 1)
 */
import { coverage, fairnessRates, gateRates, INTERVAL_METRICS, type GateExperiment } from '../../test/helpers/honesty-model.js';
import { BASE_SCENARIO, population, separationFor } from '../../test/helpers/model-sims.js';

const scale = Number(process.argv[2] ?? '1');
const reps = (r: number) => Math.max(10, Math.round(r * scale));
const t0 = performance.now();
const log = (msg: string) => console.error(`[${((performance.now() - t0) / 1000).toFixed(0)} s] ${msg}`);

const out: Record<string, unknown> = { scale };

// 1. interval coverage and range
const cov: Array<Record<string, unknown>> = [];
for (const [name, sc] of [
  ['calibrated (pi 0.3, AUC 0.80)', BASE_SCENARIO],
  ['overconfident (T 1.5: ECE 0.061, bias -0.038)', { ...BASE_SCENARIO, T: 1.5 }],
] as const) {
  for (const [n, r] of [
    [200, 2000],
    [5000, 1000],
    [50000, 400],
  ] as const) {
    const c = coverage(sc, n, reps(r), 20000 + n + (name.startsWith('calibrated') ? 0 : 1));
    cov.push({ scenario: name, n, reps: reps(r), metrics: c });
    log(`coverage ${name} n=${n}`);
  }
}
const near = coverage({ ...BASE_SCENARIO, d: 5 }, 150, reps(2000), 20400);
cov.push({ scenario: 'near-perfect (AUC 0.9998), range only', n: 150, reps: reps(2000), metrics: near });
out.coverage = cov;

// 2. A/A: whole gates, every family on, and the comparison alone against each kind of base
const KEY = { metrics: ['accuracy', 'roc_auc', 'log_loss', 'average_precision'] };
const aa: Array<Record<string, unknown>> = [];
const run = async (label: string, e: GateExperiment) => {
  const r = await gateRates(e);
  aa.push({ label, mode: e.mode, n: e.n, rho: e.rho, ...r });
  log(`${label} n=${e.n}: alarm ${r.alarm}`);
};
await run('A/A, every family (4 key metrics, slices, inclusion, bias)', { mode: 'paired', n: 5000, reps: reps(1000), experiment: 21001, comparison: KEY, allFamilies: true });
await run('A/A, every family (4 key metrics, slices, inclusion, bias)', { mode: 'paired', n: 20000, reps: reps(300), experiment: 21002, comparison: KEY, allFamilies: true });
await run('A/A, key metrics, independent eval sets', { mode: 'independent', n: 5000, reps: reps(1000), experiment: 21003, comparison: KEY });
await run('A/A, key metrics, against a baseline report', { mode: 'report', n: 5000, reps: reps(1000), experiment: 21004, comparison: KEY });
for (const n of [5000, 20000, 50000]) {
  await run('A/A, key metrics, paired (6% of predictions differ)', { mode: 'paired', n, rho: 0.95, reps: reps(n === 50000 ? 150 : 400), experiment: 21010 + n, comparison: KEY });
}
out.aa = aa;

// 3. power: a true 2-point accuracy drop at n = 20,000
const dDrop = separationFor(BASE_SCENARIO, population(BASE_SCENARIO).accuracy - 0.02);
const power: Array<Record<string, unknown>> = [];
for (const [mode, metrics] of [
  ['paired', ['accuracy']],
  ['independent', ['accuracy']],
  ['paired', KEY.metrics],
] as const) {
  const r = await gateRates({ mode, n: 20000, reps: reps(500), experiment: 22001, rho: 0, dHead: dDrop, comparison: { metrics: [...metrics] } });
  power.push({ mode, metrics, caught: r.verdicts.accuracy.fail ?? 0, reps: r.reps, mde: r.mde.accuracy });
  log(`power ${mode} ${metrics.length} metric(s): ${r.verdicts.accuracy.fail}`);
}
out.power = power;

// 4. the default tolerance: what each candidate costs in A/A inconclusives and buys in power
const tolerance: Array<Record<string, unknown>> = [];
for (const t of [0.005, 0.0075, 0.01]) {
  const comparison = { metrics: ['accuracy'], tolerance: { absolute: t } };
  const pw = await gateRates({ mode: 'independent', n: 20000, reps: reps(300), experiment: 22101, dHead: dDrop, comparison });
  const pp = await gateRates({ mode: 'paired', n: 20000, reps: reps(300), experiment: 22102, rho: 0, dHead: dDrop, comparison });
  const a5 = await gateRates({ mode: 'paired', n: 5000, reps: reps(300), experiment: 22103, rho: 0.95, comparison });
  const a20 = await gateRates({ mode: 'paired', n: 20000, reps: reps(200), experiment: 22104, rho: 0.95, comparison });
  tolerance.push({
    tolerance: t,
    powerIndependent: pw.verdicts.accuracy.fail ?? 0,
    powerPaired: pp.verdicts.accuracy.fail ?? 0,
    inconclusive5000: a5.verdicts.accuracy.inconclusive ?? 0,
    inconclusive20000: a20.verdicts.accuracy.inconclusive ?? 0,
  });
  log(`tolerance ${t}`);
}
out.tolerance = tolerance;

// 5. inclusion: equal groups, and a real gap
out.fairness = [
  { label: 'equal groups of 30, 60, 200, 1,000 rows (A/A)', ...(await fairnessRates([30, 60, 200, 1000], [0.3, 0.3, 0.3, 0.3], reps(2000), 23001)) },
  { label: 'equal groups of 2,000 rows x 4 (A/A)', ...(await fairnessRates([2000, 2000, 2000, 2000], [0.3, 0.3, 0.3, 0.3], reps(500), 23002)) },
  { label: 'selection 0.30 vs 0.21 (ratio 0.7), 2,000 rows each', ...(await fairnessRates([2000, 2000], [0.3, 0.21], reps(500), 23003)) },
];
log('fairness');
out.metrics = INTERVAL_METRICS;
out.seconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify(out));
