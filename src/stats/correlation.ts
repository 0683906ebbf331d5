/**
 * Spearman's rank correlation (SciPy `spearmanr`) through simple-statistics; NaN where SciPy
 * gives NaN (fewer than two pairs, a constant side). test/stats/descriptive.test.ts pins it.
 */
import { sampleRankCorrelation } from 'simple-statistics';

const constant = (xs: readonly number[]) => xs.every((v) => v === xs[0]);

function defined(x: readonly number[], y: readonly number[]): boolean {
  return x.length >= 2 && !constant(x) && !constant(y);
}

/** Pearson correlation of the average ranks (ties share their mean rank), clamped to [-1, 1]. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new RangeError(`spearman: ${x.length} and ${y.length} values; they must pair up`);
  if (!defined(x, y)) return Number.NaN;
  return Math.max(-1, Math.min(1, sampleRankCorrelation(x as number[], y as number[])));
}
