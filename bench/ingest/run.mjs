#!/usr/bin/env node
/**
 * Ingest benchmark (issue 3: CSV ingest >= 100 MB/s): generates a 1,000,000-row predictions CSV
 * (id,label,score,slice; scores at full double precision as pandas writes them), bundles the
 * TypeScript side with esbuild, then times, interleaved and each in a fresh process: the reader
 * alone (strings, and byte batches), loadPredictions, and loadPredictions without the id column;
 * it prints the median MB/s of --runs runs each.
 *
 *   node bench/ingest/run.mjs [--runs 5] [--n 1000000] [--regenerate] [--compare OTHER_BUNDLE.mjs]
 * CPU time (user + system, all threads) is printed too: on a shared machine it is steadier than wall time.
 * --compare interleaves a second bundle of bench.ts (e.g. built from an older checkout) in the same
 * runs, for a before/after comparison on a noisy machine.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const out = path.join(root, 'bench/out/ingest');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const runs = Number(arg('runs', '5'));
const n = Number(arg('n', '1000000'));
mkdirSync(out, { recursive: true });
const csv = path.join(out, `predictions_${n}.csv`);

if (!existsSync(csv) || process.argv.includes('--regenerate')) {
  // deterministic xorshift; score = sigmoid of a noisy signal, written with String() (shortest
  // round-trip digits, like Python's repr)
  let s = 0x9e3779b9 >>> 0;
  const rnd = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  const slices = ['US', 'DE', 'FR', 'IN', 'BR'];
  const ws = createWriteStream(csv);
  let buf = 'id,label,score,slice\n';
  for (let i = 0; i < n; i++) {
    const y = rnd() < 0.3 ? 1 : 0;
    const z = (rnd() + rnd() + rnd() - 1.5) * 2 + 1.6 * y - 1.2;
    buf += `ex${i},${y},${1 / (1 + Math.exp(-z))},${slices[Math.floor(rnd() * rnd() * 5)]}\n`;
    if (buf.length > 1 << 20) {
      ws.write(buf);
      buf = '';
    }
  }
  ws.end(buf);
  await new Promise((r) => ws.on('finish', r));
}
const bundle = path.join(out, 'bench.mjs');
execFileSync(path.join(root, 'node_modules/.bin/esbuild'), [path.join(here, 'bench.ts'), '--bundle', '--platform=node', '--format=esm', '--target=node20', `--outfile=${bundle}`, '--log-level=warning'], { stdio: 'inherit' });

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bundles = [['this checkout', bundle]];
if (arg('compare', null)) bundles.push(['compare', path.resolve(arg('compare', null))]);
const res = new Map();
for (let r = 0; r < runs; r++) {
  for (const [name, b] of bundles) {
    // (an older bundle may not know the byte-batch reader)
    for (const mode of name === 'compare' ? ['read', 'load', 'load-noid'] : ['read', 'batches', 'load', 'load-noid']) {
      const o = JSON.parse(execFileSync('node', [b, mode, csv], { encoding: 'utf8' }));
      const label = { read: 'readTable (strings)', batches: 'readTableBatches (bytes)', load: 'loadPredictions', 'load-noid': 'loadPredictions without ids' };
      const key = `${name}: ${label[mode]}`;
      if (!res.has(key)) res.set(key, []);
      res.get(key).push(o);
      console.log(`run ${r + 1} ${name} ${mode}: ${o.s.toFixed(3)} s, ${o.mb_per_s.toFixed(0)} MB/s (CPU ${o.cpu_s.toFixed(3)} s), peak ${o.peak_mb.toFixed(0)} MB`);
    }
  }
}
console.log('');
for (const [key, os] of res) {
  console.log(`median ${key}: ${median(os.map((o) => o.mb_per_s)).toFixed(0)} MB/s wall (${median(os.map((o) => o.s)).toFixed(3)} s), ${median(os.map((o) => o.cpu_mb_per_s)).toFixed(0)} MB/s by CPU time (${median(os.map((o) => o.cpu_s)).toFixed(3)} s), best wall ${Math.max(...os.map((o) => o.mb_per_s)).toFixed(0)} MB/s; ${runs} runs, ${(os[0].rows / 1e6).toFixed(1)}M rows`);
}
