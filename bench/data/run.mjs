#!/usr/bin/env node
/**
 * Data benchmark (issue 15): the same job by ml-test-gate and by the tools users would reach for,
 * interleaved, each run in a fresh process timed from outside (wall time and peak RSS):
 *   profile a 1M x 50 training CSV into a snapshot, profile the serving CSV (1M x 50, two drifting
 *   features) on the training bins, compute skew per feature.
 * Contenders (--only picks some, comma-separated):
 *   ours        `node dist/cli.js snapshot` (train), `snapshot --reference` (serving), `drift --json`,
 *               on this machine's node (the CLI as users run it)
 *   ours-node24 the same on Node 24 (what the GitHub Action runs on)
 *   pandas      bench/data/reference.py (read_csv, describe, numpy.histogram, value_counts, SciPy)
 *   polars-1    bench/data/polars.mjs, POLARS_MAX_THREADS=1 (nodejs-polars 0.25.2, lazy scanCSV)
 *   polars-2    the same on 2 threads
 *   duckdb-2    bench/data/duckdb.mjs, 2 threads (@duckdb/node-api, read_csv + SQL aggregates)
 *   duckdb-1    the same on 1 thread (not in the default set)
 * The order rotates from one repetition to the next. It prints medians, MB/s over both files, peak
 * RSS, the ratio of each contender's median to ours (above 1: ours is faster), whether every
 * contender found the same drifting features, and writes everything to bench/out/data-results.json.
 * --rows4m also profiles a 4M-row training file with ours (peak RSS must not grow with rows).
 *
 *   node bench/data/run.mjs [--reps 3] [--only ours,polars-1] [--rows4m] [--work DIR]
 * Needs /usr/bin/time (GNU time) and /usr/bin/python3 with pandas and SciPy; installs polars, DuckDB
 * and Node 24 into bench/.deps (gitignored) on first use.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { arg, benchDir, ensureDeps, fmtS, load, machine, median, node24Path, root, timed } from '../lib.mjs';

const here = path.join(benchDir, 'data');
const work = path.resolve(arg('work', path.join(root, 'bench/out/data')));
const reps = Number(arg('reps', '3'));
const python = process.env.PYTHON ?? '/usr/bin/python3';
const cli = path.join(root, 'dist/cli.js');
const DEFAULT = ['ours', 'ours-node24', 'pandas', 'polars-1', 'polars-2', 'duckdb-2'];
const only = arg('only', DEFAULT.join(',')).split(',');

mkdirSync(work, { recursive: true });
const file = (name) => path.join(work, name);
function generate(name, rows, seed, shift) {
  if (existsSync(file(name))) return;
  console.log(`generating ${name} (${rows} rows x 50 columns) ...`);
  execFileSync(process.execPath, [path.join(here, 'gen.mjs'), file(name), String(rows), String(seed), ...(shift ? [String(shift)] : [])], { stdio: 'inherit' });
}
generate('train_1m.csv', 1_000_000, 1);
generate('serve_1m.csv', 1_000_000, 2, 0.5);
ensureDeps();
const bytes = statSync(file('train_1m.csv')).size + statSync(file('serve_1m.csv')).size;

/** ours: three CLI calls; wall = their sum, peak RSS = the largest; drift --json gives the verdicts. */
function ours(node) {
  const snapT = timed(node, [cli, 'snapshot', file('train_1m.csv'), '--out', file('ours-train.json')]);
  const snapS = timed(node, [cli, 'snapshot', file('serve_1m.csv'), '--out', file('ours-serve.json'), '--reference', file('ours-train.json')]);
  const drift = timed(node, [cli, 'drift', '--reference', file('ours-train.json'), '--current', file('ours-serve.json'), '--json'], { okCodes: [0, 1] });
  const rows = JSON.parse(drift.stdout).features.filter((f) => /^JS divergence|^L-infinity/.test(f.method));
  return {
    wall: snapT.wall + snapS.wall + drift.wall,
    rssMB: Math.max(snapT.rssMB, snapS.rssMB, drift.rssMB),
    phases: { train_s: snapT.wall, serve_s: snapS.wall, skew_s: drift.wall, train_mb_s: statSync(file('train_1m.csv')).size / 1e6 / snapT.wall, serve_mb_s: statSync(file('serve_1m.csv')).size / 1e6 / snapS.wall },
    drifted: rows.filter((f) => f.drifted).map((f) => f.name),
    stats: Object.fromEntries(rows.map((f) => [f.name, f.value])), // the effect (JS or L-inf), not the test statistic
  };
}

/** A competitor: one process printing one JSON line (common.mjs / reference.py). */
function competitor(cmd, args, env) {
  const r = timed(cmd, args, { env });
  const o = JSON.parse(r.stdout.trim().split('\n').at(-1));
  return { wall: r.wall, rssMB: r.rssMB, phases: o.phases, drifted: o.drifted, stats: o.stats };
}

const inputs = [file('train_1m.csv'), file('serve_1m.csv'), work];
const CONTENDERS = {
  ours: { label: `ml-test-gate (Node ${process.version.slice(1)})`, run: () => ours(process.execPath) },
  'ours-node24': { label: 'ml-test-gate (Node 24.9.0)', run: () => ours(node24Path) },
  pandas: { label: 'pandas + NumPy + SciPy', run: () => competitor(python, [path.join(here, 'reference.py'), ...inputs]) },
  'polars-1': { label: 'polars, 1 thread', run: () => competitor(node24Path, [path.join(here, 'polars.mjs'), ...inputs], { POLARS_MAX_THREADS: '1' }) },
  'polars-2': { label: 'polars, 2 threads', run: () => competitor(node24Path, [path.join(here, 'polars.mjs'), ...inputs], { POLARS_MAX_THREADS: '2' }) },
  'duckdb-2': { label: 'DuckDB, 2 threads', run: () => competitor(node24Path, [path.join(here, 'duckdb.mjs'), ...inputs], { DUCKDB_THREADS: '2' }) },
  'duckdb-1': { label: 'DuckDB, 1 thread', run: () => competitor(node24Path, [path.join(here, 'duckdb.mjs'), ...inputs], { DUCKDB_THREADS: '1' }) },
};
for (const k of only) if (!CONTENDERS[k]) throw new Error(`unknown contender ${k}; known: ${Object.keys(CONTENDERS).join(', ')}`);

const before = machine();
console.log(`data benchmark: ${reps} repetitions, interleaved; ${(bytes / 1e6).toFixed(0)} MB of CSV (train + serving); load ${load()}`);
const runs = Object.fromEntries(only.map((k) => [k, []]));
for (let r = 0; r < reps; r++) {
  const order = only.map((_, i) => only[(i + r) % only.length]);
  for (const k of order) {
    const o = CONTENDERS[k].run();
    runs[k].push(o);
    console.log(`rep ${r + 1} ${k.padEnd(12)} ${fmtS(o.wall).padStart(6)} s  peak ${o.rssMB.toFixed(0).padStart(5)} MB  (train ${fmtS(o.phases.train_s)} s, serving ${fmtS(o.phases.serve_s)} s, skew ${fmtS(o.phases.skew_s)} s)  load ${load()}`);
  }
}

// --- summary: medians, MB/s, peak RSS, ratio to ours, agreement on what drifted
const base = runs.ours ? median(runs.ours.map((o) => o.wall)) : null;
const summary = only.map((k) => {
  const os = runs[k];
  const wall = median(os.map((o) => o.wall));
  const phase = (p) => median(os.map((o) => o.phases[p]).filter((v) => v !== undefined));
  return {
    contender: k,
    label: CONTENDERS[k].label,
    median_s: wall,
    runs_s: os.map((o) => o.wall),
    mb_per_s: bytes / 1e6 / wall,
    peak_rss_mb: median(os.map((o) => o.rssMB)),
    peak_rss_max_mb: Math.max(...os.map((o) => o.rssMB)),
    ratio_to_ours: base ? wall / base : null,
    phases_median_s: Object.fromEntries(Object.keys(os[0].phases).map((p) => [p, phase(p)])),
    drifted: os[0].drifted,
    num0_js: os[0].stats.num0,
    cat0_linf: os[0].stats.cat0,
  };
});
// what drifted, by exact category counts: pandas (or the first contender that is not ours)
const ref = summary.find((s) => s.contender === 'pandas') ?? summary.find((s) => !s.contender.startsWith('ours')) ?? summary[0];
const sameDrift = (s) => [...s.drifted].sort().join(',') === [...ref.drifted].sort().join(',');
console.log(`\nmedians of ${reps} (wall time of the whole job, from outside; ratio = contender / ours, above 1 = ours faster)`);
console.log(`| contender | median s | runs s | MB/s | peak RSS MB | ratio | drifted (JS > 0.01, L-inf > 0.1; DIFFERS: not what ${ref.label} found) |`);
console.log('|---|---:|---|---:|---:|---:|---|');
for (const s of summary) {
  console.log(`| ${s.label} | ${fmtS(s.median_s)} | ${s.runs_s.map(fmtS).join(' / ')} | ${s.mb_per_s.toFixed(0)} | ${s.peak_rss_mb.toFixed(0)} | ${s.ratio_to_ours ? s.ratio_to_ours.toFixed(2) : '-'} | ${s.drifted.join(', ')}${sameDrift(s) ? '' : ' (DIFFERS)'} |`);
}
for (const s of summary) {
  const p = s.phases_median_s;
  console.log(`${s.label}: train ${fmtS(p.train_s)} s, serving ${fmtS(p.serve_s)} s, skew ${fmtS(p.skew_s)} s${p.train_mb_s ? `; snapshot step ${p.train_mb_s.toFixed(0)} MB/s (train), ${p.serve_mb_s.toFixed(0)} MB/s (serving)` : ''}${p.train_build_s !== undefined ? `; of which building the nodejs-polars expression objects ${fmtS(p.train_build_s + p.serve_build_s)} s (the engine alone: ${fmtS(s.median_s - p.train_build_s - p.serve_build_s)} s, ratio ${base ? ((s.median_s - p.train_build_s - p.serve_build_s) / base).toFixed(2) : '-'})` : ''}; num0 JS ${s.num0_js?.toFixed(4)}, cat0 L-inf ${s.cat0_linf?.toFixed(4)}`);
}

// --- peak RSS of our snapshot step at 1M and 4M rows (must not grow with the row count)
let rows4m = null;
if (arg('rows4m', false)) {
  generate('train_4m.csv', 4_000_000, 3);
  const step = (node, name) => {
    const r = timed(node, [cli, 'snapshot', file(name), '--out', file(`ours-${name}.json`)]);
    return { wall_s: r.wall, rss_mb: r.rssMB, mb_per_s: statSync(file(name)).size / 1e6 / r.wall };
  };
  rows4m = {};
  for (const [label, node] of [[`node ${process.version}`, process.execPath], ['node v24.9.0', node24Path]]) {
    rows4m[label] = { '1M': step(node, 'train_1m.csv'), '4M': step(node, 'train_4m.csv') };
    const a = rows4m[label];
    console.log(`snapshot step, ${label}: 1M rows ${fmtS(a['1M'].wall_s)} s, ${a['1M'].mb_per_s.toFixed(0)} MB/s, peak ${a['1M'].rss_mb.toFixed(0)} MB; 4M rows ${fmtS(a['4M'].wall_s)} s, ${a['4M'].mb_per_s.toFixed(0)} MB/s, peak ${a['4M'].rss_mb.toFixed(0)} MB`);
  }
}
const after = machine();
console.log(`load average before ${before.loadavg.join(' ')}, after ${after.loadavg.join(' ')}; ${before.cpus} CPUs (${before.cpu}); node ${before.node}, ${before.node24}`);
const out = path.join(root, 'bench/out/data-results.json');
writeFileSync(out, `${JSON.stringify({ benchmark: 'data', reps, bytes, machine: { before, after }, summary, runs, rows4m }, null, 2)}\n`);
console.log(`wrote ${path.relative(root, out)}`);
