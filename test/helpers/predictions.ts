import { ByteColumn } from '../../src/evidence/bytes.js';
import type { Predictions } from '../../src/evidence/predictions.js';

/** A binary prediction set in memory (as the loader would produce it). */
export function binaryPredictions(
  y: ArrayLike<number>,
  score: ArrayLike<number>,
  opts: { ids?: string[]; weight?: number[]; groups?: Record<string, string[]> } = {},
): Predictions {
  const n = y.length;
  const groups = new Map<string, { codes: Int32Array; values: string[] }>();
  for (const [col, vals] of Object.entries(opts.groups ?? {})) {
    const values: string[] = [];
    const codes = Int32Array.from(vals, (v) => {
      let k = values.indexOf(v);
      if (k < 0) k = values.push(v) - 1;
      return k;
    });
    groups.set(col, { codes, values });
  }
  return {
    file: 'mem.csv',
    task: 'binary',
    n,
    classes: ['0', '1'],
    y: Uint8Array.from(y),
    score: Float64Array.from(score),
    probs: null,
    predClass: null,
    predValue: null,
    weight: opts.weight ? Float64Array.from(opts.weight) : null,
    ids: opts.ids ? ByteColumn.from(opts.ids) : null,
    lines: Int32Array.from({ length: n }, (_, i) => i + 2),
    groups,
    nonFinite: [],
    nonFiniteCount: 0,
    numericValues: 2 * n,
  };
}
