/**
 * A plain reference reader for CSV/TSV text (RFC 4180), written for clarity, not speed: the whole text
 * as one string, one character at a time. The byte-level reader (src/evidence/tabular.ts and its
 * WebAssembly splitter) must give the same records and lines. Rules as the reader documents them: a
 * BOM is skipped, records end with LF or CRLF, blank lines are skipped, empty cells are null.
 */
export interface ReferenceRecord {
  fields: Array<string | null>;
  /** 1-based physical line where the record starts. */
  line: number;
}

export function referenceDelimited(text: string, delim: string): { header: string[]; records: ReferenceRecord[] } {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const all: ReferenceRecord[] = [];
  let fields: Array<string | null> = [];
  let cell = '';
  let quoted = false; // inside quotes
  let wasQuoted = false;
  let line = 1;
  let start = 1;
  const endCell = () => {
    fields.push(cell === '' ? null : cell);
    cell = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    const blank = fields.length === 0 && cell === '' && !wasQuoted;
    endCell();
    if (!blank) all.push({ fields, line: start });
    fields = [];
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = wasQuoted = true;
    else if (c === delim) endCell();
    else if (c === '\n' || (c === '\r' && src[i + 1] === '\n')) {
      if (c === '\r') i++;
      endRecord();
      line++;
      start = line;
    } else cell += c;
  }
  if (cell !== '' || fields.length > 0 || wasQuoted) endRecord();
  const [head, ...records] = all;
  return { header: head.fields.map((f) => f ?? ''), records };
}
