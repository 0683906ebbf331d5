import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { featureCostEvaluator } from '../../../src/assertions/data/feature-cost.js';
import { featureImportanceEvaluator } from '../../../src/assertions/data/feature-importance.js';
import { featureMetaEvaluator } from '../../../src/assertions/data/feature-meta.js';
import { privacyEvaluator } from '../../../src/assertions/data/privacy.js';
import { schemaConformanceEvaluator } from '../../../src/assertions/data/schema-conformance.js';
import { trainingDriftEvaluator } from '../../../src/assertions/data/training-drift.js';
import { trainingServingSkewEvaluator } from '../../../src/assertions/monitor/training-serving-skew.js';

/** The evaluators that read the data section, in registry order. */
const dataEvaluators = [
  schemaConformanceEvaluator,
  trainingServingSkewEvaluator,
  trainingDriftEvaluator,
  featureImportanceEvaluator,
  featureCostEvaluator,
  featureMetaEvaluator,
  privacyEvaluator,
];
import type { EvalContext } from '../../../src/assertions/types.js';
import { Profiler } from '../../../src/data/profile.js';
import { EvidenceStore } from '../../../src/evidence/store.js';
import { fileWorkspace } from '../../../src/evidence/workspace.js';
import type { Check, ReportTable, TestOutcome } from '../../../src/rubric/types.js';
import { configSchema, type Config } from '../../../src/schemas/config.js';
import { dataConfig } from '../../../src/schemas/config/data.js';
import type { Report } from '../../../src/schemas/report.js';
import { snapshotSchema, type Snapshot } from '../../../src/schemas/snapshot.js';

function snap(cols: string[], rows: Array<Array<string | null>>, reference?: Snapshot): Snapshot {
  const p = new Profiler(cols, { reference });
  rows.forEach((r, i) => p.addRow(r, i + 2));
  return p.finish({ dataset: { name: 't' }, createdAt: '2026-01-01T00:00:00Z' });
}

/** 400 rows: age ~ uniform ints, plan in {basic, pro}; `shift` moves age up. */
function rows(n: number, shift: number, proShare: number): Array<Array<string | null>> {
  const out: Array<Array<string | null>> = [];
  for (let i = 0; i < n; i++)
    out.push([
      String(20 + ((i * 7) % 40) + shift),
      i % 100 < proShare * 100 ? 'pro' : 'basic',
      i % 50 === 0 ? null : String((i % 10) / 10),
    ]);
  return out;
}

function workspace(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mtg-eval-'));
  for (const [name, v] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), typeof v === 'string' ? v : JSON.stringify(v));
  }
  return dir;
}

async function run(dir: string, data: unknown, baseline: Report | null = null) {
  const config = { ...configSchema.parse({}), data: dataConfig.parse(data) } as Config;
  const store = new EvidenceStore(fileWorkspace(dir));
  const ctx: EvalContext = {
    alpha: () => 0.05,
    config,
    configFile: 'ml-test-gate.yml',
    workspace: store.workspace,
    store,
    now: new Date('2026-06-01T00:00:00Z'),
    baseline,
    pullRequest: null,
    diagnostics: [],
  };
  const outcomes: TestOutcome[] = [];
  const tables: ReportTable[] = [];
  const records: Record<string, unknown> = {};
  for (const e of dataEvaluators) {
    const r = await e.run(ctx);
    outcomes.push(...r.outcomes);
    tables.push(...(r.tables ?? []));
    if (r.record !== undefined) records[e.name] = r.record;
  }
  const checks = (test: string): Check[] => outcomes.filter((o) => o.test === test).flatMap((o) => o.checks);
  return { outcomes, tables, records, checks, ctx, store };
}

const train = snap(['age', 'plan', 'ratio'], rows(400, 0, 0.3));
const serveOk = snap(['age', 'plan', 'ratio'], rows(400, 0, 0.3), train);
const serveDrift = snap(['age', 'plan', 'ratio'], rows(400, 15, 0.6), train);
const schema = {
  schemaVersion: 1,
  features: [
    {
      name: 'age',
      type: 'int',
      range: { min: 18, max: 70 },
      owner: 'growth',
      description: 'age in years',
      tags: ['pii'],
      cost: { latencyMs: 1, memoryMb: 2 },
    },
    { name: 'plan', type: 'string', domain: ['basic', 'pro'], owner: 'billing', description: 'plan', cost: { latencyMs: 3, memoryMb: 1 } },
    { name: 'ratio', type: 'float', minPresence: 0.9, description: 'a ratio', tags: ['deprecated'] },
  ],
};

describe('data-1 / monitor-2: snapshots conform to the schema', () => {
  it('pass with figures per feature; anomalies fail with file and method', async () => {
    const dir = workspace({ 'train.json': train, 'serve.json': serveDrift, 'schema.json': schema });
    const r = await run(dir, { training: 'train.json', serving: 'serve.json', schema: 'schema.json', skew: {} });
    expect(r.checks('data-1').every((c) => c.status === 'pass')).toBe(true);
    expect(r.checks('data-1').find((c) => c.name === 'feature "age"')!.message).toBe('"age" conforms: int, range [20, 59] within [18, 70]');
    const bad = r.checks('monitor-2').filter((c) => c.status !== 'pass');
    expect(bad.map((c) => c.name)).toEqual(['feature "age": out-of-range values']);
    expect(bad[0]).toMatchObject({ file: 'serve.json', method: 'schema validation (TFDV anomaly names)', value: 74 });
  });
  it('a schema naming a feature the snapshot lacks: missing column (fail), the rest goes on', async () => {
    const s2 = { ...schema, features: [...schema.features, { name: 'income', type: 'float' }] };
    const dir = workspace({ 'train.json': train, 'schema.json': s2 });
    const r = await run(dir, { training: 'train.json', schema: 'schema.json' });
    const c = r.checks('data-1');
    expect(c.find((x) => x.status === 'fail')!.message).toBe('feature "income" is in the schema but not in the snapshot');
    expect(c.filter((x) => x.status === 'pass')).toHaveLength(3);
  });
  it('missing or invalid evidence is an error naming the file and field, never a pass', async () => {
    const bad = JSON.parse(JSON.stringify(train));
    bad.features[0].numeric.histogram.edges[1] = bad.features[0].numeric.histogram.edges[0];
    const dir = workspace({ 'bad.json': bad, 'schema.json': schema });
    const r = await run(dir, { training: 'bad.json', serving: 'nope.json', schema: 'schema.json' });
    const [d1] = r.checks('data-1');
    expect(d1.status).toBe('error');
    expect(d1.message).toMatch(
      /^bad\.json: invalid data snapshot: .*features\[0\]\.numeric\.histogram\.edges|bin edges must be strictly increasing/,
    );
    expect(r.checks('monitor-2')[0]).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/^file not found: nope\.json \(looked for \/.*\/nope\.json\) \(expected a data snapshot\)$/),
    });
  });
  it('without a schema, data-1 is an error that says how to make one', async () => {
    const dir = workspace({ 'train.json': train });
    const r = await run(dir, { training: 'train.json' });
    expect(r.checks('data-1')[0].status).toBe('error');
    expect(r.checks('data-1')[0].message).toContain('ml-test-gate infer-schema train.json');
  });
});

describe('monitor-3: training/serving skew', () => {
  it('one drifting feature fails, with method and threshold; the table shows every feature even when all pass', async () => {
    const dir = workspace({ 'train.json': train, 'ok.json': serveOk, 'drift.json': serveDrift });
    const ok = await run(dir, { training: 'train.json', serving: 'ok.json' });
    expect(ok.checks('monitor-3').every((c) => c.status === 'pass')).toBe(true);
    const t = ok.tables.find((x) => x.id === 'data-skew')!;
    expect(t.alwaysShow).toBe(true);
    expect(t.rows).toHaveLength(3);
    expect(t.rows.every((row) => row[6] === 'ok')).toBe(true);
    expect(t.columns).toEqual(['feature', 'type', 'method', 'value', 'threshold', 'test', 'verdict']);

    const r = await run(dir, { training: 'train.json', serving: 'drift.json', skew: { features: { ratio: { method: 'psi' } } } });
    const c = r.checks('monitor-3');
    const age = c.find((x) => x.name === 'feature "age" skew')!;
    expect(age.status).toBe('fail');
    expect(age.method).toMatch(
      /^JS divergence \(log2, TFDV\) on \d+ bins of equal pooled mass on every distinct value \(exact counts\); test: chi-squared homogeneity \(2 x \d+, Pearson/,
    );
    expect(age.threshold).toBe('JS > 0.005 and p_Holm < 0.05');
    expect(age.value!).toBeGreaterThan(0.005);
    expect(age.message).toMatch(
      /^"age" drifts: JS = [\d.]+ > 0\.005; chi-squared homogeneity: chi2 = [\d.]+, df \d+, p = .*; Holm over 3 feature\(s\): p_Holm = .* < 0\.05$/,
    );
    const plan = c.find((x) => x.name === 'feature "plan" skew')!;
    expect(plan).toMatchObject({ status: 'fail', threshold: 'L-inf > 0.05 and p_Holm < 0.05' });
    expect(plan.value).toBeCloseTo(0.3, 12); // pro: 0.3 -> 0.6 (L-infinity)
    expect(c.find((x) => x.name === 'feature "ratio" skew')).toMatchObject({ status: 'pass', value: 0 });
    expect(c.find((x) => x.name === 'feature "ratio" skew')!.method).toMatch(/^PSI on /);
    const rec = r.records['data-skew'] as { features: Array<Record<string, unknown>> };
    expect(rec.features.find((f) => f.feature === 'plan')).toMatchObject({
      effect: 'linf',
      test: 'chi-squared homogeneity',
      df: 1,
      verdict: 'drift',
    });
    const table = r.tables.find((x) => x.id === 'data-skew')!;
    expect(table.rows[0][0]).toBe('age'); // furthest past its threshold first
  });
  it('schema skew: a feature on one side only and presence differences fail', async () => {
    const serve = snap(
      ['age', 'plan'],
      rows(400, 0, 0.3).map((r) => [r[0], r[1]]),
    );
    const dir = workspace({ 'train.json': train, 'serve.json': serve });
    const r = await run(dir, { training: 'train.json', serving: 'serve.json' });
    expect(r.checks('monitor-3').find((c) => c.name.includes('schema skew'))).toMatchObject({
      status: 'fail',
      message: 'feature "ratio" (float) is missing from the current data',
    });
  });
  it('an integer feature with NaN in training only passes, and the pass says the types differ and why', async () => {
    const nanAges = rows(400, 0, 0.3).map((r, i) => (i % 40 === 0 ? ['NaN', r[1], r[2]] : r));
    const withNan = snap(['age', 'plan', 'ratio'], nanAges);
    expect(withNan.features[0].type).toBe('float');
    const dir = workspace({ 'train.json': withNan, 'serve.json': snap(['age', 'plan', 'ratio'], rows(400, 0, 0.3), withNan) });
    const r = await run(dir, { training: 'train.json', serving: 'serve.json' });
    const schema = r.checks('monitor-3').filter((c) => c.name.includes('schema skew'));
    expect(schema.map((c) => [c.status, c.message])).toEqual([
      [
        'pass',
        'training and serving have the same 3 feature(s) with the same types ("age" (float in training, int in serving): integers, typed float where values are missing); presence differs by at most 5%',
      ],
    ]);
  });
  it('too few values is insufficient data (a warning), never a pass or fail', async () => {
    const small = snap(['age', 'plan', 'ratio'], rows(20, 0, 0.3), train);
    const dir = workspace({ 'train.json': train, 'small.json': small });
    const r = await run(dir, { training: 'train.json', serving: 'small.json' });
    const c = r.checks('monitor-3').filter((x) => x.name.startsWith('feature "') && x.name.endsWith(' skew'));
    expect(c.map((x) => x.status)).toEqual(['warn', 'warn', 'warn']);
    expect(c[0].message).toContain('insufficient data: 400 and 20 present values (minimum 100)');
  });
  it('records NaN/infinity counts from snapshots for monitor-5', async () => {
    const withNan = snap(['age', 'plan', 'ratio'], [...rows(200, 0, 0.3), ['NaN', 'basic', 'inf']]);
    const dir = workspace({ 'train.json': withNan, 'serve.json': serveOk });
    const r = await run(dir, { training: 'train.json', serving: 'serve.json' });
    const scan = r.store.numericScans.find((s) => s.file === 'train.json')!;
    expect(scan.nonFinite.map((n) => n.token)).toEqual(['NaN', 'Infinity']);
    expect(r.store.numericScans.filter((s) => s.file === 'train.json')).toHaveLength(1);
  });
});

describe('drift vs base and schema diff', () => {
  it('uses the baseline record, validates it, shows the schema diff and records the head snapshot', async () => {
    const head = snap(
      ['age', 'plan', 'extra'],
      rows(400, 15, 0.3).map((r) => [r[0], r[1], '1']),
    );
    const dir = workspace({ 'train.json': head });
    const baseline = { records: { 'data-drift': train } } as unknown as Report;
    const r = await run(dir, { training: 'train.json', drift: {} }, baseline);
    const diff = r.tables.find((t) => t.id === 'data-schema-diff')!;
    expect(diff.rows).toEqual([
      ['extra', 'added', '-', 'int'],
      ['ratio', 'removed', 'float', '-'],
    ]);
    const age = r.checks('data-1').find((c) => c.name === 'feature "age" drift vs base')!;
    expect(age.status).toBe('warn'); // on-drift defaults to warn
    expect(age.method).toContain('every distinct value (exact counts)'); // profiled separately, compared exactly
    const record = r.records['data-drift'] as Snapshot & { comparisons: Array<{ feature: string; verdict: string }> };
    expect(record.rows).toBe(400);
    expect(record.comparisons.find((x) => x.feature === 'age')!.verdict).toBe('drift');

    // the next run reads that record (comparisons and all) as its base
    const next = await run(dir, { training: 'train.json', drift: {} }, { records: { 'data-drift': record } } as unknown as Report);
    expect(next.ctx.diagnostics).toEqual([]);
    expect(next.checks('data-1').find((c) => c.name === 'feature "age" drift vs base')!.status).toBe('pass');

    // a v1 base with other bin edges and no counts to compare on: not judged, a warning that says what to do
    const v1 = JSON.parse(JSON.stringify(train));
    v1.schemaVersion = 1;
    for (const f of v1.features)
      if (f.numeric) {
        delete f.numeric.sketch;
        delete f.numeric.exact;
        const e: number[] = f.numeric.histogram.edges;
        f.numeric.histogram.edges = e.map((x, i) => (i === 0 || i === e.length - 1 ? x : (x + e[i + 1]) / 2)); // still increasing, other edges
      }
    const old = await run(dir, { training: 'train.json', drift: {} }, { records: { 'data-drift': v1 } } as unknown as Report);
    const oldAge = old.checks('data-1').find((c) => c.name === 'feature "age" drift vs base')!;
    expect(oldAge).toMatchObject({ status: 'warn', value: null });
    expect(oldAge.message).toMatch(/not comparable without bias: .*re-profile both with ml-test-gate/);

    const invalid = { records: { 'data-drift': { schemaVersion: 1, rows: 'many' } } } as unknown as Report;
    const r2 = await run(dir, { training: 'train.json', drift: { 'on-drift': 'fail' } }, invalid);
    expect(r2.ctx.diagnostics[0].message).toMatch(/records\.data-drift is not a valid data snapshot/);
    const none = r2.checks('data-1').find((c) => c.name === 'training-data drift vs base')!;
    expect(none.status).toBe('warn'); // gate.if-no-baseline defaults to warn
    expect(none.message).toMatch(/no base snapshot/);
  });
});

describe('data-2..5', () => {
  const importance = { schemaVersion: 1, method: 'permutation importance, roc_auc drop, 5 repeats', features: { age: 0.05, plan: 0.0005 } };
  it('importance floor, cost budget, meta rules and privacy approvals', async () => {
    const dir = workspace({ 'train.json': train, 'schema.json': schema, 'imp.json': importance });
    const r = await run(dir, {
      training: 'train.json',
      schema: 'schema.json',
      importance: { report: 'imp.json', floor: 0.001 },
      cost: { 'max-latency-ms': 2, 'total-memory-mb': 10 },
      meta: { deny: ['/^rat/'] },
      privacy: { approvals: [{ feature: 'age', by: 'dpo@example.com', date: '2026-01-10', link: 'https://example.com/review/1' }] },
    });
    expect(r.checks('data-2').map((c) => [c.name, c.status])).toEqual([
      ['feature "age" importance', 'pass'],
      ['feature "plan" importance', 'fail'],
      ['feature "ratio" importance', 'error'],
    ]);
    expect(r.checks('data-2')[0].method).toBe('permutation importance, roc_auc drop, 5 repeats');
    const cost = r.checks('data-3');
    expect(cost.find((c) => c.name === 'feature "plan" latency')).toMatchObject({ status: 'fail', value: 3 });
    expect(cost.find((c) => c.name === 'unmeasured feature cost')).toMatchObject({ status: 'error' });
    expect(cost.find((c) => c.name === 'total memory')!.message).toBe(
      'total memory of 2 feature(s) (without 1 unmeasured feature(s)): 3MB <= 10MB',
    );
    const meta = r.checks('data-4');
    expect(meta.find((c) => c.name === 'feature "ratio"')!.message).toBe(
      '"ratio" may not be used: its name matches the deny-list entry "/^rat/"; it is tagged "deprecated"; it has no owner',
    );
    expect(meta.filter((c) => c.status === 'pass')).toHaveLength(2);
    expect(r.checks('data-5')).toMatchObject([{ name: 'feature "age" (pii)', status: 'pass' }]);
  });
  it('a pii feature without approval, or with an expired one, fails', async () => {
    const dir = workspace({ 'schema.json': schema });
    const none = await run(dir, { schema: 'schema.json', privacy: {} });
    expect(none.checks('data-5')[0]).toMatchObject({ status: 'fail' });
    const old = await run(dir, {
      schema: 'schema.json',
      privacy: { approvals: [{ feature: 'age', by: 'x', date: '2024-01-01', link: 'https://example.com/a' }] },
    });
    expect(old.checks('data-5')[0].message).toMatch(/expired on 2024-12-31/);
  });
});

describe('raw data in the config (CSV, TSV, JSON Lines, optionally gzipped)', () => {
  const csv = (rs: Array<Array<string | null>>) => ['age,plan,ratio', ...rs.map((r) => r.map((x) => x ?? '').join(','))].join('\n');
  it('training and serving CSV files are profiled on the fly, serving on the training bins; exact KS on the raw values', async () => {
    const dir = workspace({ 'data/train.csv': csv(rows(400, 0, 0.3)), 'schema.json': schema });
    writeFileSync(path.join(dir, 'data/serve.csv.gz'), gzipSync(csv(rows(400, 15, 0.3)))); // gzipped
    const r = await run(dir, { training: 'data/train.csv', serving: 'data/serve.csv.gz', schema: 'schema.json' });
    const age = r.checks('monitor-3').find((c) => c.name === 'feature "age" skew')!;
    expect(age.status).toBe('fail');
    expect(age.method).toContain('test: two-sample KS on raw values (SciPy ks_2samp, exact p; n = 400, 400)');
    expect(age.message).toMatch(/KS exact: D = 0\.375/); // 15 of 40 ages shifted past the top
    expect(r.checks('monitor-3').find((c) => c.name === 'feature "plan" skew')!.status).toBe('pass');
    expect(r.checks('data-1').find((c) => c.name === 'feature "age"')!.status).toBe('pass'); // the schema check reads the CSV too
    expect(r.checks('monitor-2').find((c) => c.name === 'feature "age": out-of-range values')).toMatchObject({
      status: 'fail',
      file: 'data/serve.csv.gz',
    });
  });
  it('drift: the raw head is recorded as a snapshot for the next run; a raw base gives exact statistics', async () => {
    const dir = workspace({ 'train.csv': csv(rows(400, 0, 0.3)), 'base.csv': csv(rows(400, 0, 0.3)) });
    const r = await run(dir, { training: 'train.csv', drift: { base: 'base.csv' } });
    const age = r.checks('data-1').find((c) => c.name === 'feature "age" drift vs base')!;
    expect(age).toMatchObject({ status: 'pass', value: 0 });
    expect(age.method).toContain('two-sample KS on raw values');
    const { comparisons, ...record } = r.records['data-drift'] as Snapshot & { comparisons: unknown[] };
    expect(comparisons).toHaveLength(3);
    expect(snapshotSchema.safeParse(record).success).toBe(true);
    expect(record.features[0].numeric!.exact!.values).toHaveLength(40);
  });
  it('unreadable raw data is one error naming the file and line; the rest of the evaluation goes on', async () => {
    const dir = workspace({ 'train.csv': 'age,plan\n1,a\n2\n', 'serve.json': serveOk, 'schema.json': schema });
    const r = await run(dir, { training: 'train.csv', serving: 'serve.json', schema: 'schema.json' });
    const [c] = r.checks('monitor-3');
    expect(c).toMatchObject({ status: 'error', message: 'train.csv, line 3: expected 2 fields (as in the header), found 1', line: 3 });
    expect(r.checks('monitor-2').every((x) => x.status !== 'error')).toBe(true);
  });
  it('a path that leads outside the repository is refused, symlinks included', async () => {
    const outside = workspace({ 'secret.csv': 'a\n1\n' });
    const dir = workspace({});
    const { symlinkSync } = await import('node:fs');
    symlinkSync(path.join(outside, 'secret.csv'), path.join(dir, 'link.csv'));
    for (const training of [path.relative(dir, path.join(outside, 'secret.csv')), 'link.csv']) {
      const r = await run(dir, { training, drift: {} });
      const c = r.checks('data-1').find((x) => x.message.includes('outside'))!;
      expect(c.status).toBe('error');
      expect(c.message).toMatch(/resolves outside the repository; raw data must be inside it$/);
    }
  });
  it('numeric values past data.max-raw-values are a uniform reservoir sample, and the method says so', async () => {
    const many = (shift: number) => csv(Array.from({ length: 3000 }, (_, i) => [String((i % 97) + shift), 'a', '0.5']));
    const dir = workspace({ 'train.csv': many(0), 'serve.csv': many(0) });
    const r = await run(dir, { training: 'train.csv', serving: 'serve.csv', 'max-raw-values': 1000 });
    const age = r.checks('monitor-3').find((c) => c.name === 'feature "age" skew')!;
    expect(age.method).toContain(
      'n = 1000, 1000; a uniform sample of 1000 of 3000 and 1000 of 3000 values (reservoir, data.max-raw-values)',
    );
    expect(age.status).toBe('pass');
  });
});
