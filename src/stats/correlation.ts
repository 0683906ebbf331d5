/** Correlation coefficients (SciPy `pearsonr`, `spearmanr`). */
import { centredSums } from './descriptive.js';
import { averageRanks } from './ranks.js';

/** Pearson correlation; NaN when either side is constant (as SciPy returns). */
export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (n !== y.length || n < 2) return Number.NaN;
  const { sxx, syy, sxy } = centredSums(x, y);
  if (sxx === 0 || syy === 0) return Number.NaN;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/** Spearman's rank correlation: Pearson on average ranks (SciPy `spearmanr`, ties included). */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new RangeError(`spearman: ${x.length} and ${y.length} values; they must pair up`);
  return pearson(averageRanks(x), averageRanks(y));
}
