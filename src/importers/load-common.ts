/**
 * Shared by the load-test and registry importers: telling another tool's file from the one
 * expected, a small CSV reader for summary tables, and pooling repeated runs into one report.
 */
import type { PerformanceReport } from '../schemas/infra.js';
import { ImportError, isRecord, kindOf } from './common.js';

/** Top-level keys that identify a JSON file of another kind. */
const SIGNATURES: Array<{ keys: string[]; what: string }> = [
  { keys: ['benchmarks'], what: 'a pytest-benchmark JSON report' },
  { keys: ['run'], what: 'an MLflow runs/get response' },
  { keys: ['registered_model'], what: 'an MLflow registered-models/get response' },
  { keys: ['model_versions'], what: 'an MLflow model-versions/search (or get-latest-versions) response' },
  { keys: ['metrics', 'root_group'], what: 'a k6 end-of-test summary' },
  { keys: ['datasets'], what: 'TensorFlow Data Validation statistics' },
  { keys: ['schemaVersion'], what: 'an ml-test-gate JSON evidence file' },
];

/**
 * Throw one clear message when a parsed JSON value is not an object holding `required`: the file is
 * empty of it, a list, or another tool's file (named when recognised).
 */
export function notOurKind(file: string, value: unknown, expected: string, required: string): void {
  if (!isRecord(value)) throw new ImportError(file, `${file}: expected ${expected}; got ${kindOf(value)} at the top level`);
  if (required in value) return;
  const other = SIGNATURES.find((s) => s.keys.every((k) => k in value) && !s.keys.includes(required));
  const kind = other
    ? other.what === 'an ml-test-gate JSON evidence file' && typeof value.kind === 'string'
      ? `an ml-test-gate ${value.kind.replace(/^ml-test-gate\//, '')} file`
      : other.what
    : undefined;
  const keys = Object.keys(value).slice(0, 6).join(', ');
  throw new ImportError(
    file,
    `${file}: expected ${expected}; ${required}: required${kind ? `; this looks like ${kind}` : `; the top-level keys are ${keys || 'none'}`}`,
  );
}

/** RFC 4180 CSV text (quotes, doubled quotes, CRLF) into rows of fields with their line numbers; blank lines skipped. */
export function parseCsvText(text: string): Array<{ line: number; fields: string[] }> {
  const rows: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let any = false;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endRecord = () => {
    fields.push(field);
    if (any || fields.length > 1 || field !== '') rows.push({ line: start, fields });
    fields = [];
    field = '';
    any = false;
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      any = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      any = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else field += c;
  }
  if (quoted) throw new RangeError(`line ${start}: a quoted field is not closed (is the file truncated?)`);
  if (field !== '' || fields.length > 0 || any) endRecord();
  return rows;
}

/**
 * Repeated runs of one load test (one report per file) as one report: each run is one sample of
 * each measure; proportions and observation counts are pooled. A measure missing from some runs
 * keeps the samples it has, and a note says so.
 */
export function poolRuns(files: string[], reports: PerformanceReport[], notes: string[]): PerformanceReport {
  if (reports.length === 1) return reports[0];
  const measures: PerformanceReport['measures'] = {};
  const seen = new Map<string, number>();
  for (const r of reports) {
    for (const [name, m] of Object.entries(r.measures)) {
      seen.set(name, (seen.get(name) ?? 0) + 1);
      const cur = measures[name];
      if (!cur) {
        // a proportion is pooled (its method says so); other figures are one sample per run
        measures[name] = {
          ...m,
          samples: m.samples ? [...m.samples] : undefined,
          source: m.source && !m.proportion ? `${m.source}, per run` : m.source,
        };
        continue;
      }
      if (m.samples) cur.samples = [...(cur.samples ?? []), ...m.samples];
      if (m.observations) cur.observations = (cur.observations ?? 0) + m.observations;
      if (m.proportion)
        cur.proportion = cur.proportion
          ? { events: cur.proportion.events + m.proportion.events, trials: cur.proportion.trials + m.proportion.trials }
          : { ...m.proportion };
    }
  }
  for (const [name, k] of seen)
    if (k < reports.length) notes.push(`${name} is in ${k} of the ${reports.length} runs (${files.join(', ')})`);
  const environment: Record<string, string | number | boolean> = {};
  for (const r of reports) {
    for (const [k, v] of Object.entries(r.environment ?? {})) {
      if (k in environment && environment[k] !== v) notes.push(`the runs differ in ${k}: ${String(environment[k])} vs ${String(v)}`);
      else environment[k] = v;
    }
  }
  return { schemaVersion: reports[0].schemaVersion, measures, ...(Object.keys(environment).length ? { environment } : {}) };
}
