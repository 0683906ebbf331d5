/**
 * Streaming reader for tabular evidence: CSV, TSV and JSON Lines, optionally gzip-compressed.
 *
 * The file is read in chunks of bytes and parsed at byte level; only the projected columns are
 * decoded to strings, so memory stays bounded by the longest record (plus one chunk), not by the
 * file. Rules:
 * - CSV/TSV follow RFC 4180: fields may be quoted with `"`, a doubled `""` inside quotes is one `"`,
 *   quoted fields may hold delimiters and newlines. A quote inside an unquoted field is literal.
 *   Records end with LF or CRLF. A UTF-8 byte order mark is skipped. Blank lines are skipped.
 * - The first CSV/TSV record is the header. Every record must have as many fields as the header.
 * - JSON Lines: one JSON object per line; blank lines are skipped. The columns are the keys of the
 *   first object; a key missing from a later object reads as missing (null). Bare NaN, Infinity and
 *   -Infinity tokens (as Python writes them) are accepted and given as the text "NaN" etc.
 * - Cells: an empty cell (or JSON null, or "") is null. JSON strings are given as is, other JSON
 *   values as their JSON text.
 * - The text must be valid UTF-8.
 * Every problem is a TableError naming the file, the physical line and, where known, the column.
 *
 * The parts: table/open.ts (formats, errors, opening), table/chunks.ts (chunked reading shared by the
 * parsers), table/batch.ts (batches of byte ranges), table/csv.ts, table/jsonl.ts.
 */
import { promises as fs } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { type TableBatch } from './table/batch.js';
import { chunkSize, COMMA, TAB, type Sink } from './table/chunks.js';
import { DelimitedParser } from './table/csv.js';
import { JsonlParser } from './table/jsonl.js';
import { limitedSink, tooManyBytes } from './table/limits.js';
import {
  inferFormat,
  openTable,
  TableError,
  unknownFormatReason,
  type TableHeader,
  type TableReadOptions,
  type TableReadResult,
} from './table/open.js';

export { BATCH_RECORDS, TableBatch, TEXT_ID_SLOTS } from './table/batch.js';
export { MAX_RECORD_BYTES, setChunkSize } from './table/chunks.js';
export {
  inferFormat,
  TableError,
  unknownFormatReason,
  type TableFormat,
  type TableHeader,
  type TableLimits,
  type TableReadOptions,
  type TableReadResult,
} from './table/open.js';

/**
 * Read a table, calling `onHeader` once and then `onRow` per record with the projected fields (a new
 * array per row, in the order of `opts.columns`) and the 1-based physical line where the record starts.
 */
export async function readTable(
  absPath: string,
  opts: TableReadOptions,
  onHeader: (h: TableHeader) => void,
  onRow: (fields: Array<string | null>, line: number) => void,
): Promise<TableReadResult> {
  return run(absPath, opts, onHeader, { kind: 'strings', onRow });
}

/**
 * Like readTable, without allocating per row or per field: `onBatch` receives up to
 * BATCH_RECORDS records at a time as byte ranges of the current chunk (a TableBatch, reused and
 * valid only during the call), in file order. Consumers read it column by column: a number from
 * `batch.values` (columns named in `opts.numbers`) or parseDecimalBytes on the field's bytes, text with
 * `batch.text(r, k)`, categorical values through a ByteInterner.
 * Same rules and errors as readTable; JSON Lines values are given as their UTF-8 bytes (as readTable
 * would give the text). When the reader finds an error, the records before it are delivered first.
 */
export async function readTableBatches(
  absPath: string,
  opts: TableReadOptions,
  onHeader: (h: TableHeader) => void,
  onBatch: (batch: TableBatch) => void,
): Promise<TableReadResult> {
  return run(absPath, opts, onHeader, { kind: 'batch', onBatch });
}

async function run(absPath: string, opts: TableReadOptions, onHeaderIn: (h: TableHeader) => void, sinkIn: Sink): Promise<TableReadResult> {
  const format = opts.format ?? inferFormat(absPath);
  if (!format) {
    const dir = await fs.stat(absPath).then(
      (st) => st.isDirectory(),
      () => false,
    );
    throw new TableError(
      absPath,
      0,
      dir ? 'is a directory; expected a CSV, TSV or JSON Lines file (optionally .gz)' : unknownFormatReason(absPath),
    );
  }
  if (opts.columns) {
    const seen = new Set<string>();
    for (const c of opts.columns) {
      if (seen.has(c)) throw new TableError(absPath, 0, `column "${c}" is requested twice`, c);
      seen.add(c);
    }
  }
  const { sink, onHeader } = limitedSink(absPath, opts.limits, opts.columns, onHeaderIn, sinkIn);
  const parser =
    format === 'jsonl'
      ? new JsonlParser(absPath, opts.columns, onHeader, sink)
      : new DelimitedParser(absPath, format === 'tsv' ? TAB : COMMA, opts.columns, onHeader, sink, opts.numbers, opts.textIds);
  const file = await openTable(absPath, opts.noFollow);
  const maxBytes = opts.limits?.maxBytes ?? Infinity;
  if (!file.gzip && file.size > maxBytes) {
    await file.fh.close();
    throw tooManyBytes(absPath, file.size, maxBytes);
  }
  if (!file.gzip) {
    parser.inputSize = file.size;
    try {
      return { rows: await parser.readFile(file.fh) };
    } catch (e) {
      if (e instanceof TableError) throw e;
      const err = e as NodeJS.ErrnoException;
      if (err && typeof err.code === 'string') throw new TableError(absPath, 0, `cannot read: ${err.message}`);
      throw e;
    } finally {
      await file.fh.close();
    }
  }
  const raw = file.fh.createReadStream({ highWaterMark: chunkSize(), start: 0 }); // closes the handle when done
  const gz = createGunzip({ chunkSize: Math.max(64, chunkSize()) });
  raw.on('error', (e) => gz.destroy(e));
  let expanded = 0;
  try {
    for await (const chunk of raw.pipe(gz)) {
      expanded += (chunk as Buffer).length;
      if (expanded > maxBytes) throw tooManyBytes(absPath, null, maxBytes);
      parser.push(chunk as Buffer);
    }
  } catch (e) {
    if (e instanceof TableError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (
      err &&
      (err.code === 'Z_DATA_ERROR' || err.code === 'Z_BUF_ERROR' || /incorrect header|invalid|unexpected end/i.test(err.message ?? ''))
    ) {
      throw new TableError(absPath, 0, `cannot decompress (gzip): ${err.message}; is the file truncated or not gzip?`);
    }
    if (err && typeof err.code === 'string') throw new TableError(absPath, 0, `cannot read: ${err.message}`);
    throw e;
  } finally {
    gz.destroy();
    raw.destroy();
  }
  return { rows: parser.finish() };
}
