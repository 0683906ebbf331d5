import { describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../src/evidence/store.js';
import { fileWorkspace } from '../../src/evidence/workspace.js';
import { importPerformance, loadPerformance } from '../../src/importers/index.js';
import { memoryWorkspace } from '../helpers/memory-workspace.js';
import { FIXTURES, fixture, fixtureJson } from './helpers.js';

const k6 = (f: string, o = {}) => importPerformance(f, 'k6', fixture(`k6/${f}`), o);
const locust = (f: string, o = {}) => importPerformance(f, 'locust', fixture(`locust/${f}`), o);
type Legacy = Record<string, Record<string, number>>;

describe('k6 importer', () => {
  it('--summary-export: latency percentiles (ms), throughput and error rate of the run, with where each came from', () => {
    const r = k6('summary-export.json');
    const src = fixtureJson('k6/summary-export.json').metrics as Legacy;
    expect(Object.keys(r.value.measures)).toEqual(['latency_p50_ms', 'latency_p90_ms', 'latency_p95_ms', 'throughput_per_s', 'error_rate']);
    const m = r.value.measures;
    expect(m.latency_p95_ms).toEqual({
      unit: 'ms',
      direction: 'lower',
      samples: [src.http_req_duration['p(95)']],
      observations: 11982,
      source: 'k6 http_req_duration p(95) (--summary-export)',
    });
    expect(m.latency_p50_ms.samples).toEqual([src.http_req_duration.med]);
    expect(m.throughput_per_s).toMatchObject({ unit: '1/s', direction: 'higher', samples: [src.http_reqs.rate], observations: 11982 });
    // http_req_failed: passes are the failed requests (a Rate counts samples worth 1)
    expect(m.error_rate).toMatchObject({ direction: 'lower', proportion: { events: 14, trials: 11982 }, samples: [14 / 11982] });
    expect(r.value.environment).toEqual({ 'k6 max VUs': 20 });
    expect(r.notes).toEqual([]); // no threshold was crossed
  });

  it('the handleSummary() data object gives the same figures as --summary-export of the same run', () => {
    const a = k6('summary-export.json').value.measures;
    const b = k6('handle-summary.json').value.measures;
    for (const [name, m] of Object.entries(a)) {
      expect(b[name].samples).toEqual(m.samples);
      expect(b[name].proportion).toEqual(m.proportion);
      expect(b[name].source).toBe(m.source!.replace('--summary-export', 'handleSummary data'));
    }
  });

  it('extra trend stats (p(99), count) are read, crossed thresholds become a note, and a submetric or a prefix can be chosen', () => {
    const r = k6('summary-export-p99.json');
    expect(r.value.measures.latency_p99_ms.samples).toEqual([148.2071]);
    expect(r.notes).toEqual(['summary-export-p99.json: k6 marked 1 threshold(s) as crossed: http_req_duration: p(99)<120']);
    const sub = k6('handle-summary.json', { latencyMetric: 'http_req_duration{expected_response:true}', prefix: 'score_' });
    expect(sub.value.measures.score_latency_p95_ms.samples).toEqual([81.0213]);
    expect(sub.value.measures.score_latency_p95_ms.source).toBe('k6 http_req_duration{expected_response:true} p(95) (handleSummary data)');
    expect(Object.keys(sub.value.measures)).toContain('score_error_rate');
  });

  it('keeps and ignores fields k6 may add', () => {
    const doc = fixtureJson('k6/handle-summary.json');
    (doc as Record<string, unknown>).setup_data = { token: 'x' };
    (doc.metrics as Record<string, Record<string, unknown>>).http_reqs.extra = 1;
    expect(importPerformance('s.json', 'k6', JSON.stringify(doc)).value.measures.throughput_per_s.samples).toHaveLength(1);
  });

  const text = fixture('k6/summary-export.json');
  it.each([
    [
      'stream.json',
      fixture('k6/out-json-stream.json'),
      "stream.json: this is k6's --out json stream (one JSON object per line), not the end-of-test summary",
    ],
    ['trunc.json', text.slice(0, 900), /^trunc\.json \(line \d+, column \d+\): .*; expected a k6 end-of-test summary/],
    [
      'bench.json',
      fixture('pytest-benchmark/with-data.json'),
      /^bench\.json: expected a k6 end-of-test summary .*; metrics: required; this looks like a pytest-benchmark JSON report$/,
    ],
    ['list.json', '[1, 2]', /^list\.json: expected a k6 end-of-test summary .*; got a list at the top level$/],
    [
      'typo.json',
      text.replace('"http_req_duration"', '"http_req_durations"'),
      /metrics\.http_req_duration: not found \(did you mean "http_req_durations"\?\); trend metrics in the file: /,
    ],
    [
      'bad.json',
      JSON.stringify({ metrics: { http_req_duration: { type: 'trend', contains: 'time', values: { med: 'fast' } } } }),
      /^bad\.json: expected a k6 end-of-test summary .*; metrics\.http_req_duration: /,
    ],
    [
      'counter.json',
      JSON.stringify({ metrics: { http_req_duration: { count: 3, rate: 1 } } }),
      /metrics\.http_req_duration: is a counter metric, not a trend of times/,
    ],
  ])('%s: one clear message naming the file and what was expected', (file, body, message) => {
    expect(() => importPerformance(file, 'k6', body)).toThrow(message);
  });
});

describe('Locust importer', () => {
  it('PREFIX_stats.csv: the Aggregated row by default; percentiles, Requests/s and Failure Count of Request Count', () => {
    const r = locust('locust_stats.csv');
    const m = r.value.measures;
    expect(Object.keys(m)).toEqual([
      'latency_p50_ms',
      'latency_p90_ms',
      'latency_p95_ms',
      'latency_p99_ms',
      'throughput_per_s',
      'error_rate',
    ]);
    expect(m.latency_p95_ms).toEqual({
      unit: 'ms',
      direction: 'lower',
      samples: [79],
      observations: 12440,
      source: 'Locust Aggregated 95% response time (approximated by Locust)',
    });
    expect(m.throughput_per_s.samples).toEqual([12440 / 300]);
    expect(m.error_rate).toMatchObject({ proportion: { events: 9, trials: 12440 }, samples: [9 / 12440] });
  });

  it('one endpoint by name or "Type Name"; the history file gives when the run ended and its peak users', () => {
    expect(locust('locust_stats.csv', { endpoint: 'POST /predict' }).value.measures.latency_p99_ms.samples).toEqual([150]);
    expect(locust('locust_stats.csv', { endpoint: '/health' }).value.measures.error_rate.proportion).toEqual({ events: 0, trials: 600 });
    const r = locust('locust_stats.csv', { history: { file: 'h.csv', text: fixture('locust/locust_stats_history.csv') } });
    expect(r.value.measuredAt).toBe('2026-11-23T09:05:00.000Z');
    expect(r.value.environment).toEqual({ 'Locust peak users': 20 });
  });

  it.each([
    [
      'locust_stats_truncated.csv',
      {},
      /^locust_stats_truncated\.csv, line 4: 5 fields where the header has 22; expected a Locust --csv statistics file .* \(is the file truncated\?\)$/,
    ],
    ['locust_failures.csv', {}, /^locust_failures\.csv, line 1: missing columns "Type", "Request Count", "Failure Count", "Requests\/s"/],
    [
      'locust_stats_history.csv',
      {},
      /^locust_stats_history\.csv: this is Locust's PREFIX_stats_history\.csv \(a time series\), not the final statistics/,
    ],
    [
      'locust_stats.csv',
      { endpoint: '/predcit' },
      /^locust_stats\.csv: no row named "\/predcit" \(did you mean "\/predict"\?\); rows: POST \/predict, GET \/health, Aggregated$/,
    ],
  ])('%s %j: one clear message', (file, o, message) => {
    expect(() => locust(file, o)).toThrow(message);
  });

  it('a k6 JSON given as Locust, and an endpoint without requests, are told apart', () => {
    expect(() => importPerformance('k.json', 'locust', fixture('k6/summary-export.json'))).toThrow(
      /^k\.json: this is JSON, not CSV; expected a Locust --csv statistics file/,
    );
    const zero = fixture('locust/locust_stats.csv').replace('GET,/health,600,0', 'GET,/health,0,0');
    expect(() => importPerformance('z.csv', 'locust', zero, { endpoint: 'GET /health' })).toThrow(
      'z.csv, line 3: GET /health has 0 requests: nothing was measured',
    );
  });
});

describe('repeated load-test runs through the workspace', () => {
  it('a glob reads each file as one run: one sample per run, error counts pooled', async () => {
    const a = fixture('k6/summary-export.json');
    const b = a
      .replace('"p(95)": 81.3306', '"p(95)": 84.5')
      .replace('"passes": 14,\n            "fails": 11968', '"passes": 20,\n            "fails": 11962');
    const workspace = memoryWorkspace({ 'load/run-1.json': a, 'load/run-2.json': b, 'load/other.txt': 'x' });
    const l = await loadPerformance({ workspace, store: new EvidenceStore(workspace) }, { path: 'load/run-*.json', format: 'k6' });
    expect(l.ok).toBe(true);
    if (!l.ok) return;
    expect(l.file).toBe('load/run-*.json');
    expect(l.value.measures.latency_p95_ms.samples).toEqual([81.3306, 84.5]);
    expect(l.value.measures.latency_p95_ms.observations).toBe(2 * 11982);
    expect(l.value.measures.error_rate.proportion).toEqual({ events: 34, trials: 2 * 11982 });
    expect(l.value.measures.error_rate.source).toBe('k6 http_req_failed: failed requests of all requests (--summary-export)');
    expect(l.value.measures.latency_p95_ms.source).toBe('k6 http_req_duration p(95) (--summary-export), per run');
  });

  it('no match, or one bad run, is an error naming the file', async () => {
    const workspace = memoryWorkspace({ 'load/run-1.json': fixture('k6/summary-export.json'), 'load/run-2.json': '{"metrics": ' });
    const io = { workspace, store: new EvidenceStore(workspace) };
    const none = await loadPerformance(io, { path: 'perf/*.json', format: 'k6' });
    expect(none.ok ? '' : none.message).toMatch(
      /^no file matches perf\/\*\.json \(looked for \/mem\/perf\/\*\.json; expected k6 end-of-test summary/,
    );
    const bad = await loadPerformance(io, { path: 'load/*.json', format: 'k6' });
    expect(bad.ok ? '' : bad.file).toBe('load/run-2.json');
  });

  it('Locust with its history file, on disk', async () => {
    const workspace = fileWorkspace(FIXTURES);
    const l = await loadPerformance(
      { workspace, store: new EvidenceStore(workspace) },
      { path: 'locust/locust_stats.csv', format: 'locust', history: 'locust/locust_stats_history.csv' },
    );
    expect(l.ok && l.value.measuredAt).toBe('2026-11-23T09:05:00.000Z');
  });
});
