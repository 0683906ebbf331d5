// DuckDB competitor of the data benchmark (@duckdb/node-api, installed by run.mjs into bench/.deps;
// never a project dependency). Idiomatic DuckDB: the training CSV is loaded once into a table
// (read_csv with type detection), one SQL aggregate query gets the counts, moments, min/max and
// quantiles (approx_quantile, the t-digest SUMMARIZE uses), a second one the 20-bin histograms on
// those edges and the category counts (histogram() aggregates). The serving CSV needs no table: one
// query over read_csv with the training edges as literals does everything in one streaming pass.
//   DUCKDB_THREADS=2 node bench/data/duckdb.mjs TRAIN.csv SERVE.csv OUTDIR
import path from 'node:path';
import { BINS, QUANTILES, equalWidthEdges, report, requireDep, skew, writeProfile } from './common.mjs';

const { DuckDBInstance } = requireDep('@duckdb/node-api');
const [trainPath, servePath, outDir] = process.argv.slice(2);
const threads = process.env.DUCKDB_THREADS;
const instance = await DuckDBInstance.create(':memory:', threads ? { threads } : {});
const conn = await instance.connect();
const rows = async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJS();

const q = (name) => `"${name.replaceAll('"', '""')}"`;
const lit = (s) => `'${s.replaceAll("'", "''")}'`;
const num = (v) => (Number.isFinite(v) ? String(v) : 'NULL');

/** The bin of each value: -1 underflow, 0..BINS-1, BINS overflow; the top edge is closed, as in numpy. */
function binSql(c, lo, hi) {
  const w = (hi - lo) / BINS;
  return `CASE WHEN ${q(c)} IS NULL THEN NULL WHEN ${q(c)} = ${num(hi)} THEN ${BINS - 1} ELSE least(greatest(floor((${q(c)} - ${num(lo)}) / ${num(w)}), -1), ${BINS})::INTEGER END`;
}

function statsSql(numCols, allCols) {
  const parts = ['count(*) AS __rows'];
  for (const c of allCols) parts.push(`count(${q(c)}) AS ${q(`${c}__count`)}`, `count(*) - count(${q(c)}) AS ${q(`${c}__missing`)}`);
  for (const c of numCols) {
    parts.push(`avg(${q(c)}) AS ${q(`${c}__mean`)}`, `stddev_samp(${q(c)}) AS ${q(`${c}__std`)}`, `min(${q(c)}) AS ${q(`${c}__min`)}`, `max(${q(c)}) AS ${q(`${c}__max`)}`);
    parts.push(`approx_quantile(${q(c)}, [${QUANTILES.join(', ')}]) AS ${q(`${c}__q`)}`);
  }
  return parts;
}

function countsSql(numCols, catCols, edges) {
  const parts = [];
  for (const c of numCols) parts.push(`histogram(${binSql(c, edges[c][0], edges[c][BINS])}) AS ${q(`${c}__hist`)}`);
  for (const c of catCols) parts.push(`histogram(${q(c)}) AS ${q(`${c}__cats`)}`);
  return parts;
}

/** A histogram() MAP as [key, count] pairs (getRowObjectsJS gives a MAP as [{ key, value }]). */
const entries = (m) => (m ?? []).map((e) => [e.key, e.value]);

function toProfile(row, numCols, catCols, edges) {
  const features = {};
  for (const c of numCols) {
    const f = { kind: 'numeric', count: Number(row[`${c}__count`]), missing: Number(row[`${c}__missing`]) };
    Object.assign(f, { mean: row[`${c}__mean`], std: row[`${c}__std`], min: Number(row[`${c}__min`]), max: Number(row[`${c}__max`]) });
    f.quantiles = row[`${c}__q`].map(Number);
    f.edges = edges[c];
    f.counts = new Array(BINS + 2).fill(0);
    for (const [k, v] of entries(row[`${c}__hist`])) f.counts[Number(k) + 1] += Number(v);
    features[c] = f;
  }
  for (const c of catCols) {
    const categories = new Map();
    for (const [k, v] of entries(row[`${c}__cats`])) categories.set(String(k), Number(v));
    features[c] = { kind: 'categorical', count: Number(row[`${c}__count`]), missing: Number(row[`${c}__missing`]), categories };
  }
  return { rows: Number(row.__rows), features };
}

async function profileTrain(file) {
  await conn.run(`CREATE TABLE train AS FROM read_csv(${lit(file)})`);
  const cols = await rows('DESCRIBE train');
  const all = cols.map((r) => r.column_name);
  const numCols = cols.filter((r) => /INT|DOUBLE|FLOAT|DECIMAL/.test(r.column_type)).map((r) => r.column_name);
  const catCols = all.filter((c) => !numCols.includes(c));
  const [stats] = await rows(`SELECT ${statsSql(numCols, all).join(', ')} FROM train`);
  const edges = Object.fromEntries(numCols.map((c) => [c, equalWidthEdges(Number(stats[`${c}__min`]), Number(stats[`${c}__max`]))]));
  const [counts] = await rows(`SELECT ${countsSql(numCols, catCols, edges).join(', ')} FROM train`);
  await conn.run('DROP TABLE train');
  return toProfile({ ...stats, ...counts }, numCols, catCols, edges);
}

async function profileServe(file, train) {
  const numCols = Object.keys(train.features).filter((c) => train.features[c].kind === 'numeric');
  const catCols = Object.keys(train.features).filter((c) => train.features[c].kind !== 'numeric');
  const edges = Object.fromEntries(numCols.map((c) => [c, train.features[c].edges]));
  const parts = [...statsSql(numCols, [...numCols, ...catCols]), ...countsSql(numCols, catCols, edges)];
  const [row] = await rows(`SELECT ${parts.join(', ')} FROM read_csv(${lit(file)})`);
  return toProfile(row, numCols, catCols, edges);
}

const t0 = performance.now();
const train = await profileTrain(trainPath);
writeProfile(path.join(outDir, 'duckdb-train.json'), train);
const t1 = performance.now();
const serve = await profileServe(servePath, train);
writeProfile(path.join(outDir, 'duckdb-serve.json'), serve);
const t2 = performance.now();
const drift = skew(train, serve);
const t3 = performance.now();
report(`duckdb, ${threads ?? 'all'} threads`, { train_s: (t1 - t0) / 1000, serve_s: (t2 - t1) / 1000, skew_s: (t3 - t2) / 1000 }, train, serve, drift);
