import { giveBack, lease } from './scratch.js';

// scratch slots (scratch.ts), each of 8 n bytes: the encoded keys (high and low words), their swap
// arrays, the index and payload swap arrays (the per-cell influence buffers lease the first two after)
export const SORT_SLOTS = 3;

/**
 * Stable argsort of float64 keys by LSD radix sort on their IEEE-754 bits: linear time, about 20x
 * faster than a comparator sort at a million rows. NaN keys are not allowed (the loaders reject them
 * first); -0 sorts as 0. `sortedOut` (length n), when given, receives the keys in the returned order.
 * `payload` (length n), when given with `payloadOut`, is carried along: payloadOut[k] = payload[idx[k]]
 * (`payloadOut` may be `payload` itself: sorted in place).
 *
 * The radix passes (11-bit digits, constant digits skipped) run on the high 32 bits only (sign,
 * exponent and the top 20 bits of the mantissa), with the low 32 bits (and the payload) travelling
 * along; rows whose high words are equal then form short runs, which are put in order by their low
 * words (insertion sort, or a radix sort over the run when it is long). Both steps are stable, so the
 * order is that of a stable sort on the whole key: equal keys keep their row order. The sorted keys
 * are decoded from the two words in sequence (no look back into `keys`, except for zeros, whose sign
 * the encoding dropped), so no step reads rows out of order. The temporary arrays are leased from
 * scratch.ts (no fresh memory for a second sort of the same size).
 */
export function argsort(
  keys: Float64Array,
  descending = false,
  sortedOut: Float64Array | null = null,
  payload: Int32Array | null = null,
  payloadOut: Int32Array | null = null,
): Int32Array {
  const n = keys.length;
  const b0 = lease(0, 8 * n);
  const b1 = lease(1, 8 * n);
  const b2 = lease(2, 8 * n);
  try {
    return argsortIn(keys, descending, sortedOut, payload, payloadOut, b0, b1, b2);
  } finally {
    giveBack(0, b0);
    giveBack(1, b1);
    giveBack(2, b2);
  }
}

/** argsort on scratch buffers (each of at least 8 n bytes: two arrays of n words); the returned index is a fresh array. */
function argsortIn(
  keys: Float64Array,
  descending: boolean,
  sortedOut: Float64Array | null,
  payload: Int32Array | null,
  payloadOut: Int32Array | null,
  b0: ArrayBuffer,
  b1: ArrayBuffer,
  b2: ArrayBuffer,
): Int32Array {
  const n = keys.length;
  let cHi = new Uint32Array(b0, 0, n);
  let cLo = new Uint32Array(b0, 4 * n, n);
  const fresh = new Int32Array(n);
  let idx = fresh;
  const carry = payload !== null && payloadOut !== null;
  let pay: Int32Array | null = carry ? payloadOut : null;
  // the three digit histograms of the high words, counted while the keys are encoded
  const count = new Int32Array(3 * 2048);
  const flip = descending ? 0xffffffff : 0;
  encodeKeys(keys, flip, cHi, cLo, idx, count);
  if (pay !== null && pay !== payload) pay.set(payload!.subarray(0, n));
  let tIdx = new Int32Array(b2, 0, n);
  let tHi = new Uint32Array(b1, 0, n);
  let tLo = new Uint32Array(b1, 4 * n, n);
  let tPay: Int32Array | null = carry ? new Int32Array(b2, 4 * n, n) : null;
  for (let pass = 0; pass < 3; pass++) {
    const shift = pass * 11;
    const base = pass * 2048;
    const mask = pass === 2 ? 0x3ff : 0x7ff;
    // skip a pass where every key has the same digit
    let single = false;
    for (let d = 0; d <= mask; d++) {
      const c = count[base + d];
      if (c === n) single = true;
      if (c !== 0) break;
    }
    if (single) continue;
    let sum = 0;
    for (let d = 0; d <= mask; d++) {
      const c = count[base + d];
      count[base + d] = sum;
      sum += c;
    }
    radixPass(cHi, cLo, idx, pay, tHi, tLo, tIdx, tPay, count, base, shift, mask);
    if (pay !== null) {
      const p32 = pay;
      pay = tPay;
      tPay = p32;
    }
    const t32 = idx;
    idx = tIdx;
    tIdx = t32;
    const u32 = cHi;
    cHi = tHi;
    tHi = u32;
    const l32 = cLo;
    cLo = tLo;
    tLo = l32;
  }
  // runs of equal high words, in order of their low words
  sortRuns(cHi, cLo, idx, pay, tIdx, tPay);
  if (sortedOut) decodeSorted(cHi, cLo, idx, keys, flip, sortedOut);
  if (carry && pay !== payloadOut) payloadOut!.set(pay!);
  if (idx !== fresh) fresh.set(idx); // (an odd number of passes: the order is in the scratch array)
  return fresh;
}

/** Keys encoded as two unsigned words in sort order (flip: descending), idx = 0..n-1, and the high words' three digit histograms. */
function encodeKeys(keys: Float64Array, flip: number, cHi: Uint32Array, cLo: Uint32Array, idx: Int32Array, count: Int32Array): void {
  const n = keys.length;
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const H = le ? 1 : 0;
  const L = le ? 0 : 1;
  for (let i = 0; i < n; i++) {
    f[0] = keys[i] + 0; // -0 -> 0
    let h = u[H];
    let l = u[L];
    if (h & 0x80000000) {
      h = ~h;
      l = ~l;
    } else h |= 0x80000000;
    h = (h ^ flip) >>> 0;
    cHi[i] = h;
    cLo[i] = (l ^ flip) >>> 0;
    idx[i] = i;
    count[h & 0x7ff]++;
    count[2048 + ((h >>> 11) & 0x7ff)]++;
    count[4096 + (h >>> 22)]++;
  }
}

/** Each run of equal high words put in order by its low words (idx and pay alongside; tIdx, tPay: scratch of length n). */
function sortRuns(
  cHi: Uint32Array,
  cLo: Uint32Array,
  idx: Int32Array,
  pay: Int32Array | null,
  tIdx: Int32Array,
  tPay: Int32Array | null,
): void {
  const n = cHi.length;
  let scratch: Uint32Array | null = null;
  let j = 0;
  while (j < n) {
    const h = cHi[j];
    let e = j + 1;
    while (e < n && cHi[e] === h) e++;
    if (e - j > 1) {
      if (e - j > 24 && (!scratch || scratch.length < e - j)) scratch = new Uint32Array(e - j);
      sortRunByLow(cLo, idx, pay, j, e, scratch, tIdx, tPay);
    }
    j = e;
  }
}

/** One stable scatter by the digit (h >>> shift) & mask of the high words, with count[base ...] the digit's starts. */
function radixPass(
  cHi: Uint32Array,
  cLo: Uint32Array,
  idx: Int32Array,
  pay: Int32Array | null,
  tHi: Uint32Array,
  tLo: Uint32Array,
  tIdx: Int32Array,
  tPay: Int32Array | null,
  count: Int32Array,
  base: number,
  shift: number,
  mask: number,
): void {
  const n = cHi.length;
  if (pay !== null) {
    for (let j = 0; j < n; j++) {
      const h = cHi[j];
      const k = count[base + ((h >>> shift) & mask)]++;
      tIdx[k] = idx[j];
      tHi[k] = h;
      tLo[k] = cLo[j];
      tPay![k] = pay[j];
    }
  } else {
    for (let j = 0; j < n; j++) {
      const h = cHi[j];
      const k = count[base + ((h >>> shift) & mask)]++;
      tIdx[k] = idx[j];
      tHi[k] = h;
      tLo[k] = cLo[j];
    }
  }
}

/** The keys in sorted order, decoded from their encoded words in sequence (a zero's sign from `keys`). */
function decodeSorted(cHi: Uint32Array, cLo: Uint32Array, idx: Int32Array, keys: Float64Array, flip: number, out: Float64Array): void {
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const H = le ? 1 : 0;
  const L = le ? 0 : 1;
  for (let k = 0; k < out.length; k++) {
    const h = (cHi[k] ^ flip) >>> 0;
    const l = (cLo[k] ^ flip) >>> 0;
    if (h & 0x80000000) {
      u[H] = h & 0x7fffffff;
      u[L] = l;
    } else {
      u[H] = ~h;
      u[L] = ~l;
    }
    const x = f[0];
    out[k] = x === 0 ? keys[idx[k]] : x; // (the sign of a zero)
  }
}

/** Insertion sort of lo[s, e) by lo (stable), idx and pay alongside; lo[s, k) is already in order. */
function insertionByLow(lo: Uint32Array, idx: Int32Array, pay: Int32Array | null, s: number, k: number, e: number): void {
  for (let a = k; a < e; a++) {
    const v = lo[a];
    const x = idx[a];
    const y = pay !== null ? pay[a] : 0;
    let b = a - 1;
    while (b >= s && lo[b] > v) {
      lo[b + 1] = lo[b];
      idx[b + 1] = idx[b];
      if (pay !== null) pay[b + 1] = pay[b];
      b--;
    }
    lo[b + 1] = v;
    idx[b + 1] = x;
    if (pay !== null) pay[b + 1] = y;
  }
}

/** Stable sort of lo[s, e) (with idx and pay alongside) by lo; tLo / tIdx / tPay are scratch of at least e - s. */
function sortRunByLow(
  lo: Uint32Array,
  idx: Int32Array,
  pay: Int32Array | null,
  s: number,
  e: number,
  tLo: Uint32Array | null,
  tIdx: Int32Array,
  tPay: Int32Array | null,
): void {
  // already in order (the common case for equal keys): nothing to do
  let k = s + 1;
  while (k < e && lo[k - 1] <= lo[k]) k++;
  if (k === e) return;
  if (e - s <= 24) {
    insertionByLow(lo, idx, pay, s, k, e);
    return;
  }
  // a long run: LSD radix sort on the low word, 8-bit digits, constant digits skipped
  const m = e - s;
  const count = new Int32Array(256);
  let srcLo = lo;
  let srcIdx = idx;
  let srcPay = pay;
  let srcAt = s;
  let dstLo = tLo!;
  let dstIdx = tIdx;
  let dstPay = tPay;
  let dstAt = 0;
  for (let shift = 0; shift < 32; shift += 8) {
    count.fill(0);
    for (let a = 0; a < m; a++) count[(srcLo[srcAt + a] >>> shift) & 0xff]++;
    let single = false;
    for (let d = 0; d < 256; d++) {
      if (count[d] === m) single = true;
      if (count[d] !== 0) break;
    }
    if (single) continue;
    let sum = 0;
    for (let d = 0; d < 256; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let a = 0; a < m; a++) {
      const v = srcLo[srcAt + a];
      const q = dstAt + count[(v >>> shift) & 0xff]++;
      dstLo[q] = v;
      dstIdx[q] = srcIdx[srcAt + a];
      if (srcPay !== null) dstPay![q] = srcPay[srcAt + a];
    }
    const l = srcLo;
    srcLo = dstLo;
    dstLo = l;
    const x = srcIdx;
    srcIdx = dstIdx;
    dstIdx = x;
    const p = srcPay;
    srcPay = dstPay;
    dstPay = p;
    const at = srcAt;
    srcAt = dstAt;
    dstAt = at;
  }
  if (srcLo !== lo) {
    lo.set(srcLo.subarray(srcAt, srcAt + m), s);
    idx.set(srcIdx.subarray(srcAt, srcAt + m), s);
    if (pay !== null) pay.set(srcPay!.subarray(srcAt, srcAt + m), s);
  }
}
