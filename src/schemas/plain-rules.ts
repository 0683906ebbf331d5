/**
 * The rules a plain check is made of (src/schemas/plain.ts, src/data/snapshot-plain.ts): each reads a
 * value as the zod rule in its comment would, or declines by throwing NO at the first thing it does
 * not accept; `attempt` turns that into undefined, so the schema then reads the input and reports its
 * errors as before.
 */
import { isIsoDateTime } from './constants.js';

export type Obj = Record<string, unknown>;

/** Thrown (and caught by the checks) at the first thing a plain check does not accept. */
const NO = Symbol('no');
export function no(): never {
  throw NO;
}

/** The value `read` gives, or undefined when it declines. */
export function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (e === NO) return undefined;
    throw e;
  }
}

export const has = (o: Obj, k: string) => Object.hasOwn(o, k);

export function isObject(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A strict object (z.strictObject): no keys but `keys`. */
export function strict(x: unknown, keys: readonly string[]): Obj {
  if (!isObject(x)) no();
  let known = 0;
  for (const k of keys) if (has(x, k)) known++;
  if (Object.keys(x).length !== known) no();
  return x;
}

/** An object (z.object): other keys are dropped by the schema; `__proto__` is left to it. */
export function loose(x: unknown): Obj {
  if (!isObject(x) || has(x, '__proto__')) no();
  return x;
}

export function num(x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) no();
  return x;
}

/** z.number().min(lo).max(hi) */
export const between = (lo: number, hi: number) => (x: unknown) => {
  const v = num(x);
  if (v < lo || v > hi) no();
  return v;
};

export const nonNegative = between(0, Infinity);

/** z.number().int().nonnegative() */
export function count(x: unknown): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) no();
  return x;
}

/** z.number().int().positive() */
export function positiveInt(x: unknown): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x <= 0) no();
  return x;
}

export function str(x: unknown): string {
  if (typeof x !== 'string') no();
  return x;
}

export function nonEmpty(x: unknown): string {
  if (typeof x !== 'string' || x.length < 1) no();
  return x;
}

export const oneOf =
  <T extends string>(values: readonly T[]) =>
  (x: unknown): T =>
    values.includes(x as T) ? (x as T) : no();

export const nullable =
  <T>(read: (x: unknown) => T) =>
  (x: unknown): T | null =>
    x === null ? null : read(x);

export function arr(x: unknown): unknown[] {
  if (!Array.isArray(x)) no();
  return x;
}

export const arrayOf =
  <T>(read: (x: unknown) => T) =>
  (x: unknown): T[] =>
    arr(x).map((v) => read(v));

/** z.record(z.string(), value): a new object, keys in their order (`__proto__` is left to the schema). */
export const recordOf =
  <T>(read: (x: unknown) => T) =>
  (x: unknown): Record<string, T> => {
    if (!isObject(x)) no();
    const out: Record<string, T> = {};
    for (const k of Object.keys(x)) {
      if (k === '__proto__') no();
      out[k] = read(x[k]);
    }
    return out;
  };

/** Copy the optional key k of `from` to `to` through `read` (absent stays absent). */
export function opt<T>(to: Obj, from: Obj, k: string, read: (x: unknown) => T): void {
  if (has(from, k)) to[k] = read(from[k]);
}

/** The key k of `from` through `read`, or its default when absent. */
export function withDefault<T>(from: Obj, k: string, read: (x: unknown) => T, value: T): T {
  return has(from, k) ? read(from[k]) : value;
}

export function isoDateTime(x: unknown): string {
  if (typeof x !== 'string' || !isIsoDateTime(x)) no();
  return x;
}
