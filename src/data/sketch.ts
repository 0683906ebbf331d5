/**
 * A log-bucket quantile sketch on a fixed grid (DDSketch: Masson, Rim & Lee, "DDSketch: a fast and
 * fully-mergeable quantile sketch with relative-error guarantees", VLDB 2019; our own small
 * implementation). A finite value x with |x| >= MIN_MAGNITUDE falls in cell floor(ln|x| / ln gamma)
 * of its sign, gamma = (1 + a) / (1 - a), so a cell spans [gamma^i, gamma^(i+1)): a relative width
 * of about 2a, and any quantile read from it is within relative error a (a = SKETCH_ALPHA = 0.5%).
 * Values with |x| < MIN_MAGNITUDE (and zeros) share one zero cell.
 *
 * The grid does not depend on the data: two sketches made separately, of any data, have the same
 * cell boundaries. Counts per cell are exact, so any comparison on unions of cells is exact on both
 * sides (no re-binning). Nothing is ever collapsed: memory is one counter per cell between the
 * smallest and largest magnitude seen (at most ~ 15,000 cells per sign over the whole double range
 * above MIN_MAGNITUDE; a few hundred to a few thousand for real features).
 */
export const SKETCH_ALPHA = 0.005;
/** Magnitudes below this go to the zero cell (a fixed rule, so the grid stays data-independent). */
export const MIN_MAGNITUDE = 1e-30;
const GAMMA = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);
const LN_GAMMA = Math.log(GAMMA);
const INV_LN_GAMMA = 1 / LN_GAMMA;

/** The cell of a magnitude m >= MIN_MAGNITUDE on the default grid, by its definition (one Math.log). */
export function cellIndexByLog(m: number): number {
  return Math.floor(Math.log(m) * INV_LN_GAMMA);
}

/*
 * The same cell without Math.log. The high 32 bits of a double hold its sign, its biased binary
 * exponent (bits 20-30) and the top 20 bits of its mantissa; the top SLOT_BITS mantissa bits cut each
 * octave [2^e, 2^(e+1)) into equal slots, so `hi >>> (20 - SLOT_BITS)` of a positive double is its
 * slot's number. A slot spans 2^-SLOT_BITS (0.78%) of its octave's start, less than a cell (1% of its
 * low bound), so it holds at most one cell boundary. Per octave, on first use (128 Math.log calls and
 * a 45-step bisection per boundary, ~0.1 ms), a table gives the cell of each slot's first double and
 * the first double of the slot in the next cell (Infinity: none), both found with cellIndexByLog
 * itself: the cell is a table entry plus one comparison, equal to cellIndexByLog for every double
 * (test/data/sketch.test.ts checks boundaries to the last bit). The table is 4 MB of zeroed memory
 * of which only the octaves seen are touched.
 */
const SLOT_BITS = 7;
const SLOTS = 1 << SLOT_BITS;
const SLOT_SHIFT = 20 - SLOT_BITS;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/**
 * Per slot k, two entries side by side (one cache line for both): SLOT[2k] the first double of the
 * slot in the next cell (Infinity: none; 0: the slot's octave is not built yet), SLOT[2k + 1] the cell
 * of the slot's first double.
 */
const SLOT = new Float64Array(2 * 2048 * SLOTS);
const SCRATCH = new Float64Array(1);
const SCRATCH_W = new Uint32Array(SCRATCH.buffer);
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = 1 - HI;
const TWO32 = 2 ** 32;

/** The double with high word `hi` plus `off` ulps (off < 2^(52 - SLOT_BITS)). */
function fromBits(hi: number, off: number): number {
  SCRATCH_W[HI] = hi + Math.floor(off / TWO32);
  SCRATCH_W[LO] = off % TWO32;
  return SCRATCH[0];
}

/** Fill the slot tables of biased exponent `be`. */
function buildOctave(be: number): void {
  const span = 2 ** (52 - SLOT_BITS); // doubles per slot
  for (let s = 0; s < SLOTS; s++) {
    const hi = ((be << 20) | (s << SLOT_SHIFT)) >>> 0;
    const k = (be << SLOT_BITS) | s;
    const c = cellIndexByLog(fromBits(hi, 0));
    SLOT[2 * k + 1] = c;
    const last = cellIndexByLog(fromBits(hi, span - 1));
    if (last === c) {
      SLOT[2 * k] = Number.POSITIVE_INFINITY;
      continue;
    }
    if (last !== c + 1) throw new Error(`sketch: two cell boundaries in one slot (exponent ${be}, slot ${s})`);
    // the first double of the slot in cell c + 1: bisection on its position within the slot
    let a = 0; // in cell c
    let b = span - 1; // in cell c + 1
    while (b - a > 1) {
      const mid = a + Math.floor((b - a) / 2);
      if (cellIndexByLog(fromBits(hi, mid)) === c) a = mid;
      else b = mid;
    }
    SLOT[2 * k] = fromBits(hi, b);
  }
}

/** The cell of a magnitude m >= MIN_MAGNITUDE given the high word of its bits (default grid). */
function cellFromBits(m: number, hi: number): number {
  const k = (hi >>> SLOT_SHIFT) << 1;
  let next = SLOT[k];
  if (next === 0) {
    buildOctave(hi >>> 20);
    next = SLOT[k];
  }
  const c = SLOT[k + 1];
  return (m >= next ? c + 1 : c) | 0;
}

/** The cell index of a magnitude m >= MIN_MAGNITUDE on the grid of `alpha` (SKETCH_ALPHA by default). */
export function cellIndex(m: number, alpha = SKETCH_ALPHA): number {
  if (alpha === SKETCH_ALPHA) {
    SCRATCH[0] = m;
    return cellFromBits(m, SCRATCH_W[HI]);
  }
  return Math.floor(Math.log(m) / Math.log((1 + alpha) / (1 - alpha)));
}

/** Lower boundary gamma^i of cell i. */
export function cellLow(i: number, alpha = SKETCH_ALPHA): number {
  return Math.exp(i * Math.log((1 + alpha) / (1 - alpha)));
}

/** Dense counts for a run of cell indices, growing in both directions (never collapsed). */
class Store {
  counts = new Float64Array(0);
  /** Cell index of counts[0]. */
  offset = 0;
  n = 0;

  add(i: number, c = 1): void {
    let k = i - this.offset;
    if (k < 0 || k >= this.counts.length) {
      this.grow(i);
      k = i - this.offset;
    }
    this.counts[k] += c;
    this.n += c;
  }

  /** Count cell i once (the caller keeps `n`). */
  bump(i: number): void {
    let k = i - this.offset;
    if (k < 0 || k >= this.counts.length) {
      this.grow(i);
      k = i - this.offset;
    }
    this.counts[k]++;
  }

  private grow(i: number): void {
    if (this.counts.length === 0) {
      this.counts = new Float64Array(64);
      this.offset = i - 32;
      return;
    }
    const lo = Math.min(this.offset, i);
    const hi = Math.max(this.offset + this.counts.length - 1, i);
    const size = Math.max(hi - lo + 1 + 32, this.counts.length * 2);
    const start = i < this.offset ? hi - size + 1 : lo;
    const next = new Float64Array(size);
    next.set(this.counts, this.offset - start);
    this.counts = next;
    this.offset = start;
  }

  /** Non-empty cells, ascending index. */
  *entries(): Generator<[number, number]> {
    for (let k = 0; k < this.counts.length; k++) if (this.counts[k] > 0) yield [this.offset + k, this.counts[k]];
  }

  /** First and last non-empty index with the counts between them (dense), or null when empty. */
  dense(): { offset: number; counts: number[] } | null {
    let a = 0;
    let b = this.counts.length - 1;
    while (a <= b && this.counts[a] === 0) a++;
    while (b >= a && this.counts[b] === 0) b--;
    if (a > b) return null;
    return { offset: this.offset + a, counts: Array.from(this.counts.subarray(a, b + 1)) };
  }
}

/** One non-empty cell on the real line: values in [lo, hi) (negatives mirrored: (lo, hi]). */
export interface Cell {
  /** Position on the grid, ordered like the values: negative cells first, then zero, then positive. */
  key: number;
  lo: number;
  hi: number;
  count: number;
  /** A representative value (relative error <= alpha from any value in the cell). */
  value: number;
}

/** The serialised form (snapshot schema v2): dense counts from an offset, per sign, and the zero cell. */
export interface SketchData {
  alpha: number;
  zero: number;
  positive?: { offset: number; counts: number[] };
  negative?: { offset: number; counts: number[] };
}

/**
 * Order key of a cell: negative cells (index i) map below zero, the zero cell to 0, positive cells
 * above; a larger key is a larger value. Indices are shifted by a constant far above any reachable
 * index (|i| < 2e5 for doubles).
 */
const KEY_SHIFT = 1e6;
export const ZERO_KEY = 0;
export const posKey = (i: number) => KEY_SHIFT + i;
export const negKey = (i: number) => -(KEY_SHIFT + i);

/** Running moments of the finite values of a column (LogSketch.addManyMoments updates them). */
export interface Moments {
  finite: number;
  mean: number;
  m2: number;
  min: number;
  max: number;
  /** Values equal to 0 (both zeros). */
  zeros: number;
}

export class LogSketch {
  private pos = new Store();
  private neg = new Store();
  zeros = 0;
  /** The 32-bit view of the last array given to addMany (the caller's scratch: made once). */
  private wordsOf: Float64Array | null = null;
  private words: Uint32Array = new Uint32Array(0);

  constructor(readonly alpha = SKETCH_ALPHA) {}

  /** Add a finite value (c times). */
  add(x: number, c = 1): void {
    if (x >= MIN_MAGNITUDE) this.pos.add(cellIndex(x, this.alpha), c);
    else if (x <= -MIN_MAGNITUDE) this.neg.add(cellIndex(-x, this.alpha), c);
    else this.zeros += c;
  }

  /**
   * Add xs[0, n) (finite values), each once: the same cells as add() one by one, each found from the
   * high word of the value's bits (cellFromBits) read through a 32-bit view of xs, stores in locals.
   */
  addMany(xs: Float64Array, n: number): void {
    if (this.alpha !== SKETCH_ALPHA) {
      for (let j = 0; j < n; j++) this.add(xs[j]);
      return;
    }
    const pos = this.pos;
    const neg = this.neg;
    if (!LITTLE_ENDIAN) {
      for (let j = 0; j < n; j++) this.add(xs[j]);
      return;
    }
    // the high word of each value's bits (sign, exponent, top mantissa bits): its cell without Math.log
    if (this.wordsOf !== xs) {
      this.wordsOf = xs;
      this.words = new Uint32Array(xs.buffer, xs.byteOffset, 2 * xs.length);
    }
    const words = this.words;
    let np = 0;
    let nn = 0;
    let z = 0;
    for (let j = 0; j < n; j++) {
      const x = xs[j];
      if (x >= MIN_MAGNITUDE) {
        pos.bump(cellFromBits(x, words[2 * j + 1]));
        np++;
      } else if (x <= -MIN_MAGNITUDE) {
        neg.bump(cellFromBits(-x, words[2 * j + 1] & 0x7fffffff));
        nn++;
      } else z++;
    }
    pos.n += np;
    neg.n += nn;
    this.zeros += z;
  }

  /**
   * addMany(xs, n), and in the same pass the running moments of the same values into `m` (Welford's
   * update, min, max and exact zeros, value by value in order: the same arithmetic as a loop of its
   * own, so the same doubles). One loop lets the moments' chain of divisions run beside the cell
   * lookups instead of before them.
   */
  addManyMoments(xs: Float64Array, n: number, m: Moments): void {
    let count = m.finite;
    let mean = m.mean;
    let m2 = m.m2;
    let min = m.min;
    let max = m.max;
    let zeros = 0;
    if (this.alpha !== SKETCH_ALPHA || !LITTLE_ENDIAN) {
      for (let j = 0; j < n; j++) {
        const v = xs[j];
        count++;
        const d = v - mean;
        mean += d / count;
        m2 += d * (v - mean);
        if (v < min) min = v;
        if (v > max) max = v;
        if (v === 0) zeros++;
      }
      this.addMany(xs, n);
    } else {
      const pos = this.pos;
      const neg = this.neg;
      if (this.wordsOf !== xs) {
        this.wordsOf = xs;
        this.words = new Uint32Array(xs.buffer, xs.byteOffset, 2 * xs.length);
      }
      const words = this.words;
      let np = 0;
      let nn = 0;
      let z = 0;
      for (let j = 0; j < n; j++) {
        const v = xs[j];
        count++;
        const d = v - mean;
        mean += d / count;
        m2 += d * (v - mean);
        if (v < min) min = v;
        if (v > max) max = v;
        if (v === 0) zeros++;
        if (v >= MIN_MAGNITUDE) {
          pos.bump(cellFromBits(v, words[2 * j + 1]));
          np++;
        } else if (v <= -MIN_MAGNITUDE) {
          neg.bump(cellFromBits(-v, words[2 * j + 1] & 0x7fffffff));
          nn++;
        } else z++;
      }
      pos.n += np;
      neg.n += nn;
      this.zeros += z;
    }
    m.finite = count;
    m.mean = mean;
    m.m2 = m2;
    m.min = min;
    m.max = max;
    m.zeros += zeros;
  }

  get count(): number {
    return this.pos.n + this.neg.n + this.zeros;
  }

  merge(other: LogSketch): void {
    if (other.alpha !== this.alpha) throw new RangeError(`cannot merge sketches of alpha ${this.alpha} and ${other.alpha}`);
    for (const [i, c] of other.pos.entries()) this.pos.add(i, c);
    for (const [i, c] of other.neg.entries()) this.neg.add(i, c);
    this.zeros += other.zeros;
  }

  toJSON(): SketchData {
    const d: SketchData = { alpha: this.alpha, zero: this.zeros };
    const p = this.pos.dense();
    const n = this.neg.dense();
    if (p) d.positive = p;
    if (n) d.negative = n;
    return d;
  }

  static fromJSON(d: SketchData): LogSketch {
    const s = new LogSketch(d.alpha);
    s.zeros = d.zero;
    d.positive?.counts.forEach((c, k) => c > 0 && s.pos.add(d.positive!.offset + k, c));
    d.negative?.counts.forEach((c, k) => c > 0 && s.neg.add(d.negative!.offset + k, c));
    return s;
  }

  /** Cells in ascending order of value. */
  cells(): Cell[] {
    const out: Cell[] = [];
    const lnG = Math.log((1 + this.alpha) / (1 - this.alpha));
    const est = 2 / (1 + Math.exp(lnG));
    // the top cell of a sign reaches past the largest double: its outer bound and value are clamped
    // to +-Number.MAX_VALUE so every bound is finite (JSON has no Infinity)
    const M = Number.MAX_VALUE;
    for (const [i, c] of [...this.neg.entries()].reverse()) {
      const lo = -Math.exp((i + 1) * lnG);
      out.push({ key: negKey(i), lo: Math.max(lo, -M), hi: -Math.exp(i * lnG), count: c, value: Math.max(lo * est, -M) });
    }
    if (this.zeros > 0) out.push({ key: ZERO_KEY, lo: -MIN_MAGNITUDE, hi: MIN_MAGNITUDE, count: this.zeros, value: 0 });
    for (const [i, c] of this.pos.entries()) {
      const hi = Math.exp((i + 1) * lnG);
      out.push({ key: posKey(i), lo: Math.exp(i * lnG), hi: Math.min(hi, M), count: c, value: Math.min(hi * est, M) });
    }
    return out;
  }

  /**
   * Quantile q in [0, 1] with numpy's default (linear) position q (n - 1), read from the cell holding
   * that rank and clamped to [min, max] when given.
   */
  quantile(q: number, min?: number, max?: number): number {
    return this.quantiles([q], min, max)[0];
  }

  /** Several quantiles (ascending q) from one walk over the cells. */
  quantiles(qs: readonly number[], min?: number, max?: number, cells: Cell[] = this.cells()): number[] {
    const n = this.count;
    if (n === 0) return qs.map(() => Number.NaN);
    let acc = 0;
    let k = 0;
    return qs.map((q) => {
      const rank = q * (n - 1);
      while (k < cells.length && acc + cells[k].count <= rank) acc += cells[k++].count;
      let v = k < cells.length ? cells[k].value : (max ?? Number.NaN);
      if (min !== undefined && v < min) v = min;
      if (max !== undefined && v > max) v = max;
      return v;
    });
  }
}

/**
 * Histogram edges from a sketch: about `bins` bins of equal mass, every inner edge on a cell
 * boundary (so the counts are exact), the first edge at `min` and the last at `max` (the last bin is
 * closed). A constant column gets one bin [v, v + max(|v|, 1) * 1e-9] (see below near the largest
 * double). Every edge is finite.
 */
export function sketchHistogram(
  sketch: LogSketch,
  bins: number,
  min: number,
  max: number,
  cells: Cell[] = sketch.cells(),
): { edges: number[]; counts: number[] } {
  const n = sketch.count;
  if (n === 0 || cells.length === 0) return { edges: [], counts: [] };
  if (!(max > min)) {
    // a constant column: one bin [v, v + max(|v|, 1) * 1e-9], its top clamped to the largest double;
    // at the largest double itself (nothing above it) the bin is [v - |v| * 1e-9, v], closed
    const w = Math.max(Math.abs(min), 1) * 1e-9;
    const top = Math.min(min + w, Number.MAX_VALUE);
    return { edges: top > min ? [min, top] : [min - w, min], counts: [n] };
  }
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
