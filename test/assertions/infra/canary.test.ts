import { describe, expect, it } from 'vitest';
import { checksOf, gate, json, testOf } from '../../helpers/gate.js';

const canary = (over: Record<string, unknown> = {}) =>
  json({
    schemaVersion: 1,
    model: { name: 'loan-default', version: '42' },
    servingStack: 'seldon/mlserver:1.6',
    ranAt: '2026-11-23T09:00:00Z',
    loaded: true,
    requests: 500,
    errors: 0,
    nonFiniteOutputs: 0,
    offlineComparison: { examples: 500, maxAbsDiff: 2e-7, meanAbsDiff: 3e-8, labelMismatches: 0 },
    ...over,
  });
const CANARY = 'infra:\n  canary: { report: canary.json, min-requests: 200, max-abs-diff: 1.0e-6, max-age-days: 2 }\n';

describe('infra-6 canary', () => {
  it('passes a canary that loaded, answered enough sampled inputs, with finite outputs matching offline', async () => {
    const r = await gate(CANARY, { 'canary.json': canary() });
    expect(testOf(r, 'infra-6').status).toBe('pass');
    expect(checksOf(r, 'infra-6').map((c) => c.name)).toEqual([
      'canary run age <= 2 days',
      'model loaded in serving',
      'sampled requests >= 200',
      'error rate <= 0%',
      'finite outputs',
      'max |serving - offline| <= 1.00e-6',
      'label mismatches <= 0%',
    ]);
  });

  it.each([
    [{ loaded: false }, 'model loaded in serving', 'loan-default 42 did not load in seldon/mlserver:1.6 (canary.json: loaded = false)'],
    [{ requests: 50 }, 'sampled requests >= 200', 'the canary answered 50 sampled production inputs; fewer than the 200 required'],
    [{ errors: 3 }, 'error rate <= 0%', '3 of 500 requests failed (0.6%); maximum 0%'],
    [{ nonFiniteOutputs: 2 }, 'finite outputs', '2 NaN or infinite prediction(s) among 500 canary outputs'],
    [
      { offlineComparison: { examples: 500, maxAbsDiff: 0.02 } },
      'max |serving - offline| <= 1.00e-6',
      'largest |serving score - offline score| over 500 examples is 0.02; maximum 1.00e-6',
    ],
    [
      { offlineComparison: undefined },
      'matches offline predictions',
      'canary.json: no offlineComparison: serving outputs were not compared with offline predictions, so consistency is unknown',
    ],
    [
      { ranAt: '2026-11-01T00:00:00Z' },
      'canary run age <= 2 days',
      'canary run 2026-11-01T00:00:00.000Z (canary.json: ranAt) is 22.5 days old; maximum 2 days',
    ],
  ])('fails %j with the numbers', async (over, name, message) => {
    const r = await gate(CANARY, { 'canary.json': canary(over) });
    expect(testOf(r, 'infra-6').status).toBe('fail');
    const c = checksOf(r, 'infra-6').find((x) => x.name === name)!;
    expect(c.status).toBe('fail');
    expect(c.message).toBe(message);
  });

  it('inconsistent counts and future dates are errors', async () => {
    const r = await gate(CANARY, { 'canary.json': canary({ errors: 600 }) });
    expect(checksOf(r, 'infra-6').find((c) => c.status === 'error')?.message).toBe(
      'canary.json: errors (600) exceeds requests (500); the report is inconsistent',
    );
    const f = await gate('infra:\n  canary: { report: canary.json }\n', { 'canary.json': canary({ ranAt: '2026-11-24T12:00:00Z' }) });
    expect(testOf(f, 'infra-6').status).toBe('error');
    expect(checksOf(f, 'infra-6')[0].message).toMatch(/^canary\.json: ranAt: 2026-11-24T12:00:00\.000Z is in the future/);
  });

  it('a missing report is an error', async () => {
    const r = await gate(CANARY, {});
    expect(testOf(r, 'infra-6').status).toBe('error');
    expect(checksOf(r, 'infra-6')[0].message).toBe('file not found: canary.json (expected a canary report)');
  });
});

const rollback = (over: Record<string, unknown> = {}) =>
  json({
    schemaVersion: 1,
    model: 'loan-default',
    current: { version: '42', deployedAt: '2026-11-20T10:00:00Z' },
    previousKnownGood: { version: '41', artifact: 'models:/loan-default/41', validatedAt: '2026-10-02T08:00:00Z' },
    drills: [
      { date: '2026-10-15T14:00:00Z', from: '41', to: '40', succeeded: true, durationS: 95 },
      { date: '2026-08-01T14:00:00Z', from: '39', to: '38', succeeded: true },
    ],
    ...over,
  });
const ROLLBACK = 'infra:\n  rollback: { record: rollback.json, max-drill-age-days: 60 }\n';

describe('infra-7 rollback', () => {
  it('passes with a previous known-good version and a recent successful drill', async () => {
    const r = await gate(ROLLBACK, { 'rollback.json': rollback() });
    expect(testOf(r, 'infra-7').status).toBe('pass');
    expect(checksOf(r, 'infra-7')[0].message).toBe('loan-default can roll back from 42 to 41 (models:/loan-default/41)');
    expect(checksOf(r, 'infra-7')[1]).toMatchObject({ status: 'pass', threshold: '<= 60 days', file: 'rollback.json' });
    expect(checksOf(r, 'infra-7')[1].value).toBeCloseTo(38.9167, 3);
    expect(r.tables.find((t) => t.id === 'rollback-drills')?.rows[0]).toEqual(['2026-10-15T14:00:00.000Z', '41', '40', 'yes', 95]);
  });

  it('fails without a known-good version, when it is the current one, or when the last success is too old', async () => {
    const none = await gate(ROLLBACK, { 'rollback.json': rollback({ previousKnownGood: null }) });
    expect(checksOf(none, 'infra-7')[0]).toMatchObject({
      status: 'fail',
      message: 'rollback.json: previousKnownGood is null: no version to roll back to is recorded',
    });
    const same = await gate(ROLLBACK, { 'rollback.json': rollback({ previousKnownGood: { version: '42', artifact: 'x' } }) });
    expect(checksOf(same, 'infra-7')[0].status).toBe('fail');
    const old = await gate(ROLLBACK, {
      'rollback.json': rollback({
        drills: [
          { date: '2026-06-01', from: '3', to: '2', succeeded: true },
          { date: '2026-11-01', from: '4', to: '3', succeeded: false, link: 'https://ci/run/9' },
        ],
      }),
    });
    const checks = checksOf(old, 'infra-7');
    expect(checks.find((c) => c.name.startsWith('last successful rollback drill'))?.status).toBe('fail');
    expect(checks.find((c) => c.name === 'latest rollback drill')).toMatchObject({
      status: 'warn',
      message: 'the most recent drill (2026-11-01T00:00:00.000Z, 4 -> 3) failed: https://ci/run/9',
    });
  });

  it('no successful drill fails; a future drill date is an error', async () => {
    const r = await gate(ROLLBACK, { 'rollback.json': rollback({ drills: [] }) });
    expect(checksOf(r, 'infra-7').find((c) => c.name === 'rollback drill')?.message).toMatch(
      /no successful rollback drill recorded \(0 drill\(s\)/,
    );
    const f = await gate(ROLLBACK, {
      'rollback.json': rollback({ drills: [{ date: '2027-01-01T00:00:00Z', from: '41', to: '40', succeeded: true }] }),
    });
    expect(testOf(f, 'infra-7').status).toBe('error');
    expect(checksOf(f, 'infra-7').find((c) => c.status === 'error')?.message).toMatch(
      /^rollback\.json: drills\[0\]\.date: 2027-01-01T00:00:00\.000Z is in the future/,
    );
  });
});

describe('infra-5 debuggability', () => {
  const trace = (over: Record<string, unknown> = {}) =>
    json({
      schemaVersion: 1,
      createdAt: '2026-11-22T08:00:00Z',
      example: { id: 'application-1187', features: { income: 52000, country: 'DE' } },
      steps: [
        { name: 'parse' },
        { name: 'impute', output: { income: 52000 } },
        { name: 'gbdt trees', output: [0.1, -0.3] },
        { name: 'sigmoid', output: 0.31 },
      ],
      prediction: 0.31,
      ...over,
    });

  it('a debug trace passes with what was stepped through', async () => {
    const r = await gate('infra:\n  debug: { trace: trace.json, max-age-days: 30 }\n', { 'trace.json': trace() });
    expect(testOf(r, 'infra-5').status).toBe('pass');
    expect(checksOf(r, 'infra-5')[1].message).toBe(
      'example application-1187 stepped through 4 stage(s) (parse -> impute -> gbdt trees -> sigmoid) to prediction 0.31',
    );
  });

  it('a trace with no steps or a future date is rejected', async () => {
    const r = await gate('infra:\n  debug: { trace: trace.json }\n', { 'trace.json': trace({ steps: [] }) });
    expect(checksOf(r, 'infra-5')[0].message).toMatch(/^trace\.json: invalid debug trace: steps: expected a list with length >= 1/);
    const f = await gate('infra:\n  debug: { trace: trace.json }\n', { 'trace.json': trace({ createdAt: '2030-01-01' }) });
    expect(testOf(f, 'infra-5').status).toBe('error');
  });

  const junit = (cases: string) => `<testsuites><testsuite name="debug">${cases}</testsuite></testsuites>`;
  const cfg = (test: string) => `infra:\n  debug: { junit: "junit/*.xml", test: "${test}" }\n`;

  it('a named JUnit test passes when it passed, fails when it failed, errors when skipped or absent', async () => {
    const files = {
      'junit/debug.xml': junit(
        '<testcase classname="tests.test_debug" name="test_step_through_one_example"/><testcase classname="tests.test_debug" name="test_explain_failing"><failure message="trace missing stage">x</failure></testcase><testcase classname="tests.test_debug" name="test_skipped"><skipped/></testcase>',
      ),
    };
    expect(testOf(await gate(cfg('tests.test_debug::test_step_through_one_example'), files), 'infra-5').status).toBe('pass');
    expect(testOf(await gate(cfg('step_through'), files), 'infra-5').status).toBe('pass');
    const failed = await gate(cfg('test_explain_failing'), files);
    expect(checksOf(failed, 'infra-5')[0]).toMatchObject({
      status: 'fail',
      message: 'tests.test_debug::test_explain_failing failed: trace missing stage (junit/debug.xml)',
    });
    expect(checksOf(await gate(cfg('test_skipped'), files), 'infra-5')[0].status).toBe('error');
    const absent = await gate(cfg('test_nope'), files);
    expect(checksOf(absent, 'infra-5')[0].message).toBe(
      'no test case named "test_nope" in junit/debug.xml (3 cases); the debugging test did not run',
    );
    const ambiguous = await gate(cfg('tests.test_debug'), files);
    expect(checksOf(ambiguous, 'infra-5')[0].message).toMatch(/matches several test cases/);
  });

  it('the config needs exactly one of trace and junit, and junit needs test', async () => {
    await expect(gate('infra:\n  debug: {}\n', {})).rejects.toThrow(/expected either trace or junit \(with test\)/);
    await expect(gate('infra:\n  debug: { junit: a.xml }\n', {})).rejects.toThrow(/junit needs test/);
  });
});
