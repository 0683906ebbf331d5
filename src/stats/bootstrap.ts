/**
 * Seeded percentile bootstrap. A resample is a vector of row multiplicities (counts), drawn with
 * replacement within strata (e.g. the label, so every resample keeps both classes), so one resample
 * can be applied to several models scored on the same rows (paired bootstrap).
 */
import { median, quantileSorted } from './descriptive.js';
import { Rng } from './rng.js';

export { quantileSorted };

export interface BootstrapOptions {
  resamples: number;
  seed: number;
  /** Rows grouped by stratum (each array: row indices); null = one stratum of all rows. */
  strata?: Int32Array[] | null;
}

/** Draw one resample into `counts` (length n): each stratum keeps its size. */
export function drawCounts(rng: Rng, counts: Int32Array, strata: Int32Array[] | null): void {
  counts.fill(0);
  const n = counts.length;
  if (!strata) {
    for (let t = 0; t < n; t++) counts[rng.int(n)]++;
    return;
  }
  for (const rows of strata) {
    const m = rows.length;
    for (let t = 0; t < m; t++) counts[rows[rng.int(m)]]++;
  }
}

/** Row indices per stratum code (codes 0..k-1; negative codes are left out). */
export function strataOf(codes: ArrayLike<number>, k: number): Int32Array[] {
  const sizes = new Int32Array(k);
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) sizes[codes[i]]++;
  const out = Array.from(sizes, (s) => new Int32Array(s));
  const fill = new Int32Array(k);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c >= 0) out[c][fill[c]++] = i;
  }
  return out.filter((a) => a.length > 0);
}

/**
 * Run `statistic` on `resamples` resamples; it returns K values per resample (NaN = undefined) into
 * the array it is given. Returns K arrays of length `resamples`.
 */
export function bootstrap(
  n: number,
  k: number,
  opts: BootstrapOptions,
  statistic: (counts: Int32Array, out: Float64Array) => void,
): Float64Array[] {
  const rng = new Rng(opts.seed);
  const counts = new Int32Array(n);
  const out = new Float64Array(k);
  const samples = Array.from({ length: k }, () => new Float64Array(opts.resamples));
  for (let b = 0; b < opts.resamples; b++) {
    drawCounts(rng, counts, opts.strata ?? null);
    out.fill(NaN);
    statistic(counts, out);
    for (let j = 0; j < k; j++) samples[j][b] = out[j];
  }
  return samples;
}

/** Share of resamples that must give a defined value for an interval to be reported. */
export const MIN_DEFINED_SHARE = 0.99;

export interface PercentileInterval {
  lo: number;
  hi: number;
  /** Resamples where the statistic was defined. */
  defined: number;
}

/**
 * Percentile interval [q(a/2), q(1 - a/2)] of the defined resampled values; null when fewer than
 * MIN_DEFINED_SHARE of them are defined (the metric is too often undefined to bound).
 */
export function percentileInterval(samples: Float64Array, confidence: number): PercentileInterval | null {
  const vals = samples.filter((v) => !Number.isNaN(v));
  if (vals.length === 0 || vals.length < MIN_DEFINED_SHARE * samples.length) return null;
  vals.sort();
  const a = (1 - confidence) / 2;
  return { lo: quantileSorted(vals, a), hi: quantileSorted(vals, 1 - a), defined: vals.length };
}

export interface RatioInterval {
  /** median(head) / median(base) on the data. */
  ratio: number;
  lo: number;
  hi: number;
  resamples: number;
  confidence: number;
}

/**
 * Percentile bootstrap of median(head) / median(base): each sample is resampled independently with
 * replacement. Resamples with a zero base median are dropped; NaN ratio when the data's base median is 0.
 */
export function bootstrapMedianRatio(
  base: readonly number[],
  head: readonly number[],
  opts: { resamples: number; confidence: number; seed: number },
): RatioInterval {
  const mb = median(base);
  const mh = median(head);
  const ratio = mb === 0 ? Number.NaN : mh / mb;
  const rng = new Rng(opts.seed);
  const ratios: number[] = [];
  const bs = new Array<number>(base.length);
  const hs = new Array<number>(head.length);
  for (let r = 0; r < opts.resamples; r++) {
    for (let i = 0; i < base.length; i++) bs[i] = base[rng.int(base.length)];
    for (let i = 0; i < head.length; i++) hs[i] = head[rng.int(head.length)];
    const b = median(bs);
    if (b !== 0) ratios.push(median(hs) / b);
  }
  ratios.sort((a, b) => a - b);
  const alpha = 1 - opts.confidence;
  return {
    ratio,
    lo: quantileSorted(ratios, alpha / 2),
    hi: quantileSorted(ratios, 1 - alpha / 2),
    resamples: opts.resamples,
    confidence: opts.confidence,
  };
}
