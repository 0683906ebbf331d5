/**
 * A config file in the plain form most configs take, read without the YAML library (issue 15: the
 * library is a fifth of what a cold start compiles). It reads block mappings and sequences indented
 * with spaces, `- key: value` items, one-line flow collections (`{ min: 0.6 }`, `[a, b]`), plain
 * scalars, quotes without escapes, and comments, and resolves scalars by the YAML 1.2 core schema
 * exactly as the library does (the same patterns, parseInt / parseFloat). Anything else (anchors,
 * tags, block scalars, multi-line scalars, escapes, tabs, CR, non-ASCII, a duplicate key, ...) returns
 * undefined and the caller parses with the library, so this gives the library's result or none:
 * test/config/plain-yaml.test.ts checks it against the library on generated documents.
 */

/** What the library would give (`parseDocument(text).toJS()`), or undefined: not in the plain form, use the library. */
export type PlainYaml = Record<string, unknown> | undefined;

class NotPlain extends Error {}
const notPlain = (): never => {
  throw new NotPlain();
};

interface Line {
  indent: number;
  text: string; // without the indentation; comments not removed
}

/** Deeper nesting is left to the library (and to the config's nesting limit, which is lower). */
const MAX_DEPTH = 64;

const KEY = /^([A-Za-z_$][A-Za-z0-9_$./-]*):(?: +|$)/;
/** Characters of a plain scalar after its first, in block context (no '#', quotes handled as text, no brackets). */
const PLAIN_BLOCK = /^[A-Za-z0-9_$./+\-*?=@%^()~:,!&<>;|'" ]*$/;
/** The same in a flow collection: no ',', ':' or brackets. */
const PLAIN_FLOW = /^[A-Za-z0-9_$./+\-*?=@%^()~!&<>;|'" ]*$/;
/** Characters a plain scalar may start with (not a YAML indicator); '-' only before a character that is not a space. */
const PLAIN_FIRST = /^(?:[A-Za-z0-9_$./+(~^=;<]|-[A-Za-z0-9_$./+(~^=;<])/;

/** A plain scalar resolved by the YAML 1.2 core schema, as the library's tags do (in their order). */
export function resolvePlain(s: string): unknown {
  if (/^(?:~|[Nn]ull|NULL)?$/.test(s)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s)) return s[0] === 't' || s[0] === 'T';
  if (/^0o[0-7]+$/.test(s)) return notPlain();
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return notPlain();
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) return notPlain();
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}

/** A mapping key: a plain scalar that resolves to a string and is no property of Object.prototype. */
function keyOf(s: string): string {
  if (typeof resolvePlain(s) !== 'string' || s in Object.prototype) notPlain();
  return s;
}

function setKey(map: Record<string, unknown>, key: string, value: unknown): void {
  if (Object.hasOwn(map, key)) notPlain(); // the library reports a duplicate key
  map[key] = value;
}

/** The end of a line's value: the text before a comment (` #`), trimmed; the whole line when it has none. */
function beforeComment(s: string): string {
  const hash = s.indexOf(' #');
  return (hash < 0 ? s : s.slice(0, hash)).trimEnd();
}

/** A scalar or a one-line flow collection filling `s` (no comment), in block context. */
function blockValue(s: string): unknown {
  const c = s[0];
  if (c === '{' || c === '[') {
    const [v, end] = flowValue(s, 0);
    if (end !== s.length) notPlain();
    return v;
  }
  if (c === '"' || c === "'") {
    if (s.length < 2 || s[s.length - 1] !== c || s.indexOf(c, 1) !== s.length - 1) notPlain();
    const inner = s.slice(1, -1);
    if (inner.includes('\\') || inner.includes('#')) notPlain();
    return inner;
  }
  if (!PLAIN_FIRST.test(s) || !PLAIN_BLOCK.test(s) || /: |:$/.test(s)) notPlain();
  return resolvePlain(s);
}

const skipSpaces = (s: string, i: number) => {
  while (s[i] === ' ') i++;
  return i;
};

/** A flow collection or scalar starting at `i`; returns the value and the index after it (and after spaces). */
function flowValue(s: string, i: number, depth = 0): [unknown, number] {
  const c = s[i];
  if (c === '{' || c === '[') {
    if (depth > MAX_DEPTH) notPlain();
    const close = c === '{' ? '}' : ']';
    const map: Record<string, unknown> = {};
    const seq: unknown[] = [];
    i = skipSpaces(s, i + 1);
    if (s[i] === close) return [c === '{' ? map : seq, skipSpaces(s, i + 1)];
    for (;;) {
      if (c === '{') {
        const m = /^([A-Za-z_$][A-Za-z0-9_$./-]*): +/.exec(s.slice(i));
        if (!m) return notPlain();
        i += m[0].length;
        const [v, next] = flowValue(s, i, depth + 1);
        setKey(map, keyOf(m[1]), v);
        i = next;
      } else {
        const [v, next] = flowValue(s, i, depth + 1);
        seq.push(v);
        i = next;
      }
      if (s[i] === ',') {
        i = skipSpaces(s, i + 1);
        if (s[i] === close) notPlain(); // a trailing comma
        continue;
      }
      if (s[i] !== close) notPlain();
      return [c === '{' ? map : seq, skipSpaces(s, i + 1)];
    }
  }
  if (c === '"' || c === "'") {
    const end = s.indexOf(c, i + 1);
    if (end < 0) notPlain();
    const inner = s.slice(i + 1, end);
    if (inner.includes('\\') || inner.includes('#')) notPlain();
    const next = skipSpaces(s, end + 1);
    if (s[next] !== ',' && s[next] !== '}' && s[next] !== ']') notPlain();
    return [inner, next];
  }
  let end = i;
  while (end < s.length && s[end] !== ',' && s[end] !== '}' && s[end] !== ']') end++;
  const text = s.slice(i, end).trimEnd();
  if (!PLAIN_FIRST.test(text) || !PLAIN_FLOW.test(text)) notPlain();
  return [resolvePlain(text), end];
}

class Reader {
  i = 0;
  constructor(readonly lines: Line[]) {}

  depth = 0;

  /** The node whose first line is the current one, at indentation `indent`. */
  block(indent: number): unknown {
    if (++this.depth > MAX_DEPTH) notPlain();
    const line = this.lines[this.i];
    const node = line.text === '-' || line.text.startsWith('- ') ? this.sequence(indent) : this.mapping(indent);
    this.depth--;
    return node;
  }

  /** The value after `key:` or `-` with nothing after it on the line: a nested block, or null. */
  nested(parentIndent: number): unknown {
    const next = this.lines[this.i];
    if (next === undefined || next.indent < parentIndent) return null;
    if (next.indent === parentIndent) {
      if (next.text === '-' || next.text.startsWith('- ')) notPlain(); // a sequence at the key's indentation
      return null;
    }
    return this.block(next.indent);
  }

  /** A one-line value: nothing may follow it more indented (a multi-line scalar, or an error). */
  inline(s: string, parentIndent: number): unknown {
    const v = blockValue(s);
    const next = this.lines[this.i];
    if (next !== undefined && next.indent > parentIndent) notPlain();
    return v;
  }

  mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.indent < indent) break;
      if (line.indent > indent) notPlain();
      const m = KEY.exec(line.text);
      if (!m) return notPlain();
      const key = keyOf(m[1]);
      const rest = line.text.slice(m[0].length);
      this.i++;
      const value = rest === '' || rest[0] === '#' ? this.nested(indent) : this.inline(beforeComment(rest), indent);
      setKey(map, key, value);
    }
    return map;
  }

  sequence(indent: number): unknown[] {
    const seq: unknown[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.indent < indent) break;
      if (line.indent > indent || !(line.text === '-' || line.text.startsWith('- '))) notPlain();
      const after = skipSpaces(line.text, 1);
      const rest = line.text.slice(after);
      if (rest === '' || rest[0] === '#') {
        this.i++;
        seq.push(this.nested(indent));
      } else if (rest.startsWith('-')) {
        return notPlain(); // a sequence in a sequence on one line
      } else if (KEY.test(rest)) {
        // `- key: value`: a mapping whose keys are at the column of the first
        this.lines[this.i] = { indent: indent + after, text: rest };
        seq.push(this.mapping(indent + after));
      } else {
        this.i++;
        seq.push(this.inline(beforeComment(rest), indent));
      }
    }
    return seq;
  }
}

/**
 * The config text as plain data when it is in the plain form above (a mapping at the top), else
 * undefined. The result equals the library's `parseDocument(text).toJS()`.
 */
export function readPlainYaml(text: string): PlainYaml {
  // printable ASCII and newlines only: no tab, CR, BOM or other character the library treats specially
  if (/[^\x20-\x7e\n]/.test(text)) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const body = raw.trimStart();
    if (body === '' || body[0] === '#') continue;
    const indent = raw.length - body.length;
    // directives, document markers and explicit keys
    if (indent === 0 && (body.startsWith('---') || body.startsWith('...') || body[0] === '%')) return undefined;
    lines.push({ indent, text: body.trimEnd() });
  }
  if (lines.length === 0 || lines[0].indent !== 0) return undefined;
  try {
    const r = new Reader(lines);
    const data = r.mapping(0);
    return r.i === lines.length ? data : undefined;
  } catch (e) {
    if (e instanceof NotPlain) return undefined;
    throw e;
  }
}
