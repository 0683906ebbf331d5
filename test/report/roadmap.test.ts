import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { servedBy } from '../../src/assertions/registry.js';
import { DOCS_BASE, evidenceIn, roadmap } from '../../src/report/roadmap.js';
import { ROUTES, testsByKey } from '../../src/report/routes.js';
import { RUBRIC, type RubricId } from '../../src/rubric/tests.js';
import type { Check } from '../../src/rubric/types.js';
import { configSchema } from '../../src/schemas/config.js';
import type { Report } from '../../src/schemas/report.js';
import { makeReport } from './report-fixture.js';

const ROOT = path.resolve(__dirname, '../..');
const pass = (test: RubricId, message = 'ok') => ({ test, checks: [{ name: 'n', status: 'pass', message } as Check] });

/** Every dotted key path the config accepts (mappings and their children). */
function configKeys(): Set<string> {
  type Js = { properties?: Record<string, Js>; anyOf?: Js[]; items?: Js };
  const out = new Set<string>();
  const walk = (s: Js, key: string) => {
    if (key) out.add(key);
    for (const a of s.anyOf ?? []) walk(a, key);
    for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, key ? `${key}.${k}` : k);
  };
  walk(z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Js, '');
  return out;
}

describe('routes: how each test is earned', () => {
  it('every key a route names is a config key, and one the evaluators of that test read', () => {
    const keys = configKeys();
    for (const t of RUBRIC) {
      const read = servedBy(t.id).flatMap((e) => e.config);
      for (const r of ROUTES[t.id].routes) {
        for (const k of r.keys) {
          expect(keys.has(k), `${t.id}: ${k} is not a config key`).toBe(true);
          if (k === 'attestations' || k === 'review') continue; // any test can be attested; review is the section monitor-1 needs
          expect(
            read.some((x) => x === k || x.startsWith(`${k}.`)),
            `${t.id}: no evaluator of it reads ${k}`,
          ).toBe(true);
        }
      }
    }
  });

  it('maps config keys to the tests they earn, as the issue put it: thresholds earn infra-4, comparison monitor-7', () => {
    const m = testsByKey();
    expect(m.get('model.thresholds')).toEqual(['infra-4']);
    expect(m.get('model.comparison')).toEqual(['monitor-7']);
    expect(m.get('model.slices')).toEqual(['model-6']);
    expect(m.get('tests.feature')).toEqual(['data-7']);
    expect(m.has('attestations')).toBe(false);
  });

  it('links the rubric page of each test, published from this repository', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(DOCS_BASE.startsWith(pkg.homepage.replace(/#readme$/, ''))).toBe(true);
    const r = roadmap(makeReport([]));
    expect(r.steps).toHaveLength(28);
    for (const s of r.steps) {
      expect(existsSync(path.join(ROOT, s.doc.path))).toBe(true);
      expect(s.doc.url).toBe(`${DOCS_BASE}/${s.test}.md`);
    }
  });
});

describe('roadmap: which tests would raise the score, cheapest first', () => {
  it('the first realistic config (model and data configured, Model empty): the Model section first, cheapest first', () => {
    // predictions and an eval report given; thresholds and comparison earned infra-4 and monitor-7; Model has nothing
    const r: Report = makeReport(
      [
        pass('infra-4'),
        pass('monitor-7'),
        pass('monitor-3'),
        pass('data-7'),
        pass('data-1'),
        pass('infra-2'),
        pass('infra-3'),
        pass('monitor-5'),
        pass('monitor-2'),
      ],
      {
        records: {
          'model-predictions': { task: 'binary', n: 100, metrics: {} },
          model: { model: { name: 'm' }, task: 'binary', metrics: {} },
          'data-drift': {},
        },
      },
    );
    expect([...evidenceIn(r)].sort()).toEqual(['eval-report', 'junit', 'predictions', 'schema', 'serving', 'training']);
    const m = roadmap(r);
    expect(m.weakest).toEqual(['model']);
    const first = m.steps.slice(0, 3);
    expect(first.map((s) => [s.test, s.keys.join('+'), s.tier])).toEqual([
      ['model-1', 'review.model-specs', 1],
      ['model-6', 'model.slices', 1],
      ['model-7', 'model.inclusion', 1],
    ]);
    expect(first.every((s) => s.raisesFinal && s.gain === 1)).toBe(true);
    // steps of other sections come after every step of the weakest one
    const firstOther = m.steps.findIndex((s) => s.section !== 'model');
    expect(m.steps.slice(firstOther).every((s) => s.section !== 'model')).toBe(true);
  });

  it('without prediction files, slices and inclusion cost a pipeline step (tier 3) and come after file-only additions', () => {
    const m = roadmap(makeReport([pass('data-7')]));
    const model = m.steps.filter((s) => s.section === 'model');
    expect(model.find((s) => s.test === 'model-6')).toMatchObject({ tier: 3, keys: ['model.predictions', 'model.slices'] });
    const tiers = m.steps.filter((s) => s.raisesFinal).map((s) => s.tier);
    expect(tiers).toEqual([...tiers].sort((a, b) => a - b));
  });

  it('ties: every weakest section raises the final score, and the steps of each count', () => {
    const m = roadmap(makeReport([pass('data-7')]));
    expect(m.weakest).toEqual(['model', 'infrastructure', 'monitoring']);
    expect(new Set(m.steps.filter((s) => s.raisesFinal).map((s) => s.section))).toEqual(new Set(['model', 'infrastructure', 'monitoring']));
    expect(m.steps.filter((s) => s.section === 'data').every((s) => !s.raisesFinal)).toBe(true);
  });

  it('an error is fixed (+1), an expired attestation renewed (+0.5), an attested test automated (+0.5), data-6 attested', () => {
    const r = makeReport([{ test: 'data-1', checks: [{ name: 'f', status: 'error', message: 'file not found: s.json' }] }]);
    r.tests = r.tests.map((t) =>
      t.id === 'model-4' ? { ...t, status: 'expired', points: 0 } : t.id === 'infra-5' ? { ...t, status: 'attested', points: 0.5 } : t,
    );
    const by = Object.fromEntries(roadmap(r).steps.map((s) => [s.test, s]));
    expect(by['data-1']).toMatchObject({ kind: 'fix', gain: 1, tier: 1 });
    expect(by['data-1'].action).not.toContain('file not found'); // the error itself is shown once, under what failed
    expect(by['model-4']).toMatchObject({ kind: 'renew', gain: 0.5, tier: 1, keys: ['attestations', 'infra.staleness-impact'] });
    expect(by['infra-5']).toMatchObject({ kind: 'automate', gain: 0.5, keys: ['infra.debug'] });
    expect(by['data-6']).toMatchObject({ kind: 'attest', gain: 0.5, keys: ['attestations'] });
    expect(by['data-7']).toMatchObject({ kind: 'add', gain: 1, tier: 2, keys: ['tests.feature'] });
  });

  it('nothing to do when every test earns its point; the maturity next step when the report has one', () => {
    const full = makeReport(RUBRIC.map((t) => pass(t.id)));
    expect(roadmap(full).steps).toEqual([]);
    const demo: Report = JSON.parse(readFileSync(path.join(ROOT, 'examples/demo/history/2026-10-02.json'), 'utf8'));
    expect(roadmap(demo).maturity).toMatch(/^Google level \d of 2 · Azure level \d of 4/);
  });
});
