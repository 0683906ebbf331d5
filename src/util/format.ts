/** A number as a reviewer reads it: 4 significant decimals, no float noise; null is "undefined". */
export function fmt(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return 'undefined';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+inf' : '-inf';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e6 || abs < 1e-4) return v.toExponential(2);
  if (Number.isInteger(v)) return String(v);
  const s = abs >= 100 ? v.toFixed(Math.max(1, digits - 3)) : v.toFixed(digits);
  return s.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** A signed difference: +0.012, -0.5, ±0. */
export function fmtDelta(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return 'n/a';
  if (v === 0) return '±0';
  return `${v > 0 ? '+' : ''}${fmt(v, digits)}`;
}

/** A fraction as a percentage: 0.0312 -> 3.12%. */
export function pct(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'undefined';
  return `${(v * 100).toFixed(digits).replace(/\.?0+$/, '')}%`;
}
