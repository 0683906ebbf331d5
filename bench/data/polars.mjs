// polars competitor of the data benchmark (nodejs-polars, installed by run.mjs into bench/.deps; never
// a project dependency). Idiomatic polars: lazy scanCSV and ONE select per file that computes every
// statistic, histogram and category count in one query, with multi-column expressions
// (pl.col([...numeric]).mean().suffix(...)); polars runs them in parallel on POLARS_MAX_THREADS
// threads. Training bins span each column's min..max inside the same query; serving bins are the
// training edges. Quantiles are exact (polars has no approximate quantile); see the sort() below.
//   POLARS_MAX_THREADS=1 node bench/data/polars.mjs TRAIN.csv SERVE.csv OUTDIR
import path from 'node:path';
import { BINS, QUANTILES, equalWidthEdges, report, requireDep, skew, writeProfile } from './common.mjs';

const pl = requireDep('nodejs-polars');
const [trainPath, servePath, outDir] = process.argv.slice(2);

const isNumeric = (dtype) => /Int|Float/.test(String(dtype));

/** Bin of each value: -1 underflow, 0..BINS-1, BINS overflow; the top edge is closed, as in numpy. */
function binned(x, lo, hi) {
  const raw = x.minus(lo).div(hi.minus(lo).div(BINS)).floor().clip(-1, BINS);
  return pl.when(x.eq(hi)).then(pl.lit(BINS - 1)).otherwise(raw).cast(pl.Int32);
}

/** The same on fixed edges (serving): plain numbers, so fewer expression objects to build. */
function binnedOn(c, lo, hi) {
  const x = pl.col(c);
  const raw = x.minus(lo).mul(BINS / (hi - lo)).floor().clip(-1, BINS);
  return pl.when(x.eq(hi)).then(pl.lit(BINS - 1)).otherwise(raw).cast(pl.Int32).alias(c);
}

/** One lazy query: every aggregate of every column; bin edges from `reference` when given. */
function profileQuery(file, reference) {
  // column types as scanCSV infers them (readCSV's nRows still parses the whole file in 0.25.2)
  const schema = pl.scanCSV(file).limit(100).collectSync().schema;
  const names = Object.keys(schema);
  const num = names.filter((c) => (reference ? reference.features[c].kind === 'numeric' : isNumeric(schema[c])));
  const cat = names.filter((c) => !num.includes(c));
  const N = pl.col(num);
  const exprs = [
    pl.len().alias('__rows'),
    pl.col(names).nullCount().suffix('__missing'),
    pl.col(names).count().suffix('__count'),
    N.mean().suffix('__mean'),
    N.std().suffix('__std'),
    N.min().suffix('__min'),
    N.max().suffix('__max'),
    // exact quantiles; sort() once per column, shared by the 7 quantiles (common subexpression
    // elimination). Measured on the 1M-row file, 1 thread: the quantile query alone took 6.0 s this
    // way and 14.7 s as N.quantile(q), which works on an unsorted copy for each quantile.
    ...QUANTILES.map((q, i) => N.sort().quantile(q, 'linear').suffix(`__q${i}`)),
    ...cat.map((c) => pl.col(c).valueCounts().implode().alias(`${c}__cats`)),
  ];
  if (reference) {
    for (const c of num) {
      const e = reference.features[c].edges;
      exprs.push(binnedOn(c, e[0], e[BINS]).valueCounts().implode().alias(`${c}__hist`));
    }
  } else {
    exprs.push(binned(N, N.min(), N.max()).keepName().valueCounts().implode().suffix('__hist'));
  }
  return { lf: pl.scanCSV(file).select(exprs), num, cat };
}

/** The 1-row result of the query, as a profile (common.mjs layout). */
function toProfile(row, num, cat, reference) {
  const features = {};
  for (const c of num) {
    const f = { kind: 'numeric', count: row[`${c}__count`], missing: row[`${c}__missing`], mean: row[`${c}__mean`], std: row[`${c}__std`], min: row[`${c}__min`], max: row[`${c}__max`] };
    f.quantiles = QUANTILES.map((_, i) => row[`${c}__q${i}`]);
    f.edges = reference ? reference.features[c].edges : equalWidthEdges(f.min, f.max);
    f.counts = new Array(BINS + 2).fill(0);
    for (const vc of row[`${c}__hist`]) if (vc[c] !== null) f.counts[vc[c] + 1] += Number(vc.count);
    features[c] = f;
  }
  for (const c of cat) {
    const categories = new Map();
    for (const vc of row[`${c}__cats`]) if (vc[c] !== null) categories.set(vc[c], Number(vc.count));
    features[c] = { kind: 'categorical', count: row[`${c}__count`], missing: row[`${c}__missing`], categories };
  }
  return { rows: row.__rows, features };
}

/** Profile one file; `build_s` is the time nodejs-polars takes to build the expression objects. */
async function profile(file, reference, phases, key) {
  const t = performance.now();
  const { lf, num, cat } = profileQuery(file, reference);
  phases[`${key}_build_s`] = (performance.now() - t) / 1000;
  const df = await lf.collect();
  return toProfile(df.toRecords()[0], num, cat, reference);
}

const phases = {};
const t0 = performance.now();
const train = await profile(trainPath, undefined, phases, 'train');
writeProfile(path.join(outDir, 'polars-train.json'), train);
const t1 = performance.now();
const serve = await profile(servePath, train, phases, 'serve');
writeProfile(path.join(outDir, 'polars-serve.json'), serve);
const t2 = performance.now();
const drift = skew(train, serve);
const t3 = performance.now();
report(`polars, ${process.env.POLARS_MAX_THREADS ?? 'all'} threads`, { train_s: (t1 - t0) / 1000, serve_s: (t2 - t1) / 1000, skew_s: (t3 - t2) / 1000, ...phases }, train, serve, drift);
