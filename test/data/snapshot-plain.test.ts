/**
 * plainSnapshot (the snapshot read without zod) against snapshotSchema's parse: on valid snapshots
 * (profiled from random tables, with and without a reference, with the optional fields) it gives the
 * schema's result exactly, keys in the same order; on any change to one (a key dropped, added or
 * given another value) it either gives the schema's result or declines (undefined), never accepts
 * what the schema refuses. Its key lists are the schema's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Profiler } from '../../src/data/profile.js';
import * as plain from '../../src/data/snapshot-plain.js';
import { validate } from '../../src/schemas/errors.js';
import {
  categoricalStats,
  exactValues,
  featureSnapshot,
  histogramSchema,
  mixedTypes,
  numericStats,
  sketchSchema,
  snapshotSchema,
} from '../../src/schemas/snapshot.js';
import { DEEP, runs } from '../helpers/tier.js';

const META = { dataset: { name: 't' }, source: 's', createdAt: '2026-01-01T00:00:00Z' };

const cell = fc.oneof(
  fc.integer({ min: -20, max: 20 }).map(String),
  fc.double({ min: -1e3, max: 1e3, noNaN: true }).map(String),
  fc.constantFrom('a', 'b', 'c', 'NaN', 'inf', '', '', 'x y', '0'),
);
const table = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { maxLength: 40 }));
/** Small tables (every change to their snapshots is tried). */
const small = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { maxLength: 8 }));
const opts = fc.record({
  bins: fc.integer({ min: 1, max: 8 }),
  topK: fc.integer({ min: 0, max: 4 }),
  maxExact: fc.integer({ min: 0, max: 6 }),
});

function profile(width: number, rows: string[][], o: object): unknown {
  const p = new Profiler(
    Array.from({ length: width }, (_, i) => `c${i}`),
    o,
  );
  for (const [i, r] of rows.entries()) p.addRow(r.slice(0, width), i + 2);
  // through JSON, as a file is read
  return JSON.parse(JSON.stringify(p.finish(META)));
}

/** Optional fields the profiler does not write, defaults left out, the older version. */
const extras = fc.record({
  schema: fc.boolean(),
  v1: fc.boolean(),
  noKind: fc.boolean(),
  dropDefaults: fc.boolean(),
  owner: fc.boolean(),
  cost: fc.boolean(),
  split: fc.boolean(),
});

function decorate(s: Record<string, unknown>, e: Record<string, boolean>): Record<string, unknown> {
  if (e.schema) s.$schema = 'https://example.com/s.json';
  if (e.v1) s.schemaVersion = 1;
  if (e.noKind) delete s.kind;
  if (e.split) (s.dataset as Record<string, unknown>).split = 'train';
  for (const f of s.features as Array<Record<string, unknown>>) {
    if (e.dropDefaults) {
      const n = f.numeric as Record<string, unknown> | undefined;
      if (n && n.nan === 0) delete n.nan;
      if (n && n.infinity === 0) delete n.infinity;
      const c = f.categorical as Record<string, unknown> | undefined;
      if (c && c.otherCount === 0) delete c.otherCount;
    }
    if (e.owner) {
      f.owner = 'team';
      f.tags = ['pii'];
    }
    if (e.cost) f.cost = { latencyMs: 1.5, upstream: ['t'] };
  }
  return s;
}

/** When plainSnapshot accepts a value, the schema accepts it too and gives the same (declining is always safe: the schema reads it). */
function same(value: unknown): void {
  const p = plain.plainSnapshot(value);
  if (p === undefined) return;
  const z = validate(snapshotSchema, value);
  expect(z.ok).toBe(true);
  if (!z.ok) return;
  expect(p).toEqual(z.data);
  expect(JSON.stringify(p)).toBe(JSON.stringify(z.data));
}

/** The path of every value in a JSON value (of arrays, the first two and the last element). */
function paths(v: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  const out = [at];
  if (Array.isArray(v)) v.forEach((x, i) => (i < 2 || i === v.length - 1) && out.push(...paths(x, [...at, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

const REPLACEMENTS: unknown[] = [null, -1, 0, 1.5, 2 ** 60, Number.NaN, Infinity, '', 'x', true, [], {}, '2026-13-01'];

describe('plainSnapshot', () => {
  it("gives snapshotSchema's result exactly on valid snapshots, keys in the schema's order", () => {
    fc.assert(
      fc.property(table, table, opts, extras, ([w, rows], [, rows2], o, e) => {
        const ref = profile(w, rows, o);
        for (const s of [ref, profile(w, rows2, { ...o, reference: ref, referenceName: 'r.json' })]) {
          const value = decorate(s as Record<string, unknown>, e);
          const z = validate(snapshotSchema, value);
          expect(z.ok).toBe(true);
          const p = plain.plainSnapshot(value);
          expect(p).toBeDefined();
          if (z.ok) {
            expect(p).toEqual(z.data);
            expect(JSON.stringify(p)).toBe(JSON.stringify(z.data));
          }
        }
      }),
      { numRuns: runs(300), seed: 21 },
    );
  });

  it('declines, or agrees with the schema, on a snapshot with any one thing changed, added or dropped', () => {
    fc.assert(
      fc.property(small, opts, fc.boolean(), ([w, rows], o, onRef) => {
        const ref = profile(w, rows, o);
        const base = JSON.stringify(onRef ? profile(w, rows, { ...o, reference: ref, referenceName: 'r.json' }) : ref);
        // every position, every change
        for (const path of paths(JSON.parse(base)).slice(1)) {
          const original = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], JSON.parse(base));
          const values = typeof original === 'number' ? [...REPLACEMENTS, original + 1, original - 1, -original] : REPLACEMENTS;
          for (const how of ['set', 'drop', 'add'] as const)
            for (const v of how === 'set' ? values : [1]) {
              const s = JSON.parse(base) as Record<string | number, unknown>;
              let parent = s;
              for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
              const key = path[path.length - 1];
              if (how === 'set') parent[key] = v;
              else if (how === 'drop') {
                if (Array.isArray(parent)) parent.splice(key as number, 1);
                else delete parent[key];
              } else if (!Array.isArray(parent)) parent.extra = v;
              else parent.push(v);
              same(s);
            }
        }
      }),
      { numRuns: DEEP ? 40 : 4, seed: 22, endOnFailure: true }, // each run tries about a thousand snapshots
    );
  });

  it("checks the refinements: edges, exact values and counts that disagree are the schema's to report", () => {
    const s = profile(1, [['1'], ['2'], ['2'], ['3.5']], { maxExact: 5 }) as { features: Array<{ numeric: Record<string, never> }> };
    const n = s.features[0].numeric as unknown as { histogram: { edges: number[] }; exact: { values: number[] }; zeros: number };
    n.exact.values.reverse();
    expect(plain.plainSnapshot(s)).toBeUndefined();
    expect(validate(snapshotSchema, s).ok).toBe(false);
  });

  it("knows the schema's keys, in its order", () => {
    const keys = (o: { shape: object }) => Object.keys(o.shape);
    expect(plain.SNAPSHOT_KEYS).toEqual(keys(snapshotSchema));
    expect(plain.DATASET_KEYS).toEqual(keys(snapshotSchema.shape.dataset));
    expect(plain.FEATURE_KEYS).toEqual(keys(featureSnapshot));
    expect(plain.NUMERIC_KEYS).toEqual(keys(numericStats));
    expect(plain.HISTOGRAM_KEYS).toEqual(keys(histogramSchema));
    expect(plain.EXACT_KEYS).toEqual(keys(exactValues));
    expect(plain.SKETCH_KEYS).toEqual(keys(sketchSchema));
    expect(plain.DENSE_KEYS).toEqual(keys(sketchSchema.shape.positive.unwrap()));
    expect(plain.CATEGORICAL_KEYS).toEqual(keys(categoricalStats));
    expect(plain.TOP_KEYS).toEqual(keys(categoricalStats.shape.top.element));
    expect(plain.MIXED_KEYS).toEqual(keys(mixedTypes));
    expect(plain.COST_KEYS).toEqual(keys(featureSnapshot.shape.cost.unwrap()));
    expect(plain.FEATURE_TYPES).toEqual(featureSnapshot.shape.type.options);
  });
});
