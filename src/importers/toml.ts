/**
 * TOML through smol-toml (the whole TOML 1.0 language; errors carry a line and a column), adapted to
 * what the importers expect: dates as their text, errors as one line naming where.
 */
import { parse, TomlDate, TomlError as SyntaxError } from 'smol-toml';
import { DEFAULT_LIMITS } from '../schemas/constants.js';

export class TomlError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${message}`);
  }
}

/** Dates and times become their TOML text: they are not metrics, and a report shows them as written. */
function datesAsText(v: unknown): unknown {
  if (v instanceof TomlDate) return v.toISOString();
  if (Array.isArray(v)) return v.map(datesAsText);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, datesAsText(x)]));
  return v;
}

/** Parse a TOML document; a syntax error is a TomlError with the line and column (no excerpt of the file). */
export function parseToml(text: string): Record<string, unknown> {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text, { maxDepth: DEFAULT_LIMITS['max-json-depth'] });
  } catch (e) {
    if (e instanceof RangeError)
      throw new TomlError(`nested more than ${DEFAULT_LIMITS['max-json-depth']} deep (limits.max-json-depth)`, 1, 1);
    if (!(e instanceof SyntaxError)) throw e;
    const first = e.message.split('\n', 1)[0].replace(/^Invalid TOML document: /, '');
    throw new TomlError(first, e.line, e.column);
  }
  return datesAsText(doc) as Record<string, unknown>;
}
