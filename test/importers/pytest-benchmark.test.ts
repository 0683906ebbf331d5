import { describe, expect, it } from 'vitest';
import { importPerformance } from '../../src/importers/index.js';
import { fixture, fixtureJson } from './helpers.js';

type Bench = { name: string; stats: Record<string, number> & { data?: number[] } };
const benches = (f: string) => fixtureJson(f).benchmarks as Bench[];

describe('pytest-benchmark importer', () => {
  it('with --benchmark-save-data: every round becomes a sample, in milliseconds', () => {
    const r = importPerformance('with-data.json', 'pytest-benchmark', fixture('pytest-benchmark/with-data.json'));
    const src = benches('pytest-benchmark/with-data.json');
    expect(Object.keys(r.value.measures)).toEqual(['test_predict_single', 'test_predict_batch[256]']);
    const m = r.value.measures.test_predict_single;
    expect(m.unit).toBe('ms');
    expect(m.direction).toBe('lower');
    expect(m.samples).toEqual(src[0].stats.data!.map((s) => s * 1000));
    expect(m.summary?.n).toBe(src[0].stats.rounds);
    expect(m.summary?.median).toBeCloseTo(src[0].stats.median * 1000, 12);
    expect(r.value.environment).toMatchObject({
      cpu: 'AMD EPYC 7763 64-Core Processor',
      cpus: 4,
      python: '3.11.9',
      'pytest-benchmark': '4.0.0',
    });
    expect(r.value.measuredAt).toBe('2026-11-20T09:20:03.518744');
    expect(r.notes).toEqual([]);
  });

  it('without saved data: summary statistics only, and a note saying how to keep every round', () => {
    const r = importPerformance('summary-only.json', 'pytest-benchmark', fixture('pytest-benchmark/summary-only.json'));
    const src = benches('pytest-benchmark/summary-only.json');
    const m = r.value.measures['test_predict_batch[256]'];
    expect(m.samples).toBeUndefined();
    expect(m.summary).toEqual({
      n: src[1].stats.rounds,
      mean: src[1].stats.mean * 1000,
      stddev: src[1].stats.stddev * 1000,
      median: src[1].stats.median * 1000,
      min: src[1].stats.min * 1000,
      max: src[1].stats.max * 1000,
    });
    expect(r.notes.join()).toMatch(/2 benchmark\(s\) without saved timings \(run with --benchmark-save-data/);
  });

  it('benchmarks sharing a name across groups are told apart by their full name', () => {
    const b = (group: string) => ({
      group,
      name: 'test_x',
      fullname: `t.py::${group}::test_x`,
      stats: { min: 1, max: 1, mean: 1, median: 1, stddev: 0, rounds: 1 },
    });
    const r = importPerformance('b.json', 'pytest-benchmark', JSON.stringify({ benchmarks: [b('a'), b('b')] }));
    expect(Object.keys(r.value.measures)).toEqual(['t.py::a::test_x', 't.py::b::test_x']);
  });

  it.each([
    ['{"benchmarks": []}', /b\.json: expected a pytest-benchmark JSON report .*; benchmarks: expected a list with length >= 1/],
    ['{"machine_info": {}}', /; benchmarks: required/],
    [
      '{"benchmarks": [{"name": "t", "stats": {"min": 1, "max": 1, "mean": 1, "median": 1, "stddev": 0}}]}',
      /; benchmarks\[0\]\.stats\.rounds: required/,
    ],
    [
      '{"benchmarks": [{"name": "t", "stats": {"min": 1, "max": 1, "mean": "fast", "median": 1, "stddev": 0, "rounds": 3}}]}',
      /benchmarks\[0\]\.stats\.mean: expected a number, got "fast"/,
    ],
  ])('rejects %s naming the format and the first offending path', (text, message) => {
    expect(() => importPerformance('b.json', 'pytest-benchmark', text)).toThrow(message);
  });
});
