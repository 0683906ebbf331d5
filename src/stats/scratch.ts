/**
 * Reusable scratch memory for the large temporary arrays of one comparison (argsort's encoded keys and
 * swap arrays, the per-cell influence buffers). Fresh memory is expensive on the machines the gate
 * runs on: each 4 KiB page costs a page fault on first touch (about 15 us here, so 8 MB is about
 * 30 ms), and two 1M-row sorts and the cell buffers took 64 MB of it. A slot is leased and given back;
 * a slot already out gets a fresh buffer instead (never shared), so a nested use is only slower.
 * Contents are not cleared: every user writes before it reads.
 */
const slots: Array<ArrayBuffer | null> = [];
const out: boolean[] = [];

/** A buffer of at least `bytes` bytes for `slot` (grown when too small), until `giveBack(slot, buf)`. */
export function lease(slot: number, bytes: number): ArrayBuffer {
  if (out[slot]) return new ArrayBuffer(bytes);
  let b = slots[slot] ?? null;
  if (b === null || b.byteLength < bytes) {
    b = new ArrayBuffer(bytes);
    slots[slot] = b;
  }
  out[slot] = true;
  return b;
}

/** Return a leased buffer (a fresh one handed out because the slot was taken is simply dropped). */
export function giveBack(slot: number, buf: ArrayBuffer): void {
  if (slots[slot] === buf) out[slot] = false;
}
