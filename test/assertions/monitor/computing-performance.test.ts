import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checksOf, gate, json, testOf } from '../../helpers/gate.js';

const fx = (rel: string) =>
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'importers', rel), 'utf8');

const perf = (measures: Record<string, unknown>, extra: Record<string, unknown> = {}) => json({ schemaVersion: 1, measures, ...extra });
const LAT = [12.1, 12.4, 11.9, 12.2, 12.0, 12.3, 12.2, 12.1];
const TPUT = [810, 798, 805, 820, 801, 795];
const scale = (xs: number[], k: number) => xs.map((x) => Math.round(x * k * 1000) / 1000);

const CONFIG = `
infra:
  performance:
    evidence: perf.json
    budgets:
      latency_p95_ms: { max: 20 }
      throughput_per_s: { min: 500 }
    max-regression: 0.1
`;

/** Run the base branch first, then the head with the base's report as baseline. */
async function headVsBase(baseFiles: Record<string, string>, headFiles: Record<string, string>, config = CONFIG) {
  const base = await gate(config, baseFiles);
  return gate(config, headFiles, { baseline: base });
}

describe('monitor-6 computing performance', () => {
  it('without a baseline: budgets on the median of repeated measurements, and says nothing was compared', async () => {
    const r = await gate(CONFIG, {
      'perf.json': perf({ latency_p95_ms: { unit: 'ms', samples: LAT }, throughput_per_s: { samples: TPUT } }),
    });
    const t = testOf(r, 'monitor-6');
    expect(t.status).toBe('pass');
    const lat = t.details.checks.find((c) => c.name.startsWith('latency_p95_ms <='))!;
    expect(lat).toMatchObject({ status: 'pass', threshold: '<= 20 ms', method: 'median of 8 measurements', file: 'perf.json' });
    expect(lat.value).toBeCloseTo(12.15, 12);
    expect(t.details.checks.find((c) => c.name === 'baseline performance')?.status).toBe('warn');
    const table = r.tables.find((x) => x.id === 'performance')!;
    expect(table.alwaysShow).toBe(true);
    expect(table.rows.map((row) => row[0])).toEqual(['latency_p95_ms', 'throughput_per_s']);
    expect(r.records.performance).toMatchObject({
      measures: { latency_p95_ms: { samples: LAT, direction: 'lower' }, throughput_per_s: { direction: 'higher' } },
    });
  });

  it('fails a budget with the number, the bound and the method', async () => {
    const r = await gate(CONFIG, {
      'perf.json': perf({ latency_p95_ms: { samples: scale(LAT, 2) }, throughput_per_s: { samples: scale(TPUT, 0.5) } }),
    });
    expect(testOf(r, 'monitor-6').status).toBe('fail');
    const failing = checksOf(r, 'monitor-6')
      .filter((c) => c.status === 'fail')
      .map((c) => c.message);
    expect(failing).toEqual([
      'latency_p95_ms = 24.3 (median of 8 measurements) violates its budget <= 20',
      'throughput_per_s = 401.5 (median of 6 measurements) violates its budget >= 500',
    ]);
  });

  it('a sudden 30% latency jump is a regression: the whole bootstrap interval is beyond the tolerance', async () => {
    const r = await headVsBase(
      { 'perf.json': perf({ latency_p95_ms: { samples: LAT }, throughput_per_s: { samples: TPUT } }) },
      { 'perf.json': perf({ latency_p95_ms: { samples: scale(LAT, 1.3) }, throughput_per_s: { samples: TPUT } }) },
    );
    const c = checksOf(r, 'monitor-6').find((x) => x.name === 'latency_p95_ms vs base')!;
    expect(c.status).toBe('fail');
    expect(c.value).toBeCloseTo(1.3, 2);
    expect(c.message).toMatch(/head\/base = 1\.3 \(\+30%\), 95% CI \[1\.\d+, 1\.\d+\] \(lower is better\): regressed beyond the tolerance/);
    // every head measurement is above every base one; ties within each side: SciPy's asymptotic method
    expect(c.message).toMatch(/Mann-Whitney U = 64, two-sided p = 0\.0009 \(asymptotic\)/);
    expect(c.method).toMatch(
      /median ratio head\/base with percentile bootstrap 95% CI \(2000 resamples, seeded\), 8 head vs 8 base measurements/,
    );
    expect(c.threshold).toBe('head/base <= 1.1 (at most 10% worse)');
    // still within its absolute budget: the jump is caught by the comparison, not by the budget
    expect(checksOf(r, 'monitor-6').find((x) => x.name.startsWith('latency_p95_ms <='))?.status).toBe('pass');
    expect(checksOf(r, 'monitor-6').find((x) => x.name === 'throughput_per_s vs base')?.status).toBe('pass');
    const row = r.tables.find((x) => x.id === 'performance')!.rows[0];
    expect(row.slice(0, 3)).toEqual(['latency_p95_ms', '', '8 / 8']);
    expect(row[3]).toBeCloseTo(12.15, 12);
    expect(row[4]).toBeCloseTo(15.795, 12);
    expect(row[5]).toBe('+30%');
  });

  it('throughput: higher is better, so a drop is the regression', async () => {
    const r = await headVsBase(
      { 'perf.json': perf({ latency_p95_ms: { samples: LAT }, throughput_per_s: { samples: TPUT } }) },
      { 'perf.json': perf({ latency_p95_ms: { samples: LAT }, throughput_per_s: { samples: scale(TPUT, 0.7) } }) },
    );
    const c = checksOf(r, 'monitor-6').find((x) => x.name === 'throughput_per_s vs base')!;
    expect(c.status).toBe('fail');
    expect(c.threshold).toBe('head/base >= 0.9 (at most 10% lower)');
    expect(c.message).toMatch(/\(higher is better\): regressed beyond the tolerance: the whole interval is below 0\.9/);
  });

  it('noisy measurements with a point change beyond the tolerance are inconclusive (a warning), not a failure', async () => {
    const noisyBase = [10, 14, 9, 13, 11, 15];
    const noisyHead = [11, 16, 10, 15, 12, 17];
    const r = await headVsBase(
      { 'perf.json': perf({ latency_p95_ms: { samples: noisyBase }, throughput_per_s: { samples: TPUT } }) },
      { 'perf.json': perf({ latency_p95_ms: { samples: noisyHead }, throughput_per_s: { samples: TPUT } }) },
    );
    const c = checksOf(r, 'monitor-6').find((x) => x.name === 'latency_p95_ms vs base')!;
    expect(c.value).toBeGreaterThan(1.1);
    expect(c.status).toBe('warn');
    expect(c.message).toMatch(/inconclusive: the interval straddles 1\.1/);
  });

  it('a single sample can only be checked against its budget and says so', async () => {
    const report = (p95: number) =>
      json({
        schemaVersion: 1,
        model: { name: 'm' },
        task: 'binary',
        metrics: {},
        performance: { latencyMs: { p95 }, throughputPerS: 800 },
      });
    const config = CONFIG.replace('evidence: perf.json', 'evidence: { path: eval.json, format: eval-report }');
    const r = await headVsBase({ 'eval.json': report(12) }, { 'eval.json': report(19) }, config);
    const t = testOf(r, 'monitor-6');
    expect(t.status).toBe('pass'); // 19 ms is within the 20 ms budget; +58% is not claimed as a regression
    const c = t.details.checks.find((x) => x.name === 'latency_p95_ms vs base')!;
    expect(c.status).toBe('warn');
    expect(c.message).toMatch(
      /a single measurement on the head side \(1 head, 1 base; 3 needed\): the spread is unknown, so this can claim neither a regression nor a pass against the base branch; only the absolute budget was checked/,
    );
    expect(c.method).toBe('point values only; not a comparison');
    expect(t.details.checks.find((x) => x.name.startsWith('latency_p95_ms <='))).toMatchObject({
      status: 'pass',
      method: 'single measurement',
      value: 19,
    });
  });

  it('pytest-benchmark without saved data compares summary means with a normal approximation', async () => {
    const config = `
infra:
  performance:
    evidence: { path: bench.json, format: pytest-benchmark }
    budgets:
      test_predict_single: { max: 10 }
`;
    const r = await headVsBase(
      { 'bench.json': fx('pytest-benchmark/summary-only.json') },
      { 'bench.json': fx('pytest-benchmark/summary-only.json') },
      config,
    );
    const c = checksOf(r, 'monitor-6').find((x) => x.name === 'test_predict_single vs base')!;
    expect(c.status).toBe('pass');
    expect(c.value).toBe(1);
    expect(c.method).toMatch(
      /^mean ratio head\/base with normal-approximation 95% CI \(Welch standard error from summary statistics; base mean treated as fixed\), 8 head vs 8 base rounds$/,
    );
    expect(checksOf(r, 'monitor-6').find((x) => x.name.startsWith('test_predict_single <='))).toMatchObject({
      status: 'pass',
      method: 'median of 8 rounds (summary statistics)',
    });
    expect(r.diagnostics.some((d) => /without saved timings/.test(d.message))).toBe(true);
  });

  it('pytest-benchmark with saved data: rounds are the samples', async () => {
    const config = `
infra:
  performance:
    evidence: [{ path: bench.json, format: pytest-benchmark }]
`;
    const r = await headVsBase(
      { 'bench.json': fx('pytest-benchmark/with-data.json') },
      { 'bench.json': fx('pytest-benchmark/with-data.json') },
      config,
    );
    const c = checksOf(r, 'monitor-6').find((x) => x.name === 'test_predict_batch[256] vs base')!;
    expect(c).toMatchObject({ status: 'pass', value: 1 });
    expect(c.method).toMatch(/6 head vs 6 base measurements/);
    expect(testOf(r, 'monitor-6').status).toBe('pass');
  });

  it('a budgeted measure missing from the evidence is an error: unmeasured is not a pass', async () => {
    const r = await gate(CONFIG, { 'perf.json': perf({ latency_p95_ms: { samples: LAT } }) });
    const t = testOf(r, 'monitor-6');
    expect(t.status).toBe('error');
    expect(t.details.checks.find((c) => c.status === 'error')?.message).toBe(
      'measure throughput_per_s has a budget but is not in the performance evidence (perf.json); unmeasured is not a pass',
    );
  });

  it('measurements held to nothing (no budget, no baseline) are an error', async () => {
    const r = await gate('infra:\n  performance:\n    evidence: perf.json\n', { 'perf.json': perf({ latency_p95_ms: { samples: LAT } }) });
    expect(testOf(r, 'monitor-6').status).toBe('error');
    expect(checksOf(r, 'monitor-6').find((c) => c.status === 'error')?.message).toMatch(
      /^nothing was checked: no measure has an absolute budget/,
    );
  });

  it('an invalid baseline record is untrusted: ignored with a warning, budgets still checked', async () => {
    const base = await gate(CONFIG, { 'perf.json': perf({ latency_p95_ms: { samples: LAT }, throughput_per_s: { samples: TPUT } }) });
    base.records.performance = { measures: { latency_p95_ms: { samples: 'fast' } } };
    const r = await gate(
      CONFIG,
      { 'perf.json': perf({ latency_p95_ms: { samples: scale(LAT, 3) }, throughput_per_s: { samples: TPUT } }) },
      { baseline: base },
    );
    const w = checksOf(r, 'monitor-6').find((c) => c.name === 'baseline performance')!;
    expect(w.status).toBe('warn');
    expect(w.message).toMatch(
      /records\.performance is not valid \(measures\.latency_p95_ms\.samples: expected a list, got "fast"\); compared against absolute budgets only/,
    );
    expect(checksOf(r, 'monitor-6').some((c) => c.name.endsWith('vs base'))).toBe(false);
    expect(testOf(r, 'monitor-6').status).toBe('fail'); // 36 ms is over the 20 ms budget
  });

  it('warns when base and head ran on different machines', async () => {
    const r = await headVsBase(
      {
        'perf.json': perf({ latency_p95_ms: { samples: LAT }, throughput_per_s: { samples: TPUT } }, { environment: { cpu: 'EPYC 7763' } }),
      },
      {
        'perf.json': perf(
          { latency_p95_ms: { samples: LAT }, throughput_per_s: { samples: TPUT } },
          { environment: { cpu: 'Xeon 8272CL' } },
        ),
      },
    );
    expect(checksOf(r, 'monitor-6').find((c) => c.name === 'environment')?.message).toMatch(
      /different machines \(cpu: EPYC 7763 vs Xeon 8272CL\)/,
    );
  });

  it('bad evidence is an error naming the file and field; NaN samples fail numerical stability too', async () => {
    const r = await gate(CONFIG, { 'perf.json': '{"schemaVersion": 1, "measures": {"latency_p95_ms": {"samples": [12.1, NaN]}}}' });
    expect(testOf(r, 'monitor-6').status).toBe('error');
    expect(checksOf(r, 'monitor-6')[0].message).toMatch(
      /perf\.json: invalid performance report: measures\.latency_p95_ms\.samples\[1\]: NaN is not allowed here/,
    );
    const r2 = await gate(CONFIG, { 'perf.json': perf({ latency_p95_ms: {} }) });
    expect(checksOf(r2, 'monitor-6')[0].message).toMatch(
      /measures\.latency_p95_ms: expected samples \(a list of measurements\), summary or proportion/,
    );
  });
});
