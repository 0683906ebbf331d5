/**
 * The limits on a table (rows, bytes after decompression, cell length), enforced around the parsers:
 * the sink is wrapped so every delivered record is counted and every projected cell measured, and
 * the decompressed stream is counted as it comes. Each error names the file, the line, the column
 * where there is one, and the config key that sets the limit; no cell text is quoted.
 */
import type { TableBatch } from './batch.js';
import type { Row, Sink } from './chunks.js';
import { TableError, type TableHeader, type TableLimits } from './open.js';

const n = (x: number) => x.toLocaleString('en-US');

export function tooManyRows(file: string, line: number, max: number): TableError {
  return new TableError(
    file,
    line,
    `the table has more than ${n(max)} rows (limits.max-rows); it was not read further. Raise limits.max-rows if it is meant to be this long`,
  );
}

export function tooManyBytes(file: string, size: number | null, max: number): TableError {
  const what = size === null ? `expands to more than ${n(max)} bytes` : `is ${n(size)} bytes, more than ${n(max)}`;
  return new TableError(
    file,
    0,
    `the table ${what} (limits.max-decompressed-bytes); it was not read further${size === null ? ' (a compressed bomb?)' : ''}`,
  );
}

function cellTooLong(file: string, line: number, column: string | undefined, bytes: number, max: number): TableError {
  return new TableError(
    file,
    line,
    `a cell of ${n(bytes)} bytes is longer than limits.max-cell-bytes (${n(max)}); it was not read`,
    column,
  );
}

/**
 * `sink` with the row and cell limits applied, and the header callback that learns the column names
 * (for messages when all columns are read). The first error is kept and thrown again if the parser
 * delivers the same records once more while unwinding.
 */
export function limitedSink(
  file: string,
  limits: TableLimits | undefined,
  columns: string[] | undefined,
  onHeader: (h: TableHeader) => void,
  sink: Sink,
): { sink: Sink; onHeader: (h: TableHeader) => void } {
  const maxRows = limits?.maxRows ?? Infinity;
  const maxCell = limits?.maxCellBytes ?? Infinity;
  if (maxRows === Infinity && maxCell === Infinity) return { sink, onHeader };
  let names = columns;
  let rows = 0;
  let failed: TableError | null = null;
  const header = (h: TableHeader) => {
    names ??= h.columns;
    onHeader(h);
  };
  const fail = (e: TableError): never => {
    failed = e;
    throw e;
  };
  if (sink.kind === 'strings') {
    return {
      onHeader: header,
      sink: {
        kind: 'strings',
        onRow: (fields: Row, line: number) => {
          if (failed) throw failed;
          if (++rows > maxRows) fail(tooManyRows(file, line, maxRows));
          for (let k = 0; k < fields.length; k++) {
            const f = fields[k];
            // a string's length bounds its UTF-8 bytes from below (3x from above)
            if (f !== null && f.length * 3 > maxCell) {
              const bytes = Buffer.byteLength(f);
              if (bytes > maxCell) fail(cellTooLong(file, line, names?.[k], bytes, maxCell));
            }
          }
          sink.onRow(fields, line);
        },
      },
    };
  }
  return {
    onHeader: header,
    sink: {
      kind: 'batch',
      onBatch: (b: TableBatch) => {
        if (failed) throw failed;
        const e = checkBatch(file, b, rows, maxRows, maxCell, names);
        if (e) fail(e);
        rows += b.count;
        sink.onBatch(b);
      },
    },
  };
}

/** The first limit a batch breaks, in file order (or null). `before` records were delivered before it. */
function checkBatch(
  file: string,
  b: TableBatch,
  before: number,
  maxRows: number,
  maxCell: number,
  names: string[] | undefined,
): TableError | null {
  const w = b.width;
  const { starts, ends } = b;
  const allowed = Math.min(b.count, Math.max(0, maxRows - before));
  if (maxCell !== Infinity) {
    for (let r = 0; r < allowed; r++) {
      for (let k = 0, o = r * w; k < w; k++, o++) {
        if (ends[o] - starts[o] > maxCell) return cellTooLong(file, b.lines[r], names?.[k], ends[o] - starts[o], maxCell);
      }
    }
  }
  if (allowed < b.count) return tooManyRows(file, b.lines[allowed], maxRows);
  return null;
}
