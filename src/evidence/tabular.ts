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

async function openStream(absPath: string): Promise<{ stream: Readable; close: () => void }> {
  let st;
  try {
    st = await fs.stat(absPath);
  } catch {
    throw new TableError(absPath, 0, 'file not found');
  }
  if (!st.isFile()) throw new TableError(absPath, 0, 'not a regular file');
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
  const { stream, close } = await openStream(absPath);
  const parser = format === 'jsonl' ? new JsonlParser(absPath, opts.columns, onHeader, onRow) : new DelimitedParser(absPath, format === 'tsv' ? TAB : COMMA, opts.columns, onHeader, onRow);
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
    let buf = this.pending.length === 0 ? this.buf : Buffer.concat(this.buf.length ? [this.buf, ...this.pending] : this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    if (this.first) {
      if (buf.length < 3 && !final) {
        this.buf = buf;
        return;
      }
      this.first = false;
      if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
        buf = buf.subarray(3);
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
    const rest = buf.length - used;
    if (rest > MAX_RECORD_BYTES) {
      throw new TableError(this.file, this.line, `a record is longer than ${MAX_RECORD_BYTES / 1048576} MiB; is a quote left open?`);
    }
    // Copy the tail so the big chunk can be freed; ask for twice as much before parsing again when the
    // tail is long (keeps very long records linear, not quadratic).
    this.buf = rest === 0 ? Buffer.alloc(0) : Buffer.from(buf.subarray(used));
    this.need = rest > CHUNK ? rest * 2 : 0;
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
    private readonly onRow: (fields: Row, line: number) => void,
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
    this.ascii = isAscii(buf) ? latin1Slice.call(buf, 0, n) : null;
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
    const out: Row = new Array(proj.length);
    for (let k = 0; k < proj.length; k++) out[k] = this.field(buf, proj[k]);
    this.rows++;
    this.onRow(out, line);
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
    private readonly onRow: (fields: Row, line: number) => void,
  ) {
    super(file);
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
    }
    const wanted = this.wanted;
    const out: Row = new Array(wanted.length);
    for (let k = 0; k < wanted.length; k++) {
      const x = obj[wanted[k]];
      out[k] = x === undefined || x === null || x === '' ? null : typeof x === 'string' ? x : JSON.stringify(x);
    }
    this.rows++;
    this.onRow(out, line);
  }

  protected end(): void {
    if (this.header === null) throw new TableError(this.file, 1, 'the file is empty; expected JSON Lines (one JSON object per line)');
  }
}
