import { describe, expect, it } from 'vitest';
import { importSnapshot } from '../../src/importers/index.js';
import { fixture } from './helpers.js';

describe('TFDV statistics importer (DatasetFeatureStatisticsList as JSON)', () => {
  const r = importSnapshot('tfdv/train-stats.json', 'tfdv', fixture('tfdv/train-stats.json'), { createdAt: '2026-11-20T00:00:00Z' });
  const f = (name: string) => r.value.features.find((x) => x.name === name)!;

  it('reads MessageToJson output: camelCase names, uint64 as strings, omitted defaults', () => {
    expect(r.value.dataset.name).toBe('train');
    expect(r.value.rows).toBe(1000);
    expect(r.value.createdAt).toBe('2026-11-20T00:00:00Z');
    expect(r.value.features.map((x) => [x.name, x.type, x.count, x.missing])).toEqual([
      ['age', 'int', 990, 10], // type omitted: INT is the proto3 default
      ['income', 'float', 1000, 0],
      ['country', 'string', 995, 5],
      ['applicant.employment_type', 'string', 1000, 0], // path.step joined
    ]);
  });

  it('numeric: standard histogram as bins (fractional counts apportioned), quantiles histogram as quantiles, median as 0.5', () => {
    const age = f('age').numeric!;
    expect(age).toMatchObject({ min: 18, max: 90, mean: 41.37, std: 12.04, nan: 0 });
    expect(age.histogram).toEqual({ edges: [18, 36, 54, 72, 90], counts: [403, 401, 160, 26] });
    expect(age.quantiles).toEqual({ '0': 18, '0.25': 30, '0.5': 40, '0.75': 51, '1': 90 });
    expect(r.notes.some((n) => /feature age: histogram counts are approximate/.test(n))).toBe(true);
  });

  it('numeric: an omitted min and bucket lowValue are 0 (proto3 default); num_nan and num_zeros are kept', () => {
    const inc = f('income').numeric!;
    expect(inc.min).toBe(0);
    expect(inc.histogram).toEqual({ edges: [0, 125000, 250000], counts: [955, 42] });
    expect(inc.nan).toBe(3);
    expect(inc.zeros).toBe(12);
    expect(inc.quantiles?.['0']).toBe(0);
  });

  it('string: the rank histogram when it lists more values than top_values; the rest is otherCount', () => {
    expect(f('country').categorical).toEqual({
      distinct: 4,
      top: [
        { value: 'DE', count: 512 },
        { value: 'FR', count: 301 },
        { value: 'NL', count: 150 },
      ],
      otherCount: 995 - 512 - 301 - 150,
    });
    expect(f('applicant.employment_type').categorical?.top).toEqual([
      { value: 'salaried', count: 870 },
      { value: 'self-employed', count: 130 },
    ]);
  });

  it('reads proto field names (snake_case) and picks a dataset (slice) by name', () => {
    const text = fixture('tfdv/sliced-stats-proto-names.json');
    const all = importSnapshot('s.json', 'tfdv', text);
    expect(all.value.dataset.name).toBe('All Examples');
    expect(all.value.rows).toBe(500);
    expect(all.notes[0]).toMatch(/2 datasets \(slices\); read datasets\[0\] "All Examples"/);
    const de = importSnapshot('s.json', 'tfdv', text, { dataset: 'country_DE' });
    expect(de.value.rows).toBe(260);
    expect(de.value.features[0]).toMatchObject({ name: 'tenure_months', type: 'int', count: 258, missing: 2 });
    expect(de.value.features[0].numeric?.histogram).toEqual({ edges: [1, 35.5, 70], counts: [150, 108] });
    expect(() => importSnapshot('s.json', 'tfdv', text, { dataset: 'country_FR' })).toThrow(
      /datasets: no dataset named "country_FR" \(found "All Examples", "country_DE"\)/,
    );
  });

  it('a NaN mean ("NaN" in protobuf JSON) becomes null and is recorded; a constant feature keeps no histogram', () => {
    const text = JSON.stringify({
      datasets: [
        {
          numExamples: '3',
          features: [
            {
              name: 'x',
              type: 'FLOAT',
              numStats: {
                commonStats: { numNonMissing: '3' },
                mean: 'NaN',
                min: 2,
                max: 2,
                histograms: [{ buckets: [{ lowValue: 2, highValue: 2, sampleCount: 3 }] }],
              },
            },
          ],
        },
      ],
    });
    const s = importSnapshot('c.json', 'tfdv', text);
    expect(s.value.features[0].numeric?.mean).toBeNull();
    expect(s.nonFinite).toEqual([{ path: 'datasets[0].features[0].numStats.mean', token: 'NaN' }]);
    expect(s.value.features[0].numeric?.histogram).toBeUndefined();
    expect(s.notes.join()).toMatch(/feature x: histogram left out \(bucket edges not strictly increasing/);
    expect(s.value.dataset.name).toBe('c');
  });

  it.each([
    ['[]', /x\.json: expected TensorFlow Data Validation statistics .*; \(top level\): expected a mapping/],
    ['{"datasets": []}', /; datasets: expected a list with length >= 1/],
    [
      '{"datasets": [{"features": [{"name": "a", "type": "DOUBLE"}]}]}',
      /; datasets\[0\]\.features\[0\]\.type: expected one of "INT", "FLOAT", "STRING", "BYTES", "STRUCT", got "DOUBLE"/,
    ],
    [
      '{"datasets": [{"features": [{"name": "a", "type": "STRING"}]}]}',
      /; datasets\[0\]\.features\[0\]\.stringStats: required for a STRING feature/,
    ],
    ['{"datasets": [{"features": [{"type": "INT", "numStats": {}}]}]}', /; datasets\[0\]\.features\[0\]: a feature needs a name or a path/],
    [
      '{"datasets": [{"features": [{"name": "a", "numStats": {"histograms": [{"buckets": [{"sampleCount": "many"}]}]}}]}]}',
      /datasets\[0\]\.features\[0\]\.numStats\.histograms\[0\]\.buckets\[0\]\.sampleCount: expected a number, got "many"/,
    ],
    ['{"datasets": [{"numExamples": "10"}]}', /datasets\[0\]\.features: no feature statistics/],
  ])('rejects %s naming the format and the first offending path', (text, message) => {
    expect(() => importSnapshot('x.json', 'tfdv', text)).toThrow(message);
  });
});

describe('TFDV histograms with fractional (sketch-derived) counts', () => {
  it('apportions the finite values so the histogram stays consistent with the counts', async () => {
    const { apportion } = await import('../../src/importers/tfdv.js');
    expect(apportion([1.5, 0.5, 1.0], 3)).toEqual([2, 0, 1]);
    expect(apportion([1.5, 0.5, 1.0], 3).reduce((a, b) => a + b, 0)).toBe(3);
    expect(apportion([0.2, 0.2, 0.6], 10)).toEqual([2, 2, 6]);
    expect(apportion([0, 0], 5)).toEqual([0, 0]);
  });
});
