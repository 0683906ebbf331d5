/**
 * Paired scores of a shadow test: one row per mirrored request, the serving model's score and the
 * candidate's on the same request, with optional slice columns. Read with the streaming table
 * reader (CSV, TSV, JSON Lines, optionally gzip). Every bad value is a ShadowPairsError naming the
 * file, line and column; a missing candidate score is the candidate failing to answer (counted), a
 * NaN or infinite score is recorded for numerical stability.
 */
import { quoted } from '../util/excerpt.js';
import { readTable, TableError, type TableFormat, type TableReadOptions } from './tabular.js';

export interface ShadowPairsSpec {
  format?: TableFormat;
  columns: { id: string; serving: string; candidate: string; slices: string[] };
}

export interface ShadowPairs {
  file: string;
  /** Rows (mirrored requests). */
  n: number;
  /** Serving score per row (NaN when it was NaN or infinite in the file). */
  serving: Float64Array;
  /** Candidate score per row; NaN when missing (the candidate failed) or not finite. */
  candidate: Float64Array;
  /** Rows where the candidate gave no score. */
  candidateMissing: number;
  /** NaN / infinity found (the first 100), and how many in all; split by side. */
  nonFinite: Array<{ line: number; column: string; token: string }>;
  nonFiniteServing: number;
  nonFiniteCandidate: number;
  /** Slice column -> code per row and the values. */
  slices: Map<string, { codes: Int32Array; values: string[] }>;
}

export class ShadowPairsError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'ShadowPairsError';
  }
}

const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/** The rows read so far: scores, slice codes, and what was missing or not finite. */
class PairsAccumulator {
  readonly serving: number[] = [];
  readonly candidate: number[] = [];
  readonly seen = new Map<string, number>();
  readonly nonFinite: ShadowPairs['nonFinite'] = [];
  nonFiniteServing = 0;
  nonFiniteCandidate = 0;
  candidateMissing = 0;
  readonly slices: { codes: number[]; index: Map<string, number>; values: string[] }[];

  constructor(
    private readonly display: string,
    private readonly c: ShadowPairsSpec['columns'],
  ) {
    this.slices = c.slices.map(() => ({ codes: [], index: new Map(), values: [] }));
  }

  fail(message: string, line?: number, column?: string): never {
    throw new ShadowPairsError(
      this.display,
      `${this.display}${line ? `, line ${line}` : ''}${column ? `, column "${column}"` : ''}: ${message}`,
      line,
    );
  }

  score(text: string | null, line: number, column: string, side: 'serving' | 'candidate'): number {
    if (text === null) {
      if (side === 'candidate') {
        this.candidateMissing++;
        return NaN;
      }
      return this.fail(
        "the serving score is empty; every mirrored request needs the serving model's score (leave only the candidate's empty when it failed)",
        line,
        column,
      );
    }
    const t = text.trim();
    if (NON_FINITE.test(t)) {
      if (side === 'serving') this.nonFiniteServing++;
      else this.nonFiniteCandidate++;
      if (this.nonFinite.length < 100) this.nonFinite.push({ line, column, token: t });
      return NaN;
    }
    const v = t === '' ? NaN : Number(t);
    if (Number.isNaN(v)) return this.fail(`${side} score ${quoted(t, 40)} is not a number`, line, column);
    if (v < 0 || v > 1)
      return this.fail(`${side} score ${t} is outside [0, 1]; expected a probability of the positive class`, line, column);
    return v;
  }

  row(f: (string | null)[], line: number): void {
    const c = this.c;
    const id = f[0];
    if (id === null) this.fail('the request id is empty; every row needs the id of its mirrored request', line, c.id);
    const first = this.seen.get(id);
    if (first !== undefined)
      this.fail(`duplicate request id ${quoted(id)} (first on line ${first}); each mirrored request is one row`, line, c.id);
    this.seen.set(id, line);
    this.serving.push(this.score(f[1], line, c.serving, 'serving'));
    this.candidate.push(this.score(f[2], line, c.candidate, 'candidate'));
    this.slices.forEach((s, j) => {
      const v = f[3 + j] ?? '(missing)';
      let k = s.index.get(v);
      if (k === undefined) {
        k = s.values.push(v) - 1;
        s.index.set(v, k);
      }
      s.codes.push(k);
    });
  }

  finish(): ShadowPairs {
    if (this.serving.length === 0) this.fail('the file has a header but no rows; expected one row per mirrored request');
    const sliceMap = new Map<string, { codes: Int32Array; values: string[] }>();
    this.c.slices.forEach((name, j) => sliceMap.set(name, { codes: Int32Array.from(this.slices[j].codes), values: this.slices[j].values }));
    return {
      file: this.display,
      n: this.serving.length,
      serving: Float64Array.from(this.serving),
      candidate: Float64Array.from(this.candidate),
      candidateMissing: this.candidateMissing,
      nonFinite: this.nonFinite,
      nonFiniteServing: this.nonFiniteServing,
      nonFiniteCandidate: this.nonFiniteCandidate,
      slices: sliceMap,
    };
  }
}

/** Load the paired scores. `display` is the repository-relative path used in messages. */
export async function loadShadowPairs(
  absPath: string,
  display: string,
  spec: ShadowPairsSpec,
  access: Pick<TableReadOptions, 'limits' | 'noFollow'> = {},
): Promise<ShadowPairs> {
  const c = spec.columns;
  const acc = new PairsAccumulator(display, c);
  try {
    await readTable(
      absPath,
      { format: spec.format, columns: [c.id, c.serving, c.candidate, ...c.slices], ...access },
      () => {},
      (f, line) => acc.row(f, line),
    );
  } catch (e) {
    if (e instanceof TableError) throw new ShadowPairsError(display, e.describe(display), e.line || undefined);
    throw e;
  }
  return acc.finish();
}
