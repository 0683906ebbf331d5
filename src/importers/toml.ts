/**
 * A small TOML reader for the subset metrics files use (what DVC and Python's `toml`/`tomli-w`
 * write): comments, [tables] and [dotted.tables], bare/quoted/dotted keys, basic and literal
 * strings, integers (decimal, hex, octal, binary, underscores), floats (incl. inf and nan),
 * booleans, arrays (also over several lines) and inline tables. Local dates and times are kept as
 * strings. Arrays of tables ([[x]]) and multi-line strings are rejected with their line.
 *
 * Written here rather than adding a dependency: the subset is small and every error must carry a
 * line number the user can act on.
 */

export class TomlError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

type Table = Record<string, unknown>;

const BARE = /[A-Za-z0-9_-]/;

export function parseToml(text: string): Table {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let i = 0;
  let line = 1;
  const root: Table = {};
  /** Tables opened by a [header]: a second header for the same table is an error. */
  const headers = new Set<Table>();
  const inline = new Set<unknown>();
  let current = root;

  const fail = (msg: string): never => {
    throw new TomlError(msg, line);
  };
  const peek = () => src[i];
  const skipWs = () => {
    while (i < src.length && (src[i] === ' ' || src[i] === '\t')) i++;
  };
  const skipComment = () => {
    if (src[i] === '#') while (i < src.length && src[i] !== '\n') i++;
  };
  /** Whitespace, newlines and comments (inside arrays). */
  const skipAll = () => {
    for (;;) {
      skipWs();
      skipComment();
      if (src[i] === '\r' && src[i + 1] === '\n') i++;
      if (src[i] === '\n') {
        i++;
        line++;
        continue;
      }
      return;
    }
  };
  const endOfLine = () => {
    skipWs();
    skipComment();
    if (src[i] === '\r' && src[i + 1] === '\n') i++;
    if (i < src.length && src[i] !== '\n') fail(`unexpected ${JSON.stringify(src.slice(i, i + 12))} after a value; expected the end of the line`);
    if (src[i] === '\n') {
      i++;
      line++;
    }
  };

  const basicString = (): string => {
    if (src.startsWith('"""', i)) fail('multi-line strings are not supported');
    i++;
    let out = '';
    while (i < src.length) {
      const c = src[i];
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\n') break;
      if (c === '\\') {
        const e = src[i + 1];
        const map: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };
        if (e in map) {
          out += map[e];
          i += 2;
        } else if (e === 'u' || e === 'U') {
          const len = e === 'u' ? 4 : 8;
          const hex = src.slice(i + 2, i + 2 + len);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) fail(`invalid escape \\${e}${hex}`);
          out += String.fromCodePoint(parseInt(hex, 16));
          i += 2 + len;
        } else fail(`invalid escape \\${e ?? ''} in a string`);
        continue;
      }
      out += c;
      i++;
    }
    return fail('a string is not closed before the end of the line');
  };
  const literalString = (): string => {
    if (src.startsWith("'''", i)) fail('multi-line strings are not supported');
    i++;
    const end = src.indexOf("'", i);
    const nl = src.indexOf('\n', i);
    if (end < 0 || (nl >= 0 && nl < end)) fail('a string is not closed before the end of the line');
    const s = src.slice(i, end);
    i = end + 1;
    return s;
  };

  const key = (): string[] => {
    const parts: string[] = [];
    for (;;) {
      skipWs();
      const c = peek();
      if (c === '"') parts.push(basicString());
      else if (c === "'") parts.push(literalString());
      else {
        const start = i;
        while (i < src.length && BARE.test(src[i])) i++;
        if (i === start) fail(c === undefined || c === '\n' ? 'expected a key' : `unexpected ${JSON.stringify(c)} where a key was expected`);
        parts.push(src.slice(start, i));
      }
      skipWs();
      if (peek() === '.') {
        i++;
        continue;
      }
      return parts;
    }
  };

  const number = (raw: string): number | string => {
    const s = raw.replace(/_/g, '');
    if (/^[+-]?(inf|nan)$/.test(s)) return s.endsWith('nan') ? Number.NaN : s.startsWith('-') ? -Infinity : Infinity;
    if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
    if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
    if (/^0b[01]+$/.test(s)) return parseInt(s.slice(2), 2);
    if (/^[+-]?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(s) && !/_(?!\d)|(?<!\d)_/.test(raw)) return Number(s);
    // dates and times are kept as text
    if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$|^\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(raw)) return raw;
    return fail(`invalid value ${JSON.stringify(raw)}`);
  };

  const value = (): unknown => {
    skipWs();
    const c = peek();
    if (c === '"') return basicString();
    if (c === "'") return literalString();
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      for (;;) {
        skipAll();
        if (peek() === ']') {
          i++;
          return arr;
        }
        arr.push(value());
        skipAll();
        if (peek() === ',') {
          i++;
          continue;
        }
        if (peek() === ']') {
          i++;
          return arr;
        }
        fail(i >= src.length ? 'an array is not closed' : `expected ',' or ']' in an array, found ${JSON.stringify(peek())}`);
      }
    }
    if (c === '{') {
      i++;
      const t: Table = {};
      inline.add(t);
      skipWs();
      if (peek() === '}') {
        i++;
        return t;
      }
      for (;;) {
        const k = key();
        if (peek() !== '=') fail(`expected '=' after the key ${k.join('.')}`);
        i++;
        assign(t, k, value());
        skipWs();
        if (peek() === ',') {
          i++;
          continue;
        }
        if (peek() === '}') {
          i++;
          return t;
        }
        fail(`expected ',' or '}' in an inline table, found ${JSON.stringify(peek() ?? 'the end')}`);
      }
    }
    const start = i;
    while (i < src.length && /[^\s,\]}#]/.test(src[i])) i++;
    // a date-time may contain one space between date and time
    if (/^\d{4}-\d{2}-\d{2}$/.test(src.slice(start, i)) && src[i] === ' ' && /\d/.test(src[i + 1] ?? '')) {
      i++;
      while (i < src.length && /[^\s,\]}#]/.test(src[i])) i++;
    }
    const raw = src.slice(start, i);
    if (raw === '') fail(c === undefined || c === '\n' ? 'expected a value after =' : `unexpected ${JSON.stringify(c)} where a value was expected`);
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    return number(raw);
  };

  function descend(t: Table, k: string, whole: string[]): Table {
    const v = t[k];
    if (v === undefined) {
      const n: Table = {};
      t[k] = n;
      return n;
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v) || inline.has(v)) fail(`key ${whole.join('.')} redefines ${k}, which already holds a value`);
    return v as Table;
  }

  function assign(t: Table, k: string[], v: unknown) {
    let target = t;
    for (const part of k.slice(0, -1)) {
      target = descend(target, part, k);
    }
    const last = k[k.length - 1];
    if (last in target) fail(`duplicate key ${k.join('.')}`);
    target[last] = v;
  }

  while (i < src.length) {
    skipAll();
    if (i >= src.length) break;
    if (peek() === '[') {
      if (src[i + 1] === '[') fail('arrays of tables ([[...]]) are not supported in metrics files');
      i++;
      const k = key();
      if (peek() !== ']') fail(`expected ']' to close the table header [${k.join('.')}`);
      i++;
      let t = root;
      for (const part of k) t = descend(t, part, k);
      if (headers.has(t)) fail(`table [${k.join('.')}] is defined twice`);
      headers.add(t);
      current = t;
      endOfLine();
      continue;
    }
    const k = key();
    if (peek() !== '=') fail(`expected '=' after the key ${k.join('.')}`);
    i++;
    assign(current, k, value());
    endOfLine();
  }
  return root;
}
