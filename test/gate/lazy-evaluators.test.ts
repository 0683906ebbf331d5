/**
 * The gate loads evaluator modules on demand (assertions/registry.ts). A module that cannot be loaded
 * (a damaged install) is a bug like a throwing evaluator: an internal error naming the evaluator, the
 * gate fails, and the rest of the report is still produced.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryWorkspace } from '../helpers/memory-workspace.js';

const INFRA_GROUP = '../../src/assertions/groups/infra.js';
const JUNIT = '<testsuite name="s" tests="1"><testcase classname="c" name="t"/></testsuite>';
const CONFIG = 'tests:\n  model: junit.xml\ninfra:\n  canary: { report: canary.json }\n';

describe('evaluators loaded on demand', () => {
  afterEach(() => {
    vi.doUnmock(INFRA_GROUP);
    vi.resetModules();
  });

  it('a module that fails to load is an internal error of its evaluator; the other tests are still scored', async () => {
    vi.resetModules();
    vi.doMock(INFRA_GROUP, () => {
      throw new Error('chunk missing');
    });
    const { evaluateGate } = await import('../../src/gate/evaluate.js');
    const { loadConfig } = await import('../../src/config/load.js');
    const { noBaseline } = await import('../../src/gate/baseline.js');
    const report = await evaluateGate({
      config: await loadConfig('c.yml', CONFIG),
      configFile: 'c.yml',
      workspace: memoryWorkspace({ 'junit.xml': JUNIT }),
      baseline: noBaseline('none'),
      now: new Date('2026-11-23T12:00:00Z'),
    });
    const internal = report.gate.reasons.filter((r) => r.includes('internal error'));
    expect(internal.map((r) => /in the (\S+) checks/.exec(r)?.[1])).toEqual(['canary']);
    expect(report.gate.passed).toBe(false);
    expect(report.tests.find((t) => t.id === 'infra-2')?.status).toBe('pass'); // the JUnit evaluator ran
    expect(report.tests.find((t) => t.id === 'infra-6')?.status).toBe('missing'); // no outcome, and not a silent pass
    expect(
      report.diagnostics.filter((d) => d.level === 'error' && d.message.startsWith('internal error in the canary checks')),
    ).toHaveLength(1);
  });
});
