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
  '@': '@&#8203;',
  '\n': ' ',
  '\r': ' ',
};

/**
 * Escape for inline Markdown and table cells, in one pass. Newlines become spaces. GitHub links `#12`,
 * `@name` and `www.host` in the rendered text, after character references are decoded, so those get a
 * zero-width space or an encoded dot rather than an encoded `#`. Leading whitespace is dropped (HTML
 * shows none, and four spaces after a list marker would start a code block).
 */
export function md(text: unknown): string {
  const s = text === null || text === undefined ? '' : String(text);
  return s
    .replace(/\r\n/g, ' ')
    .replace(/[&<>"|@\n\r]|[\\`*_{}[\]()~]|#(?=\d)|:\/\/|www\./gi, (m) => {
      if (m === '#') return '#&#8203;';
      if (m === '://') return ':&#47;&#47;';
      if (m.length === 4) return `${m.slice(0, 3)}&#46;`; // www.
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
