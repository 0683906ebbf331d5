// @ts-nocheck -- built against the src/ of commit 220eda0 (the code before issue 12), not today's; see the header
/**
 * "Before" figures of the model honesty simulations, against the code as it was before issue 12
 * (commit 220eda0: label-stratified bootstrap below 20,000 rows, verdicts at tolerance 0 with 95%
 * intervals per metric, point values against a baseline report, groups without 30 positives and 30
 * negatives dropped from demographic parity). model.mjs --before DIR copies this file and the
 * simulation helpers into a checkout of that commit and runs it there; it does not build against
 * today's src/.
 */
import { BASE_SCENARIO, drawBinary, drawPair, population, rngFor, separationFor, type Scenario } from '../../test/helpers/model-sims.js';
import { binaryPredictions } from '../../test/helpers/predictions.js';
import { compareSets, DEFAULT_SETTINGS, MetricSet, summarize } from '../../src/stats/model-eval.js';
import { intervalVerdict, pointVerdict } from '../../src/stats/verdict.js';
import { fairness } from '../../src/stats/fairness.js';
import { directionOf } from '../../src/assertions/shared/metric-direction.js';

const s = DEFAULT_SETTINGS;
const arg = (k: string, d: string) => { const i = process.argv.indexOf('--' + k); return i < 0 ? d : process.argv[i + 1]; };
const only = arg('only', 'all');
const scale = Number(arg('scale', '1'));
const RANGE: Record<string, [number, number]> = { log_loss: [0, Infinity], prediction_bias: [-1, 1] };
const rangeOf = (m: string) => RANGE[m] ?? [0, 1];
const out: Record<string, unknown> = {};
const say = (...a: unknown[]) => console.error(...a);

function coverage(name: string, sc: Scenario, n: number, reps: number, exp: number) {
  const pop = population(sc) as unknown as Record<string, number>;
  const hit: Record<string, number> = {}, miss: Record<string, number> = {}, out_: Record<string, number> = {}, none: Record<string, number> = {};
  const t0 = Date.now();
  let methods: Record<string, string> = {};
  for (let r = 0; r < reps; r++) {
    const smp = drawBinary(rngFor(exp, r), sc, n);
    const set = new MetricSet(binaryPredictions(smp.y, smp.p), null, s);
    const sum = summarize(set, s);
    set.names.forEach((m, k) => {
      const iv = sum.intervals[k];
      if (!iv) { none[m] = (none[m] ?? 0) + 1; return; }
      methods[m] = iv.method;
      const [lo, hi] = rangeOf(m);
      if (iv.lo < lo - 1e-12 || iv.hi > hi + 1e-12) out_[m] = (out_[m] ?? 0) + 1;
      if (iv.lo <= pop[m] && pop[m] <= iv.hi) hit[m] = (hit[m] ?? 0) + 1; else miss[m] = (miss[m] ?? 0) + 1;
    });
  }
  const rows: Record<string, unknown> = {};
  for (const m of Object.keys(pop)) if (m !== 'selection_rate') rows[m] = { coverage: (hit[m] ?? 0) / reps, outOfRange: out_[m] ?? 0, noInterval: none[m] ?? 0, method: methods[m] };
  say(`coverage ${name} n=${n} reps=${reps} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  for (const [m, v] of Object.entries(rows)) say('  ', m.padEnd(18), JSON.stringify(v));
  out[`coverage ${name} n=${n}`] = rows;
}

const METRICS = ['accuracy', 'roc_auc', 'log_loss', 'average_precision'];
function compareAA(name: string, n: number, reps: number, exp: number, mode: 'paired' | 'independent' | 'report', dHead = BASE_SCENARIO.d, rho = 0.9, metrics = METRICS) {
  const sc = BASE_SCENARIO;
  const counts: Record<string, Record<string, number>> = {};
  let gateFail = 0;
  let anyInconclusive = 0;
  const t0 = Date.now();
  for (let r = 0; r < reps; r++) {
    const rng = rngFor(exp, r);
    let verdicts: string[] = [];
    if (mode === 'paired') {
      const pr = drawPair(rng, sc, n, sc.d, dHead, rho);
      const ids = Array.from({ length: n }, (_, i) => `e${i}`);
      const h = new MetricSet(binaryPredictions(pr.y, pr.head), null, s);
      const b = new MetricSet(binaryPredictions(pr.y, pr.base), null, s);
      const c = compareSets(h, b, metrics, Int32Array.from({ length: n }, (_, i) => i), s);
      verdicts = c.deltas.map((d) => { const sg = directionOf(d.metric) === 'higher' ? 1 : -1; return intervalVerdict(sg === 1 ? d.lo : -d.hi, sg === 1 ? d.hi : -d.lo, 0); });
      void ids;
    } else {
      const b0 = drawBinary(rng, sc, n);
      const h0 = drawBinary(rng, { ...sc, d: dHead }, n);
      const h = new MetricSet(binaryPredictions(h0.y, h0.p), null, s);
      const b = new MetricSet(binaryPredictions(b0.y, b0.p), null, s);
      if (mode === 'independent') {
        const c = compareSets(h, b, metrics, null, s);
        verdicts = c.deltas.map((d) => { const sg = directionOf(d.metric) === 'higher' ? 1 : -1; return intervalVerdict(sg === 1 ? d.lo : -d.hi, sg === 1 ? d.hi : -d.lo, 0); });
      } else {
        const hv = h.evaluate(null), bv = b.evaluate(null);
        verdicts = metrics.map((m) => { const k = h.names.indexOf(m); const sg = directionOf(m) === 'higher' ? 1 : -1; return pointVerdict(sg * (hv[k] - bv[k]), 0); });
      }
    }
    verdicts.forEach((v, k) => { const m = metrics[k]; counts[m] ??= {}; counts[m][v] = (counts[m][v] ?? 0) + 1; });
    if (verdicts.includes('fail') || verdicts.includes('undefined')) gateFail++;
    if (verdicts.includes('inconclusive')) anyInconclusive++;
  }
  const res = { n, reps, gateFailRate: gateFail / reps, anyInconclusiveRate: anyInconclusive / reps, perMetric: counts };
  say(`${name} ${mode} n=${n} (${((Date.now() - t0) / 1000).toFixed(1)} s):`, JSON.stringify(res));
  out[`${name} ${mode} n=${n}`] = res;
}

if (only === 'all' || only.includes('cov')) {
  for (const [n, reps] of [[200, 400], [5000, 200], [50000, 200]] as const) coverage('base (pi 0.3, AUC 0.80, calibrated)', BASE_SCENARIO, n, Math.round(reps * scale), 100 + n);
  coverage('overconfident (T 1.5)', { ...BASE_SCENARIO, T: 1.5 }, 5000, Math.round(200 * scale), 300);
  coverage('near-perfect (d 5)', { ...BASE_SCENARIO, d: 5 }, 150, Math.round(400 * scale), 400);
}
if (only === 'all' || only.includes('cmp')) {
  for (const n of [5000, 20000]) {
    compareAA('A/A', n, Math.round(200 * scale), 500 + n, 'paired');
    compareAA('A/A', n, Math.round(200 * scale), 600 + n, 'independent');
    compareAA('A/A', n, Math.round(200 * scale), 700 + n, 'report');
  }
  const dDrop = separationFor(BASE_SCENARIO, population(BASE_SCENARIO).accuracy - 0.02);
  compareAA('2-point drop', 20000, Math.round(200 * scale), 800, 'paired', dDrop, 0, ['accuracy']);
  compareAA('2-point drop', 20000, Math.round(200 * scale), 801, 'independent', dDrop, 0, ['accuracy']);
}
if (only === 'all' || only.includes('fair')) {
  // a 400-row group that selects no one (20 positives) next to two groups selecting ~30%
  const y: number[] = [], pred: number[] = [], group: number[] = [];
  for (let g = 0; g < 3; g++) for (let i = 0; i < 400; i++) { const pos = g === 2 ? i < 20 : i < 120; y.push(pos ? 1 : 0); pred.push(g === 2 ? 0 : (i % 10 < 3 ? 1 : 0)); group.push(g); }
  const f = fairness({ y, pred, group, names: ['a', 'b', 'c'] }, 30, 30);
  say('DP with a 400-row group selecting nobody (20 positives):', { ratio: f.demographic_parity_ratio, difference: f.demographic_parity_difference, groupsUsed: f.groups.filter((g) => !g.insufficient).map((g) => g.group) });
  out['dp-drop'] = { ratio: f.demographic_parity_ratio, difference: f.demographic_parity_difference };
}
console.log(JSON.stringify(out));
