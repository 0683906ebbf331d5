/** Pairing base and head predictions by example id. */
import { quoted } from '../../util/excerpt.js';
import { ByteColumnIndex, firstDuplicateOnce, knownDuplicate, type ByteColumn } from '../bytes.js';
import { PredictionError, type Predictions } from './types.js';

export interface Pairing {
  /** For each head row, the base row with the same id. */
  baseRow: Int32Array;
}

/**
 * Pair base and head rows by id. Both files must hold exactly the same ids; otherwise a
 * PredictionError names the first ids missing on either side.
 */
export function pairById(base: Predictions, head: Predictions): Pairing {
  if (!base.ids || !head.ids)
    throw new PredictionError(head.file, `${head.file}: pairing base and head predictions needs an id column in both files`);
  const baseIds = base.ids;
  const headIds = head.ids;
  const duplicate = (p: Predictions, ids: ByteColumn, at: number, first: number): PredictionError =>
    new PredictionError(
      p.file,
      `${p.file}, line ${p.lines[at]}: duplicate id ${quoted(ids.text(at), 40)} (first on line ${p.lines[first]}); ids must be unique to pair predictions`,
      p.lines[at],
    );
  const baseRow = new Int32Array(head.n);
  // the common case: both files list the same ids in the same order (no lookups, no index needed)
  if (headIds.sameAs(baseIds)) {
    // the same values in the same order have the same first repeat: one side's, if already found
    const known = knownDuplicate(headIds);
    const dup = known !== undefined ? known : firstDuplicateOnce(baseIds);
    if (dup) throw duplicate(base, baseIds, ...dup);
    for (let i = 0; i < head.n; i++) baseRow[i] = i;
    return { baseRow };
  }
  const index = new ByteColumnIndex(baseIds);
  if (index.duplicate) throw duplicate(base, baseIds, ...index.duplicate);
  const usedBy = new Int32Array(base.n).fill(-1);
  const missingInBase: string[] = [];
  let missingCount = 0;
  for (let i = 0; i < head.n; i++) {
    const j = index.find(headIds, i);
    if (j < 0) {
      missingCount++;
      if (missingInBase.length < 3) missingInBase.push(`${quoted(headIds.text(i), 40)} (line ${head.lines[i]})`);
      baseRow[i] = -1;
    } else {
      if (usedBy[j] >= 0) throw duplicate(head, headIds, i, usedBy[j]);
      usedBy[j] = i;
      baseRow[i] = j;
    }
  }
  const extra = base.n - (head.n - missingCount);
  if (missingCount > 0 || extra > 0) {
    const parts: string[] = [];
    if (missingCount > 0) parts.push(`${missingCount} id(s) of ${head.file} are not in ${base.file}, e.g. ${missingInBase.join(', ')}`);
    if (extra > 0) {
      const ex: string[] = [];
      for (let j = 0; j < base.n && ex.length < 3; j++)
        if (usedBy[j] < 0) ex.push(`${quoted(baseIds.text(j), 40)} (line ${base.lines[j]})`);
      parts.push(`${extra} id(s) of ${base.file} are not in ${head.file}, e.g. ${ex.join(', ')}`);
    }
    throw new PredictionError(
      head.file,
      `base and head predictions do not cover the same examples: ${parts.join('; ')}; evaluate both models on the same eval set`,
    );
  }
  return { baseRow };
}
