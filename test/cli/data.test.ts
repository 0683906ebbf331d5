import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { driftCommand, inferSchemaCommand, snapshotCommand } from '../../src/cli/data.js';
import { validate } from '../../src/schemas/errors.js';
import { dataSchemaSchema } from '../../src/schemas/data-schema.js';
import { snapshotSchema } from '../../src/schemas/snapshot.js';
import { ks2Statistic } from '../../src/stats/ks.js';
import { wasserstein1 } from '../../src/stats/distance.js';

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
  it('values at the largest double: every histogram edge is finite and the snapshot works as a reference', async () => {
    // a constant column at the largest double once wrote the edge v + |v| * 1e-9 = Infinity (JSON null)
    const M = '1.7976931348623157e308';
    const rows = ['a,b,c', ...Array.from({ length: 30 }, (_, i) => `${M},${i % 2 ? M : '-' + M},${i % 3 ? '1.797e308' : M}`)];
    writeFileSync(path.join(dir, 'huge.csv'), rows.join('\n'));
    for (const extra of [[], ['--max-exact', '0']]) {
      const a = io();
      expect(await snapshotCommand(['huge.csv', '--out', 'huge.json', ...extra], a.io)).toBe(0);
      const s = JSON.parse(readFileSync(path.join(dir, 'huge.json'), 'utf8'));
      expect(validate(snapshotSchema, s).ok).toBe(true);
      for (const f of s.features) {
        const edges: unknown[] = f.numeric.histogram.edges;
        expect(edges.every((e) => typeof e === 'number' && Number.isFinite(e))).toBe(true);
        expect(Object.values(f.numeric.quantiles).every((q) => typeof q === 'number')).toBe(true);
      }
      const b = io();
      expect(await snapshotCommand(['huge.csv', '--out', 'huge2.json', '--reference', 'huge.json'], b.io)).toBe(0);
      expect(b.err).toEqual([]);
      const t = JSON.parse(readFileSync(path.join(dir, 'huge2.json'), 'utf8'));
      for (const [i, f] of t.features.entries()) {
        expect(f.numeric.histogram.edges).toEqual(s.features[i].numeric.histogram.edges);
        // every value falls in the bins: none under or over
        expect(f.numeric.histogram.underflow + f.numeric.histogram.overflow).toBe(0);
        expect(f.numeric.histogram.counts.reduce((x: number, y: number) => x + y, 0)).toBe(30);
      }
    }
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
  const exactD = () =>
    ks2Statistic(
      Array.from({ length: 500 }, (_, i) => i),
      Array.from({ length: 400 }, (_, i) => i + 100),
    );
  it('raw data: exact KS test and W1 on the raw values, every figure in its own JSON field, exit 1 on drift', async () => {
    const a = io();
    expect(await driftCommand(['--reference', 'ref.csv', '--current', 'cur.csv', '--json'], a.io)).toBe(1);
    const j = JSON.parse(a.out.join(''));
    expect(Object.keys(j)).toEqual(['alpha', 'features']);
    expect(j.alpha).toBe(0.05);
    const [x, c] = j.features;
    expect(x).toMatchObject({ name: 'x', effect: 'js', test: 'KS exact', verdict: 'drift', drifted: true });
    for (const k of ['statistic', 'pValue', 'adjustedP', 'js', 'jsDistance', 'w1', 'w1Normalised', 'ksD', 'method', 'threshold'])
      expect(x).toHaveProperty(k);
    expect(x.statistic).toBe(exactD()); // the KS statistic on the raw values
    expect(x.ksD).toBe(exactD());
    expect(x.w1).toBeCloseTo(
      wasserstein1(
        Array.from({ length: 500 }, (_, i) => i),
        Array.from({ length: 400 }, (_, i) => i + 100),
      ),
      12,
    );
    expect(x.jsDistance).toBeCloseTo(Math.sqrt(x.js), 14);
    expect(x.method).toMatch(/two-sample KS on raw values \(SciPy ks_2samp, exact p; n = 500, 400\)/);
    expect(c).toMatchObject({ name: 'c', effect: 'linf', test: 'chi-squared homogeneity', df: 2, verdict: 'drift' });
    expect(c.linf).toBeCloseTo(167 / 500, 14); // b: 167/500 -> 0 (z: 0 -> 0.25, a: 0.666 -> 0.75)
    expect(c.value).toBe(c.linf);
    expect(c.statistic).toBeGreaterThan(100); // the chi-squared statistic, not a p-value
    expect(c.pValue).toBeLessThan(1e-20);
  });
  it('snapshots: the same figures from exact value counts (x has 500 distinct values), and the method says so', async () => {
    const a = io();
    await driftCommand(['--reference', 'ref.json', '--current', 'cur.json', '--json'], a.io);
    const x = JSON.parse(a.out.join('')).features[0];
    expect(x.method).toContain('every distinct value (exact counts)');
    expect(x.ksD).toBe(exactD()); // every distinct value is known: the exact D
    expect(x.test).toBe('chi-squared homogeneity');
    expect(x.verdict).toBe('drift');
  });
  it('identical data does not drift (exit 0) and prints a readable line per feature', async () => {
    const a = io();
    expect(await driftCommand(['--reference', 'ref.csv', '--current', 'ref.csv'], a.io)).toBe(0);
    expect(a.out.join('')).toMatch(
      /^ok +x \(int\): JS = 0 <= 0\.005; KS exact: D = 0, p = 1; Holm over 2 feature\(s\): p_Holm = 1 >= 0\.05/,
    );
    expect(a.out.join('')).toContain('0 of 2 comparison(s) drift');
  });
  it('infer-schema takes raw data as well as a snapshot', async () => {
    const a = io();
    expect(await inferSchemaCommand(['ref.csv'], a.io)).toBe(0);
    const schema = JSON.parse(a.out.join(''));
    expect(validate(dataSchemaSchema, schema).ok).toBe(true);
    expect(schema.features[0]).toMatchObject({ name: 'x', type: 'int', range: { min: 0, max: 499 } });
  });
});
