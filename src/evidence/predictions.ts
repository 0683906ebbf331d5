/**
 * Prediction files -> typed arrays. Only the mapped columns are kept; every bad value is a
 * PredictionError naming the file, line and column, and what was expected.
 */
import { ByteInterner, readTableRows, TableError, type TableFormat, type TableRow } from './tabular.js';

export type Task = 'binary' | 'multiclass' | 'regression';

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

export interface GroupColumn {
  /** Code per row (index into values). */
  codes: Int32Array;
  values: string[];
}

export interface Predictions {
  file: string;
  task: Task;
  n: number;
  classes: string[];
  /** binary: 0/1 (Uint8Array); multiclass: class index (Int32Array); regression: value (Float64Array). */
  y: Uint8Array | Int32Array | Float64Array;
  /** Binary probability of the positive class. */
  score: Float64Array | null;
  /** Multiclass probabilities, row-major n x k. */
  probs: Float64Array | null;
  /** Predicted class index (classification) when a prediction column is mapped. */
  predClass: Int32Array | null;
  /** Regression prediction. */
  predValue: Float64Array | null;
  weight: Float64Array | null;
  ids: string[] | null;
  /** Physical line of each row (for messages). */
  lines: Int32Array;
  groups: Map<string, GroupColumn>;
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

/** A typed array that doubles when full. */
class Growable<T extends Float64Array | Int32Array | Uint8Array> {
  arr: T;
  n = 0;
  constructor(private readonly make: (n: number) => T) {
    this.arr = make(1024);
  }
  push(v: number): void {
    if (this.n === this.arr.length) {
      const next = this.make(this.arr.length * 2);
      next.set(this.arr);
      this.arr = next;
    }
    this.arr[this.n++] = v;
  }
  done(): T {
    return this.arr.subarray(0, this.n) as T;
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

  /** Resolved value of field k of the row (the caller handles missing values first). */
  get(row: TableRow, k: number): number {
    const code = row.escaped[k] ? this.interner.internText(row.text(k)!) : this.interner.intern(row.buf, row.starts[k], row.ends[k]);
    return code < this.count ? this.resolved[code] : this.learn(code, row.line);
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
  const ids: string[] | null = iId >= 0 ? [] : null;
  const groups = groupNames.map(() => ({ codes: new Growable(i32), cats: new Categories((_text, _line, code) => code) }));
  const nonFinite: NonFiniteCell[] = [];
  let nonFiniteCount = 0;
  let numericValues = 0;

  const num = (v: string | null, line: number, col: string, what: string): number => {
    if (v === null) return fail(`${what} is empty; expected a number`, line, col);
    const fast = +v;
    if (fast === fast && fast !== Infinity && fast !== -Infinity && (fast !== 0 || v.trim() !== '')) {
      numericValues++;
      return fast;
    }
    if (v.trim() === '') return fail(`${what} is empty; expected a number`, line, col);
    const t = v.trim();
    numericValues++;
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

  // Fast paths read bytes; anything unusual goes through the text functions above, which give
  // the messages (and the values) exactly as for the text of the cell.
  const numAt = (r: TableRow, k: number, col: string, what: string): number => {
    const x = r.number(k);
    if (x === x) {
      numericValues++;
      return x;
    }
    return num(r.text(k), r.line, col, what);
  };
  const probAt = (r: TableRow, k: number, col: string, what: string): number => {
    const x = r.number(k);
    if (x === x && x >= 0 && x <= 1) {
      numericValues++;
      return x;
    }
    return prob(r.text(k), r.line, col, what);
  };
  const labelColumn = (col: string, what: string) =>
    new Categories(task === 'binary' ? (text, line) => binLabel(text, line, col, what) : (text, line) => clsLabel(text, line, col, what));
  const labelCats = task === 'regression' ? null : labelColumn(c.label, 'label');
  const predCats = task === 'regression' || iPred < 0 ? null : labelColumn(c.prediction!, 'predicted label');
  const binaryDefault = task === 'binary' && !classes;
  // binary labels without declared classes: "0" and "1" are read from the byte
  const binAt = (r: TableRow, k: number, cats: Categories, col: string, what: string): number => {
    if (binaryDefault && r.ends[k] === r.starts[k] + 1) {
      const b = r.buf[r.starts[k]];
      if (b === 48) return 0;
      if (b === 49) return 1;
    }
    if (r.isNull(k)) return binLabel(null, r.line, col, what);
    return cats.get(r, k);
  };
  const clsAt = (r: TableRow, k: number, cats: Categories, col: string, what: string): number => {
    if (r.isNull(k)) return clsLabel(null, r.line, col, what);
    return cats.get(r, k);
  };
  const nScores = iScores.length;

  let rows = 0;
  try {
    await readTableRows(absPath, { format: spec.format, columns: wanted }, () => {}, (r) => {
      const line = r.line;
      rows++;
      lines.push(line);
      if (task === 'binary') yBin.push(binAt(r, iLabel, labelCats!, c.label, 'label'));
      else if (task === 'multiclass') yCls.push(clsAt(r, iLabel, labelCats!, c.label, 'label'));
      else yReg.push(numAt(r, iLabel, c.label, 'label'));
      if (iScore >= 0) score.push(probAt(r, iScore, c.score!, 'score'));
      for (let s = 0; s < nScores; s++) probs.push(probAt(r, iScores[s], c.scores![s], 'class score'));
      if (iPred >= 0) {
        if (task === 'regression') predVal.push(numAt(r, iPred, c.prediction!, 'prediction'));
        else if (task === 'binary') predCls.push(binAt(r, iPred, predCats!, c.prediction!, 'predicted label'));
        else predCls.push(clsAt(r, iPred, predCats!, c.prediction!, 'predicted label'));
      }
      if (iWeight >= 0) {
        const w = numAt(r, iWeight, c.weight!, 'weight');
        if (w < 0) fail(`weight ${w} is negative; expected a weight >= 0`, line, c.weight);
        weight.push(w);
      }
      if (ids) {
        const id = r.text(iId);
        if (id === null) fail('id is empty; every row needs an id to pair base and head predictions', line, c.id);
        ids.push(id!);
      }
      for (let g = 0; g < iGroups.length; g++) {
        const k = iGroups[g];
        const G = groups[g];
        G.codes.push(r.isNull(k) ? G.cats.getBytes(MISSING, line) : G.cats.get(r, k));
      }
    });
  } catch (e) {
    if (e instanceof TableError) throw new PredictionError(display, e.describe(display), e.line || undefined, e.column);
    throw e;
  }
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
  const index = new Map<string, number>();
  base.ids.forEach((id, i) => {
    const prev = index.get(id);
    if (prev !== undefined) {
      throw new PredictionError(base.file, `${base.file}, line ${base.lines[i]}: duplicate id ${JSON.stringify(id)} (first on line ${base.lines[prev]}); ids must be unique to pair predictions`, base.lines[i]);
    }
    index.set(id, i);
  });
  const baseRow = new Int32Array(head.n);
  const usedBy = new Int32Array(base.n).fill(-1);
  const missingInBase: string[] = [];
  let missingCount = 0;
  for (let i = 0; i < head.n; i++) {
    const j = index.get(head.ids[i]);
    if (j === undefined) {
      missingCount++;
      if (missingInBase.length < 3) missingInBase.push(`${JSON.stringify(head.ids[i])} (line ${head.lines[i]})`);
      baseRow[i] = -1;
    } else {
      if (usedBy[j] >= 0) {
        throw new PredictionError(head.file, `${head.file}, line ${head.lines[i]}: duplicate id ${JSON.stringify(head.ids[i])} (first on line ${head.lines[usedBy[j]]}); ids must be unique to pair predictions`, head.lines[i]);
      }
      usedBy[j] = i;
      baseRow[i] = j;
    }
  }
  const extra = base.n - (head.n - missingCount);
  if (missingCount > 0 || extra > 0) {
    const parts: string[] = [];
    if (missingCount > 0) parts.push(`${missingCount} id(s) of ${head.file} are not in ${base.file}, e.g. ${missingInBase.join(', ')}`);
    if (extra > 0) {
      const headIds = new Set(head.ids);
      const ex: string[] = [];
      for (let j = 0; j < base.n && ex.length < 3; j++) if (!headIds.has(base.ids[j])) ex.push(`${JSON.stringify(base.ids[j])} (line ${base.lines[j]})`);
      parts.push(`${extra} id(s) of ${base.file} are not in ${head.file}, e.g. ${ex.join(', ')}`);
    }
    throw new PredictionError(head.file, `base and head predictions do not cover the same examples: ${parts.join('; ')}; evaluate both models on the same eval set`);
  }
  return { baseRow };
}
