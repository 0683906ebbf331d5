#!/usr/bin/env node
/**
 * Model honesty at full size (issue 12): interval coverage and range of every binary metric at
 * n = 200, 5,000 and 50,000; A/A false alarms of whole gates (every statistical family of the model
 * side on) and of the comparison against paired predictions, independent eval sets and a baseline
 * report; the inconclusive rate and minimum detectable effect at the default tolerance; the power on
 * a 2-point accuracy drop at n = 20,000, and what other default tolerances would cost and buy; equal
 * and unequal groups under the inclusion limits. The fast
 * suite (test/honesty/model.test.ts) runs the same simulations with fewer repetitions.
 *
 *   node bench/honesty/model.mjs [--scale 1] [--before DIR]
 *
 * Bundles model.ts (with today's src/ and the simulation helpers of test/helpers/) and runs it, then
 * writes bench/out/honesty-model.json and a Markdown summary, bench/out/honesty-model.md.
 * --before DIR: DIR is a checkout of commit 220eda0 (e.g. `git worktree add DIR 220eda0` and
 * `npm ci` there); model-before.ts and the simulation helpers are copied into it, bundled against its
 * src/ and run; the figures go to bench/out/honesty-model-before.json.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { arg, benchDir, load, machine, root } from '../lib.mjs';

const scale = arg('scale', '1');
const before = arg('before', '');
const out = path.join(root, 'bench/out');
mkdirSync(path.join(out, 'honesty'), { recursive: true });
const esbuild = path.join(root, 'node_modules/.bin/esbuild');

function bundleAndRun(entry, outfile, args, cwd) {
  execFileSync(esbuild, [entry, '--bundle', '--platform=node', '--format=esm', `--outfile=${outfile}`, '--log-level=warning'], { stdio: 'inherit', cwd });
  const stdout = execFileSync(process.execPath, [outfile, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28 });
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

if (before) {
  const dir = path.resolve(before);
  mkdirSync(path.join(dir, 'bench/honesty'), { recursive: true });
  copyFileSync(path.join(benchDir, 'honesty/model-before.ts'), path.join(dir, 'bench/honesty/model-before.ts'));
  for (const f of ['model-sims.ts', 'predictions.ts']) copyFileSync(path.join(root, 'test/helpers', f), path.join(dir, 'test/helpers', f));
  console.log(`before: running bench/honesty/model-before.ts in ${dir} (load ${load()})`);
  const r = bundleAndRun('bench/honesty/model-before.ts', path.join(out, 'honesty/model-before.mjs'), [], dir);
  const file = path.join(out, 'honesty-model-before.json');
  writeFileSync(file, `${JSON.stringify({ machine: machine(), ...r }, null, 2)}\n`);
  console.log(`wrote ${path.relative(root, file)}`);
  process.exit(0);
}

const m0 = machine();
console.log(`model honesty, scale ${scale}; load ${load()}`);
const r = bundleAndRun(path.join(benchDir, 'honesty/model.ts'), path.join(out, 'honesty/model.mjs'), [scale], root);
const pct = (x) => (x === undefined || Number.isNaN(x) ? '' : `${(100 * x).toFixed(1)}%`);
const lines = [];
const say = (s = '') => {
  lines.push(s);
  console.log(s);
};

say(`## Model honesty (bench/honesty/model.mjs, scale ${scale})`);
say();
say('### Interval coverage of the exact population value (and intervals outside the metric\'s range)');
say();
const heads = r.coverage.map((c) => `${c.scenario.split(' (')[0]} n = ${c.n.toLocaleString('en-US')} (${c.reps})`);
say(`| metric | ${heads.join(' | ')} |`);
say(`|---|${heads.map(() => '---:').join('|')}|`);
for (const m of r.metrics) {
  const cells = r.coverage.map((c) => {
    const v = c.metrics[m];
    const rate = c.scenario.includes('range only') ? '' : pct(v.covered / v.reps);
    return `${rate}${v.outOfRange ? ` (${v.outOfRange} out of range)` : c.scenario.includes('range only') ? 'in range' : ''}`;
  });
  say(`| ${m} | ${cells.join(' | ')} |`);
}
say();
say('Methods: ' + [...new Set(r.coverage.flatMap((c) => Object.entries(c.metrics).map(([m, v]) => `${m}: ${v.method}`)))].join('; ') + '.');
say();
say('### A/A (equivalent models): false alarms and what inconclusive costs');
say();
say('| experiment | n | runs | gates alarmed | any key metric inconclusive | inconclusive per metric | median MDE per metric |');
say('|---|---:|---:|---:|---:|---|---|');
for (const a of r.aa) {
  const inc = Object.entries(a.verdicts).map(([m, v]) => `${m} ${pct(v.inconclusive ?? 0)}`).join(', ');
  const mde = Object.entries(a.mde).map(([m, v]) => `${m} ${Number.isFinite(v) ? v.toFixed(4) : '-'}`).join(', ');
  say(`| ${a.label} | ${a.n.toLocaleString('en-US')} | ${a.reps} | ${pct(a.alarm)} | ${pct(a.anyInconclusive)} | ${inc} | ${mde} |`);
}
say();
say('### Power: a true 2-point accuracy drop at n = 20,000');
say();
say('| base | key metrics | runs | caught (regression) | median MDE |');
say('|---|---|---:|---:|---:|');
for (const p of r.power) say(`| ${p.mode === 'paired' ? 'paired by id (independent errors)' : 'independent eval sets'} | ${p.metrics.join(', ')} | ${p.reps} | ${pct(p.caught)} | ${p.mde.toFixed(4)} |`);
say();
say('### Choosing the default tolerance (accuracy; A/A paired with 6% of predictions differing)');
say();
say('| tolerance | 2-point drop at n = 20,000 caught: independent sets | paired (independent errors) | A/A inconclusive, n = 5,000 | A/A inconclusive, n = 20,000 |');
say('|---:|---:|---:|---:|---:|');
for (const t of r.tolerance) say(`| ${t.tolerance} | ${pct(t.powerIndependent)} | ${pct(t.powerPaired)} | ${pct(t.inconclusive5000)} | ${pct(t.inconclusive20000)} |`);
say();
say('### Inclusion (four-fifths rule and an equalized-odds limit of 0.1, default settings)');
say();
say('| groups | runs | failed | inconclusive |');
say('|---|---:|---:|---:|');
for (const f of r.fairness) say(`| ${f.label} | ${f.reps} | ${pct(f.alarm)} | ${pct(f.inconclusive)} |`);
say();
say(`${r.seconds.toFixed(0)} s on ${m0.cpus} CPUs (load before ${m0.loadavg.join(' ')}, after ${machine().loadavg.join(' ')}), node ${m0.node}.`);
writeFileSync(path.join(out, 'honesty-model.json'), `${JSON.stringify({ machine: m0, ...r }, null, 2)}\n`);
writeFileSync(path.join(out, 'honesty-model.md'), `${lines.join('\n')}\n`);
console.log('wrote bench/out/honesty-model.json, bench/out/honesty-model.md');
