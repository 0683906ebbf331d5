#!/usr/bin/env node
/**
 * Cold start and demo benchmark (issue 15).
 *
 * 1. Cold start: `node dist/cli.js run` with a report-level config (bench/startup/ml-test-gate.yml:
 *    an eval report, 3 JUnit files, plus a baseline report) against `node -e 0`, on this machine's
 *    node and on Node 24 (from bench/.deps); on Node 24 also with its compile cache warm and cold
 *    (NODE_COMPILE_CACHE: a cache filled by an earlier run, and an empty one each run, which is what
 *    a fresh CI machine such as a GitHub-hosted runner would see). INTERLEAVED: each round runs every
 *    command once, in a rotating order; --runs rounds (default 30). Reports the median wall time of
 *    each, its ratio to `node -e 0` on the same node, CPU time (user + system, all threads) and peak
 *    RSS.
 * 2. The full demo: `npm run demo`'s command (examples/demo: 8,000 paired predictions, 8 slices,
 *    skew, drift, infra evidence), --demo-runs times on each node, interleaved; median wall time.
 *
 * --compare-ref REF builds dist/ from a git ref (e.g. main) into a temporary worktree and adds its
 * bundle to both parts, interleaved with ours: before/after from one run, under the same load.
 * --compare DIR does the same with a dist/ directory built elsewhere (its parent needs the
 * package.json that says "type": "module").
 *
 *   node bench/startup/run.mjs [--runs 30] [--demo-runs 10] [--compare-ref main | --compare DIR]
 * Wall time is measured around each child process (spawn to exit); CPU time and peak RSS from GNU
 * time on 5 extra runs of each (1 for the demo). Results: bench/out/startup-results.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arg, ensureDeps, fmtS, load, machine, median, node24Path, root, timed } from '../lib.mjs';

const runs = Number(arg('runs', '30'));
const demoRuns = Number(arg('demo-runs', '10'));
const out = path.join(root, 'bench/out/startup');
const cache = path.join(out, 'compile-cache');
rmSync(out, { recursive: true, force: true });
mkdirSync(cache, { recursive: true });
ensureDeps(['node24']); // the startup benchmark needs no polars or DuckDB

/** dist/ of another git ref, built in a temporary worktree with this checkout's node_modules. */
function buildRef(ref) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mtg-startup-compare-'));
  execFileSync('git', ['worktree', 'add', '--detach', dir, ref], { cwd: root, stdio: 'ignore' });
  // removed however the run ends (an interrupt exits through process.exit, which runs this)
  process.once('exit', () => execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: root, stdio: 'ignore' }));
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => process.exit(130));
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  execFileSync(process.execPath, ['scripts/build.mjs', '--no-schemas'], { cwd: dir, stdio: 'inherit' });
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
  return { dist: path.join(dir, 'dist'), label: `${ref} (${commit})` };
}
const compare = arg('compare-ref', null)
  ? buildRef(arg('compare-ref', null))
  : arg('compare', null)
    ? { dist: path.resolve(arg('compare', null)), label: path.resolve(arg('compare', null)) }
    : null;
if (compare && !existsSync(path.join(compare.dist, 'cli.js'))) throw new Error(`no cli.js in ${compare.dist}`);

const NOW = '2026-11-23T12:00:00Z';
const reportRun = (cli, tag) => [cli, 'run', '--config', 'bench/startup/ml-test-gate.yml', '--baseline', 'examples/demo/baseline/report.json', '--report-out', path.join(out, `report-${tag}.json`), '--markdown-out', path.join(out, `comment-${tag}.md`), '--now', NOW];
const demoRun = (cli, tag) => [cli, 'run', '--config', 'examples/demo/ml-test-gate.yml', '--baseline', 'examples/demo/baseline/report.json', '--report-out', path.join(out, `demo-report-${tag}.json`), '--markdown-out', path.join(out, `demo-comment-${tag}.md`), '--now', NOW, '--print'];
const ours = path.join(root, 'dist/cli.js');
const before = compare && path.join(compare.dist, 'cli.js');
const n20 = process.execPath;
const v20 = process.version;
let fresh = 0;
const freshCache = () => ({ NODE_COMPILE_CACHE: path.join(out, `cold-cache-${fresh++}`) });

/** Wall seconds of one run, spawn to exit; the gate's exit code 1 (gate failed) is expected, 2 is not. */
function wall(c) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(c.node, c.args, { cwd: root, env: { ...process.env, ...(typeof c.env === 'function' ? c.env() : c.env) }, encoding: 'utf8', maxBuffer: 1 << 26 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${c.node} ${c.args.join(' ')} exited with ${r.status}: ${r.stderr.slice(-1000)}`);
  return s;
}

/** Interleaved rounds over the commands: each round runs every one once, starting one later each time. */
function rounds(cmds, n) {
  const res = Object.fromEntries(cmds.map((c) => [c.key, []]));
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < cmds.length; i++) {
      const c = cmds[(i + r) % cmds.length];
      res[c.key].push(wall(c));
    }
  }
  return res;
}

/** CPU seconds (user + system, all threads) and peak RSS from GNU time: medians of `n` more runs each. */
function usage(cmds, n) {
  const res = {};
  for (const c of cmds) {
    const t = Array.from({ length: n }, () => timed(c.node, c.args, { env: typeof c.env === 'function' ? c.env() : c.env, okCodes: [0, 1] }));
    res[c.key] = { cpu: median(t.map((x) => x.cpu)), rssMB: median(t.map((x) => x.rssMB)) };
  }
  return res;
}

const cold = [
  { key: 'node20 -e 0', node: n20, args: ['-e', '0'], base: 'node20 -e 0' },
  { key: 'node20 run', node: n20, args: reportRun(ours, 'n20'), base: 'node20 -e 0' },
  ...(before ? [{ key: 'node20 run, before', node: n20, args: reportRun(before, 'n20-before'), base: 'node20 -e 0' }] : []),
  { key: 'node24 -e 0', node: node24Path, args: ['-e', '0'], base: 'node24 -e 0' },
  { key: 'node24 run', node: node24Path, args: reportRun(ours, 'n24'), base: 'node24 -e 0' },
  ...(before ? [{ key: 'node24 run, before', node: node24Path, args: reportRun(before, 'n24-before'), base: 'node24 -e 0' }] : []),
  { key: 'node24 run, compile cache warm', node: node24Path, args: reportRun(ours, 'n24-warm'), env: { NODE_COMPILE_CACHE: cache }, base: 'node24 -e 0' },
  { key: 'node24 run, compile cache cold', node: node24Path, args: reportRun(ours, 'n24-cold'), env: freshCache, base: 'node24 -e 0' },
];
const m0 = machine();
const name = (key) => key.replace('node20', `node ${v20}`).replace('node24', `node ${m0.node24}`);
console.log(`cold start: ${runs} interleaved rounds; ${v20} and ${m0.node24}${compare ? `; before = ${compare.label}` : ''}; load ${load()}`);
for (const c of cold) wall({ ...c, env: c.env === freshCache ? {} : c.env }); // fill the warm compile cache and the page cache
const coldRes = rounds(cold, runs);
const coldUse = usage(cold, 5);
const med = (key) => median(coldRes[key]);
console.log('| command | median ms | p10-p90 ms | ratio to node -e 0 (same node) | CPU ms | peak RSS MB |');
console.log('|---|---:|---|---:|---:|---:|');
const q = (v, p) => v.slice().sort((a, b) => a - b)[Math.floor(p * (v.length - 1))];
for (const c of cold) {
  const w = coldRes[c.key].map((s) => s * 1000);
  console.log(`| ${name(c.key)} | ${median(w).toFixed(0)} | ${q(w, 0.1).toFixed(0)}-${q(w, 0.9).toFixed(0)} | ${(med(c.key) / med(c.base)).toFixed(2)} | ${(coldUse[c.key].cpu * 1000).toFixed(0)} | ${coldUse[c.key].rssMB.toFixed(0)} |`);
}
const gain = (key) => 1 - med(key) / med('node24 run');
console.log(`Node 24 compile cache: warm ${(gain('node24 run, compile cache warm') * 100).toFixed(1)}% faster than without, cold ${(gain('node24 run, compile cache cold') * 100).toFixed(1)}%`);
if (before) for (const n of ['node20', 'node24']) console.log(`${name(n)}: this checkout takes ${((med(`${n} run`) / med(`${n} run, before`)) * 100).toFixed(0)}% of the time of ${compare.label}`);

// --- the full demo
const demo = [
  { key: 'demo node20', node: n20, args: demoRun(ours, 'n20') },
  ...(before ? [{ key: 'demo node20, before', node: n20, args: demoRun(before, 'n20-before') }] : []),
  { key: 'demo node24', node: node24Path, args: demoRun(ours, 'n24') },
  ...(before ? [{ key: 'demo node24, before', node: node24Path, args: demoRun(before, 'n24-before') }] : []),
];
console.log(`\ndemo: ${demoRuns} interleaved rounds; load ${load()}`);
const demoRes = rounds(demo, demoRuns);
const demoUse = usage(demo, 1);
for (const d of demo) {
  const w = demoRes[d.key];
  console.log(`${name(d.key)}: median ${fmtS(median(w))} s (${w.map(fmtS).join(' / ')}), peak ${demoUse[d.key].rssMB.toFixed(0)} MB`);
}
const m1 = machine();
console.log(`load average before ${m0.loadavg.join(' ')}, after ${m1.loadavg.join(' ')}; ${m0.cpus} CPUs`);
const summary = (res, use) => Object.fromEntries(Object.entries(res).map(([k, v]) => [k, { wall_s: median(v), cpu_s: use[k].cpu, peak_rss_mb: use[k].rssMB, times: v }]));
const file = path.join(root, 'bench/out/startup-results.json');
writeFileSync(file, `${JSON.stringify({ benchmark: 'startup', runs, demoRuns, compare: compare?.label ?? null, machine: { before: m0, after: m1 }, cold: summary(coldRes, coldUse), demo: summary(demoRes, demoUse) }, null, 2)}\n`);
console.log(`wrote ${path.relative(root, file)}`);
