/**
 * What the model statistics read: one model's labels and predictions on an eval set, as typed arrays.
 * The prediction-file loader (`evidence/predictions.ts`) fills these; stats knows nothing of files.
 */
export type Task = 'binary' | 'multiclass' | 'regression';

/** A categorical column: a code per row, indexing `values`. */
export interface GroupColumn {
  /** Code per row (index into values). */
  codes: Int32Array;
  values: string[];
}

export interface ModelData {
  task: Task;
  n: number;
  classes: string[];
  /** binary: 0/1 (Uint8Array); multiclass: class index (Int32Array); regression: value (Float64Array). */
  y: Uint8Array | Int32Array | Float64Array;
  /** Binary probability of the positive class. */
  score: Float64Array | null;
  /** Multiclass probabilities, row-major n x k. */
  probs: Float64Array | null;
  /** Predicted class index (classification) when a prediction column is mapped. */
  predClass: Int32Array | null;
  /** Regression prediction. */
  predValue: Float64Array | null;
  weight: Float64Array | null;
  /** Slice / group columns by name. */
  groups: Map<string, GroupColumn>;
}
