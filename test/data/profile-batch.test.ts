/**
 * The profiler's byte-level path (profileFiles: byte batches, numbers parsed while splitting, text
 * interned by its bytes, batched sketch and binning) against the plain row-based profiler fed by the
 * plain reference reader (test/helpers/reference-table.ts) or, for JSON Lines, by readTable: the same
 * snapshot, value for value, at any read-chunk size, with the WebAssembly splitter and without.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CategoryCounts } from '../../src/data/counts.js';
import { parseNumber, profileFiles, Profiler, type ProfileOptions } from '../../src/data/profile.js';
import { LogSketch } from '../../src/data/sketch.js';
import { readTable, setChunkSize } from '../../src/evidence/tabular.js';
import { setWasmScan } from '../../src/evidence/wasm/scanner.js';
import { SNAPSHOT_KIND, SNAPSHOT_VERSION, type Snapshot } from '../../src/schemas/snapshot.js';
import { referenceDelimited } from '../helpers/reference-table.js';
import { runs } from '../helpers/tier.js';

const dir = mkdtempSync(path.join(tmpdir(), 'mtg-profile-batch-'));
let counter = 0;
function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, `${counter++}-${name}`);
  writeFileSync(p, content);
  return p;
}

const CREATED = '2026-01-01T00:00:00Z';
const META = { dataset: { name: 't' }, source: 's', createdAt: CREATED };

/** Cells of every kind the profiler tells apart, in a few column flavours (so types vary). */
const numberCell = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => String(x)),
  fc.double({ min: -1e3, max: 1e3, noNaN: true }).map((x) => x.toFixed(3)),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x.toExponential(8)),
  fc.constantFrom('0', '-0', '00012', '+5', '.5', '5.', '1e5', '1E-3', '9007199254740993', '1e400', '5e-324', '0.1'),
);
const specialCell = fc.constantFrom('NaN', 'nan', 'inf', '-Infinity', '+inf', 'Inf', '0x1F', ' 1', '1 ', '1.2.3', '.', '-', 'e5', '12abc');
const textCell = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'red', 'Nebraska', 'Iowa', 'N/A', 'true', 'false', 'ü€😀', 'a,b', 'q"q', 'multi\nline', 'cr\r\nlf'),
  fc.string({ maxLength: 6 }),
);
const column = fc.constantFrom('number', 'int', 'text', 'bool', 'mixed', 'few');
const cellOf = (kind: string): fc.Arbitrary<string> => {
  const missing = fc.constant('');
  switch (kind) {
    case 'number':
      return fc.oneof({ weight: 8, arbitrary: numberCell }, { weight: 1, arbitrary: specialCell }, { weight: 1, arbitrary: missing });
    case 'int':
      return fc.oneof({ weight: 8, arbitrary: fc.integer({ min: -50, max: 50 }).map(String) }, { weight: 1, arbitrary: missing });
    case 'bool':
      return fc.constantFrom('true', 'false', 'True', 'FALSE', '');
    case 'few':
      return fc.constantFrom('x', 'y', 'z', 'w', 'v', 'u', '1', '');
    case 'mixed':
      return fc.oneof(numberCell, specialCell, textCell, missing);
    default:
      return fc.oneof({ weight: 8, arbitrary: textCell }, { weight: 1, arbitrary: numberCell }, { weight: 1, arbitrary: missing });
  }
};
const table = fc
  .array(column, { minLength: 1, maxLength: 5 })
  .chain((kinds) => fc.tuple(fc.constant(kinds), fc.array(fc.tuple(...kinds.map(cellOf)), { minLength: 0, maxLength: 60 })));
const options: fc.Arbitrary<ProfileOptions> = fc.record({
  bins: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 33, max: 60 })), // up to 32 bins and more (two searches)
  topK: fc.integer({ min: 0, max: 6 }),
  maxCategories: fc.integer({ min: 1, max: 8 }),
  maxExact: fc.integer({ min: 0, max: 12 }),
});

function encode(kind: string, header: string[], rows: string[][]): string | Buffer {
  if (kind.startsWith('jsonl')) {
    const text = rows.map((r) => JSON.stringify(Object.fromEntries(r.map((v, i) => [header[i], v === '' ? null : v])))).join('\n');
    return `${JSON.stringify(Object.fromEntries(header.map((h) => [h, null])))}\n${text}\n`;
  }
  const d = kind.startsWith('tsv') ? '\t' : ',';
  const enc = (v: string, k: number) => (/[",\t\r\n]/.test(v) || (k === 1 && v === '') ? `"${v.replace(/"/g, '""')}"` : v);
  const eol = kind.includes('crlf') ? '\r\n' : '\n';
  const text = [header, ...rows].map((r) => r.map((v) => enc(v, r.length)).join(d)).join(eol) + eol;
  return kind.endsWith('.gz') ? gzipSync(text) : text;
}

/** The plain reference: rows from the reference reader (JSON Lines: readTable) into the row-based Profiler. */
async function reference(p: string, kind: string, content: string | Buffer, opts: ProfileOptions): Promise<Snapshot> {
  const rows: Array<{ fields: Array<string | null>; line: number }> = [];
  let header: string[] = [];
  if (kind.startsWith('jsonl')) {
    await readTable(
      p,
      {},
      (h) => (header = h.columns),
      (fields, line) => rows.push({ fields, line }),
    );
  } else {
    const ref = referenceDelimited(content.toString(), kind.startsWith('tsv') ? '\t' : ',');
    header = ref.header;
    rows.push(...ref.records);
  }
  const prof = new Profiler(header, opts);
  for (const r of rows) prof.addRow(r.fields, r.line);
  return prof.finish(META);
}

describe.each([
  ['the WebAssembly splitter', true],
  ['the general path (no WebAssembly)', false],
])('profileFiles on byte batches with %s', (_name, wasm) => {
  beforeEach(() => setWasmScan(wasm));
  afterEach(() => {
    setWasmScan(true);
    setChunkSize(1 << 20);
  });

  it('gives the row-based reference snapshot exactly, alone and on a reference, at any chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        table,
        table,
        fc.integer({ min: 1, max: 96 }),
        fc.constantFrom('csv', 'csv-crlf', 'tsv', 'jsonl', 'csv.gz'),
        options,
        async ([kinds, rows], [, rows2], chunk, kind, opts) => {
          const header = kinds.map((_, i) => `c${i}`);
          // the serving side: the same columns, other rows (cells of the other table's first columns when they fit)
          const rowsB = rows2.map((r) => header.map((_, i) => (r[i] as string | undefined) ?? ''));
          setChunkSize(chunk);
          const ext = kind.replace('-crlf', '');
          const contentA = encode(kind, header, rows as string[][]);
          const contentB = encode(kind, header, rowsB);
          const a = file(`a.${ext}`, contentA);
          const b = file(`b.${ext}`, contentB);
          const plainA = kind.endsWith('.gz') ? encode(kind.replace('.gz', ''), header, rows as string[][]) : contentA;
          const plainB = kind.endsWith('.gz') ? encode(kind.replace('.gz', ''), header, rowsB) : contentB;

          const seenA: number[][] = header.map(() => []);
          const fastA = await profileFiles([a], ['a'], { ...opts, onNumeric: (i, v) => seenA[i].push(v) });
          const refA = await reference(a, kind.replace('.gz', ''), plainA, opts);
          expect({ ...fastA, createdAt: CREATED, source: 's', dataset: META.dataset }).toEqual(refA);

          // on A's bins and categories (the serving snapshot)
          const withRef = { ...opts, reference: refA, referenceName: 'a.json' };
          const fastB = await profileFiles([b], ['b'], withRef);
          const refB = await reference(b, kind.replace('.gz', ''), plainB, withRef);
          expect({ ...fastB, createdAt: CREATED, source: 's', dataset: META.dataset }).toEqual(refB);

          // every finite number of every column reaches onNumeric, in file order (drift's exact tests)
          const rowsText = (rows as string[][]).map((r) => r.map((v) => (v === '' ? null : v)));
          header.forEach((_, i) => {
            const want: number[] = [];
            for (const r of rowsText) {
              const s = r[i];
              if (s === null) continue;
              const v = parseNumber(s);
              if (v !== undefined && Number.isFinite(v)) want.push(v);
            }
            expect(seenA[i]).toEqual(want);
          });
        },
      ),
      { numRuns: runs(400), seed: 15 },
    );
  });
});

describe("profileFiles: text counted by the splitter's text ids (TableBatch.ids)", () => {
  afterEach(() => {
    setWasmScan(true);
    setChunkSize(1 << 20);
  });

  it('gives the row-based snapshot over several files (ids start afresh per file), past the id table and through prunes', async () => {
    // a column of 40,000 distinct short values (more than the id table holds: later ones get no id),
    // one that prunes often (maxCategories 3, values of 1-9 bytes), one of few values, numbers; two files
    const rand = (() => {
      let x = 7;
      return () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
    })();
    const make = (n: number, salt: string) => {
      const rows: string[][] = [];
      for (let i = 0; i < n; i++) {
        const r = rand();
        rows.push([
          `${salt}${i.toString(36)}`,
          r < 0.5 ? 'aa' : r < 0.7 ? `p${Math.floor(r * 40)}` : `long-value-${Math.floor(r * 9)}`.slice(0, 1 + Math.floor(r * 20)),
          ['x', 'yy', 'zzz', '', 'w"q'][Math.floor(rand() * 5)],
          String(Math.floor(rand() * 100) - 50),
        ]);
      }
      return rows;
    };
    const header = ['id', 'prune', 'few', 'n'];
    const rowsA = make(40_000, 'a');
    // other values and some of A's in another order: a new file's ids are not A's
    const rowsB = [...make(2_000, 'b'), ...rowsA.slice(0, 1_000).reverse()];
    const enc = (rows: string[][]) =>
      `${header.join(',')}\n${rows.map((r) => r.map((v) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\n')}\n`;
    const a = file('ids-a.csv', enc(rowsA));
    const b = file('ids-b.csv', enc(rowsB));
    for (const [wasm, chunk] of [
      [true, 1 << 20],
      [true, 777],
      [false, 1 << 20],
    ] as const) {
      setWasmScan(wasm);
      setChunkSize(chunk);
      const opts: ProfileOptions = { maxCategories: 3, topK: 4 };
      const fast = await profileFiles([a, b], ['a', 'b'], opts);
      const plain = new Profiler(header, opts);
      let line = 2;
      for (const r of rowsA)
        plain.addRow(
          r.map((v) => (v === '' ? null : v)),
          line++,
        );
      line = 2;
      for (const r of rowsB)
        plain.addRow(
          r.map((v) => (v === '' ? null : v)),
          line++,
        );
      const want = plain.finish(META);
      expect(fast.rows).toBe(want.rows);
      expect(fast.features).toEqual(want.features);
      // no prunes (which forget every id): what a file's ids learnt must not count another file's values
      const big = new Profiler(header, { maxCategories: 50_000 });
      line = 2;
      for (const r of rowsA)
        big.addRow(
          r.map((v) => (v === '' ? null : v)),
          line++,
        );
      line = 2;
      for (const r of rowsB)
        big.addRow(
          r.map((v) => (v === '' ? null : v)),
          line++,
        );
      expect((await profileFiles([a, b], ['a', 'b'], { maxCategories: 50_000 })).features).toEqual(big.finish(META).features);
    }
  });
});

describe("binning on a reference snapshot's edges (the batch path's bucket guess)", () => {
  it("counts every value into the bin the row path's binary search finds, for any sorted edges", async () => {
    const edge = fc.oneof(
      fc.double({ min: -100, max: 100, noNaN: true }),
      fc.integer({ min: -5, max: 5 }),
      fc.constantFrom(-Number.MAX_VALUE, Number.MAX_VALUE, -Infinity, Infinity, 0, -0, 5e-324, 1e300, 1e-300),
    );
    const value = fc.oneof(fc.double({ min: -120, max: 120, noNaN: true }), fc.integer({ min: -6, max: 6 }), edge.filter(Number.isFinite));
    await fc.assert(
      fc.asyncProperty(
        fc.array(edge, { minLength: 2, maxLength: 40 }),
        fc.array(value, { minLength: 1, maxLength: 200 }),
        fc.boolean(),
        async (raw, values, sort) => {
          // sorted edges (ties included) take the guess; unsorted ones the plain search
          const edges = sort ? [...raw].sort((a, b) => a - b) : raw;
          const reference: Snapshot = {
            schemaVersion: SNAPSHOT_VERSION,
            kind: SNAPSHOT_KIND,
            dataset: { name: 'r' },
            createdAt: CREATED,
            rows: 0,
            features: [
              {
                name: 'x',
                type: 'float',
                count: 0,
                missing: 0,
                numeric: {
                  min: 0,
                  max: 0,
                  mean: 0,
                  std: 0,
                  nan: 0,
                  infinity: 0,
                  zeros: 0,
                  histogram: { edges, counts: edges.slice(1).map(() => 0) },
                },
              },
            ],
          };
          const p = file('bins.csv', `x\n${values.map((v) => String(v)).join('\n')}\n`);
          const fast = await profileFiles([p], ['p'], { reference });
          const plain = new Profiler(['x'], { reference });
          values.forEach((v, i) => plain.addRow([String(v)], i + 2));
          expect(fast.features[0].numeric?.histogram).toEqual(plain.finish(META).features[0].numeric?.histogram);
        },
      ),
      { numRuns: runs(1000), seed: 18 },
    );
  });
});

/** The double next to x towards +Infinity (up) or -Infinity (down), by its bits. */
function nextDouble(x: number, up: boolean): number {
  if (x === 0) return up ? 5e-324 : -5e-324;
  const f = new Float64Array([x]);
  const w = new BigInt64Array(f.buffer);
  w[0] += x > 0 === up ? 1n : -1n;
  return f[0];
}

describe("binning on a reference snapshot's edges by the bits of the value (the batch path's key table)", () => {
  it('counts every value, at and next to every edge, into the bin the row path finds, for any finite sorted edges', async () => {
    // finite edges of any scale and sign (ties, both zeros, magnitudes around the 1e-30 cut where keys merge)
    const edge = fc.oneof(
      fc.double({ min: -100, max: 100, noNaN: true }),
      fc.double({ min: -1e-28, max: 1e-28, noNaN: true }),
      fc.integer({ min: -5, max: 5 }),
      fc.constantFrom(0, -0, 1e-30, -1e-30, 9.99e-31, 1.0001e-30, 5e-324, -5e-324, 1e10, -1e10, 1.5, 1.0078125, 2),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(edge, { minLength: 2, maxLength: 30 }),
        fc.array(fc.oneof(fc.double({ min: -120, max: 120, noNaN: true }), fc.double({ min: -1e-27, max: 1e-27, noNaN: true })), {
          maxLength: 300,
        }),
        fc.nat(3),
        async (raw, extra, repeat) => {
          const edges = [...raw].sort((a, b) => a - b);
          // each edge, its neighbours on both sides, and other values; repeated so that known keys are reused
          const near = edges.flatMap((e) => [e, nextDouble(e, true), nextDouble(e, false)]);
          const once = [...near, ...extra, 0, -0];
          const values = Array.from({ length: repeat + 1 }, () => once).flat();
          const fast = await profileFiles([file('keys.csv', `x\n${values.map((v) => String(v)).join('\n')}\n`)], ['p'], {
            reference: binsReference(edges),
          });
          const plain = new Profiler(['x'], { reference: binsReference(edges) });
          values.forEach((v, i) => plain.addRow([String(v)], i + 2));
          expect(fast.features[0].numeric?.histogram).toEqual(plain.finish(META).features[0].numeric?.histogram);
        },
      ),
      { numRuns: runs(1000), seed: 19 },
    );
  });
});

/** A reference snapshot whose one feature, x, has these histogram edges. */
function binsReference(edges: number[]): Snapshot {
  return {
    schemaVersion: SNAPSHOT_VERSION,
    kind: SNAPSHOT_KIND,
    dataset: { name: 'r' },
    createdAt: CREATED,
    rows: 0,
    features: [
      {
        name: 'x',
        type: 'float',
        count: 0,
        missing: 0,
        numeric: {
          min: 0,
          max: 0,
          mean: 0,
          std: 0,
          nan: 0,
          infinity: 0,
          zeros: 0,
          histogram: { edges, counts: edges.slice(1).map(() => 0) },
        },
      },
    ],
  };
}

describe('CategoryCounts', () => {
  it('counts as a Map<string, number> in insertion order does, through prunes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            'a',
            'b',
            'ü',
            'dd',
            'eee',
            'a-long-value',
            'x',
            'y',
            'abcd',
            'abcde',
            'bbcde',
            'abcdefgh',
            'abcdefgi',
            'bcdefgh',
            'abcdé',
            'a\u0000',
            'a\u0000\u0000',
          ),
          { maxLength: 200 },
        ),
        fc.integer({ min: 1, max: 3 }),
        (vals, keep) => {
          const c = new CategoryCounts();
          let m = new Map<string, number>();
          const pinned = new Set(['x']);
          for (const v of vals) {
            if (vals.indexOf(v) % 2 === 0) {
              const b = Buffer.from(`#${v}#`);
              c.addBytes(b, 1, b.length - 1);
            } else c.addText(v);
            m.set(v, (m.get(v) ?? 0) + 1);
            if (m.size > 2 * keep) {
              const sorted = [...m.entries()].sort((p, q) => q[1] - p[1]);
              m = new Map();
              let kept = 0;
              for (const [k, n] of sorted)
                if (kept < keep || pinned.has(k)) {
                  m.set(k, n);
                  kept++;
                }
              c.prune(keep, pinned);
            }
          }
          expect(c.entries()).toEqual([...m.entries()]);
        },
      ),
      { numRuns: runs(2000), seed: 16 },
    );
  });

  it('counts many short values (the short-value table growing) from bytes anywhere in shared buffers as a Map does', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.string({ minLength: 1, maxLength: 10, unit: fc.constantFrom('a', 'b', 'c', 'é', '\u0000', '9') }), fc.nat(5)),
          {
            maxLength: 600,
          },
        ),
        fc.nat(7),
        (vals, shift) => {
          const c = new CategoryCounts();
          const m = new Map<string, number>();
          // values at varying offsets of a few buffers that are views into one pool (non-zero byteOffset)
          const pool = Buffer.alloc(1 << 16);
          let at = shift;
          for (const [v, pad] of vals) {
            const bytes = Buffer.from(v);
            if (at + pad + bytes.length + 8 > pool.length) at = shift;
            const view = pool.subarray(at, at + pad + bytes.length + 8);
            view.fill(0x7a);
            bytes.copy(view, pad);
            c.addBytes(view, pad, pad + bytes.length);
            at += pad + bytes.length + 1;
            m.set(v, (m.get(v) ?? 0) + 1);
          }
          expect(c.entries()).toEqual([...m.entries()]);
        },
      ),
      { numRuns: runs(500), seed: 17 },
    );
  });
});

describe('LogSketch.addMany', () => {
  it('fills the same cells as add, value by value', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.double({ min: -1e6, max: 1e6, noNaN: true }),
            fc.integer({ min: -5000, max: 5000 }),
            fc.constantFrom(0, -0, 1e-30, -1e-31, 1e12, 5e-324, 1, -1, 2, 4095, 4096, -4095, -4096, 4095.5),
          ),
          { maxLength: 300 },
        ),
        (xs) => {
          const a = new LogSketch();
          const b = new LogSketch();
          for (const x of xs) a.add(x);
          b.addMany(Float64Array.from(xs), xs.length);
          expect(b.toJSON()).toEqual(a.toJSON());
          expect(b.count).toBe(a.count);
        },
      ),
      { numRuns: runs(2000), seed: 17 },
    );
  });
});
