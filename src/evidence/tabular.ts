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
import { createReadStream, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { isAscii, isUtf8 } from 'node:buffer';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { locateSyntaxError } from './json.js';
import { nearestMany } from '../util/suggest.js';

export type TableFormat = 'csv' | 'tsv' | 'jsonl';

export interface TableReadOptions {
  /** Inferred from the extension when omitted (.csv/.tsv/.jsonl/.ndjson, with optional .gz). */
  format?: TableFormat;
  /** Project to these columns, in this order; undefined = all columns. */
  columns?: string[];
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

async function isGzip(absPath: string): Promise<boolean> {
  if (/\.(gz|gzip)$/i.test(absPath)) return true;
  const fh = await fs.open(absPath, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

async function assertRegularFile(absPath: string): Promise<void> {
  let st;
  try {
    st = await fs.stat(absPath);
  } catch {
    throw new TableError(absPath, 0, 'file not found');
  }
  if (!st.isFile()) throw new TableError(absPath, 0, 'not a regular file');
}

/** A handle on the file when it is a regular file that is not gzip-compressed; null otherwise. */
async function openPlain(absPath: string): Promise<FileHandle | null> {
  await assertRegularFile(absPath);
  if (await isGzip(absPath)) return null;
  return fs.open(absPath, 'r');
}

async function openStream(absPath: string): Promise<{ stream: Readable; close: () => void }> {
  await assertRegularFile(absPath);
  const raw = createReadStream(absPath, { highWaterMark: CHUNK });
  if (!(await isGzip(absPath))) return { stream: raw, close: () => raw.destroy() };
  const gz = createGunzip({ chunkSize: Math.max(64, CHUNK) });
  raw.on('error', (e) => gz.destroy(e));
  return {
    stream: raw.pipe(gz),
    close: () => {
      gz.destroy();
      raw.destroy();
    },
  };
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

/** Where a parser delivers records: projected strings (readTable) or a reusable byte view (readTableRows). */
type Sink = { kind: 'strings'; onRow: (fields: Row, line: number) => void } | { kind: 'bytes'; onRow: (row: TableRow) => void };

/**
 * Read a table, calling `onHeader` once and then `onRow` per record with the projected fields (a new
 * array per row, in the order of `opts.columns`) and the 1-based physical line where the record starts.
 */
export async function readTable(
  absPath: string,
  opts: TableReadOptions,
  onHeader: (h: TableHeader) => void,
  onRow: (fields: Array<string | null>, line: number) => void,
): Promise<{ rows: number }> {
  return run(absPath, opts, onHeader, { kind: 'strings', onRow });
}

/**
 * Like readTable, without allocating per row: `onRow` receives the same TableRow object for every
 * record, a view of the projected fields as byte ranges of the current chunk (valid only during the
 * call). Decode a field with `row.text(k)`, parse a number with `row.number(k)` (or
 * parseDecimalBytes), intern categorical values with a ByteInterner. Same rules and errors as
 * readTable; JSON Lines values are given as their UTF-8 bytes (as readTable would give the text).
 */
export async function readTableRows(absPath: string, opts: TableReadOptions, onHeader: (h: TableHeader) => void, onRow: (row: TableRow) => void): Promise<{ rows: number }> {
  return run(absPath, opts, onHeader, { kind: 'bytes', onRow });
}

async function run(absPath: string, opts: TableReadOptions, onHeader: (h: TableHeader) => void, sink: Sink): Promise<{ rows: number }> {
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
  const parser = format === 'jsonl' ? new JsonlParser(absPath, opts.columns, onHeader, sink) : new DelimitedParser(absPath, format === 'tsv' ? TAB : COMMA, opts.columns, onHeader, sink);
  const plain = await openPlain(absPath);
  if (plain) {
    try {
      return { rows: await parser.readFile(plain) };
    } catch (e) {
      if (e instanceof TableError) throw e;
      const err = e as NodeJS.ErrnoException;
      if (err && typeof err.code === 'string') throw new TableError(absPath, 0, `cannot read: ${err.message}`);
      throw e;
    } finally {
      await plain.close();
    }
  }
  const { stream, close } = await openStream(absPath);
  try {
    for await (const chunk of stream) parser.push(chunk as Buffer);
  } catch (e) {
    if (e instanceof TableError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (err && (err.code === 'Z_DATA_ERROR' || err.code === 'Z_BUF_ERROR' || /incorrect header|invalid|unexpected end/i.test(err.message ?? ''))) {
      throw new TableError(absPath, 0, `cannot decompress (gzip): ${err.message}; is the file truncated or not gzip?`);
    }
    if (err && typeof err.code === 'string') throw new TableError(absPath, 0, `cannot read: ${err.message}`);
    throw e;
  } finally {
    close();
  }
  return { rows: parser.finish() };
}

/**
 * One record as byte ranges: field k (in the order of the projected columns) is buf[starts[k],
 * ends[k]); an empty range is a missing value (null). `escaped[k]` is 1 when the field was quoted
 * and holds doubled quotes (`""`), which text(k) undoes. The object and its buffer are reused: copy
 * what you keep.
 */
export class TableRow {
  buf: Buffer = Buffer.alloc(0);
  /** 1-based physical line where the record starts. */
  line = 0;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly escaped: Uint8Array;

  constructor(readonly width: number) {
    this.starts = new Int32Array(width);
    this.ends = new Int32Array(width);
    this.escaped = new Uint8Array(width);
  }

  isNull(k: number): boolean {
    return this.starts[k] === this.ends[k];
  }

  /** The chunk as one string when it is ASCII (undefined: not computed yet; null: not ASCII). */
  private chunkText: string | null | undefined = undefined;

  /** Point the row at a new chunk (the parser calls this; the offsets are set per record). */
  setChunk(buf: Buffer, ascii?: boolean): void {
    this.buf = buf;
    this.chunkText = ascii === false ? null : undefined;
  }

  /** The field as text (null when missing), exactly as readTable gives it. */
  text(k: number): string | null {
    const s = this.starts[k];
    const e = this.ends[k];
    if (s === e) return null;
    let v: string;
    if (e - s < 13) {
      // short fields: slicing one string per ASCII chunk is cheaper than decoding each field (and
      // such short slices are copies, so they do not keep the chunk alive)
      let text = this.chunkText;
      if (text === undefined) text = this.chunkText = isAscii(this.buf) ? latin1Slice.call(this.buf, 0, this.buf.length) : null;
      v = text !== null ? text.slice(s, e) : decode(this.buf, s, e);
    } else v = decode(this.buf, s, e);
    return this.escaped[k] ? v.replace(/""/g, '"') : v;
  }

  /**
   * The field as a number when it is a plain decimal ([+-]digits[.digits][e[+-]digits]) that can be
   * converted exactly without text; NaN otherwise (missing, other syntax, or a rare hard case): then
   * use Number(text(k)). A non-NaN result always equals Number(text(k)).
   */
  number(k: number): number {
    if (this.escaped[k]) return NaN;
    return parseDecimalBytes(this.buf, this.starts[k], this.ends[k]);
  }

  /** The field is exactly the one byte `code` (e.g. 48 for "0"). */
  isByte(k: number, code: number): boolean {
    const s = this.starts[k];
    return this.ends[k] === s + 1 && this.buf[s] === code;
  }
}

const POW10 = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);
const TWO53 = 9007199254740992;
const SPLIT = 134217729; // 2^27 + 1 (Veltkamp split)
const U8 = 8 * 2 ** -53;

/**
 * Parse buf[s, e) as a decimal number without making a string. Handles [+-]digits[.digits] with an
 * optional exponent ([eE][+-]digits) and returns exactly Number(text) for it when that can be done
 * with exact arithmetic: a mantissa below 2^53 scaled by 10^k with |k| <= 22 (one correctly rounded
 * operation), or up to 17 significant digits divided by 10^k (k <= 22) with an error-bounded
 * residual correction that gives up near a rounding boundary. Returns NaN for everything else
 * (empty, whitespace, other syntax such as "inf" or "0x1f", longer or extreme numbers): callers fall
 * back to Number(text), so the result never differs from it.
 */
export function parseDecimalBytes(buf: Uint8Array, s: number, e: number): number {
  // small enough to inline: the result travels through a Float64Array, not a boxed number
  return decimalInto(buf, s, e) ? DECIMAL[0] : NaN;
}

/** Scratch slot for decimalInto's result (avoids allocating a heap number per call). */
const DECIMAL = new Float64Array(1);

/** parseDecimalBytes' work: true with the value in DECIMAL[0], false to fall back to Number(text). */
function decimalInto(buf: Uint8Array, s: number, e: number): boolean {
  let i = s;
  if (i >= e) return false;
  let c = buf[i];
  let neg = false;
  if (c === 45 || c === 43) {
    neg = c === 45;
    if (++i >= e) return false;
  }
  // m = hi * 10^nlo + lo: hi holds the first 8 significant digits, lo the rest (up to 9 of them
  // for 17 significant digits, so hi * 10^nlo is an exact double)
  let hi = 0;
  let lo = 0;
  let nlo = 0;
  let digits = 0;
  let sig = 0;
  let frac = 0;
  let d = 0;
  let inFrac = false;
  for (; i < e; i++) {
    d = buf[i] - 48;
    if (d < 0 || d > 9) {
      if (d === -2 && !inFrac) {
        inFrac = true; // '.'
        continue;
      }
      break;
    }
    digits++;
    if (inFrac) frac++;
    if (sig < 8) {
      hi = hi * 10 + d;
      if (sig > 0 || d !== 0) sig++;
    } else {
      lo = lo * 10 + d;
      nlo++;
      sig++;
    }
  }
  if (digits === 0) return false;
  let exp = 0;
  if (i < e) {
    c = buf[i];
    if (c !== 101 && c !== 69) return false;
    if (++i >= e) return false;
    c = buf[i];
    let eneg = false;
    if (c === 45 || c === 43) {
      eneg = c === 45;
      if (++i >= e) return false;
    }
    for (; i < e; i++) {
      d = buf[i] - 48;
      if (d < 0 || d > 9) return false;
      if (exp < 100000) exp = exp * 10 + d;
    }
    if (eneg) exp = -exp;
  }
  if (hi === 0) return ((DECIMAL[0] = neg ? -0 : 0), true); // all digits zero (hi gets the first non-zero digit)
  if (nlo > 9) return false;
  const P = hi * POW10[nlo]; // exact: hi < 10^8, 10^nlo = 5^nlo * 2^nlo, hi * 5^9 < 2^53
  const a = P + lo;
  const k = frac - exp; // value = m / 10^k
  if (a < TWO53) {
    // m = a is exact and 10^|k| is exact: one correctly rounded operation
    if (k >= 0) {
      if (k <= 22) return ((DECIMAL[0] = neg ? -(a / POW10[k]) : a / POW10[k]), true);
    } else if (k >= -22) return ((DECIMAL[0] = neg ? -(a * POW10[-k]) : a * POW10[-k]), true);
    return false;
  }
  if (k <= 0 || k > 22) return false;
  const b = lo - (a - P); // m = a + b exactly (Fast2Sum, P >= 10^15 > lo)
  const p10 = POW10[k];
  const q = a / p10;
  // q * p10 = ph + err exactly (Dekker's product)
  const ph = q * p10;
  let t = SPLIT * q;
  const qh = t - (t - q);
  const ql = q - qh;
  t = SPLIT * p10;
  const pH = t - (t - p10);
  const pL = p10 - pH;
  const err = qh * pH - ph + qh * pL + ql * pH + ql * pL;
  const d1 = a - ph; // exact (Sterbenz: ph is within a factor 2 of a)
  const d2 = d1 - err;
  const d3 = d2 + b; // ~ m - q * 10^k
  const delta = d3 / p10; // the true value is q + delta', |delta' - delta| <= tol / 4
  const tol = U8 * (Math.abs(delta) + (Math.abs(d2) + Math.abs(d3)) / p10);
  const r1 = q + (delta - tol);
  const r2 = q + (delta + tol);
  if (r1 !== r2) return false; // too close to a rounding boundary to decide here
  return ((DECIMAL[0] = neg ? -r1 : r1), true);
}

/**
 * Maps byte strings to small integer codes (first seen = 0, 1, ...) and decodes each distinct value
 * once, into `values`. For categorical columns: no string is made per row.
 */
export class ByteInterner {
  readonly values: string[] = [];
  private store = Buffer.alloc(256);
  private used = 0;
  private offs = new Int32Array(16);
  private lens = new Int32Array(16);
  private hashes = new Int32Array(16);
  /** Open addressing: code + 1, 0 = empty. */
  private table = new Int32Array(32);
  private mask = 31;

  get size(): number {
    return this.values.length;
  }

  /** Code of the (valid UTF-8) bytes buf[s, e). */
  intern(buf: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    const len = e - s;
    const table = this.table;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const v = table[slot];
      if (v === 0) break;
      const code = v - 1;
      if (this.hashes[code] === h && this.lens[code] === len) {
        const o = this.offs[code];
        const st = this.store;
        let i = 0;
        while (i < len && st[o + i] === buf[s + i]) i++;
        if (i === len) return code;
      }
      slot = (slot + 1) & mask;
    }
    return this.add(buf, s, e, h, slot);
  }

  /** Code of a string value (same code as its UTF-8 bytes). */
  internText(text: string): number {
    const b = Buffer.from(text, 'utf8');
    return this.intern(b, 0, b.length);
  }

  private add(buf: Uint8Array, s: number, e: number, h: number, slot: number): number {
    const code = this.values.length;
    const len = e - s;
    if (this.used + len > this.store.length) {
      const next = Buffer.alloc(Math.max(this.store.length * 2, this.used + len));
      this.store.copy(next, 0, 0, this.used);
      this.store = next;
    }
    this.store.set(buf.subarray(s, e), this.used);
    if (code === this.offs.length) {
      const grow = (a: Int32Array) => {
        const n = new Int32Array(a.length * 2);
        n.set(a);
        return n;
      };
      this.offs = grow(this.offs);
      this.lens = grow(this.lens);
      this.hashes = grow(this.hashes);
    }
    this.offs[code] = this.used;
    this.lens[code] = len;
    this.hashes[code] = h;
    this.used += len;
    this.values.push(decode(Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), s, e));
    this.table[slot] = code + 1;
    if ((code + 1) * 2 > this.mask) this.rehash();
    return code;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    const table = new Int32Array(size);
    const mask = size - 1;
    for (let code = 0; code < this.values.length; code++) {
      let slot = this.hashes[code] & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = code + 1;
    }
    this.table = table;
    this.mask = mask;
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
   * Read a plain (not compressed) file straight into one reusable buffer: no stream, no copy of each
   * chunk; only the incomplete last record moves to the front before the next read.
   */
  async readFile(fh: FileHandle): Promise<number> {
    let work = Buffer.allocUnsafe(Math.max(CHUNK * 2, 16));
    let have = 0;
    for (;;) {
      if (work.length - have < CHUNK) {
        const next = Buffer.allocUnsafe(Math.max(work.length * 2, have + CHUNK));
        work.copy(next, 0, 0, have);
        work = next;
      }
      const { bytesRead } = await fh.read(work, have, Math.min(CHUNK, work.length - have), null);
      if (bytesRead === 0) break;
      have += bytesRead;
      // like push(): with a long incomplete record, wait until the buffer doubled
      if (have < this.need) continue;
      const used = this.process(work.subarray(0, have), false);
      if (used > 0) work.copyWithin(0, used, have);
      have -= used;
      this.need = have > CHUNK ? have * 2 : 0;
    }
    this.process(work.subarray(0, have), true);
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
    const used = this.parse(buf, final);
    if (final && used < buf.length) throw new Error('internal: table parser left bytes at the end');
    this.line = this.lineAt;
    this.bufAbs += used;
    if (buf.length - used > MAX_RECORD_BYTES) {
      throw new TableError(this.file, this.line, `a record is longer than ${MAX_RECORD_BYTES / 1048576} MiB; is a quote left open?`);
    }
    return used + skipped;
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
  private ncols = 0;

  constructor(
    file: string,
    private readonly delim: number,
    private readonly columns: string[] | undefined,
    private readonly onHeader: (h: TableHeader) => void,
    private readonly sink: Sink,
  ) {
    super(file);
  }

  private row: TableRow | null = null;

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

  private field(buf: Buffer, k: number): string | null {
    const s = this.starts[k];
    const e = this.ends[k];
    if (s === e) return null;
    const v = this.ascii !== null ? this.ascii.slice(s, e) : decode(buf, s, e);
    return this.escaped[k] ? v.replace(/""/g, '"') : v;
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
        // fast path: a record that ends (LF) before the next quote in the chunk
        let s = pos;
        let j = pos;
        const lim = nextQuote;
        for (; j < lim; j++) {
          const c = buf[j];
          if (c === delim) {
            if (nf === starts.length) {
              this.grow();
              starts = this.starts;
              ends = this.ends;
              escaped = this.escaped;
            }
            starts[nf] = s;
            ends[nf] = j;
            escaped[nf] = 0;
            nf++;
            s = j + 1;
          } else if (c === LF) break;
        }
        if (j < lim || (j === n && final)) {
          if (nf === starts.length) {
            this.grow();
            starts = this.starts;
            ends = this.ends;
            escaped = this.escaped;
          }
          const e = j > s && buf[j - 1] === CR ? j - 1 : j;
          starts[nf] = s;
          ends[nf] = e;
          escaped[nf] = 0;
          nf++;
          if (nf > 1 || e > pos) this.record(buf, nf, line);
          line++;
          pos = j < n ? j + 1 : n;
          continue;
        }
        if (j === n) break; // incomplete record at the end of the chunk
        nf = 0;
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
      if (!blank) this.record(buf, nf, line);
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

  private record(buf: Buffer, nf: number, line: number): void {
    if (this.header === null) {
      const header: string[] = [];
      for (let k = 0; k < nf; k++) header.push(this.field(buf, k) ?? '');
      this.header = header;
      this.ncols = nf;
      this.onHeader({ columns: header.slice() });
      const wanted = this.columns ?? header;
      const err = missingColumns(this.file, line, wanted, header);
      if (err) throw err;
      this.proj = Int32Array.from(wanted.map((c) => header.indexOf(c)));
      if (this.sink.kind === 'bytes') this.row = new TableRow(wanted.length);
      return;
    }
    if (nf !== this.ncols) {
      throw new TableError(
        this.file,
        line,
        `expected ${this.ncols} field${this.ncols === 1 ? '' : 's'} (as in the header), found ${nf}${nf > this.ncols ? '; is a delimiter inside an unquoted field?' : ''}`,
      );
    }
    const proj = this.proj;
    const sink = this.sink;
    if (sink.kind === 'bytes') {
      const row = this.row!;
      const { starts, ends, escaped } = this;
      if (row.buf !== buf) row.setChunk(buf);
      row.line = line;
      for (let k = 0; k < proj.length; k++) {
        const j = proj[k];
        row.starts[k] = starts[j];
        row.ends[k] = ends[j];
        row.escaped[k] = escaped[j];
      }
      this.rows++;
      sink.onRow(row);
      return;
    }
    const out: Row = new Array(proj.length);
    for (let k = 0; k < proj.length; k++) out[k] = this.field(buf, proj[k]);
    this.rows++;
    sink.onRow(out, line);
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

  private row: TableRow | null = null;
  private scratch = Buffer.alloc(1024);

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
      if (this.sink.kind === 'bytes') this.row = new TableRow(this.wanted.length);
    }
    const wanted = this.wanted;
    const sink = this.sink;
    if (sink.kind === 'bytes') {
      // the projected values as UTF-8 in a scratch buffer
      const row = this.row!;
      let pos = 0;
      for (let k = 0; k < wanted.length; k++) {
        const x = obj[wanted[k]];
        row.starts[k] = pos;
        if (!(x === undefined || x === null || x === '')) {
          const text = typeof x === 'string' ? x : JSON.stringify(x);
          if (pos + text.length * 3 > this.scratch.length) {
            const next = Buffer.alloc(Math.max(this.scratch.length * 2, pos + text.length * 3));
            this.scratch.copy(next, 0, 0, pos);
            this.scratch = next;
          }
          pos += this.scratch.write(text, pos, 'utf8');
        }
        row.ends[k] = pos;
      }
      row.setChunk(this.scratch, false);
      row.line = line;
      this.rows++;
      sink.onRow(row);
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
