// Generate a benchmark CSV: N rows x 50 columns (30 numeric, 20 categorical, ~2% missing cells).
// usage: node bench/data/gen.mjs OUT.csv ROWS SEED [SHIFT]   (SHIFT moves num0 and cat0: a drifting feature)
import { createWriteStream } from 'node:fs';

const [out, rowsArg, seedArg, shiftArg] = process.argv.slice(2);
const rows = Number(rowsArg);
let s = Number(seedArg) >>> 0;
const shift = Number(shiftArg ?? 0);
const rand = () => {
  s = (s + 0x6d2b79f5) >>> 0;
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const normal = () => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
const CATS = Array.from({ length: 20 }, (_, j) => Array.from({ length: j < 10 ? 5 + j : 50 + 40 * j }, (_, k) => `c${j}_${k}`));
const header = [...Array.from({ length: 30 }, (_, j) => `num${j}`), ...Array.from({ length: 20 }, (_, j) => `cat${j}`)];
const w = createWriteStream(out);
w.write(header.join(',') + '\n');
let buf = '';
for (let i = 0; i < rows; i++) {
  const cells = [];
  for (let j = 0; j < 30; j++) {
    if (rand() < 0.02) {
      cells.push('');
      continue;
    }
    const kind = j % 3;
    let v = kind === 0 ? normal() * (1 + j) + j : kind === 1 ? Math.exp(normal()) * 10 : Math.floor(rand() * 100);
    if (j === 0) v += shift;
    cells.push(kind === 2 ? String(v) : v.toFixed(4));
  }
  for (let j = 0; j < 20; j++) {
    if (rand() < 0.02) {
      cells.push('');
      continue;
    }
    const dom = CATS[j];
    let k = Math.floor(Math.pow(rand(), 2) * dom.length);
    if (j === 0 && shift && rand() < 0.3) k = dom.length - 1;
    cells.push(dom[k]);
  }
  buf += cells.join(',') + '\n';
  if (buf.length > 1 << 20) {
    if (!w.write(buf)) await new Promise((r) => w.once('drain', r));
    buf = '';
  }
}
w.write(buf);
w.end();
