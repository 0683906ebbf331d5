/** Helpers shared by the evaluators of prediction files: loading each file once per run, formatting intervals, the record's shape. */
import * as z from 'zod';
import { loadPredictions, PredictionError, type PredictionSpec, type Predictions } from '../../evidence/predictions.js';
import type { EvidenceStore, NumericScan } from '../../evidence/store.js';
import { EvidenceFileError, tableAccess } from '../../evidence/workspace.js';
import type { PredictionsConfig } from '../../schemas/config/model.js';
import { fmt } from '../../util/format.js';
import { errorMessage } from '../../util/errors.js';
import type { EvalContext } from '../types.js';

export type LoadResult = { ok: true; pred: Predictions } | { ok: false; file: string; message: string; line?: number };

const cache = new WeakMap<EvidenceStore, Map<string, Promise<LoadResult>>>();

/** Load a prediction file once per run (several evaluators may ask for it). */
export function loadOnce(ctx: EvalContext, file: string, spec: PredictionSpec): Promise<LoadResult> {
  let m = cache.get(ctx.store);
  if (!m) {
    m = new Map();
    cache.set(ctx.store, m);
  }
  const key = `${file}\u0000${JSON.stringify(spec)}`;
  let p = m.get(key);
  if (!p) {
    p = (async (): Promise<LoadResult> => {
      try {
        const pred = await loadPredictions(await ctx.workspace.locate(file), file, spec, tableAccess(ctx.workspace));
        recordScan(ctx.store, pred);
        return { ok: true, pred };
      } catch (e) {
        if (e instanceof PredictionError) return { ok: false, file, message: e.message, line: e.line };
        if (e instanceof EvidenceFileError) return { ok: false, file, message: `${e.message} (expected a prediction file)` };
        return { ok: false, file, message: `${file}: cannot read predictions: ${errorMessage(e)}` };
      }
    })();
    m.set(key, p);
  }
  return p;
}

function token(t: string): 'NaN' | 'Infinity' | '-Infinity' {
  if (/nan/i.test(t)) return 'NaN';
  return t.startsWith('-') ? '-Infinity' : 'Infinity';
}

/** monitor-5: every numeric cell read from a prediction file, with the NaN/inf found. */
function recordScan(store: EvidenceStore, pred: Predictions): void {
  const scan: NumericScan = {
    file: pred.file,
    what: 'numeric prediction-file cells (labels, scores, predictions, weights)',
    values: pred.numericValues,
    nonFinite: pred.nonFinite.map((n) => ({ path: `line ${n.line}, column ${n.column}`, token: token(n.token) })),
  };
  // keep the count honest when more were found than listed
  for (let k = pred.nonFinite.length; k < pred.nonFiniteCount && k < pred.nonFinite.length + 1; k++) {
    scan.nonFinite.push({ path: `(+${pred.nonFiniteCount - pred.nonFinite.length} more)`, token: 'NaN' });
  }
  store.recordNumericScan(scan);
}

export function specOf(pc: PredictionsConfig, groups: string[]): PredictionSpec {
  return {
    task: pc.task,
    format: pc.format,
    classes: pc.classes,
    columns: { ...pc.columns, groups },
  };
}

/** "0.912 [0.905, 0.919]" */
export function withInterval(v: number | null, iv: { lo: number; hi: number } | null | undefined): string {
  if (v === null || Number.isNaN(v)) return 'undefined';
  return iv && Number.isFinite(iv.lo) ? `${fmt(v)} [${fmt(iv.lo)}, ${fmt(iv.hi)}]` : fmt(v);
}

export const nullIfNaN = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** What the predictions evaluator keeps for the next run (validated when read back: untrusted). */
const standardErrors = z
  .record(z.string(), z.number().nonnegative().nullable())
  .optional()
  .describe('Standard error of each value (null when unknown); the next run compares with the value and its standard error.');

export const predictionsRecordSchema = z.object({
  task: z.enum(['binary', 'multiclass', 'regression']),
  n: z.number().int().nonnegative(),
  metrics: z.record(z.string(), z.number().nullable()),
  se: standardErrors,
  slices: z
    .array(
      z.object({
        column: z.string(),
        value: z.string(),
        n: z.number().int().nonnegative(),
        metrics: z.record(z.string(), z.number().nullable()),
        se: standardErrors,
      }),
    )
    .default([]),
});

export type PredictionsRecord = z.infer<typeof predictionsRecordSchema>;
