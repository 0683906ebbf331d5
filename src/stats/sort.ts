/**
 * Stable argsort of float64 keys by LSD radix sort on their IEEE-754 bits: linear time, about 20x
 * faster than a comparator sort at a million rows. NaN keys are not allowed (the loaders reject them
 * first); -0 sorts as 0. `sortedOut` (length n), when given, receives the keys in the returned order.
 *
 * The radix passes (11-bit digits, constant digits skipped) run on the high 32 bits only (sign,
 * exponent and the top 20 bits of the mantissa), with the low 32 bits travelling along; rows whose
 * high words are equal then form short runs, which are put in order by their low words (insertion
 * sort, or a radix sort over the run when it is long). Both steps are stable, so the order is that of
 * a stable sort on the whole key: equal keys keep their row order.
 */
export function argsort(keys: Float64Array, descending = false, sortedOut: Float64Array | null = null): Int32Array {
  const n = keys.length;
  let cHi = new Uint32Array(n);
  let idx = new Int32Array(n);
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const H = le ? 1 : 0;
  const L = le ? 0 : 1;
  // the three digit histograms of the high words, counted while the keys are encoded
  const count = new Int32Array(3 * 2048);
  const flip = descending ? 0xffffffff : 0;
  for (let i = 0; i < n; i++) {
    f[0] = keys[i] + 0; // -0 -> 0
    let h = u[H];
    if (h & 0x80000000) h = ~h;
    else h |= 0x80000000;
    h = (h ^ flip) >>> 0;
    cHi[i] = h;
    idx[i] = i;
    count[h & 0x7ff]++;
    count[2048 + ((h >>> 11) & 0x7ff)]++;
    count[4096 + (h >>> 22)]++;
  }
  let tIdx = new Int32Array(n);
  let tHi = new Uint32Array(n);
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
    for (let j = 0; j < n; j++) {
      const h = cHi[j];
      const k = count[base + ((h >>> shift) & mask)]++;
      tIdx[k] = idx[j];
      tHi[k] = h;
    }
    const t32 = idx;
    idx = tIdx;
    tIdx = t32;
    const u32 = cHi;
    cHi = tHi;
    tHi = u32;
  }
  // runs of equal high words, in order of their low words (read from the keys: such runs are short and rare)
  const lo = tHi;
  let scratch: Uint32Array | null = null;
  let j = 0;
  while (j < n) {
    const h = cHi[j];
    let e = j + 1;
    while (e < n && cHi[e] === h) e++;
    if (e - j > 1) {
      for (let k = j; k < e; k++) {
        f[0] = keys[idx[k]] + 0;
        lo[k] = ((h ^ flip) & 0x80000000 ? u[L] : ~u[L]) ^ flip;
      }
      if (e - j > 24 && (!scratch || scratch.length < e - j)) scratch = new Uint32Array(e - j);
      sortRunByLow(lo, idx, j, e, scratch, tIdx);
    }
    j = e;
  }
  if (sortedOut) for (let k = 0; k < n; k++) sortedOut[k] = keys[idx[k]];
  return idx;
}

/** Stable sort of lo[s, e) (with idx alongside) by lo; tLo / tIdx are scratch of at least e - s. */
function sortRunByLow(lo: Uint32Array, idx: Int32Array, s: number, e: number, tLo: Uint32Array | null, tIdx: Int32Array): void {
  // already in order (the common case for equal keys): nothing to do
  let k = s + 1;
  while (k < e && lo[k - 1] <= lo[k]) k++;
  if (k === e) return;
  if (e - s <= 24) {
    for (let a = k; a < e; a++) {
      const v = lo[a];
      const x = idx[a];
      let b = a - 1;
      while (b >= s && lo[b] > v) {
        lo[b + 1] = lo[b];
        idx[b + 1] = idx[b];
        b--;
      }
      lo[b + 1] = v;
      idx[b + 1] = x;
    }
    return;
  }
  // a long run: LSD radix sort on the low word, 8-bit digits, constant digits skipped
  const m = e - s;
  const count = new Int32Array(256);
  let srcLo = lo;
  let srcIdx = idx;
  let srcAt = s;
  let dstLo = tLo!;
  let dstIdx = tIdx;
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
    }
    const l = srcLo;
    srcLo = dstLo;
    dstLo = l;
    const x = srcIdx;
    srcIdx = dstIdx;
    dstIdx = x;
    const at = srcAt;
    srcAt = dstAt;
    dstAt = at;
  }
  if (srcLo !== lo) {
    lo.set(srcLo.subarray(srcAt, srcAt + m), s);
    idx.set(srcIdx.subarray(srcAt, srcAt + m), s);
  }
}
