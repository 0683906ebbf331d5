/**
 * The registry is the one place that links a rubric id to its rule: every id is served by an evaluator
 * or is attestation-only, each evaluator's outcomes name only the tests it declares, and the generated
 * docs/rubric-map.md is current. Its entries describe evaluators without loading them: what an entry
 * declares is what its module declares, and an evaluator the config does not turn on (`when`) would
 * have reported nothing, so leaving it unloaded changes no report.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluatorFiles, renderRubricMap } from '../../scripts/rubric-map.js';
import { activeEntries, ATTESTATION_ONLY, EVALUATORS, isActive, POST_PASS, servedBy } from '../../src/assertions/registry.js';
import type { EvalContext, Evaluator } from '../../src/assertions/types.js';
import { parseConfig } from '../../src/config/load.js';
import { EvidenceStore } from '../../src/evidence/store.js';
import { fileWorkspace } from '../../src/evidence/workspace.js';
import { fileBaseline } from '../../src/gate/baseline.js';
import { evaluateGate } from '../../src/gate/evaluate.js';
import { RUBRIC_IDS } from '../../src/rubric/tests.js';
import type { Config } from '../../src/schemas/config.js';
import type { Report } from '../../src/schemas/report.js';

const ROOT = path.resolve(__dirname, '../..');
const NOW = new Date('2026-11-23T12:00:00Z');
const readConfig = (file: string) => parseConfig(file, readFileSync(path.join(ROOT, file), 'utf8'));
const allEvaluators = () => Promise.all(EVALUATORS.map((e) => e.load()));

/** The demo's config, plus the keys it does not use (a simpler model's predictions, two infra keys): every evaluator on. */
function richConfig(): Config {
  const c = readConfig('examples/demo/ml-test-gate.yml');
  const extra = parseConfig(
    'extra.yml',
    [
      'model:',
      '  simpler-model: { metric: roc_auc, predictions: examples/demo/evidence/base-predictions.csv.gz }',
      'infra:',
      '  staleness-impact: { report: examples/demo/evidence/eval-report.json }',
      '  ab-test: { report: examples/demo/evidence/shadow.json }',
    ].join('\n'),
  );
  return { ...c, model: { ...c.model!, ...extra.model }, infra: { ...c.infra, ...extra.infra } };
}

/** A copy of the config without the keys at these dot paths. */
function without(config: Config, keys: readonly string[]): Config {
  const c = structuredClone(config);
  for (const key of keys) {
    const parts = key.split('.');
    let o: unknown = c;
    for (const p of parts.slice(0, -1)) o = o && typeof o === 'object' ? (o as Record<string, unknown>)[p] : undefined;
    if (o && typeof o === 'object') delete (o as Record<string, unknown>)[parts.at(-1)!];
  }
  return c;
}

function context(config: Config): EvalContext {
  return {
    config,
    configFile: 'examples/demo/ml-test-gate.yml',
    workspace: fileWorkspace(ROOT),
    store: new EvidenceStore(fileWorkspace(ROOT)),
    now: NOW,
    baseline: JSON.parse(readFileSync(path.join(ROOT, 'examples/demo/baseline/report.json'), 'utf8')) as Report,
    pullRequest: { number: 7, changedFiles: ['examples/demo/model/gbt.yaml', 'examples/demo/requirements.txt'] },
    diagnostics: [],
    alpha: () => 0.05,
  };
}

describe('the evaluator registry', () => {
  it('serves each of the 28 tests, or marks it attestation-only (never both)', () => {
    for (const id of RUBRIC_IDS) {
      const served = servedBy(id).length > 0;
      expect([id, served || ATTESTATION_ONLY.includes(id)]).toEqual([id, true]);
      expect([id, served && ATTESTATION_ONLY.includes(id)]).toEqual([id, false]);
    }
  });

  it('declares for each evaluator, without loading it, exactly what its module declares', async () => {
    for (const e of [...EVALUATORS, POST_PASS]) {
      const ev = await e.load();
      const declared = { name: ev.name, tests: ev.tests, config: ev.config, formats: ev.formats };
      expect(
        { name: e.name, tests: e.tests, config: e.config, formats: e.formats },
        `update ${e.name}'s entry in src/assertions/registry.ts`,
      ).toEqual(declared);
      for (const k of e.when) expect(k, e.name).toMatch(/^(model|data|tests|infra|review)(\.[a-z-]+)*$/);
    }
  });

  it('leaves out only evaluators that would report nothing: without their `when` keys they return no outcome, table, record or diagnostic and read no file', async () => {
    const rich = richConfig();
    expect(activeEntries(rich).map((e) => e.name)).toEqual(EVALUATORS.map((e) => e.name)); // every evaluator is on
    let checked = 0;
    for (const e of EVALUATORS) {
      const config = without(rich, e.when);
      expect(isActive(e, config), e.name).toBe(false);
      // and only it: an evaluator whose keys were not removed (nor their parents) stays on
      const removed = (k: string) => e.when.some((w) => k === w || k.startsWith(`${w}.`));
      for (const other of EVALUATORS)
        if (!other.when.every(removed)) expect([other.name, isActive(other, config)]).toEqual([other.name, true]);
      const ctx = context(config);
      const out = await (await e.load()).run(ctx);
      expect([e.name, out]).toEqual([e.name, { outcomes: [] }]);
      expect([e.name, ctx.diagnostics, ctx.store.numericScans]).toEqual([e.name, [], []]);
      checked++;
    }
    expect(checked).toBe(EVALUATORS.length);
  });

  it('turns an evaluator on when any of its `when` keys is set, and the post-pass always', () => {
    const none = parseConfig('c.yml', 'version: 1\n');
    expect(activeEntries(none)).toEqual([]);
    expect(isActive(POST_PASS, none)).toBe(true);
    const reportLevel = readConfig('bench/startup/ml-test-gate.yml');
    // an eval report with thresholds and a simpler model's metric, and JUnit files: no prediction files
    expect(activeEntries(reportLevel).map((e) => e.name)).toEqual(['tests', 'model']);
    const simpler = parseConfig('c.yml', 'model:\n  simpler-model: { metric: roc_auc, predictions: s.csv }\n');
    expect(activeEntries(simpler).map((e) => e.name)).toEqual(['model-simpler']);
  });

  it('gives the same report as running every evaluator, on a report-level config and on all infra evidence', async () => {
    const all = await allEvaluators();
    for (const file of ['bench/startup/ml-test-gate.yml', 'examples/demo/baseline/ml-test-gate.yml']) {
      const input = { config: readConfig(file), configFile: file, workspace: fileWorkspace(ROOT), now: NOW };
      const baseline = fileBaseline('examples/demo/baseline/report.json');
      const lazy = await evaluateGate({ ...input, baseline });
      const eager = await evaluateGate({ ...input, baseline, evaluators: all });
      expect(lazy, file).toEqual(eager);
      expect(lazy.gate.reasons.filter((r) => r.includes('internal error'))).toEqual([]);
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
      config: readConfig(configFile),
      configFile,
      workspace: fileWorkspace(ROOT),
      baseline: fileBaseline('examples/demo/baseline/report.json'),
      now: NOW,
      evaluators: (await allEvaluators()).map(watch),
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
