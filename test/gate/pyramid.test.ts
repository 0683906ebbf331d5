import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { testPyramid, type EvaluatorOutcome } from '../../src/gate/pyramid.js';
import { pyramidLine } from '../../src/report/pyramid.js';
import type { CheckStatus } from '../../src/rubric/types.js';
import type { RubricId } from '../../src/rubric/tests.js';

const config = parseConfig(
  'c.yml',
  ['version: 1', 'infra:', '  performance:', '    evidence:', '      - bench.json', '      - { path: "load/k6-*.json", format: k6 }'].join(
    '\n',
  ),
);

const out = (evaluator: string, test: RubricId, ...checks: Array<[CheckStatus, string?]>): EvaluatorOutcome => ({
  evaluator,
  outcome: { test, checks: checks.map(([status, file], i) => ({ name: `c${i}`, status, message: 'm', file })) },
});

const statusOf = (p: ReturnType<typeof testPyramid>) => Object.fromEntries(p.layers.map((l) => [l.layer, l.status]));

describe('testPyramid', () => {
  it('no evidence: every layer is none, bottom to top', () => {
    const p = testPyramid(config, [], null);
    expect(p.layers.map((l) => l.layer)).toEqual(['unit', 'data', 'model', 'integration', 'load', 'shadow-ab']);
    expect(new Set(Object.values(statusOf(p)))).toEqual(new Set(['none']));
    expect(pyramidLine(p)).toBe(
      '**Test pyramid:** ⬜ unit · ⬜ data · ⬜ model · ⬜ integration · ⬜ load · ⬜ shadow/A-B (no layer has evidence)',
    );
  });

  it('places outcomes by test; the worst status of a layer wins (error > fail > pass)', () => {
    const p = testPyramid(
      config,
      [
        out('tests', 'data-7', ['pass']),
        out('tests', 'infra-2', ['fail']),
        out('schema', 'data-1', ['pass']),
        out('skew', 'monitor-3', ['error']),
        out('model-predictions', 'monitor-7', ['pass'], ['warn']),
        out('tests', 'infra-3', ['pass']),
      ],
      null,
    );
    expect(statusOf(p)).toEqual({ unit: 'fail', data: 'error', model: 'pass', integration: 'pass', load: 'none', 'shadow-ab': 'none' });
    expect(p.layers[1]).toMatchObject({ tests: ['data-1', 'monitor-3'], checks: 2 });
  });

  it('load counts only monitor-6 checks read from k6/Locust files, not micro-benchmarks', () => {
    const bench = testPyramid(config, [out('performance', 'monitor-6', ['pass', 'bench.json'])], null);
    expect(statusOf(bench).load).toBe('none');
    const k6 = testPyramid(config, [out('performance', 'monitor-6', ['pass', 'bench.json'], ['fail', 'load/k6-*.json'])], null);
    expect(k6.layers.find((l) => l.layer === 'load')).toMatchObject({ status: 'fail', checks: 1 });
  });

  it('shadow/A-B counts the shadow and A/B test evaluators, not the canary (same rubric test infra-6)', () => {
    expect(statusOf(testPyramid(config, [out('canary', 'infra-6', ['pass'])], null))['shadow-ab']).toBe('none');
    expect(statusOf(testPyramid(config, [out('shadow', 'infra-6', ['pass'])], null))['shadow-ab']).toBe('pass');
    expect(statusOf(testPyramid(config, [out('ab-test', 'infra-6', ['fail'])], null))['shadow-ab']).toBe('fail');
  });

  it('JUnit cases tagged with a layer add to it: a failing tagged case fails the layer', () => {
    const layer = (passed: number, failed: number) => ({ cases: passed + failed, passed, failed, skipped: 0, files: ['x.xml'] });
    const p = testPyramid(config, [out('tests', 'data-7', ['pass'])], { layers: { unit: layer(3, 1), model: layer(2, 0) }, tagged: {} });
    expect(p.layers.find((l) => l.layer === 'unit')).toMatchObject({ status: 'fail', cases: 4 });
    expect(p.layers.find((l) => l.layer === 'model')).toMatchObject({ status: 'pass', cases: 2, checks: 0 });
    expect(pyramidLine(p)).toBe(
      '**Test pyramid:** ❌ unit · ⬜ data · ✅ model · ⬜ integration · ⬜ load · ⬜ shadow/A-B (⬜ no evidence)',
    );
  });
});
