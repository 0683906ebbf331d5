/**
 * The comparison verdict. With an interval [lo, hi] of the improvement (positive = better) and an
 * allowed drop t >= 0: fail when the whole interval is below -t (a drop beyond the tolerance is
 * shown), pass when lo >= -t (such a drop is excluded), inconclusive otherwise. An undefined value
 * or interval never passes.
 */
export type Verdict = 'pass' | 'fail' | 'inconclusive' | 'undefined';

export interface ToleranceSpec {
  absolute?: number;
  relative?: number;
}

/** Allowed drop for a base value: the smaller of the absolute and relative allowances (0 when none). */
export function allowedDrop(tol: ToleranceSpec | undefined, base: number): number {
  const parts: number[] = [];
  if (tol?.absolute !== undefined) parts.push(tol.absolute);
  if (tol?.relative !== undefined && Number.isFinite(base)) parts.push(tol.relative * Math.abs(base));
  return parts.length ? Math.min(...parts) : 0;
}

export function describeTolerance(tol: ToleranceSpec | undefined, allowed: number): string {
  if (!tol || (tol.absolute === undefined && tol.relative === undefined)) return 'no drop allowed';
  const p: string[] = [];
  if (tol.absolute !== undefined) p.push(`${tol.absolute} absolute`);
  if (tol.relative !== undefined) p.push(`${(tol.relative * 100).toFixed(2).replace(/\.?0+$/, '')}% relative`);
  return `drop <= ${Number(allowed.toPrecision(4))} (${p.join(', smaller of ')})`;
}

/** `lo`, `hi`: interval of the improvement (head better = positive). */
export function intervalVerdict(lo: number, hi: number, allowed: number): Verdict {
  if (Number.isNaN(lo) || Number.isNaN(hi)) return 'undefined';
  if (hi < -allowed) return 'fail';
  if (lo >= -allowed) return 'pass';
  return 'inconclusive';
}

/** Point values only (no intervals): a drop beyond the tolerance fails. */
export function pointVerdict(improvement: number, allowed: number): Verdict {
  if (Number.isNaN(improvement)) return 'undefined';
  return improvement < -allowed ? 'fail' : 'pass';
}
