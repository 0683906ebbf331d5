/**
 * Counts of the distinct text values of one column, for the profiler's byte-level path: each value
 * is interned by its bytes (a ByteInterner, so a repeated value costs a hash of its bytes and no
 * string), with its count in a typed array indexed by the interner's code. Codes follow first
 * appearance, like the insertion order of a Map; pruning keeps the most frequent values (and pinned
 * ones) in the order a Map rebuilt from the sorted entries would have, so results equal the
 * row-based profiler's Map<string, count> exactly.
 *
 * Values of up to 8 bytes (most categories) are found by their first and last four bytes and their
 * length, which together are the value: an open-addressing table of three integers per value in front
 * of the interner, so a repeated short value costs no byte loop and no comparison of bytes.
 */
import { ByteInterner } from '../evidence/bytes.js';

function slotOf(h: number, t: number, len: number, mask: number): number {
  const x = Math.imul(h ^ Math.imul(t ^ len, 0x85ebca6b), 0x9e3779b1);
  return (x ^ (x >>> 16)) & mask;
}

export class CategoryCounts {
  interner = new ByteInterner();
  /** Count per code. */
  counts = new Float64Array(64);
  /**
   * The short-value table, four integers per slot (one cache line holds four slots): head (first 4
   * bytes), tail (last 4 bytes), length, code + 1 (0: empty).
   */
  private table = new Int32Array(4 * 64);
  private mask = 63;
  private shortCount = 0;
  /** A view of the last buffer seen, for reading four bytes at once. */
  private viewOf: Uint8Array | null = null;
  private view: DataView = new DataView(new ArrayBuffer(0));

  /** Distinct values held. */
  get size(): number {
    return this.interner.values.length;
  }

  /** The value of a code. */
  value(code: number): string {
    return this.interner.values[code];
  }

  /** Count the (valid UTF-8) bytes buf[s, e), not empty; returns their code (a new value: code === size - 1). */
  addBytes(buf: Uint8Array, s: number, e: number): number {
    const len = e - s;
    if (len > 8) {
      const code = this.interner.intern(buf, s, e);
      this.bump(code);
      return code;
    }
    let h: number;
    let t: number;
    if (len >= 4) {
      if (buf !== this.viewOf) {
        this.viewOf = buf;
        this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      }
      const dv = this.view;
      h = dv.getInt32(s, true);
      t = dv.getInt32(e - 4, true);
    } else {
      h = buf[s] | (len > 1 ? buf[s + 1] << 8 : 0) | (len > 2 ? buf[s + 2] << 16 : 0);
      t = 0;
    }
    const mask = this.mask;
    const table = this.table;
    let slot = slotOf(h, t, len, mask);
    for (;;) {
      const at = slot << 2;
      const c = table[at + 3];
      if (c === 0) break;
      if (table[at] === h && table[at + 1] === t && table[at + 2] === len) {
        this.counts[c - 1]++;
        return c - 1;
      }
      slot = (slot + 1) & mask;
    }
    const code = this.interner.intern(buf, s, e);
    this.bump(code);
    const at = slot << 2;
    table[at] = h;
    table[at + 1] = t;
    table[at + 2] = len;
    table[at + 3] = code + 1;
    if (++this.shortCount * 2 > mask) this.growShort();
    return code;
  }

  private growShort(): void {
    const old = this.table;
    const size = (this.mask + 1) * 2;
    const table = new Int32Array(4 * size);
    const mask = size - 1;
    for (let i = 0; i < old.length; i += 4) {
      if (old[i + 3] === 0) continue;
      let slot = slotOf(old[i], old[i + 1], old[i + 2], mask);
      while (table[(slot << 2) + 3] !== 0) slot = (slot + 1) & mask;
      table.set(old.subarray(i, i + 4), slot << 2);
    }
    this.table = table;
    this.mask = mask;
  }

  /** Count a value given as text. */
  addText(text: string): number {
    const code = this.interner.internText(text);
    this.bump(code);
    return code;
  }

  private bump(code: number): void {
    if (code >= this.counts.length) {
      const next = new Float64Array(this.counts.length * 2);
      next.set(this.counts);
      this.counts = next;
    }
    this.counts[code]++;
  }

  /** [value, count] in code order (first appearance, or the order the last prune left). */
  entries(): Array<[string, number]> {
    const out: Array<[string, number]> = new Array(this.size);
    for (let c = 0; c < out.length; c++) out[c] = [this.interner.values[c], this.counts[c]];
    return out;
  }

  /**
   * Keep the `keep` most frequent values (ties: the earlier code first) and every pinned one; return
   * the count of the values dropped. The kept values get new codes in that order.
   */
  prune(keep: number, pinned: ReadonlySet<string>): number {
    const entries = this.entries().sort((a, b) => b[1] - a[1]);
    const interner = new ByteInterner();
    const counts = new Float64Array(Math.max(64, this.counts.length));
    let kept = 0;
    let dropped = 0;
    for (const [k, n] of entries) {
      if (kept < keep || pinned.has(k)) {
        counts[interner.internText(k)] = n;
        kept++;
      } else dropped += n;
    }
    this.interner = interner;
    this.counts = counts;
    // the codes changed: the short-value table starts again (values re-enter on their next appearance)
    this.table.fill(0);
    this.shortCount = 0;
    return dropped;
  }
}
