/**
 * A JUnit XML report in the plain form most test runners write, read without the XML library (issue
 * 15: fast-xml-parser and its dependencies are 65 KB a cold start compiles, and most of the time of a
 * run that reads JUnit files). It reads an optional `<?xml ...?>` declaration, one root element, nested
 * elements with quoted attributes, and text with the five predefined entities (`&lt;` `&gt;` `&amp;`
 * `&quot;` `&apos;`) and character references (kept as written, as the library keeps them), into the tree fast-xml-parser gives with the options src/evidence/junit.ts uses:
 * attributes as `@_name` (trimmed), text trimmed per segment as `#text` (or the element's value when it
 * has neither attributes nor children), the JUnit element names always arrays. Anything else (a
 * comment, CDATA, a DOCTYPE or any other `<!`, a processing instruction, another entity, a control character, an unusual name, a second root, a tag that does not close, nesting
 * deeper than MAX_DEPTH, ...) returns undefined and the caller uses the library, which validates and
 * reports errors. No entity is ever expanded beyond those five, so nothing here can grow the input.
 * test/evidence/junit-plain.test.ts checks it against the library on generated documents.
 */

type XmlNode = Record<string, unknown>;

/** Deeper nesting is left to the library (its own limit is 100). */
const MAX_DEPTH = 64;

const NAME = /[A-Za-z_][A-Za-z0-9_.:-]*/y;
const SPACE = /[ \t\n\r]*/y;
const ATTR = /([A-Za-z_][A-Za-z0-9_.:-]*)=(?:"([^"<]*)"|'([^'<]*)')/y;
const DECLARATION = /^<\?xml(?:[ \t\n\r]+[a-z]+=(?:"[A-Za-z0-9_.:-]*"|'[A-Za-z0-9_.:-]*'))*[ \t\n\r]*\?>/;
/** Control characters other than tab, newline and carriage return (the library's handling is not ours to copy). */
// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

class NotPlain extends Error {}
const notPlain = (): never => {
  throw new NotPlain();
};

/**
 * Text with the five predefined entities replaced, as the library does; a character reference
 * (`&#10;`, `&#x41;`) stays as written, as the library leaves it; any other `&` is not plain.
 */
function decode(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#?[A-Za-z0-9]*);?/g, (m, name: string) => {
    if (!m.endsWith(';')) return notPlain();
    if (name[0] === '#') return /^#(?:[0-9]+|x[0-9a-fA-F]+)$/.test(name) ? m : notPlain();
    return Object.hasOwn(ENTITY, name) ? ENTITY[name] : notPlain();
  });
}

interface Element {
  name: string;
  node: XmlNode | undefined; // undefined while it has neither attributes nor children
  text: string;
}

/** The library's value of a closed element. */
const valueOf = (e: Element): unknown => {
  if (e.node === undefined) return e.text;
  if (e.text !== '') e.node['#text'] = e.text;
  return e.node;
};

/** Add a child's value under its name: always an array for the names in `arrays`, else an array from the second one on. */
function addChild(parent: Element, name: string, value: unknown, arrays: ReadonlySet<string>): void {
  const node = (parent.node ??= {});
  const prev = node[name];
  if (arrays.has(name)) {
    if (prev === undefined) node[name] = [value];
    else (prev as unknown[]).push(value);
  } else if (prev === undefined) node[name] = value;
  else if (Array.isArray(prev))
    prev.push(value); // a value of one element is never an array
  else node[name] = [prev, value];
}

/**
 * The document as fast-xml-parser builds it (`{ [root]: value }`, the declaration left out), when it
 * is in the plain form; undefined otherwise. `arrays`: the element names that are always arrays.
 */
export function readPlainXml(xml: string, arrays: ReadonlySet<string>): XmlNode | undefined {
  if (CONTROL.test(xml)) return undefined;
  try {
    // line ends as the library reads them
    return read(xml.includes('\r') ? xml.replace(/\r\n?/g, '\n') : xml, arrays);
  } catch (e) {
    if (e instanceof NotPlain) return undefined;
    throw e;
  }
}

function read(xml: string, arrays: ReadonlySet<string>): XmlNode | undefined {
  let i = 0;
  const decl = DECLARATION.exec(xml);
  if (decl) i = decl[0].length;
  else if (xml.startsWith('<?')) return undefined;
  const skipSpace = () => {
    SPACE.lastIndex = i;
    SPACE.exec(xml);
    i = SPACE.lastIndex;
  };
  skipSpace();
  const stack: Element[] = [];
  let doc: XmlNode | undefined;
  const close = (e: Element) => {
    const v = valueOf(e);
    const parent = stack[stack.length - 1];
    if (parent) addChild(parent, e.name, v, arrays);
    else doc = { [e.name]: arrays.has(e.name) ? [v] : v };
  };
  while (doc === undefined) {
    if (xml[i] !== '<') return undefined; // text outside the root, or the end before it closed
    if (xml[i + 1] === '/') {
      const e = stack.pop();
      if (!e || !xml.startsWith(e.name, i + 2)) return undefined;
      i += 2 + e.name.length;
      skipSpace();
      if (xml[i] !== '>') return undefined;
      i++;
      close(e);
    } else {
      NAME.lastIndex = i + 1;
      const m = NAME.exec(xml);
      if (!m || m.index !== i + 1) return undefined; // `<!`, `<?`, or not a name
      const name = m[0];
      if (name in Object.prototype || stack.length >= MAX_DEPTH) return undefined;
      const e: Element = { name, node: undefined, text: '' };
      i = NAME.lastIndex;
      for (;;) {
        const before = i;
        skipSpace();
        if (xml[i] === '>' || (xml[i] === '/' && xml[i + 1] === '>')) break;
        if (i === before) return undefined; // an attribute must follow a space
        ATTR.lastIndex = i;
        const a = ATTR.exec(xml);
        if (!a) return undefined;
        const key = `@_${a[1]}`;
        e.node ??= {};
        if (Object.hasOwn(e.node, key)) return undefined; // repeated: the library's validator refuses it
        e.node[key] = decode((a[2] ?? a[3]).trim());
        i = ATTR.lastIndex;
      }
      if (xml[i] === '/') {
        i += 2;
        if (stack.length === 0) {
          close(e);
          break;
        }
        close(e);
      } else {
        i++;
        stack.push(e);
      }
    }
    if (doc !== undefined) break;
    // text up to the next tag, trimmed, added to the open element's text
    const lt = xml.indexOf('<', i);
    if (lt < 0) return undefined;
    const seg = decode(xml.slice(i, lt).trim());
    if (seg !== '') stack[stack.length - 1].text += seg;
    i = lt;
  }
  skipSpace();
  return i === xml.length ? doc : undefined;
}
