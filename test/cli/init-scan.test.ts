// init's scanner on prediction files of shapes a stranger brings (found in the field trial).
import { describe, expect, it } from 'vitest';
import { predictionColumns } from '../../src/cli/init/scan.js';

const rows = (n: number, row: (i: number) => string[]) => Array.from({ length: n }, (_, i) => row(i));

describe('predictionColumns', () => {
  it('two named classes with a score column each (prob_cat, prob_dog) are a multiclass file, not skipped', () => {
    const cols = ['example_id', 'target', 'prob_cat', 'prob_dog'];
    const found = predictionColumns(
      'preds.tsv',
      cols,
      rows(20, (i) => [String(i), i % 2 ? 'cat' : 'dog', '0.3', '0.7']),
    );
    expect(found).toMatchObject({
      task: 'multiclass',
      classes: ['cat', 'dog'],
      columns: { label: 'target', scores: ['prob_cat', 'prob_dog'] },
    });
  });
  it('a 0/1 label with a single score column stays binary, per-class columns beside it or not', () => {
    const cols = ['id', 'label', 'score', 'prob_0', 'prob_1'];
    const found = predictionColumns(
      'p.csv',
      cols,
      rows(20, (i) => [String(i), String(i % 2), '0.4', '0.6', '0.4']),
    );
    expect(found).toMatchObject({ task: 'binary', columns: { label: 'label', score: 'score' } });
  });
});
