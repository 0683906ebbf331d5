/** TableBatch: up to BATCH_RECORDS records as byte ranges of the current chunk (the reader's fast output). */
import { isAscii } from 'node:buffer';

type Slicer = (this: Buffer, start: number, end: number) => string;
const proto = Buffer.prototype as unknown as { utf8Slice?: Slicer; latin1Slice?: Slicer };
const utf8Slice: Slicer =
  proto.utf8Slice ??
  function (this: Buffer, s: number, e: number) {
    return this.toString('utf8', s, e);
  };
export const latin1Slice: Slicer =
  proto.latin1Slice ??
  function (this: Buffer, s: number, e: number) {
    return this.toString('latin1', s, e);
  };

/** Decode buf[s, e) (already validated as UTF-8). */
export function decode(buf: Buffer, s: number, e: number): string {
  return utf8Slice.call(buf, s, e);
}

/** Entries of the WebAssembly splitter's text id table (scan.c ID_SLOTS): text ids are 1 to TEXT_ID_SLOTS. */
export const TEXT_ID_SLOTS = 1 << 16;

/** Records per TableBatch. */
export const BATCH_RECORDS = 4096;
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
  lines: Int32Array = new Int32Array(BATCH_RECORDS);
  /** Some record holds a quoted field (the reader clears `escaped` after such a batch). */
  quoted = false;
  /**
   * Size hints for outputs: the input's size in bytes (0 when unknown, e.g. compressed), and about how
   * many of its bytes were read up to the end of this batch (kept up to date for unquoted CSV/TSV
   * records; 0 when unknown).
   */
  inputSize = 0;
  inputEnd = 0;
  starts: Int32Array;
  ends: Int32Array;
  readonly escaped: Uint8Array;
  /**
   * Columns named in TableReadOptions.numbers: the field's value when the reader parsed it while
   * splitting the record (an unquoted CSV/TSV field that is a plain decimal, exactly as
   * parseDecimalBytes reads it); NaN otherwise, and always NaN for other columns.
   */
  values: Float64Array;
  /**
   * With TableReadOptions.textIds (else null): where `values` is NaN, the field's text id when it has
   * one (1 to TEXT_ID_SLOTS: the same id for the same bytes in the same column while one file is read; a
   * new file's batch is a new TableBatch), 0 when it has none (too long or short, quoted, the id table
   * full, or no WebAssembly); entries where `values` holds a number are unspecified.
   */
  ids: Int32Array | null;

  constructor(
    readonly width: number,
    textIds = false,
  ) {
    this.starts = new Int32Array(BATCH_RECORDS * width);
    this.ends = new Int32Array(BATCH_RECORDS * width);
    this.escaped = new Uint8Array(BATCH_RECORDS * width);
    this.values = new Float64Array(BATCH_RECORDS * width).fill(NaN);
    this.ids = textIds ? new Int32Array(BATCH_RECORDS * width) : null;
  }

  /**
   * Use these arrays (views of the WebAssembly splitter's memory, which it writes directly: no copy)
   * for starts, ends, values, ids and lines from now on; the caller renews them when that memory grows
   * (growing keeps the contents).
   */
  adopt(v: { starts: Int32Array; ends: Int32Array; values: Float64Array; ids: Int32Array | null; lines: Int32Array }): void {
    this.starts = v.starts;
    this.ends = v.ends;
    this.values = v.values;
    if (this.ids !== null) this.ids = v.ids;
    this.lines = v.lines;
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
