import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPredictions } from '../../../src/evidence/predictions.js';
import { ByteColumn, ByteColumnIndex, ByteInterner, parseDecimalBytes } from '../../../src/evidence/bytes.js';
import { BATCH_RECORDS, readTable, readTableBatches, setChunkSize, type TableReadOptions } from '../../../src/evidence/tabular.js';
import { referenceDelimited } from '../../helpers/reference-table.js';
import { runs } from '../../helpers/tier.js';
import { SCAN_C_SHA256 } from '../../../src/evidence/wasm/scan-wasm.js';
import { setWasmScan, WasmScanner } from '../../../src/evidence/wasm/scanner.js';

const dir = mkdtempSync(path.join(tmpdir(), 'mtg-ingest-'));
let counter = 0;
function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, `${counter++}-${name}`);
  writeFileSync(p, content);
  return p;
}
const parse = (s: string): number => {
  const b = Buffer.from(`#${s}#`); // offsets inside a larger buffer, as in a chunk
  return parseDecimalBytes(b, 1, b.length - 1);
};

afterEach(() => setChunkSize(1 << 20));

describe('parseDecimalBytes', () => {
  it('equals Number(text) for every decimal/exponent form it accepts', () => {
    const digits = (max: number) => fc.array(fc.constantFrom(...'0123456789'), { maxLength: max }).map((a) => a.join(''));
    const decimal = fc
      .tuple(
        fc.constantFrom('', '-', '+'),
        digits(12),
        fc.option(digits(12)),
        fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), fc.integer({ min: 0, max: 400 }))),
      )
      .map(
        ([sign, int, frac, exp]) => `${sign}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : `${exp[0]}${exp[1]}${exp[2]}`}`,
      );
    let fast = 0;
    fc.assert(
      fc.property(decimal, (s) => {
        const x = parse(s);
        if (!Number.isNaN(x)) {
          fast++;
          expect(Object.is(x, Number(s))).toBe(true);
        }
        if (!/\d/.test(s.replace(/[eE].*$/, ''))) expect(x).toBeNaN();
      }),
      { numRuns: runs(20000), seed: 11 },
    );
    expect(fast).toBeGreaterThan(runs(20000) / 5); // the property is not vacuous
  });

  it('takes the fast path for doubles as Python and JavaScript write them, exactly', () => {
    let fallbacks = 0;
    let cases = 0;
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.boolean(), (d, negate) => {
        const v = negate ? -d : d;
        for (const s of [String(v), v.toPrecision(17), v.toPrecision(16), v.toPrecision(15), v.toFixed(6), v.toExponential(16)]) {
          cases++;
          const x = parse(s);
          if (Number.isNaN(x)) fallbacks++;
          else expect(Object.is(x, Number(s))).toBe(true);
        }
      }),
      { numRuns: runs(5000), seed: 12 },
    );
    expect(fallbacks / cases).toBeLessThan(0.01);
  });

  it('gives up (NaN) on anything else, including ties it cannot decide', () => {
    for (const s of [
      '',
      '-',
      '+',
      '.',
      '-.',
      'e5',
      '1e',
      '1e+',
      '1e-',
      '0x10',
      ' 1',
      '1 ',
      'inf',
      'NaN',
      'Infinity',
      '1.2.3',
      '--1',
      '1_0',
      '1,5',
      '1e400',
      '1e-400',
    ]) {
      expect(parse(s)).toBeNaN();
    }
    expect(Object.is(parse('-0'), -0)).toBe(true);
    expect(Object.is(parse('-0.000e5'), -0)).toBe(true);
    expect(parse('.5')).toBe(0.5);
    expect(parse('5.')).toBe(5);
    expect(parse('+1.5E-3')).toBe(0.0015);
    expect(parse('007')).toBe(7);
    // 2^53 + 1 is a tie between two doubles: left to Number()
    expect(parse('9007199254740993')).toBeNaN();
  });
});

describe('ByteInterner', () => {
  it('codes values in first-seen order, decodes each once, survives growth', () => {
    const it = new ByteInterner();
    const words = Array.from({ length: 500 }, (_, i) => (i % 7 === 0 ? `Zürich-${i}` : `v${i}`));
    const buf = Buffer.from(words.join('|'));
    let pos = 0;
    const codes: number[] = [];
    for (const w of words) {
      const len = Buffer.byteLength(w);
      codes.push(it.intern(buf, pos, pos + len));
      pos += len + 1;
    }
    expect(codes).toEqual(words.map((_, i) => i));
    expect(it.values).toEqual(words);
    expect(it.internText('v3')).toBe(3);
    expect(it.internText('')).toBe(500);
    expect(it.size).toBe(501);
  });
});

describe('ByteColumn and ByteColumnIndex', () => {
  it('keeps any values pushed one by one or a batch at a time, copied a word at a time', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 23, unit: 'binary' }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 5 }),
        (values, pad) => {
          // the values laid out in a buffer as a reader would see them, with fields in between
          const parts: Buffer[] = [];
          const starts: number[] = [];
          const ends: number[] = [];
          let at = 0;
          for (const v of values) {
            const b = Buffer.from(v, 'utf8');
            parts.push(Buffer.alloc(pad, 0x2c), b);
            starts.push(at + pad, 0);
            ends.push(at + pad + b.length, 0);
            at += pad + b.length;
          }
          const buf = Buffer.concat(parts); // no slack after the last value: the word copy must stop in time
          const col = new ByteColumn(1);
          const half = values.length >> 1;
          // a batch at a time: pushFields stops at empty and quoted fields (every 7th is marked quoted here)
          const escaped = Uint8Array.from(starts, (_, i) => (i % 14 === 0 ? 1 : 0));
          const st = Int32Array.from(starts);
          const en = Int32Array.from(ends);
          for (let r = 0; r < half; r++) {
            const stop = col.pushFields(buf, st, en, escaped, 0, 2, r, half);
            expect(col.length).toBe(stop);
            if (stop === half) break;
            expect(starts[2 * stop] === ends[2 * stop] || escaped[2 * stop] === 1).toBe(true);
            col.push(buf, starts[2 * stop], ends[2 * stop]);
            r = stop;
          }
          for (let i = half; i < values.length; i++) col.push(buf, starts[2 * i], ends[2 * i]);
          expect(col.toArray()).toEqual(values);
          expect(col.length).toBe(values.length);
          const again = ByteColumn.from(values);
          expect(again.sameAs(col)).toBe(true);
          if (values.length > 1 && values[0] !== values[1])
            expect(ByteColumn.from([values[1], values[0], ...values.slice(2)]).sameAs(col)).toBe(false);
          // every value is found; the first repeat is reported
          const index = new ByteColumnIndex(col);
          const firstAt = new Map<string, number>();
          let dup: [number, number] | null = null;
          values.forEach((v, i) => {
            if (firstAt.has(v)) dup ??= [i, firstAt.get(v)!];
            else firstAt.set(v, i);
          });
          expect(index.duplicate).toEqual(dup);
          if (!dup) values.forEach((_, i) => expect(index.find(again, i)).toBe(i));
          expect(index.find(ByteColumn.from(['not-there-\u0000']), 0)).toBe(values.includes('not-there-\u0000') ? 0 : -1);
        },
      ),
      { numRuns: 300, seed: 21 },
    );
  });
});

describe.each([
  ['the WebAssembly splitter', true],
  ['the general path (no WebAssembly)', false],
])('readTableBatches with %s', (_name, wasm) => {
  beforeEach(() => setWasmScan(wasm));
  afterEach(() => setWasmScan(true));

  async function both(p: string, opts: TableReadOptions = {}) {
    const a: Array<Array<string | null>> = [];
    const al: number[] = [];
    await readTable(
      p,
      opts,
      () => {},
      (f, line) => {
        a.push(f);
        al.push(line);
      },
    );
    const b: Array<Array<string | null>> = [];
    const bl: number[] = [];
    await readTableBatches(
      p,
      opts,
      () => {},
      (batch) => {
        expect(batch.count).toBeGreaterThan(0);
        expect(batch.count).toBeLessThanOrEqual(BATCH_RECORDS);
        for (let r = 0; r < batch.count; r++) {
          b.push(Array.from({ length: batch.width }, (_, k) => batch.text(r, k)));
          bl.push(batch.lines[r]);
        }
      },
    );
    return { a, b, al, bl };
  }

  const cellArb = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom('a,b', 'q"q', '""', 'multi\nline', 'cr\r\nlf', ' spaced ', 'ü€😀', '0.125', '-1e-7', 'a-rather-long-identifier-0001'),
  );
  it('gives the same fields and lines as readTable for CSV, TSV and JSON Lines, at any chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 4 })
          .chain((k) =>
            fc.tuple(fc.constant(k), fc.array(fc.array(cellArb, { minLength: k, maxLength: k }), { minLength: 1, maxLength: 8 })),
          ),
        fc.integer({ min: 1, max: 64 }),
        fc.constantFrom('csv', 'tsv', 'jsonl', 'csv.gz'),
        async ([k, rows], chunk, kind) => {
          const header = Array.from({ length: k }, (_, i) => `c${i}`);
          let text: string;
          if (kind === 'jsonl')
            text = rows.map((r) => JSON.stringify(Object.fromEntries(r.map((v, i) => [header[i], v])))).join('\n') + '\n';
          else {
            const d = kind === 'tsv' ? '\t' : ',';
            const enc = (v: string) => (/[",\t\r\n]/.test(v) || (k === 1 && v === '') ? `"${v.replace(/"/g, '""')}"` : v);
            text = [header, ...rows].map((r) => r.map(enc).join(d)).join('\r\n') + '\r\n';
          }
          setChunkSize(chunk);
          const p = file(`p.${kind}`, kind.endsWith('.gz') ? gzipSync(text) : text);
          const r = await both(p, { columns: header.slice().reverse() });
          expect(r.b).toEqual(r.a);
          expect(r.bl).toEqual(r.al);
          if (kind !== 'jsonl') {
            // and both agree with the plain reference reader
            const ref = referenceDelimited(text, kind === 'tsv' ? '\t' : ',');
            const order = header
              .slice()
              .reverse()
              .map((c) => ref.header.indexOf(c));
            expect(r.a).toEqual(ref.records.map((x) => order.map((j) => x.fields[j])));
            expect(r.al).toEqual(ref.records.map((x) => x.line));
          }
        },
      ),
      { numRuns: 200, seed: 9 },
    );
  });

  it('text ids: fields as without them; one id per distinct short text of a column (0 without WebAssembly), at any chunk size', async () => {
    // short cells of a few letters (repeats), numbers, 7/8/9-byte values, quoted ones, empty ones
    const cell = fc.oneof(
      fc.constantFrom('a', 'b', 'ab', 'ba', 'abcdefg', 'abcdefgh', 'abcdefghi', 'x\u00fc', '1', '-2.5', 'NaN', '', '"a"', 'a b'),
      fc.stringMatching(/^[ab]{1,9}$/),
    );
    let given = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom(',', '\t'),
        fc.constantFrom('\n', '\r\n'),
        async (rows, chunk, d, nl) => {
          setChunkSize(chunk);
          const enc = (v: string) => (v === '"a"' ? '"a"' : v);
          const p = file(d === ',' ? 'ids.csv' : 'ids.tsv', `x,y,z\n${rows.map((r) => r.map(enc).join(d)).join(nl)}${nl}`.replace(/,/g, d));
          const opts: TableReadOptions = { columns: ['z', 'x', 'y'], numbers: 'all', textIds: true };
          const plain = await both(p, { columns: opts.columns, numbers: 'all' });
          const withIds: Array<Array<string | null>> = [];
          const cells: Array<{ k: number; text: string | null; id: number; value: number }> = [];
          await readTableBatches(
            p,
            opts,
            () => {},
            (batch) => {
              expect(batch.ids).not.toBeNull();
              for (let r = 0; r < batch.count; r++) {
                withIds.push(Array.from({ length: batch.width }, (_, k) => batch.text(r, k)));
                for (let k = 0; k < batch.width; k++) {
                  const o = r * batch.width + k;
                  cells.push({ k, text: batch.text(r, k), id: batch.ids![o], value: batch.values[o] });
                }
              }
            },
          );
          expect(withIds).toEqual(plain.b);
          const byId = new Map<number, string>();
          const idOf = new Map<string, number>();
          for (const c of cells) {
            if (!Number.isNaN(c.value)) continue; // a number: its id is unspecified
            if (!wasm) expect(c.id).toBe(0);
            if (c.id === 0) continue;
            expect(c.id).toBeGreaterThan(0);
            expect(c.text).not.toBeNull();
            const bytes = Buffer.byteLength(c.text!);
            expect(bytes).toBeGreaterThanOrEqual(1);
            expect(bytes).toBeLessThanOrEqual(7);
            const key = `${c.k}:${c.text}`;
            expect(byId.get(c.id) ?? key).toBe(key); // one value per id
            expect(idOf.get(key) ?? c.id).toBe(c.id); // one id per value of a column
            byId.set(c.id, key);
            idOf.set(key, c.id);
          }
          given += byId.size;
        },
      ),
      { numRuns: runs(300), seed: 23 },
    );
    if (wasm) expect(given).toBeGreaterThan(runs(300)); // not vacuous
  });

  it('numbers parsed while splitting equal Number(text) of the whole field, or are left NaN', async () => {
    const numArb = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.double({ min: 0, max: 1, noNaN: true }).map((d) => d.toPrecision(17)),
      fc.integer().map(String),
      fc.constantFrom(
        '',
        ' 1',
        '1 ',
        '1.5x',
        '1e',
        '1e+',
        '-0',
        '+.5',
        '5.',
        '1e-7',
        '1E300',
        'NaN',
        '0x10',
        '00.0100',
        '1.2.3',
        '--1',
        'inf',
        '12345678901234567890',
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(numArb, numArb, fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 48 }),
        fc.boolean(),
        async (rows, chunk, crlf) => {
          const enc = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
          const eol = crlf ? '\r\n' : '\n';
          const text = ['a,txt,b', ...rows.map(([a, b, t]) => [a, t, b].map(enc).join(','))].join(eol) + eol;
          setChunkSize(chunk);
          const p = file('n.csv', text);
          const seen: Array<[string | null, number]> = [];
          await readTableBatches(
            p,
            { columns: ['a', 'b', 'txt'], numbers: ['a', 'b'] },
            () => {},
            (batch) => {
              for (let r = 0; r < batch.count; r++) {
                for (const k of [0, 1]) seen.push([batch.text(r, k), batch.values[r * batch.width + k]]);
                expect(batch.values[r * batch.width + 2]).toBeNaN(); // not a number column
              }
            },
          );
          expect(seen.length).toBe(rows.length * 2);
          for (const [t, v] of seen) if (!Number.isNaN(v)) expect(Object.is(v, Number(t))).toBe(true);
          // plain decimals are read by the reader whenever the record is not quoted
          const plain = seen.filter(([t]) => t !== null && /^[+-]?\d{1,15}(\.\d{0,2})?$/.test(t));
          if (wasm && !/"/.test(text)) for (const [t, v] of plain) expect(v).toBe(Number(t));
        },
      ),
      { numRuns: 300, seed: 31 },
    );
  });

  it('reads doubles as Python and JavaScript write them exactly, nearly all while splitting', async () => {
    const texts: string[] = [];
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.boolean(), (d, negate) => {
        const v = negate ? -d : d;
        texts.push(String(v), v.toPrecision(17), v.toPrecision(16), v.toFixed(6), v.toExponential(16), String(Math.round(v)));
      }),
      { numRuns: runs(4000), seed: 41 },
    );
    const rows = [];
    for (let i = 0; i + 1 < texts.length; i += 2) rows.push(`${texts[i]},x${i},${texts[i + 1]}`);
    let got: number[] = [];
    let read = 0;
    await readTableBatches(
      file('d.csv', `a,id,b\n${rows.join('\n')}\n`),
      { columns: ['a', 'b', 'id'], numbers: ['a', 'b'] },
      () => {},
      (batch) => {
        for (let r = 0; r < batch.count; r++) got.push(batch.values[r * 3], batch.values[r * 3 + 1]);
      },
    );
    got = got.map((v) => {
      if (!Number.isNaN(v)) read++;
      return v;
    });
    expect(got.length).toBe(texts.length);
    got.forEach((v, i) => {
      if (!Number.isNaN(v)) expect(Object.is(v, Number(texts[i]))).toBe(true);
    });
    if (wasm) expect(read / texts.length).toBeGreaterThan(0.99);
  });

  it('reads a record longer than the read size (the splitter memory grows)', async () => {
    const long = 'z'.repeat(3 << 20);
    const got: Array<string | null> = [];
    await readTableBatches(
      file('long.csv', `a,b\n1,x\n2,${long}\n3,y\n`),
      { numbers: ['a'] },
      () => {},
      (batch) => {
        for (let r = 0; r < batch.count; r++) got.push(batch.text(r, 1), batch.text(r, 0));
        // the splitter reads the numbers; on the general path the consumer does (NaN here)
        for (let r = 0; r < batch.count; r++) if (wasm) expect(batch.values[r * 2]).toBe(Number(batch.text(r, 0)));
      },
    );
    expect(got).toEqual(['x', '1', long, '2', 'y', '3']);
  });

  it('keeps readTable errors (ragged rows, invalid UTF-8)', async () => {
    await expect(
      readTableBatches(
        file('r.csv', 'a,b\n1,2\n3\n'),
        {},
        () => {},
        () => {},
      ),
    ).rejects.toThrow(/line 3: expected 2 fields/);
    await expect(
      readTableBatches(
        file('r2.csv', `a,b\n${'1,2\n'.repeat(5000)}3,4,5\n`),
        {},
        () => {},
        () => {},
      ),
    ).rejects.toThrow(/line 5002: expected 2 fields .* found 3/);
    const bad = Buffer.concat([Buffer.from('a,b\n1,2\n3,'), Buffer.from([0xc3]), Buffer.from('\n')]);
    await expect(
      readTableBatches(
        file('u.csv', bad),
        {},
        () => {},
        () => {},
      ),
    ).rejects.toThrow(/line 3: invalid UTF-8/);
  });
});

describe('the WebAssembly splitter', () => {
  it('is built from the scan.c in the repository (run node scripts/build-wasm.mjs after changing it)', () => {
    const c = readFileSync(new URL('../../../src/evidence/wasm/scan.c', import.meta.url));
    expect(createHash('sha256').update(c).digest('hex')).toBe(SCAN_C_SHA256);
  });

  it('reads the same numbers as scanDecimal (the reader of all other records), value for value (NaN where it gives up)', async () => {
    const numeric = fc.stringMatching(/^[+-]?[0-9]{0,20}(\.[0-9]{0,20})?([eE][+-]?[0-9]{0,4})?$/);
    const cells = fc.sample(
      fc.oneof(
        numeric,
        fc.double().map(String),
        fc.double().map((d) => d.toPrecision(17)),
      ),
      { numRuns: 6000, seed: 51 },
    );
    const p = file('diff.csv', `a,b\n${cells.map((c, i) => `${c},${i}`).join('\n')}\n`);
    const wasm: number[] = [];
    await readTableBatches(
      p,
      { numbers: ['a'] },
      () => {},
      (batch) => {
        for (let r = 0; r < batch.count; r++) wasm.push(batch.values[r * 2]);
      },
    );
    expect(wasm.length).toBe(cells.length);
    // the splitter may leave a number to the consumer (NaN); where it reads one, it is parseDecimalBytes' value
    wasm.forEach((v, i) => expect(Number.isNaN(v) || Object.is(v, parse(cells[i]))).toBe(true));
    expect(wasm.filter((v, i) => Object.is(v, parse(cells[i])) && !Number.isNaN(v)).length).toBeGreaterThan(1000); // not vacuous
  });

  it('reads short decimals (up to 8 digits each side of the point, read 8 bytes at a time) as scanDecimal does, at any chunk size', async () => {
    // every form around the fast path's limits: 7/8/9 digits on each side, leading zeros, signs,
    // a point with no digits, exponents and junk right after the digits, fields at the end of a chunk
    const digits = (max: number) => fc.stringMatching(new RegExp(`^[0-9]{0,${max}}$`));
    const cell = fc
      .tuple(
        fc.constantFrom('', '', '-', '+'),
        fc.oneof(digits(9), fc.constantFrom('0', '00', '0000000', '99999999', '12345678', '123456789')),
        fc.oneof(fc.constant(null), digits(9), fc.constantFrom('0000', '99999999', '9999999')),
        fc.constantFrom('', '', '', 'e5', 'E-3', '.', '.5', 'x', ' ', 'e', '0'),
      )
      .map(([s, a, b, tail]) => `${s}${a}${b === null ? '' : `.${b}`}${tail}`);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 200 }),
        async (rows, chunk) => {
          setChunkSize(chunk);
          const p = file('short.csv', `a,b\n${rows.map(([a, b]) => `${a},${b}`).join('\n')}\n`);
          const seen: number[] = [];
          await readTableBatches(
            p,
            { numbers: ['a', 'b'] },
            () => {},
            (batch) => {
              for (let r = 0; r < batch.count; r++) seen.push(batch.values[r * 2], batch.values[r * 2 + 1]);
            },
          );
          const cells = rows.flat();
          expect(seen.length).toBe(cells.length);
          seen.forEach((v, i) => {
            const want = cells[i] === '' ? Number.NaN : parse(cells[i]);
            if (!Number.isNaN(v)) expect(Object.is(v, want)).toBe(true);
            // the splitter reads every plain decimal (no exponent) it is given
            if (/^[+-]?\d{0,8}(\.\d{0,8})?$/.test(cells[i]) && /\d/.test(cells[i])) expect(Object.is(v, Number(cells[i]))).toBe(true);
          });
        },
      ),
      { numRuns: runs(300), seed: 77 },
    );
  });

  it('is the one in use (the general path is the fallback)', () => {
    expect(WasmScanner.create(Int32Array.from([0]), Uint8Array.from([0]), 1, 16)).not.toBeNull();
  });
});

describe('loadPredictions: byte-level fast paths agree with the text rules', () => {
  it('reads quoted and escaped values, odd number forms, missing groups and text labels', async () => {
    const p = file(
      'odd.csv',
      'id,y,p,w,g\n' +
        '"a""1",1,0.5,1,"D""E"\n' +
        'b,true, 0.25 ,1e0,\n' +
        'c,0.0,"1E-1",+2,D"E\n' +
        'd,0,.75,007,(missing)\n' +
        'e,1,0.18691901184984705,2.50,"FR"\n',
    );
    const r = await loadPredictions(p, 'odd.csv', {
      task: 'binary',
      columns: { label: 'y', score: 'p', id: 'id', weight: 'w', groups: ['g'] },
    });
    expect(r.ids!.toArray()).toEqual(['a"1', 'b', 'c', 'd', 'e']);
    expect(Array.from(r.y)).toEqual([1, 1, 0, 0, 1]);
    expect(Array.from(r.score!)).toEqual([0.5, 0.25, 0.1, 0.75, 0.18691901184984705]);
    expect(Array.from(r.weight!)).toEqual([1, 1, 2, 7, 2.5]);
    expect(r.groups.get('g')!.values).toEqual(['D"E', '(missing)', 'FR']);
    expect(Array.from(r.groups.get('g')!.codes)).toEqual([0, 1, 0, 1, 2]);
    expect(r.numericValues).toBe(10);
  });

  it('multiclass labels learned across label and prediction columns; JSON Lines numbers', async () => {
    const p = file('mc.jsonl', '{"y":"cat","yhat":"dog"}\n{"y":"bird","yhat":"cat"}\n{"y":"dog","yhat":"dog"}\n');
    const r = await loadPredictions(p, 'mc.jsonl', { task: 'multiclass', columns: { label: 'y', prediction: 'yhat' } });
    expect(r.classes).toEqual(['bird', 'cat', 'dog']);
    expect(Array.from(r.y)).toEqual([1, 0, 2]);
    expect(Array.from(r.predClass!)).toEqual([2, 1, 2]);
    const q = file('reg.jsonl', '{"y":1.5,"yhat":-2e-3}\n{"y":"7","yhat":NaN}\n');
    const g = await loadPredictions(q, 'reg.jsonl', { task: 'regression', columns: { label: 'y', prediction: 'yhat' } });
    expect(Array.from(g.y)).toEqual([1.5, 7]);
    expect(g.predValue![0]).toBe(-0.002);
    expect(g.nonFiniteCount).toBe(1);
  });

  it('still names file, line and column for bad cells read on the fast path', async () => {
    const spec = { task: 'binary' as const, columns: { label: 'y', score: 'p' } };
    await expect(loadPredictions(file('a.csv', 'y,p\n1,0.5\n0,1.0000001\n'), 'a.csv', spec)).rejects.toThrow(
      'a.csv, line 3, column "p": score 1.0000001 is outside [0, 1]; expected a probability',
    );
    await expect(loadPredictions(file('b.csv', 'y,p\n1,0.5\n2,0.5\n'), 'b.csv', spec)).rejects.toThrow(
      /b.csv, line 3, column "y": label "2" is not a binary label/,
    );
    await expect(loadPredictions(file('c.csv', 'y,p\n1,\n'), 'c.csv', spec)).rejects.toThrow(/line 2, column "p": score is empty/);
    await expect(
      loadPredictions(file('d.csv', 'y,p,w\n1,0.5,-1\n'), 'd.csv', { ...spec, columns: { ...spec.columns, weight: 'w' } }),
    ).rejects.toThrow(/line 2, column "w": weight -1 is negative/);
  });
});
