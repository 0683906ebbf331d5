/**
 * JSON as ML tools write it. Python's json module writes NaN, Infinity and -Infinity as bare tokens,
 * which JSON.parse rejects. We accept them, replace them with null and record where they were, so
 * numerical stability (monitor-5) can fail on them and validation can name the field.
 */
export interface NonFinite {
  path: string;
  token: 'NaN' | 'Infinity' | '-Infinity';
}

export interface ParsedJson {
  value: unknown;
  nonFinite: NonFinite[];
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

const SENTINEL = '\u0000nonfinite:';

function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: pos - last };
}

/** Replace bare NaN / Infinity / -Infinity tokens (outside strings) with sentinel strings. */
function protectNonFinite(text: string): { text: string; found: boolean } {
  if (!/NaN|Infinity/.test(text)) return { text, found: false };
  let out = '';
  let start = 0;
  let inString = false;
  let found = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      continue;
    }
    for (const token of ['-Infinity', 'Infinity', 'NaN'] as const) {
      if (text.startsWith(token, i)) {
        out += `${text.slice(start, i)}"\\u0000nonfinite:${token}"`;
        i += token.length - 1;
        start = i + 1;
        found = true;
        break;
      }
    }
  }
  return { text: out + text.slice(start), found };
}

function pathString(path: Array<string | number>): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p;
  return s;
}

function restore(value: unknown, path: Array<string | number>, found: NonFinite[]): unknown {
  if (typeof value === 'string' && value.startsWith(SENTINEL)) {
    found.push({ path: pathString(path), token: value.slice(SENTINEL.length) as NonFinite['token'] });
    return null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restore(value[i], [...path, i], found);
  } else if (value && typeof value === 'object') {
    for (const k of Object.keys(value))
      (value as Record<string, unknown>)[k] = restore((value as Record<string, unknown>)[k], [...path, k], found);
  }
  return value;
}

export function parseJson(text: string): ParsedJson {
  if (text.trim() === '') throw new JsonSyntaxError('the file is empty; expected a JSON document');
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Valid JSON has no bare NaN or Infinity (JSON.parse rejects them): the native parser settles the
  // common case, and only a document it rejects is scanned character by character.
  try {
    return { value: JSON.parse(body), nonFinite: [] };
  } catch {
    // NaN / Infinity tokens, or a syntax error: below
  }
  const { text: safe, found } = protectNonFinite(body);
  let value: unknown;
  try {
    value = JSON.parse(safe);
  } catch {
    const err = locateSyntaxError(safe);
    const { line, column } = lineColumn(safe, err.pos);
    throw new JsonSyntaxError(`not valid JSON: ${err.message}`, line, column);
  }
  const nonFinite: NonFinite[] = [];
  if (found) value = restore(value, [], nonFinite);
  return { value, nonFinite };
}

const TRUNCATED = 'the document ends too early (truncated?)';

/** A scan of JSON text that stops at the first offending position (throws { pos, message }). */
class JsonLocator {
  i = 0;
  constructor(private readonly text: string) {}

  fail(message: string): never {
    throw { pos: this.i, message };
  }

  /** Fail with `expected`, or say the document ended. */
  private expect(expected: string): never {
    return this.fail(this.i >= this.text.length ? TRUNCATED : `${expected}, found ${JSON.stringify(this.text[this.i])}`);
  }

  ws(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i])) this.i++;
  }

  value(): void {
    const text = this.text;
    this.ws();
    if (this.i >= text.length) this.fail(TRUNCATED);
    const c = text[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.str();
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(this.i, this.i + 400));
    if (m && m[0].length > 0 && m[0] !== '-') {
      this.i += m[0].length;
      return;
    }
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, this.i)) {
        this.i += lit.length;
        return;
      }
    }
    this.fail(`unexpected ${JSON.stringify(text.slice(this.i, this.i + 12))}`);
  }

  private object(): void {
    const text = this.text;
    this.i++;
    this.ws();
    if (text[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      if (text[this.i] !== '"') this.expect('expected a quoted key');
      this.str();
      this.ws();
      if (text[this.i] !== ':') this.expect("expected ':' after a key");
      this.i++;
      this.value();
      if (this.endOfItem('}')) return;
    }
  }

  private array(): void {
    this.i++;
    this.ws();
    if (this.text[this.i] === ']') {
      this.i++;
      return;
    }
    for (;;) {
      this.value();
      if (this.endOfItem(']')) return;
    }
  }

  /** After an item: true at the closing bracket (consumed), false after a comma. */
  private endOfItem(close: '}' | ']'): boolean {
    const text = this.text;
    this.ws();
    if (text[this.i] === ',') {
      this.i++;
      this.ws();
      if (text[this.i] === close) this.fail(`trailing comma before '${close}'`);
      return false;
    }
    if (text[this.i] === close) {
      this.i++;
      return true;
    }
    return this.expect(`expected ',' or '${close}'`);
  }

  private str(): void {
    const text = this.text;
    this.i++;
    while (this.i < text.length) {
      const ch = text[this.i];
      if (ch === '\\') this.i += 2;
      else if (ch === '"') {
        this.i++;
        return;
      } else if (ch === '\n') this.fail('a string is not closed before the end of the line');
      else this.i++;
    }
    this.fail('the document ends too early inside a string (truncated?)');
  }
}

/**
 * JSON.parse does not say where it failed on every Node version; this small scanner finds the first
 * offending position (only on the error path, so speed does not matter).
 */
export function locateSyntaxError(text: string): { pos: number; message: string } {
  const scan = new JsonLocator(text);
  try {
    scan.value();
    scan.ws();
    if (scan.i < text.length) scan.fail(`unexpected ${JSON.stringify(text.slice(scan.i, scan.i + 12))} after the end of the document`);
  } catch (e) {
    if (e && typeof e === 'object' && 'pos' in e) return e as { pos: number; message: string };
    throw e;
  }
  return { pos: 0, message: 'JSON.parse rejected the document' };
}
