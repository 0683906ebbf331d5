/**
 * Byte-level building blocks for the table reader and the prediction loader: exact decimal parsing
 * without making a string, interning of categorical values, and a compact column of byte strings
 * (example ids) that can be paired by hashing instead of one JS string per row.
 */
import { giveBack, lease } from '../stats/scratch.js';

/** Decode buf[s, e) as UTF-8 (valid UTF-8 is checked by the reader before any field is seen). */
function decodeUtf8(buf: Uint8Array, s: number, e: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('utf8', s, e);
}

const POW10 = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);
// (scanDecimal spells its other constants out: module constants are read from the context on each
// use, and doubles are unboxed each time)
// 2^53 = 9007199254740992; 2^27 + 1 = 134217729 (Veltkamp split); 8 * 2^-53 = 8.881784197001252e-16

/**
 * Parse buf[s, e) as a decimal number without making a string. Handles [+-]digits[.digits] with an
 * optional exponent ([eE][+-]digits) and returns exactly Number(text) for it when that can be done
 * with exact arithmetic: a mantissa below 2^53 scaled by 10^k with |k| <= 22 (one correctly rounded
 * operation), or up to 17 significant digits divided by 10^k (k <= 22) with an error-bounded
 * residual correction that gives up near a rounding boundary. Returns NaN for everything else
 * (empty, whitespace, other syntax such as "inf" or "0x1f", longer or extreme numbers): callers fall
 * back to Number(text), so the result never differs from it.
 */
export function parseDecimalBytes(buf: Uint8Array, s: number, e: number): number {
  // small enough to inline: the result travels through a Float64Array, not a boxed number
  return scanDecimal(buf, s, e) === e ? DECIMAL[0] : NaN;
}

/** The value scanDecimal read (a scratch slot: no heap number per call). */
export const DECIMAL = new Float64Array(1);

/** A DataView of the buffer last read (for reading 4 bytes at once), kept while the buffer is the same. */
let viewOf: Uint8Array | null = null;
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(4));

function viewOfBytes(buf: Uint8Array): DataView<ArrayBufferLike> {
  if (buf !== viewOf) {
    viewOf = buf;
    view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  return view;
}

/** The 4 bytes at i as a number 0..9999 when all are ASCII digits (first = most significant), else -1. */
function fourDigits(v: DataView, i: number): number {
  const w = v.getUint32(i, true);
  // every byte 0x30..0x39: high nibble 3, and still 3 after adding 6
  if ((((w & 0xf0f0f0f0) ^ 0x30303030) | (((w + 0x06060606) & 0xf0f0f0f0) ^ 0x30303030)) !== 0) return -1;
  const d = w - 0x30303030; // digit values, one per byte (no borrows)
  const pairs = (d * 10 + (d >>> 8)) & 0x00ff00ff; // 10 d0 + d1 and 10 d2 + d3 (d * 10 < 2^31)
  return (pairs & 0xff) * 100 + (pairs >>> 16);
}

/**
 * Read the decimal number that starts at buf[s] (not past `e`): the offset where its text ends, with
 * the value in DECIMAL[0]; -1 when there is none there or it cannot be converted exactly here. The
 * text is then buf[s, end): the caller checks what follows (a delimiter, or the end of the field).
 */
// eslint-disable-next-line max-lines-per-function -- one loop per byte of every number cell, kept whole so V8 keeps its state in registers; wasm/scan.c mirrors it line by line
export function scanDecimal(buf: Uint8Array, s: number, e: number): number {
  const words = viewOfBytes(buf);
  let i = s;
  if (i >= e) return -1;
  let c = buf[i];
  let neg = false;
  if (c === 45 || c === 43) {
    neg = c === 45;
    if (++i >= e) return -1;
    c = buf[i];
  }
  // m = hi * 10^nlo + lo: hi holds the first 8 significant digits, lo the rest (up to 9 of them
  // for 17 significant digits, so hi * 10^nlo is an exact double)
  let hi = 0;
  let lo = 0;
  let nhi = 0;
  let nlo = 0;
  let digits = 0;
  let frac = 0;
  let inFrac = false;
  while (c === 48) {
    // leading zeros are not significant
    digits++;
    if (++i >= e) break;
    c = buf[i];
  }
  while (i < e) {
    c = buf[i];
    if (c === 46 && !inFrac) {
      inFrac = true;
      i++;
      if (nhi === 0) {
        // zeros after the point, before the first significant digit
        while (i < e && buf[i] === 48) {
          digits++;
          frac++;
          i++;
        }
      }
      continue;
    }
    // four digits at once while they fit in hi (8 digits) or lo (9 digits)
    if (i + 4 <= e && (nhi <= 4 || (nhi === 8 && nlo <= 5))) {
      const q = fourDigits(words, i);
      if (q >= 0) {
        if (nhi <= 4) {
          hi = hi * 10000 + q;
          nhi += 4;
        } else {
          lo = lo * 10000 + q;
          nlo += 4;
        }
        digits += 4;
        if (inFrac) frac += 4;
        i += 4;
        continue;
      }
    }
    const d = c - 48;
    if (d < 0 || d > 9) break;
    if (nhi < 8) {
      hi = hi * 10 + d;
      nhi++;
    } else {
      lo = lo * 10 + d;
      nlo++;
    }
    digits++;
    if (inFrac) frac++;
    i++;
  }
  if (digits === 0) return -1;
  let exp = 0;
  if (i < e && (c === 101 || c === 69)) {
    if (++i >= e) return -1;
    c = buf[i];
    let eneg = false;
    if (c === 45 || c === 43) {
      eneg = c === 45;
      if (++i >= e) return -1;
    }
    const first = i;
    for (; i < e; i++) {
      const d = buf[i] - 48;
      if (d < 0 || d > 9) break;
      if (exp < 100000) exp = exp * 10 + d;
    }
    if (i === first) return -1;
    if (eneg) exp = -exp;
  }
  if (hi === 0) return ((DECIMAL[0] = neg ? -0 : 0), i); // all digits zero (hi gets the first non-zero digit)
  if (nlo > 9) return -1;
  const P = hi * POW10[nlo]; // exact: hi < 10^8, 10^nlo = 5^nlo * 2^nlo, hi * 5^9 < 2^53
  const a = P + lo;
  const k = frac - exp; // value = m / 10^k
  if (a < 9007199254740992) {
    // m = a is exact and 10^|k| is exact: one correctly rounded operation
    if (k >= 0) {
      if (k <= 22) return ((DECIMAL[0] = neg ? -(a / POW10[k]) : a / POW10[k]), i);
    } else if (k >= -22) return ((DECIMAL[0] = neg ? -(a * POW10[-k]) : a * POW10[-k]), i);
    return -1;
  }
  if (k <= 0 || k > 22) return -1;
  const b = lo - (a - P); // m = a + b exactly (Fast2Sum, P >= 10^15 > lo)
  const p10 = POW10[k];
  const q = a / p10;
  // q * p10 = ph + err exactly (Dekker's product)
  const ph = q * p10;
  let t = 134217729 * q;
  const qh = t - (t - q);
  const ql = q - qh;
  t = 134217729 * p10;
  const pH = t - (t - p10);
  const pL = p10 - pH;
  const err = qh * pH - ph + qh * pL + ql * pH + ql * pL;
  const d1 = a - ph; // exact (Sterbenz: ph is within a factor 2 of a)
  const d2 = d1 - err;
  const d3 = d2 + b; // ~ m - q * 10^k
  const delta = d3 / p10; // the true value is q + delta', |delta' - delta| <= tol / 4
  const tol = 8.881784197001252e-16 * (Math.abs(delta) + (Math.abs(d2) + Math.abs(d3)) / p10);
  const r1 = q + (delta - tol);
  const r2 = q + (delta + tol);
  if (r1 !== r2) return -1; // too close to a rounding boundary to decide here
  return ((DECIMAL[0] = neg ? -r1 : r1), i);
}

/**
 * Maps byte strings to small integer codes (first seen = 0, 1, ...) and decodes each distinct value
 * once, into `values`. For categorical columns: no string is made per row.
 */
export class ByteInterner {
  readonly values: string[] = [];
  private store = Buffer.alloc(256);
  private used = 0;
  private offs = new Int32Array(16);
  private lens = new Int32Array(16);
  private hashes = new Int32Array(16);
  /** Open addressing: code + 1, 0 = empty. */
  private table = new Int32Array(32);
  private mask = 31;

  get size(): number {
    return this.values.length;
  }

  /** Values of up to 3 bytes (country codes, "yes", "1"...) by their bytes packed in an int: a direct-mapped cache. */
  private shortKeys = new Int32Array(512).fill(-1);
  private shortCodes = new Int32Array(512);

  /** Code of the (valid UTF-8) bytes buf[s, e). */
  intern(buf: Uint8Array, s: number, e: number): number {
    const len = e - s;
    if (len <= 3) {
      const key = len === 0 ? 0 : (len << 24) | (buf[s] << 16) | (len > 1 ? buf[s + 1] << 8 : 0) | (len > 2 ? buf[s + 2] : 0);
      const slot = Math.imul(key, 0x9e3779b1) >>> 23;
      if (this.shortKeys[slot] === key) return this.shortCodes[slot];
      const code = this.internHashed(buf, s, e);
      this.shortKeys[slot] = key;
      this.shortCodes[slot] = code;
      return code;
    }
    return this.internHashed(buf, s, e);
  }

  private internHashed(buf: Uint8Array, s: number, e: number): number {
    const h = fnv1a(buf, s, e);
    const len = e - s;
    const table = this.table;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const v = table[slot];
      if (v === 0) break;
      const code = v - 1;
      if (this.hashes[code] === h && this.lens[code] === len) {
        const o = this.offs[code];
        const st = this.store;
        let i = 0;
        while (i < len && st[o + i] === buf[s + i]) i++;
        if (i === len) return code;
      }
      slot = (slot + 1) & mask;
    }
    return this.add(buf, s, e, h, slot);
  }

  /** Code of a string value (same code as its UTF-8 bytes). */
  internText(text: string): number {
    const b = Buffer.from(text, 'utf8');
    return this.intern(b, 0, b.length);
  }

  private add(buf: Uint8Array, s: number, e: number, h: number, slot: number): number {
    const code = this.values.length;
    const len = e - s;
    if (this.used + len > this.store.length) {
      const next = Buffer.alloc(Math.max(this.store.length * 2, this.used + len));
      this.store.copy(next, 0, 0, this.used);
      this.store = next;
    }
    this.store.set(buf.subarray(s, e), this.used);
    if (code === this.offs.length) {
      const grow = (a: Int32Array) => {
        const n = new Int32Array(a.length * 2);
        n.set(a);
        return n;
      };
      this.offs = grow(this.offs);
      this.lens = grow(this.lens);
      this.hashes = grow(this.hashes);
    }
    this.offs[code] = this.used;
    this.lens[code] = len;
    this.hashes[code] = h;
    this.used += len;
    this.values.push(decodeUtf8(buf, s, e));
    this.table[slot] = code + 1;
    if ((code + 1) * 2 > this.mask) this.rehash();
    return code;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    const table = new Int32Array(size);
    const mask = size - 1;
    for (let code = 0; code < this.values.length; code++) {
      let slot = this.hashes[code] & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = code + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}

function fnv1a(buf: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h;
}

/**
 * A column of byte strings, such as example ids: the UTF-8 bytes of all values in one buffer with
 * offsets, so a million ids cost a few MB and no JS string per row. Values are decoded only for
 * messages (`text`); equality is byte equality, which for valid UTF-8 is string equality.
 */
/** A ByteColumn's storage (see ByteColumn.parts). */
export interface ByteColumnParts {
  store: Uint8Array;
  used: number;
  offs: Int32Array;
  length: number;
}

export class ByteColumn {
  private store: Buffer;
  private used = 0;
  /** Value i is store[offs[i], offs[i + 1]). */
  private offs: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.offs = new Int32Array(capacity + 1);
    this.store = Buffer.allocUnsafeSlow(capacity * 8);
  }

  /** The column's storage, to hand it to another thread (ArrayBuffers that can be transferred). */
  parts(): ByteColumnParts {
    return { store: this.store, used: this.used, offs: this.offs, length: this.length };
  }

  /** A column over storage from parts() (e.g. received from a worker thread). */
  static fromParts(p: ByteColumnParts): ByteColumn {
    const col = new ByteColumn(0);
    col.store = Buffer.from(p.store.buffer, p.store.byteOffset, p.store.byteLength);
    col.used = p.used;
    col.offs = p.offs;
    col.length = p.length;
    return col;
  }

  static from(values: readonly string[]): ByteColumn {
    const col = new ByteColumn(values.length);
    for (const v of values) col.pushText(v);
    return col;
  }

  /** Append the bytes buf[s, e). */
  push(buf: Uint8Array, s: number, e: number): void {
    const len = e - s;
    if (this.used + len > this.store.length) this.growStore(len);
    if (this.length + 1 === this.offs.length) {
      const next = new Int32Array(this.offs.length * 2);
      next.set(this.offs);
      this.offs = next;
    }
    const store = this.store;
    let o = this.used;
    // short values (ids are) are copied faster by a loop than by a native call
    if (len < 32) for (let i = s; i < e; i++) store[o++] = buf[i];
    else {
      store.set(buf.subarray(s, e), o);
      o += len;
    }
    this.used = o;
    this.offs[++this.length] = o;
  }

  /**
   * Append the fields buf[starts[o], ends[o]) for records r = from, from + 1, ... < count, where
   * o = first + r * stride, copying four bytes at a time, up to the first record whose field is
   * empty or quoted (`escaped[o]`); return that record (count when all were appended).
   */
  pushFields(
    buf: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    escaped: Uint8Array,
    first: number,
    stride: number,
    from: number,
    count: number,
  ): number {
    if (this.length + count >= this.offs.length) {
      const next = new Int32Array(Math.max(this.offs.length * 2, this.length + count + 1));
      next.set(this.offs);
      this.offs = next;
    }
    const src = viewOfBytes(buf);
    const offs = this.offs;
    const limit = buf.byteLength - 4;
    let store = this.store;
    let dst = this.storeView ?? (this.storeView = new DataView(store.buffer, store.byteOffset, store.byteLength));
    let u = this.used;
    let n = this.length;
    let r = from;
    for (let o = first + r * stride; r < count; r++, o += stride) {
      let i = starts[o];
      const e = ends[o];
      if (i === e || escaped[o] !== 0) break;
      if (u + (e - i) + 4 > store.length) {
        this.used = u;
        this.growStore(e - i + 4); // (a word may be written past the end)
        store = this.store;
        dst = this.storeView = new DataView(store.buffer, store.byteOffset, store.byteLength);
      }
      for (; i < e && i <= limit; i += 4, u += 4) dst.setUint32(u, src.getUint32(i, true), true);
      if (i > e)
        u -= i - e; // the last word went past the value: the next value overwrites it
      else for (; i < e; i++) store[u++] = buf[i];
      offs[++n] = u;
    }
    this.used = u;
    this.length = n;
    return r;
  }

  /** Bytes of all values. */
  get byteLength(): number {
    return this.used;
  }

  /** Make room for about `values` values of `bytes` bytes in all (a size estimate: no regrowth copies). */
  reserve(values: number, bytes: number): void {
    if (bytes + 4 > this.store.length) {
      const next = Buffer.allocUnsafeSlow(bytes + 4);
      this.store.copy(next, 0, 0, this.used);
      this.store = next;
      this.storeView = null;
    }
    if (values + 1 > this.offs.length) {
      const next = new Int32Array(values + 1);
      next.set(this.offs.subarray(0, this.length + 1));
      this.offs = next;
    }
  }

  pushText(text: string): void {
    const b = Buffer.from(text, 'utf8');
    this.push(b, 0, b.length);
  }

  private growStore(len: number): void {
    const size = Math.max(this.store.length * 2, this.used + len);
    if (size > 0x7fffffff) throw new RangeError('a text column holds more than 2 GiB');
    const next = Buffer.allocUnsafeSlow(size);
    this.store.copy(next, 0, 0, this.used);
    this.store = next;
    this.storeView = null;
  }

  private storeView: DataView | null = null;

  /** Value i as a string. */
  text(i: number): string {
    return this.store.toString('utf8', this.offs[i], this.offs[i + 1]);
  }

  toArray(): string[] {
    return Array.from({ length: this.length }, (_, i) => this.text(i));
  }

  hash(i: number): number {
    return fnv1a(this.store, this.offs[i], this.offs[i + 1]);
  }

  /** Value i of this column equals value j of `other`. */
  equalsAt(i: number, other: ByteColumn, j: number): boolean {
    const s = this.offs[i];
    const len = this.offs[i + 1] - s;
    const t = other.offs[j];
    if (other.offs[j + 1] - t !== len) return false;
    const a = this.store;
    const b = other.store;
    for (let k = 0; k < len; k++) if (a[s + k] !== b[t + k]) return false;
    return true;
  }

  /** The same values in the same order (two native comparisons, no hashing). */
  sameAs(other: ByteColumn): boolean {
    if (other.length !== this.length || other.used !== this.used) return false;
    const n = this.length + 1;
    if (
      Buffer.compare(
        Buffer.from(this.offs.buffer, this.offs.byteOffset, n * 4),
        Buffer.from(other.offs.buffer, other.offs.byteOffset, n * 4),
      ) !== 0
    )
      return false;
    return this.store.compare(other.store, 0, other.used, 0, this.used) === 0;
  }
}

/** firstDuplicate of a column, with the column's length when it was found. */
const duplicates = new WeakMap<ByteColumn, { n: number; d: [number, number] | null }>();

/** firstDuplicate(column), remembered for the column (found again if values were appended since). */
export function firstDuplicateOnce(column: ByteColumn): [number, number] | null {
  const hit = duplicates.get(column);
  if (hit && hit.n === column.length) return hit.d;
  const d = firstDuplicate(column);
  duplicates.set(column, { n: column.length, d });
  return d;
}

/** What firstDuplicateOnce found for the column as it is now; undefined when it was not asked. */
export function knownDuplicate(column: ByteColumn): [number, number] | null | undefined {
  const hit = duplicates.get(column);
  return hit && hit.n === column.length ? hit.d : undefined;
}

/**
 * The first repeated value of a column, as ByteColumnIndex finds it: [row, first row of its value] for
 * the smallest row whose value came before, or null. Without an index over all rows: the rows are
 * split by the top bits of their hashes into buckets of about `bucketRows` (stably, so each keeps row
 * order), and each bucket goes through a small hash table that stays in cache. Equal values share a
 * hash, hence a bucket; the earliest repeat over all buckets is the answer.
 */
export function firstDuplicate(column: ByteColumn, bucketRows = 4096): [number, number] | null {
  const n = column.length;
  let bits = 0;
  while (bits < 16 && n >> bits > bucketRows) bits++;
  // the two row arrays on scratch memory of the size the engines' sorts lease next (no fresh pages for them)
  const hb = lease(0, 8 * n);
  const rb = lease(1, 8 * n);
  try {
    return firstDuplicateIn(column, bits, new Int32Array(hb, 0, n), new Int32Array(rb, 0, n));
  } finally {
    giveBack(0, hb);
    giveBack(1, rb);
  }
}

function firstDuplicateIn(column: ByteColumn, bits: number, hashes: Int32Array, rows: Int32Array): [number, number] | null {
  const n = column.length;
  const buckets = 1 << bits;
  const start = new Int32Array(buckets + 1);
  for (let i = 0; i < n; i++) {
    const h = column.hash(i);
    hashes[i] = h;
    if (bits > 0) start[(h >>> (32 - bits)) + 1]++;
  }
  if (bits === 0) start[1] = n;
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
  const fill = start.slice(0, buckets);
  if (bits > 0) for (let i = 0; i < n; i++) rows[fill[hashes[i] >>> (32 - bits)]++] = i;
  else for (let i = 0; i < n; i++) rows[i] = i;
  let largest = 0;
  for (let b = 0; b < buckets; b++) largest = Math.max(largest, start[b + 1] - start[b]);
  let size = 16;
  while (size < largest * 2) size *= 2;
  const table = new Int32Array(size);
  let best: [number, number] | null = null;
  for (let b = 0; b < buckets; b++) {
    if (start[b + 1] - start[b] < 2) continue;
    const i = bucketRepeat(column, hashes, rows, start[b], start[b + 1], best === null ? n : best[0], table);
    if (i >= 0) best = [rows[i], table[0]];
  }
  return best;
}

/**
 * The first row of rows[s, e) (ascending) below `before` whose value came before in the bucket: its
 * position k in rows, with the first row of its value in table[0]; -1 if none. `table`: scratch, a
 * power of two of at least twice the bucket's rows.
 */
function bucketRepeat(
  column: ByteColumn,
  hashes: Int32Array,
  rows: Int32Array,
  s: number,
  e: number,
  before: number,
  table: Int32Array,
): number {
  table.fill(0);
  for (let k = s; k < e; k++) {
    const i = rows[k];
    if (i >= before) return -1;
    const j = probeOrInsert(column, hashes, i, table);
    if (j >= 0) {
      table[0] = j;
      return k;
    }
  }
  return -1;
}

/** The earlier row in `table` whose value equals row i's, or -1 after putting i in (a loop of its own: an inner loop entered by on-stack replacement deoptimizes on every exit). */
function probeOrInsert(column: ByteColumn, hashes: Int32Array, i: number, table: Int32Array): number {
  const mask = table.length - 1;
  const h = hashes[i];
  let slot = h & mask;
  for (;;) {
    const v = table[slot];
    if (v === 0) {
      table[slot] = i + 1;
      return -1;
    }
    if (hashes[v - 1] === h && column.equalsAt(v - 1, column, i)) return v - 1;
    slot = (slot + 1) & mask;
  }
}

/**
 * Hash index of a ByteColumn: where each value is, and the first duplicate value if any. Each slot
 * holds the row and its value's hash side by side, so a probe compares bytes only when the hashes
 * are equal (no look into the column's offsets and bytes for every occupied slot passed).
 */
export class ByteColumnIndex {
  /** Slot s: [2 s] = row + 1 (0 = empty), [2 s + 1] = the hash of its value. */
  private readonly table: Int32Array;
  private readonly mask: number;
  /** Rows [second, first] of the first repeated value found, or null. */
  readonly duplicate: [number, number] | null = null;

  constructor(readonly column: ByteColumn) {
    let size = 16;
    while (size < column.length * 2) size *= 2;
    const table = (this.table = new Int32Array(2 * size));
    const mask = (this.mask = size - 1);
    for (let i = 0; i < column.length; i++) {
      const h = column.hash(i);
      let slot = h & mask;
      for (;;) {
        const v = table[2 * slot];
        if (v === 0) {
          table[2 * slot] = i + 1;
          table[2 * slot + 1] = h;
          break;
        }
        if (table[2 * slot + 1] === h && column.equalsAt(v - 1, column, i)) {
          this.duplicate = [i, v - 1];
          return;
        }
        slot = (slot + 1) & mask;
      }
    }
  }

  /** Row of this index' column that holds value j of `other`, or -1. */
  find(other: ByteColumn, j: number): number {
    const h = other.hash(j);
    const table = this.table;
    let slot = h & this.mask;
    for (;;) {
      const v = table[2 * slot];
      if (v === 0) return -1;
      if (table[2 * slot + 1] === h && this.column.equalsAt(v - 1, other, j)) return v - 1;
      slot = (slot + 1) & this.mask;
    }
  }
}
