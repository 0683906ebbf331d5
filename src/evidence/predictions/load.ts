/**
 * Prediction files -> typed arrays. Only the mapped columns are kept; every bad value is a
 * PredictionError naming the file, line and column, and what was expected.
 */
import { ByteColumn, firstDuplicateOnce } from '../bytes.js';
import { readTableBatches, TableError, type TableBatch } from '../tabular.js';
import { chunkSize } from '../table/chunks.js';
import { CellReader, failIn, type Fail } from './cells.js';
import { Categories, f64, fillCategorical, fillIds, fillNumbers, Growable, i32, u8 } from './columns.js';
import { countedHere, loadInWorker, planLoad, workerBusy, type Access } from './offload.js';
import { PredictionError, type GroupColumn, type PredictionSpec, type Predictions } from './types.js';

const MISSING = Buffer.from('(missing)');

function checkSpec(spec: PredictionSpec, fail: Fail): void {
  const { task, columns: c } = spec;
  if (task === 'binary' && !c.score && !c.prediction)
    fail('a binary task needs a score column (probability of the positive class) or a prediction column');
  if (task === 'multiclass' && !c.scores?.length && !c.prediction)
    fail('a multiclass task needs per-class score columns or a prediction column');
  if (task === 'regression' && !c.prediction) fail('a regression task needs a prediction column');
  if (task === 'binary' && spec.classes && spec.classes.length !== 2)
    fail(`a binary task has 2 classes [negative, positive]; got ${spec.classes.length}`);
  if (task === 'multiclass' && c.scores && spec.classes && c.scores.length !== spec.classes.length) {
    fail(
      `${c.scores.length} score columns but ${spec.classes.length} classes; give one score column per class, in the order of the classes`,
    );
  }
}

/** Which projected column (index into `wanted`) holds what; -1 when not mapped. */
interface Layout {
  wanted: string[];
  iLabel: number;
  iScore: number;
  iScores: number[];
  iPred: number;
  iId: number;
  iWeight: number;
  groupNames: string[];
  iGroups: number[];
}

function layoutOf(spec: PredictionSpec): Layout {
  const { task, columns: c } = spec;
  const wanted: string[] = [c.label];
  const at = (name: string | undefined): number => {
    if (!name) return -1;
    const i = wanted.indexOf(name);
    if (i >= 0) return i;
    wanted.push(name);
    return wanted.length - 1;
  };
  const iScore = task === 'binary' ? at(c.score) : -1;
  const iScores = task === 'multiclass' && c.scores ? c.scores.map((s) => at(s)) : [];
  const iPred = at(c.prediction);
  const iId = at(c.id);
  const iWeight = at(c.weight);
  const groupNames = [...new Set(c.groups ?? [])];
  const iGroups = groupNames.map((g) => at(g));
  return { wanted, iLabel: 0, iScore, iScores, iPred, iId, iWeight, groupNames, iGroups };
}

/** Classes: binary defaults to 0/1 (also true/false); multiclass with scores: declared or 0..k-1; else learned. */
function cellReaderFor(spec: PredictionSpec, fail: Fail): CellReader {
  let classes: string[] | null = spec.classes ? spec.classes.slice() : null;
  if (!classes && spec.task === 'multiclass' && spec.columns.scores) classes = spec.columns.scores.map((_, k) => String(k));
  const dynamic = spec.task === 'multiclass' && !classes; // learn labels as they come; sorted at the end
  return new CellReader(fail, classes, dynamic);
}

/** Learned multiclass labels sorted (numerically when all are numbers); codes in y and predClass remapped. */
function sortLearnedClasses(classIndex: Map<string, number>, y: Int32Array, predClass: Int32Array | null): string[] {
  const learned = [...classIndex.keys()];
  const numeric = learned.every((l) => l.trim() !== '' && !Number.isNaN(Number(l)));
  const sorted = learned.slice().sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
  const remap = new Int32Array(learned.length);
  learned.forEach((l, i) => (remap[i] = sorted.indexOf(l)));
  for (let i = 0; i < y.length; i++) y[i] = remap[y[i]];
  if (predClass) for (let i = 0; i < predClass.length; i++) predClass[i] = remap[predClass[i]];
  return sorted;
}

const EMPTY_LINES = new Int32Array(0);

/** `pred.lines` as rows on consecutive lines from `first`, made when first read. */
function consecutiveLines(pred: Predictions, first: number, n: number): void {
  let lines: Int32Array | null = null;
  Object.defineProperty(pred, 'lines', {
    enumerable: true,
    configurable: true,
    get(): Int32Array {
      if (lines === null) {
        lines = new Int32Array(n);
        for (let r = 0; r < n; r++) lines[r] = first + r;
      }
      return lines;
    },
  });
}

/**
 * The output columns of one file, filled a batch at a time. Each batch is read column by column: tight
 * loops over byte ranges for the common forms, and the CellReader (which gives the messages, and the
 * values, exactly as for the cell's text) for anything unusual. The first error in file order wins, as
 * if read row by row.
 */
class PredictionBuilder {
  readonly layout: Layout;
  readonly cells: CellReader;
  private readonly yBin = new Growable(u8);
  private readonly yCls = new Growable(i32);
  private readonly yReg = new Growable(f64);
  private readonly score = new Growable(f64);
  private readonly probs = new Growable(f64);
  private readonly predCls = new Growable(i32);
  private readonly predVal = new Growable(f64);
  private readonly weight = new Growable(f64);
  private readonly lines = new Growable(i32);
  /**
   * Line of row 0 while each row so far sits on the line after the previous row's (the common case:
   * no blank lines, no records over several lines): `lines` then holds nothing and is made on demand
   * (it is read for messages only); -1 once a row did not.
   */
  private firstLine = 0;
  private readonly ids: ByteColumn | null;
  private readonly groups: Array<{ codes: Growable<Int32Array>; cats: Categories }>;
  private readonly labelCats: Categories | null;
  private readonly predCats: Categories | null;
  /** The one-value-per-row columns this file fills. */
  private readonly filled: Array<Growable<Float64Array | Int32Array | Uint8Array>>;
  /** Projected columns the table reader parses as numbers while splitting. */
  readonly numberColumns: string[];
  private readonly numericPerRow: number;
  rows = 0;
  numericValues = 0;

  constructor(
    private readonly display: string,
    private readonly spec: PredictionSpec,
    private readonly fail: Fail,
  ) {
    const L = (this.layout = layoutOf(spec));
    const task = spec.task;
    this.cells = cellReaderFor(spec, fail);
    this.ids = L.iId >= 0 ? new ByteColumn() : null;
    this.groups = L.groupNames.map(() => ({ codes: new Growable(i32), cats: new Categories((_text, _line, code) => code) }));
    this.labelCats = task === 'regression' ? null : this.labelColumn(spec.columns.label, 'label');
    this.predCats = task === 'regression' || L.iPred < 0 ? null : this.labelColumn(spec.columns.prediction!, 'predicted label');
    this.filled = [task === 'binary' ? this.yBin : task === 'multiclass' ? this.yCls : this.yReg, ...this.groups.map((G) => G.codes)];
    if (L.iScore >= 0) this.filled.push(this.score);
    if (L.iPred >= 0) this.filled.push(task === 'regression' ? this.predVal : this.predCls);
    if (L.iWeight >= 0) this.filled.push(this.weight);
    this.numberColumns = [L.iScore, ...L.iScores, L.iWeight, ...(task === 'regression' ? [L.iLabel, L.iPred] : [])]
      .filter((k) => k >= 0)
      .map((k) => L.wanted[k]);
    this.numericPerRow =
      (task === 'regression' ? 1 : 0) +
      (L.iScore >= 0 ? 1 : 0) +
      L.iScores.length +
      (L.iPred >= 0 && task === 'regression' ? 1 : 0) +
      (L.iWeight >= 0 ? 1 : 0);
  }

  private labelColumn(col: string, what: string): Categories {
    const cells = this.cells;
    return new Categories(
      this.spec.task === 'binary'
        ? (text, line) => cells.binLabel(text, line, col, what)
        : (text, line) => cells.clsLabel(text, line, col, what),
    );
  }

  /** Categorical labels of field k; "0" and "1" straight from the byte for binary labels without declared classes. */
  private labels(b: TableBatch, k: number, out: Growable<Uint8Array | Int32Array>, cats: Categories, col: string, what: string): void {
    const binary = this.spec.task === 'binary';
    const byteLabels = binary && !this.cells.classes;
    const missing = (line: number) => (binary ? this.cells.binLabel(null, line, col, what) : this.cells.clsLabel(null, line, col, what));
    fillCategorical(b, k, out.room(b.count), out.at, byteLabels, cats, missing);
  }

  private numbers(b: TableBatch, k: number, out: Growable<Float64Array>, col: string, what: string, lo = -Infinity, hi = Infinity): void {
    fillNumbers(b, k, out.room(b.count), out.at, 1, lo, hi, (text, line) => this.cells.num(text, line, col, what));
  }

  /** Every column of one batch; the first error in file order is thrown after all columns were read. */
  readBatch(b: TableBatch): void {
    let first: PredictionError | null = null;
    for (const read of this.columnReaders(b)) {
      try {
        read();
      } catch (e) {
        if (!(e instanceof PredictionError)) throw e;
        if (first === null || (e.line ?? 0) < (first.line ?? 0)) first = e;
      }
    }
    if (first) throw first;
    this.commit(b);
  }

  private columnReaders(b: TableBatch): Array<() => void> {
    const L = this.layout;
    const c = this.spec.columns;
    const task = this.spec.task;
    const m = b.count;
    const nScores = L.iScores.length;
    const cells = this.cells;
    const readers: Array<() => void> = [];
    if (task === 'binary') readers.push(() => this.labels(b, L.iLabel, this.yBin, this.labelCats!, c.label, 'label'));
    else if (task === 'multiclass') readers.push(() => this.labels(b, L.iLabel, this.yCls, this.labelCats!, c.label, 'label'));
    else readers.push(() => this.numbers(b, L.iLabel, this.yReg, c.label, 'label'));
    if (L.iScore >= 0)
      readers.push(() =>
        fillNumbers(b, L.iScore, this.score.room(m), this.score.at, 1, 0, 1, (text, line) => cells.prob(text, line, c.score!, 'score')),
      );
    for (let j = 0; j < nScores; j++) {
      readers.push(() =>
        fillNumbers(b, L.iScores[j], this.probs.room(m * nScores), this.probs.at + j, nScores, 0, 1, (text, line) =>
          cells.prob(text, line, c.scores![j], 'class score'),
        ),
      );
    }
    if (L.iPred >= 0) {
      if (task === 'regression') readers.push(() => this.numbers(b, L.iPred, this.predVal, c.prediction!, 'prediction'));
      else readers.push(() => this.labels(b, L.iPred, this.predCls, this.predCats!, c.prediction!, 'predicted label'));
    }
    if (L.iWeight >= 0) {
      const weightOf = (text: string | null, line: number) => {
        const w = cells.num(text, line, c.weight!, 'weight');
        if (w < 0) this.fail(`weight ${w} is negative; expected a weight >= 0`, line, c.weight);
        return w;
      };
      readers.push(() => fillNumbers(b, L.iWeight, this.weight.room(m), this.weight.at, 1, 0, Infinity, weightOf));
    }
    const ids = this.ids;
    if (ids)
      readers.push(() =>
        fillIds(b, L.iId, ids, (line) => this.fail('id is empty; every row needs an id to pair base and head predictions', line, c.id)),
      );
    this.groups.forEach((G, g) =>
      readers.push(() =>
        fillCategorical(b, L.iGroups[g], G.codes.room(m), G.codes.at, false, G.cats, (line) => G.cats.getBytes(MISSING, line)),
      ),
    );
    return readers;
  }

  private commit(b: TableBatch): void {
    const m = b.count;
    for (const col of this.filled) col.commit(m);
    this.probs.commit(m * this.layout.iScores.length);
    const L = b.lines;
    if (this.firstLine >= 0 && m > 0) {
      // line numbers increase, so the batch's are consecutive when its first and last are m - 1 apart
      const next = this.rows === 0 ? L[0] : this.firstLine + this.rows;
      if (L[0] === next && L[m - 1] - L[0] === m - 1) {
        if (this.rows === 0) this.firstLine = next;
      } else {
        const room = this.lines.room(this.rows);
        for (let r = 0; r < this.rows; r++) room[this.lines.at + r] = this.firstLine + r;
        this.lines.commit(this.rows);
        this.firstLine = -1;
      }
    }
    if (this.firstLine < 0) {
      this.lines.room(m).set(L.subarray(0, m), this.lines.at);
      this.lines.commit(m);
    }
    this.numericValues += m * this.numericPerRow;
    this.rows += m;
    if (this.rows === m) this.sizeColumns(b); // after the first batch
  }

  /** Size the columns from the first batch and the file's size (no regrowth copies). */
  private sizeColumns(b: TableBatch): void {
    if (b.inputSize <= 0 || b.inputEnd <= 0) return;
    const estimate = Math.ceil((b.inputSize / b.inputEnd) * b.count * 1.02) + 64;
    for (const col of this.firstLine < 0 ? [...this.filled, this.lines] : this.filled) col.expect(estimate);
    const nScores = this.layout.iScores.length;
    if (nScores) this.probs.expect(estimate * nScores);
    if (this.ids) this.ids.reserve(estimate, Math.ceil((this.ids.byteLength / b.count) * estimate * 1.05));
  }

  finish(): Predictions {
    const { task } = this.spec;
    const L = this.layout;
    const cells = this.cells;
    cells.nonFinite.sort((x, y) => x.line - y.line); // read column by column; report in file order
    if (this.rows === 0) this.fail('the file has a header but no rows; expected one row per example');
    const y = task === 'binary' ? this.yBin.done() : task === 'multiclass' ? this.yCls.done() : this.yReg.done();
    const predClass = L.iPred >= 0 && task !== 'regression' ? this.predCls.done() : null;
    let classes = cells.classes ?? (task === 'binary' ? ['0', '1'] : []);
    if (cells.dynamic) classes = sortLearnedClasses(cells.classIndex, y as Int32Array, predClass);
    const groups = new Map<string, GroupColumn>();
    L.groupNames.forEach((g, j) =>
      groups.set(g, { codes: this.groups[j].codes.done(), values: this.groups[j].cats.interner.values.slice() }),
    );
    const pred: Predictions = {
      file: this.display,
      task,
      n: this.rows,
      classes,
      y,
      score: L.iScore >= 0 ? this.score.done() : null,
      probs: L.iScores.length ? this.probs.done() : null,
      predClass,
      predValue: task === 'regression' ? this.predVal.done() : null,
      weight: L.iWeight >= 0 ? this.weight.done() : null,
      ids: this.ids,
      lines: this.firstLine < 0 ? this.lines.done() : EMPTY_LINES,
      groups,
      nonFinite: cells.nonFinite,
      nonFiniteCount: cells.nonFiniteCount,
      numericValues: this.numericValues,
    };
    if (this.firstLine >= 0) consecutiveLines(pred, this.firstLine, this.rows);
    return pred;
  }
}

/**
 * Load predictions. `display` is the name used in messages (repository-relative path); `access` the
 * limits and the no-follow open of a path the Workspace located (the gate's reads).
 * Throws PredictionError for every user mistake (TableError is converted). A large file asked for
 * while another large one is being read goes to a worker thread (offload.ts), with the same result.
 */
export async function loadPredictions(absPath: string, display: string, spec: PredictionSpec, access: Access = {}): Promise<Predictions> {
  checkSpec(spec, failIn(display));
  const plan = planLoad(absPath);
  if (plan === 'small') return loadHere(absPath, display, spec, access);
  if (plan === 'worker') {
    const pred = await loadInWorker({ absPath, display, spec, access }, chunkSize());
    if (pred) return pred;
  }
  return countedHere(async () => {
    const pred = await loadHere(absPath, display, spec, access);
    // while the other file is still read on a worker: the pairing's check for repeated ids, done now
    if (pred.ids && workerBusy()) firstDuplicateOnce(pred.ids);
    return pred;
  });
}

/** Load predictions on this thread. */
async function loadHere(absPath: string, display: string, spec: PredictionSpec, access: Access): Promise<Predictions> {
  const fail = failIn(display);
  const builder = new PredictionBuilder(display, spec, fail);
  const opts = { format: spec.format, columns: builder.layout.wanted, numbers: builder.numberColumns, ...access };
  try {
    await readTableBatches(
      absPath,
      opts,
      () => {},
      (b) => builder.readBatch(b),
    );
  } catch (e) {
    if (e instanceof TableError) throw new PredictionError(display, e.describe(display), e.line || undefined, e.column);
    throw e;
  }
  return builder.finish();
}
