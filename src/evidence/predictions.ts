/**
 * Prediction files -> typed arrays. Only the mapped columns are kept; every bad value is a
 * PredictionError naming the file, line and column, and what was expected.
 */
import { ByteColumn, ByteColumnIndex, ByteInterner, parseDecimalBytes } from './bytes.js';
import { readTableBatches, TableError, type TableBatch, type TableFormat } from './tabular.js';

import type { GroupColumn, ModelData, Task } from '../stats/model-data.js';

export type { GroupColumn, Task };

export interface PredictionColumns {
  label: string;
  /** Binary: probability of the positive class. */
  score?: string;
  /** Multiclass: one probability column per class, in the order of `classes`. */
  scores?: string[];
  /** Predicted label (classification without scores) or predicted value (regression). */
  prediction?: string;
  id?: string;
  weight?: string;
  /** Slice / group columns (categorical). */
  groups?: string[];
}

export interface PredictionSpec {
  task: Task;
  columns: PredictionColumns;
  /** Class names as they appear in the label column. Binary: [negative, positive]. */
  classes?: string[];
  format?: TableFormat;
}

export interface NonFiniteCell {
  line: number;
  column: string;
  token: string;
}

/** One prediction file, read: the model data plus where each row came from. */
export interface Predictions extends ModelData {
  file: string;
  /** Example ids (as bytes; `ids.text(i)` decodes one). */
  ids: ByteColumn | null;
  /** Physical line of each row (for messages). */
  lines: Int32Array;
  /** NaN / infinity found in numeric columns (those rows hold NaN). */
  nonFinite: NonFiniteCell[];
  nonFiniteCount: number;
  /** Numeric cells read (for the numerical-stability scan). */
  numericValues: number;
}

export class PredictionError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super(message);
    this.name = 'PredictionError';
  }
}

const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/**
 * A typed array built in blocks, so growing never copies; done() joins the blocks once into an
 * array of the exact length. Write a batch at room(extra)[at ...], then commit(extra).
 */
class Growable<T extends Float64Array | Int32Array | Uint8Array> {
  private blocks: T[] = [];
  private cur: T;
  /** Values written to the current block. */
  at = 0;
  private before = 0;
  constructor(private readonly make: (n: number) => T) {
    this.cur = make(4096);
  }
  /** Make the current block hold `total` values in all (a size estimate), when nothing was split yet. */
  expect(total: number): void {
    if (this.blocks.length > 0 || total <= this.cur.length) return;
    const next = this.make(total);
    next.set(this.cur.subarray(0, this.at));
    this.cur = next;
  }
  /** The block with room for `extra` more values from `at` on. */
  room(extra: number): T {
    if (this.at + extra > this.cur.length) {
      this.blocks.push(this.cur.subarray(0, this.at) as T);
      this.before += this.at;
      // blocks grow with the column (up to 1M values), so small files stay small
      this.cur = this.make(Math.max(extra, Math.min(1 << 20, this.before)));
      this.at = 0;
    }
    return this.cur;
  }
  commit(extra: number): void {
    this.at += extra;
  }
  done(): T {
    // one block (sized from an estimate) at least 3/4 full: no copy (the spare end stays allocated)
    if (this.blocks.length === 0 && this.at >= this.cur.length - (this.cur.length >> 2)) return this.cur.subarray(0, this.at) as T;
    const out = this.make(this.before + this.at);
    let o = 0;
    for (const b of this.blocks) {
      out.set(b, o);
      o += b.length;
    }
    out.set(this.cur.subarray(0, this.at), o);
    return out;
  }
}
const f64 = (n: number) => new Float64Array(n);
const i32 = (n: number) => new Int32Array(n);
const u8 = (n: number) => new Uint8Array(n);

const MISSING = Buffer.from('(missing)');

/**
 * A categorical column read through a ByteInterner: each distinct byte string is decoded and
 * resolved (to a class index, a group code, ...) once; later rows cost a hash of their bytes.
 */
class Categories {
  readonly interner = new ByteInterner();
  private resolved = new Int32Array(16);
  private count = 0;
  constructor(private readonly resolve: (text: string, line: number, code: number) => number) {}

  /** Resolved value of field k of record r (the caller handles missing values first). */
  get(b: TableBatch, r: number, k: number): number {
    const o = r * b.width + k;
    const code = b.escaped[o] ? this.interner.internText(b.text(r, k)!) : this.interner.intern(b.buf, b.starts[o], b.ends[o]);
    return code < this.count ? this.resolved[code] : this.learn(code, b.lines[r]);
  }

  /** Resolved value of a byte string (e.g. the placeholder for a missing group). */
  getBytes(bytes: Buffer, line: number): number {
    const code = this.interner.intern(bytes, 0, bytes.length);
    return code < this.count ? this.resolved[code] : this.learn(code, line);
  }

  private learn(code: number, line: number): number {
    const v = this.resolve(this.interner.values[code], line, code);
    if (code >= this.resolved.length) {
      const next = new Int32Array(this.resolved.length * 2);
      next.set(this.resolved);
      this.resolved = next;
    }
    this.resolved[code] = v;
    this.count = code + 1;
    return v;
  }
}

/**
 * Numbers of field k of each record into out[off + r * stride]: plain decimals within [lo, hi] are
 * taken as the reader parsed them, or parsed from the bytes; everything else (other forms, out of range, missing, quoted) goes through
 * `slow`, which returns the value or throws the message.
 */
function fillNumbers(b: TableBatch, k: number, out: Float64Array, off: number, stride: number, lo: number, hi: number, slow: (text: string | null, line: number) => number): void {
  const { buf, starts, ends, escaped, values, lines, width, count } = b;
  for (let r = 0, o = k, at = off; r < count; r++, o += width, at += stride) {
    let x = values[o]; // parsed by the reader (plain CSV/TSV records)
    if (!(x >= lo && x <= hi)) {
      if (escaped[o] === 0) x = parseDecimalBytes(buf, starts[o], ends[o]);
      if (!(x >= lo && x <= hi)) x = slow(b.text(r, k), lines[r]);
    }
    out[at] = x;
  }
}

/**
 * Categorical field k into out[off + r]: "0" and "1" straight from the byte when `bits` (binary
 * labels without declared classes), other values through the Categories, missing ones through
 * `missing` (which returns a code or throws).
 */
function fillCategorical(b: TableBatch, k: number, out: Uint8Array | Int32Array, off: number, bits: boolean, cats: Categories, missing: (line: number) => number): void {
  const { buf, starts, ends, lines, width, count } = b;
  for (let r = 0, o = k; r < count; r++, o += width) {
    const s = starts[o];
    const e = ends[o];
    if (bits && e === s + 1) {
      const d = buf[s] - 48;
      if (d === 0 || d === 1) {
        out[off + r] = d;
        continue;
      }
    }
    out[off + r] = s === e ? missing(lines[r]) : cats.get(b, r, k);
  }
}

/** Ids of field k appended to `ids`; a missing id goes to `missing` (which throws). */
function fillIds(b: TableBatch, k: number, ids: ByteColumn, missing: (line: number) => void): void {
  const { buf, starts, ends, escaped, lines, width, count } = b;
  for (let r = 0; r < count; r++) {
    r = ids.pushFields(buf, starts, ends, escaped, k, width, r, count);
    if (r === count) break;
    // an empty or a quoted id
    const o = r * width + k;
    if (starts[o] === ends[o]) missing(lines[r]);
    ids.pushText(b.text(r, k)!);
  }
}

/**
 * Load predictions. `display` is the name used in messages (repository-relative path).
 * Throws PredictionError for every user mistake (TableError is converted).
 */
export async function loadPredictions(absPath: string, display: string, spec: PredictionSpec): Promise<Predictions> {
  const c = spec.columns;
  const { task } = spec;
  const fail = (message: string, line?: number, column?: string): never => {
    throw new PredictionError(display, `${display}${line ? `, line ${line}` : ''}${column ? `, column "${column}"` : ''}: ${message}`, line, column);
  };
  if (task === 'binary' && !c.score && !c.prediction) fail('a binary task needs a score column (probability of the positive class) or a prediction column');
  if (task === 'multiclass' && !c.scores?.length && !c.prediction) fail('a multiclass task needs per-class score columns or a prediction column');
  if (task === 'regression' && !c.prediction) fail('a regression task needs a prediction column');
  if (task === 'binary' && spec.classes && spec.classes.length !== 2) fail(`a binary task has 2 classes [negative, positive]; got ${spec.classes.length}`);
  if (task === 'multiclass' && c.scores && spec.classes && c.scores.length !== spec.classes.length) {
    fail(`${c.scores.length} score columns but ${spec.classes.length} classes; give one score column per class, in the order of the classes`);
  }

  const wanted: string[] = [c.label];
  const at = (name: string | undefined): number => {
    if (!name) return -1;
    const i = wanted.indexOf(name);
    if (i >= 0) return i;
    wanted.push(name);
    return wanted.length - 1;
  };
  const iLabel = 0;
  const iScore = task === 'binary' ? at(c.score) : -1;
  const iScores = task === 'multiclass' && c.scores ? c.scores.map((s) => at(s)) : [];
  const iPred = at(c.prediction);
  const iId = at(c.id);
  const iWeight = at(c.weight);
  const groupNames = [...new Set(c.groups ?? [])];
  const iGroups = groupNames.map((g) => at(g));

  // classes: binary defaults to 0/1 (also true/false); multiclass with scores: declared or 0..k-1
  let classes: string[] | null = spec.classes ? spec.classes.slice() : null;
  if (!classes && task === 'multiclass' && c.scores) classes = c.scores.map((_, k) => String(k));
  const classIndex = new Map<string, number>();
  if (classes) classes.forEach((name, k) => classIndex.set(name, k));
  const dynamic = task === 'multiclass' && !classes; // learn labels as they come; sorted at the end

  const yBin = new Growable(u8);
  const yCls = new Growable(i32);
  const yReg = new Growable(f64);
  const score = new Growable(f64);
  const probs = new Growable(f64);
  const predCls = new Growable(i32);
  const predVal = new Growable(f64);
  const weight = new Growable(f64);
  const lines = new Growable(i32);
  const ids = iId >= 0 ? new ByteColumn() : null;
  const groups = groupNames.map(() => ({ codes: new Growable(i32), cats: new Categories((_text, _line, code) => code) }));
  const nonFinite: NonFiniteCell[] = [];
  let nonFiniteCount = 0;
  let numericValues = 0;

  const num = (v: string | null, line: number, col: string, what: string): number => {
    if (v === null) return fail(`${what} is empty; expected a number`, line, col);
    const fast = +v;
    if (fast === fast && fast !== Infinity && fast !== -Infinity && (fast !== 0 || v.trim() !== '')) return fast;
    if (v.trim() === '') return fail(`${what} is empty; expected a number`, line, col);
    const t = v.trim();
    if (NON_FINITE.test(t)) {
      nonFiniteCount++;
      if (nonFinite.length < 100) nonFinite.push({ line, column: col, token: t });
      return NaN;
    }
    const x = Number(t);
    if (Number.isNaN(x)) return fail(`${what} ${JSON.stringify(t.length > 40 ? `${t.slice(0, 37)}...` : t)} is not a number`, line, col);
    if (!Number.isFinite(x)) {
      nonFiniteCount++;
      if (nonFinite.length < 100) nonFinite.push({ line, column: col, token: t });
      return NaN;
    }
    return x;
  };
  const prob = (v: string | null, line: number, col: string, what: string): number => {
    const x = num(v, line, col, what);
    if (x < 0 || x > 1) fail(`${what} ${v} is outside [0, 1]; expected a probability`, line, col);
    return x;
  };
  const binLabel = (v: string | null, line: number, col: string, what: string): number => {
    if (v === null) return fail(`${what} is empty; expected ${classes ? `one of ${classes.map((x) => JSON.stringify(x)).join(', ')}` : '0 or 1'}`, line, col);
    if (classes) {
      const i = classIndex.get(v);
      if (i === undefined) return fail(`${what} ${JSON.stringify(v)} is not one of the declared classes ${classes.map((x) => JSON.stringify(x)).join(', ')}`, line, col);
      return i;
    }
    if (v === '1') return 1;
    if (v === '0') return 0;
    const t = v.trim().toLowerCase();
    if (t === '1' || t === '1.0' || t === 'true') return 1;
    if (t === '0' || t === '0.0' || t === 'false') return 0;
    return fail(`${what} ${JSON.stringify(v)} is not a binary label; expected 0 or 1 (or declare the classes as [negative, positive])`, line, col);
  };
  const clsLabel = (v: string | null, line: number, col: string, what: string): number => {
    if (v === null) return fail(`${what} is empty; expected a class label`, line, col);
    let i = classIndex.get(v);
    if (i === undefined) {
      if (!dynamic) return fail(`${what} ${JSON.stringify(v)} is not one of the declared classes ${classes!.slice(0, 20).map((x) => JSON.stringify(x)).join(', ')}`, line, col);
      i = classIndex.size;
      classIndex.set(v, i);
    }
    return i;
  };

  // Each batch is read column by column: tight loops over byte ranges for the common forms, and the
  // text functions above (which give the messages, and the values, exactly as for the cell's text)
  // for anything unusual. The first error in file order wins, as if read row by row.
  const labelColumn = (col: string, what: string) =>
    new Categories(task === 'binary' ? (text, line) => binLabel(text, line, col, what) : (text, line) => clsLabel(text, line, col, what));
  const labelCats = task === 'regression' ? null : labelColumn(c.label, 'label');
  const predCats = task === 'regression' || iPred < 0 ? null : labelColumn(c.prediction!, 'predicted label');
  // binary labels without declared classes: "0" and "1" are read from the byte
  const byteLabels = task === 'binary' && !classes;
  const missingLabel = task === 'binary' ? binLabel : clsLabel;
  const labels = (b: TableBatch, k: number, out: Growable<Uint8Array | Int32Array>, cats: Categories, col: string, what: string) =>
    fillCategorical(b, k, out.room(b.count), out.at, byteLabels, cats, (line) => missingLabel(null, line, col, what));
  const numbers = (b: TableBatch, k: number, out: Growable<Float64Array>, col: string, what: string) =>
    fillNumbers(b, k, out.room(b.count), out.at, 1, -Infinity, Infinity, (text, line) => num(text, line, col, what));
  const nScores = iScores.length;

  // the one-value-per-row columns this file fills, and how many numbers a row holds
  const filled: Array<Growable<Float64Array | Int32Array | Uint8Array>> = [task === 'binary' ? yBin : task === 'multiclass' ? yCls : yReg, ...groups.map((G) => G.codes)];
  if (iScore >= 0) filled.push(score);
  if (iPred >= 0) filled.push(task === 'regression' ? predVal : predCls);
  if (iWeight >= 0) filled.push(weight);
  const numberColumns = [iScore, ...iScores, iWeight, ...(task === 'regression' ? [iLabel, iPred] : [])].filter((k) => k >= 0).map((k) => wanted[k]);
  const numericPerRow = (task === 'regression' ? 1 : 0) + (iScore >= 0 ? 1 : 0) + nScores + (iPred >= 0 && task === 'regression' ? 1 : 0) + (iWeight >= 0 ? 1 : 0);

  // size the columns from the first batch and the file's size (no regrowth copies)
  const sizeColumns = (b: TableBatch): void => {
    if (b.inputSize <= 0 || b.inputEnd <= 0) return;
    const estimate = Math.ceil((b.inputSize / b.inputEnd) * b.count * 1.02) + 64;
    for (const col of [...filled, lines]) col.expect(estimate);
    if (nScores) probs.expect(estimate * nScores);
    if (ids) ids.reserve(estimate, Math.ceil((ids.byteLength / b.count) * estimate * 1.05));
  };

  let rows = 0;
  const onBatch = (b: TableBatch): void => {
    const m = b.count;
    let first: PredictionError | null = null;
    const column = (read: () => void): void => {
      try {
        read();
      } catch (e) {
        if (!(e instanceof PredictionError)) throw e;
        if (first === null || (e.line ?? 0) < (first.line ?? 0)) first = e;
      }
    };
    if (task === 'binary') column(() => labels(b, iLabel, yBin, labelCats!, c.label, 'label'));
    else if (task === 'multiclass') column(() => labels(b, iLabel, yCls, labelCats!, c.label, 'label'));
    else column(() => numbers(b, iLabel, yReg, c.label, 'label'));
    if (iScore >= 0) column(() => fillNumbers(b, iScore, score.room(m), score.at, 1, 0, 1, (text, line) => prob(text, line, c.score!, 'score')));
    for (let j = 0; j < nScores; j++) {
      column(() => fillNumbers(b, iScores[j], probs.room(m * nScores), probs.at + j, nScores, 0, 1, (text, line) => prob(text, line, c.scores![j], 'class score')));
    }
    if (iPred >= 0) {
      if (task === 'regression') column(() => numbers(b, iPred, predVal, c.prediction!, 'prediction'));
      else column(() => labels(b, iPred, predCls, predCats!, c.prediction!, 'predicted label'));
    }
    if (iWeight >= 0) {
      column(() =>
        fillNumbers(b, iWeight, weight.room(m), weight.at, 1, 0, Infinity, (text, line) => {
          const w = num(text, line, c.weight!, 'weight');
          if (w < 0) fail(`weight ${w} is negative; expected a weight >= 0`, line, c.weight);
          return w;
        }),
      );
    }
    if (ids) column(() => fillIds(b, iId, ids, (line) => fail('id is empty; every row needs an id to pair base and head predictions', line, c.id)));
    for (let g = 0; g < iGroups.length; g++) {
      const G = groups[g];
      column(() => fillCategorical(b, iGroups[g], G.codes.room(m), G.codes.at, false, G.cats, (line) => G.cats.getBytes(MISSING, line)));
    }
    if (first) throw first;
    for (const col of filled) col.commit(m);
    probs.commit(m * nScores);
    lines.room(m).set(b.lines.subarray(0, m), lines.at);
    lines.commit(m);
    numericValues += m * numericPerRow;
    rows += m;
    if (rows === m) sizeColumns(b); // after the first batch
  };
  try {
    await readTableBatches(absPath, { format: spec.format, columns: wanted, numbers: numberColumns }, () => {}, onBatch);
  } catch (e) {
    if (e instanceof TableError) throw new PredictionError(display, e.describe(display), e.line || undefined, e.column);
    throw e;
  }
  nonFinite.sort((x, y) => x.line - y.line); // read column by column; report in file order
  if (rows === 0) fail('the file has a header but no rows; expected one row per example');

  let yOut: Uint8Array | Int32Array | Float64Array = task === 'binary' ? yBin.done() : task === 'multiclass' ? yCls.done() : yReg.done();
  let predClass = iPred >= 0 && task !== 'regression' ? predCls.done() : null;
  let outClasses = classes ?? (task === 'binary' ? ['0', '1'] : []);
  if (dynamic) {
    // sort learned labels (numerically when all are numbers) and remap
    const learned = [...classIndex.keys()];
    const numeric = learned.every((l) => l.trim() !== '' && !Number.isNaN(Number(l)));
    const sorted = learned.slice().sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
    const remap = new Int32Array(learned.length);
    learned.forEach((l, i) => (remap[i] = sorted.indexOf(l)));
    const y2 = yOut as Int32Array;
    for (let i = 0; i < y2.length; i++) y2[i] = remap[y2[i]];
    if (predClass) for (let i = 0; i < predClass.length; i++) predClass[i] = remap[predClass[i]];
    outClasses = sorted;
    yOut = y2;
    predClass = predClass ?? null;
  }
  const groupMap = new Map<string, GroupColumn>();
  groupNames.forEach((g, j) => groupMap.set(g, { codes: groups[j].codes.done(), values: groups[j].cats.interner.values.slice() }));
  return {
    file: display,
    task,
    n: rows,
    classes: outClasses,
    y: yOut,
    score: iScore >= 0 ? score.done() : null,
    probs: iScores.length ? probs.done() : null,
    predClass,
    predValue: task === 'regression' ? predVal.done() : null,
    weight: iWeight >= 0 ? weight.done() : null,
    ids,
    lines: lines.done(),
    groups: groupMap,
    nonFinite,
    nonFiniteCount,
    numericValues,
  };
}

export interface Pairing {
  /** For each head row, the base row with the same id. */
  baseRow: Int32Array;
}

/**
 * Pair base and head rows by id. Both files must hold exactly the same ids; otherwise a
 * PredictionError names the first ids missing on either side.
 */
export function pairById(base: Predictions, head: Predictions): Pairing {
  if (!base.ids || !head.ids) throw new PredictionError(head.file, `${head.file}: pairing base and head predictions needs an id column in both files`);
  const baseIds = base.ids;
  const headIds = head.ids;
  const duplicate = (p: Predictions, ids: ByteColumn, at: number, first: number): PredictionError =>
    new PredictionError(p.file, `${p.file}, line ${p.lines[at]}: duplicate id ${JSON.stringify(ids.text(at))} (first on line ${p.lines[first]}); ids must be unique to pair predictions`, p.lines[at]);
  const index = new ByteColumnIndex(baseIds);
  if (index.duplicate) throw duplicate(base, baseIds, ...index.duplicate);
  const baseRow = new Int32Array(head.n);
  // the common case: both files list the same ids in the same order (no lookups needed)
  if (headIds.sameAs(baseIds)) {
    for (let i = 0; i < head.n; i++) baseRow[i] = i;
    return { baseRow };
  }
  const usedBy = new Int32Array(base.n).fill(-1);
  const missingInBase: string[] = [];
  let missingCount = 0;
  for (let i = 0; i < head.n; i++) {
    const j = index.find(headIds, i);
    if (j < 0) {
      missingCount++;
      if (missingInBase.length < 3) missingInBase.push(`${JSON.stringify(headIds.text(i))} (line ${head.lines[i]})`);
      baseRow[i] = -1;
    } else {
      if (usedBy[j] >= 0) throw duplicate(head, headIds, i, usedBy[j]);
      usedBy[j] = i;
      baseRow[i] = j;
    }
  }
  const extra = base.n - (head.n - missingCount);
  if (missingCount > 0 || extra > 0) {
    const parts: string[] = [];
    if (missingCount > 0) parts.push(`${missingCount} id(s) of ${head.file} are not in ${base.file}, e.g. ${missingInBase.join(', ')}`);
    if (extra > 0) {
      const ex: string[] = [];
      for (let j = 0; j < base.n && ex.length < 3; j++) if (usedBy[j] < 0) ex.push(`${JSON.stringify(baseIds.text(j))} (line ${base.lines[j]})`);
      parts.push(`${extra} id(s) of ${base.file} are not in ${head.file}, e.g. ${ex.join(', ')}`);
    }
    throw new PredictionError(head.file, `base and head predictions do not cover the same examples: ${parts.join('; ')}; evaluate both models on the same eval set`);
  }
  return { baseRow };
}
