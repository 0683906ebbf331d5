/**
 * Summaries and head - base comparisons of unweighted binary prediction sets with scores, per group,
 * from the analytic intervals of binary-intervals.ts: the same methods at every number of rows (no
 * switch at a size threshold), O(rows) after the engines' sorts, no resampling.
 */
import type { ModelData } from './model-data.js';
import { BinaryEngine } from './classification.js';
import { mcnemarExact } from './paired.js';
import { normalCdf } from './distributions.js';
import {
  deltaMethod,
  delongVar3,
  discordant,
  influenceInto,
  influenceUncentred,
  pairedDeltaSe,
  seOfMeans3,
  setSorted,
  singleInterval,
  singleMethod,
  singleUsesInfluence,
  viewPlacements,
  type Precomputed,
  type BinaryOpts,
  type BinaryView,
  type SingleInterval,
} from './binary-intervals.js';
import { zOf } from './intervals.js';
import { giveBack, lease } from './scratch.js';
import {
  binaryPredicted,
  deltaBounds,
  type Comparison,
  type DeltaResult,
  type EvalSettings,
  type Interval,
  type MetricSet,
  type MetricSummary,
  type SortedRows,
} from './metric-set.js';

/** A set the analytic path serves: binary, with scores, unweighted. */
export function analyticEligible(pred: ModelData): boolean {
  return pred.task === 'binary' && pred.score !== null && pred.weight === null;
}

/**
 * One view per group row: [0] all rows, [g + 1] the rows of group g (codes < 0: no group), each with
 * its positions in descending score order, taken from one global order `ord` in one pass. With
 * `sorted` (the engine's sorted scores, labels, groups and per-group orders), each group's sorted
 * scores and labels come from the global ones and its order from the engine: no row is looked up
 * out of order.
 */
export function groupViews(
  y: Uint8Array,
  p: Float64Array,
  yhat: Uint8Array,
  code: Int32Array | null,
  groups: number,
  ord: Int32Array,
  sorted: SortedRows | null = null,
  shareY: BinaryView[] | null = null,
): BinaryView[] {
  const all: BinaryView = { y, p, yhat, ord };
  if (sorted) setSorted(all, sorted.ps, sorted.ys);
  if (!code || groups === 0) return [all];
  if (sorted?.gs && sorted.groupOrd) return viewsFromSorted(all, p, yhat, code, groups, sorted, shareY);
  const { sizes, slot } = layoutOf(code, groups);
  const Y = Array.from(sizes, (m) => new Uint8Array(m));
  const P = Array.from(sizes, (m) => new Float64Array(m));
  const YH = Array.from(sizes, (m) => new Uint8Array(m));
  const O = Array.from(sizes, (m) => new Int32Array(m));
  const n = code.length;
  for (let i = 0; i < n; i++) {
    const g = slot[2 * i];
    if (g < 0) continue;
    const k = slot[2 * i + 1];
    Y[g][k] = y[i];
    P[g][k] = p[i];
    YH[g][k] = yhat[i];
  }
  const fill = new Int32Array(groups);
  if (sorted) {
    // each group's scores and labels in its order come along from the global sorted ones
    const PS = Array.from(sizes, (m) => new Float64Array(m));
    const YS = Array.from(sizes, (m) => new Uint8Array(m));
    const { ps, ys } = sorted;
    for (let t = 0; t < ord.length; t++) {
      const i = ord[t];
      const g = slot[2 * i];
      if (g < 0) continue;
      const k = fill[g]++;
      O[g][k] = slot[2 * i + 1];
      PS[g][k] = ps[t];
      YS[g][k] = ys[t];
    }
    const views = O.map((o, g) => ({ y: Y[g], p: P[g], yhat: YH[g], ord: o }));
    views.forEach((v, g) => setSorted(v, PS[g], YS[g]));
    return [all, ...views];
  }
  for (let t = 0; t < ord.length; t++) {
    const i = ord[t];
    const g = slot[2 * i];
    if (g >= 0) O[g][fill[g]++] = slot[2 * i + 1];
  }
  return [all, ...O.map((o, g) => ({ y: Y[g], p: P[g], yhat: YH[g], ord: o }))];
}

/**
 * groupViews from the engine's sorted rows: rows and sorted arrays are both filled in sequence (group
 * sizes from the orders' lengths). `shareY`: views of another set on the same rows and groups, whose
 * per-group labels are taken instead of copied again.
 */
function viewsFromSorted(
  all: BinaryView,
  p: Float64Array,
  yhat: Uint8Array,
  code: Int32Array,
  groups: number,
  sorted: SortedRows,
  shareY: BinaryView[] | null,
): BinaryView[] {
  const O = sorted.groupOrd!;
  const gs = sorted.gs!;
  // each kind of array of all groups in one block, group g at [start[g], start[g + 1]): the fill loops
  // write through one typed array each (no array of arrays), each group's array is a subarray
  const start = new Int32Array(groups + 1);
  for (let g = 0; g < groups; g++) start[g + 1] = start[g] + O[g].length;
  const m = start[groups];
  const Y = shareY ? null : new Uint8Array(m);
  const P = new Float64Array(m);
  const YH = new Uint8Array(m);
  const at = start.slice(0, groups);
  if (Y) fillGroupRows(code, groups, at, all.y, p, yhat, Y, P, YH);
  else fillGroupRows(code, groups, at, null, p, yhat, null, P, YH);
  const PS = new Float64Array(m);
  const YS = new Uint8Array(m);
  at.set(start.subarray(0, groups));
  fillGroupSorted(gs, groups, at, sorted.ps, sorted.ys, PS, YS);
  const part = <T extends Float64Array | Uint8Array>(a: T, g: number) => a.subarray(start[g], start[g + 1]) as T;
  const views = O.map((o, g) => ({ y: Y ? part(Y, g) : shareY![g + 1].y, p: part(P, g), yhat: part(YH, g), ord: o }));
  views.forEach((v, g) => setSorted(v, part(PS, g), part(YS, g)));
  return [all, ...views];
}

/** Rows of each group in row order into its block (at[g]: the next place of group g). */
function fillGroupRows(
  code: Int32Array,
  groups: number,
  at: Int32Array,
  y: Uint8Array | null,
  p: Float64Array,
  yhat: Uint8Array,
  Y: Uint8Array | null,
  P: Float64Array,
  YH: Uint8Array,
): void {
  const n = code.length;
  for (let i = 0; i < n; i++) {
    const g = code[i];
    if (g < 0 || g >= groups) continue;
    const k = at[g]++;
    if (Y !== null) Y[k] = y![i];
    P[k] = p[i];
    YH[k] = yhat[i];
  }
}

/** Sorted scores and labels of each group, in sorted order, into its block. */
function fillGroupSorted(
  gs: Int32Array,
  groups: number,
  at: Int32Array,
  ps: Float64Array,
  ys: Uint8Array,
  PS: Float64Array,
  YS: Uint8Array,
): void {
  for (let t = 0; t < gs.length; t++) {
    const g = gs[t];
    if (g >= groups) continue;
    const k = at[g]++;
    PS[k] = ps[t];
    YS[k] = ys[t];
  }
}

const layouts = new WeakMap<Int32Array, { groups: number; sizes: Int32Array; slot: Int32Array }>();

/**
 * Group sizes and, per row, its group and its index within the group (interleaved, so a lookup in
 * sorted order touches one place), computed once per grouping: head's and the aligned base's views share it.
 */
function layoutOf(code: Int32Array, groups: number): { sizes: Int32Array; slot: Int32Array } {
  const hit = layouts.get(code);
  if (hit && hit.groups === groups) return hit;
  const n = code.length;
  const sizes = new Int32Array(groups);
  const slot = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const g = code[i];
    if (g >= 0 && g < groups) {
      slot[2 * i] = g;
      slot[2 * i + 1] = sizes[g]++;
    } else slot[2 * i] = -1;
  }
  const l = { groups, sizes, slot };
  layouts.set(code, l);
  return l;
}

const optsOf = (s: EvalSettings): BinaryOpts => ({ threshold: s.threshold, eceBins: s.eceBins, confidence: s.confidence });

function viewsOfSet(set: MetricSet, s: EvalSettings): BinaryView[] {
  const pred = set.pred;
  return groupViews(
    pred.y as Uint8Array,
    pred.score!,
    binaryPredicted(pred, s.threshold),
    set.grouping?.codes ?? null,
    set.groups,
    set.order()!,
    set.sorted(),
  );
}

const asInterval = (si: SingleInterval, method: string): Interval | null => (si.bounds ? { ...si.bounds, method } : null);

/** Values, intervals and standard errors of every metric in every group row. */
export function binarySummary(set: MetricSet, s: EvalSettings): MetricSummary {
  const values = set.evaluate(null);
  const M = set.names.length;
  const views = viewsOfSet(set, s);
  const buf = new Float64Array(set.pred.n);
  const o = optsOf(s);
  const pct = Math.round(s.confidence * 100);
  const intervals: Array<Interval | null> = new Array(views.length * M).fill(null);
  const ses = new Float64Array(views.length * M).fill(NaN);
  views.forEach((v, r) => {
    set.names.forEach((m, k) => {
      const j = r * M + k;
      const si = singleInterval(m, values[j], v, o, buf);
      intervals[j] = Number.isNaN(values[j]) ? null : asInterval(si, singleMethod(m, pct, s.eceBins));
      ses[j] = si.se;
    });
  });
  return { values, intervals, ses };
}

/**
 * Base scores moved to head's rows (paired by `baseRow`), as a set grouped like head; null when a pair
 * has different labels (then the bootstrap path, which keeps each side's labels, runs instead).
 */
function alignedBase(
  head: MetricSet,
  base: MetricSet,
  baseRow: Int32Array,
  s: EvalSettings,
): { p: Float64Array; engine: BinaryEngine } | null {
  const hy = head.pred.y as Uint8Array;
  const by = base.pred.y as Uint8Array;
  const bp = base.pred.score!;
  const n = head.pred.n;
  let same = bp.length === n; // base's rows are head's rows (both files list the ids in the same order)
  for (let i = 0; same && i < n; i++) same = baseRow[i] === i;
  let p: Float64Array;
  if (same) {
    for (let i = 0; i < n; i++) if (by[i] !== hy[i]) return null;
    p = bp; // base's scores as they are (read only), no copy
  } else {
    p = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (by[baseRow[i]] !== hy[i]) return null;
      p[i] = bp[baseRow[i]];
    }
  }
  const engine = new BinaryEngine(
    { y: hy, p, group: head.grouping?.codes ?? null, groups: head.groups },
    { threshold: s.threshold, eceBins: s.eceBins, groupOrders: true },
  );
  return { p, engine };
}

/** McNemar (accuracy) or DeLong's z (roc_auc) for the overall row, as a line of text. */
function testText(metric: string, h: BinaryView, b: BinaryView | null, delta: number, se: number): string | undefined {
  if (metric === 'accuracy' && b) {
    const d = discordant(h, b);
    const mc = mcnemarExact(d.b, d.c);
    return `McNemar exact p = ${mc.p.toPrecision(3)} (base right/head wrong ${d.b}, base wrong/head right ${d.c})`;
  }
  if (metric === 'roc_auc' && se > 0 && Number.isFinite(delta)) {
    const z = delta / se;
    return `DeLong z = ${z.toFixed(2)}, p = ${(2 * normalCdf(-Math.abs(z))).toPrecision(3)}`;
  }
  return undefined;
}

/**
 * Head vs base for `wanted` metric indices, every group row. Paired (same rows, `baseRow`): base is
 * regrouped by head's slices and each standard error comes from per-row differences. Independent:
 * base keeps its own rows and groups (matched by name through `baseGroupOf`); variances add. Null when
 * a paired set has pairs with different labels.
 */
export function binaryCompare(
  head: MetricSet,
  base: MetricSet,
  wanted: number[],
  baseRow: Int32Array | null,
  baseGroupOf: (g: number) => number,
  s: EvalSettings,
): Comparison | null {
  const names = head.names;
  const M = names.length;
  const hv = head.evaluate(null);
  const hViews = viewsOfSet(head, s);
  let bv: (r: number, m: number) => number;
  let bViews: BinaryView[];
  let bRow: (r: number) => number;
  if (baseRow) {
    const al = alignedBase(head, base, baseRow, s);
    if (!al) return null;
    const vals = al.engine.evaluate();
    bv = (r, m) => vals[r * M + m];
    bViews = groupViews(
      head.pred.y as Uint8Array,
      al.p,
      predictedOf(al.p, s.threshold),
      head.grouping?.codes ?? null,
      head.groups,
      al.engine.ord,
      { ps: al.engine.ps, ys: al.engine.ys, gs: al.engine.code, groupOrd: al.engine.groupOrd },
      hViews,
    );
    bRow = (r) => r;
  } else {
    const vals = base.evaluate(null);
    const BM = base.names.length;
    bv = (r, m) => {
      const br = baseGroupOf(r);
      const bm = base.names.indexOf(names[m]);
      return br < 0 || bm < 0 ? NaN : vals[br * BM + bm];
    };
    bViews = viewsOfSet(base, s);
    bRow = baseGroupOf;
  }
  const len = Math.max(head.pred.n, base.pred.n);
  // the influence buffers: scratch memory (scratch.ts) that the sorts above used, given back at the end
  const mH = lease(0, 8 * len);
  const mB = lease(1, 8 * len);
  try {
    const scratch = scratchOf(new Float64Array(mH, 0, len), new Float64Array(mB, 0, len));
    const deltas = cells(head, hViews, bViews, hv, bv, bRow, wanted, baseRow !== null, s, scratch);
    return { paired: baseRow !== null, names, groupNames: head.groupNames, deltas };
  } finally {
    giveBack(0, mH);
    giveBack(1, mB);
  }
}

/** binaryCompare's rows: every wanted metric of every group row. */
function cells(
  head: MetricSet,
  hViews: BinaryView[],
  bViews: BinaryView[],
  hv: Float64Array,
  bv: (r: number, m: number) => number,
  bRow: (r: number) => number,
  wanted: number[],
  pairedRows: boolean,
  s: EvalSettings,
  scratch: ReturnType<typeof scratchOf>,
): DeltaResult[] {
  const names = head.names;
  const M = names.length;
  const o = optsOf(s);
  const pct = Math.round(s.confidence * 100);
  const z = zOf(s.confidence);
  const deltas: DeltaResult[] = [];
  for (let r = 0; r < hViews.length; r++) {
    const br = bRow(r);
    const bView = br < 0 ? null : bViews[br];
    for (const k of wanted) {
      const metric = names[k];
      const h0 = hv[r * M + k];
      const b0 = bView ? bv(r, k) : NaN;
      const hView = hViews[r];
      const delta = h0 - b0;
      const { hs, bs, se } = cellStats(metric, h0, b0, hView, bView, pairedRows, o, scratch);
      const method = singleMethod(metric, pct, s.eceBins);
      const test = r === 0 ? testText(metric, hViews[0], pairedRows ? bView : null, delta, se) : undefined;
      deltas.push({
        metric,
        group: r,
        base: b0,
        head: h0,
        delta,
        se,
        ...deltaBounds(metric, delta, se, z),
        method: deltaMethod(metric, pairedRows),
        ...(test === undefined ? {} : { test }),
        headInterval: Number.isNaN(h0) ? null : asInterval(hs, method),
        baseInterval: Number.isNaN(b0) ? null : asInterval(bs, method),
        headSe: hs.se,
        baseSe: bs.se,
      });
    }
  }
  return deltas;
}

/**
 * One metric on one group row: head's and base's single intervals and the standard error of head -
 * base (paired: of the per-row differences; else the root sum of squares). Each side's influence
 * values (or DeLong placements) are computed once and serve both.
 */
function cellStats(
  metric: string,
  h0: number,
  b0: number,
  hView: BinaryView,
  bView: BinaryView | null,
  pairedRows: boolean,
  o: BinaryOpts,
  buf: { bufH: Float64Array; bufB: Float64Array; plH: Float64Array; plB: Float64Array },
): { hs: SingleInterval; bs: SingleInterval; se: number } {
  const delta = h0 - b0;
  const paired = pairedRows && bView !== null && Number.isFinite(delta);
  const preH: Precomputed = {};
  const preB: Precomputed = {};
  let pairedSe: number | undefined;
  let pairedDv: number | undefined;
  if (metric === 'roc_auc') {
    preH.pl = viewPlacements(hView, buf.plH);
    if (bView) preB.pl = viewPlacements(bView, buf.plB);
    if (paired && bView.y === hView.y) {
      // the same labels: both variances and the paired one in one sweep
      const t = delongVar3(hView.y, preH.pl.pl, preB.pl!.pl);
      preH.dv = t.a;
      preB.dv = t.b;
      pairedDv = t.d;
    }
  } else {
    const single = singleUsesInfluence(metric);
    if (paired) {
      // paired rows: the same length; each side's values left uncentred, all three standard errors in
      // one sweep that subtracts the means on the way (the same values to the bit)
      const n = hView.y.length;
      const xh = buf.bufH.subarray(0, n);
      const xb = buf.bufB.subarray(0, n);
      const offH = influenceUncentred(metric, hView, o.eceBins, xh);
      const offB = influenceUncentred(metric, bView, o.eceBins, xb);
      preH.inf = offH !== null;
      preB.inf = offB !== null;
      if (offH !== null && offB !== null) {
        const t = seOfMeans3(xh, xb, offH, offB);
        preH.se = t.a;
        preB.se = t.b;
        pairedSe = t.d;
      } else {
        // one side undefined: the other's values centred, as its single interval reads them
        if (offH !== null && offH !== 0) for (let i = 0; i < n; i++) xh[i] -= offH;
        if (offB !== null && offB !== 0) for (let i = 0; i < n; i++) xb[i] -= offB;
      }
    } else {
      if (single && !Number.isNaN(h0)) preH.inf = influenceInto(metric, hView, o.eceBins, buf.bufH.subarray(0, hView.y.length));
      if (bView && single && !Number.isNaN(b0)) preB.inf = influenceInto(metric, bView, o.eceBins, buf.bufB.subarray(0, bView.y.length));
    }
  }
  const hs = singleInterval(metric, h0, hView, o, buf.bufH, preH);
  const bs = bView ? singleInterval(metric, b0, bView, o, buf.bufB, preB) : { bounds: null, se: NaN };
  let se = NaN;
  if (bView && Number.isFinite(delta))
    se = paired
      ? pairedDeltaSe(metric, hView, bView, o.eceBins, buf.bufH, buf.bufB, {
          okH: preH.inf,
          okB: preB.inf,
          plH: preH.pl,
          plB: preB.pl,
          se: pairedSe,
          dv: pairedDv,
        })
      : Math.hypot(hs.se, bs.se);
  return { hs, bs, se };
}

/** Scratch of cellStats: roc_auc's placements and the other metrics' influence values are never needed at once (one buffer per side). */
function scratchOf(bufH: Float64Array, bufB: Float64Array) {
  return { bufH, bufB, plH: bufH, plB: bufB };
}

function predictedOf(p: Float64Array, threshold: number): Uint8Array {
  const out = new Uint8Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = p[i] >= threshold ? 1 : 0;
  return out;
}
