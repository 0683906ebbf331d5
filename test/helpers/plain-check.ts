/**
 * Checking a plain reader of a format (src/schemas/plain.ts, src/github/notes.ts) against its zod
 * schema: the same result whenever the plain check accepts, and every single change to a valid value.
 */
import { expect } from 'vitest';
import { validate } from '../../src/schemas/errors.js';

type Check = (x: unknown) => unknown;
type Schema = Parameters<typeof validate>[0];

/** When the check accepts a value, the schema accepts it too and gives the same (declining is always safe: the schema reads it). */
export function same(check: Check, schema: Schema, value: unknown): boolean {
  const p = check(value);
  if (p === undefined) return false;
  const z = validate(schema, value);
  expect(z.ok, JSON.stringify(value).slice(0, 400)).toBe(true);
  if (z.ok) {
    expect(p).toEqual(z.data);
    expect(JSON.stringify(p)).toBe(JSON.stringify(z.data));
  }
  return true;
}

/** The check accepts the value and gives the schema's result. */
export function accepted(check: Check, schema: Schema, value: unknown): void {
  expect(check(value), JSON.stringify(value).slice(0, 400)).toBeDefined();
  expect(same(check, schema, value)).toBe(true);
}

/** The path of every value in a JSON value (of arrays, the first two and the last element), to `depth`. */
function paths(v: unknown, depth = 8, at: Array<string | number> = []): Array<Array<string | number>> {
  const out = [at];
  if (at.length >= depth) return out;
  if (Array.isArray(v)) v.forEach((x, i) => (i < 2 || i === v.length - 1) && out.push(...paths(x, depth, [...at, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, depth, [...at, k]));
  return out;
}

const REPLACEMENTS: unknown[] = [
  null,
  -1,
  0,
  0.5,
  1,
  1.5,
  8,
  2 ** 60,
  '',
  'x',
  'warn',
  'fail',
  'pass',
  'data',
  'model-5',
  true,
  false,
  [],
  {},
  ['a'],
  { min: 1 },
  '2026-13-01',
  '2026-01-01T00:00:00Z',
];

/** Every single change to `base` (each path: set to each replacement, dropped, a key or element added): the check declines or agrees with the schema. */
export function everyChange(check: Check, schema: Schema, base: unknown, depth = 8, extra: unknown[] = []): number {
  let agreed = 0;
  const text = JSON.stringify(base);
  for (const p of paths(base, depth).slice(1)) {
    const original = p.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], JSON.parse(text));
    const values = [...(typeof original === 'number' ? [...REPLACEMENTS, original + 1, original - 1, -original] : REPLACEMENTS), ...extra];
    for (const how of ['set', 'drop', 'add', 'proto'] as const)
      for (const v of how === 'set' ? values : [1]) {
        const s = JSON.parse(text) as Record<string | number, unknown>;
        let parent = s;
        for (const k of p.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
        const key = p[p.length - 1];
        if (how === 'set') parent[key] = v;
        else if (how === 'drop') {
          if (Array.isArray(parent)) parent.splice(key as number, 1);
          else delete parent[key];
        } else if (Array.isArray(parent)) parent.push(v);
        else if (how === 'add') parent.extra = v;
        else Object.defineProperty(parent, '__proto__', { value: { min: 1 }, enumerable: true, configurable: true, writable: true }); // as JSON.parse makes it
        if (same(check, schema, s)) agreed++;
      }
  }
  return agreed;
}
