/** Tabular evidence files: their formats, the reader's options and errors, and opening a file once. */
import { constants, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

export { unknownFormatReason } from '../formats.js';

export type TableFormat = 'csv' | 'tsv' | 'jsonl';

export interface TableReadOptions {
  /** Inferred from the extension when omitted (.csv/.tsv/.jsonl/.ndjson, with optional .gz). */
  format?: TableFormat;
  /** Project to these columns, in this order; undefined = all columns. */
  columns?: string[];
  /**
   * Projected columns that hold numbers (readTableBatches): their values are parsed while the record
   * is split, into TableBatch.values ('all': every column, e.g. for a profiler that learns the types).
   */
  numbers?: string[] | 'all';
  /**
   * Give unquoted CSV/TSV fields of 1 to 7 bytes that are not numbers an id in TableBatch.ids (the
   * same bytes in the same column: the same id, for one file), when the WebAssembly splitter reads them.
   */
  textIds?: boolean;
  /** Limits on the table (the gate passes the config's; the CLI's own commands read without them). */
  limits?: TableLimits;
  /**
   * Open without following a symlink at the last step: for paths the Workspace resolved (their real
   * path), so a file swapped for a symlink after the check is refused.
   */
  noFollow?: boolean;
}

/** Limits on one table; each names its config key in the error. */
export interface TableLimits {
  /** Most records after the header (limits.max-rows). */
  maxRows?: number;
  /** Most bytes after decompression; plain files: their size (limits.max-decompressed-bytes). */
  maxBytes?: number;
  /** Longest projected cell in bytes (limits.max-cell-bytes). */
  maxCellBytes?: number;
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

/** Format from the file name: .csv, .tsv, .jsonl, .ndjson, each optionally followed by .gz. */
export function inferFormat(file: string): TableFormat | undefined {
  const name = file.toLowerCase().replace(/\.(gz|gzip)$/, '');
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.tsv') || name.endsWith('.tab')) return 'tsv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  return undefined;
}

/** The file, opened once: its handle, size, and whether it is gzip-compressed (by name or magic bytes). */
export async function openTable(absPath: string, noFollow = false): Promise<{ fh: FileHandle; size: number; gzip: boolean }> {
  let st;
  try {
    st = await fs.stat(absPath);
  } catch {
    throw new TableError(absPath, 0, `file not found (looked for ${absPath})`);
  }
  if (!st.isFile()) throw new TableError(absPath, 0, 'not a regular file');
  let fh: FileHandle;
  try {
    fh = await fs.open(absPath, noFollow ? constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) : 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TableError(
      absPath,
      0,
      code === 'ELOOP' ? 'changed into a symlink while it was read: refused' : `cannot open (${code ?? 'error'})`,
    );
  }
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
