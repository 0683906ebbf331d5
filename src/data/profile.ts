/**
 * Streaming profiler: one pass over rows, memory bounded per column (Welford moments, a DDSketch on a
 * fixed grid for quantiles, histogram edges and comparisons, exact counts of the distinct values
 * while there are at most `maxExact` of them, a capped map of categories), whatever the row count.
 * The accumulation of one column is the ColumnProfiler class: a faster reader can feed it and keep
 * the results identical.
 *
 * Cells: null (empty cell, JSON null) is missing. "NaN"/"nan" is a NaN value and "inf", "Infinity"
 * (optionally signed) an infinity: present, numeric, counted apart and kept out of the moments and
 * the histogram. A column whose present values are mostly numbers is int (all integers written
 * without a decimal point or exponent, no NaN/infinity) or float; otherwise string, or bool when
 * every value is true/false. A column mixing numbers and text records `mixed` with examples.
 *
 * With a reference snapshot, numeric features are binned on the reference's edges (values outside go
 * to underflow/overflow) and every reference category is listed, so the two snapshots are comparable.
 */
import path from 'node:path';
import { readTable, type TableFormat } from '../evidence/tabular.js';
import { SNAPSHOT_KIND, SNAPSHOT_VERSION, type FeatureSnapshot, type Snapshot } from '../schemas/snapshot.js';
import { LogSketch, sketchHistogram } from './sketch.js';

export const DEFAULT_BINS = 20;
export const DEFAULT_TOP_K = 50;
/** Distinct categories tracked exactly per column; above twice this, the rarest are dropped. */
export const DEFAULT_MAX_CATEGORIES = 10_000;
/** Distinct numeric values counted exactly per column (more: the sketch alone). */
export const DEFAULT_MAX_EXACT = 1000;
export const QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

export interface ProfileOptions {
  /** Reuse this snapshot's bin edges and categories. */
  reference?: Snapshot;
  /** Reference file name, recorded in the snapshot. */
  referenceName?: string;
  bins?: number;
  topK?: number;
  maxCategories?: number;
  /** Distinct numeric values counted exactly (default DEFAULT_MAX_EXACT; 0: none). */
  maxExact?: number;
}

const BOOL = new Set(['true', 'false', 'True', 'False', 'TRUE', 'FALSE']);

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Set by parseNumber: the text was an integer literal (no decimal point, no exponent). */
let integerText = false;

/**
 * Parse a cell as a number: a finite number, NaN or +/-Infinity; undefined when it is text.
 * Plain decimals ([-]digits[.digits], up to 15 significant digits) take an exact fast path: the
 * integer mantissa and 10^k are exact doubles, so one division is correctly rounded, the same value
 * as Number(s). Everything else goes through Number(s).
 */
export function parseNumber(s: string): number | undefined {
  const c = s.charCodeAt(0);
  // digits, '-', '+', '.': numbers; Number('') and whitespace-only never reach here as numbers
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
    const n = s.length;
    let i = c === 45 ? 1 : 0;
    let m = 0;
    let digits = 0;
    let frac = -1;
    for (; i < n; i++) {
      const d = s.charCodeAt(i);
      if (d >= 48 && d <= 57) {
        m = m * 10 + (d - 48);
        digits++;
        if (frac >= 0) frac++;
      } else if (d === 46 && frac < 0) frac = 0;
      else break;
    }
    if (i === n && digits > 0 && digits <= 15) {
      integerText = frac < 0;
      const v = frac > 0 ? m / POW10[frac] : m;
      return c === 45 ? -v : v;
    }
    const v = +s;
    if (v === v) {
      if (c === 48 && s.length > 2) {
        const c1 = s.charCodeAt(1) | 32;
        if (c1 === 120 || c1 === 98 || c1 === 111) return undefined; // 0x.., 0b.., 0o.. are text, as in pandas
      }
      integerText = !hasDotOrExp(s);
      return v;
    }
  }
  integerText = false;
  // only N/n (NaN), I/i (inf), + and - can still start a non-finite token
  if (c !== 78 && c !== 110 && c !== 73 && c !== 105 && c !== 43 && c !== 45) return undefined;
  switch (s) {
    case 'NaN':
    case 'nan':
    case 'NAN':
      return Number.NaN;
    case 'inf':
    case 'Inf':
    case 'Infinity':
    case '+inf':
    case '+Infinity':
      return Number.POSITIVE_INFINITY;
    case '-inf':
    case '-Inf':
    case '-Infinity':
      return Number.NEGATIVE_INFINITY;
  }
  return undefined;
}

function hasDotOrExp(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 || c === 101 || c === 69) return true;
  }
  return false;
}

export class ColumnProfiler {
  present = 0;
  missing = 0;
  // numeric part
  numeric = 0;
  intLike = true;
  finite = 0;
  mean = 0;
  m2 = 0;
  min = Infinity;
  max = -Infinity;
  nan = 0;
  inf = 0;
  zeros = 0;
  readonly sketch = new LogSketch();
  /** Count per distinct finite value, until more than maxExact distinct values are seen (then null). */
  exact: Map<number, number> | null;
  // reference binning
  private readonly edges: Float64Array | null;
  private readonly binCounts: Float64Array | null;
  underflow = 0;
  overflow = 0;
  // text part
  other = 0;
  /** Counts per text value, boxed so an existing value costs one lookup. */
  readonly cats = new Map<string, { n: number }>();
  private readonly pinned: Set<string>;
  prunedCount = 0;
  maxDistinctSeen = 0;
  approximate = false;
  otherExamples: string[] = [];
  numericExamples: string[] = [];
  firstOtherLine = 0;
  firstNumericLine = 0;

  constructor(
    readonly name: string,
    private readonly maxCategories: number,
    refEdges?: readonly number[],
    refCategories?: readonly string[],
    private readonly maxExact = DEFAULT_MAX_EXACT,
  ) {
    this.exact = maxExact > 0 ? new Map() : null;
    this.edges = refEdges && refEdges.length >= 2 ? Float64Array.from(refEdges) : null;
    this.binCounts = this.edges ? new Float64Array(this.edges.length - 1) : null;
    this.pinned = new Set(refCategories ?? []);
  }

  add(s: string | null, line: number): void {
    if (s === null) {
      this.missing++;
      return;
    }
    this.present++;
    const v = parseNumber(s);
    if (v === undefined) {
      this.addText(s, line);
      return;
    }
    this.numeric++;
    if (this.firstNumericLine === 0) this.firstNumericLine = line;
    if (this.numericExamples.length < 3) this.numericExamples.push(s);
    if (v !== v) {
      this.nan++;
      this.intLike = false;
      return;
    }
    if (v === Infinity || v === -Infinity) {
      this.inf++;
      this.intLike = false;
      return;
    }
    if (this.intLike && !(integerText && Number.isInteger(v))) this.intLike = false;
    const n = ++this.finite;
    const d = v - this.mean;
    this.mean += d / n;
    this.m2 += d * (v - this.mean);
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (v === 0) this.zeros++;
    this.sketch.add(v);
    const ex = this.exact;
    if (ex !== null) {
      const c = ex.get(v);
      if (c !== undefined) ex.set(v, c + 1);
      else if (ex.size < this.maxExact)
        ex.set(v === 0 ? 0 : v, 1); // -0 and 0 are one value
      else this.exact = null;
    }
    const e = this.edges;
    if (e !== null) {
      const last = e.length - 1;
      if (v < e[0]) this.underflow++;
      else if (v > e[last]) this.overflow++;
      else if (v === e[last]) this.binCounts![last - 1]++;
      else {
        let lo = 0;
        let hi = last;
        while (hi - lo > 1) {
          const mid = (lo + hi) >> 1;
          if (e[mid] <= v) lo = mid;
          else hi = mid;
        }
        this.binCounts![lo]++;
      }
    }
  }

  private addText(s: string, line: number): void {
    this.other++;
    if (this.firstOtherLine === 0) this.firstOtherLine = line;
    if (this.otherExamples.length < 3 && !this.otherExamples.includes(s)) this.otherExamples.push(s);
    const cats = this.cats;
    const c = cats.get(s);
    if (c !== undefined) {
      c.n++;
      return;
    }
    cats.set(s, { n: 1 });
    if (cats.size > this.maxDistinctSeen) this.maxDistinctSeen = cats.size;
    if (cats.size > 2 * this.maxCategories) this.prune();
  }

  /** Keep the most frequent maxCategories values (and every reference category); count the rest as other. */
  private prune(): void {
    const entries = [...this.cats.entries()].sort((a, b) => b[1].n - a[1].n);
    this.cats.clear();
    let kept = 0;
    for (const [k, c] of entries) {
      if (kept < this.maxCategories || this.pinned.has(k)) {
        this.cats.set(k, c);
        kept++;
      } else this.prunedCount += c.n;
    }
    this.approximate = true;
  }

  /** The majority kind decides the type. */
  get type(): FeatureSnapshot['type'] {
    if (this.numeric > 0 && this.numeric >= this.other) return this.intLike ? 'int' : 'float';
    if (this.other > 0 && this.numeric === 0 && [...this.cats.keys()].every((k) => BOOL.has(k)) && !this.approximate) return 'bool';
    return 'string';
  }

  finish(bins: number, topK: number, refCategories?: readonly string[]): FeatureSnapshot {
    const type = this.type;
    const f: FeatureSnapshot = { name: this.name, type, count: this.present, missing: this.missing };
    if (this.numeric > 0 && this.other > 0) {
      const numericWins = type === 'int' || type === 'float';
      f.mixed = {
        numeric: this.numeric,
        other: this.other,
        examples: numericWins ? this.otherExamples.slice(0, 3) : this.numericExamples.slice(0, 3),
        line: numericWins ? this.firstOtherLine || undefined : this.firstNumericLine || undefined,
      };
    }
    if (type === 'int' || type === 'float') {
      const has = this.finite > 0;
      f.numeric = {
        min: has ? this.min : null,
        max: has ? this.max : null,
        mean: has ? this.mean : null,
        std: has ? Math.sqrt(this.m2 / this.finite) : null,
        nan: this.nan,
        infinity: this.inf,
        zeros: this.zeros,
      };
      if (has) {
        const cells = this.sketch.cells();
        const qs = this.sketch.quantiles(QUANTILES, this.min, this.max, cells);
        f.numeric.quantiles = Object.fromEntries(QUANTILES.map((q, i) => [String(q), qs[i]]));
        // exact counts make the sketch redundant (comparisons rebuild its cells from the values)
        if (this.exact) {
          const values = [...this.exact.keys()].sort((a, b) => a - b);
          f.numeric.exact = { values, counts: values.map((v) => this.exact!.get(v)!) };
        } else f.numeric.sketch = this.sketch.toJSON();
        if (this.edges) {
          f.numeric.histogram = {
            edges: [...this.edges],
            counts: [...this.binCounts!],
            underflow: this.underflow,
            overflow: this.overflow,
          };
        } else {
          const h = sketchHistogram(this.sketch, bins, this.min, this.max, cells);
          f.numeric.histogram = { edges: h.edges, counts: h.counts };
        }
      }
      return f;
    }
    // categorical: every counted text value; numbers in a mostly-text column are counted as "other"
    const listed = new Map<string, number>();
    const sorted = [...this.cats.entries()]
      .map(([k, c]) => [k, c.n] as const)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const k of refCategories ?? []) listed.set(k, this.cats.get(k)?.n ?? 0);
    let added = 0;
    for (const [k, c] of sorted) {
      if (added >= topK) break;
      if (listed.has(k)) continue;
      listed.set(k, c);
      added++;
    }
    let listedTotal = 0;
    for (const c of listed.values()) listedTotal += c;
    f.categorical = {
      distinct: Math.max(this.maxDistinctSeen, this.cats.size),
      top: [...listed.entries()].map(([value, count]) => ({ value, count })),
      otherCount: this.present - listedTotal,
    };
    if (this.approximate) f.categorical.approximate = true;
    return f;
  }
}

/** Profiles rows of a fixed set of columns into a snapshot. */
export class Profiler {
  private readonly columns: ColumnProfiler[];
  private readonly refCats = new Map<string, string[]>();
  rows = 0;

  constructor(
    readonly names: readonly string[],
    private readonly opts: ProfileOptions = {},
  ) {
    const refFeatures = new Map((opts.reference?.features ?? []).map((f) => [f.name, f]));
    this.columns = names.map((n) => {
      const rf = refFeatures.get(n);
      const cats = rf?.categorical?.top.map((t) => t.value);
      if (cats) this.refCats.set(n, cats);
      return new ColumnProfiler(n, opts.maxCategories ?? DEFAULT_MAX_CATEGORIES, rf?.numeric?.histogram?.edges, cats, opts.maxExact);
    });
  }

  addRow(fields: ReadonlyArray<string | null>, line: number): void {
    const cols = this.columns;
    for (let i = 0; i < cols.length; i++) cols[i].add(fields[i] ?? null, line);
    this.rows++;
  }

  finish(meta: { dataset: Snapshot['dataset']; source?: string; createdAt?: string }): Snapshot {
    const features = this.columns.map((c) =>
      c.finish(this.opts.bins ?? DEFAULT_BINS, this.opts.topK ?? DEFAULT_TOP_K, this.refCats.get(c.name)),
    );
    const snap: Snapshot = {
      schemaVersion: SNAPSHOT_VERSION,
      kind: SNAPSHOT_KIND,
      dataset: meta.dataset,
      createdAt: meta.createdAt ?? new Date().toISOString(),
      rows: this.rows,
      source: meta.source,
      features,
    };
    if (this.opts.referenceName) snap.reference = this.opts.referenceName;
    return snap;
  }

  /** Raw column profilers (for callers that also need the sketches). */
  get columnProfilers(): readonly ColumnProfiler[] {
    return this.columns;
  }
}

export interface ProfileFilesOptions extends ProfileOptions {
  format?: TableFormat;
  columns?: string[];
  datasetName?: string;
  /** Called with each finite numeric value per column index (used by `drift` for the exact KS). */
  onNumeric?: (column: number, value: number) => void;
}

/**
 * Profile one or more files with the same columns (the first file's header, or `columns`). Throws
 * TableError (file, line, column) on unreadable input.
 */
export async function profileFiles(absPaths: string[], displayNames: string[], opts: ProfileFilesOptions = {}): Promise<Snapshot> {
  let profiler: Profiler | null = null;
  let columns = opts.columns;
  for (let k = 0; k < absPaths.length; k++) {
    await readTable(
      absPaths[k],
      { format: opts.format, columns },
      (h) => {
        if (!columns) columns = h.columns;
        if (!profiler) profiler = new Profiler(columns, opts);
      },
      opts.onNumeric
        ? (fields, line) => {
            profiler!.addRow(fields, line);
            for (let i = 0; i < fields.length; i++) {
              const s = fields[i];
              if (s === null) continue;
              const v = parseNumber(s);
              if (v !== undefined && Number.isFinite(v)) opts.onNumeric!(i, v);
            }
          }
        : (fields, line) => profiler!.addRow(fields, line),
    );
  }
  const p = profiler as Profiler | null;
  if (!p) throw new Error('no input files');
  return p.finish({
    dataset: { name: opts.datasetName ?? path.basename(displayNames[0]).replace(/\.(csv|tsv|jsonl|ndjson)(\.gz)?$/i, '') },
    source: `ml-test-gate snapshot ${displayNames.join(' ')}`,
  });
}
