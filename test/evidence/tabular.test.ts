import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { readTable, readTableBatches, setChunkSize, TableError, type TableReadOptions } from '../../src/evidence/tabular.js';

const dir = mkdtempSync(path.join(tmpdir(), 'mtg-tabular-'));
let counter = 0;
function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, `${counter++}-${name}`);
  writeFileSync(p, content);
  return p;
}

async function read(p: string, opts: TableReadOptions = {}) {
  let header: string[] = [];
  const rows: Array<Array<string | null>> = [];
  const lines: number[] = [];
  const r = await readTable(
    p,
    opts,
    (h) => (header = h.columns),
    (f, line) => {
      rows.push(f);
      lines.push(line);
    },
  );
  return { header, rows, lines, count: r.rows };
}

async function error(p: string, opts: TableReadOptions = {}): Promise<TableError> {
  try {
    await read(p, opts);
  } catch (e) {
    if (e instanceof TableError) return e;
    throw e;
  }
  throw new Error('expected a TableError');
}

afterEach(() => setChunkSize(1 << 20));

describe('readTable: CSV', () => {
  it('reads quoted fields with delimiters, doubled quotes and newlines; CRLF; BOM', async () => {
    const p = file('a.csv', '\uFEFFid,text,score\r\n1,"a, b",0.5\r\n2,"say ""hi""",\r\n3,"two\nlines",0.25\r\n4,plain,1\r\n');
    const r = await read(p);
    expect(r.header).toEqual(['id', 'text', 'score']);
    expect(r.rows).toEqual([
      ['1', 'a, b', '0.5'],
      ['2', 'say "hi"', null],
      ['3', 'two\nlines', '0.25'],
      ['4', 'plain', '1'],
    ]);
    expect(r.lines).toEqual([2, 3, 4, 6]);
  });

  it('projects columns in the requested order and skips blank lines', async () => {
    const p = file('b.csv', 'a,b,c\n1,2,3\n\n4,5,6');
    const r = await read(p, { columns: ['c', 'a'] });
    expect(r.rows).toEqual([
      ['3', '1'],
      ['6', '4'],
    ]);
    expect(r.lines).toEqual([2, 4]);
  });

  it('reads TSV and gzip (by extension and by magic bytes)', async () => {
    const tsv = 'x\ty\n1\ta b\n';
    expect((await read(file('c.tsv', tsv))).rows).toEqual([['1', 'a b']]);
    expect((await read(file('c.tsv.gz', gzipSync(tsv)))).rows).toEqual([['1', 'a b']]);
    expect((await read(file('c2.csv', gzipSync('x,y\n1,2\n')), { format: 'csv' })).rows).toEqual([['1', '2']]);
  });

  it('says what is wrong with a missing file, a folder and a truncated gzip file', async () => {
    expect((await error(path.join(dir, 'nope.csv'))).message).toMatch(/nope\.csv: file not found/);
    expect((await error(dir, { format: 'csv' })).message).toMatch(/not a regular file/);
    const gz = gzipSync('x,y\n' + '1,2\n'.repeat(1000));
    expect((await error(file('t.csv.gz', gz.subarray(0, gz.length - 10)))).message).toMatch(/cannot decompress \(gzip\).*truncated/);
  });

  it('names the line and the field counts of a ragged row', async () => {
    const e = await error(file('d.csv', 'a,b\n1,2\n3,4,5\n'));
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/expected 2 fields .*found 3/);
  });

  it('names the nearest existing columns for a missing one', async () => {
    const e = await error(file('e.csv', 'label,score_head,score_base\n1,0.2,0.3\n'), { columns: ['label', 'scor_head'] });
    expect(e.column).toBe('scor_head');
    expect(e.message).toContain('"score_head"');
    expect(e.message).toMatch(/nearest existing/);
  });

  it('rejects empty files, invalid UTF-8 and unclosed quotes with the line', async () => {
    expect((await error(file('f.csv', ''))).message).toMatch(/empty/);
    const bad = Buffer.concat([Buffer.from('a,b\n1,2\n3,'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
    const e = await error(file('g.csv', bad));
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/invalid UTF-8 byte 0xff/);
    expect((await error(file('h.csv', 'a,b\n1,"open\n'))).message).toMatch(/not closed/);
    expect((await error(file('i.csv', 'a,b\n1,"x"y\n'))).message).toMatch(/after the closing quote/);
  });

  it('accepts multi-byte UTF-8 split across chunks', async () => {
    setChunkSize(3);
    const r = await read(file('j.csv', 'name,v\nZürich,1\n東京,2\n'));
    expect(r.rows).toEqual([
      ['Zürich', '1'],
      ['東京', '2'],
    ]);
  });
});

describe('readTable: JSON Lines', () => {
  it('gives strings as is, other values as JSON text, missing keys and null as null, NaN tokens as text', async () => {
    const p = file('a.jsonl', '{"id":"x","s":0.5,"t":true,"o":{"k":1}}\n\n{"id":"y","s":null}\r\n{"id":"z","s":NaN,"t":false}\n');
    const r = await read(p, { columns: ['id', 's', 't', 'o'] });
    expect(r.header).toEqual(['id', 's', 't', 'o']);
    expect(r.rows).toEqual([
      ['x', '0.5', 'true', '{"k":1}'],
      ['y', null, null, null],
      ['z', 'NaN', 'false', null],
    ]);
    expect(r.lines).toEqual([1, 3, 4]);
  });

  it('names the line of invalid JSON and of a non-object', async () => {
    const e = await error(file('b.ndjson', '{"a":1}\n{"a":\n'));
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/not valid JSON/);
    expect((await error(file('c.jsonl', '{"a":1}\n[1]\n'))).message).toMatch(/expected a JSON object/);
  });
});

describe('readTable: property', () => {
  const cellArb = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('a,b', 'q"q', 'multi\nline', 'cr\r\nlf', ' spaced ', 'ü€😀'));
  it('round-trips any table written with RFC 4180 quoting, at any chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 4 })
          .chain((k) =>
            fc.tuple(fc.constant(k), fc.array(fc.array(cellArb, { minLength: k, maxLength: k }), { minLength: 1, maxLength: 8 })),
          ),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        async ([k, rows], chunk, crlf) => {
          // a lone empty field in a one-column table is a blank line (skipped); quote it instead
          const enc = (v: string) => (/[",\r\n]/.test(v) || (k === 1 && v === '') ? `"${v.replace(/"/g, '""')}"` : v);
          const header = Array.from({ length: k }, (_, i) => `c${i}`);
          const eol = crlf ? '\r\n' : '\n';
          const text = [header, ...rows].map((r) => r.map(enc).join(',')).join(eol) + eol;
          setChunkSize(chunk);
          const r = await read(file('p.csv', text));
          expect(r.rows).toEqual(rows.map((row) => row.map((v) => (v === '' ? null : v))));
        },
      ),
      { numRuns: 150, seed: 7 },
    );
  });
});

describe('table limits (limits.max-rows, max-cell-bytes, max-decompressed-bytes)', () => {
  const rowsOf = (n: number) => `y,p\n${Array.from({ length: n }, (_, i) => `${i % 2},0.5`).join('\n')}\n`;

  async function batchError(p: string, opts: TableReadOptions): Promise<TableError> {
    try {
      await readTableBatches(
        p,
        opts,
        () => {},
        () => {},
      );
    } catch (e) {
      if (e instanceof TableError) return e;
      throw e;
    }
    throw new Error('expected a TableError');
  }

  it.each(['csv', 'jsonl'] as const)('rows over the limit (%s): an error at the first line over it, for both sinks', async (fmt) => {
    const text = fmt === 'csv' ? rowsOf(10) : Array.from({ length: 10 }, (_, i) => JSON.stringify({ y: i % 2, p: 0.5 })).join('\n') + '\n';
    const p = file(`r.${fmt}`, text);
    const limits = { maxRows: 7 };
    const line = fmt === 'csv' ? 9 : 8; // the 8th record
    const e = await error(p, { limits });
    expect(e.message).toBe(
      `${p}, line ${line}: the table has more than 7 rows (limits.max-rows); it was not read further. Raise limits.max-rows if it is meant to be this long`,
    );
    expect((await batchError(p, { limits, columns: ['y', 'p'] })).line).toBe(line);
    expect((await read(p, { limits: { maxRows: 10 } })).count).toBe(10);
  });

  it('a cell over the limit: the line and the column, the size, and none of its text; unprojected columns are not measured', async () => {
    const p = file('c.csv', `id,y,p\n1,1,0.5\n${'9'.repeat(5000)},0,0.${'3'.repeat(3000)}\n`);
    const limits = { maxCellBytes: 2000 };
    const e = await error(p, { limits, columns: ['y', 'p'] });
    expect(e.message).toBe(`${p}, line 3, column "p": a cell of 3,002 bytes is longer than limits.max-cell-bytes (2,000); it was not read`);
    const b = await batchError(p, { limits, columns: ['id', 'y'] });
    expect(b.message).toBe(
      `${p}, line 3, column "id": a cell of 5,000 bytes is longer than limits.max-cell-bytes (2,000); it was not read`,
    );
    expect((await read(p, { limits, columns: ['y'] })).count).toBe(2);
    // all columns (no projection): the name comes from the header
    expect((await error(p, { limits })).column).toBe('id');
  });

  it('a plain file over max-decompressed-bytes is refused by its size, before it is read', async () => {
    const p = file('big.csv', rowsOf(1000));
    const e = await error(p, { limits: { maxBytes: 1000 } });
    expect(e.message).toBe(`${p}: the table is 6,004 bytes, more than 1,000 (limits.max-decompressed-bytes); it was not read further`);
  });

  it('a gzip bomb stops when it has expanded past max-decompressed-bytes, whatever its rows', async () => {
    const p = file('bomb.csv.gz', gzipSync(`y,p\n${'\n'.repeat(5_000_000)}`)); // 5 MB of blank lines: no rows at all
    expect(statSync(p).size).toBeLessThan(10_000);
    const e = await error(p, { limits: { maxBytes: 1_000_000 } });
    expect(e.message).toBe(
      `${p}: the table expands to more than 1,000,000 bytes (limits.max-decompressed-bytes); it was not read further (a compressed bomb?)`,
    );
    expect((await read(p, { limits: { maxBytes: 6_000_000 } })).count).toBe(0);
  });

  it('with tiny chunks, the limits give the same errors (records spanning chunks)', async () => {
    setChunkSize(7);
    const p = file('t.csv', `y,p\n1,0.5\n0,${'1'.repeat(300)}\n`);
    expect((await error(p, { limits: { maxCellBytes: 100 } })).message).toContain('line 3, column "p": a cell of 300 bytes');
    expect((await error(p, { limits: { maxRows: 1 } })).line).toBe(3);
  });

  it('a JSON Lines value nested too deep for JSON.stringify is an error, not a stack overflow', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const p = file('d.jsonl', `{"y": 1, "p": ${deep}}\n`);
    const e = await error(p);
    expect(e.message).toMatch(/line 1, column "p": the value is nested too deep to be read as a cell/);
  });
});
