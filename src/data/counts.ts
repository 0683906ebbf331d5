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
  /** The short-value table: head (first 4 bytes), tail (last 4 bytes), length, code + 1 (0: empty). */
  private head = new Int32Array(64);
  private tail = new Int32Array(64);
  private len = new Uint8Array(64);
  private code = new Int32Array(64);
  private mask = 63;
  private shortCount = 0;

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
      h = buf[s] | (buf[s + 1] << 8) | (buf[s + 2] << 16) | (buf[s + 3] << 24);
      t = buf[e - 4] | (buf[e - 3] << 8) | (buf[e - 2] << 16) | (buf[e - 1] << 24);
    } else {
      h = buf[s] | (len > 1 ? buf[s + 1] << 8 : 0) | (len > 2 ? buf[s + 2] << 16 : 0);
      t = 0;
    }
    const mask = this.mask;
    let slot = slotOf(h, t, len, mask);
    for (;;) {
      const c = this.code[slot];
      if (c === 0) break;
      if (this.head[slot] === h && this.tail[slot] === t && this.len[slot] === len) {
        this.counts[c - 1]++;
        return c - 1;
      }
      slot = (slot + 1) & mask;
    }
    const code = this.interner.intern(buf, s, e);
    this.bump(code);
    this.head[slot] = h;
    this.tail[slot] = t;
    this.len[slot] = len;
    this.code[slot] = code + 1;
    if (++this.shortCount * 2 > mask) this.growShort();
    return code;
  }

  private growShort(): void {
    const { head, tail, len, code } = this;
    const size = (this.mask + 1) * 2;
    this.head = new Int32Array(size);
    this.tail = new Int32Array(size);
    this.len = new Uint8Array(size);
    this.code = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < code.length; i++) {
      if (code[i] === 0) continue;
      let slot = slotOf(head[i], tail[i], len[i], this.mask);
      while (this.code[slot] !== 0) slot = (slot + 1) & this.mask;
      this.head[slot] = head[i];
      this.tail[slot] = tail[i];
      this.len[slot] = len[i];
      this.code[slot] = code[i];
    }
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
    this.code.fill(0);
    this.shortCount = 0;
    return dropped;
  }
}
