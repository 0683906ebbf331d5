/**
 * The evaluation report as the model evaluators read it, behind a light front: our own format is read
 * here, and only another tool's format (DVC, MLflow, scikit-learn) loads the importers (index.ts, with
 * the TFDV, k6, Locust and pytest-benchmark readers and the snapshot and performance schemas they
 * build). A report-level run, with an eval report in our format, builds none of them.
 */
import { normaliseRef } from '../schemas/constants.js';
import type { EvalReportRef } from '../schemas/evidence-refs.js';
import type { EvalReport } from '../schemas/eval-report.js';
import { EVAL_REPORT_JSON } from './common.js';
import type { loadEvalReport as loadAnyEvalReport, LoadedImport } from './index.js';

export { EVAL_REPORT_JSON } from './common.js';

/** An evaluation report in any supported format, as index.ts's loadEvalReport reads it. */
export async function loadEvalReport(io: Parameters<typeof loadAnyEvalReport>[0], ref: EvalReportRef): Promise<LoadedImport<EvalReport>> {
  const r = normaliseRef(ref);
  if (r.format === 'ml-test-gate') return { ...(await io.store.json(r.path, EVAL_REPORT_JSON)), notes: [] };
  return (await import('./index.js')).loadEvalReport(io, ref);
}
