/**
 * Counts of the distinct text values of one column, for the profiler's byte-level path: each value
 * is interned by its bytes (a ByteInterner, so a repeated value costs a hash of its bytes and no
 * string), with its count in a typed array indexed by the interner's code. Codes follow first
 * appearance, like the insertion order of a Map; pruning keeps the most frequent values (and pinned
 * ones) in the order a Map rebuilt from the sorted entries would have, so results equal the
 * row-based profiler's Map<string, count> exactly.
 */
import { ByteInterner } from '../evidence/bytes.js';

export class CategoryCounts {
  interner = new ByteInterner();
  /** Count per code. */
  counts = new Float64Array(64);

  /** Distinct values held. */
  get size(): number {
    return this.interner.size;
  }

  /** The value of a code. */
  value(code: number): string {
    return this.interner.values[code];
  }

  /** Count the (valid UTF-8) bytes buf[s, e); returns their code (a new value: code === size - 1). */
  addBytes(buf: Uint8Array, s: number, e: number): number {
    const code = this.interner.intern(buf, s, e);
    this.bump(code);
    return code;
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
    return dropped;
  }
}
