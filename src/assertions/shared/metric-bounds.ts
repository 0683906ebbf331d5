/**
 * A metric held to an absolute bound ({min, max}): the one place that decides and words it, for
 * reported metrics (eval reports), computed metrics (prediction files) and slices.
 */
import type { Check } from '../../rubric/types.js';
import { fmt, fmtVersus } from '../../util/format.js';

export interface Bound {
  min?: number;
  max?: number;
}

/** ">= 0.85 and <= 0.99" */
export function boundText(b: Bound): string {
  return [b.min !== undefined ? `>= ${fmt(b.min)}` : '', b.max !== undefined ? `<= ${fmt(b.max)}` : ''].filter(Boolean).join(' and ');
}

/** Within the bound; an undefined (NaN) value never is. */
export function meetsBound(v: number, b: Bound): boolean {
  return !Number.isNaN(v) && (b.min === undefined || v >= b.min) && (b.max === undefined || v <= b.max);
}

export interface BoundCheckInput {
  /** What is measured, e.g. `roc_auc` or `region=west: recall`. */
  label: string;
  /** NaN when undefined. */
  value: number;
  bound: Bound;
  /**
   * The value as the message shows it, given the value printed with the digits its comparison with
   * the bound needs, e.g. (v) => `${v} [0.90, 0.92] on 8000 examples`.
   */
  shown: (value: string) => string;
  method: string;
  file: string;
  /** When the value is undefined: the message (given the bound's text), the check's name, and whether to keep the method. */
  ifUndefined: { message: (want: string) => string; name?: string; keepMethod?: boolean };
}

/** One bound check; an undefined value fails (never a silent pass). */
export function boundCheck(c: BoundCheckInput): Check {
  const want = boundText(c.bound);
  if (Number.isNaN(c.value)) {
    const u = c.ifUndefined;
    return {
      name: u.name ?? `${c.label} ${want}`,
      status: 'fail',
      message: u.message(want),
      value: null,
      threshold: want,
      ...(u.keepMethod ? { method: c.method } : {}),
      file: c.file,
    };
  }
  const ok = meetsBound(c.value, c.bound);
  // the value printed against each bound with the digits that comparison needs (the longer wins)
  const vs = [c.bound.min, c.bound.max].filter((b): b is number => b !== undefined).map((b) => fmtVersus(c.value, b));
  const value = vs.reduce((a, b) => (b.value.length > a.length ? b.value : a), fmt(c.value));
  const printed = [
    c.bound.min !== undefined ? `>= ${vs[0].threshold}` : '',
    c.bound.max !== undefined ? `<= ${vs[vs.length - 1].threshold}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  return {
    name: `${c.label} ${want}`,
    status: ok ? 'pass' : 'fail',
    message: `${c.label} = ${c.shown(value)} ${ok ? 'meets' : 'violates'} ${printed}`,
    value: c.value,
    threshold: want,
    method: c.method,
    file: c.file,
  };
}
