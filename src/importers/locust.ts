import { PERFORMANCE_VERSION, type PerformanceReport } from '../schemas/infra.js';
import { nearest } from '../util/suggest.js';
import { ImportError, type Imported } from './common.js';
import { parseCsvText } from './load-common.js';
import { quoted } from '../util/excerpt.js';

export const LOCUST_EXPECTED =
  'a Locust --csv statistics file (PREFIX_stats.csv: Type, Name, Request Count, Failure Count, ..., Requests/s, Failures/s, 50%, ..., 100%, with the "Aggregated" row)';
export const LOCUST_HISTORY_EXPECTED =
  'a Locust --csv history file (PREFIX_stats_history.csv: Timestamp, User Count, Type, Name, Requests/s, ...)';

export interface LocustOptions {
  /** The row to read: a Name ("/predict"), "Type Name" ("POST /predict"), or Aggregated (default). */
  endpoint?: string;
  prefix?: string;
  /** The matching PREFIX_stats_history.csv: when the run ended and its peak user count. */
  history?: { file: string; text: string };
}

const REQUIRED = ['Type', 'Name', 'Request Count', 'Failure Count', 'Requests/s'];
/** Percentile columns imported, by measure suffix. */
const PERCENTILES: Array<[string, string]> = [
  ['50%', '50'],
  ['90%', '90'],
  ['95%', '95'],
  ['99%', '99'],
];

function table(
  file: string,
  text: string,
  expected: string,
  required: string[],
): { header: string[]; rows: Array<{ line: number; cells: Record<string, string> }> } {
  if (/^\s*[{[]/.test(text)) throw new ImportError(file, `${file}: this is JSON, not CSV; expected ${expected}`, 1);
  let parsed;
  try {
    parsed = parseCsvText(text);
  } catch (e) {
    throw new ImportError(file, `${file}: ${(e as Error).message}; expected ${expected}`);
  }
  if (parsed.length === 0) throw new ImportError(file, `${file}: the file is empty; expected ${expected}`);
  const header = parsed[0].fields.map((h) => h.trim());
  if (header.includes('Timestamp') && header.includes('User Count') && !required.includes('Timestamp')) {
    throw new ImportError(
      file,
      `${file}: this is Locust's PREFIX_stats_history.csv (a time series), not the final statistics; expected ${expected}. Give PREFIX_stats.csv as path and the history file as history`,
    );
  }
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length) {
    const near = nearest(missing[0], header);
    throw new ImportError(
      file,
      `${file}, line 1: missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => quoted(c, 40)).join(', ')}${near ? ` (did you mean "${near}"?)` : ''}; expected ${expected}`,
      1,
    );
  }
  const rows = parsed.slice(1).map((r) => {
    if (r.fields.length !== header.length) {
      throw new ImportError(
        file,
        `${file}, line ${r.line}: ${r.fields.length} fields where the header has ${header.length}; expected ${expected} (is the file truncated?)`,
        r.line,
      );
    }
    return { line: r.line, cells: Object.fromEntries(header.map((h, i) => [h, r.fields[i]])) };
  });
  return { header, rows };
}

function number(file: string, line: number, column: string, text: string | undefined, expected: string): number {
  const t = (text ?? '').trim();
  const v = t === '' ? NaN : Number(t);
  if (!Number.isFinite(v) || v < 0) {
    throw new ImportError(
      file,
      `${file}, line ${line}, column "${column}": ${quoted(t, 30)} is not a number >= 0; expected ${expected}`,
      line,
    );
  }
  return v;
}

/**
 * Locust's PREFIX_stats.csv as computing-performance evidence: the response-time percentiles
 * (milliseconds; Locust approximates them by rounding response times above 100 ms to two
 * significant digits), throughput (Requests/s over the run) and error rate (Failure Count of
 * Request Count) of one row, by default "Aggregated".
 */
export function readLocustStats(file: string, text: string, o: LocustOptions = {}): Imported<PerformanceReport> {
  const { header, rows } = table(file, text, LOCUST_EXPECTED, REQUIRED);
  const wanted = o.endpoint ?? 'Aggregated';
  const label = (c: Record<string, string>) => (c.Type ? `${c.Type} ${c.Name}` : c.Name);
  const hits = rows.filter((r) => r.cells.Name === wanted || label(r.cells) === wanted);
  if (hits.length !== 1) {
    const names = rows.map((r) => label(r.cells));
    const near = nearest(wanted, [...names, ...rows.map((r) => r.cells.Name)]);
    const why =
      hits.length === 0
        ? `no row named ${JSON.stringify(wanted)}${near ? ` (did you mean "${near}"?)` : ''}`
        : `${hits.length} rows are named ${JSON.stringify(wanted)}; give "Type Name", e.g. ${JSON.stringify(label(hits[0].cells))}`;
    throw new ImportError(
      file,
      `${file}: ${why}; rows: ${names.slice(0, 8).join(', ')}${wanted === 'Aggregated' ? ' (the Aggregated row is missing: is the file truncated?)' : ''}`,
    );
  }
  const { line, cells } = hits[0];
  const requests = number(file, line, 'Request Count', cells['Request Count'], LOCUST_EXPECTED);
  const failures = number(file, line, 'Failure Count', cells['Failure Count'], LOCUST_EXPECTED);
  if (requests === 0) throw new ImportError(file, `${file}, line ${line}: ${label(cells)} has 0 requests: nothing was measured`, line);
  if (failures > requests)
    throw new ImportError(file, `${file}, line ${line}: Failure Count ${failures} exceeds Request Count ${requests}`, line);
  const prefix = o.prefix ?? '';
  const measures: PerformanceReport['measures'] = {};
  const row = label(cells);
  for (const [col, p] of PERCENTILES) {
    if (!header.includes(col)) continue;
    const v = number(file, line, col, cells[col], LOCUST_EXPECTED);
    measures[`${prefix}latency_p${p}_ms`] = {
      unit: 'ms',
      direction: 'lower',
      samples: [v],
      observations: requests,
      source: `Locust ${row} ${col} response time (approximated by Locust)`,
    };
  }
  if (Object.keys(measures).length === 0)
    throw new ImportError(file, `${file}, line 1: no percentile column (50%, 90%, 95%, 99%); expected ${LOCUST_EXPECTED}`, 1);
  measures[`${prefix}throughput_per_s`] = {
    unit: '1/s',
    direction: 'higher',
    samples: [number(file, line, 'Requests/s', cells['Requests/s'], LOCUST_EXPECTED)],
    observations: requests,
    source: `Locust ${row} Requests/s over the run`,
  };
  measures[`${prefix}error_rate`] = {
    direction: 'lower',
    samples: [failures / requests],
    proportion: { events: failures, trials: requests },
    source: `Locust ${row} Failure Count of Request Count`,
  };
  const notes: string[] = [];
  const value: PerformanceReport = { schemaVersion: PERFORMANCE_VERSION, measures };
  if (o.history) Object.assign(value, readHistory(o.history.file, o.history.text, notes));
  return { value, nonFinite: [], notes };
}

/** From PREFIX_stats_history.csv: when the run ended and its peak user count (the load level, compared with the base run's). */
function readHistory(file: string, text: string, notes: string[]): Pick<PerformanceReport, 'measuredAt' | 'environment'> {
  const { rows } = table(file, text, LOCUST_HISTORY_EXPECTED, ['Timestamp', 'User Count', 'Name']);
  const agg = rows.filter((r) => r.cells.Name === 'Aggregated');
  if (agg.length === 0) throw new ImportError(file, `${file}: no "Aggregated" rows; expected ${LOCUST_HISTORY_EXPECTED}`);
  const ts = agg.map((r) => number(file, r.line, 'Timestamp', r.cells.Timestamp, LOCUST_HISTORY_EXPECTED));
  const users = agg.map((r) => number(file, r.line, 'User Count', r.cells['User Count'], LOCUST_HISTORY_EXPECTED));
  const first = ts[0];
  const last = ts[ts.length - 1];
  if (last < first) notes.push(`${file}: timestamps go backwards (${first} then ${last})`);
  return {
    measuredAt: new Date(last * 1000).toISOString(),
    environment: { 'Locust peak users': Math.max(...users) },
  };
}
