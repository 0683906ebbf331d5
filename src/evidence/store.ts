import type { z } from 'zod';
import { formatPath, validate } from '../schemas/errors.js';
import { errorMessage } from '../util/errors.js';
import { JsonSyntaxError, parseJson, type JsonLimits, type NonFinite } from './json.js';
import { unknownFormatReason } from './formats.js';
import { EvidenceFileError, type Workspace } from './workspace.js';
import { groupDigits } from '../util/format.js';

/** What parseWith gives when the document needs the format's schema and it is not loaded. */
const NEEDS_SCHEMA = Symbol('needs schema');

/** A versioned JSON evidence format. */
export interface JsonFormat<S extends z.ZodType = z.ZodType> {
  /** Human name, used in messages: "evaluation report". */
  name: string;
  /** The schema; or, for formats a run reads by their plain check, `loadSchema` (imported on demand, so that the run loads no zod). */
  schema?: S;
  loadSchema?: () => Promise<S>;
  /** Highest schemaVersion this build reads; omit for formats we do not own. */
  version?: number;
  /**
   * A plain check that gives exactly the schema's result for a valid document, and undefined for
   * anything else (the schema then parses it and reports the errors), for large documents.
   */
  plain?: (value: unknown) => z.infer<S> | undefined;
  /** For a document that is not valid: what else it looks like and how to give it (another tool's format), or undefined. */
  hint?: (value: unknown, file: string) => string | undefined;
}

export type Loaded<T> =
  { ok: true; file: string; value: T; nonFinite: NonFinite[] } | { ok: false; file: string; message: string; line?: number };

/** "an evaluation report", "a data snapshot". */
export const article = (name: string): string => `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;

/** Counts of numbers read from one evidence file, for numerical stability (monitor-5). */
export interface NumericScan {
  file: string;
  what: string;
  values: number;
  nonFinite: NonFinite[];
  /** The file could not be read, so nothing in it was scanned: why (monitor-5 is an error for it, not a pass). */
  error?: string;
  line?: number;
}

/**
 * Reads evidence once per file and validates it. Several evaluators may ask for the same file;
 * it is read and parsed once. Every failure becomes a message naming the file and the field or line.
 */
export class EvidenceStore {
  private readonly cache = new Map<string, Promise<Loaded<unknown>>>();
  readonly numericScans: NumericScan[] = [];
  /**
   * Files found to hold a schemaVersion newer than this build reads, with the message. Every rubric
   * test that reads one of them is an error, whichever reader met the version first (gate/evaluate.ts).
   */
  readonly futureVersions = new Map<string, string>();

  constructor(readonly workspace: Workspace) {}

  /** The JSON limits of this workspace. */
  get jsonLimits(): JsonLimits {
    const l = this.workspace.limits;
    return { maxDepth: l['max-json-depth'], maxValues: l['max-json-values'] };
  }

  json<S extends z.ZodType>(file: string, format: JsonFormat<S>): Promise<Loaded<z.infer<S>>> {
    const key = `${format.name}\u0000${file}`;
    let p = this.cache.get(key);
    if (!p) {
      p = this.loadJson(file, format);
      this.cache.set(key, p);
    }
    return p as Promise<Loaded<z.infer<S>>>;
  }

  /**
   * Parse JSON text already in memory (e.g. a downloaded artifact) with the same rules: a format
   * with `schema`; parseText for any format.
   */
  parse<S extends z.ZodType>(file: string, text: string, format: JsonFormat<S>): Loaded<z.infer<S>> {
    const r = this.parseWith(file, text, format, format.schema);
    if (r === NEEDS_SCHEMA) throw new Error(`the schema of ${format.name} is not loaded (parseText)`);
    return r;
  }

  /** parse, for any format: a format's schema is loaded when its plain check does not accept the document. */
  async parseText<S extends z.ZodType>(file: string, text: string, format: JsonFormat<S>): Promise<Loaded<z.infer<S>>> {
    const r = this.parseWith(file, text, format, format.schema);
    if (r !== NEEDS_SCHEMA) return r;
    const schema = (format.schema ??= await format.loadSchema!());
    return this.parseWith(file, text, format, schema) as Loaded<z.infer<S>>;
  }

  private parseWith<S extends z.ZodType>(
    file: string,
    text: string,
    format: JsonFormat<S>,
    schema: S | undefined,
  ): Loaded<z.infer<S>> | typeof NEEDS_SCHEMA {
    const max = this.workspace.limits['max-json-bytes'];
    if (text.length > max) {
      const size = groupDigits(Buffer.byteLength(text));
      return {
        ok: false,
        file,
        message: `${file} is ${size} bytes, more than limits.max-json-bytes (${groupDigits(max)}); it was not read`,
      };
    }
    let parsed;
    try {
      parsed = parseJson(text, this.jsonLimits);
    } catch (e) {
      if (e instanceof JsonSyntaxError) {
        // data may be raw (CSV, TSV, JSON Lines) instead of a snapshot: a Parquet file says how to convert it
        const table = /snapshot/.test(format.name) && !/\.json$/i.test(file) ? unknownFormatReason(file) : '';
        if (table && !table.startsWith('cannot tell')) return { ok: false, file, message: `${file}: ${table}` };
        if (/snapshot/.test(format.name) && /after the end of the document/.test(e.message) && /^\s*\{/.test(text))
          return {
            ok: false,
            file,
            message: `${file}: it holds one JSON object per line (JSON Lines), not a ${format.name}: name the file .jsonl to read it as raw data`,
            line: e.line,
          };
        const at = e.line ? ` (line ${e.line}, column ${e.column})` : '';
        return { ok: false, file, message: `${file}${at}: ${e.message}; expected ${article(format.name)} (JSON)`, line: e.line };
      }
      throw e;
    }
    const v = parsed.value as { schemaVersion?: unknown } | null;
    if (
      format.version !== undefined &&
      v &&
      typeof v === 'object' &&
      typeof v.schemaVersion === 'number' &&
      v.schemaVersion > format.version
    ) {
      const message = `${file}: schemaVersion ${v.schemaVersion} is newer than this ml-test-gate understands (it reads ${format.name} schemaVersion ${format.version}); upgrade ml-test-gate`;
      this.futureVersions.set(file, message);
      return { ok: false, file, message };
    }
    const plain = format.plain?.(parsed.value);
    if (plain === undefined && schema === undefined) return NEEDS_SCHEMA;
    const r = plain !== undefined ? { ok: true as const, data: plain } : validate(schema!, parsed.value);
    if (!r.ok) {
      const bad = new Map(parsed.nonFinite.map((n) => [n.path, n.token]));
      const msgs = r.issues.slice(0, 5).map((i) => {
        const where = formatPath(i.path);
        const token = bad.get(where);
        return token ? `${where}: ${token} is not allowed here; expected a finite number` : i.message;
      });
      const more = r.total > 5 ? ` (+${r.total - 5} more)` : '';
      const hint = format.hint?.(parsed.value, file);
      if (hint) return { ok: false, file, message: `${file}: not ${article(format.name)}: ${hint}` };
      return { ok: false, file, message: `${file}: invalid ${format.name}: ${msgs.join('; ')}${more}` };
    }
    return { ok: true, file, value: r.data, nonFinite: parsed.nonFinite };
  }

  private async loadJson<S extends z.ZodType>(file: string, format: JsonFormat<S>): Promise<Loaded<z.infer<S>>> {
    let text: string;
    try {
      text = await this.workspace.readText(file);
    } catch (e) {
      const message = e instanceof EvidenceFileError ? e.message : `${file}: cannot read: ${errorMessage(e)}`;
      return { ok: false, file, message: `${message} (expected ${article(format.name)})` };
    }
    return this.parseText(file, text, format);
  }

  recordNumericScan(scan: NumericScan): void {
    this.numericScans.push(scan);
  }
}
