// Entry for the ingest benchmark (bundled by bench/ingest/run.mjs).
//   node bench.mjs read|batches|load|load-noid FILE.csv
// read: readTable alone, projecting id,label,score,slice; batches: readTableBatches alone (no field decoded); load: loadPredictions (binary, id, slice);
// load-noid: the same without the id column.
import { statSync } from 'node:fs';
import { readTable, readTableBatches } from '../../src/evidence/tabular.js';
import { loadPredictions, type Predictions } from '../../src/evidence/predictions.js';

const [mode, file] = process.argv.slice(2);
const bytes = statSync(file).size;
const c0 = process.cpuUsage();
const t0 = performance.now();
let rows = 0;
let check = 0;
let loaded: Predictions | null = null;
if (mode === 'read') {
  await readTable(file, { columns: ['id', 'label', 'score', 'slice'] }, () => {}, (f) => {
    rows++;
    check += f[2] === null ? 0 : f[2].length;
  });
} else if (mode === 'batches') {
  await readTableBatches(file, { columns: ['id', 'label', 'score', 'slice'] }, () => {}, (b) => {
    rows += b.count;
    check += b.ends[2] - b.starts[2];
  });
} else {
  const columns = { label: 'label', score: 'score', id: mode === 'load-noid' ? undefined : 'id', groups: ['slice'] };
  loaded = await loadPredictions(file, file, { task: 'binary', columns });
  rows = loaded.n;
}
const s = (performance.now() - t0) / 1000;
const cu = process.cpuUsage(c0);
const cpu_s = (cu.user + cu.system) / 1e6;
// (outside the timed part: a loop at the top level of a module runs unoptimized)
if (loaded) for (let i = 0; i < loaded.n; i++) check += loaded.score![i];
console.log(JSON.stringify({ mode, rows, s, mb_per_s: bytes / 1e6 / s, cpu_s, cpu_mb_per_s: bytes / 1e6 / cpu_s, check, peak_mb: process.resourceUsage().maxRSS / 1024 }));
