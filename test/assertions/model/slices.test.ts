/**
 * model-6: the slice table names each row's actual method, an undefined slice shows "undefined" (and
 * its check fails), inconclusive rows say so, and the slice comparisons of every column are one family.
 */
import { describe, expect, it } from 'vitest';
import { modelContext, runModelGate } from '../../helpers/honesty-model.js';
import { binaryPredictions } from '../../helpers/predictions.js';
import { Rng } from '../../../src/stats/rng.js';

function pair(n: number) {
  const rng = new Rng(4);
  const y: number[] = [];
  const pb: number[] = [];
  const ph: number[] = [];
  const region: string[] = [];
  const band: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = i % 4 === 0 ? 'north' : i % 4 === 1 ? 'south' : 'east';
    // north has no positives: its roc_auc is undefined
    const yi = r === 'north' ? 0 : rng.next() < 0.35 ? 1 : 0;
    const s = 1.3 * yi + rng.normal();
    y.push(yi);
    pb.push(1 / (1 + Math.exp(-(s - 0.8))));
    ph.push(1 / (1 + Math.exp(-(s - 0.8 + 0.2 * rng.normal()))));
    region.push(r);
    band.push(i % 2 ? 'young' : 'old');
  }
  const ids = y.map((_, i) => `e${i}`);
  return {
    head: binaryPredictions(y, ph, { ids, groups: { region, band } }),
    base: binaryPredictions(y, pb, { ids, groups: { region, band } }),
  };
}

const config = {
  model: {
    predictions: { file: 'h.csv', base: 'b.csv', task: 'binary', columns: { label: 'y', score: 'p', id: 'id' } },
    comparison: { metrics: ['roc_auc', 'accuracy'] },
    slices: { columns: ['region', 'band'], 'min-size': 100 },
  },
};

describe('slices', () => {
  it('an undefined slice shows "undefined", not "ok", and its check fails; each row names its method', async () => {
    const { head, base } = pair(4000);
    const r = await runModelGate(modelContext(config), head, base);
    const table = r.tables.find((t) => t.id === 'model-slices-region')!;
    const statusAt = table.columns.indexOf('status');
    const methodAt = table.columns.indexOf('method');
    const north = table.rows.find((row) => row[0] === 'north' && row[3] === 'roc_auc')!;
    expect(north[statusAt]).toBe('undefined');
    expect(r.checks.find((c) => c.name === 'region=north: roc_auc vs base')!.status).toBe('fail');
    // the method key of a DeLong row and of an accuracy row differ, and the note spells each out
    const south = (m: string) => table.rows.find((row) => row[0] === 'south' && row[3] === m)!;
    const keyAuc = String(south('roc_auc')[methodAt]);
    const keyAcc = String(south('accuracy')[methodAt]);
    expect(keyAuc).not.toBe(keyAcc);
    expect(table.note).toContain(`${keyAuc} head: DeLong 95%, logit scale; delta: DeLong paired`);
    expect(table.note).toContain(`${keyAcc} head: Wilson score 95%; delta: paired difference of proportions (Wald, from discordant pairs)`);
    // one family across both columns: 2 columns x (3 + 2 slices) x 2 metrics = 10 + ... tests
    expect(table.note).toMatch(/Benjamini-Hochberg across 10 slice comparisons at family alpha 0\.025/);
    // inconclusive rows say so in their status
    const inconclusive = table.rows.filter((row) => row[table.columns.indexOf('verdict')] === 'inconclusive');
    for (const row of inconclusive) expect(row[statusAt]).toBe('inconclusive');
  });

  it('the compact comparison table lists every comparison once, worst verdicts first', async () => {
    const { head, base } = pair(4000);
    const r = await runModelGate(modelContext(config), head, base);
    const t = r.tables.find((x) => x.id === 'model-comparisons')!;
    expect(t.columns).toEqual(['slice', 'metric', 'base', 'head', 'delta [interval]', 'MDE (80%)', 'verdict']);
    expect(t.rows.length).toBe(2 + 10);
    const order = ['fail', 'undefined', 'inconclusive', 'pass'];
    const ranks = t.rows.map((row) => order.indexOf(String(row[6])));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(t.rows.filter((row) => row[0] === '(all rows)').map((row) => row[1])).toEqual(expect.arrayContaining(['roc_auc', 'accuracy']));
  });
});
