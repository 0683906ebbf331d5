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

/** `v` with `sig` significant digits, without float noise or trailing zeros. */
function fmtSig(v: number, sig: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e6 || abs < 1e-4) return v.toExponential(Math.max(2, sig - 1)).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(sig)));
}

/**
 * A value and the threshold it was judged against, printed so that the printed numbers compare the
 * same way as the real ones: `0.01002` against `0.01`, never `0.01` against `0.01` for a breach.
 * Both start at `fmt`'s precision; digits are added only where the comparison needs them.
 */
export function fmtVersus(value: number, threshold: number, digits = 4): { value: string; threshold: string } {
  if (!Number.isFinite(value) || !Number.isFinite(threshold)) return { value: fmt(value, digits), threshold: fmt(threshold, digits) };
  let t = fmt(threshold, digits);
  for (let sig = 4; Number(t) !== threshold && sig <= 17; sig++) t = fmtSig(threshold, sig);
  const want = Math.sign(value - threshold);
  let v = fmt(value, digits);
  for (let sig = 4; Math.sign(Number(v) - Number(t)) !== want && sig <= 17; sig++) v = fmtSig(value, sig);
  return { value: v, threshold: t };
}

/** Control characters (C0, DEL, C1) and the Unicode line separators, each replaced by a space: text from a file, shown on one line. */
export function withoutControlChars(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

/**
 * A whole number with thousands separators, as `toLocaleString('en-US')` writes it: 1,048,576.
 * Written out because the first toLocaleString call loads ICU's locale data, about 20 ms of a cold
 * start (bench/startup); other numbers (fractions, beyond 2^53) still go to toLocaleString.
 */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const s = String(Math.abs(n));
  let out = s.slice(0, s.length % 3 || 3);
  for (let i = out.length; i < s.length; i += 3) out += `,${s.slice(i, i + 3)}`;
  return n < 0 || Object.is(n, -0) ? `-${out}` : out;
}
