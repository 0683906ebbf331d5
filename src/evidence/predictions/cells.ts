/**
 * One prediction-file cell read from its text: the rules, the values and the messages. The column
 * loops (columns.ts) take common forms straight from the bytes and call these for anything else, so
 * values and messages are exactly those of the cell's text.
 */
import { excerpt, quoted } from '../../util/excerpt.js';
import { PredictionError, type NonFiniteCell } from './types.js';

const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/** Throws the PredictionError for a problem in `display` (at a line and column when given). */
export type Fail = (message: string, line?: number, column?: string) => never;

export function failIn(display: string): Fail {
  return (message, line, column) => {
    throw new PredictionError(
      display,
      `${display}${line ? `, line ${line}` : ''}${column ? `, column "${column}"` : ''}: ${message}`,
      line,
      column,
    );
  };
}

export class CellReader {
  /** NaN / infinity cells found (the first 100), and how many in all. */
  readonly nonFinite: NonFiniteCell[] = [];
  nonFiniteCount = 0;
  /** Class name -> index; grows as labels come when the classes are learned (`dynamic`). */
  readonly classIndex = new Map<string, number>();

  constructor(
    private readonly fail: Fail,
    readonly classes: string[] | null,
    readonly dynamic: boolean,
  ) {
    if (classes) classes.forEach((name, k) => this.classIndex.set(name, k));
  }

  private noteNonFinite(line: number, column: string, token: string): number {
    this.nonFiniteCount++;
    if (this.nonFinite.length < 100) this.nonFinite.push({ line, column, token });
    return NaN;
  }

  num(v: string | null, line: number, col: string, what: string): number {
    if (v === null) return this.fail(`${what} is empty; expected a number`, line, col);
    const fast = +v;
    if (fast === fast && fast !== Infinity && fast !== -Infinity && (fast !== 0 || v.trim() !== '')) return fast;
    if (v.trim() === '') return this.fail(`${what} is empty; expected a number`, line, col);
    const t = v.trim();
    if (NON_FINITE.test(t)) return this.noteNonFinite(line, col, t);
    const x = Number(t);
    if (Number.isNaN(x)) return this.fail(`${what} ${quoted(t, 40)} is not a number`, line, col);
    // a number too large for a double: kept as "inf", not as its (possibly very long) text
    if (!Number.isFinite(x)) return this.noteNonFinite(line, col, x > 0 ? 'inf' : '-inf');
    return x;
  }

  prob(v: string | null, line: number, col: string, what: string): number {
    const x = this.num(v, line, col, what);
    if (x < 0 || x > 1) this.fail(`${what} ${excerpt((v ?? '').trim(), 40)} is outside [0, 1]; expected a probability`, line, col);
    return x;
  }

  binLabel(v: string | null, line: number, col: string, what: string): number {
    const classes = this.classes;
    if (v === null)
      return this.fail(
        `${what} is empty; expected ${classes ? `one of ${classes.map((x) => JSON.stringify(x)).join(', ')}` : '0 or 1'}`,
        line,
        col,
      );
    if (classes) {
      const i = this.classIndex.get(v);
      if (i === undefined)
        return this.fail(
          `${what} ${quoted(v, 40)} is not one of the declared classes ${classes.map((x) => JSON.stringify(x)).join(', ')}`,
          line,
          col,
        );
      return i;
    }
    if (v === '1') return 1;
    if (v === '0') return 0;
    const t = v.trim().toLowerCase();
    if (t === '1' || t === '1.0' || t === 'true') return 1;
    if (t === '0' || t === '0.0' || t === 'false') return 0;
    return this.fail(
      `${what} ${quoted(v, 40)} is not a binary label; expected 0 or 1 (or declare the classes as [negative, positive])`,
      line,
      col,
    );
  }

  clsLabel(v: string | null, line: number, col: string, what: string): number {
    if (v === null) return this.fail(`${what} is empty; expected a class label`, line, col);
    let i = this.classIndex.get(v);
    if (i === undefined) {
      if (!this.dynamic)
        return this.fail(
          `${what} ${quoted(v, 40)} is not one of the declared classes ${this.classes!.slice(0, 20)
            .map((x) => JSON.stringify(x))
            .join(', ')}`,
          line,
          col,
        );
      i = this.classIndex.size;
      this.classIndex.set(v, i);
    }
    return i;
  }
}
