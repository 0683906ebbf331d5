/** What a prediction file is read into, and the one error its reader throws. */
import type { ByteColumn } from '../bytes.js';
import type { TableFormat } from '../tabular.js';
import type { GroupColumn, ModelData, Task } from '../../stats/model-data.js';

export type { GroupColumn, Task };

export interface PredictionColumns {
  label: string;
  /** Binary: probability of the positive class. */
  score?: string;
  /** Multiclass: one probability column per class, in the order of `classes`. */
  scores?: string[];
  /** Predicted label (classification without scores) or predicted value (regression). */
  prediction?: string;
  id?: string;
  weight?: string;
  /** Slice / group columns (categorical). */
  groups?: string[];
}

export interface PredictionSpec {
  task: Task;
  columns: PredictionColumns;
  /** Class names as they appear in the label column. Binary: [negative, positive]. */
  classes?: string[];
  format?: TableFormat;
}

export interface NonFiniteCell {
  line: number;
  column: string;
  token: string;
}

/** One prediction file, read: the model data plus where each row came from. */
export interface Predictions extends ModelData {
  file: string;
  /** Example ids (as bytes; `ids.text(i)` decodes one). */
  ids: ByteColumn | null;
  /** Physical line of each row (for messages). */
  lines: Int32Array;
  /** NaN / infinity found in numeric columns (those rows hold NaN). */
  nonFinite: NonFiniteCell[];
  nonFiniteCount: number;
  /** Numeric cells read (for the numerical-stability scan). */
  numericValues: number;
}

export class PredictionError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super(message);
    this.name = 'PredictionError';
  }
}
