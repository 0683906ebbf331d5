/**
 * The fast paths of the analytic binary intervals (issue 15) against plain references, bit for bit:
 * argsort's sorted keys, average precision's influence values and DeLong's placements from the
 * views' cached sorted arrays (no per-call gathers or count arrays), group views built from the global
 * sorted arrays, and a comparison that computes each side's influence values once against one that
 * recomputes them for every interval and standard error (as before). Inputs have ties, slices, a
 * missing class in a slice, and -0 scores.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apInfluence,
  delongVar,
  delongVar3,
  eceInterval,
  influenceInto,
  influenceUncentred,
  pairedDeltaSe,
  placementsOf,
  seOfMeans3,
  singleInterval,
  type BinaryView,
} from '../../src/stats/binary-intervals.js';
import { groupViews } from '../../src/stats/binary-eval.js';
import { compareSets, DEFAULT_SETTINGS, MetricSet, binaryPredicted } from '../../src/stats/model-eval.js';
import { seOfMean } from '../../src/stats/intervals.js';
import { binomHalfCdf, logGamma } from '../../src/stats/distributions.js';
import { argsort } from '../../src/stats/sort.js';
import { chunk } from '../../src/stats/chunks.js';
import { giveBack, lease } from '../../src/stats/scratch.js';
import { BinaryEngine, EPS } from '../../src/stats/classification.js';
import { ByteColumn, ByteColumnIndex, firstDuplicate } from '../../src/evidence/bytes.js';
import { binaryPredictions } from '../helpers/predictions.js';
import { runs } from '../helpers/tier.js';

/** Bits of a number, so that -0 and 0 (and NaN payloads) differ. */
const same = (a: number, b: number) => Object.is(a, b);
const sameArrays = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((v, i) => same(v, b[i]));

/** The plain reference of apInfluence: gathers and count arrays per call (the implementation before issue 15). */
function apInfluenceRef(v: BinaryView, out: Float64Array): boolean {
  const { y, p, ord } = v;
  const n = y.length;
  let npos = 0;
  for (let i = 0; i < n; i++) npos += y[i];
  if (npos === 0) return false;
  const cntAt = new Float64Array(n);
  const posAt = new Float64Array(n);
  const ps = Float64Array.from(ord, (i) => p[i]);
  const ys = Uint8Array.from(ord, (i) => y[i]);
  let cnt = 0;
  let pos = 0;
  let sumYG = 0;
  let j = 0;
  while (j < n) {
    let e = j;
    let gp = 0;
    while (e < n && ps[e] === ps[j]) gp += ys[e++];
    cnt += e - j;
    pos += gp;
    for (let k = j; k < e; k++) {
      cntAt[k] = cnt;
      posAt[k] = pos;
    }
    sumYG += (gp * pos) / cnt;
    j = e;
  }
  const N = sumYG / n;
  const pi = npos / n;
  const AP = sumYG / npos;
  let S1 = 0;
  let S2 = 0;
  j = n - 1;
  while (j >= 0) {
    let e = j;
    let gp = 0;
    while (e >= 0 && ps[e] === ps[j]) gp += ys[e--];
    const c = cntAt[j];
    const a = posAt[j];
    S1 += gp / c;
    S2 += (gp * a) / (c * c);
    const g = a / c;
    for (let k = j; k > e; k--) {
      const yi = ys[k];
      out[ord[k]] = (yi * g - N + yi * S1 - S2 - AP * (yi - pi)) / pi;
    }
    j = e;
  }
  return true;
}

/** The plain reference of placementsOf: reads through the order (the implementation before issue 15). */
function placementsRef(y: Uint8Array, p: Float64Array, ord: Int32Array) {
  const n = y.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += y[i];
  const nn = n - m;
  const pl = new Float64Array(n);
  let posAbove = 0;
  let negAbove = 0;
  let sum = 0;
  let j = 0;
  while (j < n) {
    let e = j;
    let gp = 0;
    const v = p[ord[j]];
    while (e < n && p[ord[e]] === v) gp += y[ord[e++]];
    const gn = e - j - gp;
    const v10 = nn > 0 ? (nn - negAbove - 0.5 * gn) / nn : NaN;
    const v01 = m > 0 ? (posAbove + 0.5 * gp) / m : NaN;
    for (let k = j; k < e; k++) pl[ord[k]] = y[ord[k]] ? v10 : v01;
    sum += gp * v10;
    posAbove += gp;
    negAbove += gn;
    j = e;
  }
  return { auc: m > 0 && nn > 0 ? sum / m : NaN, pl, m, nn };
}

/** The plain reference of influenceInto (before issue 15's last round): fill, then the mean, then subtract it. */
function influenceRef(metric: string, v: BinaryView, bins: number, out: Float64Array): boolean {
  const { y, p, yhat } = v;
  const n = y.length;
  if (n === 0) return false;
  let pos = 0;
  let pp = 0;
  let tp = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    pos += y[i];
    pp += yhat[i];
    tp += y[i] & yhat[i];
    correct += y[i] === yhat[i] ? 1 : 0;
  }
  const pi = pos / n;
  const q = pp / n;
  const binOf = (x: number) => Math.min(bins - 1, Math.floor(x * bins));
  switch (metric) {
    case 'accuracy':
      for (let i = 0; i < n; i++) out[i] = (y[i] === yhat[i] ? 1 : 0) - correct / n;
      return true;
    case 'precision':
      if (pp === 0) return false;
      for (let i = 0; i < n; i++) out[i] = (yhat[i] * (y[i] - tp / pp)) / q;
      return true;
    case 'recall':
      if (pos === 0) return false;
      for (let i = 0; i < n; i++) out[i] = (y[i] * (yhat[i] - tp / pos)) / pi;
      return true;
    case 'f1':
      if (pos + pp === 0) return false;
      for (let i = 0; i < n; i++) out[i] = (2 * y[i] * yhat[i] - ((2 * tp) / (pos + pp)) * (y[i] + yhat[i])) / (pi + q);
      return true;
    case 'average_precision':
      return apInfluenceRef(v, out);
    case 'log_loss':
      for (let i = 0; i < n; i++) {
        const r = p[i] < EPS ? EPS : p[i] > 1 - EPS ? 1 - EPS : p[i];
        out[i] = y[i] ? -Math.log(r) : -Math.log(1 - r);
      }
      break;
    case 'brier_score':
      for (let i = 0; i < n; i++) out[i] = (p[i] - y[i]) * (p[i] - y[i]);
      break;
    case 'prediction_bias':
      for (let i = 0; i < n; i++) out[i] = p[i] - y[i];
      break;
    case 'ece': {
      const D = new Float64Array(bins);
      for (let i = 0; i < n; i++) D[binOf(p[i])] += p[i] - y[i];
      for (let i = 0; i < n; i++) out[i] = Math.sign(D[binOf(p[i])]) * (p[i] - y[i]);
      break;
    }
    default:
      return false;
  }
  let m = 0;
  for (let i = 0; i < n; i++) m += out[i];
  m /= n;
  for (let i = 0; i < n; i++) out[i] -= m;
  return true;
}

/** Scores with many ties (a coarse grid), exact 0, -0 and 1, and a threshold edge. */
const score = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.integer({ min: 0, max: 8 }).map((k) => k / 8),
  fc.constantFrom(0, -0, 1, 0.5),
);
const row = fc.tuple(fc.boolean(), score, score, fc.integer({ min: 0, max: 3 }));
const rowsArb = fc.array(row, { minLength: 2, maxLength: 150 });

function setsOf(rows: Array<[boolean, number, number, number]>) {
  const y = rows.map((r) => (r[0] ? 1 : 0));
  // slice D holds only negatives: a slice with one class
  const sl = rows.map((r) => (r[0] && r[3] === 3 ? 'C' : 'ABCD'[r[3]]));
  const head = binaryPredictions(
    y,
    rows.map((r) => r[1]),
    { groups: { sl } },
  );
  const base = binaryPredictions(
    y,
    rows.map((r) => r[2]),
    { groups: { sl } },
  );
  return { head, base };
}

function viewsOf(set: MetricSet, sorted: boolean): BinaryView[] {
  const p = set.pred;
  return groupViews(
    p.y as Uint8Array,
    p.score!,
    binaryPredicted(p, 0.5),
    set.grouping!.codes,
    set.groups,
    set.order()!,
    sorted ? set.sorted() : null,
  );
}

describe('fast paths equal their plain references bit for bit', () => {
  it('argsort returns the keys in its order, -0 included, both directions (property)', () => {
    const key = fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0, -0, 1, -1, Infinity, -Infinity), fc.integer({ min: -3, max: 3 }));
    fc.assert(
      fc.property(fc.array(key, { maxLength: 300 }), fc.boolean(), (ks, desc) => {
        const keys = Float64Array.from(ks);
        const sorted = new Float64Array(keys.length);
        const idx = argsort(keys, desc, sorted);
        expect(sameArrays(idx, argsort(keys, desc))).toBe(true);
        expect(
          sameArrays(
            sorted,
            Float64Array.from(idx, (i) => keys[i]),
          ),
        ).toBe(true);
      }),
      { numRuns: runs(2000), seed: 15 },
    );
  });

  it('argsort on the high words, then runs of equal high words by the low words, equals a stable comparator sort (property)', () => {
    // keys that share their high 32 bits and differ in the low ones (short runs and runs longer than
    // the insertion-sort limit), exact repeats, both signs, -0
    const f = new Float64Array(1);
    const w = new Uint32Array(f.buffer);
    const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    const withLow = (x: number, low: number) => {
      f[0] = x;
      w[le ? 0 : 1] = low >>> 0;
      return f[0];
    };
    const hiBase = fc.constantFrom(0.5, -0.5, 0.123456, -3.75, 1e-300, 7e200, 0.9999);
    const key = fc.oneof(
      fc.tuple(hiBase, fc.integer({ min: 0, max: 40 })).map(([x, k]) => withLow(x, k * 0x01010101)),
      fc.tuple(hiBase, fc.integer()).map(([x, k]) => withLow(x, k)),
      fc.double({ noNaN: true }),
      fc.constantFrom(0, -0, 1, -1, Infinity, -Infinity),
    );
    fc.assert(
      fc.property(fc.array(key, { maxLength: 400 }), fc.boolean(), (ks, desc) => {
        const keys = Float64Array.from(ks);
        const sorted = new Float64Array(keys.length);
        const idx = argsort(keys, desc, sorted);
        const ref = Array.from(keys, (_, i) => i).sort((a, b) => {
          const ka = keys[a] + 0;
          const kb = keys[b] + 0;
          if (ka === kb) return a - b;
          return (desc ? ka < kb : ka > kb) ? 1 : -1;
        });
        expect(sameArrays(idx, ref)).toBe(true);
        expect(
          sameArrays(
            sorted,
            Float64Array.from(idx, (i) => keys[i]),
          ),
        ).toBe(true);
        // a payload carried through the passes (into another array, or sorted in place) lands where its row does
        const payload = Int32Array.from(keys, (_, i) => (i * 2654435761) | 0);
        const out = new Int32Array(keys.length);
        const sorted2 = new Float64Array(keys.length);
        expect(sameArrays(argsort(keys, desc, sorted2, payload, out), ref)).toBe(true);
        expect(sameArrays(sorted2, sorted)).toBe(true);
        expect(
          sameArrays(
            out,
            Int32Array.from(ref, (i) => payload[i]),
          ),
        ).toBe(true);
        const inPlace = payload.slice();
        argsort(keys, desc, null, inPlace, inPlace);
        expect(sameArrays(inPlace, out)).toBe(true);
      }),
      { numRuns: runs(2000), seed: 19 },
    );
  });

  it('group views from the global sorted arrays: AP influence and placements equal the references per view (property)', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const { head } = setsOf(rows);
        const set = new MetricSet(head, head.groups.get('sl')!, DEFAULT_SETTINGS);
        const fast = viewsOf(set, true);
        const plain = viewsOf(set, false);
        expect(fast.length).toBe(plain.length);
        fast.forEach((v, r) => {
          const a = new Float64Array(v.y.length);
          const b = new Float64Array(v.y.length);
          const okA = apInfluence(v, a);
          const okB = apInfluenceRef(plain[r], b);
          expect(okA).toBe(okB);
          if (okA) expect(sameArrays(a, b)).toBe(true);
          const pf = placementsOf(v.y, v.p, v.ord);
          const pr = placementsRef(plain[r].y, plain[r].p, plain[r].ord);
          expect(same(pf.auc, pr.auc)).toBe(true);
          expect(sameArrays(pf.pl, pr.pl)).toBe(true);
          // the views themselves: same rows, same order
          expect(sameArrays(v.ord, plain[r].ord)).toBe(true);
          expect(sameArrays(v.p, plain[r].p)).toBe(true);
        });
      }),
      { numRuns: runs(1500), seed: 16 },
    );
  });

  it('a paired comparison computing each influence once equals recomputing it for every interval and error (property)', () => {
    const s = { ...DEFAULT_SETTINGS, eceBins: 5 };
    const o = { threshold: s.threshold, eceBins: s.eceBins, confidence: s.confidence };
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const { head, base } = setsOf(rows);
        const hs = new MetricSet(head, head.groups.get('sl')!, s);
        const bs = new MetricSet(base, base.groups.get('sl')!, s);
        const baseRow = Int32Array.from({ length: rows.length }, (_, i) => i);
        const cmp = compareSets(hs, bs, hs.names, baseRow, s);
        // plain reference: base on head's rows, every interval and error from scratch (no precomputed values)
        const hv = hs.evaluate();
        const bv = bs.evaluate();
        const hViews = viewsOf(hs, false);
        const bViews = viewsOf(bs, false);
        const n = rows.length;
        for (const d of cmp.deltas) {
          const k = hs.names.indexOf(d.metric);
          const h0 = hv[d.group * hs.names.length + k];
          const b0 = bv[d.group * bs.names.length + k];
          expect(same(d.head, h0) && same(d.base, b0)).toBe(true);
          const hi = singleInterval(d.metric, h0, hViews[d.group], o, new Float64Array(n));
          const bi = singleInterval(d.metric, b0, bViews[d.group], o, new Float64Array(n));
          expect(same(d.headSe, hi.se) && same(d.baseSe, bi.se)).toBe(true);
          expect(d.headInterval === null ? null : [d.headInterval.lo, d.headInterval.hi]).toEqual(
            Number.isNaN(h0) || !hi.bounds ? null : [hi.bounds.lo, hi.bounds.hi],
          );
          const se = Number.isFinite(h0 - b0)
            ? pairedDeltaSe(d.metric, hViews[d.group], bViews[d.group], s.eceBins, new Float64Array(n), new Float64Array(n))
            : NaN;
          expect(same(d.se, se)).toBe(true);
        }
      }),
      { numRuns: runs(1000), seed: 17 },
    );
  });

  it("the engine's per-group orders, packed with the label per row or (too many rows for the groups to pack) from a second pass, equal a stable sort of each group", () => {
    // 40,000 rows: 5 groups pack (row index, group and label in one int); 16,384 groups do not
    for (const groups of [5, 16384]) {
      const n = 40000;
      let state = 7;
      const rnd = () => (state = (Math.imul(state, 48271) >>> 0) % 2147483647) / 2147483647;
      const y = Uint8Array.from({ length: n }, () => (rnd() < 0.3 ? 1 : 0));
      const p = Float64Array.from({ length: n }, () => (rnd() < 0.2 ? Math.floor(rnd() * 8) / 8 : rnd()));
      const used = [0, 1, 2, groups - 1, -1];
      const group = Int32Array.from({ length: n }, () => used[Math.floor(rnd() * used.length)]);
      const e = new BinaryEngine({ y, p, group, groups }, { threshold: 0.5, eceBins: 15, groupOrders: true });
      for (const g of [0, 1, 2, groups - 1]) {
        const rows = Array.from(group.keys()).filter((i) => group[i] === g);
        const ref = rows.map((_, k) => k).sort((a, b) => (p[rows[a]] === p[rows[b]] ? a - b : p[rows[b]] - p[rows[a]]));
        expect(sameArrays(e.groupOrd![g], ref)).toBe(true);
      }
      expect(e.groupOrd!.reduce((a, o) => a + o.length, 0)).toBe(group.filter((g) => g >= 0).length);
      expect(
        sameArrays(
          e.ys,
          Uint8Array.from(e.ord, (i) => y[i]),
        ),
      ).toBe(true);
      expect(
        sameArrays(
          e.code,
          Int32Array.from(e.ord, (i) => (group[i] < 0 ? groups : group[i])),
        ),
      ).toBe(true);
    }
  });

  it('seOfMeans3 gives seOfMean of each side and of the differences, to the bit (property)', () => {
    const v = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(0, -0, 1, 1e-300));
    fc.assert(
      fc.property(fc.array(fc.tuple(v, v), { maxLength: 200 }), (pairs) => {
        const a = Float64Array.from(pairs, (p) => p[0]);
        const b = Float64Array.from(pairs, (p) => p[1]);
        const t = seOfMeans3(a, b);
        expect(same(t.a, seOfMean(a)) && same(t.b, seOfMean(b)) && same(t.d, seOfMean(a, b))).toBe(true);
      }),
      { numRuns: runs(2000), seed: 18 },
    );
  });

  it('influence values, centred or uncentred with their mean subtracted later, equal the plain reference (property)', () => {
    const metrics = ['accuracy', 'precision', 'recall', 'f1', 'average_precision', 'log_loss', 'brier_score', 'ece', 'prediction_bias'];
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const { head } = setsOf(rows);
        const hs = new MetricSet(head, head.groups.get('sl')!, DEFAULT_SETTINGS);
        for (const v of viewsOf(hs, true)) {
          const n = v.y.length;
          for (const m of metrics) {
            const ref = new Float64Array(n);
            const okRef = influenceRef(m, v, 5, ref);
            const a = new Float64Array(n);
            expect(influenceInto(m, v, 5, a)).toBe(okRef);
            const b = new Float64Array(n);
            const off = influenceUncentred(m, v, 5, b);
            expect(off !== null).toBe(okRef);
            if (!okRef) continue;
            expect(sameArrays(a, ref)).toBe(true);
            expect(
              sameArrays(
                Float64Array.from(b, (x) => x - off!),
                ref,
              ),
            ).toBe(true);
          }
        }
      }),
      { numRuns: runs(1000), seed: 20 },
    );
  });

  it('seOfMeans3 with offsets equals seOfMean of the shifted arrays; delongVar3 gives delongVar of each side and of the differences, to the bit (property)', () => {
    const v = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(0, -0, 1, 1e-300));
    fc.assert(
      fc.property(fc.array(fc.tuple(v, v, fc.boolean()), { maxLength: 200 }), v, v, (rows, offA, offB) => {
        const a = Float64Array.from(rows, (r) => r[0]);
        const b = Float64Array.from(rows, (r) => r[1]);
        const y = Uint8Array.from(rows, (r) => (r[2] ? 1 : 0));
        const t = seOfMeans3(a, b, offA, offB);
        const sa = Float64Array.from(a, (x) => x - offA);
        const sb = Float64Array.from(b, (x) => x - offB);
        expect(same(t.a, seOfMean(sa)) && same(t.b, seOfMean(sb)) && same(t.d, seOfMean(sa, sb))).toBe(true);
        const d = delongVar3(y, a, b);
        expect(same(d.a, delongVar(y, a, null)) && same(d.b, delongVar(y, b, null)) && same(d.d, delongVar(y, a, b))).toBe(true);
      }),
      { numRuns: runs(2000), seed: 21 },
    );
  });

  it('the exact McNemar tail stops where its terms scale to 0 and equals the sum over every term, to the bit (property)', () => {
    // the plain reference: every term from i = 0, scaled by the largest
    const ref = (k: number, n: number): number => {
      if (k < 0) return 0;
      if (k >= n) return 1;
      const logs: number[] = [];
      let maxLog = -Infinity;
      for (let i = 0; i <= k; i++) {
        const l = logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1) - n * Math.LN2;
        logs.push(l);
        if (l > maxLog) maxLog = l;
      }
      let s = 0;
      for (const l of logs) s += Math.exp(l - maxLog);
      return Math.min(1, Math.exp(maxLog + Math.log(s)));
    };
    const nArb = fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 300000 }));
    fc.assert(
      fc.property(nArb, fc.double({ min: -0.01, max: 1.01, noNaN: true }), (n, f) => {
        const k = Math.floor(f * n);
        expect(same(binomHalfCdf(k, n), ref(k, n))).toBe(true);
      }),
      { numRuns: runs(300), seed: 22 },
    );
  });

  it('kernels run in blocks of any size (boundaries inside tie groups too) equal the plain references and one block (property)', () => {
    const metrics = ['accuracy', 'precision', 'recall', 'f1', 'average_precision', 'log_loss', 'brier_score', 'ece', 'prediction_bias'];
    const s = { ...DEFAULT_SETTINGS, eceBins: 5 };
    const whole = chunk.rows;
    const deltasOf = (rows: Array<[boolean, number, number, number]>) => {
      const { head, base } = setsOf(rows);
      const hs = new MetricSet(head, head.groups.get('sl')!, s);
      const bs = new MetricSet(base, base.groups.get('sl')!, s);
      const cmp = compareSets(
        hs,
        bs,
        hs.names,
        Int32Array.from({ length: rows.length }, (_, i) => i),
        s,
      );
      return { hs, bs, deltas: cmp.deltas };
    };
    try {
      fc.assert(
        fc.property(rowsArb, fc.integer({ min: 1, max: 9 }), (rows, size) => {
          chunk.rows = whole;
          const one = deltasOf(rows).deltas;
          chunk.rows = size;
          const { hs, bs, deltas } = deltasOf(rows);
          // every figure of a comparison (engine values, intervals, standard errors, tests) the same
          expect(deltas.length).toBe(one.length);
          deltas.forEach((d, i) => {
            const o = one[i];
            for (const k of ['head', 'base', 'delta', 'se', 'lo', 'hi', 'headSe', 'baseSe'] as const) expect(same(d[k], o[k])).toBe(true);
            expect([d.headInterval, d.baseInterval, d.test]).toEqual([o.headInterval, o.baseInterval, o.test]);
          });
          for (const set of [hs, bs])
            for (const v of viewsOf(set, true)) {
              const n = v.y.length;
              for (const m of metrics) {
                const ref = new Float64Array(n);
                const okRef = influenceRef(m, v, 5, ref);
                const a = new Float64Array(n);
                expect(influenceInto(m, v, 5, a)).toBe(okRef);
                if (okRef) expect(sameArrays(a, ref)).toBe(true);
              }
              const pf = placementsOf(v.y, v.p, v.ord);
              const pr = placementsRef(v.y, v.p, v.ord);
              expect(same(pf.auc, pr.auc) && sameArrays(pf.pl, pr.pl)).toBe(true);
              const e = eceInterval(v, 5, 0.95);
              chunk.rows = whole;
              expect(eceInterval(v, 5, 0.95)).toEqual(e);
              chunk.rows = size;
            }
          const a = hs.pred.score!;
          const b = bs.pred.score!;
          const y = hs.pred.y as Uint8Array;
          const t = seOfMeans3(a, b, 0.25, -0);
          const sa = Float64Array.from(a, (x) => x - 0.25);
          expect(same(t.a, seOfMean(sa)) && same(t.b, seOfMean(b)) && same(t.d, seOfMean(sa, b))).toBe(true);
          const d = delongVar3(y, a, b);
          expect(same(d.a, delongVar(y, a, null)) && same(d.b, delongVar(y, b, null)) && same(d.d, delongVar(y, a, b))).toBe(true);
        }),
        { numRuns: runs(600), seed: 23 },
      );
    } finally {
      chunk.rows = whole;
    }
  });

  it('scratch memory: a taken slot hands out a fresh buffer; sorts on reused (stale) scratch equal sorts on fresh memory', () => {
    const a = lease(7, 64);
    const b = lease(7, 64);
    expect(b).not.toBe(a);
    giveBack(7, b); // (not the slot's own: ignored)
    expect(lease(7, 32)).not.toBe(a);
    giveBack(7, a);
    expect(lease(7, 32)).toBe(a);
    giveBack(7, a);
    let state = 11;
    const rnd = () => (state = (Math.imul(state, 48271) >>> 0) % 2147483647) / 2147483647;
    const keysOf = (n: number) => Float64Array.from({ length: n }, () => (rnd() < 0.3 ? Math.floor(rnd() * 4) / 4 : rnd() - 0.5));
    const big = keysOf(5000);
    const first = argsort(big, true);
    // smaller and larger sorts in between leave other contents in the scratch slots
    for (const n of [3000, 7000, 10])
      argsort(
        keysOf(n),
        false,
        new Float64Array(n),
        Int32Array.from({ length: n }, (_, i) => i),
        new Int32Array(n),
      );
    expect(sameArrays(argsort(big, true), first)).toBe(true);
    // a sort while its slots are taken (fresh buffers) gives the same order
    const held = [lease(0, 8), lease(1, 8), lease(2, 8)];
    try {
      expect(sameArrays(argsort(big, true), first)).toBe(true);
    } finally {
      held.forEach((h, k) => giveBack(k, h));
    }
  });

  it("the engine's one evaluation (per-row terms on scratch memory) equals its resampled evaluations (terms kept) with every row once (property)", () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const y = Uint8Array.from(rows, (r) => (r[0] ? 1 : 0));
        const p = Float64Array.from(rows, (r) => r[1]);
        const group = Int32Array.from(rows, (r) => r[3] - 1);
        const e = new BinaryEngine({ y, p, group, groups: 3 }, { threshold: 0.5, eceBins: 5, groupOrders: true });
        const once = e.evaluate();
        const ones = new Int32Array(rows.length).fill(1);
        expect(sameArrays(e.evaluate(ones), once)).toBe(true);
        expect(sameArrays(e.evaluate(), once)).toBe(true);
      }),
      { numRuns: runs(1000), seed: 24 },
    );
  });

  it('influence values do not depend on a view computed before (the per-view caches key on the view)', () => {
    const { head } = setsOf([
      [true, 0.9, 0.1, 0],
      [false, 0.9, 0.2, 1],
      [true, 0.3, 0.3, 0],
      [false, 0.1, 0.9, 1],
      [true, 0.6, 0.6, 2],
    ]);
    const set = new MetricSet(head, head.groups.get('sl')!, DEFAULT_SETTINGS);
    const [all] = viewsOf(set, true);
    const a = new Float64Array(5);
    const b = new Float64Array(5);
    influenceInto('average_precision', all, 15, a);
    const other = viewsOf(set, true)[1];
    influenceInto('average_precision', other, 15, new Float64Array(other.y.length));
    influenceInto('average_precision', all, 15, b);
    expect(sameArrays(a, b)).toBe(true);
  });
});

describe('the id index keeps each slot hash beside its row', () => {
  it('finds every id and the first duplicate as a Map of strings does (property)', () => {
    const id = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: 0, max: 60 }).map(String), fc.constantFrom('é', 'ex1', 'ex10'));
    fc.assert(
      fc.property(fc.array(id, { maxLength: 300 }), fc.array(id, { maxLength: 50 }), (ids, probes) => {
        const col = ByteColumn.from(ids);
        const index = new ByteColumnIndex(col);
        const seen = new Map<string, number>();
        let dup: [number, number] | null = null;
        for (let i = 0; i < ids.length && !dup; i++) {
          const first = seen.get(ids[i]);
          if (first !== undefined) dup = [i, first];
          else seen.set(ids[i], i);
        }
        expect(index.duplicate).toEqual(dup);
        // the bucketed check (buckets of 1 to 64 rows, so that they split) finds the same first repeat
        for (const bucketRows of [1, 7, 64, 4096]) expect(firstDuplicate(col, bucketRows)).toEqual(dup);
        if (dup) return;
        const other = ByteColumn.from([...probes, ...ids]);
        for (let j = 0; j < other.length; j++) expect(index.find(other, j)).toBe(seen.get(other.text(j)) ?? -1);
      }),
      { numRuns: runs(1500), seed: 20 },
    );
  });
});
