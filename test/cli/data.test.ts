import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { driftCommand, inferSchemaCommand, snapshotCommand } from '../../src/cli/data.js';
import { validate } from '../../src/schemas/errors.js';
import { dataSchemaSchema } from '../../src/schemas/data-schema.js';
import { snapshotSchema } from '../../src/schemas/snapshot.js';
import { ks2Statistic } from '../../src/stats/ks.js';

const dir = mkdtempSync(path.join(tmpdir(), 'mtg-cli-'));
function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), cwd: dir }, out, err };
}

// reference: x = 0..499 (ints), c = a/b; current: x shifted by 100, c with a new value
const ref = ['x,c', ...Array.from({ length: 500 }, (_, i) => `${i},${i % 3 ? 'a' : 'b'}`)].join('\n');
const cur = ['x,c', ...Array.from({ length: 400 }, (_, i) => `${i + 100},${i % 4 ? 'a' : 'z'}`)].join('\n');
writeFileSync(path.join(dir, 'ref.csv'), ref);
writeFileSync(path.join(dir, 'cur.csv'), cur);
writeFileSync(path.join(dir, 'ragged.csv'), 'x,c\n1,a\n2\n');

describe('snapshot and infer-schema', () => {
  it('writes a valid snapshot, reuses reference bins, and infers a schema', async () => {
    const a = io();
    expect(await snapshotCommand(['ref.csv', '--out', 'ref.json'], a.io)).toBe(0);
    expect(a.out.join('')).toBe('wrote ref.json: 500 rows, 2 features (1 numeric, 1 categorical)\n');
    const s = JSON.parse(readFileSync(path.join(dir, 'ref.json'), 'utf8'));
    expect(validate(snapshotSchema, s).ok).toBe(true);
    const b = io();
    expect(await snapshotCommand(['cur.csv', '--out', 'cur.json', '--reference', 'ref.json'], b.io)).toBe(0);
    const c = JSON.parse(readFileSync(path.join(dir, 'cur.json'), 'utf8'));
    expect(c.features[0].numeric.histogram.edges).toEqual(s.features[0].numeric.histogram.edges);
    expect(c.reference).toBe('ref.json');
    const d = io();
    expect(await inferSchemaCommand(['ref.json'], d.io)).toBe(0);
    const schema = JSON.parse(d.out.join(''));
    expect(validate(dataSchemaSchema, schema).ok).toBe(true);
    expect(schema.features[0]).toMatchObject({ name: 'x', type: 'int', range: { min: 0, max: 499 } });
  });
  it('bad input: exit 2 with one line naming file and line; no stack trace', async () => {
    const a = io();
    expect(await snapshotCommand(['ragged.csv', '--out', 'r.json'], a.io)).toBe(2);
    expect(a.err).toEqual(['ml-test-gate snapshot: ragged.csv, line 3: expected 2 fields (as in the header), found 1\n']);
    const b = io();
    expect(await snapshotCommand(['ref.csv'], b.io)).toBe(2);
    expect(b.err.join('')).toContain('--out FILE is required');
    const c = io();
    expect(await snapshotCommand(['ref.csv', '--out', 'x.json', '--bins', 'many'], c.io)).toBe(2);
    expect(c.err.join('')).toContain('--bins expects a number, got "many"');
    const d = io();
    expect(await inferSchemaCommand(['missing.json'], d.io)).toBe(2);
    expect(d.err.join('')).toMatch(/file not found: missing\.json/);
    const e = io();
    expect(await driftCommand(['--reference', 'ref.csv', '--current', 'cur.csv', '--numeric', 'linf'], e.io)).toBe(2);
    expect(e.err.join('')).toContain('--numeric must be one of js, psi, ks, wasserstein');
    for (const x of [a, b, c, d, e]) expect(x.err.join('')).not.toMatch(/\n\s+at /);
  });
});

describe('drift', () => {
  it('raw data: exact KS (= ks_2samp statistic on the raw values), JSON shape as specified, exit 1 on drift', async () => {
    const a = io();
    expect(await driftCommand(['--reference', 'ref.csv', '--current', 'cur.csv', '--json'], a.io)).toBe(1);
    const j = JSON.parse(a.out.join(''));
    expect(Object.keys(j)).toEqual(['features']);
    for (const f of j.features) expect(Object.keys(f)).toEqual(['name', 'type', 'method', 'statistic', 'threshold', 'drifted']);
    expect(j.features.map((f: { name: string; method: string }) => [f.name, f.method.split(',')[0]])).toEqual([
      ['x', 'JS divergence'],
      ['x', 'Kolmogorov-Smirnov D'],
      ['c', 'L-infinity (TFDV)'],
    ]);
    const ks = j.features[1];
    const want = ks2Statistic(
      Array.from({ length: 500 }, (_, i) => i),
      Array.from({ length: 400 }, (_, i) => i + 100),
    );
    expect(ks.statistic).toBe(want);
    expect(ks.method).toMatch(/exact on raw data \(SciPy ks_2samp\), asymptotic p; p = .*BH-adjusted/);
    expect(ks.drifted).toBe(true);
    expect(j.features[2].statistic).toBeCloseTo(167 / 500, 14); // b: 167/500 -> 0 (z: 0 -> 0.25, a: 0.666 -> 0.75)
  });
  it('snapshots: KS from histograms, and says so', async () => {
    const a = io();
    await driftCommand(['--reference', 'ref.json', '--current', 'cur.json', '--json'], a.io);
    const ks = JSON.parse(a.out.join('')).features[1];
    expect(ks.method).toMatch(/^Kolmogorov-Smirnov D from histograms/);
    const exact = ks2Statistic(
      Array.from({ length: 500 }, (_, i) => i),
      Array.from({ length: 400 }, (_, i) => i + 100),
    );
    expect(ks.statistic).toBeLessThanOrEqual(exact + 1e-12); // a lower bound at the edges
    expect(ks.statistic).toBeGreaterThan(exact - 0.06);
  });
  it('identical data does not drift (exit 0) and prints a readable table', async () => {
    const a = io();
    expect(await driftCommand(['--reference', 'ref.csv', '--current', 'ref.csv'], a.io)).toBe(0);
    expect(a.out.join('')).toMatch(/^ok +x \(int\): js = 0 \(threshold 0\.01\)/);
    expect(a.out.join('')).toContain('0 of 3 comparison(s) drift');
  });
});
