import { describe, expect, it } from 'vitest';
import { cellIndex, cellIndexByLog, cellLow, MIN_MAGNITUDE } from '../../src/data/sketch.js';

const F = new Float64Array(1);
const B = new BigUint64Array(F.buffer);
function ulps(x: number, k: number): number {
  F[0] = x;
  B[0] += BigInt(k);
  return F[0];
}

describe('sketch cell index without Math.log (sweeps)', () => {
  it('every cell boundary from MIN_MAGNITUDE to the largest double, +- 8 ulps', () => {
    let bad = 0;
    let checked = 0;
    const first = cellIndexByLog(MIN_MAGNITUDE);
    const last = cellIndexByLog(Number.MAX_VALUE);
    for (let i = first; i <= last + 1; i++) {
      const b = cellLow(i);
      if (!Number.isFinite(b)) continue;
      for (let k = -8; k <= 8; k++) {
        const m = ulps(b, k);
        if (m < MIN_MAGNITUDE || !(m <= Number.MAX_VALUE)) continue;
        checked++;
        if (cellIndex(m) !== cellIndexByLog(m)) bad++;
      }
    }
    expect(checked).toBeGreaterThan(1_000_000);
    expect(bad).toBe(0);
  });
  it('1e6 doubles with uniformly random bits (seeded), both signs folded', () => {
    let s = 12345;
    const rand32 = () => {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return (t ^ (t >>> 14)) >>> 0;
    };
    const W = new Uint32Array(F.buffer);
    let bad = 0;
    let checked = 0;
    while (checked < 1_000_000) {
      W[0] = rand32();
      W[1] = rand32() & 0x7fffffff;
      const m = F[0];
      if (!(m >= MIN_MAGNITUDE && m <= Number.MAX_VALUE)) continue;
      checked++;
      if (cellIndex(m) !== cellIndexByLog(m)) bad++;
    }
    expect(bad).toBe(0);
  });
});
