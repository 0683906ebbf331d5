// Shared by the JavaScript competitors of the data benchmark (polars.mjs, duckdb.mjs): the profile
// layout they fill, the skew step on two profiles, and the result line the runner reads. pandas
// (reference.py) does the same in Python. Every competitor profiles the same things ours does:
// per column the row count, missing count, and for numeric columns mean, std, min, max, quantiles
// 1/5/25/50/75/95/99% and a 20-bin histogram; for text columns the count of every category. The
// serving profile uses the training bin edges (plus underflow and overflow) and categories; skew is
// JS divergence (log2) per numeric feature and L-infinity per categorical one, at our default
// thresholds (0.01 and 0.1).
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BINS = 20;
export const QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];
export const JS_THRESHOLD = 0.01;
export const LINF_THRESHOLD = 0.1;

const here = path.dirname(fileURLToPath(import.meta.url));
/** require() from the throwaway prefix the runner installs into (bench/.deps), never from the project. */
export function requireDep(name) {
  const deps = process.env.BENCH_DEPS ?? path.resolve(here, '../.deps');
  return createRequire(path.join(deps, 'node_modules', '_.js'))(name);
}

/** Equal-width edges over [lo, hi] (the last one exactly hi), as numpy.histogram_bin_edges(bins=20) makes them. */
export function equalWidthEdges(lo, hi) {
  if (!(hi > lo)) return Array.from({ length: BINS + 1 }, (_, i) => lo - 0.5 + i / BINS);
  return Array.from({ length: BINS + 1 }, (_, i) => (i === BINS ? hi : lo + ((hi - lo) * i) / BINS));
}

/** Jensen-Shannon divergence, log2, of two count vectors (each normalised by its own total). */
export function jsDivergence(a, b) {
  const sa = a.reduce((s, v) => s + v, 0);
  const sb = b.reduce((s, v) => s + v, 0);
  if (sa === 0 || sb === 0) return NaN;
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    const p = a[i] / sa;
    const q = b[i] / sb;
    const m = (p + q) / 2;
    if (p > 0) d += 0.5 * p * Math.log2(p / m);
    if (q > 0) d += 0.5 * q * Math.log2(q / m);
  }
  return Math.max(0, d);
}

/** L-infinity distance of two category -> count maps, each normalised by its own total. */
export function linf(a, b) {
  const sa = [...a.values()].reduce((s, v) => s + v, 0);
  const sb = [...b.values()].reduce((s, v) => s + v, 0);
  let d = 0;
  for (const k of new Set([...a.keys(), ...b.keys()])) d = Math.max(d, Math.abs((a.get(k) ?? 0) / sa - (b.get(k) ?? 0) / sb));
  return d;
}

/**
 * Skew per feature of two profiles: { name: { method, statistic, drifted } }. Numeric profiles hold
 * `counts` as [underflow, bin 1..20, overflow]; categorical ones a `categories` Map.
 */
export function skew(train, serve) {
  const out = {};
  for (const [name, t] of Object.entries(train.features)) {
    const s = serve.features[name];
    if (t.kind === 'numeric') {
      const v = jsDivergence(t.counts, s.counts);
      out[name] = { method: 'js', statistic: v, drifted: v > JS_THRESHOLD };
    } else {
      const v = linf(t.categories, s.categories);
      out[name] = { method: 'linf', statistic: v, drifted: v > LINF_THRESHOLD };
    }
  }
  return out;
}

/** Write a profile as JSON (Maps as objects), as every competitor does with its result. */
export function writeProfile(file, profile) {
  writeFileSync(file, JSON.stringify(profile, (_, v) => (v instanceof Map ? Object.fromEntries(v) : v)));
}

/** The one JSON line on stdout the runner reads. */
export function report(impl, phases, train, serve, drift) {
  const drifted = Object.keys(drift).filter((k) => drift[k].drifted);
  const stats = Object.fromEntries(Object.entries(drift).map(([k, v]) => [k, v.statistic]));
  process.stdout.write(`${JSON.stringify({ impl, phases, rows: { train: train.rows, serve: serve.rows }, drifted, stats })}\n`);
}
