/**
 * Text from evidence files (feature names, test names, messages) reaches Markdown only through these
 * functions: it cannot break a table, inject HTML, mention people or link issues.
 */
const REPLACE: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '|': '\\|',
  '\n': ' ',
  '\r': ' ',
};

/** A zero-width space as a character reference: invisible, and it breaks what GitHub would link. */
const ZWSP = '&#8203;';

/**
 * Escape for inline Markdown and table cells, in one pass. Newlines become spaces. Evidence text can
 * neither create a link nor mention anyone: GitHub links `@name`, `#12`, `owner/repo#12`, `GH-12`,
 * `www.host` and `https://host` in the rendered text, after character references are decoded, so
 * each gets a zero-width space where it would match (an encoded `#` or `.` would be decoded back).
 * Leading whitespace is dropped (HTML shows none, and four spaces after a list marker would start a
 * code block).
 */
export function md(text: unknown): string {
  const s = text === null || text === undefined ? '' : String(text);
  return s
    .replace(/\r\n/g, ' ')
    .replace(/[&<>"|@\n\r]|[\\`*_{}[\]()~]|#(?=\d)|:\/\/|www\.|\bgh-(?=\d)/gi, (m) => {
      if (m === '#') return `#${ZWSP}`;
      if (m === '@') return `@${ZWSP}`;
      if (m === '://') return `${ZWSP}:&#47;&#47;`;
      if (/^www\.$/i.test(m)) return `${m.slice(0, 3)}${ZWSP}&#46;`;
      if (/^gh-$/i.test(m)) return `${m.slice(0, 2)}${ZWSP}-`;
      return REPLACE[m] ?? `\\${m}`;
    })
    .replace(/^\s+/, '')
    .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2') // `1. ` and `1) ` start ordered lists: escape the dot, not the digit
    .replace(/^(#{1,6}|-+|[+=])(?=\s|$)/, '\\$1'); // headings, `-`/`+` lists, `---` rules
}

/** Inline code for identifiers; backticks inside are neutralised. */
export function code(text: unknown): string {
  const s = String(text ?? '')
    .replace(/\r?\n|\r/g, ' ')
    .replace(/`/g, "'")
    .replace(/\|/g, '¦');
  return `\`${s.replace(/@/g, '@\u200b')}\``;
}

/** A link whose URL came from config: only http(s) is allowed, and the label is escaped. */
export function link(label: string, url: string): string {
  if (!/^https?:\/\/[^\s()<>]+$/i.test(url)) return md(label);
  return `[${md(label)}](${url.replace(/[()]/g, encodeURIComponent)})`;
}
