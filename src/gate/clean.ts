import { withoutControlChars } from '../util/format.js';

/**
 * Printable, bounded text from a workflow file, for messages and the report. Apart from workflows.ts
 * (which loads the YAML library) so that the maturity facts load it only when there are workflows to read.
 */
export function clean(text: unknown, max = 80): string {
  const s = withoutControlChars(String(text ?? '')).trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
