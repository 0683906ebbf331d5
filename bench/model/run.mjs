#!/usr/bin/env node
/**
 * Model-validation benchmark runner: generates the workload (once), bundles the TypeScript side with
 * esbuild, times ml-test-gate (median of --runs) and the Python reference on the same files in one
 * run, and prints the ratio, CSV ingest MB/s and peak memory.
 *
 *   node bench/model/run.mjs [--runs 3] [--py-resamples 1000] [--n 1000000]
 * --py-resamples below 1000 times the reference on fewer resamples and extrapolates its compute
 * time linearly to 1000 (said so in the output).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const out = path.join(root, 'bench/out/model');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const runs = Number(arg('runs', '3'));
const pyResamples = Number(arg('py-resamples', '1000'));
const n = Number(arg('n', '1000000'));
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
mkdirSync(out, { recursive: true });
const basePath = path.join(out, 'base.csv');
const headPath = path.join(out, 'head.csv');
if (!existsSync(basePath) || !existsSync(headPath) || arg('regenerate', null) !== null) {
  execFileSync(python, [path.join(here, 'generate.py'), out, String(n)], { stdio: 'inherit' });
}
execFileSync(path.join(root, 'node_modules/.bin/esbuild'), [path.join(here, 'gate.ts'), '--bundle', '--platform=node', '--format=esm', `--outfile=${path.join(out, 'gate.mjs')}`, '--log-level=warning'], { stdio: 'inherit' });

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const gate = [];
for (let r = 0; r < runs; r++) {
  const res = JSON.parse(execFileSync('node', [path.join(out, 'gate.mjs'), basePath, headPath, '1000'], { encoding: 'utf8' }));
  gate.push(res);
  console.log(`ml-test-gate run ${r + 1}: total ${res.total_s.toFixed(2)} s (read ${res.read_s.toFixed(2)} s at ${res.read_mb_per_s.toFixed(0)} MB/s, compute ${res.compute_s.toFixed(2)} s), peak ${res.peak_mb.toFixed(0)} MB`);
}
const py = JSON.parse(execFileSync(python, [path.join(here, 'reference.py'), basePath, headPath, String(pyResamples)], { encoding: 'utf8', maxBuffer: 1 << 24 }));
const pyTotal = pyResamples >= 1000 ? py.total_s : py.read_s + (py.compute_s * 1000) / pyResamples;
console.log(`python reference: total ${py.total_s.toFixed(2)} s with ${pyResamples} resamples (read ${py.read_s.toFixed(2)} s, compute ${py.compute_s.toFixed(2)} s), peak ${py.peak_mb.toFixed(0)} MB${pyResamples < 1000 ? `; extrapolated to 1000 resamples: ${pyTotal.toFixed(0)} s` : ''}`);
const gTotal = median(gate.map((g) => g.total_s));
console.log('');
console.log(`median ml-test-gate total: ${gTotal.toFixed(2)} s (target < 15 s)`);
console.log(`median CSV ingest: ${median(gate.map((g) => g.read_mb_per_s)).toFixed(0)} MB/s (target >= 100 MB/s)`);
console.log(`peak memory: ${Math.max(...gate.map((g) => g.peak_mb)).toFixed(0)} MB (target < 1024 MB)`);
console.log(`ratio python / ml-test-gate: ${(pyTotal / gTotal).toFixed(1)}x${pyResamples < 1000 ? ' (python extrapolated)' : ''} (target >= 10x)`);
console.log(`roc_auc delta: gate ${gate[0].roc_auc_delta.toFixed(6)} [${gate[0].roc_auc_delta_ci.map((v) => v.toFixed(5)).join(', ')}] (${gate[0].roc_auc_method}); python ${py.roc_auc_delta.toFixed(6)} bootstrap [${py.roc_auc_delta_ci.map((v) => v.toFixed(5)).join(', ')}]`);
console.log(`accuracy: ${gate[0].accuracy_test}; python McNemar p = ${py.mcnemar_p.toPrecision(3)}`);
