// The snapshot corpus (issue 15): a varied, seeded set of data files, every one profiled by a CLI
// build, so two builds can be checked for byte-identical snapshots.
//
//   node bench/data/corpus.mjs --cli /work/main/dist/cli.js --out bench/out/corpus-main   (snapshots of main)
//   node bench/data/corpus.mjs --compare bench/out/corpus-main                            (ours vs those)
//
// --out DIR: write the snapshots (and each run's stdout/stderr) to DIR with the CLI of --cli (default
// dist/cli.js). --compare DIR: write ours to DIR-ours (or --out) and compare file by file. The data
// files are generated once into bench/out/corpus-data (--data DIR), the same for every run (seed 1).
// Snapshots are compared byte for byte after blanking "createdAt" (the time of the run).
// Files: CSV (LF, CRLF, BOM, no final newline, quoted fields with commas, doubled quotes and newlines),
// TSV, JSON Lines (numbers, strings, null, booleans, nested values), each also gzip-compressed;
// columns: integers (signs, leading zeros), floats (fixed, shortest, 17 digits, exponents, extremes,
// beyond 2^53), NaN/infinity spellings, missing cells, categories with 2 to 30,000 levels (pruning),
// booleans, unicode, mixed columns, numbers with spaces, hex and other near-numbers. Each file is
// profiled alone, then the next file is profiled on its bins (`--reference`), with some files under
// other --bins / --top-k / --max-exact settings.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const flag = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const compare = flag('compare');
const cli = path.resolve(flag('cli', path.join(root, 'dist/cli.js')));
const out = path.resolve(flag('out', compare ? `${compare.replace(/\/$/, '')}-ours` : path.join(root, 'bench/out/corpus-ours')));
const dataDir = path.resolve(flag('data', path.join(root, 'bench/out/corpus-data')));
const jobs = Number(flag('jobs', '2'));

let seed = 1;
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (n) => Math.floor(rand() * n);
const pick = (a) => a[int(a.length)];
const normal = () => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());

/** Column generators: each returns a cell's text ('' = missing) or, for JSON Lines, a value. */
const KINDS = {
  smallInt: () => String(int(10)),
  int: () => String(int(2000) - 1000),
  bigInt: () => String(Math.floor(normal() * 1e12)),
  signedInt: () => pick(['+', '-', '', '00']) + String(int(500)),
  fixed: () => (normal() * 100).toFixed(pick([0, 1, 2, 4, 6])),
  shortest: () => String(normal() * 10 ** int(8)),
  digits17: () => (normal() * 1000).toPrecision(17),
  expo: () => pick([(normal() * 1e-5).toExponential(int(10)), `${int(9) + 1}e${int(40) - 20}`, `${int(9)}.${int(99)}E+${int(5)}`]),
  extreme: () => pick(['1e400', '-1e400', '5e-324', '1e-320', '1.7976931348623157e308', '9007199254740993', '123456789012345678901', '0.1', '-0']),
  nonFinite: () => pick(['NaN', 'nan', 'NAN', 'inf', '-inf', 'Inf', 'Infinity', '-Infinity', '+inf', String(normal())]),
  logNormal: () => (Math.exp(normal() * 2) * 10).toFixed(3),
  zeros: () => pick(['0', '0.0', '-0.0', '0e5', String(int(3))]),
  cat5: () => `c_${int(5)}`,
  cat60: () => `level-${Math.floor(rand() ** 2 * 60)}`,
  cat500: () => `v${Math.floor(rand() ** 3 * 500)}`,
  unique: () => `id-${int(1e9).toString(36)}`,
  bool: () => pick(['true', 'false', 'True', 'FALSE']),
  yesNo: () => pick(['yes', 'no', 'N/A', 'Iowa', 'nebraska', 'Inf-ish', 'infinite']),
  unicode: () => pick(['ü', 'Ünïcödé', '€uro', '😀', 'naïve café', '日本', 'a']),
  quoted: () => pick(['a,b', 'say "hi"', 'multi\nline', 'cr\r\nlf', 'plain', '""', ' padded ']),
  mixedNum: () => (rand() < 0.9 ? String(int(100)) : pick(['unknown', '12abc', '?', 'x'])),
  mixedText: () => (rand() < 0.8 ? pick(['red', 'green', 'blue']) : String(int(10))),
  nearNum: () => pick(['0x1F', '0b101', '0o17', ' 1', '1 ', '1_000', '1.2.3', '.5', '5.', '-.5', '.', '-', '+', 'e5', '1e', '1e+']),
  ints1e3: () => String(int(1500)),
  shifted: () => (normal() + 0.5).toFixed(4),
};
const KIND_NAMES = Object.keys(KINDS);

function jsonValue(kind, text) {
  if (text === '') return pick([null, undefined, '']);
  if (kind === 'bool' && rand() < 0.5) return text.toLowerCase() === 'true';
  if (['smallInt', 'int', 'fixed', 'shortest', 'logNormal', 'ints1e3', 'shifted'].includes(kind) && rand() < 0.8) return Number(text);
  if (kind === 'quoted' && rand() < 0.2) return { nested: [text, 1] };
  return text;
}

function encodeDelimited(v, delim) {
  return /[",\t\r\n]/.test(v) || v.startsWith('"') ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One data file: its columns' kinds, rows, format, line ending and extras. */
function makeFile(i) {
  const ncol = 1 + int(12);
  const kinds = Array.from({ length: ncol }, () => pick(KIND_NAMES));
  const rows = i % 25 === 7 ? 30000 : i % 9 === 0 ? int(5) : i % 11 === 5 ? 9000 + int(3000) : int(2500);
  // a column of mostly distinct values: above 20,000 of them the category counts are pruned
  if (i % 10 === 3 || rows === 30000) kinds.push('unique');
  const missingRate = pick([0, 0, 0.02, 0.3, 1]);
  const format = pick(['csv', 'csv', 'csv', 'tsv', 'jsonl']);
  const gz = rand() < 0.25;
  const crlf = rand() < 0.3;
  const bom = format !== 'jsonl' && rand() < 0.1;
  const finalNewline = rand() < 0.85;
  const header = kinds.map((k, j) => (j === 0 && rand() < 0.1 ? `ünï ${k}` : `${k}_${j}`));
  const cells = Array.from({ length: rows }, () => kinds.map((k) => (rand() < missingRate ? '' : KINDS[k]())));
  let text;
  const nl = crlf ? '\r\n' : '\n';
  if (format === 'jsonl') {
    text = cells
      .map((r) => {
        const o = {};
        r.forEach((v, j) => {
          const x = jsonValue(kinds[j], v);
          if (x !== undefined) o[header[j]] = x;
        });
        // the first record names every column
        return JSON.stringify(o);
      })
      .join(nl);
    if (rows > 0) {
      const first = Object.fromEntries(header.map((h, j) => [h, jsonValue(kinds[j], KINDS[kinds[j]]())]));
      text = `${JSON.stringify(first)}${nl}${text}`;
    } else text = JSON.stringify(Object.fromEntries(header.map((h) => [h, 1])));
  } else {
    const d = format === 'tsv' ? '\t' : ',';
    const lines = [header, ...cells].map((r) =>
      // a one-column empty cell must be quoted (a blank line is skipped)
      r.map((v) => (r.length === 1 && v === '' ? '""' : encodeDelimited(v, d))).join(d),
    );
    text = (bom ? '\uFEFF' : '') + lines.join(nl);
  }
  if (finalNewline) text += nl;
  const name = `f${String(i).padStart(3, '0')}.${format}${gz ? '.gz' : ''}`;
  const flags = i % 7 === 2 ? ['--bins', String(1 + int(40))] : i % 7 === 4 ? ['--top-k', String(int(8))] : i % 7 === 6 ? ['--max-exact', String(int(50))] : [];
  return { name, body: gz ? gzipSync(text) : Buffer.from(text), flags, header };
}

const N_FILES = 120;
function generate() {
  mkdirSync(dataDir, { recursive: true });
  const manifest = [];
  for (let i = 0; i < N_FILES; i++) {
    const f = makeFile(i);
    writeFileSync(path.join(dataDir, f.name), f.body);
    manifest.push({ name: f.name, flags: f.flags });
  }
  // two bigger files (several read chunks): the serving side shifted
  for (const [name, shift] of [
    ['big-train.csv', 0],
    ['big-serve.csv', 1],
  ]) {
    const lines = ['num,int,cat,text'];
    for (let r = 0; r < 60000; r++)
      lines.push(`${(normal() + shift).toFixed(5)},${int(300)},k${Math.floor(rand() ** 2 * (40 + shift * 10))},"t ""${int(50)}"", x"`);
    writeFileSync(path.join(dataDir, name), lines.join('\n') + '\n');
    manifest.push({ name, flags: [] });
  }
  writeFileSync(path.join(dataDir, 'manifest.json'), JSON.stringify(manifest, null, 1));
  return manifest;
}

const manifest = existsSync(path.join(dataDir, 'manifest.json')) ? JSON.parse(readFileSync(path.join(dataDir, 'manifest.json'), 'utf8')) : generate();

function run(argv) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [cli, ...argv], { cwd: dataDir });
    let so = '';
    let se = '';
    p.stdout.on('data', (d) => (so += d));
    p.stderr.on('data', (d) => (se += d));
    p.on('close', (code) => resolve({ code, out: so, err: se }));
  });
}

/** The runs: each file alone, then each file on the previous file's snapshot (same format family or not). */
const tasks = [];
manifest.forEach((f, i) => tasks.push({ id: `${f.name}`, argv: ['snapshot', f.name, '--out', path.join(out, `${f.name}.json`), ...f.flags] }));
const second = [];
manifest.forEach((f, i) => {
  if (i === 0) return;
  const ref = manifest[i - 1].name;
  second.push({ id: `${f.name}@${ref}`, argv: ['snapshot', f.name, '--reference', path.join(out, `${ref}.json`), '--out', path.join(out, `${f.name}@${ref}.json`)] });
});

async function runAll(list) {
  let next = 0;
  const logs = {};
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      while (next < list.length) {
        const t = list[next++];
        const r = await run(t.argv);
        logs[t.id] = `exit ${r.code}\n--- stdout\n${r.out.split(out).join('OUT')}--- stderr\n${r.err.split(out).join('OUT')}`;
      }
    }),
  );
  return logs;
}

mkdirSync(out, { recursive: true });
const t0 = Date.now();
const logs = { ...(await runAll(tasks)), ...(await runAll(second)) };
for (const [id, log] of Object.entries(logs)) writeFileSync(path.join(out, `${id}.log`), log);
console.log(`${Object.keys(logs).length} snapshot runs of ${manifest.length} files with ${path.relative(root, cli) || cli} into ${out} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
const failed = Object.entries(logs).filter(([, l]) => !l.startsWith('exit 0'));
console.log(`${failed.length} runs exited non-zero (refused input: compared like the others)`);

if (compare) {
  // the reference's path (each build wrote its own) and the time of the run are blanked
  const cmpAbs = path.resolve(compare);
  const norm = (s) => s.replace(/"createdAt": "[^"]*"/, '"createdAt": "-"').split(out).join('OUT').split(cmpAbs).join('OUT');
  const a = new Set(readdirSync(compare));
  const b = new Set(readdirSync(out));
  let same = 0;
  const diffs = [];
  for (const name of [...new Set([...a, ...b])].sort()) {
    if (!a.has(name) || !b.has(name)) {
      diffs.push(`${name}: only in ${a.has(name) ? compare : out}`);
      continue;
    }
    const x = norm(readFileSync(path.join(compare, name), 'utf8'));
    const y = norm(readFileSync(path.join(out, name), 'utf8'));
    if (x === y) same++;
    else {
      let k = 0;
      while (x[k] === y[k]) k++;
      diffs.push(`${name}: differs at ${k}: ${JSON.stringify(x.slice(Math.max(0, k - 60), k + 60))} vs ${JSON.stringify(y.slice(Math.max(0, k - 60), k + 60))}`);
    }
  }
  console.log(`${same} files identical (snapshots with createdAt blanked, and every run's stdout/stderr), ${diffs.length} differ`);
  for (const d of diffs.slice(0, 30)) console.log(`  ${d}`);
  process.exitCode = diffs.length ? 1 : 0;
}
