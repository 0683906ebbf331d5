/** Adjusted p-values for many tests (e.g. one per slice). NaN p-values stay NaN and are not counted. */

export type FdrMethod = 'bh' | 'holm' | 'none';

/** Benjamini-Hochberg step-up adjusted p-values (as statsmodels' multipletests 'fdr_bh'). */
export function benjaminiHochberg(p: readonly number[]): number[] {
  const idx = p.map((_, i) => i).filter((i) => !Number.isNaN(p[i]));
  const m = idx.length;
  idx.sort((a, b) => p[b] - p[a]);
  const out = p.map(() => NaN);
  let min = 1;
  idx.forEach((i, r) => {
    const rank = m - r;
    min = Math.min(min, (p[i] * m) / rank);
    out[i] = min;
  });
  return out;
}

/** Holm step-down adjusted p-values (as statsmodels' 'holm'). */
export function holm(p: readonly number[]): number[] {
  const idx = p.map((_, i) => i).filter((i) => !Number.isNaN(p[i]));
  const m = idx.length;
  idx.sort((a, b) => p[a] - p[b]);
  const out = p.map(() => NaN);
  let max = 0;
  idx.forEach((i, r) => {
    max = Math.max(max, Math.min(1, (m - r) * p[i]));
    out[i] = max;
  });
  return out;
}

export function adjust(p: readonly number[], method: FdrMethod): number[] {
  return method === 'bh' ? benjaminiHochberg(p) : method === 'holm' ? holm(p) : p.slice();
}
