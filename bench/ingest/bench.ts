// Entry for the ingest benchmark (bundled by bench/ingest/run.mjs).
//   node bench.mjs read|load FILE.csv
// read: readTable alone, projecting id,label,score,slice; load: loadPredictions (binary, id, slice).
import { statSync } from 'node:fs';
import { readTable } from '../../src/evidence/tabular.js';
import { loadPredictions } from '../../src/evidence/predictions.js';

const [mode, file] = process.argv.slice(2);
const bytes = statSync(file).size;
const t0 = performance.now();
let rows = 0;
let check = 0;
if (mode === 'read') {
  await readTable(file, { columns: ['id', 'label', 'score', 'slice'] }, () => {}, (f) => {
    rows++;
    check += f[2] === null ? 0 : f[2].length;
  });
} else {
  const p = await loadPredictions(file, file, { task: 'binary', columns: { label: 'label', score: 'score', id: 'id', groups: ['slice'] } });
  rows = p.n;
  for (let i = 0; i < p.n; i++) check += p.score![i];
}
const s = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ mode, rows, s, mb_per_s: bytes / 1e6 / s, check, peak_mb: process.resourceUsage().maxRSS / 1024 }));
