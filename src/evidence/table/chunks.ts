/**
 * What the CSV and JSON Lines parsers share: reading a file in chunks (two buffers taking turns, or a
 * decompressed stream), carrying an incomplete record over, validating UTF-8 once per byte, keeping
 * line numbers, and handing records over as strings or as batches.
 */
import { isUtf8 } from 'node:buffer';
import type { FileHandle } from 'node:fs/promises';
import { quoted } from '../../util/excerpt.js';
import { nearestMany } from '../../util/suggest.js';
import type { TableBatch } from './batch.js';
import { TableError } from './open.js';

export const LF = 10;
export const CR = 13;
export const QUOTE = 34;
export const COMMA = 44;
export const TAB = 9;
let CHUNK = 1 << 20;

/** The read size in bytes. */
export function chunkSize(): number {
  return CHUNK;
}

/** Read size in bytes (tests use tiny chunks to exercise records that span chunks). */
export function setChunkSize(bytes: number): void {
  CHUNK = Math.max(1, Math.floor(bytes));
}
/** A single record longer than this is an error (almost always a quote left open). */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

export type Row = Array<string | null>;

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
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
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

export function countLf(buf: Buffer, from: number, to: number): number {
  let n = 0;
  let i = buf.indexOf(LF, from);
  while (i >= 0 && i < to) {
    n++;
    i = buf.indexOf(LF, i + 1);
  }
  return n;
}

export function missingColumns(file: string, line: number, wanted: string[], have: string[]): TableError | null {
  const missing = wanted.filter((c) => !have.includes(c));
  if (missing.length === 0) return null;
  // the header is file content (the first line of whatever the file is): names are shown as short excerpts
  const name = (c: string) => quoted(c, 40);
  const parts = missing.map((c) => {
    const near = nearestMany(c, have, 3);
    return `${name(c)}${near.length ? ` (nearest existing: ${near.map(name).join(', ')})` : ''}`;
  });
  return new TableError(
    file,
    line,
    `missing column${missing.length > 1 ? 's' : ''} ${parts.join('; ')}; the file has ${have.length} column${have.length === 1 ? '' : 's'}: ${have
      .slice(0, 20)
      .map(name)
      .join(', ')}${have.length > 20 ? ', ...' : ''}${otherDelimiter(have)}`,
    missing[0],
  );
}

/** A hint when a one-column header is split by another delimiter (a `;` CSV from a European locale). */
function otherDelimiter(have: string[]): string {
  if (have.length !== 1) return '';
  const d = [';', '|', '\t', ','].find((c) => have[0].includes(c));
  if (!d) return '';
  if (d === '\t') return '; the header looks tab-separated: name the file .tsv or set its format to tsv';
  return `; the header looks "${d}"-delimited: .csv files are read comma-separated (re-export with commas, e.g. pandas to_csv(sep=","))`;
}

/** An error when a column the reader needs appears twice in the header (which one would be read is ambiguous). */
export function duplicateColumns(file: string, line: number, wanted: readonly string[], have: readonly string[]): TableError | null {
  const seen = new Set<string>();
  const wantedSet = new Set(wanted);
  for (const c of have) {
    if (seen.has(c) && wantedSet.has(c))
      return new TableError(
        file,
        line,
        `column ${quoted(c, 40)} appears more than once in the header (columns ${have.indexOf(c) + 1} and ${have.indexOf(c, have.indexOf(c) + 1) + 1}); rename one so that each column has a unique name`,
      );
    seen.add(c);
  }
  return null;
}

/** Where a parser delivers records: projected strings (readTable) or batches of byte ranges (readTableBatches). */
export type Sink =
  { kind: 'strings'; onRow: (fields: Row, line: number) => void } | { kind: 'batch'; onBatch: (batch: TableBatch) => void };

/** Shared chunk handling: carry the incomplete tail, validate UTF-8 once per byte, keep line numbers. */
export abstract class ChunkParser {
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
        throw new TableError(
          this.file,
          line,
          `invalid UTF-8 byte 0x${buf[bad].toString(16).padStart(2, '0')} at byte offset ${this.bufAbs + bad}; expected UTF-8 text (re-encode the file, e.g. with iconv -t utf-8)`,
        );
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
