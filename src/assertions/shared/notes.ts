/**
 * An importer's notes (what it inferred or left out of a file) are notices in the report, said once
 * per file however many evaluators read that file.
 */
import type { EvalContext } from '../types.js';

export function importerNotes(ctx: Pick<EvalContext, 'diagnostics'>, notes: readonly string[], file: string): void {
  for (const message of notes)
    if (!ctx.diagnostics.some((x) => x.message === message && x.file === file)) ctx.diagnostics.push({ level: 'notice', message, file });
}
