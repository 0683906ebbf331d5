/**
 * Output columns of the prediction loader and the tight loops that fill them from a TableBatch, column
 * by column: numbers, categories (through a byte interner) and ids.
 */
import { ByteColumn, ByteInterner, parseDecimalBytes } from '../bytes.js';
import type { TableBatch } from '../tabular.js';

/**
 * A typed array built in blocks, so growing never copies; done() joins the blocks once into an
 * array of the exact length. Write a batch at room(extra)[at ...], then commit(extra).
 */
export class Growable<T extends Float64Array | Int32Array | Uint8Array> {
  private blocks: T[] = [];
  private cur: T;
  /** Values written to the current block. */
  at = 0;
  private before = 0;
  constructor(private readonly make: (n: number) => T) {
    this.cur = make(4096);
  }
  /** Make the current block hold `total` values in all (a size estimate), when nothing was split yet. */
  expect(total: number): void {
    if (this.blocks.length > 0 || total <= this.cur.length) return;
    const next = this.make(total);
    next.set(this.cur.subarray(0, this.at));
    this.cur = next;
  }
  /** The block with room for `extra` more values from `at` on. */
  room(extra: number): T {
    if (this.at + extra > this.cur.length) {
      this.blocks.push(this.cur.subarray(0, this.at) as T);
      this.before += this.at;
      // blocks grow with the column (up to 1M values), so small files stay small
      this.cur = this.make(Math.max(extra, Math.min(1 << 20, this.before)));
      this.at = 0;
    }
    return this.cur;
  }
  commit(extra: number): void {
    this.at += extra;
  }
  done(): T {
    // one block (sized from an estimate) at least 3/4 full: no copy (the spare end stays allocated)
    if (this.blocks.length === 0 && this.at >= this.cur.length - (this.cur.length >> 2)) return this.cur.subarray(0, this.at) as T;
    const out = this.make(this.before + this.at);
    let o = 0;
    for (const b of this.blocks) {
      out.set(b, o);
      o += b.length;
    }
    out.set(this.cur.subarray(0, this.at), o);
    return out;
  }
}
export const f64 = (n: number) => new Float64Array(n);
export const i32 = (n: number) => new Int32Array(n);
export const u8 = (n: number) => new Uint8Array(n);

/**
 * A categorical column read through a ByteInterner: each distinct byte string is decoded and
 * resolved (to a class index, a group code, ...) once; later rows cost a hash of their bytes.
 */
export class Categories {
  readonly interner = new ByteInterner();
  private resolved = new Int32Array(16);
  private count = 0;
  constructor(private readonly resolve: (text: string, line: number, code: number) => number) {}

  /** Resolved value of field k of record r (the caller handles missing values first). */
  get(b: TableBatch, r: number, k: number): number {
    const o = r * b.width + k;
    const code = b.escaped[o] ? this.interner.internText(b.text(r, k)!) : this.interner.intern(b.buf, b.starts[o], b.ends[o]);
    return code < this.count ? this.resolved[code] : this.learn(code, b.lines[r]);
  }

  /** Resolved value of a byte string (e.g. the placeholder for a missing group). */
  getBytes(bytes: Buffer, line: number): number {
    const code = this.interner.intern(bytes, 0, bytes.length);
    return code < this.count ? this.resolved[code] : this.learn(code, line);
  }

  private learn(code: number, line: number): number {
    const v = this.resolve(this.interner.values[code], line, code);
    if (code >= this.resolved.length) {
      const next = new Int32Array(this.resolved.length * 2);
      next.set(this.resolved);
      this.resolved = next;
    }
    this.resolved[code] = v;
    this.count = code + 1;
    return v;
  }
}

/**
 * Numbers of field k of each record into out[off + r * stride]: plain decimals within [lo, hi] are
 * taken as the reader parsed them, or parsed from the bytes; everything else (other forms, out of range, missing, quoted) goes through
 * `slow`, which returns the value or throws the message.
 */
export function fillNumbers(
  b: TableBatch,
  k: number,
  out: Float64Array,
  off: number,
  stride: number,
  lo: number,
  hi: number,
  slow: (text: string | null, line: number) => number,
): void {
  const { buf, starts, ends, escaped, values, lines, width, count } = b;
  for (let r = 0, o = k, at = off; r < count; r++, o += width, at += stride) {
    let x = values[o]; // parsed by the reader (plain CSV/TSV records)
    if (!(x >= lo && x <= hi)) {
      if (escaped[o] === 0) x = parseDecimalBytes(buf, starts[o], ends[o]);
      if (!(x >= lo && x <= hi)) x = slow(b.text(r, k), lines[r]);
    }
    out[at] = x;
  }
}

/**
 * Categorical field k into out[off + r]: "0" and "1" straight from the byte when `bits` (binary
 * labels without declared classes), other values through the Categories, missing ones through
 * `missing` (which returns a code or throws).
 */
export function fillCategorical(
  b: TableBatch,
  k: number,
  out: Uint8Array | Int32Array,
  off: number,
  bits: boolean,
  cats: Categories,
  missing: (line: number) => number,
): void {
  const { buf, starts, ends, lines, width, count } = b;
  for (let r = 0, o = k; r < count; r++, o += width) {
    const s = starts[o];
    const e = ends[o];
    if (bits && e === s + 1) {
      const d = buf[s] - 48;
      if (d === 0 || d === 1) {
        out[off + r] = d;
        continue;
      }
    }
    out[off + r] = s === e ? missing(lines[r]) : cats.get(b, r, k);
  }
}

/** Ids of field k appended to `ids`; a missing id goes to `missing` (which throws). */
export function fillIds(b: TableBatch, k: number, ids: ByteColumn, missing: (line: number) => void): void {
  const { buf, starts, ends, escaped, lines, width, count } = b;
  for (let r = 0; r < count; r++) {
    r = ids.pushFields(buf, starts, ends, escaped, k, width, r, count);
    if (r === count) break;
    // an empty or a quoted id
    const o = r * width + k;
    if (starts[o] === ends[o]) missing(lines[r]);
    ids.pushText(b.text(r, k)!);
  }
}
