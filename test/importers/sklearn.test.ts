import { describe, expect, it } from 'vitest';
import { importEvalReport } from '../../src/importers/index.js';
import { fixture, fixtureJson } from './helpers.js';

const ref = fixtureJson('sklearn/reference.json') as { binary: Record<string, number>; multiclass: Record<string, number> };

describe('scikit-learn classification_report importer', () => {
  it('binary: positive class "1" gives precision/recall/f1 as average="binary" does', () => {
    const r = importEvalReport('sklearn/binary.json', 'sklearn-report', fixture('sklearn/binary.json'));
    expect(r.value.task).toBe('binary');
    expect(r.value.metrics.precision).toBeCloseTo(ref.binary.precision, 12);
    expect(r.value.metrics.f1).toBeCloseTo(ref.binary.f1, 12);
    expect(r.value.metrics.f1_macro).toBeCloseTo(ref.binary.f1_macro, 12);
    expect(Object.keys(r.value.metrics).sort()).toEqual(
      [
        'accuracy',
        'f1',
        'f1_macro',
        'f1_weighted',
        'precision',
        'precision_macro',
        'precision_weighted',
        'recall',
        'recall_macro',
        'recall_weighted',
      ].sort(),
    );
    expect(r.value.slices?.map((s) => [s.feature, s.value, s.rows])).toEqual([
      ['class', '0', (fixtureJson('sklearn/binary.json')['0'] as { support: number }).support],
      ['class', '1', (fixtureJson('sklearn/binary.json')['1'] as { support: number }).support],
    ]);
  });

  it('multiclass: averages map to scikit-learn names, each class is a slice', () => {
    const r = importEvalReport('sklearn/multiclass.json', 'sklearn-report', fixture('sklearn/multiclass.json'));
    expect(r.value.task).toBe('multiclass');
    expect(r.value.metrics.precision_macro).toBeCloseTo(ref.multiclass.precision_macro, 12);
    expect(r.value.metrics.f1_weighted).toBeCloseTo(ref.multiclass.f1_weighted, 12);
    expect(r.value.metrics).not.toHaveProperty('precision');
    expect(r.value.slices?.map((s) => s.value)).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(r.value.slices?.[0].metrics).toEqual({ precision: 0.8653846153846154, recall: 0.8333333333333334, f1: 0.8490566037735849 });
  });

  it('binary with string labels: the positive label is configurable; without it the binary metrics are left out with a note', () => {
    const text = JSON.stringify({
      no: { precision: 0.9, recall: 0.8, 'f1-score': 0.85, support: 10 },
      yes: { precision: 0.5, recall: 0.6, 'f1-score': 0.55, support: 5 },
      accuracy: 0.8,
      'macro avg': { precision: 0.7, recall: 0.7, 'f1-score': 0.7, support: 15 },
      'weighted avg': { precision: 0.77, recall: 0.73, 'f1-score': 0.75, support: 15 },
    });
    expect(importEvalReport('r.json', 'sklearn-report', text, { posLabel: 'yes' }).value.metrics.recall).toBe(0.6);
    const r = importEvalReport('r.json', 'sklearn-report', text);
    expect(r.value.metrics).not.toHaveProperty('recall');
    expect(r.notes.join()).toMatch(/without a class "1"/);
  });

  it('labels subset: "micro avg" instead of accuracy; NaN (zero_division=np.nan) is undefined', () => {
    const text =
      '{"0": {"precision": NaN, "recall": 0.0, "f1-score": NaN, "support": 2}, "1": {"precision": 0.5, "recall": 1.0, "f1-score": 0.6667, "support": 1}, "micro avg": {"precision": 0.75, "recall": 1.0, "f1-score": 0.857, "support": 3}, "macro avg": {"precision": NaN, "recall": 0.5, "f1-score": NaN, "support": 3}, "weighted avg": {"precision": NaN, "recall": 0.33, "f1-score": NaN, "support": 3}}';
    const r = importEvalReport('r.json', 'sklearn-report', text);
    expect(r.value.metrics.precision_micro).toBe(0.75);
    expect(r.value.metrics.precision_macro).toBeNull();
    expect(r.value.metrics).not.toHaveProperty('accuracy');
    expect(r.nonFinite.map((n) => n.path)).toContain('macro avg.precision');
  });

  it.each([
    [
      '[1]',
      /r\.json: expected a scikit-learn classification_report\(output_dict=True\) JSON .*; \(top level\): expected a mapping, got a list/,
    ],
    ['{"a": {"precision": 1, "recall": 1, "f1-score": 1, "support": 1}}', /; macro avg: required/],
    ['{"a": {"precision": 1, "recall": 1, "support": 1}, "macro avg": {}}', /; a\.f1-score: required/],
    [
      '{"a": {"precision": "high", "recall": 1, "f1-score": 1, "support": 1}, "macro avg": {}}',
      /; a\.precision: expected a number, got the string "high"/,
    ],
    ['{"a": 0.9, "macro avg": {}}', /; a: expected \{precision, recall, f1-score, support\}, got number 0\.9/],
    [
      '{"a": {"precision": 1, "recall": 1, "f1-score": 1, "support": 1, "auc": 1}, "macro avg": {"precision": 1, "recall": 1, "f1-score": 1, "support": 1}}',
      /; a\.auc: unknown field/,
    ],
  ])('rejects %s with the first offending path', (text, message) => {
    expect(() => importEvalReport('r.json', 'sklearn-report', text)).toThrow(message);
  });
});
