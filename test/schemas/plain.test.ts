/**
 * The plain checks (src/schemas/plain.ts: the report-level config, the evaluation report and the
 * baseline report read without zod) against their schemas' parse: on valid inputs (generated, and the
 * repository's) each gives the schema's result exactly, keys in the same order; on any single change
 * to one (a key dropped, added, or given another value) it either gives the schema's result or
 * declines (undefined), never accepts what the schema refuses. Their key lists are the schemas'.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { configSchema } from '../../src/schemas/config.js';
import { gateConfig } from '../../src/schemas/config/gate.js';
import { metricBound, modelConfig, simplerModelConfig } from '../../src/schemas/config/model.js';
import { junitTestsConfig } from '../../src/schemas/config/tests.js';
import { limitsConfig, workspaceConfig } from '../../src/schemas/config/workspace.js';
import { validate } from '../../src/schemas/errors.js';
import { evalReportSchema, performanceFigures, sliceMetrics } from '../../src/schemas/eval-report.js';
import * as plain from '../../src/schemas/plain.js';
import { baselineReportSchema, scoreSchema, status } from '../../src/schemas/report-core.js';
import { RUBRIC_IDS } from '../../src/schemas/rubric-ids.js';
import { accepted, everyChange, same } from '../helpers/plain-check.js';
import { DEEP, runs } from '../helpers/tier.js';

const ROOT = path.resolve(__dirname, '../..');
const read = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');
const json = (rel: string) => JSON.parse(read(rel)) as Record<string, unknown>;

// --- generators ---------------------------------------------------------------------------------

const metricName = fc.constantFrom('roc_auc', 'f1', 'log_loss', 'accuracy', 'rmse', 'a.b');
const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
const unit = fc.double({ min: 0, max: 1, noNaN: true });
const metricsOf = (value: fc.Arbitrary<unknown>) => fc.dictionary(metricName, value, { maxKeys: 4 });
const date = fc.constantFrom('2026-01-02', '2026-01-02T03:04:05Z', '2026-01-02 03:04:05+01:00', '2026-01-02T03:04:05.123-0530');
const name = fc.constantFrom('m', 'model one', 'x-1');

const evalReport = fc
  .record(
    {
      $schema: fc.constant('https://example.com/eval.json'),
      schemaVersion: fc.constant(1),
      kind: fc.constant('ml-test-gate/eval-report'),
      model: fc.record({ name, version: name, trainedAt: date, commit: fc.string({ maxLength: 4 }) }, { requiredKeys: ['name'] }),
      dataset: fc.record({ name, version: fc.string({ maxLength: 3 }), rows: fc.nat(), createdAt: date }, { requiredKeys: ['name'] }),
      task: fc.constantFrom('binary', 'multiclass', 'regression'),
      metrics: metricsOf(fc.option(finite, { nil: null })),
      standardErrors: metricsOf(fc.option(unit, { nil: null })),
      intervals: metricsOf(fc.record({ lo: finite, hi: finite, confidence: fc.double({ min: 0.01, max: 0.99, noNaN: true }) })),
      slices: fc.array(
        fc.record(
          {
            feature: name,
            value: fc.oneof(fc.string({ maxLength: 3 }), finite, fc.boolean()),
            rows: fc.nat(),
            positives: fc.nat(),
            metrics: metricsOf(fc.option(unit, { nil: null })),
          },
          { requiredKeys: ['feature', 'value', 'metrics'] },
        ),
        { maxLength: 3 },
      ),
      baselineModel: fc.record({ name, description: fc.string({ maxLength: 3 }), metrics: metricsOf(unit) }, { requiredKeys: ['name', 'metrics'] }),
      performance: fc.record({
        latencyMs: fc.record({ p50: unit, p95: unit, p99: unit }, { requiredKeys: [] }),
        throughputPerS: unit,
        peakMemoryMb: unit,
        modelSizeMb: unit,
        trainingTimeS: unit,
      }, { requiredKeys: [] }),
    },
    { requiredKeys: ['schemaVersion', 'model', 'task', 'metrics'] },
  )
  .map((r) => JSON.parse(JSON.stringify(r)) as unknown);

const sectionScore = fc.record(
  { points: fc.double({ min: 0, max: 7, noNaN: true }), max: finite, counts: fc.dictionary(fc.constantFrom('pass', 'fail'), fc.nat()) },
  { requiredKeys: ['points', 'max'] },
);
const baselineReport = fc
  .record(
    {
      schemaVersion: fc.constant(1),
      tool: fc.constant({ name: 'ml-test-gate' }),
      generatedAt: fc.constantFrom('2026-01-01T00:00:00Z', 'x'),
      commit: fc.option(fc.string({ maxLength: 6 }), { nil: null }),
      score: fc.record({
        final: fc.double({ min: 0, max: 7, noNaN: true }),
        level: fc.constantFrom('1', 'ready'),
        limitedBy: fc.subarray(['data', 'model', 'infrastructure', 'monitoring']),
        sections: fc.record({ data: sectionScore, model: sectionScore, infrastructure: sectionScore, monitoring: sectionScore }),
      }),
      tests: fc.tuple(...RUBRIC_IDS.map((id) => fc.record({ id: fc.constant(id), status: fc.constantFrom(...status.options), title: fc.constant('t') }))),
      records: fc.dictionary(fc.constantFrom('model', 'data-drift', 'x'), fc.jsonValue({ maxDepth: 2 })),
    },
    { requiredKeys: ['schemaVersion', 'generatedAt', 'score', 'tests'] },
  )
  .map((r) => JSON.parse(JSON.stringify(r)) as unknown);

const pathsValue = fc.oneof(fc.constantFrom('a.xml', 'reports/*.xml'), fc.array(fc.constantFrom('a.xml', 'b/*.xml'), { minLength: 1, maxLength: 2 }));
const bound = fc.oneof(fc.record({ min: unit }), fc.record({ max: unit }), fc.record({ min: unit, max: unit }));
const reportLevelConfig = fc
  .record(
    {
      $schema: fc.constant('./schemas/config.schema.json'),
      version: fc.constant(1),
      gate: fc.record(
        {
          'min-score': fc.double({ min: 0, max: 7, noNaN: true }),
          'min-section': fc.record({ data: fc.integer({ min: 0, max: 7 }), model: fc.double({ min: 0, max: 7, noNaN: true }) }, { requiredKeys: [] }),
          'max-score-drop': fc.double({ min: 0, max: 7, noNaN: true }),
          mode: fc.constantFrom('enforce', 'report'),
          'false-alarm-rate': fc.double({ min: 0.001, max: 0.5, noNaN: true }),
          'if-no-baseline': fc.constantFrom('warn', 'fail'),
        },
        { requiredKeys: [] },
      ),
      baseline: fc.constantFrom('base.json', ''),
      model: fc.record(
        {
          'eval-report': fc.constantFrom('eval.json', 'a/b.json'),
          thresholds: fc.dictionary(metricName, bound, { maxKeys: 3 }),
          'simpler-model': fc.record({ metric: metricName, margin: unit, predictions: fc.constant('p.csv') }, { requiredKeys: ['metric'] }),
        },
        { requiredKeys: [] },
      ),
      tests: fc.record(
        { feature: pathsValue, model: pathsValue, pipeline: pathsValue, tagged: pathsValue, 'allow-skipped': fc.boolean() },
        { requiredKeys: [] },
      ),
      attestations: fc.constant([]),
      workspace: fc.record({ 'extra-roots': fc.array(fc.constantFrom('/cache', 'shared'), { maxLength: 2 }) }, { requiredKeys: [] }),
      limits: fc.record({ 'max-rows': fc.integer({ min: 1, max: 1e9 }), 'max-json-depth': fc.integer({ min: 1, max: 512 }) }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  )
  .map((r) => JSON.parse(JSON.stringify(r)) as unknown);

// --- the checks -------------------------------------------------------------------------------------

const EVAL_REPORTS = ['examples/demo/evidence/eval-report.json', 'examples/demo/evidence/eval-report-rerun.json', 'examples/demo/baseline/evidence/eval-report.json'];

describe('plainEvalReport', () => {
  it("gives evalReportSchema's result exactly on valid reports, keys in the schema's order", () => {
    for (const f of EVAL_REPORTS) accepted(plain.plainEvalReport, evalReportSchema, json(f));
    fc.assert(
      fc.property(evalReport, (r) => accepted(plain.plainEvalReport, evalReportSchema, r)),
      { numRuns: runs(300), seed: 31 },
    );
  });

  it('declines, or agrees with the schema, on a report with any one thing changed, added or dropped', () => {
    expect(everyChange(plain.plainEvalReport, evalReportSchema, json(EVAL_REPORTS[0]))).toBeGreaterThan(100);
    fc.assert(
      fc.property(evalReport, (r) => {
        everyChange(plain.plainEvalReport, evalReportSchema, r);
      }),
      { numRuns: DEEP ? 60 : 6, seed: 32, endOnFailure: true },
    );
  });
});

describe('plainBaselineReport', () => {
  const demo = json('examples/demo/baseline/report.json');

  it("gives baselineReportSchema's result exactly on valid reports (what it does not read dropped)", () => {
    accepted(plain.plainBaselineReport, baselineReportSchema, demo);
    fc.assert(
      fc.property(baselineReport, (r) => accepted(plain.plainBaselineReport, baselineReportSchema, r)),
      { numRuns: runs(200), seed: 33 },
    );
  });

  it('declines, or agrees with the schema, on a report with any one thing changed, added or dropped', () => {
    // the parts the schema reads, with a key it does not read at each level
    const base = { ...(validate(baselineReportSchema, demo) as { data: object }).data, tool: { name: 'x' } } as Record<string, unknown>;
    (base.tests as Array<Record<string, unknown>>)[0].title = 't';
    expect(everyChange(plain.plainBaselineReport, baselineReportSchema, base, 4)).toBeGreaterThan(100);
    fc.assert(
      fc.property(baselineReport, (r) => {
        everyChange(plain.plainBaselineReport, baselineReportSchema, r, 4);
      }),
      { numRuns: DEEP ? 30 : 3, seed: 34, endOnFailure: true },
    );
  });
});

/** Every complete config in the repository: examples, the benchmark's, and the docs' snippets. */
function repositoryConfigs(): unknown[] {
  const out = ['examples/demo/ml-test-gate.yml', 'examples/demo/baseline/ml-test-gate.yml', 'bench/startup/ml-test-gate.yml'].map((f) => parseYaml(read(f)));
  for (const dir of ['docs/rubric', 'docs/formats'])
    for (const f of readdirSync(path.join(ROOT, dir)))
      for (const m of read(`${dir}/${f}`).matchAll(/```yaml\n(# \.github\/ml-test-gate\.yml\n[\s\S]*?)```/g)) out.push(parseYaml(m[1]));
  return out;
}

describe('plainConfig', () => {
  it("gives the config schema's result exactly on report-level configs, keys in the schema's order", async () => {
    accepted(plain.plainConfig, configSchema, parseYaml(read('bench/startup/ml-test-gate.yml')));
    accepted(plain.plainConfig, configSchema, {});
    let declined = 0;
    for (const c of repositoryConfigs()) if (!same(plain.plainConfig, configSchema, c)) declined++;
    expect(declined).toBeGreaterThan(0); // the demo's config has data and infra sections: the schema's
    fc.assert(
      fc.property(reportLevelConfig, (c) => accepted(plain.plainConfig, configSchema, c)),
      { numRuns: runs(300), seed: 35 },
    );
    // and loadConfig gives it
    const text = read('bench/startup/ml-test-gate.yml');
    expect(await loadConfig('c.yml', text)).toEqual((validate(configSchema, parseYaml(text)) as { data: unknown }).data);
  });

  it('declines, or agrees with the schema, on a config with any one thing changed, added or dropped', () => {
    const bench = parseYaml(read('bench/startup/ml-test-gate.yml')) as Record<string, unknown>;
    expect(everyChange(plain.plainConfig, configSchema, bench)).toBeGreaterThan(50);
    fc.assert(
      fc.property(reportLevelConfig, (c) => {
        everyChange(plain.plainConfig, configSchema, c);
      }),
      { numRuns: DEEP ? 60 : 6, seed: 36, endOnFailure: true },
    );
  });

  it('leaves the other sections, model fields and forms to the schema', () => {
    for (const c of [
      { data: {} },
      { model: { 'eval-report': { path: 'e.json', format: 'dvc' } } },
      { model: { comparison: { metrics: ['roc_auc'] } } },
      { tests: { layers: { unit: 'u.xml' } } },
      { attestations: [{ test: 'data-6', by: 'me', date: '2026-01-01', link: 'https://x.org' }] },
    ])
      expect(plain.plainConfig(c)).toBeUndefined();
  });
});

describe("the plain checks know the schemas' keys, in their order, and their defaults", () => {
  const keys = (o: unknown) => Object.keys((o as { shape: object }).shape);
  const inner = (o: unknown) => (o as { unwrap(): unknown }).unwrap();
  it('eval report', () => {
    const s = evalReportSchema.shape;
    expect(plain.EVAL_REPORT_KEYS).toEqual(keys(evalReportSchema));
    expect(plain.EVAL_MODEL_KEYS).toEqual(keys(s.model));
    expect(plain.EVAL_DATASET_KEYS).toEqual(keys(inner(s.dataset)));
    expect(plain.INTERVAL_KEYS).toEqual(keys((inner(s.intervals) as { valueType: unknown }).valueType));
    expect(plain.SLICE_KEYS).toEqual(keys(sliceMetrics));
    expect(plain.BASELINE_MODEL_KEYS).toEqual(keys(inner(s.baselineModel)));
    expect(plain.PERFORMANCE_KEYS).toEqual(keys(performanceFigures));
    expect(plain.LATENCY_KEYS).toEqual(keys(inner(performanceFigures.shape.latencyMs)));
  });
  it('baseline report', () => {
    expect(plain.BASELINE_KEYS).toEqual(keys(baselineReportSchema));
    expect(plain.SCORE_KEYS).toEqual(keys(scoreSchema));
    expect(plain.SECTION_SCORE_KEYS).toEqual(keys(scoreSchema.shape.sections.shape.data));
    expect(plain.BASELINE_TEST_KEYS).toEqual(keys(baselineReportSchema.shape.tests.element));
  });
  it('config', () => {
    expect(plain.CONFIG_KEYS).toEqual(keys(configSchema));
    expect(plain.GATE_KEYS).toEqual(keys(gateConfig));
    expect(plain.MIN_SECTION_KEYS).toEqual(keys(inner(gateConfig.shape['min-section'])));
    expect(plain.GATE_DEFAULTS).toEqual(gateConfig.parse({}));
    expect(plain.MODEL_KEYS).toEqual(modelConfig.keys);
    expect(plain.MODEL_KEYS).toEqual(keys(modelConfig.full()));
    expect(plain.BOUND_KEYS).toEqual(keys(metricBound()));
    expect(plain.SIMPLER_MODEL_KEYS).toEqual(keys(simplerModelConfig()));
    expect(plain.TESTS_KEYS).toEqual(keys(junitTestsConfig));
    expect(plain.WORKSPACE_KEYS).toEqual(keys(workspaceConfig));
    expect(plain.LIMITS_KEYS).toEqual(keys(limitsConfig));
    for (const k of [...plain.PLAIN_CONFIG_KEYS, ...plain.PLAIN_MODEL_KEYS, ...plain.PLAIN_TESTS_KEYS])
      expect([...plain.CONFIG_KEYS, ...plain.MODEL_KEYS, ...plain.TESTS_KEYS]).toContain(k);
  });
});
