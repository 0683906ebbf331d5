import type { NonFinite } from '../evidence/json.js';
import { validate } from '../schemas/errors.js';
import { PERFORMANCE_VERSION, type PerformanceReport } from '../schemas/infra.js';
import { k6SummarySchema } from '../schemas/k6.js';
import { nearest } from '../util/suggest.js';
import { ImportError, isRecord, readJson, type Imported } from './common.js';
import { notOurKind } from './load-common.js';

export const K6_EXPECTED =
  'a k6 end-of-test summary (k6 run --summary-export=FILE, or the handleSummary() data written with JSON.stringify: {"metrics": {"http_req_duration": {...}}})';

export interface K6Options {
  /** Trend metric read as latency (default http_req_duration; a submetric such as http_req_duration{expected_response:true} works). */
  latencyMetric?: string;
  /** Prefix for the measure names (e.g. "search_" gives search_latency_p95_ms). */
  prefix?: string;
}

/** A metric in one shape whichever way k6 wrote it. */
interface Metric {
  type: 'counter' | 'gauge' | 'rate' | 'trend' | 'unknown';
  contains?: string;
  values: Record<string, number | null>;
  /** Threshold expressions that were crossed (failed). */
  crossed: string[];
}

/** The legacy export drops type: tell it from the statistics present. */
function legacyType(v: Record<string, unknown>): Metric['type'] {
  if ('passes' in v && 'fails' in v) return 'rate';
  if ('count' in v && 'rate' in v) return 'counter';
  if ('med' in v || 'avg' in v || Object.keys(v).some((k) => /^p\(/.test(k))) return 'trend';
  if ('value' in v) return 'gauge';
  return 'unknown';
}

function normalise(raw: unknown): { metric: Metric; shape: 'handleSummary' | 'summary-export' } {
  const m = raw as Record<string, unknown>;
  if (typeof m.type === 'string' && isRecord(m.values)) {
    const th = isRecord(m.thresholds) ? m.thresholds : {};
    return {
      shape: 'handleSummary',
      metric: {
        type: m.type as Metric['type'],
        contains: typeof m.contains === 'string' ? m.contains : undefined,
        values: m.values as Record<string, number | null>,
        crossed: Object.entries(th)
          .filter(([, r]) => isRecord(r) && r.ok === false)
          .map(([e]) => e),
      },
    };
  }
  const values: Record<string, number | null> = {};
  let crossed: string[] = [];
  for (const [k, v] of Object.entries(m)) {
    if (k === 'thresholds' && isRecord(v))
      crossed = Object.entries(v)
        .filter(([, c]) => c === true)
        .map(([e]) => e);
    else if (typeof v === 'number' || v === null) values[k] = v;
  }
  const type = legacyType(values);
  // the export says value where handleSummary says rate
  if (type === 'rate' && 'value' in values && !('rate' in values)) values.rate = values.value;
  return { shape: 'summary-export', metric: { type, values, crossed } };
}

/** "p(95)" -> "95", "med" -> "50", "p(99.9)" -> "99_9"; undefined for other statistics. */
function percentileKey(stat: string): string | undefined {
  if (stat === 'med') return '50';
  const m = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
  return m ? m[1].replace('.', '_') : undefined;
}

function detectStream(file: string, text: string): void {
  const first = text.slice(0, 2000).split('\n', 1)[0];
  try {
    const v = JSON.parse(first) as unknown;
    if (isRecord(v) && (v.type === 'Metric' || v.type === 'Point') && 'metric' in v) {
      throw new ImportError(
        file,
        `${file}: this is k6's --out json stream (one JSON object per line), not the end-of-test summary; expected ${K6_EXPECTED}. Run k6 with --summary-export=FILE, or write handleSummary()'s data`,
        1,
      );
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
  }
}

/** The file's metrics, normalised from either summary shape, and which shape it was. */
function parseMetrics(file: string, text: string): { metrics: Map<string, Metric>; via: string; nonFinite: NonFinite[] } {
  let parsed: { value: unknown; nonFinite: NonFinite[] };
  try {
    parsed = readJson(file, text, K6_EXPECTED);
  } catch (e) {
    detectStream(file, text);
    throw e;
  }
  notOurKind(file, parsed.value, K6_EXPECTED, 'metrics');
  const r = validate(k6SummarySchema, parsed.value);
  if (!r.ok) throw new ImportError(file, `${file}: expected ${K6_EXPECTED}; ${r.issues[0].message}`);
  const metrics = new Map<string, Metric>();
  let shape: 'handleSummary' | 'summary-export' = 'summary-export';
  for (const [name, raw] of Object.entries(r.data.metrics)) {
    const n = normalise(raw);
    metrics.set(name, n.metric);
    shape = n.shape;
  }
  return { metrics, via: shape === 'handleSummary' ? 'handleSummary data' : '--summary-export', nonFinite: parsed.nonFinite };
}

/** The latency trend's percentiles, one measure each (ms); the trend must exist and be a trend of times. */
function latencyMeasures(
  file: string,
  metrics: Map<string, Metric>,
  latencyName: string,
  prefix: string,
  via: string,
  notes: string[],
): PerformanceReport['measures'] {
  const measures: PerformanceReport['measures'] = {};
  const lat = metrics.get(latencyName);
  const trends = [...metrics].filter(([, m]) => m.type === 'trend').map(([n]) => n);
  if (!lat) {
    const near = nearest(latencyName, trends);
    throw new ImportError(
      file,
      `${file}: expected ${K6_EXPECTED}; metrics.${latencyName}: not found${near ? ` (did you mean "${near}"?)` : ''}; trend metrics in the file: ${trends.slice(0, 8).join(', ') || 'none'}`,
    );
  }
  if (lat.type !== 'trend' || (lat.contains !== undefined && lat.contains !== 'time')) {
    throw new ImportError(
      file,
      `${file}: expected ${K6_EXPECTED}; metrics.${latencyName}: is a ${lat.type}${lat.contains ? ` of ${lat.contains}` : ''} metric, not a trend of times; set latency-metric to a time trend (${trends.join(', ') || 'none in the file'})`,
    );
  }
  const reqs = metrics.get('http_reqs');
  // requests behind the percentiles: the trend's own count when kept, else all HTTP requests for http_req_duration
  const count =
    lat.values.count ?? (latencyName === 'http_req_duration' && reqs?.type === 'counter' ? reqs.values.count : null) ?? undefined;
  for (const [stat, v] of Object.entries(lat.values)) {
    const p = percentileKey(stat);
    if (p === undefined) continue;
    if (v === null) {
      notes.push(`${file}: metrics.${latencyName} ${stat} is null (k6 writes NaN as null); left out`);
      continue;
    }
    measures[`${prefix}latency_p${p}_ms`] = {
      unit: 'ms',
      direction: 'lower',
      samples: [v],
      ...(count ? { observations: Math.round(count) } : {}),
      source: `k6 ${latencyName} ${stat} (${via})`,
    };
  }
  if (Object.keys(measures).length === 0) {
    throw new ImportError(
      file,
      `${file}: expected ${K6_EXPECTED}; metrics.${latencyName}: no percentile (med, p(90), p(95)...) among its statistics (${Object.keys(lat.values).join(', ')}); keep med and p(95) in --summary-trend-stats`,
    );
  }
  return measures;
}

/** Throughput (http_reqs rate) and the error rate (http_req_failed), when the file has them. */
function requestMeasures(
  file: string,
  metrics: Map<string, Metric>,
  prefix: string,
  via: string,
  notes: string[],
): PerformanceReport['measures'] {
  const measures: PerformanceReport['measures'] = {};
  const reqs = metrics.get('http_reqs');
  if (reqs?.type === 'counter' && typeof reqs.values.rate === 'number') {
    measures[`${prefix}throughput_per_s`] = {
      unit: '1/s',
      direction: 'higher',
      samples: [reqs.values.rate],
      ...(reqs.values.count ? { observations: Math.round(reqs.values.count) } : {}),
      source: `k6 http_reqs rate, requests per second over the whole run (${via})`,
    };
  } else notes.push(`${file}: no http_reqs counter: throughput not imported`);
  const failed = metrics.get('http_req_failed');
  if (failed?.type === 'rate' && typeof failed.values.passes === 'number' && typeof failed.values.fails === 'number') {
    // in a k6 Rate, passes count the samples worth 1: for http_req_failed, the failed requests
    const events = failed.values.passes;
    const trials = events + failed.values.fails;
    if (trials > 0) {
      measures[`${prefix}error_rate`] = {
        direction: 'lower',
        samples: [events / trials],
        proportion: { events, trials },
        source: `k6 http_req_failed: failed requests of all requests (${via})`,
      };
    }
  } else notes.push(`${file}: no http_req_failed rate (k6 < 0.31 or no HTTP requests): error rate not imported`);
  return measures;
}

/**
 * A k6 summary as computing-performance evidence: latency percentiles of the latency trend (ms),
 * throughput (http_reqs rate, per second) and the error rate (http_req_failed: failed of all
 * requests). One run is one sample of each; crossed k6 thresholds become notes.
 */
export function readK6Summary(file: string, text: string, o: K6Options = {}): Imported<PerformanceReport> {
  const { metrics, via, nonFinite } = parseMetrics(file, text);
  const prefix = o.prefix ?? '';
  const notes: string[] = [];
  const measures = {
    ...latencyMeasures(file, metrics, o.latencyMetric ?? 'http_req_duration', prefix, via, notes),
    ...requestMeasures(file, metrics, prefix, via, notes),
  };
  const crossed = [...metrics].flatMap(([n, m]) => m.crossed.map((e) => `${n}: ${e}`));
  if (crossed.length)
    notes.push(
      `${file}: k6 marked ${crossed.length} threshold(s) as crossed: ${crossed.slice(0, 5).join('; ')}${crossed.length > 5 ? '; ...' : ''}`,
    );
  const environment: Record<string, string | number> = {};
  const vus = metrics.get('vus_max');
  const maxVus = vus?.values.max ?? vus?.values.value;
  if (typeof maxVus === 'number') environment['k6 max VUs'] = maxVus;
  const value: PerformanceReport = {
    schemaVersion: PERFORMANCE_VERSION,
    measures,
    ...(Object.keys(environment).length ? { environment } : {}),
  };
  return { value, nonFinite, notes };
}
