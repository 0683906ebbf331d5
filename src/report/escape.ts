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

/** Escape for inline Markdown and table cells, in one pass. Newlines become spaces. */
export function md(text: unknown): string {
  const s = text === null || text === undefined ? '' : String(text);
  return s
    .replace(/\r\n/g, ' ')
    .replace(/[&<>"|@\n\r]|[\\`*_{}[\]()~]|#(?=\d)|:\/\//g, (m) => {
      if (m === '#') return '&#35;';
      if (m === '://') return ':&#47;&#47;';
      return REPLACE[m] ?? `\\${m}`;
    })
    .replace(/^([>+=-]|\d+\.)(\s)/, '\\$1$2');
}

/** Inline code for identifiers; backticks inside are neutralised. */
export function code(text: unknown): string {
  const s = String(text ?? '').replace(/\r?\n|\r/g, ' ').replace(/`/g, "'").replace(/\|/g, '¦');
  return `\`${s.replace(/@/g, '@\u200b')}\``;
}

/** A link whose URL came from config: only http(s) is allowed, and the label is escaped. */
export function link(label: string, url: string): string {
  if (!/^https?:\/\/[^\s()<>]+$/i.test(url)) return md(label);
  return `[${md(label)}](${url.replace(/[()]/g, encodeURIComponent)})`;
}

