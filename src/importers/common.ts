import path from 'node:path';
import { JsonSyntaxError, parseJson, type NonFinite } from '../evidence/json.js';
import type { JsonFormat } from '../evidence/store.js';
import type { evalReportSchema } from '../schemas/eval-report.js';
import { plainEvalReport } from '../schemas/plain.js';
import { formatPath } from '../schemas/errors.js';
import { DEFAULT_LIMITS, EVAL_REPORT_VERSION } from '../schemas/constants.js';
import { quoted } from '../util/excerpt.js';

/**
 * Our evaluation report format (here, not in index.ts, so that evidence.ts reads it without loading
 * the importers): read by its plain check, the schema loaded only for a report the check leaves to it.
 */
export const EVAL_REPORT_JSON: JsonFormat<typeof evalReportSchema> = {
  name: 'evaluation report',
  loadSchema: async () => (await import('../schemas/eval-report.js')).evalReportSchema,
  plain: plainEvalReport,
  version: EVAL_REPORT_VERSION,
  hint: otherEvalReport,
};

/**
 * A metrics file another tool wrote, given without its format (a stranger's `eval-report: metrics.json`):
 * which format it looks like and the key to set, or undefined for anything else.
 */
function otherEvalReport(v: unknown, file: string): string | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v) || 'schemaVersion' in v) return undefined;
  const o = v as Record<string, unknown>;
  const give = (what: string, format: string) => `it looks like ${what}; give it as { path: ${file}, format: ${format} }`;
  if ('macro avg' in o || 'weighted avg' in o) return give("scikit-learn's classification_report(output_dict=True)", 'sklearn-report');
  if (o.run && typeof o.run === 'object' && 'data' in o.run) return give('an MLflow run (runs/get)', 'mlflow');
  // DVC metrics: numbers, possibly nested under names (a stage or a split: {"test": {"acc": 0.9}})
  const numeric = (x: unknown, depth: number): boolean =>
    typeof x === 'number' ||
    (depth < 3 &&
      !!x &&
      typeof x === 'object' &&
      !Array.isArray(x) &&
      Object.values(x).length > 0 &&
      Object.values(x).every((y) => numeric(y, depth + 1)));
  if (Object.keys(o).length > 0 && numeric(o, 0)) return give('metrics as DVC writes them (names and numbers)', 'dvc');
  return undefined;
}

/** Evidence in another tool's format that cannot be read: the message names the file, the expected format and the first offending path. */
export class ImportError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

/** What an importer produced: the value in ml-test-gate's format, the non-finite numbers it met (for monitor-5) and notes on what it left out. */
export interface Imported<T> {
  value: T;
  nonFinite: NonFinite[];
  notes: string[];
}

/** `file: expected <format>; <path>: <problem>`. */
export function shapeError(file: string, expected: string, where: ReadonlyArray<PropertyKey>, problem: string, line?: number): ImportError {
  return new ImportError(file, `${file}: expected ${expected}; ${formatPath(where)}: ${problem}`, line);
}

export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${quoted(v, 40)}`;
  return `${typeof v} ${String(v)}`;
}

export const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Replace NaN and +/-Infinity numbers (YAML .nan, TOML nan) by null and record where they were. */
export function extractNonFinite(
  value: unknown,
  at: Array<string | number> = [],
  found: NonFinite[] = [],
): { value: unknown; nonFinite: NonFinite[] } {
  const walk = (v: unknown, p: Array<string | number>): unknown => {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      found.push({ path: formatPath(p), token: Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity' });
      return null;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...p, i]));
    if (isRecord(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, [...p, k]);
      return out;
    }
    return v;
  };
  return { value: walk(value, at), nonFinite: found };
}

/** Parse JSON as ML tools write it (bare NaN/Infinity accepted and recorded). */
export function readJson(file: string, text: string, expected: string): { value: unknown; nonFinite: NonFinite[] } {
  try {
    return parseJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      const at = e.line ? ` (line ${e.line}, column ${e.column})` : '';
      throw new ImportError(file, `${file}${at}: ${e.message}; expected ${expected}`, e.line);
    }
    throw e;
  }
}

/** YAML (and TOML) evidence nested deeper than this is refused before anything recursive walks it. */
export const MAX_DEPTH = DEFAULT_LIMITS['max-json-depth'];

export function tooDeep(file: string, expected: string): ImportError {
  return new ImportError(
    file,
    `${file}: nested more than ${MAX_DEPTH} deep (limits.max-json-depth); it was not read; expected ${expected}`,
  );
}

export const baseName = (file: string) => path.posix.basename(file.replace(/\\/g, '/')).replace(/\.[^.]+$/, '');

/** Whole-number fields that protobuf's JSON mapping writes as strings (int64, uint64): "12" -> 12. */
export function int64(v: unknown): unknown {
  return typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
}
