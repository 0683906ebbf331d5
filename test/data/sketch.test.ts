import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../helpers/tier.js';
import { cellIndex, cellIndexByLog, cellLow, LogSketch, MIN_MAGNITUDE, sketchHistogram } from '../../src/data/sketch.js';

const F = new Float64Array(1);
const B = new BigInt64Array(F.buffer);
/** The double k ulps from x (x > 0; k may be negative). */
function ulps(x: number, k: number): number {
  F[0] = x;
  B[0] += BigInt(k);
  return F[0];
}
function fromBits(b: bigint): number {
  B[0] = b;
  return F[0];
}
const MAX_BITS = 0x7fefffffffffffffn;
const MIN_BITS = (() => {
  F[0] = MIN_MAGNITUDE;
  return B[0];
})();

/** The sketch's cells counted one by one with Math.log (the definition). */
function byLog(xs: number[]): { zero: number; pos: Map<number, number>; neg: Map<number, number> } {
  const pos = new Map<number, number>();
  const neg = new Map<number, number>();
  let zero = 0;
  for (const x of xs) {
    if (x >= MIN_MAGNITUDE) pos.set(cellIndexByLog(x), (pos.get(cellIndexByLog(x)) ?? 0) + 1);
    else if (x <= -MIN_MAGNITUDE) neg.set(cellIndexByLog(-x), (neg.get(cellIndexByLog(-x)) ?? 0) + 1);
    else zero++;
  }
  return { zero, pos, neg };
}
function cellsOf(s: LogSketch): { zero: number; pos: Map<number, number>; neg: Map<number, number> } {
  const d = s.toJSON();
  const m = (p?: { offset: number; counts: number[] }) =>
    new Map((p?.counts ?? []).flatMap((c, k) => (c > 0 ? [[p!.offset + k, c] as [number, number]] : [])));
  return { zero: d.zero, pos: m(d.positive), neg: m(d.negative) };
}

/** Doubles from their bits over the whole finite range, with the interesting spots weighted up. */
const anyDouble = fc.oneof(
  fc.bigInt({ min: 0n, max: MAX_BITS }).map(fromBits),
  fc.bigInt({ min: MIN_BITS, max: MAX_BITS }).map(fromBits),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  // subnormals and the zero cell's edge
  fc.bigInt({ min: 0n, max: 0x000fffffffffffffn }).map(fromBits),
  fc.integer({ min: -3, max: 3 }).map((k) => ulps(MIN_MAGNITUDE, k)),
  // next to cell boundaries (powers of gamma), octave and slot starts, whole numbers
  fc.tuple(fc.integer({ min: -6907, max: 70977 }), fc.integer({ min: -600, max: 600 })).map(([i, k]) => ulps(cellLow(i), k)),
  fc
    .tuple(fc.integer({ min: -99, max: 1023 }), fc.integer({ min: 0, max: 1023 }), fc.integer({ min: -3, max: 3 }))
    .map(([e, s, k]) => ulps(2 ** e * (1 + s / 1024), k)),
  fc.tuple(fc.integer({ min: 1, max: 10000 }), fc.integer({ min: -2, max: 2 })).map(([n, k]) => ulps(n, k)),
  fc.constantFrom(Number.MAX_VALUE, ulps(Number.MAX_VALUE, -1), Number.MIN_VALUE, 1, 2, 4096, 4095),
);

describe('sketch cell index without Math.log', () => {
  it('property: the same cell as floor(log(m) / log(gamma)) for every double (bits, subnormals, boundaries +- ulps)', () => {
    fc.assert(
      fc.property(anyDouble, (x) => {
        const m = Math.abs(x);
        if (m >= MIN_MAGNITUDE) expect(cellIndex(m)).toBe(cellIndexByLog(m));
      }),
      { numRuns: runs(200000) },
    );
  });
  it('every cell boundary in a window of octaves, to the last bit, +- 600 ulps', () => {
    for (const i of [-6907, -100, -1, 0, 1, 69, 70, 1000, 30000, 70976, 70977]) {
      const b = cellLow(i);
      for (let k = -600; k <= 600; k++) {
        const m = ulps(b, k);
        if (m >= MIN_MAGNITUDE && m <= Number.MAX_VALUE) expect(cellIndex(m)).toBe(cellIndexByLog(m));
      }
    }
  });
  it('property: addMany counts the same cells as the definition (signs, zeros, subnormals, small whole numbers)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            anyDouble,
            anyDouble.map((x) => -x),
            fc.integer({ min: -5000, max: 5000 }),
          ),
          { maxLength: 200 },
        ),
        (xs) => {
          const s = new LogSketch();
          s.addMany(Float64Array.from(xs), xs.length);
          expect(cellsOf(s)).toEqual(byLog(xs));
          const t = new LogSketch();
          xs.forEach((x) => t.add(x));
          expect(cellsOf(t)).toEqual(byLog(xs));
        },
      ),
      { numRuns: runs(2000) },
    );
  });
  it("property: addManyMoments gives addMany's cells and the moments of a loop of their own, bit for bit, in calls of any size", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            anyDouble,
            anyDouble.map((x) => -x),
            fc.integer({ min: -50, max: 50 }),
            fc.constantFrom(0, -0),
          ),
          {
            maxLength: 300,
          },
        ),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 20 }),
        fc.constantFrom(undefined, 0.01),
        (xs, sizes, alpha) => {
          const fused = new LogSketch(alpha);
          const plain = new LogSketch(alpha);
          const m = { finite: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity, zeros: 0 };
          const want = { ...m };
          const scratch = new Float64Array(64); // the caller's scratch, reused between calls
          let at = 0;
          for (let c = 0; at < xs.length; c++) {
            const size = sizes[c % sizes.length];
            const n = Math.min(c % sizes.length === sizes.length - 1 ? Math.max(1, size) : size, xs.length - at); // (empty calls too)
            scratch.set(xs.slice(at, at + n));
            fused.addManyMoments(scratch, n, m);
            for (let j = 0; j < n; j++) {
              const v = xs[at + j];
              want.finite++;
              const d = v - want.mean;
              want.mean += d / want.finite;
              want.m2 += d * (v - want.mean);
              if (v < want.min) want.min = v;
              if (v > want.max) want.max = v;
              if (v === 0) want.zeros++;
            }
            plain.addMany(Float64Array.from(xs.slice(at, at + n)), n);
            at += n;
          }
          for (const k of Object.keys(want) as Array<keyof typeof want>) expect(Object.is(m[k], want[k])).toBe(true);
          expect(fused.toJSON()).toEqual(plain.toJSON());
          expect(fused.count).toBe(xs.length);
        },
      ),
      { numRuns: runs(1000) },
    );
  });
  it('addMany on a Float64Array view at an offset reads the right words', () => {
    const buf = new Float64Array([7, 1e300, -3.5, 0.1, 123456.789]);
    const s = new LogSketch();
    s.addMany(buf.subarray(1), 4);
    expect(cellsOf(s)).toEqual(byLog([1e300, -3.5, 0.1, 123456.789]));
  });
});

describe('sketch near the largest double', () => {
  it('cell bounds and values are finite; histogram edges are finite and strictly increasing', () => {
    const M = Number.MAX_VALUE;
    const cases = [[M, M, M], [ulps(M, -1)], [M * (1 - 1e-10)], [-M, -M], [-M, M], [1, M, -M, 0], [M * 0.9, M], [-M, -M * 0.999]];
    for (const xs of cases) {
      const s = new LogSketch();
      xs.forEach((x) => s.add(x));
      for (const c of s.cells()) {
        for (const v of [c.lo, c.hi, c.value]) expect(Number.isFinite(v)).toBe(true);
        expect(c.lo).toBeLessThan(c.hi);
      }
      const min = Math.min(...xs);
      const max = Math.max(...xs);
      const h = sketchHistogram(s, 10, min, max);
      for (const e of h.edges) expect(Number.isFinite(e)).toBe(true);
      for (let i = 1; i < h.edges.length; i++) expect(h.edges[i]).toBeGreaterThan(h.edges[i - 1]);
      // every value lies within the edges (the last bin is closed)
      expect(h.edges[0]).toBeLessThanOrEqual(min);
      expect(h.edges[h.edges.length - 1]).toBeGreaterThanOrEqual(max);
      expect(h.counts.reduce((a, b) => a + b, 0)).toBe(xs.length);
      expect(JSON.parse(JSON.stringify(h.edges))).toEqual(h.edges);
    }
  });
  it('a constant column keeps [v, v + max(|v|, 1) * 1e-9] where that is finite', () => {
    const s = new LogSketch();
    s.add(5);
    expect(sketchHistogram(s, 10, 5, 5).edges).toEqual([5, 5 + 5e-9]);
  });
});
