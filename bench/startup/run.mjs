#!/usr/bin/env node
/**
 * Cold start and demo benchmark (issue 15).
 *
 * 1. Cold start: `node dist/cli.js run` with a report-level config (bench/startup/ml-test-gate.yml:
 *    an eval report, 3 JUnit files, plus a baseline report) against `node -e 0`, on this machine's
 *    node and on Node 24 (from bench/.deps), and on Node 24 with its compile cache warm
 *    (NODE_COMPILE_CACHE), INTERLEAVED (each round runs every command once, in a rotating order),
 *    --runs rounds (default 30). Reports the median wall time of each, the ratio run / `node -e 0`
 *    on the same node, and peak RSS.
 * 2. The full demo: `npm run demo`'s command (examples/demo: 8,000 paired predictions, 8 slices,
 *    skew, drift, infra evidence), --demo-runs times on each node, interleaved; median wall time.
 *
 *   node bench/startup/run.mjs [--runs 30] [--demo-runs 10]
 * Wall time is measured around each child process (spawn to exit); peak RSS from GNU time on a few
 * extra runs. Results: bench/out/startup-results.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { arg, ensureDeps, fmtS, load, machine, median, node24Path, root, timed } from '../lib.mjs';

const runs = Number(arg('runs', '30'));
const demoRuns = Number(arg('demo-runs', '10'));
const out = path.join(root, 'bench/out/startup');
const cache = path.join(out, 'compile-cache');
rmSync(cache, { recursive: true, force: true });
mkdirSync(cache, { recursive: true });
ensureDeps();
const cli = path.join(root, 'dist/cli.js');
const NOW = '2026-11-23T12:00:00Z';
const reportRun = ['run', '--config', 'bench/startup/ml-test-gate.yml', '--baseline', 'examples/demo/baseline/report.json', '--report-out', path.join(out, 'report.json'), '--markdown-out', path.join(out, 'comment.md'), '--now', NOW];
const demoRun = ['run', '--config', 'examples/demo/ml-test-gate.yml', '--baseline', 'examples/demo/baseline/report.json', '--report-out', path.join(out, 'demo-report.json'), '--markdown-out', path.join(out, 'demo-comment.md'), '--now', NOW, '--print'];
const n20 = process.execPath;
const v20 = process.version;

/** Wall seconds of one run; the gate's exit code 1 (gate failed) is expected, 2 is not. */
function wall(node, args, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(node, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 26 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${node} ${args.join(' ')} exited with ${r.status}: ${r.stderr.slice(-1000)}`);
  return s;
}

const COLD = [
  { key: 'node20 -e 0', node: n20, args: ['-e', '0'] },
  { key: 'node20 run', node: n20, args: [cli, ...reportRun] },
  { key: 'node24 -e 0', node: node24Path, args: ['-e', '0'] },
  { key: 'node24 run', node: node24Path, args: [cli, ...reportRun] },
  { key: 'node24 run, compile cache', node: node24Path, args: [cli, ...reportRun], env: { NODE_COMPILE_CACHE: cache } },
];
const before = machine();
console.log(`cold start: ${runs} interleaved rounds; ${v20} and ${before.node24}; load ${load()}`);
wall(node24Path, [cli, ...reportRun], { NODE_COMPILE_CACHE: cache }); // fill the compile cache
for (const c of COLD) wall(c.node, c.args, c.env); // and the page cache
const times = Object.fromEntries(COLD.map((c) => [c.key, []]));
for (let r = 0; r < runs; r++) {
  for (let i = 0; i < COLD.length; i++) {
    const c = COLD[(i + r) % COLD.length];
    times[c.key].push(wall(c.node, c.args, c.env));
  }
}
const rss = Object.fromEntries(COLD.map((c) => [c.key, median([0, 1, 2].map(() => timed(c.node, c.args, { env: c.env, okCodes: [0, 1] }).rssMB))]));
const med = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
const q = (v, p) => v.slice().sort((a, b) => a - b)[Math.floor(p * (v.length - 1))];
console.log('| command | median ms | p10-p90 ms | ratio to node -e 0 (same node) | peak RSS MB |');
console.log('|---|---:|---|---:|---:|');
for (const c of COLD) {
  const baseKey = c.key.startsWith('node20') ? 'node20 -e 0' : 'node24 -e 0';
  const ratio = c.key === baseKey ? 1 : med[c.key] / med[baseKey];
  console.log(`| ${c.key.replace('node20', `node ${v20}`).replace('node24', `node ${before.node24}`)} | ${(med[c.key] * 1000).toFixed(0)} | ${(q(times[c.key], 0.1) * 1000).toFixed(0)}-${(q(times[c.key], 0.9) * 1000).toFixed(0)} | ${ratio.toFixed(2)} | ${rss[c.key].toFixed(0)} |`);
}
const cacheGain = 1 - med['node24 run, compile cache'] / med['node24 run'];
console.log(`Node 24 compile cache: ${(cacheGain * 100).toFixed(1)}% faster than without`);

// --- the full demo
const DEMO = [
  { key: 'demo node20', node: n20 },
  { key: 'demo node24', node: node24Path },
];
console.log(`\ndemo: ${demoRuns} interleaved rounds; load ${load()}`);
const demo = Object.fromEntries(DEMO.map((d) => [d.key, []]));
for (let r = 0; r < demoRuns; r++) {
  for (let i = 0; i < DEMO.length; i++) {
    const d = DEMO[(i + r) % DEMO.length];
    demo[d.key].push(wall(d.node, [cli, ...demoRun]));
  }
}
const demoRss = Object.fromEntries(DEMO.map((d) => [d.key, timed(d.node, [cli, ...demoRun], { okCodes: [0, 1] }).rssMB]));
for (const d of DEMO) console.log(`${d.key.replace('node20', `node ${v20}`).replace('node24', `node ${before.node24}`)}: median ${fmtS(median(demo[d.key]))} s (${demo[d.key].map(fmtS).join(' / ')}), peak ${demoRss[d.key].toFixed(0)} MB`);
const after = machine();
console.log(`load average before ${before.loadavg.join(' ')}, after ${after.loadavg.join(' ')}; ${before.cpus} CPUs`);
const file = path.join(root, 'bench/out/startup-results.json');
writeFileSync(file, `${JSON.stringify({ benchmark: 'startup', runs, demoRuns, machine: { before, after }, cold: { median_s: med, peak_rss_mb: rss, compile_cache_gain: cacheGain, times }, demo: { median_s: Object.fromEntries(Object.entries(demo).map(([k, v]) => [k, median(v)])), peak_rss_mb: demoRss, times: demo } }, null, 2)}\n`);
console.log(`wrote ${path.relative(root, file)}`);
