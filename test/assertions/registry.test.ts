/**
 * The registry is the one place that links a rubric id to its rule: every id is served by an evaluator
 * or is attestation-only, each evaluator's outcomes name only the tests it declares, and the generated
 * docs/rubric-map.md is current.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluatorFiles, renderRubricMap } from '../../scripts/rubric-map.js';
import { ATTESTATION_ONLY, EVALUATORS, POST_PASS, servedBy } from '../../src/assertions/registry.js';
import type { Evaluator } from '../../src/assertions/types.js';
import { parseConfig } from '../../src/config/load.js';
import { fileWorkspace } from '../../src/evidence/workspace.js';
import { fileBaseline } from '../../src/gate/baseline.js';
import { evaluateGate } from '../../src/gate/evaluate.js';
import { RUBRIC_IDS } from '../../src/rubric/tests.js';

const ROOT = path.resolve(__dirname, '../..');

describe('the evaluator registry', () => {
  it('serves each of the 28 tests, or marks it attestation-only (never both)', () => {
    for (const id of RUBRIC_IDS) {
      const served = servedBy(id).length > 0;
      expect([id, served || ATTESTATION_ONLY.includes(id)]).toEqual([id, true]);
      expect([id, served && ATTESTATION_ONLY.includes(id)]).toEqual([id, false]);
    }
  });

  it('names every evaluator once; the post-pass (numerical stability, monitor-5) is not in the ordered list', () => {
    const names = EVALUATORS.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect(POST_PASS.tests).toEqual(['monitor-5']);
    expect(EVALUATORS).not.toContain(POST_PASS);
  });

  it('each evaluator declares real tests and config keys of its own section files', () => {
    const files = evaluatorFiles(ROOT);
    for (const e of [...EVALUATORS, POST_PASS]) {
      expect(e.tests.length, e.name).toBeGreaterThan(0);
      for (const t of e.tests) expect(RUBRIC_IDS).toContain(t);
      // the rule lives in the folder of its primary (first) test's section
      const section = e.tests[0].split('-')[0];
      expect(files.get(e.name), e.name).toMatch(new RegExp(`^src/assertions/${section}/`));
    }
  });

  it('on the demo, every evaluator reports only on the tests it declares, and all 27 served tests get outcomes', async () => {
    const seen = new Map<string, Set<string>>();
    const watch = (e: Evaluator): Evaluator => ({
      ...e,
      run: async (ctx) => {
        const out = await e.run(ctx);
        seen.set(e.name, new Set(out.outcomes.map((o) => o.test)));
        return out;
      },
    });
    const configFile = 'examples/demo/ml-test-gate.yml';
    const report = await evaluateGate({
      config: parseConfig(configFile, readFileSync(path.join(ROOT, configFile), 'utf8')),
      configFile,
      workspace: fileWorkspace(ROOT),
      baseline: fileBaseline('examples/demo/baseline/report.json'),
      now: new Date('2026-11-23T12:00:00Z'),
      evaluators: EVALUATORS.map(watch),
    });
    for (const e of EVALUATORS) for (const t of seen.get(e.name) ?? []) expect(e.tests, `${e.name} reported on ${t}`).toContain(t);
    const withOutcomes = report.tests.filter((t) => t.status !== 'missing' && t.status !== 'attested').map((t) => t.id);
    expect(withOutcomes).toContain('monitor-5'); // the post-pass ran
    expect(RUBRIC_IDS.filter((id) => !ATTESTATION_ONLY.includes(id) && !withOutcomes.includes(id))).toEqual([]);
  });

  it('docs/rubric-map.md is what the registry generates (run node scripts/gen-docs.mjs when this fails)', () => {
    expect(readFileSync(path.join(ROOT, 'docs', 'rubric-map.md'), 'utf8')).toBe(renderRubricMap(evaluatorFiles(ROOT)));
  });
});
