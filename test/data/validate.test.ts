import { describe, expect, it } from 'vitest';
import { schemaDiff } from '../../src/data/diff.js';
import { inferSchema } from '../../src/data/infer.js';
import { Profiler } from '../../src/data/profile.js';
import { validateSnapshot } from '../../src/data/validate.js';
import { dataSchemaSchema, type DataSchema } from '../../src/schemas/data-schema.js';
import { validate } from '../../src/schemas/errors.js';
import { snapshotSchema, type Snapshot } from '../../src/schemas/snapshot.js';

function snap(cols: string[], rows: Array<Array<string | null>>): Snapshot {
  const p = new Profiler(cols);
  rows.forEach((r, i) => p.addRow(r, i + 2));
  return p.finish({ dataset: { name: 't' } });
}

const train = snap(
  ['age', 'country', 'score'],
  [
    ['30', 'DE', '0.5'],
    ['41', 'FR', '0.7'],
    ['25', 'DE', null],
    ['60', 'US', '0.1'],
  ],
);

describe('infer-schema', () => {
  it('proposes a schema the snapshot conforms to', () => {
    const schema = inferSchema(train);
    expect(validate(dataSchemaSchema, schema).ok).toBe(true);
    expect(schema.features.find((f) => f.name === 'age')).toMatchObject({ type: 'int', range: { min: 25, max: 60 }, minPresence: 1 });
    expect(schema.features.find((f) => f.name === 'country')!.domain).toEqual(['DE', 'FR', 'US']);
    expect(schema.features.find((f) => f.name === 'score')!.minPresence).toBe(0.75);
    const v = validateSnapshot(train, schema);
    expect(v.features.flatMap((f) => f.anomalies)).toEqual([]);
    expect(v.anomalies).toEqual([]);
  });
});

describe('validation anomalies (TFDV names)', () => {
  const schema: DataSchema = dataSchemaSchema.parse({
    schemaVersion: 1,
    features: [
      { name: 'age', type: 'int', range: { min: 18, max: 50 } },
      { name: 'country', type: 'string', domain: ['DE', 'FR'], maxOutOfDomain: 0.1 },
      { name: 'score', type: 'float', minPresence: 0.9 },
      { name: 'income', type: 'float' },
      { name: 'optional_one', type: 'int', required: false },
    ],
  });
  const kinds = () => {
    const v = validateSnapshot(train, schema);
    return [...v.features.flatMap((f) => f.anomalies), ...v.anomalies].map((a) => `${a.feature}: ${a.kind}`);
  };
  it('reports out-of-range, unexpected categorical values, low presence and the missing column; optional absent is fine', () => {
    expect(kinds().sort()).toEqual([
      'age: out-of-range values',
      'country: unexpected categorical values',
      'income: missing column',
      'score: low presence',
    ]);
  });
  it('messages name the feature and the numbers', () => {
    const v = validateSnapshot(train, schema);
    const all = v.features.flatMap((f) => f.anomalies);
    expect(all.find((a) => a.kind === 'out-of-range values')!.message).toBe(
      'feature "age": observed [25, 60] is outside the expected range [18, 50]',
    );
    expect(all.find((a) => a.kind === 'low presence')!.message).toContain('75% of rows (3 of 4), below 90%');
    expect(all.find((a) => a.kind === 'unexpected categorical values')!.message).toContain(
      '25% of values are outside the domain (allowed 10%): "US" x1',
    );
  });
  it('new column, type change, NaN/infinity and mixed types', () => {
    const s = snap(
      ['age', 'extra', 'score'],
      [
        ['x', '1', 'NaN'],
        ['30', '2', '1'],
        ['31', '3', '2'],
      ],
    );
    const v = validateSnapshot(
      s,
      dataSchemaSchema.parse({
        schemaVersion: 1,
        features: [
          { name: 'age', type: 'string' },
          { name: 'score', type: 'int' },
        ],
      }),
    );
    const k = [...v.features.flatMap((f) => f.anomalies), ...v.anomalies].map((a) => `${a.feature}: ${a.kind}`).sort();
    expect(k).toEqual(['age: mixed types', 'age: type change', 'extra: new column', 'score: NaN/infinity', 'score: type change']);
  });
  it('an entirely empty required column is low presence', () => {
    const s = snap(['e'], [[null], [null]]);
    const v = validateSnapshot(s, dataSchemaSchema.parse({ schemaVersion: 1, features: [{ name: 'e', type: 'float' }] }));
    expect(v.features[0].anomalies.map((a) => a.kind)).toEqual(['low presence']);
    expect(v.features[0].anomalies[0].message).toContain('entirely empty');
  });
});

describe('schema and snapshot formats reject bad input', () => {
  it('non-increasing bin edges', () => {
    const bad = JSON.parse(JSON.stringify(train));
    bad.features[0].numeric.histogram = { edges: [0, 2, 2], counts: [4, 0] };
    const r = validate(snapshotSchema, bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.message).join('\n')).toMatch(/strictly increasing: edges\[2\] = 2 is not above edges\[1\] = 2/);
  });
  it('histogram counts that do not add up to the finite values', () => {
    const bad = JSON.parse(JSON.stringify(train));
    bad.features[0].numeric.histogram.counts[0] += 1;
    const r = validate(snapshotSchema, bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].message).toMatch(/feature "age": the histogram holds 5 values but the feature has 4 finite values/);
  });
  it('a schema with a range on a string or min above max', () => {
    const r = validate(dataSchemaSchema, {
      schemaVersion: 1,
      features: [
        { name: 'a', type: 'string', range: { min: 1 } },
        { name: 'b', type: 'int', range: { min: 5, max: 1 } },
      ],
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues.map((i) => i.message).join('\n')).toMatch(/range applies to int and float[\s\S]*range.min 5 is above range.max 1/);
  });
});

describe('schema diff', () => {
  it('lists added, removed, retyped features and domain and presence changes', () => {
    const head = snap(
      ['age', 'country', 'score', 'new_feature'],
      [
        ['30.5', 'DE', '0.5', '1'],
        ['41', 'FR', null, '2'],
        ['25', 'DE', null, '3'],
        ['60', 'IT', '0.1', '4'],
      ],
    );
    const base = snap(
      ['age', 'country', 'score', 'old'],
      [
        ['30', 'DE', '0.5', 'a'],
        ['41', 'FR', '1', 'b'],
        ['25', 'US', '1', 'c'],
        ['60', 'US', '0.1', 'd'],
      ],
    );
    const d = schemaDiff(base, head).map((e) => [e.feature, e.change, e.base, e.head]);
    expect(d).toEqual([
      ['new_feature', 'added', '-', 'int'],
      ['old', 'removed', 'string', '-'],
      ['age', 'retyped', 'int', 'float'],
      ['country', 'domain', 'only in base: "US"', 'new in head: "IT"'],
      ['score', 'presence', '100%', '50%'],
    ]);
  });
});
