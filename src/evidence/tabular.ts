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
 */
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { isAscii, isUtf8 } from 'node:buffer';
import { createGunzip } from 'node:zlib';
import { locateSyntaxError } from './json.js';
import { nearestMany } from '../util/suggest.js';
import { DECIMAL, scanDecimal } from './bytes.js';
import { WasmScanner } from './wasm/scanner.js';

export type TableFormat = 'csv' | 'tsv' | 'jsonl';

export interface TableReadOptions {
  /** Inferred from the extension when omitted (.csv/.tsv/.jsonl/.ndjson, with optional .gz). */
  format?: TableFormat;
  /** Project to these columns, in this order; undefined = all columns. */
  columns?: string[];
  /**
   * Projected columns that hold numbers (readTableBatches): their values are parsed while the record
   * is split, into TableBatch.values.
   */
  numbers?: string[];
}

export interface TableReadResult {
  /** Records read (the header not counted). */
  rows: number;
}

export interface TableHeader {
  /** All columns in the file (JSON Lines: the keys of the first record). */
  columns: string[];
}

/** A problem with a tabular file. `line` is 1-based (0 = not tied to a line); `column` names the column. */
export class TableError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    /** What is wrong, without the location. */
    readonly reason: string,
    readonly column?: string,
  ) {
    super(`${file}${line > 0 ? `, line ${line}` : ''}${column !== undefined ? `, column "${column}"` : ''}: ${reason}`);
    this.name = 'TableError';
  }

  /** The same message with another name for the file (e.g. a repository-relative path). */
  describe(fileName: string): string {
    return `${fileName}${this.line > 0 ? `, line ${this.line}` : ''}${this.column !== undefined ? `, column "${this.column}"` : ''}: ${this.reason}`;
  }
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const TAB = 9;
let CHUNK = 1 << 20;

/** Read size in bytes (tests use tiny chunks to exercise records that span chunks). */
export function setChunkSize(bytes: number): void {
  CHUNK = Math.max(1, Math.floor(bytes));
}
/** A single record longer than this is an error (almost always a quote left open). */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

type Row = Array<string | null>;

/** Format from the file name: .csv, .tsv, .jsonl, .ndjson, each optionally followed by .gz. */
export function inferFormat(file: string): TableFormat | undefined {
  const name = file.toLowerCase().replace(/\.(gz|gzip)$/, '');
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.tsv') || name.endsWith('.tab')) return 'tsv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  return undefined;
}

/** The file, opened once: its handle, size, and whether it is gzip-compressed (by name or magic bytes). */
async function openTable(absPath: string): Promise<{ fh: FileHandle; size: number; gzip: boolean }> {
  let st;
  try {
    st = await fs.stat(absPath);
  } catch {
    throw new TableError(absPath, 0, 'file not found');
  }
  if (!st.isFile()) throw new TableError(absPath, 0, 'not a regular file');
  const fh = await fs.open(absPath, 'r');
  let gzip = /\.(gz|gzip)$/i.test(absPath);
  if (!gzip) {
    try {
      const head = Buffer.alloc(2);
      const { bytesRead } = await fh.read(head, 0, 2, 0);
      gzip = bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
    } catch (e) {
      await fh.close();
      throw e;
    }
  }
  return { fh, size: st.size, gzip };
}

/** Offset of the first byte that breaks UTF-8 in buf[from, to) (only called once isUtf8 failed). */
function firstInvalidUtf8(buf: Buffer, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = buf[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) (need = 1), (min = 0x80);
    else if (c >= 0xe0 && c <= 0xef) (need = 2), (min = 0x800);
    else if (c >= 0xf0 && c <= 0xf4) (need = 3), (min = 0x10000);
    else return i;
    if (i + need >= to) return i;
    let cp = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const b = buf[i + k];
      if ((b & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return to;
}

function countLf(buf: Buffer, from: number, to: number): number {
  let n = 0;
  let i = buf.indexOf(LF, from);
  while (i >= 0 && i < to) {
    n++;
    i = buf.indexOf(LF, i + 1);
  }
  return n;
}

type Slicer = (this: Buffer, start: number, end: number) => string;
const proto = Buffer.prototype as unknown as { utf8Slice?: Slicer; latin1Slice?: Slicer };
const utf8Slice: Slicer = proto.utf8Slice ?? function (this: Buffer, s: number, e: number) { return this.toString('utf8', s, e); };
const latin1Slice: Slicer = proto.latin1Slice ?? function (this: Buffer, s: number, e: number) { return this.toString('latin1', s, e); };

/** Decode buf[s, e) (already validated as UTF-8). */
function decode(buf: Buffer, s: number, e: number): string {
  return utf8Slice.call(buf, s, e);
}

function missingColumns(file: string, line: number, wanted: string[], have: string[]): TableError | null {
  const missing = wanted.filter((c) => !have.includes(c));
  if (missing.length === 0) return null;
  const parts = missing.map((c) => {
    const near = nearestMany(c, have, 3);
    return `"${c}"${near.length ? ` (nearest existing: ${near.map((n) => `"${n}"`).join(', ')})` : ''}`;
  });
  return new TableError(
    file,
    line,
    `missing column${missing.length > 1 ? 's' : ''} ${parts.join('; ')}; the file has ${have.length} column${have.length === 1 ? '' : 's'}: ${have.slice(0, 20).map((h) => `"${h}"`).join(', ')}${have.length > 20 ? ', ...' : ''}`,
    missing[0],
  );
}

/** Where a parser delivers records: projected strings (readTable) or batches of byte ranges (readTableBatches). */
type Sink = { kind: 'strings'; onRow: (fields: Row, line: number) => void } | { kind: 'batch'; onBatch: (batch: TableBatch) => void };

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
export async function readTableBatches(absPath: string, opts: TableReadOptions, onHeader: (h: TableHeader) => void, onBatch: (batch: TableBatch) => void): Promise<TableReadResult> {
  return run(absPath, opts, onHeader, { kind: 'batch', onBatch });
}

async function run(absPath: string, opts: TableReadOptions, onHeader: (h: TableHeader) => void, sink: Sink): Promise<TableReadResult> {
  const format = opts.format ?? inferFormat(absPath);
  if (!format) {
    throw new TableError(absPath, 0, 'cannot tell the format from the file name; expected .csv, .tsv, .jsonl or .ndjson (optionally .gz), or set the format explicitly');
  }
  if (opts.columns) {
    const seen = new Set<string>();
    for (const c of opts.columns) {
      if (seen.has(c)) throw new TableError(absPath, 0, `column "${c}" is requested twice`, c);
      seen.add(c);
    }
  }
  const parser = format === 'jsonl' ? new JsonlParser(absPath, opts.columns, onHeader, sink) : new DelimitedParser(absPath, format === 'tsv' ? TAB : COMMA, opts.columns, onHeader, sink, opts.numbers);
  const file = await openTable(absPath);
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
  const raw = file.fh.createReadStream({ highWaterMark: CHUNK, start: 0 }); // closes the handle when done
  const gz = createGunzip({ chunkSize: Math.max(64, CHUNK) });
  raw.on('error', (e) => gz.destroy(e));
  try {
    for await (const chunk of raw.pipe(gz)) parser.push(chunk as Buffer);
  } catch (e) {
    if (e instanceof TableError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (err && (err.code === 'Z_DATA_ERROR' || err.code === 'Z_BUF_ERROR' || /incorrect header|invalid|unexpected end/i.test(err.message ?? ''))) {
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

/** Records per TableBatch. */
export const BATCH_RECORDS = 4096;
/** plainBatch: the field is not a number column. */
const NOT_NUMERIC = -2;

/**
 * Up to BATCH_RECORDS records as byte ranges: field k (in the order of the projected columns) of
 * record r is buf[starts[r * width + k], ends[r * width + k]); an empty range is a missing value
 * (null). `escaped[r * width + k]` is 1 when the field was quoted and holds doubled quotes (`""`),
 * which text() undoes. The object and its buffer are reused: copy what you keep.
 */
export class TableBatch {
  buf: Buffer = Buffer.alloc(0);
  /** Records in this batch. */
  count = 0;
  /** 1-based physical line where each record starts. */
  readonly lines = new Int32Array(BATCH_RECORDS);
  /** Some record holds a quoted field (the reader clears `escaped` after such a batch). */
  quoted = false;
  /**
   * Size hints for outputs: the input's size in bytes (0 when unknown, e.g. compressed), and about how
   * many of its bytes were read up to the end of this batch (kept up to date for unquoted CSV/TSV
   * records; 0 when unknown).
   */
  inputSize = 0;
  inputEnd = 0;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly escaped: Uint8Array;
  /**
   * Columns named in TableReadOptions.numbers: the field's value when the reader parsed it while
   * splitting the record (an unquoted CSV/TSV field that is a plain decimal, exactly as
   * parseDecimalBytes reads it); NaN otherwise, and always NaN for other columns.
   */
  readonly values: Float64Array;

  constructor(readonly width: number) {
    this.starts = new Int32Array(BATCH_RECORDS * width);
    this.ends = new Int32Array(BATCH_RECORDS * width);
    this.escaped = new Uint8Array(BATCH_RECORDS * width);
    this.values = new Float64Array(BATCH_RECORDS * width).fill(NaN);
  }

  /** The chunk as one string when it is ASCII (undefined: not computed yet; null: not ASCII). */
  private chunkText: string | null | undefined = undefined;

  /** Point the batch at a new chunk (the parser calls this before adding its records). */
  setChunk(buf: Buffer, ascii?: boolean): void {
    this.buf = buf;
    this.chunkText = ascii === false ? null : undefined;
  }

  /** Field k of record r as text (null when missing), exactly as readTable gives it. */
  text(r: number, k: number): string | null {
    const o = r * this.width + k;
    const s = this.starts[o];
    const e = this.ends[o];
    if (s === e) return null;
    let v: string;
    if (e - s < 13) {
      // short fields: slicing one string per ASCII chunk is cheaper than decoding each field (and
      // such short slices are copies, so they do not keep the chunk alive)
      let text = this.chunkText;
      if (text === undefined) text = this.chunkText = isAscii(this.buf) ? latin1Slice.call(this.buf, 0, this.buf.length) : null;
      v = text !== null ? text.slice(s, e) : decode(this.buf, s, e);
    } else v = decode(this.buf, s, e);
    return this.escaped[o] ? v.replace(/""/g, '"') : v;
  }
}

/** Shared chunk handling: carry the incomplete tail, validate UTF-8 once per byte, keep line numbers. */
abstract class ChunkParser {
  protected buf: Buffer = Buffer.alloc(0);
  /** Absolute offset (in the decompressed stream) of buf[0]. */
  protected bufAbs = 0;
  /** Bytes up to this absolute offset were validated as UTF-8. */
  protected validAbs = 0;
  /** Line number of buf[0] (buf always starts at a record start). */
  protected line = 1;
  /** The input's size in bytes, when known (plain files): passed on to batches as a size hint. */
  inputSize = 0;
  protected pending: Buffer[] = [];
  protected pendingBytes = 0;
  protected need = 0;
  protected first = true;
  /** Set by parse: the line number at the offset it returned. */
  protected lineAt = 1;
  rows = 0;

  constructor(readonly file: string) {}

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.buf.length + this.pendingBytes < this.need) return;
    this.run(false);
  }

  finish(): number {
    this.run(true);
    this.end();
    return this.rows;
  }

  private run(final: boolean): void {
    const buf = this.pending.length === 0 ? this.buf : Buffer.concat(this.buf.length ? [this.buf, ...this.pending] : this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    const used = this.process(buf, final);
    const rest = buf.length - used;
    // Copy the tail so the big chunk can be freed; ask for twice as much before parsing again when the
    // tail is long (keeps very long records linear, not quadratic).
    this.buf = rest === 0 ? Buffer.alloc(0) : Buffer.from(buf.subarray(used));
    this.need = rest > CHUNK ? rest * 2 : 0;
  }

  /**
   * Read a plain (not compressed) file with no stream and no copy of each chunk: two buffers take
   * turns, so the next chunk is read (in the thread pool) while this one is parsed. Each chunk is
   * read after CHUNK spare bytes, where the incomplete last record of the previous chunk is copied.
   */
  async readFile(fh: FileHandle): Promise<number> {
    const size = CHUNK;
    const bufs = [Buffer.allocUnsafe(2 * size), Buffer.allocUnsafe(2 * size)];
    let cur = 0;
    const read = (b: Buffer) => fh.read(b, size, size, null);
    let pending = read(bufs[cur]);
    let tail: Buffer = Buffer.alloc(0);
    try {
      for (;;) {
        const { bytesRead } = await pending;
        if (bytesRead === 0) break;
        const b = bufs[cur];
        let data: Buffer;
        if (tail.length <= size) {
          tail.copy(b, size - tail.length);
          data = b.subarray(size - tail.length, size + bytesRead);
        } else data = Buffer.concat([tail, b.subarray(size, size + bytesRead)]); // a record longer than a chunk
        cur ^= 1;
        pending = read(bufs[cur]); // the tail is out of that buffer now
        if (data.length < this.need) {
          tail = data; // like push(): with a long incomplete record, wait until the buffer doubled
          continue;
        }
        const used = this.process(data, false);
        tail = data.subarray(used);
        this.need = tail.length > size ? tail.length * 2 : 0;
      }
    } catch (e) {
      await pending.catch(() => undefined); // let the read in flight finish before the file closes
      throw e;
    }
    this.process(tail, true); // no read is in flight now
    this.end();
    return this.rows;
  }

  /** Validate and parse buf (which starts at a record start); return the bytes consumed. */
  private process(whole: Buffer, final: boolean): number {
    let buf = whole;
    let skipped = 0;
    if (this.first) {
      if (buf.length < 3 && !final) return 0;
      this.first = false;
      if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
        buf = buf.subarray(3);
        skipped = 3;
        this.bufAbs += 3;
        this.validAbs = this.bufAbs;
      }
    }
    const cut = final ? buf.length : buf.lastIndexOf(LF) + 1;
    const from = this.validAbs - this.bufAbs;
    if (cut > from) {
      if (!isUtf8(buf.subarray(from, cut))) {
        const bad = firstInvalidUtf8(buf, from, cut);
        const line = this.line + countLf(buf, 0, bad);
        throw new TableError(this.file, line, `invalid UTF-8 byte 0x${buf[bad].toString(16).padStart(2, '0')} at byte offset ${this.bufAbs + bad}; expected UTF-8 text (re-encode the file, e.g. with iconv -t utf-8)`);
      }
      this.validAbs = this.bufAbs + cut;
    }
    let used: number;
    try {
      used = this.parse(buf, final);
    } catch (e) {
      this.flushBatch(); // the records before the error first: a consumer may find an earlier one
      throw e;
    }
    this.flushBatch();
    if (final && used < buf.length) throw new Error('internal: table parser left bytes at the end');
    this.line = this.lineAt;
    this.bufAbs += used;
    if (buf.length - used > MAX_RECORD_BYTES) {
      throw new TableError(this.file, this.line, `a record is longer than ${MAX_RECORD_BYTES / 1048576} MiB; is a quote left open?`);
    }
    return used + skipped;
  }

  /** Records not yet delivered (batch sinks only). */
  protected batch: TableBatch | null = null;
  protected onBatch: ((b: TableBatch) => void) | null = null;

  protected flushBatch(): void {
    const b = this.batch;
    if (b === null || b.count === 0) return;
    this.onBatch!(b);
    b.count = 0;
    if (b.quoted) {
      b.escaped.fill(0);
      b.quoted = false;
    }
  }

  /** Parse complete records of buf starting at 0; return the offset of the first incomplete one. */
  protected abstract parse(buf: Buffer, final: boolean): number;
  protected abstract end(): void;
}

class DelimitedParser extends ChunkParser {
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private escaped = new Uint8Array(64);
  private header: string[] | null = null;
  private proj: Int32Array = new Int32Array(0);
  /** Field index -> projected position, or -1 (batch sinks). */
  private slot: Int32Array = new Int32Array(0);
  /** Field index -> 1 for a number column (batch sinks). */
  private numeric: Uint8Array = new Uint8Array(0);
  private ncols = 0;

  constructor(
    file: string,
    private readonly delim: number,
    private readonly columns: string[] | undefined,
    private readonly onHeader: (h: TableHeader) => void,
    private readonly sink: Sink,
    private readonly numbers: string[] = [],
  ) {
    super(file);
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const s = new Int32Array(n);
    s.set(this.starts);
    this.starts = s;
    const e = new Int32Array(n);
    e.set(this.ends);
    this.ends = e;
    const q = new Uint8Array(n);
    q.set(this.escaped);
    this.escaped = q;
  }

  /** The chunk as one string when it is pure ASCII (byte offsets = string offsets): slicing is cheap. */
  private ascii: string | null = null;

  private field(buf: Buffer, k: number, quoted: boolean): string | null {
    const s = this.starts[k];
    const e = this.ends[k];
    if (s === e) return null;
    const v = this.ascii !== null ? this.ascii.slice(s, e) : decode(buf, s, e);
    return quoted && this.escaped[k] ? v.replace(/""/g, '"') : v;
  }

  protected parse(buf: Buffer, final: boolean): number {
    const n = buf.length;
    const delim = this.delim;
    this.ascii = this.sink.kind === 'strings' && isAscii(buf) ? latin1Slice.call(buf, 0, n) : null;
    let starts = this.starts;
    let ends = this.ends;
    let escaped = this.escaped;
    let pos = 0;
    let line = this.line;
    // Quotes are rare in prediction files: below `nextQuote` a record needs no quote handling.
    let nextQuote = buf.indexOf(QUOTE);
    if (nextQuote < 0) nextQuote = n;
    while (pos < n) {
      let i = pos;
      let nf = 0;
      let recLines = 0;
      let blank = false;
      if (pos < nextQuote) {
        // fast path: records that end (LF) before the next quote in the chunk
        this.lineAt = line;
        // (plainRecords hands over to plainBatch right after the header of a batch sink)
        if (this.batch === null) pos = this.plainRecords(buf, pos, nextQuote, final);
        if (this.batch !== null && pos < nextQuote) pos = this.scanner ? this.plainWasm(buf, pos, nextQuote, final) : this.plainBatch(buf, pos, nextQuote, final);
        line = this.lineAt;
        if (pos >= n || nextQuote === n) break; // done, or an incomplete record at the end of the chunk
        i = pos; // this record holds a quote
      }
      // general path: RFC 4180 quoting
      let complete = false;
      for (;;) {
        if (nf === starts.length) {
          this.grow();
          starts = this.starts;
          ends = this.ends;
          escaped = this.escaped;
        }
        if (i < n && buf[i] === QUOTE) {
          const s = i + 1;
          let j = s;
          let esc = 0;
          let close = -1;
          for (;;) {
            const q = buf.indexOf(QUOTE, j);
            if (q < 0) break;
            if (q + 1 < n && buf[q + 1] === QUOTE) {
              esc = 1;
              j = q + 2;
              continue;
            }
            if (q + 1 >= n && !final) break; // cannot tell "" from a closing quote yet
            close = q;
            break;
          }
          if (close < 0) {
            if (!final) break;
            throw new TableError(this.file, line, `a quoted field${this.header ? ` (field ${nf + 1}${this.header[nf] !== undefined ? `, column "${this.header[nf]}"` : ''})` : ''} is not closed before the end of the file`);
          }
          recLines += countLf(buf, s, close);
          starts[nf] = s;
          ends[nf] = close;
          escaped[nf] = esc;
          nf++;
          i = close + 1;
          if (i >= n) {
            if (!final) break;
            complete = true;
            break;
          }
          const c = buf[i];
          if (c === delim) {
            i++;
            continue;
          }
          if (c === LF) {
            i++;
            complete = true;
            break;
          }
          if (c === CR) {
            if (i + 1 >= n) {
              if (!final) break;
              i++;
              complete = true;
              break;
            }
            if (buf[i + 1] === LF) {
              i += 2;
              complete = true;
              break;
            }
          }
          const col = this.header?.[nf - 1];
          throw new TableError(this.file, line + recLines, `unexpected ${JSON.stringify(String.fromCharCode(c))} after the closing quote of field ${nf}; expected a delimiter or the end of the line (a quote inside a quoted field must be doubled: "")`, col);
        }
        const s = i;
        while (i < n) {
          const c = buf[i];
          if (c === delim || c === LF) break;
          i++;
        }
        if (i >= n) {
          if (!final) break;
          let e = n;
          if (e > s && buf[e - 1] === CR) e--;
          starts[nf] = s;
          ends[nf] = e;
          escaped[nf] = 0;
          nf++;
          complete = true;
          if (nf === 1 && e === s) blank = true;
          break;
        }
        if (buf[i] === delim) {
          starts[nf] = s;
          ends[nf] = i;
          escaped[nf] = 0;
          nf++;
          i++;
          continue;
        }
        // LF
        let e = i;
        if (e > s && buf[e - 1] === CR) e--;
        starts[nf] = s;
        ends[nf] = e;
        escaped[nf] = 0;
        nf++;
        i++;
        complete = true;
        if (nf === 1 && e === s) blank = true;
        break;
      }
      if (!complete) break;
      if (!blank) this.record(buf, nf, line, true);
      line += recLines + (i > 0 && buf[i - 1] === LF ? 1 : 0);
      pos = i;
      if (pos > nextQuote) {
        nextQuote = buf.indexOf(QUOTE, pos);
        if (nextQuote < 0) nextQuote = n;
      }
    }
    this.lineAt = line;
    return pos;
  }

  /**
   * Parse the records in buf[pos, lim), which holds no quote, until one does not end before lim;
   * return where that one starts (lim when all ended), or where the header of a batch sink ended.
   * Line numbers go through this.lineAt.
   */
  private plainRecords(buf: Buffer, pos: number, lim: number, final: boolean): number {
    // (module constants are read from the context on every use in a hot loop: keep them local)
    const lf = LF;
    const cr = CR;
    const n = buf.length;
    const delim = this.delim;
    let starts = this.starts;
    let ends = this.ends;
    let line = this.lineAt;
    while (pos < lim) {
      let nf = 0;
      let s = pos;
      let j = pos;
      for (; j < lim; j++) {
        const c = buf[j];
        if (c === delim) {
          if (nf === starts.length) {
            this.grow();
            starts = this.starts;
            ends = this.ends;
          }
          starts[nf] = s;
          ends[nf] = j;
          nf++;
          s = j + 1;
        } else if (c === lf) break;
      }
      if (j === lim && !(j === n && final)) break;
      if (nf === starts.length) {
        this.grow();
        starts = this.starts;
        ends = this.ends;
      }
      const e = j > s && buf[j - 1] === cr ? j - 1 : j;
      starts[nf] = s;
      ends[nf] = e;
      nf++;
      if (nf > 1 || e > pos) this.record(buf, nf, line, false); // else a blank line
      line++;
      pos = j < n ? j + 1 : n;
      if (this.batch !== null) break; // that was the header: plainBatch takes the rest
    }
    this.lineAt = line;
    return pos;
  }

  /**
   * plainRecords for a batch sink once the header is known: the same scan, writing the projected
   * fields straight into the batch (the hot loop of every prediction file).
   */
  private plainBatch(buf: Buffer, pos: number, lim: number, final: boolean): number {
    const lf = LF;
    const cr = CR;
    const full = BATCH_RECORDS;
    const n = buf.length;
    const delim = this.delim;
    const ncols = this.ncols;
    const slot = this.slot;
    const b = this.batch!;
    if (b.buf !== buf) {
      this.flushBatch();
      b.setChunk(buf);
    }
    const bs = b.starts;
    const be = b.ends;
    const bv = b.values;
    const numeric = this.numeric;
    const lines = b.lines;
    const w = b.width;
    let r = b.count;
    let o = r * w;
    let line = this.lineAt;
    while (pos < lim) {
      let f = 0;
      let s = pos;
      let j = pos;
      let t = NOT_NUMERIC;
      for (;;) {
        // a number column: read the number first (its bytes are then not scanned twice)
        t = NOT_NUMERIC;
        if (f < ncols && numeric[f] !== 0) {
          t = scanDecimal(buf, j, lim);
          if (t > j) j = t;
        }
        // the tight loop: to the next delimiter or line end
        let c = 0;
        while (j < lim && (c = buf[j]) !== delim && c !== lf) j++;
        if (j >= lim || c === lf) break;
        if (f < ncols) {
          const k = slot[f];
          if (k >= 0) {
            bs[o + k] = s;
            be[o + k] = j;
            if (t !== NOT_NUMERIC) bv[o + k] = t === j ? DECIMAL[0] : NaN; // the number is the whole field
          }
        }
        f++;
        s = ++j;
      }
      if (j === lim && !(j === n && final)) break;
      const e = j > s && buf[j - 1] === cr ? j - 1 : j;
      if (f > 0 || e > pos) {
        if (f + 1 !== ncols) {
          b.count = r;
          this.lineAt = line;
          this.ragged(f + 1, line);
        }
        const k = slot[f];
        if (k >= 0) {
          bs[o + k] = s;
          be[o + k] = e;
          if (t !== NOT_NUMERIC) bv[o + k] = t === e ? DECIMAL[0] : NaN;
        }
        lines[r] = line;
        this.rows++;
        r++;
        o += w;
        if (r === full) {
          b.count = r;
          b.inputEnd = this.bufAbs + (j < n ? j + 1 : n);
          this.flushBatch();
          r = 0;
          o = 0;
        }
      } // else a blank line
      line++;
      pos = j < n ? j + 1 : n;
    }
    b.count = r;
    b.inputEnd = this.bufAbs + pos;
    this.lineAt = line;
    return pos;
  }

  /** Take these columns as the header (the file's first record). */
  useHeader(header: string[], line: number): void {
    this.header = header;
    this.ncols = header.length;
    this.onHeader({ columns: header.slice() });
    const wanted = this.columns ?? header;
    const err = missingColumns(this.file, line, wanted, header);
    if (err) throw err;
    this.proj = Int32Array.from(wanted.map((c) => header.indexOf(c)));
    this.slot = new Int32Array(header.length).fill(-1);
    this.proj.forEach((j, k) => (this.slot[j] = k));
    this.numeric = Uint8Array.from(header, (h) => (this.numbers.includes(h) ? 1 : 0));
    if (this.sink.kind === 'batch') {
      this.batch = new TableBatch(wanted.length);
      this.batch.inputSize = this.inputSize;
      this.onBatch = this.sink.onBatch;
      this.scanner = WasmScanner.create(this.slot, this.numeric, wanted.length, BATCH_RECORDS);
    }
  }

  /** plainBatch's work done by the WebAssembly splitter (same results; null: plainBatch does it). */
  private scanner: WasmScanner | null = null;

  private plainWasm(buf: Buffer, pos: number, lim: number, final: boolean): number {
    const sc = this.scanner!;
    const b = this.batch!;
    if (b.buf !== buf) {
      this.flushBatch();
      b.setChunk(buf);
    }
    const w = b.width;
    const len = lim - pos;
    const last = lim === buf.length && final;
    sc.load(buf, pos, lim);
    let off = 0;
    for (;;) {
      const r0 = b.count;
      off += sc.scan(off, len, last, this.delim, BATCH_RECORDS - r0, pos + off, this.lineAt);
      const st = sc.state;
      const added = st[0];
      if (added > 0) {
        b.starts.set(sc.starts.subarray(0, added * w), r0 * w);
        b.ends.set(sc.ends.subarray(0, added * w), r0 * w);
        b.values.set(sc.values.subarray(0, added * w), r0 * w);
        b.lines.set(sc.lines.subarray(0, added), r0);
        b.count = r0 + added;
        this.rows += added;
      }
      this.lineAt = st[1];
      b.inputEnd = this.bufAbs + pos + off;
      if (st[2] === 1) this.flushBatch();
      else if (st[2] === 2) this.ragged(st[3], st[1]);
      else return pos + off;
    }
  }

  /** One record of nf fields in this.starts/ends (and this.escaped when `quoted`). */
  private record(buf: Buffer, nf: number, line: number, quoted: boolean): void {
    if (this.header === null) {
      const header: string[] = [];
      for (let k = 0; k < nf; k++) header.push(this.field(buf, k, quoted) ?? '');
      this.useHeader(header, line);
      return;
    }
    if (nf !== this.ncols) this.ragged(nf, line);
    const proj = this.proj;
    const sink = this.sink;
    if (sink.kind === 'batch') {
      const b = this.batch!;
      if (b.buf !== buf) {
        this.flushBatch();
        b.setChunk(buf);
      }
      const r = b.count;
      const { starts, ends, escaped } = this;
      const bs = b.starts;
      const be = b.ends;
      const bq = b.escaped;
      const bv = b.values;
      const w = proj.length;
      const o = r * w;
      for (let k = 0; k < w; k++) {
        const j = proj[k];
        bs[o + k] = starts[j];
        be[o + k] = ends[j];
        bq[o + k] = quoted ? escaped[j] : 0;
        bv[o + k] = NaN; // (numbers of such records are parsed by the consumer)
      }
      if (quoted) b.quoted = true;
      b.lines[r] = line;
      b.count = r + 1;
      this.rows++;
      if (r + 1 === BATCH_RECORDS) this.flushBatch();
      return;
    }
    const out: Row = new Array(proj.length);
    for (let k = 0; k < proj.length; k++) out[k] = this.field(buf, proj[k], quoted);
    this.rows++;
    sink.onRow(out, line);
  }

  private ragged(nf: number, line: number): never {
    throw new TableError(
      this.file,
      line,
      `expected ${this.ncols} field${this.ncols === 1 ? '' : 's'} (as in the header), found ${nf}${nf > this.ncols ? '; is a delimiter inside an unquoted field?' : ''}`,
    );
  }

  protected end(): void {
    if (this.header === null) throw new TableError(this.file, 1, 'the file is empty; expected a header row naming the columns');
  }
}

/** Replace bare NaN / Infinity / -Infinity outside strings with quoted text (JSON Lines from Python). */
function quoteNonFinite(text: string): string {
  let out = '';
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    for (const token of ['-Infinity', 'Infinity', 'NaN']) {
      if (text.startsWith(token, i)) {
        out += `${text.slice(start, i)}"${token}"`;
        i += token.length - 1;
        start = i + 1;
        break;
      }
    }
  }
  return out + text.slice(start);
}

class JsonlParser extends ChunkParser {
  private header: string[] | null = null;
  private wanted: string[] = [];

  constructor(
    file: string,
    private readonly columns: string[] | undefined,
    private readonly onHeader: (h: TableHeader) => void,
    private readonly sink: Sink,
  ) {
    super(file);
  }

  /** Batch sinks: the projected values of the batch's records as UTF-8, and the bytes used. */
  private scratch = Buffer.alloc(1024);
  private scratchUsed = 0;

  protected override flushBatch(): void {
    super.flushBatch();
    this.scratchUsed = 0;
  }

  protected parse(buf: Buffer, final: boolean): number {
    const n = buf.length;
    let pos = 0;
    let line = this.line;
    while (pos < n) {
      let nl = buf.indexOf(LF, pos);
      if (nl < 0) {
        if (!final) break;
        nl = n;
      }
      let e = nl;
      if (e > pos && buf[e - 1] === CR) e--;
      const text = decode(buf, pos, e);
      if (text.trim() !== '') this.record(text, line);
      line++;
      pos = nl < n ? nl + 1 : n;
    }
    this.lineAt = line;
    return pos;
  }

  private record(text: string, line: number): void {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      let ok = false;
      if (/NaN|Infinity/.test(text)) {
        try {
          v = JSON.parse(quoteNonFinite(text));
          ok = true;
        } catch {
          /* reported below */
        }
      }
      if (!ok) {
        const err = locateSyntaxError(text);
        throw new TableError(this.file, line, `not valid JSON at character ${err.pos + 1}: ${err.message}; expected one JSON object per line`);
      }
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      throw new TableError(this.file, line, `expected a JSON object ({"column": value, ...}), found ${Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v}`);
    }
    const obj = v as Record<string, unknown>;
    if (this.header === null) {
      this.header = Object.keys(obj);
      this.onHeader({ columns: this.header.slice() });
      this.wanted = this.columns ?? this.header;
      const err = missingColumns(this.file, line, this.wanted, this.header);
      if (err) throw err;
      if (this.sink.kind === 'batch') {
        this.batch = new TableBatch(this.wanted.length);
        this.onBatch = this.sink.onBatch;
      }
    }
    const wanted = this.wanted;
    const sink = this.sink;
    if (sink.kind === 'batch') {
      const b = this.batch!;
      const r = b.count;
      const o = r * b.width;
      let pos = this.scratchUsed;
      for (let k = 0; k < wanted.length; k++) {
        const x = obj[wanted[k]];
        b.starts[o + k] = pos;
        b.escaped[o + k] = 0;
        b.values[o + k] = NaN;
        if (!(x === undefined || x === null || x === '')) {
          const text = typeof x === 'string' ? x : JSON.stringify(x);
          if (pos + text.length * 3 > this.scratch.length) {
            const next = Buffer.alloc(Math.max(this.scratch.length * 2, pos + text.length * 3));
            this.scratch.copy(next, 0, 0, pos);
            this.scratch = next;
          }
          pos += this.scratch.write(text, pos, 'utf8');
        }
        b.ends[o + k] = pos;
      }
      this.scratchUsed = pos;
      b.setChunk(this.scratch, false);
      b.lines[r] = line;
      b.count = r + 1;
      this.rows++;
      if (r + 1 === BATCH_RECORDS) this.flushBatch();
      return;
    }
    const out: Row = new Array(wanted.length);
    for (let k = 0; k < wanted.length; k++) {
      const x = obj[wanted[k]];
      out[k] = x === undefined || x === null || x === '' ? null : typeof x === 'string' ? x : JSON.stringify(x);
    }
    this.rows++;
    sink.onRow(out, line);
  }

  protected end(): void {
    if (this.header === null) throw new TableError(this.file, 1, 'the file is empty; expected JSON Lines (one JSON object per line)');
  }
}
