/** JSON Lines: one JSON object per line; bare NaN / Infinity (as Python writes them) accepted. */
import { locateSyntaxError } from '../json.js';
import { BATCH_RECORDS, decode, TableBatch } from './batch.js';
import { ChunkParser, CR, LF, missingColumns, type Row, type Sink } from './chunks.js';
import { TableError, type TableHeader } from './open.js';

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

export class JsonlParser extends ChunkParser {
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
        throw new TableError(
          this.file,
          line,
          `not valid JSON at character ${err.pos + 1}: ${err.message}; expected one JSON object per line`,
        );
      }
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      throw new TableError(
        this.file,
        line,
        `expected a JSON object ({"column": value, ...}), found ${Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v}`,
      );
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
          const text = typeof x === 'string' ? x : this.json(x, line, wanted[k]);
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
      out[k] = x === undefined || x === null || x === '' ? null : typeof x === 'string' ? x : this.json(x, line, wanted[k]);
    }
    this.rows++;
    sink.onRow(out, line);
  }

  /** A non-string value as its JSON text; one nested too deep for JSON.stringify is an error, not a crash. */
  private json(x: unknown, line: number, column: string): string {
    try {
      return JSON.stringify(x);
    } catch (e) {
      if (e instanceof RangeError) throw new TableError(this.file, line, 'the value is nested too deep to be read as a cell', column);
      throw e;
    }
  }

  protected end(): void {
    if (this.header === null) throw new TableError(this.file, 1, 'the file is empty; expected JSON Lines (one JSON object per line)');
  }
}
