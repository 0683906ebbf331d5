import type { NonFinite } from '../evidence/json.js';
import type { SliceMetrics } from '../schemas/eval-report.js';
import { isRecord, kindOf, readJson, shapeError } from './common.js';

export const SKLEARN_EXPECTED =
  'a scikit-learn classification_report(output_dict=True) JSON ({"<label>": {precision, recall, f1-score, support}, "accuracy", "macro avg", "weighted avg"})';

const AVERAGES: Record<string, string> = {
  'macro avg': 'macro',
  'weighted avg': 'weighted',
  'micro avg': 'micro',
  'samples avg': 'samples',
};
const FIELDS = ['precision', 'recall', 'f1-score', 'support'] as const;
const NAME: Record<string, string> = { precision: 'precision', recall: 'recall', 'f1-score': 'f1' };

export interface SklearnReport {
  task: 'binary' | 'multiclass';
  metrics: Record<string, number | null>;
  /** One slice per class label (feature "class"), metrics precision/recall/f1, rows = support. */
  slices: SliceMetrics[];
  nonFinite: NonFinite[];
  notes: string[];
}

/**
 * scikit-learn's classification report as a dict, mapped to scikit-learn metric names:
 * accuracy; `macro avg` -> precision_macro, recall_macro, f1_macro; `weighted avg` -> *_weighted;
 * `micro avg` -> *_micro (present instead of accuracy when `labels` was a subset); `samples avg`
 * -> *_samples (multilabel). With two classes, the positive class (`posLabel`, default "1") gives
 * precision, recall and f1 as `average='binary'` does. Each class also becomes a slice.
 */
export function readSklearnReport(file: string, text: string, options: { posLabel?: string } = {}): SklearnReport {
  const parsed = readJson(file, text, SKLEARN_EXPECTED);
  const root = parsed.value;
  if (!isRecord(root)) throw shapeError(file, SKLEARN_EXPECTED, [], `expected a mapping, got ${kindOf(root)}`);
  if (!('macro avg' in root))
    throw shapeError(file, SKLEARN_EXPECTED, ['macro avg'], 'required (every classification report has a "macro avg" entry)');
  const nonFiniteAt = new Map(parsed.nonFinite.map((n) => [n.path, n]));
  const metrics: Record<string, number | null> = {};
  const classes: Array<{ label: string; entry: Record<string, number | null> }> = [];

  const entryOf = (key: string, v: unknown): Record<string, number | null> => {
    if (!isRecord(v)) throw shapeError(file, SKLEARN_EXPECTED, [key], `expected {precision, recall, f1-score, support}, got ${kindOf(v)}`);
    const out: Record<string, number | null> = {};
    for (const f of FIELDS) {
      const x = v[f];
      // null here is NaN (zero_division=np.nan) read by the JSON reader
      if (x === null && nonFiniteAt.has(`${key}.${f}`)) out[f] = null;
      else if (typeof x === 'number') out[f] = x;
      else throw shapeError(file, SKLEARN_EXPECTED, [key, f], x === undefined ? 'required' : `expected a number, got ${kindOf(x)}`);
    }
    const extra = Object.keys(v).find((k) => !(FIELDS as readonly string[]).includes(k));
    if (extra) throw shapeError(file, SKLEARN_EXPECTED, [key, extra], 'unknown field (expected precision, recall, f1-score, support)');
    return out;
  };

  for (const [key, v] of Object.entries(root)) {
    if (key === 'accuracy') {
      if (typeof v === 'number') metrics.accuracy = v;
      else if (v === null && nonFiniteAt.has('accuracy')) metrics.accuracy = null;
      else throw shapeError(file, SKLEARN_EXPECTED, ['accuracy'], `expected a number, got ${kindOf(v)}`);
      continue;
    }
    const avg = AVERAGES[key];
    const entry = entryOf(key, v);
    if (avg) {
      for (const f of ['precision', 'recall', 'f1-score'] as const) metrics[`${NAME[f]}_${avg}`] = entry[f];
    } else classes.push({ label: key, entry });
  }
  if (classes.length === 0) throw shapeError(file, SKLEARN_EXPECTED, [], 'no per-class entry found');
  const notes: string[] = [];
  const task = classes.length === 2 ? 'binary' : 'multiclass';
  if ('samples avg' in root) notes.push(`${file}: a multilabel report (samples avg present); read as multiclass`);
  if (task === 'binary') {
    const want = options.posLabel ?? '1';
    const pos =
      classes.find((c) => c.label === want) ??
      (options.posLabel === undefined ? classes.find((c) => c.label === '1.0' || c.label === 'True') : undefined);
    if (pos) {
      metrics.precision = pos.entry.precision;
      metrics.recall = pos.entry.recall;
      metrics.f1 = pos.entry['f1-score'];
    } else {
      notes.push(
        `${file}: binary report without a class "${want}"; precision/recall/f1 of the positive class left out (set the positive label)`,
      );
    }
  }
  const slices: SliceMetrics[] = classes.map((c) => ({
    feature: 'class',
    value: c.label,
    rows: Number.isInteger(c.entry.support) && (c.entry.support ?? -1) >= 0 ? (c.entry.support as number) : undefined,
    metrics: { precision: c.entry.precision, recall: c.entry.recall, f1: c.entry['f1-score'] },
  }));
  return { task, metrics, slices, nonFinite: parsed.nonFinite, notes };
}
