#!/usr/bin/env node
/**
 * Model-validation benchmark (issues 5 and 15): 1,000,000 binary predictions of two models paired by
 * id, 5 slices, every metric overall and per slice with intervals of head - base, 1,000 resamples.
 * Generates the workload once (generate.py), bundles gate.ts (the code the gate runs) with esbuild,
 * then runs INTERLEAVED, each in a fresh process timed from outside (wall time, peak RSS):
 *   ours        bench/out/model/gate.mjs on this machine's node
 *   ours-node24 the same on Node 24 (what the GitHub Action runs on; from bench/.deps)
 *   ours-noworker, ours-node24-noworker: both files read on the main thread (not offered by default;
 *               an A/B of the prediction worker, whose figures must equal ours')
 *   numpy       reference_vectorized.py: the competent NumPy/SciPy reference (fast DeLong,
 *               multinomial bootstrap over cells, normal intervals, exact McNemar)
 * and reports medians, the ratio numpy / ours, and how far the two agree (point deltas; interval
 * bounds relative to the interval's half-width, per method). Results: bench/out/model-results.json.
 * Last, once, the naive reference (reference.py: a Python loop over row resamples with
 * scikit-learn) on --loop-resamples resamples; its time for 1,000 is EXTRAPOLATED linearly, and the
 * output says so.
 *
 * --compare-ref REF adds `before`: the same entry (this checkout's gate.ts) bundled against REF's src/
 * (a temporary git worktree with this checkout's node_modules, removed at the end), interleaved with
 * the others, and checks that every figure of ours equals before's exactly.
 *
 *   node bench/model/run.mjs [--runs 5] [--only ours,numpy] [--loop-resamples 3 (0: skip)] [--n 1000000] [--regenerate] [--compare-ref REF]
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildOptions } from '../../scripts/build-options.mjs';
import { buildPredictionWorker } from '../../scripts/lib/prediction-worker.mjs';
import { arg, benchDir, ensureDeps, fmtS, load, machine, median, node24Path, root, timed } from '../lib.mjs';

const here = path.join(benchDir, 'model');
const out = path.join(root, 'bench/out/model');
const runs = Number(arg('runs', '5'));
const loopResamples = Number(arg('loop-resamples', '3'));
const n = Number(arg('n', '1000000'));
const compareRef = arg('compare-ref', null);
const only = arg('only', `ours,ours-node24,numpy${compareRef ? ',before' : ''}`).split(',');
const python = process.env.PYTHON ?? '/usr/bin/python3';
mkdirSync(out, { recursive: true });
const basePath = path.join(out, 'base.csv');
const headPath = path.join(out, 'head.csv');
if (!existsSync(basePath) || !existsSync(headPath) || arg('regenerate', false)) {
  execFileSync(python, [path.join(here, 'generate.py'), out, String(n)], { stdio: 'inherit' });
}
// Node 24: ML_TEST_GATE_NODE24 when it names one, else the pinned package in bench/.deps
const node24 = process.env.ML_TEST_GATE_NODE24 && existsSync(process.env.ML_TEST_GATE_NODE24) ? process.env.ML_TEST_GATE_NODE24 : node24Path;
if (only.some((k) => k.startsWith('ours-node24')) && node24 === node24Path) ensureDeps();
const bundle = (entry, outfile) =>
  execFileSync(path.join(root, 'node_modules/.bin/esbuild'), [entry, '--bundle', '--platform=node', '--format=esm', `--outfile=${outfile}`, '--log-level=warning'], { stdio: 'inherit' });
const gate = path.join(out, 'gate.mjs');
bundle(path.join(here, 'gate.ts'), gate);
// the prediction reader's worker thread, found next to the bundle (src/evidence/predictions/offload.ts), built as for dist/
await buildPredictionWorker(buildOptions(out), out);
const gateNoWorker = path.join(out, 'gate-noworker.mjs');
if (only.some((k) => k.endsWith('noworker'))) bundle(path.join(here, 'gate-noworker.ts'), gateNoWorker);

/** This checkout's gate.ts bundled against REF's src/, in a temporary worktree (removed however the run ends). */
function bundleRef(ref) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mtg-model-compare-'));
  execFileSync('git', ['worktree', 'add', '--detach', dir, ref], { cwd: root, stdio: 'ignore' });
  process.once('exit', () => execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: root, stdio: 'ignore' }));
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => process.exit(130));
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  mkdirSync(path.join(dir, 'bench/model'), { recursive: true });
  copyFileSync(path.join(here, 'gate.ts'), path.join(dir, 'bench/model/gate.ts'));
  const file = path.join(out, 'gate-before.mjs');
  bundle(path.join(dir, 'bench/model/gate.ts'), file);
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
  return { file, label: commit.startsWith(ref) || ref.startsWith(commit) ? commit : `${ref} (${commit})` };
}
const before = compareRef ? bundleRef(compareRef) : null;
const bytes = statSync(basePath).size + statSync(headPath).size;

const CONTENDERS = {
  ours: { label: `ml-test-gate (Node ${process.version.slice(1)})`, cmd: () => [process.execPath, [gate, basePath, headPath, '1000']] },
  'ours-node24': { label: `ml-test-gate (Node ${node24 === node24Path ? '24.9.0' : execFileSync(node24, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()})`, cmd: () => [node24, [gate, basePath, headPath, '1000']] },
  'ours-noworker': { label: `ml-test-gate, no worker (Node ${process.version.slice(1)})`, cmd: () => [process.execPath, [gateNoWorker, basePath, headPath, '1000']] },
  'ours-node24-noworker': { label: 'ml-test-gate, no worker (Node 24)', cmd: () => [node24, [gateNoWorker, basePath, headPath, '1000']] },
  before: { label: `ml-test-gate at ${before?.label} (Node ${process.version.slice(1)})`, cmd: () => [process.execPath, [before.file, basePath, headPath, '1000']] },
  numpy: { label: 'NumPy/SciPy vectorized', cmd: () => [python, [path.join(here, 'reference_vectorized.py'), basePath, headPath, '1000']] },
};
if (only.includes('before') && !before) throw new Error('contender before needs --compare-ref REF');
for (const k of only) if (!CONTENDERS[k]) throw new Error(`unknown contender ${k}; known: ${Object.keys(CONTENDERS).join(', ')}`);

const m0 = machine();
console.log(`model benchmark: ${n} rows x 2 models, 5 slices, 1000 resamples; ${runs} runs each, interleaved; load ${load()}`);
const res = Object.fromEntries(only.map((k) => [k, []]));
for (let r = 0; r < runs; r++) {
  for (let i = 0; i < only.length; i++) {
    const k = only[(i + r) % only.length];
    const [cmd, args] = CONTENDERS[k].cmd();
    const t = timed(cmd, args);
    const o = JSON.parse(t.stdout.trim().split('\n').at(-1));
    res[k].push({ wall: t.wall, rssMB: t.rssMB, read_s: o.read_s, compute_s: o.compute_s, total_s: o.total_s, result: o });
    console.log(`run ${r + 1} ${k.padEnd(12)} ${fmtS(t.wall).padStart(6)} s wall (inside: read ${fmtS(o.read_s)} s, compute ${fmtS(o.compute_s)} s), peak ${t.rssMB.toFixed(0)} MB  load ${load()}`);
  }
}

// --- medians and ratios
const ours = res.ours ?? res[only[0]];
const oursWall = median(ours.map((o) => o.wall));
const summary = only.map((k) => {
  const os = res[k];
  const wall = median(os.map((o) => o.wall));
  return {
    contender: k, label: CONTENDERS[k].label, median_wall_s: wall, runs_s: os.map((o) => o.wall),
    median_read_s: median(os.map((o) => o.read_s)), median_compute_s: median(os.map((o) => o.compute_s)),
    read_mb_per_s: bytes / 1e6 / median(os.map((o) => o.read_s)),
    peak_rss_mb: median(os.map((o) => o.rssMB)), ratio_to_ours: wall / oursWall,
  };
});
console.log(`\nmedians of ${runs} (wall = process start to exit, measured outside; ratio = contender / ours, above 1 = ours faster)`);
console.log('| contender | median wall s | runs s | read s (MB/s) | compute s | peak RSS MB | ratio |');
console.log('|---|---:|---|---:|---:|---:|---:|');
for (const s of summary) console.log(`| ${s.label} | ${fmtS(s.median_wall_s)} | ${s.runs_s.map(fmtS).join(' / ')} | ${fmtS(s.median_read_s)} (${s.read_mb_per_s.toFixed(0)}) | ${fmtS(s.median_compute_s)} | ${s.peak_rss_mb.toFixed(0)} | ${s.ratio_to_ours.toFixed(2)} |`);

// --- agreement of ours with the NumPy reference, per method family
let agreement = null;
if (res.ours && res.numpy) {
  const g = new Map(res.ours[0].result.deltas.map((d) => [`${d.group}/${d.metric}`, d]));
  const fam = new Map();
  for (const d of res.numpy[0].result.deltas) {
    const o = g.get(`${d.group}/${d.metric}`);
    if (!o) throw new Error(`ours has no ${d.group}/${d.metric}`);
    const key = d.method.replace(/, \d+ resamples.*/, '');
    const f = fam.get(key) ?? { method: key, cells: 0, max_abs_delta_diff: 0, max_bound_diff_in_halfwidths: 0 };
    const half = (d.hi - d.lo) / 2;
    f.cells++;
    f.max_abs_delta_diff = Math.max(f.max_abs_delta_diff, Math.abs(o.delta - d.delta));
    f.max_bound_diff_in_halfwidths = Math.max(f.max_bound_diff_in_halfwidths, Math.abs(o.lo - d.lo) / half, Math.abs(o.hi - d.hi) / half);
    fam.set(key, f);
  }
  agreement = [...fam.values()];
  const auc = (r) => r.deltas.find((d) => d.group === 'overall' && d.metric === 'roc_auc');
  const a = auc(res.ours[0].result);
  const b = auc(res.numpy[0].result);
  console.log(`\nagreement, ours vs NumPy reference (6 groups x 10 metrics):`);
  for (const f of agreement) console.log(`  ${f.method}: ${f.cells} cells, point deltas within ${f.max_abs_delta_diff.toExponential(1)}, interval bounds within ${f.max_bound_diff_in_halfwidths.toFixed(3)} half-widths`);
  console.log(`  roc_auc delta overall: ours ${a.delta.toFixed(6)} [${a.lo.toFixed(5)}, ${a.hi.toFixed(5)}]; numpy ${b.delta.toFixed(6)} [${b.lo.toFixed(5)}, ${b.hi.toFixed(5)}]`);
  console.log(`  McNemar: ours "${res.ours[0].result.accuracy_test}"; numpy p = ${res.numpy[0].result.mcnemar_p.toPrecision(3)} (b = ${res.numpy[0].result.mcnemar_b}, c = ${res.numpy[0].result.mcnemar_c})`);
  console.log('  (bootstrap bounds differ by Monte Carlo error: different random streams; analytic ones should match to rounding)');
}

// --- before vs after: every figure the same (the speed work must not move a number)
let sameAsBefore = null;
if (res.ours && res.before) {
  const key = (d) => `${d.group}/${d.metric}`;
  const old = new Map(res.before[0].result.deltas.map((d) => [key(d), d]));
  let differ = 0;
  for (const d of res.ours[0].result.deltas) {
    const o = old.get(key(d));
    if (!o || ['head', 'base', 'delta', 'lo', 'hi'].some((f) => !Object.is(o[f], d[f])) || o.method !== d.method) differ++;
  }
  const same = res.ours[0].result.deltas.length === old.size && differ === 0 && res.ours[0].result.accuracy_test === res.before[0].result.accuracy_test;
  sameAsBefore = { cells: old.size, differ, same };
  const r = median(res.before.map((o) => o.wall)) / oursWall;
  console.log(`\nbefore = ${before.label}: ${fmtS(median(res.before.map((o) => o.wall)))} s vs ours ${fmtS(oursWall)} s (${r.toFixed(2)}x faster); figures ${same ? 'identical' : `DIFFER in ${differ} of ${old.size} cells`} (head, base, delta, bounds, method, McNemar line)`);
}

// --- the prediction worker's A/B: the same figures with and without it
for (const [k, w] of [['ours', 'ours-noworker'], ['ours-node24', 'ours-node24-noworker']]) {
  if (!res[k] || !res[w]) continue;
  const same = JSON.stringify(res[k][0].result.deltas) === JSON.stringify(res[w][0].result.deltas) && res[k][0].result.accuracy_test === res[w][0].result.accuracy_test;
  const a = median(res[k].map((o) => o.wall));
  const b = median(res[w].map((o) => o.wall));
  console.log(`\n${CONTENDERS[k].label} with the prediction worker ${fmtS(a)} s, without ${fmtS(b)} s (${(b / a).toFixed(2)}x); reading ${fmtS(median(res[k].map((o) => o.read_s)))} vs ${fmtS(median(res[w].map((o) => o.read_s)))} s; figures ${same ? 'identical' : 'DIFFER'}`);
  if (!same) process.exitCode = 1;
}

// --- the naive loop reference, once, extrapolated
let loop = null;
if (loopResamples > 0) {
  const t = timed(python, [path.join(here, 'reference.py'), basePath, headPath, String(loopResamples)]);
  const o = JSON.parse(t.stdout.trim().split('\n').at(-1));
  const extrapolated = o.read_s + (o.compute_s * 1000) / loopResamples;
  loop = { resamples: loopResamples, wall_s: t.wall, read_s: o.read_s, compute_s: o.compute_s, peak_rss_mb: t.rssMB, extrapolated_to_1000_s: extrapolated };
  console.log(`\nnaive loop reference (pandas + scikit-learn per resample), run once with ${loopResamples} resamples: ${fmtS(t.wall)} s wall, peak ${t.rssMB.toFixed(0)} MB; EXTRAPOLATED to 1000 resamples: about ${extrapolated.toFixed(0)} s (${(extrapolated / oursWall).toFixed(0)}x ours; not measured, and not a competent reference)`);
}
const m1 = machine();
console.log(`load average before ${m0.loadavg.join(' ')}, after ${m1.loadavg.join(' ')}; ${m0.cpus} CPUs; node ${m0.node}, ${m0.node24}`);
const file = path.join(root, 'bench/out/model-results.json');
const strip = (o) => ({ ...o, result: { ...o.result, deltas: undefined } });
writeFileSync(file, `${JSON.stringify({ benchmark: 'model', n, runs, bytes, machine: { before: m0, after: m1 }, summary, agreement, sameAsBefore, loop, raw: Object.fromEntries(Object.entries(res).map(([k, v]) => [k, v.map(strip)])) }, null, 2)}\n`);
console.log(`wrote ${path.relative(root, file)}`);
