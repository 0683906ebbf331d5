// The PR comment as GitHub shows it: Markdown rendered the way GitHub renders it, and checks that the
// rendered HTML is what we meant (tables parse, <details> close, no raw Markdown or evidence text
// turned into markup, mentions, issue links or autolinks).
// Used by test/report/rendered-comment.test.ts (with the pure-JS renderer below) and by
// scripts/render-comment.mjs (with Debian's cmark-gfm, GitHub's own renderer, for the screenshot).
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

/**
 * GitHub Flavored Markdown to HTML in pure JavaScript (micromark, CommonMark and GFM compliant):
 * tables, autolink literals, strikethrough, task lists, the tag filter; raw HTML kept as GitHub keeps
 * <details>, <summary> and <sub>.
 */
export function renderGfm(markdown) {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

const ALERTS = { NOTE: 'Note', TIP: 'Tip', IMPORTANT: 'Important', WARNING: 'Warning', CAUTION: 'Caution' };

/**
 * What GitHub does after cmark-gfm: `> [!NOTE]` blockquotes become alerts, and ```mermaid blocks
 * become diagrams (here: `<pre class="mermaid">`, which mermaid.run() renders in a browser).
 */
export function githubExtras(html) {
  return html
    .replace(/<blockquote>\s*<p>\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*(?:<br\s*\/?>)?\s*/g, (_m, kind) => {
      const k = kind.toLowerCase();
      return `<div class="markdown-alert markdown-alert-${k}"><p class="markdown-alert-title">${ALERTS[kind]}</p><p>`;
    })
    .replace(/(<div class="markdown-alert[^"]*">(?:(?!<\/blockquote>)[\s\S])*)<\/blockquote>/g, '$1</div>')
    .replace(/<pre(?: lang="mermaid")?><code(?: class="language-mermaid")?>([\s\S]*?)<\/code><\/pre>/g, (m, body) =>
      /^<pre lang="mermaid">|class="language-mermaid"/.test(m) ? `<pre class="mermaid">${body}</pre>` : m,
    );
}

const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decode the character references a renderer writes in text (one level: `&amp;lt;` stays `&lt;`). */
export function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, ref) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return NAMED[ref.toLowerCase()] ?? m;
  });
}

/** The visible text of an HTML fragment; `withCode: false` drops code spans and blocks. */
export function visibleText(html, { withCode = true } = {}) {
  const noCode = withCode ? html : html.replace(/<pre\b[\s\S]*?<\/pre>/g, ' ').replace(/<code\b[\s\S]*?<\/code>/g, ' ');
  return decodeEntities(noCode.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<[^>]*>/g, ' '));
}

/** Whitespace collapsed and zero-width characters removed, for comparing what is displayed. */
export function normalizeText(s) {
  return s
    .replace(/\u200b|\u200c|\u200d|\u2060/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every <details> closes, holds a <summary> as its first element, and nothing is closed twice. */
export function checkDetails(html) {
  const problems = [];
  const stack = [];
  const tags = [...html.matchAll(/<(\/?)(details|summary)\b[^>]*>/gi)];
  tags.forEach((m, i) => {
    const [, close, name] = m;
    if (!close) {
      if (name === 'details') {
        const next = html.slice(m.index + m[0].length).match(/^\s*<(\/?)([a-z0-9-]+)/i);
        if (!next || next[1] || next[2].toLowerCase() !== 'summary') problems.push(`<details> #${i + 1} does not start with a <summary>`);
      } else if (stack.at(-1) !== 'details') {
        problems.push('a <summary> outside a <details>');
      }
      stack.push(name);
    } else if (stack.at(-1) === name) {
      stack.pop();
    } else {
      problems.push(`</${name}> closes ${stack.length ? `<${stack.at(-1)}>` : 'nothing'}`);
    }
  });
  for (const open of stack) problems.push(`<${open}> is never closed`);
  return problems;
}

/** Cells of a GFM table row, split on the pipes GitHub splits on (not `\|`). */
export function tableCells(line) {
  const cells = [];
  let cur = '';
  const body = line.trim().replace(/^\|/, '');
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '|' && body[i - 1] !== '\\') {
      cells.push(cur);
      cur = '';
    } else cur += body[i];
  }
  if (cur.trim() !== '') cells.push(cur);
  return cells;
}

const DELIMITER_ROW = /^\|?(\s*:?-+:?\s*\|)+\s*(:?-+:?\s*)?$/;

/** Table blocks of the Markdown source (outside fences): header cell count and each row's count. */
export function sourceTables(markdown) {
  const lines = markdown.split('\n');
  const tables = [];
  let fence = false;
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*(```|~~~)/.test(lines[i])) fence = !fence;
    if (fence || !lines[i].trim().startsWith('|') || !DELIMITER_ROW.test(lines[i + 1] ?? '')) continue;
    const t = { line: i + 1, header: tableCells(lines[i]).length, delimiter: tableCells(lines[i + 1]).length, rows: [] };
    for (i += 2; i < lines.length && lines[i].trim().startsWith('|'); i++) t.rows.push({ line: i + 1, cells: tableCells(lines[i]).length });
    i--;
    tables.push(t);
  }
  return tables;
}

/** Rendered tables: cells in the header row and in each body row. */
export function htmlTables(html) {
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((t) => {
    const rows = [...t[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => (r[1].match(/<t[hd]\b/g) ?? []).length);
    return { header: rows[0] ?? 0, rows: rows.slice(1) };
  });
}

export function checkTables(markdown, html) {
  const problems = [];
  const src = sourceTables(markdown);
  const out = htmlTables(html);
  if (src.length !== out.length) problems.push(`${src.length} tables in the Markdown, ${out.length} rendered`);
  src.forEach((t, k) => {
    if (t.delimiter !== t.header) problems.push(`table at line ${t.line}: header has ${t.header} cells, delimiter row ${t.delimiter}`);
    for (const r of t.rows)
      if (r.cells !== t.header) problems.push(`table at line ${t.line}: row at line ${r.line} has ${r.cells} cells, header ${t.header}`);
    const h = out[k];
    if (h && (h.header !== t.header || h.rows.length !== t.rows.length || h.rows.some((c) => c !== t.header))) {
      problems.push(
        `table at line ${t.line}: rendered as ${h.header} columns and ${h.rows.length} rows, source ${t.header} and ${t.rows.length}`,
      );
    }
  });
  return problems;
}

const LEAKS = [
  [/\|\s*:?-{3,}/, 'a table delimiter row shown as text'],
  [/\*\*|__/, 'emphasis markers shown as text'],
  [/\]\(/, 'link syntax shown as text'],
  [/\\/, 'a backslash shown as text (an escape that did not apply)'],
  [/&(amp|lt|gt|quot|#\d+|#x[0-9a-f]+);/i, 'a double-escaped character reference'],
  [/<\/?[a-z][a-z0-9]*(\s[^>]*)?>/i, 'HTML shown as text'],
  [/\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]/, 'an alert marker shown as text'],
  [/```|~~~/, 'a code fence shown as text'],
  [/(^|\s)#{1,6}\s/, 'a heading marker shown as text'],
  [/(^|[^\w`])@[a-z0-9]/i, 'an @mention GitHub would notify'],
  [/(^|[^\w&/])#\d/, 'an issue reference GitHub would link'],
];

const ALLOWED_TAGS = new Set(
  'p h1 h2 h3 h4 h5 h6 table thead tbody tr th td ul ol li details summary sub sup strong em del code pre blockquote a br hr div input span'.split(
    ' ',
  ),
);

/**
 * Everything wrong with a rendered comment. `expected`: strings from evidence that must be displayed
 * exactly (they may legitimately contain `**` or `#1`); `mayShow`: evidence strings that may be
 * displayed (a shortened body drops some), likewise not counted as leaks; `links`: the only URLs that
 * may be links.
 */
export function checkRenderedComment(markdown, html, { expected = [], mayShow = [], links = [] } = {}) {
  const problems = [...checkDetails(html), ...checkTables(markdown, html)];
  // displayed as prose or inline code, not swallowed into a code block
  const shown = normalizeText(visibleText(html.replace(/<pre\b[\s\S]*?<\/pre>/g, ' ')));
  for (const e of expected) if (!shown.includes(normalizeText(e))) problems.push(`not displayed as written: ${JSON.stringify(e)}`);
  let prose = normalizeText(visibleText(html, { withCode: false }));
  // what evidence says is not a leak (an evidence string may contain `**`); the rest must be clean
  for (const e of [...expected, ...mayShow].sort((a, b) => b.length - a.length)) prose = prose.split(normalizeText(e)).join(' ');
  // GitHub does not link @ or # preceded by a zero-width space: check the text before normalizing those away
  const raw = visibleText(html, { withCode: false });
  for (const [re, what] of LEAKS) {
    const text = /mention|issue/.test(what) ? raw : prose;
    const m = text.match(re);
    if (m) problems.push(`${what}: …${text.slice(Math.max(0, m.index - 30), m.index + 30).replace(/\s+/g, ' ')}…`);
  }
  for (const [, tag] of html.matchAll(/<([a-z][a-z0-9]*)\b/gi))
    if (!ALLOWED_TAGS.has(tag.toLowerCase())) problems.push(`unexpected element <${tag}>`);
  for (const [, href] of html.matchAll(/<a\b[^>]*href="([^"]*)"/g))
    if (!links.includes(decodeEntities(href))) problems.push(`unexpected link to ${href}`);
  return problems;
}
