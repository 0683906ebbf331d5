/**
 * JSON as ML tools write it. Python's json module writes NaN, Infinity and -Infinity as bare tokens,
 * which JSON.parse rejects. We accept them, replace them with null and record where they were, so
 * numerical stability (monitor-5) can fail on them and validation can name the field.
 */
import { DEFAULT_LIMITS } from '../schemas/constants.js';
import { quoted } from '../util/excerpt.js';
import { groupDigits } from '../util/format.js';

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

/** A document over a limit (nesting depth, number of values): reported like a syntax error, at its position. */
export class JsonLimitError extends JsonSyntaxError {}

export interface JsonLimits {
  /** Deepest nesting of arrays and objects (limits.max-json-depth). */
  maxDepth: number;
  /** Most values: array elements and object members (limits.max-json-values). */
  maxValues: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = {
  maxDepth: DEFAULT_LIMITS['max-json-depth'],
  maxValues: DEFAULT_LIMITS['max-json-values'],
};

/** The end of the string whose opening quote is at `open` (the closing quote's index), or -1. */
function stringEnd(text: string, open: number): number {
  let j = text.indexOf('"', open + 1);
  while (j > 0) {
    let k = j - 1;
    while (text.charCodeAt(k) === 92) k--; // backslashes before the quote
    if ((j - 1 - k) % 2 === 0) return j;
    j = text.indexOf('"', j + 1);
  }
  return -1;
}

/**
 * One pass over the text before anything recursive touches it: nesting depth and the number of
 * values against the limits (throws JsonLimitError at the first position over one), and whether a
 * bare NaN or Infinity may be present. JSON.parse itself is not recursive in V8, but everything after
 * it (validation, the walk that restores NaN, JSON.stringify) is.
 */
export function checkShapeScan(text: string, limits: JsonLimits): { maybeNonFinite: boolean } {
  const n = text.length;
  let depth = 0;
  let values = 1;
  let maybeNonFinite = false;
  const over = (pos: number, what: string): never => {
    const { line, column } = lineColumn(text, pos);
    throw new JsonLimitError(what, line, column);
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const end = stringEnd(text, i);
      if (end < 0) return { maybeNonFinite }; // unterminated: JSON.parse reports it
      i = end;
    } else if (c === 91 || c === 123) {
      if (++depth > limits.maxDepth)
        over(i, `arrays and objects are nested more than ${limits.maxDepth} deep (limits.max-json-depth); it was not parsed`);
    } else if (c === 93 || c === 125) depth--;
    else if (c === 44) {
      if (++values > limits.maxValues)
        over(i, `more than ${groupDigits(limits.maxValues)} values (limits.max-json-values); it was not parsed`);
    } else if (c === 78 || c === 73) maybeNonFinite = true;
  }
  return { maybeNonFinite };
}

/**
 * Runs of text outside strings (group 1, kept) and whole string literals (a quote ends one unless an
 * odd number of backslashes come before it; dropped), matched one after the other (sticky): at an
 * unterminated string the match fails and the replacement stops there, leaving its quote in. Without
 * the sticky flag a failed string is retried from every escaped quote inside it: quadratic in a
 * hostile file ('"' then 100,000 times '\\"': 21 s); this reads it once.
 */
const OUTSIDE_OR_STRING = /([^"]+)|"[^"\\]*(?:\\[\s\S][^"\\]*)*"/gy;

/**
 * checkShapeScan's answer by regular expressions, which run compiled from the first call (a
 * character loop runs in V8's interpreter in a cold process: a few ms for a 100 KB report). The
 * text without its string literals has the commas, brackets and N / I letters the scan counts;
 * where it has a quote left (an unterminated string), or a limit is exceeded, the scan runs and
 * says where (or returns early at the unterminated string), so results and errors are the scan's.
 */
export function checkShape(text: string, limits: JsonLimits): { maybeNonFinite: boolean } {
  const bare = text.replace(OUTSIDE_OR_STRING, '$1');
  if (bare.includes('"') || bare.replace(/[^,]+/g, '').length + 1 > limits.maxValues) return checkShapeScan(text, limits);
  const brackets = bare.replace(/[^[\]{}]+/g, '');
  let depth = 0;
  for (let i = 0; i < brackets.length; i++) {
    const c = brackets.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > limits.maxDepth) return checkShapeScan(text, limits);
    } else depth--;
  }
  return { maybeNonFinite: /[NI]/.test(bare) };
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

/**
 * Parse JSON as ML tools write it, within the limits. Throws JsonSyntaxError (or JsonLimitError) with
 * the line and column; the message quotes at most a short, redacted excerpt of the text.
 */
export function parseJson(text: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): ParsedJson {
  if (text.trim() === '') throw new JsonSyntaxError('the file is empty; expected a JSON document');
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const shape = checkShape(body, limits);
  const { text: safe, found } = shape.maybeNonFinite ? protectNonFinite(body) : { text: body, found: false };
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
  /** Nesting depth: the scan is recursive, so it stops at DEFAULT_JSON_LIMITS.maxDepth. */
  private depth = 0;
  constructor(private readonly text: string) {}

  fail(message: string): never {
    throw { pos: this.i, message };
  }

  /** Fail with `expected`, or say the document ended. */
  private expect(expected: string): never {
    return this.fail(this.i >= this.text.length ? TRUNCATED : `${expected}, found ${quoted(this.text[this.i], 1)}`);
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
    this.fail(`unexpected ${quoted(text.slice(this.i, this.i + 400), 12)}`);
  }

  private enter(): void {
    if (++this.depth > DEFAULT_JSON_LIMITS.maxDepth)
      this.fail(`arrays and objects are nested more than ${DEFAULT_JSON_LIMITS.maxDepth} deep (limits.max-json-depth)`);
  }

  private object(): void {
    const text = this.text;
    this.enter();
    this.i++;
    this.ws();
    if (text[this.i] === '}') {
      this.i++;
      this.depth--;
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
      if (this.endOfItem('}')) return void this.depth--;
    }
  }

  private array(): void {
    this.enter();
    this.i++;
    this.ws();
    if (this.text[this.i] === ']') {
      this.i++;
      this.depth--;
      return;
    }
    for (;;) {
      this.value();
      if (this.endOfItem(']')) return void this.depth--;
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
    if (scan.i < text.length) scan.fail(`unexpected ${quoted(text.slice(scan.i, scan.i + 400), 12)} after the end of the document`);
  } catch (e) {
    if (e && typeof e === 'object' && 'pos' in e) return e as { pos: number; message: string };
    throw e;
  }
  return { pos: 0, message: 'JSON.parse rejected the document' };
}
