/**
 * Streaming profiler: one pass over rows, memory bounded per column (Welford moments, a DDSketch on a
 * fixed grid for quantiles, histogram edges and comparisons, exact counts of the distinct values
 * while there are at most `maxExact` of them, a capped map of categories), whatever the row count.
 * The accumulation of one column is the ColumnProfiler class: a faster reader can feed it and keep
 * the results identical.
 *
 * Cells: null (empty cell, JSON null) is missing. "NaN"/"nan" is a NaN value and "inf", "Infinity"
 * (optionally signed) an infinity: present, numeric, counted apart and kept out of the moments and
 * the histogram. A column whose present values are mostly numbers is int (all integers written
 * without a decimal point or exponent, no NaN/infinity) or float; otherwise string, or bool when
 * every value is true/false. A column mixing numbers and text records `mixed` with examples.
 *
 * With a reference snapshot, numeric features are binned on the reference's edges (values outside go
 * to underflow/overflow) and every reference category is listed, so the two snapshots are comparable.
 */
import path from 'node:path';
import { BATCH_RECORDS, readTableBatches, TEXT_ID_SLOTS, type TableBatch, type TableFormat } from '../evidence/tabular.js';
import { SNAPSHOT_KIND, SNAPSHOT_VERSION, type FeatureSnapshot, type Snapshot } from '../schemas/snapshot.js';
import { CategoryCounts } from './counts.js';
import { LogSketch, sketchHistogram } from './sketch.js';

export const DEFAULT_BINS = 20;
export const DEFAULT_TOP_K = 50;
/** Distinct categories tracked exactly per column; above twice this, the rarest are dropped. */
export const DEFAULT_MAX_CATEGORIES = 10_000;
/** Distinct numeric values counted exactly per column (more: the sketch alone). */
export const DEFAULT_MAX_EXACT = 1000;
export const QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

export interface ProfileOptions {
  /** Reuse this snapshot's bin edges and categories. */
  reference?: Snapshot;
  /** Reference file name, recorded in the snapshot. */
  referenceName?: string;
  bins?: number;
  topK?: number;
  maxCategories?: number;
  /** Distinct numeric values counted exactly (default DEFAULT_MAX_EXACT; 0: none). */
  maxExact?: number;
}

const BOOL = new Set(['true', 'false', 'True', 'False', 'TRUE', 'FALSE']);

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Set by parseNumber: the text was an integer literal (no decimal point, no exponent). */
let integerText = false;

/**
 * Parse a cell as a number: a finite number, NaN or +/-Infinity; undefined when it is text.
 * Plain decimals ([-]digits[.digits], up to 15 significant digits) take an exact fast path: the
 * integer mantissa and 10^k are exact doubles, so one division is correctly rounded, the same value
 * as Number(s). Everything else goes through Number(s).
 */
export function parseNumber(s: string): number | undefined {
  const c = s.charCodeAt(0);
  // digits, '-', '+', '.': numbers; Number('') and whitespace-only never reach here as numbers
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
    const n = s.length;
    let i = c === 45 ? 1 : 0;
    let m = 0;
    let digits = 0;
    let frac = -1;
    for (; i < n; i++) {
      const d = s.charCodeAt(i);
      if (d >= 48 && d <= 57) {
        m = m * 10 + (d - 48);
        digits++;
        if (frac >= 0) frac++;
      } else if (d === 46 && frac < 0) frac = 0;
      else break;
    }
    if (i === n && digits > 0 && digits <= 15) {
      integerText = frac < 0;
      const v = frac > 0 ? m / POW10[frac] : m;
      return c === 45 ? -v : v;
    }
    const v = +s;
    if (v === v) {
      if (c === 48 && s.length > 2) {
        const c1 = s.charCodeAt(1) | 32;
        if (c1 === 120 || c1 === 98 || c1 === 111) return undefined; // 0x.., 0b.., 0o.. are text, as in pandas
      }
      integerText = !hasDotOrExp(s);
      return v;
    }
  }
  integerText = false;
  // only N/n (NaN), I/i (inf), + and - can still start a non-finite token
  if (c !== 78 && c !== 110 && c !== 73 && c !== 105 && c !== 43 && c !== 45) return undefined;
  switch (s) {
    case 'NaN':
    case 'nan':
    case 'NAN':
      return Number.NaN;
    case 'inf':
    case 'Inf':
    case 'Infinity':
    case '+inf':
    case '+Infinity':
      return Number.POSITIVE_INFINITY;
    case '-inf':
    case '-Inf':
    case '-Infinity':
      return Number.NEGATIVE_INFINITY;
  }
  return undefined;
}

function hasDotOrExp(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 || c === 101 || c === 69) return true;
  }
  return false;
}

export class ColumnProfiler {
  present = 0;
  missing = 0;
  // numeric part
  numeric = 0;
  intLike = true;
  finite = 0;
  mean = 0;
  m2 = 0;
  min = Infinity;
  max = -Infinity;
  nan = 0;
  inf = 0;
  zeros = 0;
  readonly sketch = new LogSketch();
  /** Count per distinct finite value, until more than maxExact distinct values are seen (then null). */
  exact: Map<number, number> | null;
  // reference binning
  protected readonly edges: Float64Array | null;
  protected readonly binCounts: Float64Array | null;
  underflow = 0;
  overflow = 0;
  // text part
  other = 0;
  /** Counts per text value, boxed so an existing value costs one lookup. */
  readonly cats = new Map<string, { n: number }>();
  protected readonly pinned: Set<string>;
  prunedCount = 0;
  maxDistinctSeen = 0;
  approximate = false;
  otherExamples: string[] = [];
  numericExamples: string[] = [];
  firstOtherLine = 0;
  firstNumericLine = 0;

  constructor(
    readonly name: string,
    protected readonly maxCategories: number,
    refEdges?: readonly number[],
    refCategories?: readonly string[],
    protected readonly maxExact = DEFAULT_MAX_EXACT,
  ) {
    this.exact = maxExact > 0 ? new Map() : null;
    this.edges = refEdges && refEdges.length >= 2 ? Float64Array.from(refEdges) : null;
    this.binCounts = this.edges ? new Float64Array(this.edges.length - 1) : null;
    this.pinned = new Set(refCategories ?? []);
  }

  add(s: string | null, line: number): void {
    if (s === null) {
      this.missing++;
      return;
    }
    this.present++;
    const v = parseNumber(s);
    if (v === undefined) {
      this.addText(s, line);
      return;
    }
    this.numeric++;
    if (this.firstNumericLine === 0) this.firstNumericLine = line;
    if (this.numericExamples.length < 3) this.numericExamples.push(s);
    if (v !== v) {
      this.nan++;
      this.intLike = false;
      return;
    }
    if (v === Infinity || v === -Infinity) {
      this.inf++;
      this.intLike = false;
      return;
    }
    if (this.intLike && !(integerText && Number.isInteger(v))) this.intLike = false;
    const n = ++this.finite;
    const d = v - this.mean;
    this.mean += d / n;
    this.m2 += d * (v - this.mean);
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (v === 0) this.zeros++;
    this.sketch.add(v);
    const ex = this.exact;
    if (ex !== null) {
      const c = ex.get(v);
      if (c !== undefined) ex.set(v, c + 1);
      else if (ex.size < this.maxExact)
        ex.set(v === 0 ? 0 : v, 1); // -0 and 0 are one value
      else this.exact = null;
    }
    if (this.edges !== null) this.binOne(v);
  }

  /** One value into the reference's bins by binary search (the batch path's fallback when the edges are not sorted). */
  protected binOne(v: number): void {
    const e = this.edges!;
    const last = e.length - 1;
    if (v < e[0]) this.underflow++;
    else if (v > e[last]) this.overflow++;
    else if (v === e[last]) this.binCounts![last - 1]++;
    else {
      let lo = 0;
      let hi = last;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (e[mid] <= v) lo = mid;
        else hi = mid;
      }
      this.binCounts![lo]++;
    }
  }

  private addText(s: string, line: number): void {
    this.other++;
    if (this.firstOtherLine === 0) this.firstOtherLine = line;
    if (this.otherExamples.length < 3 && !this.otherExamples.includes(s)) this.otherExamples.push(s);
    const cats = this.cats;
    const c = cats.get(s);
    if (c !== undefined) {
      c.n++;
      return;
    }
    cats.set(s, { n: 1 });
    if (cats.size > this.maxDistinctSeen) this.maxDistinctSeen = cats.size;
    if (cats.size > 2 * this.maxCategories) this.prune();
  }

  /** Keep the most frequent maxCategories values (and every reference category); count the rest as other. */
  private prune(): void {
    const entries = [...this.cats.entries()].sort((a, b) => b[1].n - a[1].n);
    this.cats.clear();
    let kept = 0;
    for (const [k, c] of entries) {
      if (kept < this.maxCategories || this.pinned.has(k)) {
        this.cats.set(k, c);
        kept++;
      } else this.prunedCount += c.n;
    }
    this.approximate = true;
  }

  /** Text values with their counts, in the order the counts were first made (or the last prune left). */
  protected catEntries(): Array<[string, number]> {
    return [...this.cats.entries()].map(([k, c]) => [k, c.n]);
  }

  /** The distinct finite values, ascending, with their counts (null: more than maxExact of them). */
  protected exactCounts(): { values: number[]; counts: number[] } | null {
    const ex = this.exact;
    if (!ex) return null;
    const values = [...ex.keys()].sort((a, b) => a - b);
    return { values, counts: values.map((v) => ex.get(v)!) };
  }

  /** Distinct text values held. */
  protected catSize(): number {
    return this.cats.size;
  }

  /** The majority kind decides the type. */
  get type(): FeatureSnapshot['type'] {
    if (this.numeric > 0 && this.numeric >= this.other) return this.intLike ? 'int' : 'float';
    if (this.other > 0 && this.numeric === 0 && this.catEntries().every(([k]) => BOOL.has(k)) && !this.approximate) return 'bool';
    return 'string';
  }

  finish(bins: number, topK: number, refCategories?: readonly string[]): FeatureSnapshot {
    const type = this.type;
    const f: FeatureSnapshot = { name: this.name, type, count: this.present, missing: this.missing };
    if (this.numeric > 0 && this.other > 0) {
      const numericWins = type === 'int' || type === 'float';
      f.mixed = {
        numeric: this.numeric,
        other: this.other,
        examples: numericWins ? this.otherExamples.slice(0, 3) : this.numericExamples.slice(0, 3),
        line: numericWins ? this.firstOtherLine || undefined : this.firstNumericLine || undefined,
      };
    }
    if (type === 'int' || type === 'float') {
      const has = this.finite > 0;
      f.numeric = {
        min: has ? this.min : null,
        max: has ? this.max : null,
        mean: has ? this.mean : null,
        std: has ? Math.sqrt(this.m2 / this.finite) : null,
        nan: this.nan,
        infinity: this.inf,
        zeros: this.zeros,
      };
      if (has) {
        const cells = this.sketch.cells();
        const qs = this.sketch.quantiles(QUANTILES, this.min, this.max, cells);
        f.numeric.quantiles = Object.fromEntries(QUANTILES.map((q, i) => [String(q), qs[i]]));
        // exact counts make the sketch redundant (comparisons rebuild its cells from the values)
        const exact = this.exactCounts();
        if (exact) f.numeric.exact = exact;
        else f.numeric.sketch = this.sketch.toJSON();
        if (this.edges) {
          f.numeric.histogram = {
            edges: [...this.edges],
            counts: [...this.binCounts!],
            underflow: this.underflow,
            overflow: this.overflow,
          };
        } else {
          const h = sketchHistogram(this.sketch, bins, this.min, this.max, cells);
          f.numeric.histogram = { edges: h.edges, counts: h.counts };
        }
      }
      return f;
    }
    // categorical: every counted text value; numbers in a mostly-text column are counted as "other"
    const listed = new Map<string, number>();
    const entries = this.catEntries();
    const held = new Map(entries);
    const sorted = entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const k of refCategories ?? []) listed.set(k, held.get(k) ?? 0);
    let added = 0;
    for (const [k, c] of sorted) {
      if (added >= topK) break;
      if (listed.has(k)) continue;
      listed.set(k, c);
      added++;
    }
    let listedTotal = 0;
    for (const c of listed.values()) listedTotal += c;
    f.categorical = {
      distinct: Math.max(this.maxDistinctSeen, this.catSize()),
      top: [...listed.entries()].map(([value, count]) => ({ value, count })),
      otherCount: this.present - listedTotal,
    };
    if (this.approximate) f.categorical.approximate = true;
    return f;
  }
}

/** Buckets of the guess table of the reference's bins (BatchColumnProfiler.bin). */
const GUESS_BUCKETS = 1024;

/*
 * Binning by the bits of the value (BatchColumnProfiler.binByTable). A double's high word holds its
 * sign, its exponent and the top 20 bits of its mantissa; its top 19 bits without the sign (the
 * exponent and 7 mantissa bits: a slot of 1/128 of an octave) ordered by sign, and every magnitude
 * below SLOT_MIN's slot merged into one slot (with both zeros), give a key that never decreases with
 * the value. So the values of one key form an interval, and where no reference edge has that key
 * their bin (or underflow, overflow) is the same for all of them: the table keeps it per key, learnt
 * from the first value exactly (the binary search), and only values whose key holds an edge are
 * searched each time.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const SLOT_SHIFT = 13;
const KEY_F64 = new Float64Array(1);
const KEY_HI = new Uint32Array(KEY_F64.buffer, LITTLE_ENDIAN ? 4 : 0, 1);
/** One less than the slot of 1e-30: slots up to it (smaller magnitudes) share key 0. */
const SLOT_MIN = ((new Uint32Array(new Float64Array([1e-30]).buffer)[LITTLE_ENDIAN ? 1 : 0] & 0x7fffffff) >>> SLOT_SHIFT) - 1;
/** Keys per table at most (Int16Array entries: 64 KB). */
const MAX_KEYS = 1 << 15;

/** The key of a value from the high word of its bits (the same arithmetic as binByTable's loop). */
function keyOfHigh(w: number): number {
  const sign = w >> 31;
  let d = ((w & 0x7fffffff) >>> SLOT_SHIFT) - SLOT_MIN;
  d &= ~(d >> 31);
  return (d ^ sign) - sign;
}

function keyOf(x: number): number {
  KEY_F64[0] = x;
  return keyOfHigh(KEY_HI[0]);
}

/** Records per block of Profiler.addBatch (all columns of a block fit in a core's cache). */
const BLOCK_RECORDS = 256;

/** First bytes a number (or NaN/infinity) can start with, for parseNumber: digits, + - . N n I i. */
const NUMBER_START = new Uint8Array(256);
for (const c of '0123456789+-.NnIi') NUMBER_START[c.charCodeAt(0)] = 1;

/** buf[s, e) holds no '.', 'e' or 'E' (an integer literal, as parseNumber's integerText). */
function integerBytes(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = buf[i];
    if (c === 46 || c === 101 || c === 69) return false;
  }
  return true;
}

/**
 * Text id (TableBatch.ids) -> CategoryCounts code + 1 in its column (0: not known yet), shared by the
 * columns of a Profiler (an id belongs to one column). Cleared for each new batch object (a new file:
 * new ids) and whenever a column's codes change (CategoryCounts.prune). A known id is counted without
 * looking at its bytes; an unknown one goes through CategoryCounts.addBytes, which learns it.
 */
export class TextIdMap {
  /** Code + 1 per id (allocated with the first batch that has ids). */
  map = new Int32Array(0);
  private batch: TableBatch | null = null;

  /** Forget every id when `b` is not the batch object of the ids learnt so far. */
  use(b: TableBatch): void {
    if (b === this.batch) return;
    this.batch = b;
    if (this.map.length === 0) this.map = new Int32Array(TEXT_ID_SLOTS + 1);
    else this.map.fill(0);
  }
}

/**
 * The column profiler fed by TableBatches (the byte-level path): numbers as the reader parsed them
 * while splitting (parseNumber on the text only for other forms), text values interned by their bytes
 * with counts in a typed array (CategoryCounts), and the numeric accumulators run over each batch's
 * finite values at once: moments, the sketch (addMany), exact counts, and binning on the reference's
 * edges from a bucket table's guess, corrected to the exact bin. Results equal ColumnProfiler.add over the same rows, exactly.
 */
export class BatchColumnProfiler extends ColumnProfiler {
  private readonly counts = new CategoryCounts();
  private exactBatch: ExactCounts | null;
  /**
   * Sorted reference edges (else null: the plain search): per bucket of an even grid of GUESS_BUCKETS
   * over [first edge, last edge], the bin of the bucket's start, a guess that bin() corrects.
   */
  private readonly guess: Int32Array | null = null;
  /** Buckets per unit of value: bucket = floor((v - first edge) * scale). */
  private readonly scale: number = 0;
  /**
   * Finite sorted edges on a little-endian machine, over at most MAX_KEYS keys (else null: the guess):
   * per key + keyOffset (entry 0: every key below the first edge's, the last: above the last edge's)
   * the place of its values in `places` (1 underflow, 2 + i bin i, edges.length + 1 overflow), 0 not
   * known yet, -1 a key holding an edge (searched for each value).
   */
  private readonly table: Int16Array | null = null;
  private readonly keyOffset: number = 0;
  /** Counts per place (see table); added to the bins by settleBins. */
  private readonly places: Float64Array | null = null;
  /** Set by Profiler: the codes of text ids (shared by the columns). */
  textIds: TextIdMap | null = null;
  /** The high words of the scratch array of finite values (a view, made on first use). */
  private words: Uint32Array | null = null;
  private wordsOf: Float64Array | null = null;

  constructor(name: string, maxCategories: number, refEdges?: readonly number[], refCategories?: readonly string[], maxExact?: number) {
    super(name, maxCategories, refEdges, refCategories, maxExact);
    this.exact = null;
    this.exactBatch = this.maxExact > 0 ? new ExactCounts(this.maxExact) : null;
    const e = this.edges;
    if (e !== null) {
      let sorted = true;
      for (let i = 1; i < e.length; i++) if (!(e[i - 1] <= e[i])) sorted = false;
      if (sorted) {
        const last = e.length - 1;
        const guess = new Int32Array(GUESS_BUCKETS);
        this.scale = GUESS_BUCKETS / (e[last] - e[0]);
        let at = 0;
        for (let g = 0; g < GUESS_BUCKETS; g++) {
          const x = e[0] + g / this.scale;
          while (at < last - 1 && e[at + 1] <= x) at++;
          guess[g] = at;
        }
        this.guess = guess;
        let finite = true;
        for (let i = 0; i <= last; i++) if (!Number.isFinite(e[i])) finite = false;
        const lo = keyOf(e[0]);
        const size = keyOf(e[last]) - lo + 3;
        if (finite && LITTLE_ENDIAN && size <= MAX_KEYS && last + 1 < 0x7fff) {
          const table = new Int16Array(size);
          this.keyOffset = 1 - lo;
          table[0] = 1;
          table[size - 1] = last + 2;
          for (let i = 0; i <= last; i++) table[keyOf(e[i]) + this.keyOffset] = -1;
          this.table = table;
          this.places = new Float64Array(last + 3);
        }
      }
    }
  }

  protected override catEntries(): Array<[string, number]> {
    return this.counts.entries();
  }

  protected override catSize(): number {
    return this.counts.size;
  }

  protected override exactCounts(): { values: number[]; counts: number[] } | null {
    return this.exactBatch?.table() ?? null;
  }

  /**
   * Field k of every record of the batch. `fin` is scratch for the batch's finite values (at least
   * BATCH_RECORDS long); `onNumeric` gets each of them, in order.
   */
  addBatch(b: TableBatch, k: number, fin: Float64Array, onNumeric?: (value: number) => void, from = 0, to = b.count): void {
    const { buf, starts, ends, escaped, values, lines, width } = b;
    // text ids: a value seen before in this column is counted by its id's code (cc: the counts)
    const ids = this.textIds !== null ? b.ids : null;
    const idCodes = ids !== null ? this.textIds!.map : null;
    let cc = this.counts.counts;
    let examplesFull = this.otherExamples.length >= 3;
    let other = 0;
    let nf = 0;
    let missing = 0;
    let numeric = 0;
    let intLike = this.intLike;
    // the first three numeric cells are kept as examples, with the first one's line
    let noteNumeric = this.numericExamples.length < 3;
    for (let r = from, o = from * width + k; r < to; r++, o += width) {
      const s = starts[o];
      const e = ends[o];
      if (s === e) {
        missing++;
        continue;
      }
      let v = values[o];
      if (v === v) {
        // parsed by the reader: a plain decimal, exactly Number(text)
        if (intLike && !(Number.isInteger(v) && integerBytes(buf, s, e))) intLike = false;
        numeric++;
        fin[nf++] = v;
        if (noteNumeric) noteNumeric = this.noteNumeric(b.text(r, k)!, lines[r]);
        continue;
      } else if (escaped[o] === 0 && NUMBER_START[buf[s]] === 0) {
        const id = ids !== null ? ids[o] : 0;
        if (id > 0) {
          const c = idCodes![id];
          if (c > 0 && examplesFull) {
            cc[c - 1]++;
            other++;
            continue;
          }
        }
        this.textBytes(buf, s, e, lines[r], id);
        cc = this.counts.counts;
        examplesFull = this.otherExamples.length >= 3;
        continue;
      } else {
        const text = b.text(r, k)!;
        const p = parseNumber(text);
        if (p === undefined) {
          this.textString(text, lines[r]);
          cc = this.counts.counts;
          examplesFull = this.otherExamples.length >= 3;
          continue;
        }
        v = p;
        numeric++;
        if (noteNumeric) noteNumeric = this.noteNumeric(text, lines[r]);
        if (v !== v || v === Infinity || v === -Infinity) {
          if (v !== v) this.nan++;
          else this.inf++;
          intLike = false;
          continue;
        }
        if (intLike && !(integerText && Number.isInteger(v))) intLike = false;
        fin[nf++] = v;
      }
    }
    this.intLike = intLike;
    this.other += other;
    this.missing += missing;
    this.present += to - from - missing;
    this.numeric += numeric;
    if (nf > 0) this.addFinite(fin, nf, onNumeric);
  }

  /** Keep a numeric cell as an example (and its line, for the first); false once there are three. */
  private noteNumeric(text: string, line: number): boolean {
    if (this.firstNumericLine === 0) this.firstNumericLine = line;
    this.numericExamples.push(text);
    return this.numericExamples.length < 3;
  }

  private addFinite(fin: Float64Array, nf: number, onNumeric?: (value: number) => void): void {
    if (this.exactBatch === null) {
      // no exact counts (any more): the moments and the sketch in one pass, then the bins
      this.sketch.addManyMoments(fin, nf, this);
      if (onNumeric) for (let j = 0; j < nf; j++) onNumeric(fin[j]);
      if (this.edges !== null) this.bin(fin, nf);
      return;
    }
    let n = this.finite;
    let mean = this.mean;
    let m2 = this.m2;
    let min = this.min;
    let max = this.max;
    let zeros = 0;
    for (let j = 0; j < nf; j++) {
      const v = fin[j];
      n++;
      const d = v - mean;
      mean += d / n;
      m2 += d * (v - mean);
      if (v < min) min = v;
      if (v > max) max = v;
      if (v === 0) zeros++;
    }
    this.finite = n;
    this.mean = mean;
    this.m2 = m2;
    this.min = min;
    this.max = max;
    this.zeros += zeros;
    if (onNumeric) for (let j = 0; j < nf; j++) onNumeric(fin[j]);
    // while the distinct values are counted exactly, the sketch and the bins wait for their counts
    // (settleExact: the same cells and bins, from one entry per distinct value)
    let rest = fin;
    const exact = this.exactBatch;
    if (exact !== null) {
      const counted = exact.addMany(fin, nf);
      if (counted === nf) return;
      // a value beyond the first maxExact distinct ones: the counts so far, then the rest one by one
      this.settleExact();
      this.exactBatch = null;
      rest = fin.subarray(counted, nf);
      nf -= counted;
    }
    this.sketch.addMany(rest, nf);
    if (this.edges !== null) this.bin(rest, nf);
  }

  /** Add the exact counts not yet in the sketch and the bins (addFinite defers them) to both, once. */
  private settleExact(): void {
    const exact = this.exactBatch;
    if (exact === null || exact.settled) return;
    exact.settled = true;
    const { values, counts } = exact.table();
    for (let i = 0; i < values.length; i++) {
      this.sketch.add(values[i], counts[i]);
      if (this.edges !== null) this.binCount(values[i], counts[i]);
    }
  }

  /** Count a value c times into the bins, underflow or overflow (by placeOf: binOne's search). */
  private binCount(v: number, c: number): void {
    const at = this.placeOf(v);
    const last = this.edges!.length - 1;
    if (at === 1) this.underflow += c;
    else if (at === last + 2) this.overflow += c;
    else this.binCounts![at - 2] += c;
  }

  /** Count fin[0, nf) into the reference's bins, underflow and overflow (the last bin is closed). */
  private bin(fin: Float64Array, nf: number): void {
    const e = this.edges!;
    const counts = this.binCounts!;
    const last = e.length - 1;
    const lo0 = e[0];
    const hi0 = e[last];
    const guess = this.guess;
    let under = 0;
    let over = 0;
    if (guess === null) {
      for (let j = 0; j < nf; j++) this.binOne(fin[j]);
      return;
    }
    if (this.table !== null) {
      this.binByTable(fin, nf);
      return;
    }
    const scale = this.scale;
    for (let j = 0; j < nf; j++) {
      const v = fin[j];
      if (v < lo0) under++;
      else if (v > hi0) over++;
      else if (v === hi0) counts[last - 1]++;
      else {
        // the last edge <= v (e[0] <= v < e[last]), as binOne's binary search finds it: start at the
        // bucket's guess and step to it (whatever the rounding of the bucket, or infinite edges)
        let g = ((v - lo0) * scale) | 0;
        if (g < 0 || g >= GUESS_BUCKETS) g = 0;
        let at = guess[g];
        while (at < last - 1 && e[at + 1] <= v) at++;
        while (e[at] > v) at--;
        counts[at]++;
      }
    }
    this.underflow += under;
    this.overflow += over;
  }

  /** bin() by the key of each value's bits (see keyOf): one table entry for most values, no search. */
  private binByTable(fin: Float64Array, nf: number): void {
    if (this.wordsOf !== fin) {
      this.wordsOf = fin;
      this.words = new Uint32Array(fin.buffer, fin.byteOffset, 2 * fin.length);
    }
    const words = this.words!;
    const table = this.table!;
    const places = this.places!;
    const offset = this.keyOffset;
    const top = table.length - 1;
    for (let j = 0; j < nf; j++) {
      // keyOfHigh, then clamped to [0, top] (keys beyond the edges' share the end entries), branch-free
      const w = words[2 * j + 1];
      const sign = w >> 31;
      let d = ((w & 0x7fffffff) >>> SLOT_SHIFT) - SLOT_MIN;
      d &= ~(d >> 31);
      let k = (d ^ sign) - sign + offset;
      k &= ~(k >> 31);
      const over = k - top;
      k = top + (over & (over >> 31));
      const t = table[k];
      if (t > 0) places[t]++;
      else {
        const at = this.placeOf(fin[j]);
        if (t === 0) table[k] = at;
        places[at]++;
      }
    }
  }

  /** The place of a value (see table), by binOne's binary search. */
  private placeOf(v: number): number {
    const e = this.edges!;
    const last = e.length - 1;
    if (v < e[0]) return 1;
    if (v > e[last]) return last + 2;
    if (v === e[last]) return last + 1;
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (e[mid] <= v) lo = mid;
      else hi = mid;
    }
    return lo + 2;
  }

  /** Add the counts per place (binByTable) to the bins, underflow and overflow. */
  private settleBins(): void {
    const places = this.places;
    if (places === null) return;
    const counts = this.binCounts!;
    this.underflow += places[1];
    for (let i = 0; i < counts.length; i++) counts[i] += places[i + 2];
    this.overflow += places[counts.length + 2];
    places.fill(0);
  }

  override finish(bins: number, topK: number, refCategories?: readonly string[]): FeatureSnapshot {
    this.settleExact();
    this.settleBins();
    return super.finish(bins, topK, refCategories);
  }

  /** A text value by its bytes; `id`: its text id (0: none), learnt here. */
  private textBytes(buf: Uint8Array, s: number, e: number, line: number, id: number): void {
    this.other++;
    if (this.firstOtherLine === 0) this.firstOtherLine = line;
    const code = this.counts.addBytes(buf, s, e);
    if (id > 0) this.textIds!.map[id] = code + 1;
    // (afterText does nothing for a value seen before once there are three examples)
    if (this.otherExamples.length < 3 || code === this.counts.size - 1) this.afterText(code);
  }

  private textString(text: string, line: number): void {
    this.other++;
    if (this.firstOtherLine === 0) this.firstOtherLine = line;
    const code = this.counts.addText(text);
    this.afterText(code);
  }

  private afterText(code: number): void {
    const counts = this.counts;
    if (this.otherExamples.length < 3) {
      const t = counts.value(code);
      if (!this.otherExamples.includes(t)) this.otherExamples.push(t);
    }
    const size = counts.size;
    if (code === size - 1) {
      if (size > this.maxDistinctSeen) this.maxDistinctSeen = size;
      if (size > 2 * this.maxCategories) {
        this.prunedCount += counts.prune(this.maxCategories, this.pinned);
        this.approximate = true;
        this.textIds?.map.fill(0); // the codes changed
      }
    }
  }
}

/**
 * Exact counts of the distinct finite values while there are at most `max` of them: integers in
 * [-1024, 1024) in a direct table, other values through a Map to a slot of a typed array (-0 is 0).
 */
class ExactCounts {
  private readonly small = new Float64Array(2048);
  private readonly index = new Map<number, number>();
  private big = new Float64Array(16);
  private distinct = 0;

  constructor(private readonly max: number) {}

  /** The counts were added to the sketch and the bins (BatchColumnProfiler.settleExact). */
  settled = false;

  /**
   * Count fin[0, nf); returns nf, or the position of a value beyond the first `max` distinct ones
   * (fin[0, position) counted; then drop this).
   */
  addMany(fin: Float64Array, nf: number): number {
    const small = this.small;
    for (let j = 0; j < nf; j++) {
      const v = fin[j];
      if ((v | 0) === v && v >= -1024 && v < 1024) {
        const i = v + 1024;
        if (small[i] === 0) {
          if (this.distinct >= this.max) return j;
          this.distinct++;
        }
        small[i]++;
        continue;
      }
      const at = this.index.get(v);
      if (at !== undefined) {
        this.big[at]++;
        continue;
      }
      if (this.distinct >= this.max) return j;
      const slot = this.index.size;
      if (slot === this.big.length) {
        const next = new Float64Array(slot * 2);
        next.set(this.big);
        this.big = next;
      }
      this.index.set(v, slot);
      this.big[slot] = 1;
      this.distinct++;
    }
    return nf;
  }

  table(): { values: number[]; counts: number[] } {
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i < 2048; i++) if (this.small[i] > 0) pairs.push([i - 1024, this.small[i]]);
    for (const [v, at] of this.index) pairs.push([v, this.big[at]]);
    pairs.sort((a, b) => a[0] - b[0]);
    return { values: pairs.map((p) => p[0]), counts: pairs.map((p) => p[1]) };
  }
}

/**
 * Profiles rows of a fixed set of columns into a snapshot: row by row (addRow, the plain reference)
 * or, made with `batches`, a TableBatch at a time (addBatch, the byte-level path); same results.
 */
export class Profiler {
  private readonly columns: ColumnProfiler[];
  private readonly refCats = new Map<string, string[]>();
  /** Finite values of one column of the batch (addBatch's scratch). */
  private fin: Float64Array | null = null;
  rows = 0;

  constructor(
    readonly names: readonly string[],
    private readonly opts: ProfileOptions = {},
    batches = false,
  ) {
    const refFeatures = new Map((opts.reference?.features ?? []).map((f) => [f.name, f]));
    this.columns = names.map((n) => {
      const rf = refFeatures.get(n);
      const cats = rf?.categorical?.top.map((t) => t.value);
      if (cats) this.refCats.set(n, cats);
      const max = opts.maxCategories ?? DEFAULT_MAX_CATEGORIES;
      const edges = rf?.numeric?.histogram?.edges;
      return batches ? new BatchColumnProfiler(n, max, edges, cats, opts.maxExact) : new ColumnProfiler(n, max, edges, cats, opts.maxExact);
    });
    if (batches) {
      const ids = new TextIdMap();
      for (const c of this.columns) (c as BatchColumnProfiler).textIds = ids;
      this.textIds = ids;
    }
  }

  addRow(fields: ReadonlyArray<string | null>, line: number): void {
    const cols = this.columns;
    for (let i = 0; i < cols.length; i++) cols[i].add(fields[i] ?? null, line);
    this.rows++;
  }

  /** Every record of a batch (a profiler made with `batches`); `onNumeric` as in ProfileFilesOptions. */
  addBatch(b: TableBatch, onNumeric?: (column: number, value: number) => void): void {
    const cols = this.columns as BatchColumnProfiler[];
    const fin = (this.fin ??= new Float64Array(BATCH_RECORDS));
    if (b.ids !== null) this.textIds!.use(b);
    const each = onNumeric ? (this.onNumeric ??= cols.map((_, k) => (v: number) => onNumeric(k, v))) : [];
    // a block of records at a time, every column: the block's field ranges stay in the CPU cache
    // (the batch is record-major; a whole column of it would walk megabytes)
    for (let from = 0; from < b.count; from += BLOCK_RECORDS) {
      const to = Math.min(b.count, from + BLOCK_RECORDS);
      for (let k = 0; k < cols.length; k++) cols[k].addBatch(b, k, fin, each[k], from, to);
    }
    this.rows += b.count;
  }
  private onNumeric: Array<(v: number) => void> | null = null;
  private textIds: TextIdMap | null = null;

  finish(meta: { dataset: Snapshot['dataset']; source?: string; createdAt?: string }): Snapshot {
    const features = this.columns.map((c) =>
      c.finish(this.opts.bins ?? DEFAULT_BINS, this.opts.topK ?? DEFAULT_TOP_K, this.refCats.get(c.name)),
    );
    const snap: Snapshot = {
      schemaVersion: SNAPSHOT_VERSION,
      kind: SNAPSHOT_KIND,
      dataset: meta.dataset,
      createdAt: meta.createdAt ?? new Date().toISOString(),
      rows: this.rows,
      source: meta.source,
      features,
    };
    if (this.opts.referenceName) snap.reference = this.opts.referenceName;
    return snap;
  }

  /** Raw column profilers (for callers that also need the sketches). */
  get columnProfilers(): readonly ColumnProfiler[] {
    return this.columns;
  }
}

export interface ProfileFilesOptions extends ProfileOptions {
  format?: TableFormat;
  columns?: string[];
  datasetName?: string;
  /** Called with each finite numeric value per column index (used by `drift` for the exact KS). */
  onNumeric?: (column: number, value: number) => void;
}

/**
 * Profile one or more files with the same columns (the first file's header, or `columns`), one pass
 * over each file's byte batches (memory: one chunk plus the per-column state). Throws TableError
 * (file, line, column) on unreadable input.
 */
export async function profileFiles(absPaths: string[], displayNames: string[], opts: ProfileFilesOptions = {}): Promise<Snapshot> {
  let profiler: Profiler | null = null;
  let columns = opts.columns;
  const onNumeric = opts.onNumeric;
  for (let k = 0; k < absPaths.length; k++) {
    await readTableBatches(
      absPaths[k],
      { format: opts.format, columns, numbers: 'all', textIds: true },
      (h) => {
        if (!columns) columns = h.columns;
        if (!profiler) profiler = new Profiler(columns, opts, true);
      },
      (b) => profiler!.addBatch(b, onNumeric),
    );
  }
  const p = profiler as Profiler | null;
  if (!p) throw new Error('no input files');
  return p.finish({
    dataset: { name: opts.datasetName ?? path.basename(displayNames[0]).replace(/\.(csv|tsv|jsonl|ndjson)(\.gz)?$/i, '') },
    source: `ml-test-gate snapshot ${displayNames.join(' ')}`,
  });
}
