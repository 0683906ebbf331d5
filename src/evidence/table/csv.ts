/**
 * CSV and TSV (RFC 4180) at byte level. Unquoted records after the header go to the WebAssembly
 * splitter (wasm/scan.c) when the sink takes batches; quoted records, the header, and every record
 * where WebAssembly is unavailable take the general path.
 */
import { isAscii } from 'node:buffer';
import { WasmScanner } from '../wasm/scanner.js';
import { BATCH_RECORDS, decode, latin1Slice, TableBatch } from './batch.js';
import { ChunkParser, countLf, CR, LF, duplicateColumns, missingColumns, QUOTE, type Row, type Sink } from './chunks.js';
import { TableError, type TableHeader } from './open.js';

export class DelimitedParser extends ChunkParser {
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
    private readonly numbers: string[] | 'all' = [],
    private readonly textIds = false,
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

  // eslint-disable-next-line max-lines-per-function -- the RFC 4180 state machine over every byte of a chunk; its state (position, field, quote, line) lives in locals, which a split would pass around per field
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
        // (plainRecords hands over to the WebAssembly splitter right after the header of a batch sink)
        if (this.scanner === null) pos = this.plainRecords(buf, pos, nextQuote, final);
        if (this.scanner !== null && pos < nextQuote) pos = this.plainWasm(buf, pos, nextQuote, final);
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
            throw new TableError(
              this.file,
              line,
              `a quoted field${this.header ? ` (field ${nf + 1}${this.header[nf] !== undefined ? `, column "${this.header[nf]}"` : ''})` : ''} is not closed before the end of the file`,
            );
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
          throw new TableError(
            this.file,
            line + recLines,
            `unexpected ${JSON.stringify(String.fromCharCode(c))} after the closing quote of field ${nf}; expected a delimiter or the end of the line (a quote inside a quoted field must be doubled: "")`,
            col,
          );
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
   * return where that one starts (lim when all ended), or where the header ended when the
   * WebAssembly splitter takes over.
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
      if (this.scanner !== null) break; // that was the header: the WebAssembly splitter takes the rest
    }
    this.lineAt = line;
    return pos;
  }

  /** Take these columns as the header (the file's first record). */
  useHeader(header: string[], line: number): void {
    this.header = header;
    this.ncols = header.length;
    this.onHeader({ columns: header.slice() });
    const wanted = this.columns ?? header;
    const err = missingColumns(this.file, line, wanted, header) ?? duplicateColumns(this.file, line, wanted, header);
    if (err) throw err;
    this.proj = Int32Array.from(wanted.map((c) => header.indexOf(c)));
    this.slot = new Int32Array(header.length).fill(-1);
    this.proj.forEach((j, k) => (this.slot[j] = k));
    this.numeric = Uint8Array.from(header, (h) => (this.numbers === 'all' || this.numbers.includes(h) ? 1 : 0));
    if (this.sink.kind === 'batch') {
      this.batch = new TableBatch(wanted.length, this.textIds);
      this.batch.inputSize = this.inputSize;
      this.onBatch = this.sink.onBatch;
      this.scanner = WasmScanner.create(this.slot, this.numeric, wanted.length, BATCH_RECORDS, this.textIds);
      if (this.scanner !== null) this.batch.adopt(this.scanner);
    }
  }

  /** The WebAssembly splitter for unquoted records of a batch sink (null: strings, or no WebAssembly here). */
  private scanner: WasmScanner | null = null;

  private plainWasm(buf: Buffer, pos: number, lim: number, final: boolean): number {
    const sc = this.scanner!;
    const b = this.batch!;
    if (b.buf !== buf) {
      this.flushBatch();
      b.setChunk(buf);
    }
    const len = lim - pos;
    const last = lim === buf.length && final;
    sc.load(buf, pos, lim);
    if (b.starts !== sc.starts) b.adopt(sc); // (the memory grew: new views of the same contents)
    let off = 0;
    for (;;) {
      // the splitter writes the records into the batch's arrays (its memory) after the b.count there
      const r0 = b.count;
      off += sc.scan(off, len, last, this.delim, BATCH_RECORDS, pos + off, this.lineAt, r0);
      const st = sc.state;
      const added = st[0] - r0;
      if (added > 0) {
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
      // an empty name is pandas' index column (to_csv() without index=False): named as pandas reads it
      // back, "Unnamed: 0", so that a snapshot, a drafted schema and a message can name it
      for (let k = 0; k < nf; k++) header.push(this.field(buf, k, quoted) || `Unnamed: ${k}`);
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
      const bi = b.ids;
      const w = proj.length;
      const o = r * w;
      for (let k = 0; k < w; k++) {
        const j = proj[k];
        bs[o + k] = starts[j];
        be[o + k] = ends[j];
        bq[o + k] = quoted ? escaped[j] : 0;
        bv[o + k] = NaN; // (numbers of such records are parsed by the consumer)
        if (bi !== null) bi[o + k] = 0;
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
