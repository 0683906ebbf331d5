import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVALUATORS } from '../../../src/assertions/registry.js';
import { predictionThresholdsEvaluator } from '../../../src/assertions/infra/prediction-thresholds.js';
import { inclusionEvaluator } from '../../../src/assertions/model/inclusion.js';
import { slicesEvaluator } from '../../../src/assertions/model/slices.js';
import { predictionQualityEvaluator } from '../../../src/assertions/monitor/prediction-quality.js';
import { reproducibilityEvaluator } from '../../../src/assertions/infra/reproducibility.js';
import { simplerModelEvaluator } from '../../../src/assertions/model/simpler-model.js';
import type { EvalContext } from '../../../src/assertions/types.js';
import type { ReportTable, TestOutcome } from '../../../src/rubric/types.js';
import { EvidenceStore } from '../../../src/evidence/store.js';
import { fileWorkspace } from '../../../src/evidence/workspace.js';
import { configSchema } from '../../../src/schemas/config.js';
import { Rng } from '../../../src/stats/rng.js';

/** The evaluators of prediction files, in registry order, as one run (they share one load per store). */
async function runPredictionEvaluators(c: EvalContext) {
  const out = { outcomes: [] as TestOutcome[], tables: [] as ReportTable[], record: undefined as unknown };
  for (const e of [predictionQualityEvaluator, predictionThresholdsEvaluator, slicesEvaluator, inclusionEvaluator]) {
    const r = await e.run(c);
    out.outcomes.push(...r.outcomes);
    out.tables.push(...(r.tables ?? []));
    if (r.record !== undefined) out.record = r.record;
  }
  return out;
}

function workspace(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mtg-model-'));
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
  return fileWorkspace(dir);
}

function ctx(files: Record<string, string>, model: unknown, baseline: EvalContext['baseline'] = null): EvalContext {
  const ws = workspace(files);
  return {
    alpha: () => 0.05,
    config: configSchema.parse({ model }),
    configFile: '.github/ml-test-gate.yml',
    workspace: ws,
    store: new EvidenceStore(ws),
    now: new Date('2026-11-23T00:00:00Z'),
    baseline,
    pullRequest: null,
    diagnostics: [],
  };
}

/** Base and head on the same 3000 examples; head is much worse on country=BR only. */
function files(): Record<string, string> {
  const rng = new Rng(11);
  let base = 'id,label,score,country,gender\n';
  let head = base;
  for (let i = 0; i < 3000; i++) {
    const c = ['US', 'DE', 'BR'][i % 3];
    const g = i % 2 ? 'f' : 'm';
    const y = rng.next() < 0.4 ? 1 : 0;
    const good = (right: boolean) => ((y === 1) === right ? 0.55 + 0.4 * rng.next() : 0.05 + 0.4 * rng.next());
    const sb = good(rng.next() < 0.85);
    const sh = c === 'BR' ? good(rng.next() < 0.6) : sb;
    base += `e${i},${y},${sb},${c},${g}\n`;
    head += `e${i},${y},${sh},${c},${g}\n`;
  }
  return { 'base.csv': base, 'head.csv': head };
}

const model = {
  predictions: { file: 'head.csv', base: 'base.csv', task: 'binary', columns: { label: 'label', score: 'score', id: 'id' } },
  thresholds: { roc_auc: { min: 0.6 } },
  comparison: { metrics: ['accuracy', 'roc_auc', 'f1'], tolerance: { absolute: 0.01 }, resamples: 200 },
  slices: { columns: ['country'], 'min-size': 500, thresholds: { accuracy: { min: 0.7 } } },
  inclusion: { groups: ['gender'], limits: { demographic_parity_ratio: 0.8, equalized_odds_difference: 0.2 } },
  'prediction-bias': { max: 0.2 },
};

describe('model-predictions evaluator', () => {
  it('computes metrics, compares with the base model, finds the regressed slice, checks inclusion', async () => {
    const c = ctx(files(), model);
    const out = await runPredictionEvaluators(c);
    const byTest = Object.fromEntries(out.outcomes.map((o) => [o.test, o.checks]));
    expect(Object.keys(byTest).sort()).toEqual(['infra-4', 'model-6', 'model-7', 'monitor-7']);
    // overall accuracy drops (BR is a third of the data): the paired comparison fails it
    const acc = byTest['monitor-7'].find((x) => x.name === 'accuracy vs base')!;
    expect(acc.status).toBe('fail');
    expect(acc.method).toMatch(/paired difference/);
    expect(acc.message).toMatch(/McNemar exact p/);
    const auc = byTest['monitor-7'].find((x) => x.name === 'roc_auc vs base')!;
    expect(auc.method).toMatch(/DeLong paired/);
    const f1 = byTest['monitor-7'].find((x) => x.name === 'f1 vs base')!;
    expect(f1.method).toMatch(/delta method, per-example influence values \(paired: per-row head - base\)/);
    expect(f1.method).toMatch(/regression bound: Holm across 3 key metrics at family alpha 0.05; pass bound: one-sided 95%/);
    // slices: BR regressed, US and DE identical to base (delta exactly 0 -> pass)
    const br = byTest['model-6'].find((x) => x.name === 'country=BR: accuracy vs base')!;
    expect(br.status).toBe('fail');
    expect(byTest['model-6'].find((x) => x.name === 'country=US: accuracy vs base')!.status).toBe('pass');
    const table = out.tables!.find((t) => t.id === 'model-slices-country')!;
    expect(table.rows[0][0]).toBe('BR'); // worst first
    expect(table.alwaysShow).toBe(true);
    const key = out.tables!.find((t) => t.id === 'model-key-metrics')!;
    expect(key.columns).toEqual(['metric', 'base', 'head', 'delta [interval]', 'tolerance', 'MDE (80%)', 'verdict', 'method']);
    expect(key.rows.map((r) => r[0])).toEqual(['accuracy', 'roc_auc', 'f1']);
    // inclusion checks exist with numbers
    expect(byTest['model-7'].length).toBe(2);
    expect(byTest['model-7'].every((x) => typeof x.value === 'number')).toBe(true);
    // numeric scan recorded for monitor-5
    expect(c.store.numericScans.map((s) => s.file).sort()).toEqual(['base.csv', 'head.csv']);
    expect((out.record as { metrics: Record<string, number> }).metrics.roc_auc).toBeGreaterThan(0.6);
  });

  it('is deterministic: the same inputs and seed give the same checks', async () => {
    const f = files();
    const a = await runPredictionEvaluators(ctx(f, model));
    const b = await runPredictionEvaluators(ctx(f, model));
    expect(JSON.stringify(a.outcomes)).toBe(JSON.stringify(b.outcomes));
  });

  it('NaN in predictions: metric checks are errors (never a pass) and monitor-5 sees the values', async () => {
    const f = files();
    f['head.csv'] = f['head.csv'].replace(/\ne5,(\d),[^,]+,/, '\ne5,$1,NaN,');
    const c = ctx(f, model);
    const out = await runPredictionEvaluators(c);
    expect(out.outcomes.length).toBeGreaterThan(0);
    expect(out.outcomes.every((o) => o.checks.every((x) => x.status === 'error'))).toBe(true);
    expect(out.outcomes[0].checks[0].message).toMatch(/head.csv, line 7, column "score": NaN/);
    expect(c.store.numericScans.find((s) => s.file === 'head.csv')!.nonFinite).toEqual([{ path: 'line 7, column score', token: 'NaN' }]);
  });

  it('without base predictions or a baseline, the comparison is an error (unmeasured is not a pass)', async () => {
    const m = { ...model, predictions: { ...model.predictions, base: undefined } };
    const out = await runPredictionEvaluators(ctx(files(), m));
    const checks = out.outcomes.find((o) => o.test === 'monitor-7')!.checks.filter((x) => x.name.endsWith('vs base'));
    expect(checks.map((x) => x.status)).toEqual(['error', 'error', 'error']);
  });

  it('with only the baseline record (aggregated metrics): its standard errors decide; without them never a regression', async () => {
    const m = { ...model, predictions: { ...model.predictions, base: undefined } };
    const record = { task: 'binary', n: 3000, metrics: { accuracy: 0.99, roc_auc: 0.5, f1: null } };
    const withoutSe = { records: { 'model-predictions': record } } as unknown as EvalContext['baseline'];
    const checks = (await runPredictionEvaluators(ctx(files(), m, withoutSe))).outcomes.find((o) => o.test === 'monitor-7')!.checks;
    const acc = checks.find((x) => x.name === 'accuracy vs base')!;
    // a drop of 0.2 beyond the tolerance, but the base's noise is unknown: inconclusive (a warning), stated
    expect(acc.status).toBe('warn');
    expect(acc.message).toMatch(/only under an assumption \(the baseline report has no standard error; taken equal to the head's\)/);
    expect(acc.method).toMatch(/baseline report's value against the head's, independent samples/);
    expect(checks.find((x) => x.name === 'roc_auc vs base')!.status).toBe('pass');
    expect(checks.find((x) => x.name === 'f1 vs base')!.status).toBe('fail'); // undefined base never passes
    // the same record with standard errors: the drop is shown
    const withSe = {
      records: { 'model-predictions': { ...record, se: { accuracy: 0.002, roc_auc: 0.01, f1: null } } },
    } as unknown as EvalContext['baseline'];
    const checks2 = (await runPredictionEvaluators(ctx(files(), m, withSe))).outcomes.find((o) => o.test === 'monitor-7')!.checks;
    const acc2 = checks2.find((x) => x.name === 'accuracy vs base')!;
    expect(acc2.status).toBe('fail');
    expect(acc2.method).toMatch(/value and standard error against the head's/);
  });

  it('mismatched ids between base and head are an error naming both files', async () => {
    const f = files();
    f['base.csv'] = f['base.csv'].replace('\ne3,', '\nzz3,');
    const out = await runPredictionEvaluators(ctx(f, model));
    const msg = out.outcomes[0].checks[0].message;
    expect(out.outcomes[0].checks[0].status).toBe('error');
    expect(msg).toMatch(/"e3" \(line 5\)/);
    expect(msg).toMatch(/"zz3" \(line 5\)/);
  });
});

describe('simpler model and reproducibility', () => {
  it('model-5 from prediction files; infra-1 per-example agreement', async () => {
    const f = files();
    const m = {
      predictions: { file: 'base.csv', task: 'binary', columns: { label: 'label', score: 'score', id: 'id' } },
      'simpler-model': { metric: 'roc_auc', margin: 0, predictions: 'head.csv' },
      reproducibility: { predictions: ['base.csv', 'head.csv'], 'prediction-tolerance': 0.001, 'max-differing-share': 0.5 },
    };
    const s = await simplerModelEvaluator.run(ctx(f, m));
    expect(s.outcomes[0].test).toBe('model-5');
    expect(s.outcomes[0].checks[0].status).toBe('pass'); // base beats the degraded "simpler" head
    const r = await reproducibilityEvaluator.run(ctx(f, m));
    const perEx = r.outcomes[0].checks.find((x) => x.name === 'per-example predictions')!;
    expect(perEx.status).toBe('pass'); // a third of the rows differ, below the 50% allowed
    expect(perEx.value).toBeCloseTo(1000 / 3000, 1);
    // registry order is record order in the report: the model evaluators run in this order
    const names = EVALUATORS.map((e) => e.name);
    const at = ['model', 'model-predictions', 'prediction-thresholds', 'slices', 'inclusion', 'model-simpler', 'model-reproducibility'].map(
      (n) => names.indexOf(n),
    );
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(at[0]).toBeGreaterThanOrEqual(0);
  });
});
