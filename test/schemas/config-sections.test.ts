/**
 * A run builds the schemas of the config sections its file uses, and no others
 * (src/schemas/config-sections.ts). That must change nothing a user sees: every config, valid or not,
 * gets the same data or the same messages as from the whole schema (src/schemas/config.ts, which the
 * JSON Schema and the docs come from), and a section is built only when the config has it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import * as z from 'zod';
import { describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { configSchema } from '../../src/schemas/config.js';
import { configSchemaFor } from '../../src/schemas/config-sections.js';
import { modelConfig } from '../../src/schemas/config/model.js';
import { validate } from '../../src/schemas/errors.js';
import { runs } from '../helpers/tier.js';

const ROOT = path.resolve(__dirname, '../..');
const read = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');

/** Every complete config in the repository: examples, the benchmark's, and the docs' snippets. */
function repositoryConfigs(): Array<{ file: string; data: Record<string, unknown> }> {
  const out = ['examples/demo/ml-test-gate.yml', 'examples/demo/baseline/ml-test-gate.yml', 'bench/startup/ml-test-gate.yml'].map((file) => ({
    file,
    data: parseYaml(read(file)) as Record<string, unknown>,
  }));
  for (const dir of ['docs/rubric', 'docs/formats']) {
    for (const f of readdirSync(path.join(ROOT, dir))) {
      for (const m of read(`${dir}/${f}`).matchAll(/```yaml\n(# \.github\/ml-test-gate\.yml\n[\s\S]*?)```/g))
        out.push({ file: `${dir}/${f}`, data: parseYaml(m[1]) as Record<string, unknown> });
    }
  }
  return out;
}

/** The same verdict, data and messages from the schema of the used sections (and model fields) as from the whole one. */
function expectSameAsWhole(data: unknown, label: string): void {
  expect(validate(configSchemaFor(data), data), label).toEqual(validate(configSchema, data));
}

/** Wrong values for a section or a key in it: types, unknown keys, out-of-range numbers. */
const WRONG: unknown[] = [42, 'x', [], null, { bogus: 1 }, { 'min-score': 9 }, { file: 3 }, { performance: { budgets: 'fast' } }];

describe('config schemas built by section', () => {
  it('validates every repository config exactly as the whole schema does, and every broken variant of it with the same messages', () => {
    const configs = repositoryConfigs();
    expect(configs.length).toBeGreaterThanOrEqual(20);
    let variants = 0;
    for (const { file, data } of configs) {
      expectSameAsWhole(data, file);
      for (const key of Object.keys(data)) {
        for (const wrong of WRONG) {
          expectSameAsWhole({ ...data, [key]: wrong }, `${file} with ${key}: ${JSON.stringify(wrong)}`);
          const section = data[key];
          if (section && typeof section === 'object' && !Array.isArray(section)) {
            const inner = Object.keys(section)[0];
            expectSameAsWhole({ ...data, [key]: { ...section, [inner]: wrong } }, `${file} with ${key}.${inner}: ${JSON.stringify(wrong)}`);
          }
          variants++;
        }
      }
      expectSameAsWhole({ ...data, modle: {}, infra: undefined }, `${file} with a misspelt section`);
    }
    expect(variants).toBeGreaterThan(300);
  });

  it('agrees with the whole schema on arbitrary top-level mappings (property)', () => {
    const sections = ['version', 'gate', 'baseline', 'model', 'data', 'tests', 'infra', 'review', 'maturity', 'attestations', 'other'];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...sections), fc.jsonValue({ maxDepth: 3 })), (data) => expectSameAsWhole(data, JSON.stringify(data))),
      { numRuns: runs(300) },
    );
  });

  it('keeps the placeholders of unused sections out of the data: absent stays absent', async () => {
    const c = await loadConfig('c.yml', 'tests:\n  model: junit.xml\n');
    expect(Object.keys(c).sort()).toEqual(['attestations', 'gate', 'limits', 'tests', 'version', 'workspace']);
    expect(c).toEqual(configSchema.parse({ tests: { model: 'junit.xml' } }));
  });

  it('builds only the sections a config uses: a report-level config builds model, not data or infra', async () => {
    vi.resetModules(); // a fresh module: no section built yet (the test setup builds them all)
    const fresh = await import('../../src/schemas/config-sections.js');
    const data = parseYaml(read('bench/startup/ml-test-gate.yml')) as Record<string, unknown>;
    expect(() => fresh.configSchemaFor(data)).toThrow(/section "model" is not loaded/);
    await fresh.loadConfigSections(Object.keys(data));
    expect(fresh.configSchemaFor(data).safeParse(data).success).toBe(true);
    expect(() => fresh.configSchemaFor({ data: {} })).toThrow(/section "data" is not loaded/);
    expect(() => fresh.configSchemaFor({ infra: {} })).toThrow(/section "infra" is not loaded/);
    // a config without model, data or infra needs nothing loaded
    const small = { gate: {}, tests: {}, review: {}, maturity: {}, attestations: [] };
    expect(fresh.configSchemaFor(small).safeParse(small).success).toBe(true);
  });

  it('agrees with the whole schema on arbitrary model sections, built by field (property)', () => {
    const fields = [...modelConfig.keys, 'other'];
    const base = parseYaml(read('examples/demo/ml-test-gate.yml')) as Record<string, unknown>;
    const model = base.model as Record<string, unknown>;
    const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(...Object.values(model)));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...fields), value), (m) => expectSameAsWhole({ ...base, model: m }, JSON.stringify(m))),
      { numRuns: runs(300) },
    );
    // and each of the demo's model fields alone, valid
    for (const [k, v] of Object.entries(model)) expectSameAsWhole({ model: { [k]: v } }, k);
  });

  it('builds lazily only fields that are optional without a default: absent, a field gives nothing', () => {
    const check = (label: string, shape: Record<string, z.ZodType>) => {
      for (const [k, f] of Object.entries(shape)) expect(f.safeParse(undefined), `${label}.${k}`).toEqual({ success: true, data: undefined });
    };
    check('model', (modelConfig.full() as unknown as z.ZodObject).shape);
    check('config', { review: configSchema.shape.review, maturity: configSchema.shape.maturity, history: configSchema.shape.history });
    // a report-level config builds 3 of the model's 9 fields, and none of review, maturity, history
    const data = parseYaml(read('bench/startup/ml-test-gate.yml')) as Record<string, unknown>;
    const shape = configSchemaFor(data).shape;
    const modelShape = (shape.model.unwrap() as unknown as z.ZodObject).shape;
    const real = Object.keys(modelShape).filter((k) => !(modelShape[k].unwrap() instanceof z.ZodNever));
    expect(real).toEqual(['eval-report', 'thresholds', 'simpler-model']);
    for (const k of ['review', 'maturity', 'history'] as const) expect(shape[k].unwrap()).toBeInstanceOf(z.ZodNever);
  });

  it('loadConfig names the file, line and field of a problem in a section it had to load', async () => {
    const err = await loadConfig('c.yml', 'gate:\n  min-score: 2\ninfra:\n  canary: { report: 3 }\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toMatch(/^c\.yml:4: infra\.canary\.report: expected a string/);
  });
});
