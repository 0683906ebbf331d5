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
    for (const k of Object.keys(value)) (value as Record<string, unknown>)[k] = restore((value as Record<string, unknown>)[k], [...path, k], found);
  }
  return value;
}

export function parseJson(text: string): ParsedJson {
  if (text.trim() === '') throw new JsonSyntaxError('the file is empty; expected a JSON document');
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
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

/**
 * JSON.parse does not say where it failed on every Node version; this small scanner finds the first
 * offending position (only on the error path, so speed does not matter).
 */
export function locateSyntaxError(text: string): { pos: number; message: string } {
  let i = 0;
  const fail = (message: string): never => {
    throw { pos: i, message };
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const value = (): void => {
    ws();
    if (i >= text.length) fail('the document ends too early (truncated?)');
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(i >= text.length ? 'the document ends too early (truncated?)' : `expected a quoted key, found ${JSON.stringify(text[i])}`);
        str();
        ws();
        if (text[i] !== ':') fail(i >= text.length ? 'the document ends too early (truncated?)' : `expected ':' after a key, found ${JSON.stringify(text[i])}`);
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === '}') fail("trailing comma before '}'");
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(i >= text.length ? 'the document ends too early (truncated?)' : `expected ',' or '}', found ${JSON.stringify(text[i])}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === ']') fail("trailing comma before ']'");
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(i >= text.length ? 'the document ends too early (truncated?)' : `expected ',' or ']', found ${JSON.stringify(text[i])}`);
      }
    }
    if (c === '"') return str();
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m && m[0].length > 0 && m[0] !== '-') {
      i += m[0].length;
      return;
    }
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    }
    fail(`unexpected ${JSON.stringify(text.slice(i, i + 12))}`);
  };
  const str = () => {
    i++;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '\\') i += 2;
      else if (ch === '"') {
        i++;
        return;
      } else if (ch === '\n') fail('a string is not closed before the end of the line');
      else i++;
    }
    fail('the document ends too early inside a string (truncated?)');
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected ${JSON.stringify(text.slice(i, i + 12))} after the end of the document`);
  } catch (e) {
    if (e && typeof e === 'object' && 'pos' in e) return e as { pos: number; message: string };
    throw e;
  }
  return { pos: 0, message: 'JSON.parse rejected the document' };
}
