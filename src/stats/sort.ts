/**
 * Stable argsort of float64 keys by LSD radix sort on their IEEE-754 bits (up to 6 passes of 11 bits; constant digits are skipped):
 * linear time, about 20x faster than a comparator sort at a million rows. NaN keys are not allowed
 * (the loaders reject them first); -0 sorts as 0. `sortedOut` (length n), when given, receives the
 * keys in the returned order.
 */
export function argsort(keys: Float64Array, descending = false, sortedOut: Float64Array | null = null): Int32Array {
  const n = keys.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
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
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    if (descending) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
  }
  // Keys travel with the indices, so every pass reads sequentially (no random gathers).
  let idx: Int32Array = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let tIdx: Int32Array = new Int32Array(n);
  let cHi: Uint32Array = hi;
  let cLo: Uint32Array = lo;
  let tHi: Uint32Array = new Uint32Array(n);
  let tLo: Uint32Array = new Uint32Array(n);
  // 11-bit digits keep the histogram in cache: 3 passes per 32-bit half (11 + 11 + 10 bits)
  const count = new Int32Array(2048);
  for (let pass = 0; pass < 6; pass++) {
    const useHi = pass >= 3;
    const shift = (pass % 3) * 11;
    const mask = pass % 3 === 2 ? 0x3ff : 0x7ff;
    const src = useHi ? cHi : cLo;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(src[i] >>> shift) & mask]++;
    // skip a pass where every key has the same digit
    let single = false;
    for (let d = 0; d <= mask; d++) {
      if (count[d] === n) single = true;
      if (count[d] !== 0) break;
    }
    if (single) continue;
    let sum = 0;
    for (let d = 0; d <= mask; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let j = 0; j < n; j++) {
      const k = count[(src[j] >>> shift) & mask]++;
      tIdx[k] = idx[j];
      tHi[k] = cHi[j];
      tLo[k] = cLo[j];
    }
    const t = idx;
    idx = tIdx;
    tIdx = t;
    let u: Uint32Array = cHi;
    cHi = tHi;
    tHi = u;
    u = cLo;
    cLo = tLo;
    tLo = u;
  }
  if (sortedOut) decodeKeys(cHi, cLo, descending, sortedOut, keys, idx);
  return idx;
}

/** The keys in sorted order, decoded from the bits that travelled with the indices (no gather); -0 gets its sign back. */
function decodeKeys(cHi: Uint32Array, cLo: Uint32Array, descending: boolean, out: Float64Array, keys: Float64Array, idx: Int32Array): void {
  const n = idx.length;
  const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const H = le ? 1 : 0;
  const L = le ? 0 : 1;
  const w = new Uint32Array(out.buffer, out.byteOffset, 2 * n);
  for (let j = 0; j < n; j++) {
    let h = cHi[j];
    let l = cLo[j];
    if (descending) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    if (h & 0x80000000) h = (h & 0x7fffffff) >>> 0;
    else {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    w[2 * j + H] = h;
    w[2 * j + L] = l;
  }
  for (let j = 0; j < n; j++) if (out[j] === 0) out[j] = keys[idx[j]];
}
