/**
 * A log-bucket quantile sketch (the DDSketch idea, our own small implementation): a finite value x
 * != 0 falls in bucket floor(ln|x| / ln gamma) of its sign, gamma = (1 + a) / (1 - a), so every
 * bucket spans a relative width of about 2a and any quantile is known within relative error a
 * (a = 1%). Zeros are counted apart. Memory is bounded: each sign keeps at most MAX_BUCKETS
 * buckets; beyond that the smallest magnitudes are collapsed into one bucket (only reachable with
 * values spread over ~18 orders of magnitude). Sketches with the same gamma merge by adding counts.
 *
 * Counts per bucket are exact, so histogram edges snapped to bucket boundaries get exact counts.
 */
export const SKETCH_ALPHA = 0.01;
const GAMMA = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);
const LN_GAMMA = Math.log(GAMMA);
const INV_LN_GAMMA = 1 / LN_GAMMA;
export const MAX_BUCKETS = 2048;

/** Dense counts for a run of bucket indices, growing in both directions, capped at MAX_BUCKETS. */
class Store {
  counts = new Float64Array(0);
  /** Bucket index of counts[0]. */
  offset = 0;
  /** Number of values stored. */
  n = 0;
  /** Buckets below this index were collapsed into it. */
  collapsedBelow = -Infinity;

  add(i: number, c = 1): void {
    let k = i - this.offset;
    if (k < 0 && this.collapsedBelow === this.offset)
      k = 0; // below an already collapsed bottom bucket
    else if (k < 0 || k >= this.counts.length) {
      this.grow(i);
      k = Math.max(i, this.offset) - this.offset;
    }
    this.counts[k] += c;
    this.n += c;
  }

  private grow(i: number): void {
    if (this.counts.length === 0) {
      this.counts = new Float64Array(64);
      this.offset = i - 32;
      return;
    }
    const curLo = this.offset;
    const lo = Math.min(curLo, i);
    const hi = Math.max(curLo + this.counts.length - 1, i);
    const size = Math.min(MAX_BUCKETS, Math.max(hi - lo + 1 + 32, this.counts.length * 2));
    // slack on the side we grew towards; collapse the lowest indices when the span exceeds the cap
    let start = i < curLo ? hi - size + 1 : lo;
    if (hi - start + 1 > size) start = hi - size + 1;
    if (start > lo) this.collapsedBelow = Math.max(this.collapsedBelow, start);
    const next = new Float64Array(size);
    for (let k = 0; k < this.counts.length; k++) {
      const c = this.counts[k];
      if (c !== 0) next[Math.max(this.offset + k, start) - start] += c;
    }
    this.counts = next;
    this.offset = start;
  }

  /** Non-empty buckets, ascending index. */
  *entries(): Generator<[number, number]> {
    for (let k = 0; k < this.counts.length; k++) if (this.counts[k] > 0) yield [this.offset + k, this.counts[k]];
  }
}

/** One non-empty cell of the sketch on the real line: values in [lo, hi) (negatives mirrored). */
export interface Cell {
  lo: number;
  hi: number;
  count: number;
  /** A representative value (relative error <= alpha). */
  value: number;
}

export class LogSketch {
  private pos = new Store();
  private neg = new Store();
  zeros = 0;

  /** Add a finite value. */
  add(x: number): void {
    if (x > 0) this.pos.add(Math.floor(Math.log(x) * INV_LN_GAMMA));
    else if (x < 0) this.neg.add(Math.floor(Math.log(-x) * INV_LN_GAMMA));
    else this.zeros++;
  }

  get count(): number {
    return this.pos.n + this.neg.n + this.zeros;
  }

  merge(other: LogSketch): void {
    for (const [i, c] of other.pos.entries()) this.pos.add(i, c);
    for (const [i, c] of other.neg.entries()) this.neg.add(i, c);
    this.zeros += other.zeros;
  }

  /** Cells in ascending order of value. */
  cells(): Cell[] {
    const out: Cell[] = [];
    const negs = [...this.neg.entries()].reverse();
    const est = 2 / (1 + GAMMA);
    for (const [i, c] of negs) {
      const lo = -Math.exp((i + 1) * LN_GAMMA);
      out.push({ lo, hi: i <= this.neg.collapsedBelow ? 0 : -Math.exp(i * LN_GAMMA), count: c, value: lo * est });
    }
    if (this.zeros > 0) out.push({ lo: 0, hi: 0, count: this.zeros, value: 0 });
    for (const [i, c] of this.pos.entries()) {
      const hi = Math.exp((i + 1) * LN_GAMMA);
      // a collapsed bucket holds every smaller magnitude too
      out.push({ lo: i <= this.pos.collapsedBelow ? Number.MIN_VALUE : Math.exp(i * LN_GAMMA), hi, count: c, value: hi * est });
    }
    return out;
  }

  /**
   * Quantile q in [0, 1] with numpy's default (linear) position q (n - 1), read from the cell holding
   * that rank and clamped to [min, max] when given.
   */
  quantile(q: number, min?: number, max?: number): number {
    const n = this.count;
    if (n === 0) return Number.NaN;
    const rank = q * (n - 1);
    let acc = 0;
    let v = Number.NaN;
    for (const c of this.cells()) {
      acc += c.count;
      if (acc > rank) {
        v = c.value;
        break;
      }
    }
    if (Number.isNaN(v)) v = max ?? Number.NaN;
    if (min !== undefined && v < min) v = min;
    if (max !== undefined && v > max) v = max;
    return v;
  }
}

/**
 * Histogram edges from a sketch: about `bins` bins of equal mass, every inner edge on a cell
 * boundary (so the counts are exact), the first edge at `min` and the last at `max` (the last bin is
 * closed). A constant column gets one bin [v, v + max(|v|, 1) * 1e-9].
 */
export function sketchHistogram(sketch: LogSketch, bins: number, min: number, max: number): { edges: number[]; counts: number[] } {
  const cells = sketch.cells();
  const n = sketch.count;
  if (n === 0 || cells.length === 0) return { edges: [], counts: [] };
  if (!(max > min)) return { edges: [min, min + Math.max(Math.abs(min), 1) * 1e-9], counts: [n] };
  const edges = [min];
  const counts: number[] = [];
  let inBin = 0;
  let acc = 0;
  let target = 1;
  for (let k = 0; k < cells.length; k++) {
    inBin += cells[k].count;
    acc += cells[k].count;
    if (k + 1 >= cells.length) break;
    if (acc >= (target * n) / bins) {
      const b = cells[k + 1].lo;
      if (b > edges[edges.length - 1] && b < max) {
        edges.push(b);
        counts.push(inBin);
        inBin = 0;
      }
      while (target < bins && acc >= (target * n) / bins) target++;
    }
  }
  edges.push(max);
  counts.push(inBin);
  return { edges, counts };
}
