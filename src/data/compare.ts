/**
 * Compare two snapshots feature by feature (training vs serving skew, base vs head drift), judged
 * the same way however the snapshots were made (docs/methods/drift.md):
 *
 * - Both sides are put on the same support with exact counts on both: every distinct value (when
 *   both snapshots counted them exactly), the cells of the DDSketch grid (fixed and data-independent,
 *   so separately profiled snapshots share it), or shared bin edges (`snapshot --reference`, and v1
 *   snapshots). Nothing is re-binned: snapshots with none of these in common are "not comparable".
 * - Categorical features use the categories known on both sides; a category listed on one side only
 *   (and not known to be absent on the other) is folded into "(other values)" on both sides.
 * - A feature drifts when a two-sample test says the difference is beyond sampling noise at these
 *   two sample sizes (chi-squared test of homogeneity on the bins or categories, or the exact KS test
 *   on raw values), after Holm's correction over the compared features at the family's significance
 *   level, AND the effect (JS divergence, L-infinity, PSI, KS D or normalised W1) is above its
 *   practical threshold. The chi2 method is the test alone.
 */
import {
  CATEGORICAL_METHODS,
  DEFAULT_THRESHOLDS,
  NUMERIC_METHODS,
  type ComparatorConfig,
  type ComparisonSettings,
  type DistanceMethod,
} from '../schemas/config/data.js';
import { finiteValues, type FeatureSnapshot, type Snapshot } from '../schemas/snapshot.js';
import { sameEdges } from './merge.js';
import { chi2Homogeneity, histogramWasserstein, jsDivergence, psi, stdPopulation, wasserstein1, type Binned } from '../stats/distance.js';
import { ks2Samp } from '../stats/ks.js';
import { holm } from '../stats/multiple-testing.js';
import { fmt, fmtVersus } from '../util/format.js';
import { LogSketch, SKETCH_ALPHA, type Cell } from './sketch.js';
import { quoted } from '../util/excerpt.js';

/** Bins of equal reference mass the effects and the chi-squared test use on numeric features. */
export const COMPARE_BINS = 20;

export type Problem = 'insufficient data' | 'types differ' | 'not computable' | 'not comparable';

export interface FeatureComparison {
  feature: string;
  type: string;
  method: DistanceMethod;
  /** The method line: how the effect and the test were computed. */
  label: string;
  /** The judged effect (chi2: the Holm-adjusted p-value). null = undefined. */
  value: number | null;
  /** Practical threshold of the effect (chi2: the significance level). */
  threshold: number;
  /** The two-sample test: "chi-squared homogeneity" or "KS exact" / "KS asymptotic". */
  test?: string;
  /** The test statistic: chi-squared, or KS D for the KS test. */
  statistic?: number;
  df?: number;
  pValue?: number;
  adjustedP?: number;
  /** Family significance level the adjusted p-value is compared with. */
  alpha?: number;
  js?: number;
  jsDistance?: number;
  linf?: number;
  psi?: number;
  ksD?: number;
  w1?: number;
  w1Normalised?: number;
  /** null: no verdict (see `problem`). */
  drifted: boolean | null;
  detail: string;
  /** Why there is no verdict: too few values or other types (warnings) or not computable / not comparable (errors). */
  problem?: Problem;
}

const NUMERIC = new Set(['int', 'float']);
export const OTHER_BUCKET = '(other values)';

const EFFECT_NAMES: Record<DistanceMethod, string> = {
  js: 'JS divergence (log2, TFDV)',
  linf: 'L-infinity (TFDV)',
  psi: 'PSI',
  ks: 'KS D',
  wasserstein: 'normalised Wasserstein (W1 / std_ref, Evidently)',
  chi2: 'chi-squared homogeneity, Holm-adjusted p',
};

/** The short name of the judged figure in messages. */
export const VALUE_NAMES: Record<DistanceMethod, string> = {
  js: 'JS',
  linf: 'L-inf',
  psi: 'PSI',
  ks: 'D',
  wasserstein: 'W1/std',
  chi2: 'p_Holm',
};

function nonFinite(f: FeatureSnapshot): number {
  return (f.numeric?.nan ?? 0) + (f.numeric?.infinity ?? 0);
}

/** The feature's DDSketch: stored, or built from its exact value counts (same grid). */
function sketchOf(f: FeatureSnapshot, alpha?: number): LogSketch | null {
  const n = f.numeric;
  if (n?.sketch && (alpha === undefined || n.sketch.alpha === alpha)) return LogSketch.fromJSON(n.sketch);
  if (n?.exact) {
    const s = new LogSketch(alpha ?? SKETCH_ALPHA);
    n.exact.values.forEach((v, i) => s.add(v, n.exact!.counts[i]));
    return s;
  }
  return null;
}

/** Both sides on one ordered support of finite values, exact counts on both; x: a value per entry (null for bins). */
interface Support {
  r: number[];
  c: number[];
  x: number[] | null;
  /** How the support was made, for the method line. */
  basis: string;
  /** Bound on |W1 - exact W1| from the support's resolution (0 when exact; undefined for bins). */
  w1Error?: number;
  /** The KS D on this support is the exact D (all distinct values known). */
  exactD: boolean;
}

/** Two ascending (key, count) lists merged onto their union of keys (linear). */
function union(
  ka: ArrayLike<number>,
  ca: ArrayLike<number>,
  kb: ArrayLike<number>,
  cb: ArrayLike<number>,
  xa?: ArrayLike<number>,
  xb?: ArrayLike<number>,
): Support {
  const r: number[] = [];
  const c: number[] = [];
  const x: number[] = [];
  let i = 0;
  let j = 0;
  while (i < ka.length || j < kb.length) {
    if (j >= kb.length || (i < ka.length && ka[i] < kb[j])) {
      r.push(ca[i]);
      c.push(0);
      x.push(xa ? xa[i] : ka[i]);
      i++;
    } else if (i >= ka.length || kb[j] < ka[i]) {
      r.push(0);
      c.push(cb[j]);
      x.push(xb ? xb[j] : kb[j]);
      j++;
    } else {
      r.push(ca[i]);
      c.push(cb[j]);
      x.push(xa ? xa[i] : ka[i]);
      i++;
      j++;
    }
  }
  return { r, c, x, basis: '', exactD: false };
}

const meanAbs = (cells: readonly Cell[], n: number) => cells.reduce((t, c) => t + Math.abs(c.value) * c.count, 0) / Math.max(1, n);

/** The finest support both snapshots can be compared on without bias, or why there is none. */
function support(ref: FeatureSnapshot, cur: FeatureSnapshot): Support | { reason: string } {
  const a = ref.numeric!;
  const b = cur.numeric!;
  if (a.exact && b.exact)
    return {
      ...union(a.exact.values, a.exact.counts, b.exact.values, b.exact.counts),
      basis: 'every distinct value (exact counts)',
      exactD: true,
    };
  const alpha = a.sketch?.alpha ?? b.sketch?.alpha;
  const sa = sketchOf(ref, alpha);
  const sb = sketchOf(cur, alpha);
  if (sa && sb) {
    const ca = sa.cells();
    const cb = sb.cells();
    const s = union(
      ca.map((c) => c.key),
      ca.map((c) => c.count),
      cb.map((c) => c.key),
      cb.map((c) => c.count),
      ca.map((c) => c.value),
      cb.map((c) => c.value),
    );
    const al = alpha ?? SKETCH_ALPHA;
    return {
      ...s,
      basis: `DDSketch cells (alpha ${fmt(al * 100)}%, exact counts on both sides)`,
      w1Error: al * (meanAbs(ca, sa.count) + meanAbs(cb, sb.count)),
    };
  }
  const ha = a.histogram;
  const hb = b.histogram;
  if (ha && hb && sameEdges(ha.edges, hb.edges)) {
    return {
      r: [ha.underflow ?? 0, ...ha.counts, ha.overflow ?? 0],
      c: [hb.underflow ?? 0, ...hb.counts, hb.overflow ?? 0],
      x: null,
      basis: `shared bin edges (${ha.counts.length} bins + under/overflow)`,
      exactD: false,
    };
  }
  if (!ha && !hb && finiteValues(ref) + finiteValues(cur) === 0) return { reason: 'no finite values on either side' };
  return {
    reason:
      'not comparable without bias: the two snapshots share no exact value counts, no DDSketch cells and no bin edges; re-profile both with ml-test-gate >= 0.2 (snapshot schemaVersion 2), or profile the current data with --reference on the reference snapshot',
  };
}

/**
 * Group a fine support into about `bins` bins of equal pooled mass. The bins depend on the two
 * samples together, symmetrically: given the pooled values, which side each value came from is a
 * random split under H0, so the chi-squared test of homogeneity on these bins stays calibrated.
 */
export function groupBins(r: readonly number[], c: readonly number[], bins = COMPARE_BINS): { r: number[]; c: number[] } {
  let n = 0;
  for (let k = 0; k < r.length; k++) n += r[k] + c[k];
  const outR: number[] = [];
  const outC: number[] = [];
  let sr = 0;
  let sc = 0;
  let acc = 0;
  let target = 1;
  for (let k = 0; k < r.length; k++) {
    sr += r[k];
    sc += c[k];
    acc += r[k] + c[k];
    if (acc >= (target * n) / bins || k === r.length - 1) {
      if (sr + sc > 0) {
        outR.push(sr);
        outC.push(sc);
      }
      sr = sc = 0;
      while (target < bins && acc >= (target * n) / bins) target++;
    }
  }
  return { r: outR, c: outC };
}

/** KS D on an ordered support: sup |F_r - F_c| after each entry (the exact D when the support is every distinct value). */
function supportD(r: readonly number[], c: readonly number[]): number {
  const nr = r.reduce((a, b) => a + b, 0);
  const nc = c.reduce((a, b) => a + b, 0);
  let fr = 0;
  let fc = 0;
  let d = 0;
  for (let k = 0; k < r.length; k++) {
    fr += r[k];
    fc += c[k];
    d = Math.max(d, Math.abs(fr / nr - fc / nc));
  }
  return d;
}

/** W1 on an ordered support with a value per entry: sum |F_r - F_c| (x_{k+1} - x_k). */
function supportW1(s: Support): number {
  const nr = s.r.reduce((a, b) => a + b, 0);
  const nc = s.c.reduce((a, b) => a + b, 0);
  let fr = 0;
  let fc = 0;
  let w = 0;
  for (let k = 0; k + 1 < s.r.length; k++) {
    fr += s.r[k];
    fc += s.c[k];
    w += Math.abs(fr / nr - fc / nc) * (s.x![k + 1] - s.x![k]);
  }
  return w;
}

function binned(f: FeatureSnapshot): Binned {
  return { ...f.numeric!.histogram!, min: f.numeric!.min, max: f.numeric!.max };
}

/** Which comparator applies to a feature (null = ignored). */
export function comparatorFor(settings: ComparisonSettings, name: string, type: string): ComparatorConfig | null {
  const own = settings.features[name];
  if (own && 'ignore' in own) return null;
  if (own) return own;
  return NUMERIC.has(type) ? settings.numeric : settings.categorical;
}

/** Raw values of one numeric feature on each side (for the exact KS test and W1). */
export interface RawSamples {
  ref: Float64Array;
  cur: Float64Array;
  /** Set when a side holds a uniform sample (reservoir) of its values rather than all of them. */
  sampled?: string;
}

/** What every comparison of a feature starts from. */
type Base = { feature: string; type: string; method: DistanceMethod; threshold: number };

/** The chosen method's figure among the computed effects. */
function pickValue(c: FeatureComparison): number | null {
  const v = { js: c.js, linf: c.linf, psi: c.psi, ks: c.ksD, wasserstein: c.w1Normalised, chi2: undefined }[c.method];
  return v === undefined || Number.isNaN(v) ? null : v;
}

/** The effects on binned counts (plus a non-finite bucket), and the chi-squared test of homogeneity. */
function binnedEffects(r: number[], c: number[], ordered: boolean): Partial<FeatureComparison> & { columns: number; merged: number } {
  const js = jsDivergence(r, c);
  const x = chi2Homogeneity(r, c, ordered);
  return {
    js,
    jsDistance: Math.sqrt(js),
    psi: psi(r, c).value,
    test: 'chi-squared homogeneity',
    statistic: x.statistic,
    df: x.df,
    pValue: x.pValue,
    columns: x.columns,
    merged: x.merged,
  };
}

/** A numeric feature: effects on the common support (or raw values), test on bins (or raw KS). */
function compareNumeric(ref: FeatureSnapshot, cur: FeatureSnapshot, base: Base, raw?: RawSamples): FeatureComparison {
  const s = support(ref, cur);
  if ('reason' in s)
    return { ...base, label: EFFECT_NAMES[base.method], value: null, drifted: null, detail: s.reason, problem: 'not comparable' };
  const g = groupBins(s.r, s.c);
  const nf = [nonFinite(ref), nonFinite(cur)];
  const withNf = (v: number[], i: number) => (nf[0] + nf[1] > 0 ? [...v, nf[i]] : v);
  const eff = binnedEffects(withNf(g.r, 0), withNf(g.c, 1), true);
  const std = ref.numeric!.std;
  const out: FeatureComparison = { ...base, label: '', value: null, drifted: null, detail: '', ...eff };
  delete (out as { columns?: number }).columns;
  delete (out as { merged?: number }).merged;
  const bins = `${g.r.length} bins of equal pooled mass${nf[0] + nf[1] > 0 ? ' + NaN/inf' : ''} on ${s.basis}`;
  let effectHow = `${bins}`;
  let testHow = `chi-squared homogeneity (2 x ${eff.columns}, Pearson${eff.df === 1 ? ', Yates' : ''}${eff.merged ? `; ${eff.merged} sparse bin(s) merged so expected counts >= 5` : ''})`;
  if (raw && raw.ref.length > 0 && raw.cur.length > 0) {
    const k = ks2Samp(raw.ref, raw.cur);
    out.test = `KS ${k.method}`;
    out.statistic = k.statistic;
    out.df = undefined;
    out.pValue = k.pValue;
    out.ksD = k.statistic;
    out.w1 = wasserstein1(raw.ref, raw.cur);
    const sd = raw.sampled ? stdPopulation(raw.ref) : (std ?? stdPopulation(raw.ref));
    out.w1Normalised = out.w1 / Math.max(sd, 0.001);
    testHow = `two-sample KS on raw values (SciPy ks_2samp, ${k.method} p; n = ${k.n1}, ${k.n2}${raw.sampled ? `; ${raw.sampled}` : ''})`;
    if (base.method === 'ks' || base.method === 'wasserstein') effectHow = `raw values (exact)${raw.sampled ? `, ${raw.sampled}` : ''}`;
  } else {
    out.ksD = supportD(s.r, s.c);
    out.w1 = s.x ? supportW1(s) : histogramWasserstein(binned(ref), binned(cur));
    out.w1Normalised = std === null ? Number.NaN : out.w1 / Math.max(std, 0.001);
    if (base.method === 'ks')
      effectHow = `${s.basis}${s.exactD ? ' (the exact D)' : ' (D at cell or bin boundaries: a lower bound of the exact D)'}`;
    if (base.method === 'wasserstein')
      effectHow = s.x
        ? `${s.basis}${s.w1Error ? ` (W1 within +/- ${fmt(s.w1Error)} of the exact value)` : ' (exact)'}`
        : `${s.basis} (mass uniform within bins)`;
  }
  out.jsDistance = Math.sqrt(out.js!);
  out.value = pickValue(out);
  out.label = `${EFFECT_NAMES[base.method]} on ${effectHow}; test: ${testHow}`;
  return out;
}

/**
 * Category counts put on the same categories on both sides. A side that lists only its most frequent
 * values (not exhaustive) chose them by its own counts, which inflates them (the winner's curse); a
 * list chosen by one side only would leave the other side's "(other values)" larger by that inflation
 * alone. So each such side contributes its own top K (K: the shortest non-exhaustive list; with
 * --reference the current side lists more, and its own top K is among them), an exhaustive side
 * every value, and only categories chosen on both sides are kept; the rest are folded into
 * OTHER_BUCKET on both sides. The selection is symmetric, so A/A stays calibrated.
 */
export function categoricalVectors(
  ref: FeatureSnapshot,
  cur: FeatureSnapshot,
): { keys: string[]; r: number[]; c: number[]; folded: number } {
  const rc = ref.categorical!;
  const cc = cur.categorical!;
  const rm = new Map(rc.top.map((t) => [t.value, t.count]));
  const cm = new Map(cc.top.map((t) => [t.value, t.count]));
  const exhaustive = (x: typeof rc) => x.otherCount === 0 && !x.approximate;
  const lists = [rc, cc].filter((x) => !exhaustive(x)).map((x) => x.top.length);
  const k = lists.length ? Math.min(...lists) : Infinity;
  const chosen = (x: typeof rc): ((v: string) => boolean) => {
    if (exhaustive(x)) return () => true;
    const own = new Set(
      [...x.top]
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
        .slice(0, k)
        .map((t) => t.value),
    );
    return (v) => own.has(v);
  };
  const inR = chosen(rc);
  const inC = chosen(cc);
  const keys: string[] = [];
  let folded = 0;
  for (const v of new Set([...rm.keys(), ...cm.keys()])) {
    if (inR(v) && inC(v)) keys.push(v);
    else folded++;
  }
  const totalR = rc.top.reduce((a, t) => a + t.count, 0) + rc.otherCount;
  const totalC = cc.top.reduce((a, t) => a + t.count, 0) + cc.otherCount;
  const r = keys.map((v) => rm.get(v) ?? 0);
  const c = keys.map((v) => cm.get(v) ?? 0);
  const or = totalR - r.reduce((a, b) => a + b, 0);
  const oc = totalC - c.reduce((a, b) => a + b, 0);
  if (or > 0 || oc > 0) {
    keys.push(OTHER_BUCKET);
    r.push(or);
    c.push(oc);
  }
  return { keys, r, c, folded };
}

/** A categorical feature: L-infinity, JS or PSI over the common categories; chi-squared test of homogeneity. */
function compareCategorical(ref: FeatureSnapshot, cur: FeatureSnapshot, base: Base): FeatureComparison {
  const v = categoricalVectors(ref, cur);
  const eff = binnedEffects(v.r, v.c, false);
  const tr = v.r.reduce((a, b) => a + b, 0);
  const tc = v.c.reduce((a, b) => a + b, 0);
  let linf = 0;
  let at = -1;
  v.keys.forEach((_, i) => {
    const d = Math.abs(v.r[i] / tr - v.c[i] / tc);
    if (d > linf) [linf, at] = [d, i];
  });
  const out: FeatureComparison = { ...base, label: '', value: null, drifted: null, detail: '', ...eff, linf };
  delete (out as { columns?: number }).columns;
  delete (out as { merged?: number }).merged;
  out.value = pickValue(out);
  const folded = v.folded
    ? `; ${v.folded} categor${v.folded === 1 ? 'y' : 'ies'} listed on one side only folded into "${OTHER_BUCKET}" on both`
    : '';
  out.label = `${EFFECT_NAMES[base.method]} on ${v.keys.length} categories${folded}; test: chi-squared homogeneity (2 x ${eff.columns}, Pearson${eff.df === 1 ? ', Yates' : ''}${eff.merged ? `; ${eff.merged + 1} sparse categories pooled so expected counts >= 5` : ''})`;
  if (at >= 0) out.detail = `largest share change at ${quoted(v.keys[at], 40)}: ${fmt(v.r[at] / tr)} -> ${fmt(v.c[at] / tc)}`;
  return out;
}

/** Compare one feature with one method. The verdict is set by `judge`, over all features of the family. */
export function compareFeature(
  ref: FeatureSnapshot,
  cur: FeatureSnapshot,
  comp: ComparatorConfig,
  minCount: number,
  raw?: RawSamples,
): FeatureComparison {
  const method = comp.method;
  const threshold = comp.threshold ?? DEFAULT_THRESHOLDS[method];
  // chi2 without a threshold is judged at the family's significance level (set by judge)
  const fromAlpha = method === 'chi2' && comp.threshold === undefined;
  const numeric = NUMERIC.has(ref.type) && NUMERIC.has(cur.type);
  const base: Base = { feature: ref.name, type: ref.type === cur.type ? ref.type : `${ref.type} -> ${cur.type}`, method, threshold };
  const none = (detail: string, problem: Problem = 'not computable'): FeatureComparison => ({
    ...base,
    label: EFFECT_NAMES[method],
    value: null,
    drifted: null,
    detail,
    problem,
  });
  if (!numeric && (NUMERIC.has(ref.type) || NUMERIC.has(cur.type)))
    return none(`types differ (${ref.type} vs ${cur.type}); see schema skew`, 'types differ');
  if (numeric ? !NUMERIC_METHODS.includes(method) : !CATEGORICAL_METHODS.includes(method)) {
    return none(
      `${method} does not apply to ${numeric ? 'numeric' : 'categorical'} features; use ${(numeric ? NUMERIC_METHODS : CATEGORICAL_METHODS).join(', ')}`,
    );
  }
  if (ref.count < minCount || cur.count < minCount) {
    return none(`insufficient data: ${ref.count} and ${cur.count} present values (minimum ${minCount})`, 'insufficient data');
  }
  const out = compareChecked(ref, cur, base, numeric, none, raw);
  if (fromAlpha) THRESHOLD_IS_ALPHA.add(out);
  return out;
}

/** Comparisons whose chi2 threshold is the family's alpha (not a user setting). */
const THRESHOLD_IS_ALPHA = new WeakSet<FeatureComparison>();

function compareChecked(
  ref: FeatureSnapshot,
  cur: FeatureSnapshot,
  base: Base,
  numeric: boolean,
  none: (detail: string) => FeatureComparison,
  raw?: RawSamples,
): FeatureComparison {
  if (numeric && !(ref.numeric && cur.numeric)) return none('numeric statistics are missing from a snapshot');
  if (!numeric && !(ref.categorical && cur.categorical)) return none('category counts are missing from a snapshot');
  return numeric ? compareNumeric(ref, cur, base, raw) : compareCategorical(ref, cur, base);
}

/** The printed comparison of the judged figure, digits enough to agree with the verdict. */
export function effectText(c: FeatureComparison): string {
  if (c.value === null) return 'undefined';
  const v = fmtVersus(c.value, c.threshold);
  if (c.method === 'chi2') return `${VALUE_NAMES.chi2} = ${v.value} ${c.value < c.threshold ? '<' : '>='} ${v.threshold}`;
  return `${VALUE_NAMES[c.method]} = ${v.value} ${c.value > c.threshold ? '>' : '<='} ${v.threshold}`;
}

/** The printed test result: adjusted p against alpha, digits enough to agree with the verdict. */
export function testText(c: FeatureComparison, tests: number): string {
  if (c.adjustedP === undefined || c.alpha === undefined) return '';
  const p = fmtVersus(c.adjustedP, c.alpha);
  const stat = c.test?.startsWith('KS') ? `D = ${fmt(c.statistic)}` : `chi2 = ${fmt(c.statistic)}, df ${c.df}`;
  return `${c.test}: ${stat}, p = ${fmt(c.pValue)}; Holm over ${tests} feature(s): p_Holm = ${p.value} ${c.adjustedP < c.alpha ? '<' : '>='} ${p.threshold}`;
}

/**
 * Holm's step-down correction over the features' p-values (family-wise error at `alpha`, whatever
 * the dependence between features), then each verdict: significant AND effect above threshold (chi2:
 * adjusted p below its threshold, by default alpha).
 */
export function judge(list: FeatureComparison[], alpha: number): void {
  const tested = list.filter((c) => c.pValue !== undefined && !Number.isNaN(c.pValue) && c.problem === undefined);
  const adj = holm(tested.map((c) => c.pValue!));
  tested.forEach((c, i) => {
    c.adjustedP = adj[i];
    c.alpha = alpha;
    const significant = adj[i] < alpha;
    if (c.method === 'chi2') {
      if (THRESHOLD_IS_ALPHA.has(c)) c.threshold = alpha;
      c.value = adj[i];
      c.drifted = adj[i] < c.threshold;
    } else c.drifted = significant && c.value !== null && c.value > c.threshold;
    const test = testText(c, tested.length);
    c.detail = [effectText(c), test, c.detail].filter(Boolean).join('; ');
  });
  for (const c of list) if (c.problem === undefined && c.drifted === null && c.detail === '') c.detail = 'no p-value (empty sides)';
}

export interface SchemaSkew {
  feature: string;
  kind: 'only in reference' | 'only in current' | 'type differs' | 'presence differs';
  message: string;
  value?: number;
}

/** Compare every shared feature; list features present on one side only or with another type. `alpha`: the family's significance level. */
export function compareSnapshots(
  ref: Snapshot,
  cur: Snapshot,
  settings: ComparisonSettings,
  raw?: (feature: string) => RawSamples | undefined,
  alpha = 0.05,
): { comparisons: FeatureComparison[]; schema: SchemaSkew[] } {
  const curBy = new Map(cur.features.map((f) => [f.name, f]));
  const refNames = new Set(ref.features.map((f) => f.name));
  const comparisons: FeatureComparison[] = [];
  const schema: SchemaSkew[] = [];
  // a feature set to {ignore: true} is not compared, and its presence on one side only is not news either
  // (a training set's label column, absent from serving logs)
  const ignored = (name: string) => {
    const own = settings.features[name];
    return own !== undefined && 'ignore' in own;
  };
  for (const rf of ref.features) {
    const cf = curBy.get(rf.name);
    if (!cf && ignored(rf.name)) continue;
    if (!cf) {
      schema.push({
        feature: rf.name,
        kind: 'only in reference',
        message: `feature "${rf.name}" (${rf.type}) is missing from the current data`,
      });
      continue;
    }
    if (rf.type !== cf.type && !floatOnlyByMissing(rf, cf))
      schema.push({
        feature: rf.name,
        kind: 'type differs',
        message: `feature "${rf.name}" is ${rf.type} in the reference and ${cf.type} in the current data`,
      });
    const comp = comparatorFor(settings, rf.name, rf.type);
    if (!comp) continue;
    comparisons.push(compareFeature(rf, cf, comp, settings['min-count'], raw?.(rf.name)));
  }
  for (const cf of cur.features) {
    if (!refNames.has(cf.name) && !ignored(cf.name))
      schema.push({
        feature: cf.name,
        kind: 'only in current',
        message: `feature "${cf.name}" (${cf.type}) is in the current data but not in the reference`,
      });
  }
  judge(comparisons, settings.fdr ?? alpha);
  return { comparisons, schema };
}

/**
 * An integer column with missing values (NaN) on one side is a float column there, as pandas and our
 * profiler type it, while the other side has none: the same integers, not a retyped feature. Known only
 * when the float side kept exact counts (few distinct values) and every one of them is an integer;
 * otherwise the type difference stands.
 */
function floatOnlyByMissing(a: FeatureSnapshot, b: FeatureSnapshot): boolean {
  const f = a.type === 'float' && b.type === 'int' ? a : b.type === 'float' && a.type === 'int' ? b : null;
  const n = f?.numeric;
  return !!n && n.nan > 0 && n.infinity === 0 && !!n.exact && n.exact.values.every((v) => Number.isInteger(v));
}

/** Closest to (or furthest past) its threshold first. */
export function severity(c: FeatureComparison): number {
  if (c.value === null || Number.isNaN(c.value)) return -1;
  if (c.method === 'chi2') return c.value > 0 ? c.threshold / c.value : Infinity;
  return c.value / c.threshold;
}
