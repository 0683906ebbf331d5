#!/usr/bin/env node
/**
 * Honesty benchmark for drift and skew (issue 12): the fast suite's simulations (test/data/honesty.test.ts)
 * at full size. A/A false-alarm rates of the whole gate (any of 9 features alarming) and per-feature
 * power, at 1k, 10k, 100k and 1M rows per side, compared as raw files, separately profiled snapshots and
 * snapshots on shared bins (`snapshot --reference`). Seeded: the same command gives the same rates.
 * Bundles sim.ts from src/ with esbuild; each (kind, size) runs in its own process.
 *
 *   node bench/honesty/run.mjs [--sizes 1000,10000,100000,1000000] [--power-sizes 1000,10000,50000,100000]
 *                              [--runs 400,200,60,12] [--power-runs 100,60,30,20] [--seed 1]
 *
 * Writes bench/out/honesty-results.json and bench/out/honesty.md (the table for the README).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { arg, benchDir, load, machine, root } from '../lib.mjs';

const out = path.join(root, 'bench/out');
mkdirSync(out, { recursive: true });
const list = (name, def) => arg(name, def).split(',').map(Number);
const sizes = list('sizes', '1000,10000,100000,1000000');
const runs = list('runs', '400,200,60,12');
const powerSizes = list('power-sizes', '1000,10000,50000,100000');
const powerRuns = list('power-runs', '100,60,30,20');
const seed = arg('seed', '1');
const bundle = path.join(out, 'honesty-sim.mjs');
execFileSync(path.join(root, 'node_modules/.bin/esbuild'), [path.join(benchDir, 'honesty/sim.ts'), '--bundle', '--platform=node', '--format=esm', `--outfile=${bundle}`, '--log-level=warning'], { stdio: 'inherit' });

console.log(`machine: ${JSON.stringify(machine())}`);
const results = [];
const jobs = [...sizes.map((s, i) => ['aa', s, runs[i] ?? runs.at(-1)]), ...powerSizes.map((s, i) => ['shift', s, powerRuns[i] ?? powerRuns.at(-1)])];
for (const [kind, rows, n] of jobs) {
  const line = execFileSync(process.execPath, ['--max-old-space-size=12000', bundle, kind, String(rows), String(n), seed], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const r = JSON.parse(line.trim().split('\n').at(-1));
  results.push(r);
  const rates = Object.entries(r.modes).map(([m, x]) => `${m} ${(x.gate * 100).toFixed(1)}%`).join(', ');
  console.log(`${kind === 'aa' ? 'A/A  ' : 'shift'} ${String(rows).padStart(8)} rows/side, ${n} runs (${r.seconds.toFixed(0)} s): gate alarms ${rates}`);
}
console.log(`load after: ${load()}`);

const pct = (x) => `${(x * 100).toFixed(1)}%`;
const modes = ['raw', 'separate', 'shared'];
const aa = results.filter((r) => r.kind === 'aa');
const shift = results.filter((r) => r.kind === 'shift');
const features = Object.keys(shift[0]?.modes.raw.features ?? aa[0]?.modes.raw.features ?? {});
let md = `A/A: share of runs where the gate alarmed (any of ${features.length} features), default settings, alpha 0.05 for the family (Holm over the features); target <= 5%.\n\n`;
md += `| rows per side | runs | ${modes.join(' | ')} | MC standard error | largest effect / threshold (${modes.join(', ')}) |\n|---|---|${modes.map(() => '---|').join('')}---|---|\n`;
for (const r of aa)
  md += `| ${r.rows.toLocaleString('en')} | ${r.runs} | ${modes.map((m) => pct(r.modes[m].gate)).join(' | ')} | ${pct(r.modes.raw.mcse)} | ${modes.map((m) => r.modes[m].worst.toFixed(2)).join(', ')} |\n`;
md += `\nPower: share of runs where each feature's change was flagged (0.25-sd mean shift; 0.10 share change); target >= 90% at 50,000 rows per side.\n\n`;
md += `| rows per side | runs | mode | ${features.join(' | ')} |\n|---|---|---|${features.map(() => '---|').join('')}\n`;
for (const r of shift) for (const m of modes) md += `| ${r.rows.toLocaleString('en')} | ${r.runs} | ${m} | ${features.map((f) => pct(r.modes[m].features[f])).join(' | ')} |\n`;
writeFileSync(path.join(out, 'honesty-results.json'), JSON.stringify({ machine: machine(), seed, results }, null, 2));
writeFileSync(path.join(out, 'honesty.md'), md);
console.log(`\n${md}\nwrote bench/out/honesty-results.json and bench/out/honesty.md`);
