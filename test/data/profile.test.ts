import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../helpers/tier.js';
import { mergeSnapshots, MergeError } from '../../src/data/merge.js';
import { parseNumber, profileFiles, Profiler } from '../../src/data/profile.js';
import { LogSketch, SKETCH_ALPHA, sketchHistogram } from '../../src/data/sketch.js';
import { snapshotSchema, type Snapshot } from '../../src/schemas/snapshot.js';
import { validate } from '../../src/schemas/errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'mtg-profile-'));
function file(name: string, text: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

function profileRows(cols: string[], rows: Array<Array<string | null>>, reference?: Snapshot): Snapshot {
  const p = new Profiler(cols, { reference });
  rows.forEach((r, i) => p.addRow(r, i + 2));
  return p.finish({ dataset: { name: 't' }, createdAt: '2026-01-01T00:00:00Z' });
}

const feature = (s: Snapshot, name: string) => s.features.find((f) => f.name === name)!;

describe('parseNumber', () => {
  it('reads numbers, NaN and infinity tokens; text stays text', () => {
    expect(parseNumber('1.5e3')).toBe(1500);
    expect(parseNumber('-0.25')).toBe(-0.25);
    expect(Number.isNaN(parseNumber('NaN')!)).toBe(true);
    expect(parseNumber('-inf')).toBe(-Infinity);
    expect(parseNumber('Infinity')).toBe(Infinity);
    expect(parseNumber('abc')).toBeUndefined();
    expect(parseNumber('0x1F')).toBeUndefined();
    expect(parseNumber('12abc')).toBeUndefined();
    expect(parseNumber(' 1')).toBeUndefined();
  });
  it('property: the decimal fast path gives exactly Number(s)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 17 }), (x, k) => {
        for (const s of [x.toFixed(Math.min(k, 100)), String(x), x.toPrecision(Math.max(1, k))]) {
          if (!Number.isFinite(Number(s))) continue;
          expect(Object.is(parseNumber(s), Number(s))).toBe(true);
        }
      }),
      { numRuns: runs(2000) },
    );
  });
});

describe('profiler statistics', () => {
  it('hand-checked numeric stats: population std, NaN and infinity counted apart, missing apart', () => {
    const s = profileRows(['x'], [['1'], ['2'], ['3'], ['4'], [null], ['NaN'], ['inf']]);
    const f = feature(s, 'x');
    expect(f.type).toBe('float'); // NaN/inf make it float
    expect(f.count).toBe(6);
    expect(f.missing).toBe(1);
    expect(f.numeric!.mean).toBe(2.5);
    expect(f.numeric!.std).toBeCloseTo(Math.sqrt(1.25), 14);
    expect(f.numeric!.nan).toBe(1);
    expect(f.numeric!.infinity).toBe(1);
    expect([f.numeric!.min, f.numeric!.max]).toEqual([1, 4]);
    const h = f.numeric!.histogram!;
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(4);
    expect(validate(snapshotSchema, s).ok).toBe(true);
  });
  it('infers int, float, bool and string', () => {
    const s = profileRows(
      ['i', 'f', 'b', 's'],
      [
        ['1', '1.0', 'true', 'a'],
        ['2', '2', 'False', 'b'],
        ['-3', '3e2', 'TRUE', 'a'],
      ],
    );
    expect(s.features.map((f) => f.type)).toEqual(['int', 'float', 'bool', 'string']);
    expect(feature(s, 's').categorical).toEqual({
      distinct: 2,
      top: [
        { value: 'a', count: 2 },
        { value: 'b', count: 1 },
      ],
      otherCount: 0,
    });
  });
  it('detects mixed types and keeps the majority kind, with examples and the line', () => {
    const rows = [['1'], ['2'], ['N/A'], ['4'], ['5']];
    const f = feature(profileRows(['x'], rows), 'x');
    expect(f.type).toBe('int');
    expect(f.mixed).toEqual({ numeric: 4, other: 1, examples: ['N/A'], line: 4 });
    expect(f.numeric!.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(4);
    const t = feature(profileRows(['x'], [['a'], ['b'], ['3']]), 'x');
    expect(t.type).toBe('string');
    expect(t.categorical!.otherCount).toBe(1); // the number is not a listed category
  });
  it('an entirely empty column has no values and validates', () => {
    const s = profileRows(
      ['e', 'x'],
      [
        [null, '1'],
        [null, '2'],
      ],
    );
    expect(feature(s, 'e')).toMatchObject({ count: 0, missing: 2, type: 'string', categorical: { distinct: 0, top: [], otherCount: 0 } });
    expect(validate(snapshotSchema, s).ok).toBe(true);
  });
  it('keeps top-k and counts the rest as other', () => {
    const p = new Profiler(['c'], { topK: 2 });
    for (const [v, n] of [
      ['a', 5],
      ['b', 4],
      ['c', 3],
      ['d', 1],
    ] as const)
      for (let i = 0; i < n; i++) p.addRow([v], 1);
    const f = p.finish({ dataset: { name: 't' } }).features[0];
    expect(f.categorical).toEqual({
      distinct: 4,
      top: [
        { value: 'a', count: 5 },
        { value: 'b', count: 4 },
      ],
      otherCount: 4,
    });
  });
  it('bounds memory for high-cardinality text: prunes and marks approximate', () => {
    const p = new Profiler(['id'], { maxCategories: 50 });
    for (let i = 0; i < 1000; i++) p.addRow([`id${i}`], i);
    const col = p.columnProfilers[0];
    expect(col.cats.size).toBeLessThanOrEqual(100);
    const f = p.finish({ dataset: { name: 't' } }).features[0];
    expect(f.categorical!.approximate).toBe(true);
    expect(f.count).toBe(1000);
  });
});

describe('sketch', () => {
  it('quantiles are within the relative accuracy of the sorted data', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }), (xs) => {
        const s = new LogSketch();
        xs.forEach((x) => s.add(x));
        const sorted = [...xs].sort((a, b) => a - b);
        for (const q of [0, 0.25, 0.5, 0.9, 1]) {
          const exact = sorted[Math.floor(q * (xs.length - 1))];
          const got = s.quantile(q, sorted[0], sorted[sorted.length - 1]);
          // the rank's value (lower neighbour) within 1% relative error, or between neighbours
          const next = sorted[Math.min(sorted.length - 1, Math.floor(q * (xs.length - 1)) + 1)];
          expect(got).toBeGreaterThanOrEqual(exact * (1 - SKETCH_ALPHA) - 1e-12);
          expect(got).toBeLessThanOrEqual(next * (1 + SKETCH_ALPHA) + 1e-12);
        }
      }),
    );
  });
  it('histogram from the sketch: exact counts (matching [a, b) binning), strictly increasing edges at min..max', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 2, maxLength: 400 }), (xs) => {
        const s = new LogSketch();
        xs.forEach((x) => s.add(x));
        const min = Math.min(...xs);
        const max = Math.max(...xs);
        const h = sketchHistogram(s, 10, min, max);
        expect(h.edges[0]).toBe(min);
        expect(h.edges[h.edges.length - 1]).toBe(max > min ? max : h.edges[h.edges.length - 1]);
        for (let i = 1; i < h.edges.length; i++) expect(h.edges[i]).toBeGreaterThan(h.edges[i - 1]);
        const counts = h.counts.map(() => 0);
        for (const x of xs) {
          let k = h.edges.findIndex((e, i) => i + 1 < h.edges.length && x >= e && x < h.edges[i + 1]);
          if (k < 0) k = h.counts.length - 1; // the closed last bin
          counts[k]++;
        }
        expect(h.counts).toEqual(counts);
      }),
    );
  });
  it('collapses the smallest magnitudes instead of growing without bound', () => {
    const s = new LogSketch();
    for (let e = -300; e <= 300; e += 1) s.add(10 ** e);
    expect(s.count).toBe(601);
    expect(s.cells().length).toBeLessThanOrEqual(2048);
  });
});

describe('reference binning and merging', () => {
  const base = profileRows(
    ['x', 'c'],
    [
      ['0', 'a'],
      ['10', 'b'],
      ['5', 'a'],
      ['7', 'c'],
    ],
  );
  it('--reference reuses edges (values outside go to under/overflow) and lists every reference category', () => {
    const cur = profileRows(
      ['x', 'c'],
      [
        ['-1', 'z'],
        ['3', 'z'],
        ['20', 'a'],
      ],
      base,
    );
    const x = feature(cur, 'x').numeric!.histogram!;
    expect(x.edges).toEqual(feature(base, 'x').numeric!.histogram!.edges);
    expect([x.underflow, x.overflow]).toEqual([1, 1]);
    expect(feature(cur, 'c').categorical!.top).toEqual([
      { value: 'a', count: 1 },
      { value: 'b', count: 0 },
      { value: 'c', count: 0 },
      { value: 'z', count: 2 },
    ]);
  });
  it('property: profiling two pieces on shared edges and merging equals profiling the whole', () => {
    const cell = fc.oneof(fc.constant(null), fc.integer({ min: -50, max: 50 }).map(String), fc.constantFrom('NaN', 'inf'));
    const cat = fc.oneof(fc.constant(null), fc.constantFrom('a', 'b', 'c', 'd'));
    const row = fc.tuple(cell, cat);
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 60 }), fc.array(row, { minLength: 1, maxLength: 60 }), (a, b) => {
        const ref = profileRows(
          ['x', 'c'],
          [
            ['-20', 'a'],
            ['0', 'b'],
            ['20', 'c'],
            ['5', 'a'],
          ],
        );
        const pa = profileRows(['x', 'c'], a, ref);
        const pb = profileRows(['x', 'c'], b, ref);
        const whole = profileRows(['x', 'c'], [...a, ...b], ref);
        const merged = mergeSnapshots(pa, pb);
        expect(validate(snapshotSchema, merged).ok).toBe(true);
        for (const name of ['x', 'c']) {
          const m = feature(merged, name);
          const w = feature(whole, name);
          expect([m.count, m.missing]).toEqual([w.count, w.missing]);
          if (w.numeric && m.numeric) {
            expect(m.numeric.histogram?.counts).toEqual(w.numeric.histogram?.counts);
            expect([m.numeric.exact, m.numeric.sketch]).toEqual([w.numeric.exact, w.numeric.sketch]); // exact counts add up
            expect([m.numeric.histogram?.underflow, m.numeric.histogram?.overflow]).toEqual([
              w.numeric.histogram?.underflow,
              w.numeric.histogram?.overflow,
            ]);
            expect([m.numeric.min, m.numeric.max, m.numeric.nan, m.numeric.infinity]).toEqual([
              w.numeric.min,
              w.numeric.max,
              w.numeric.nan,
              w.numeric.infinity,
            ]);
            if (w.numeric.mean !== null) {
              expect(m.numeric.mean!).toBeCloseTo(w.numeric.mean, 9);
              expect(m.numeric.std!).toBeCloseTo(w.numeric.std!, 9);
            }
          }
          if (w.categorical && m.categorical && m.type === w.type) {
            const asMap = (t: Array<{ value: string; count: number }>) =>
              Object.fromEntries(t.filter((x) => x.count > 0).map((x) => [x.value, x.count]));
            expect(asMap(m.categorical.top)).toEqual(asMap(w.categorical.top));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
  it('refuses to merge histograms on different edges', () => {
    const a = profileRows(['x'], [['1'], ['2'], ['3']]);
    const b = profileRows(['x'], [['100'], ['200'], ['300']]);
    expect(() => mergeSnapshots(a, b)).toThrow(MergeError);
    expect(() => mergeSnapshots(a, b)).toThrow(/different bin edges/);
  });
});

describe('profiling files', () => {
  it('CSV with quoted newlines, CRLF and gzip give the same snapshot as plain CSV', async () => {
    const text = 'x,c\r\n1,"a\nb"\r\n2,plain\r\n,"q""uote"\r\n';
    const a = await profileFiles([file('a.csv', text)], ['a.csv']);
    const b = await profileFiles([file('b.csv.gz', gzipSync(text))], ['b.csv.gz']);
    expect(a.rows).toBe(3);
    expect(
      feature(a, 'c')
        .categorical!.top.map((t) => t.value)
        .sort(),
    ).toEqual(['a\nb', 'plain', 'q"uote']);
    expect(feature(a, 'x')).toMatchObject({ count: 2, missing: 1 });
    expect({ ...b, createdAt: '', source: '', dataset: a.dataset }).toEqual({ ...a, createdAt: '', source: '' });
  });
  it('JSON Lines: numbers, booleans, null', async () => {
    const s = await profileFiles([file('d.jsonl', '{"x": 1.5, "b": true}\n{"x": null, "b": false}\n{"x": NaN, "b": true}\n')], ['d.jsonl']);
    expect(feature(s, 'x')).toMatchObject({ type: 'float', count: 2, missing: 1, numeric: { nan: 1 } });
    expect(feature(s, 'b').type).toBe('bool');
  });
  it('ragged rows fail with file and line', async () => {
    await expect(profileFiles([file('r.csv', 'a,b\n1,2\n3\n')], ['r.csv'])).rejects.toThrow(/r\.csv, line 3: expected 2 fields/);
  });
  it('invalid UTF-8 fails with the line', async () => {
    await expect(
      profileFiles([file('u.csv', Buffer.concat([Buffer.from('a\nok\n'), Buffer.from([0xff, 0x0a])]))], ['u.csv']),
    ).rejects.toThrow(/line 3: invalid UTF-8 byte 0xff/);
  });
});
