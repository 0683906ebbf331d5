import { compareSnapshots } from '../../data/compare.js';
import { schemaDiff } from '../../data/diff.js';
import type { Check, ReportTable, TestOutcome } from '../../rubric/types.js';
import { formatPath, validate } from '../../schemas/errors.js';
import { snapshotSchema, type Snapshot } from '../../schemas/snapshot.js';
import { dataConfigOf, loadErrors, loadSnapshot, rawSamples } from '../shared/snapshots.js';
import { refPath } from '../shared/snapshots.js';
import { comparisonChecks, comparisonRecords, comparisonTable, settingsOf } from '../monitor/training-serving-skew.js';
import type { EvalContext, Evaluator } from '../types.js';
import type { DataConfig } from '../../schemas/config/data.js';

import { DRIFT_RECORD } from '../record-names.js';

export { DRIFT_RECORD };

/** Categories kept per feature in the recorded snapshot (keeps the report small). */
export const RECORD_TOP = 50;

/** The training snapshot as recorded for the next run: top lists cut to RECORD_TOP (the rest counted as other). */
export function trimForRecord(s: Snapshot): Snapshot {
  return {
    ...s,
    features: s.features.map((f) => {
      if (!f.categorical || f.categorical.top.length <= RECORD_TOP) return f;
      const top = f.categorical.top.slice(0, RECORD_TOP);
      const dropped = f.categorical.top.slice(RECORD_TOP).reduce((a, t) => a + t.count, 0);
      return { ...f, categorical: { ...f.categorical, top, otherCount: f.categorical.otherCount + dropped } };
    }),
  };
}

function withoutComparisons(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || !('comparisons' in raw)) return raw;
  const copy: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  delete copy.comparisons;
  return copy;
}

/** The base-branch snapshot: data.drift.base (snapshot or raw data), or the baseline report's record (untrusted: validated). */
async function baseSnapshot(
  ctx: EvalContext,
  cfg: DataConfig,
): Promise<{ base: Snapshot | null; baseName: string } | { failed: { file: string; message: string; line?: number } }> {
  if (cfg.drift?.base) {
    const b = await loadSnapshot(ctx, cfg.drift.base);
    return b.ok ? { base: b.value, baseName: refPath(cfg.drift.base) } : { failed: b };
  }
  const raw = ctx.baseline?.records[DRIFT_RECORD];
  if (raw === undefined) return { base: null, baseName: '' };
  // the record is the snapshot plus that run's per-feature figures (`comparisons`), not part of it
  const v = validate(snapshotSchema, withoutComparisons(raw));
  if (v.ok) return { base: v.data, baseName: `baseline report (records.${DRIFT_RECORD})` };
  const why = v.issues
    .slice(0, 3)
    .map((i) => i.message || formatPath(i.path))
    .join('; ');
  ctx.diagnostics.push({
    level: 'warning',
    message: `the baseline report's records.${DRIFT_RECORD} is not a valid data snapshot (${why}); drift against the base branch is not computed`,
    test: 'data-1',
  });
  return { base: null, baseName: '' };
}

/**
 * Drift of the training data between the base branch and the head (data-1: the data behind the
 * schema changed), with the schema diff table. The base snapshot is `data.drift.base` or the one the
 * baseline report recorded; it is untrusted and validated. Records the head's training snapshot.
 */
export const trainingDriftEvaluator: Evaluator = {
  name: DRIFT_RECORD,
  tests: ['data-1'],
  config: ['data.drift', 'data.training'],
  formats: ['snapshot', 'tfdv', 'baseline report'],
  async run(ctx) {
    const cfg = dataConfigOf(ctx);
    const outcomes: TestOutcome[] = [];
    const tables: ReportTable[] = [];
    if (!cfg?.training) return { outcomes };
    const trainingPath = refPath(cfg.training);
    const head = await loadSnapshot(ctx, cfg.training);
    if (!head.ok) return { outcomes: cfg.drift ? loadErrors(['data-1'], head) : [] };
    const record = trimForRecord(head.value);

    const found = await baseSnapshot(ctx, cfg);
    if ('failed' in found) return { outcomes: loadErrors(['data-1'], found.failed), record };
    const { base, baseName } = found;
    const baseRaw = cfg.drift?.base ? base : null;
    let driftRecords: Array<Record<string, unknown>> | undefined;
    if (!base) {
      if (cfg.drift) {
        const fail = ctx.config.gate['if-no-baseline'] === 'fail';
        const check: Check = {
          name: 'training-data drift vs base',
          status: fail ? 'error' : 'warn',
          message:
            'no base snapshot: set data.drift.base, or provide a baseline report from the base branch (it records the training snapshot); drift was not measured',
        };
        outcomes.push({ test: 'data-1', checks: [check], evidence: [trainingPath] });
      }
      return { outcomes, record };
    }

    const diff = schemaDiff(base, head.value);
    tables.push({
      id: 'data-schema-diff',
      title: 'Schema diff (base -> head training data)',
      tests: ['data-1'],
      columns: ['feature', 'change', 'base', 'head'],
      rows: diff.length
        ? diff.map((d) => [d.feature, d.change, d.base, d.head])
        : [['(none)', 'no features added, removed or retyped; no domain or presence changes', '', '']],
      note: `Base: ${baseName}; head: ${trainingPath}. Domain changes list values certain to be new or gone (top-k lists); presence changes of 1 percentage point or more.`,
      alwaysShow: true,
    });
    if (cfg.drift) {
      const s = cfg.drift;
      const alpha = s.fdr ?? ctx.alpha('drift');
      const { comparisons } = compareSnapshots(base, head.value, s, baseRaw ? rawSamples(baseRaw, head.value) : undefined, alpha);
      // a base recorded by an older ml-test-gate cannot be re-profiled by the user: warn until the next record
      const checks = comparisonChecks(comparisons, 'drift vs base', trainingPath, alpha, s['on-drift'], cfg.drift.base ? 'error' : 'warn');
      if (checks.length)
        outcomes.push({ test: 'data-1', checks, evidence: [trainingPath, ...(cfg.drift.base ? [refPath(cfg.drift.base)] : [])] });
      tables.push(
        comparisonTable(
          'data-drift',
          'Training-data drift (base -> head) by feature',
          ['data-1'],
          comparisons,
          alpha,
          `Base ${baseName} (${base.rows} rows) vs head ${trainingPath} (${head.value.rows} rows). ${settingsOf(s, alpha)}`,
        ),
      );
      driftRecords = comparisonRecords(comparisons);
    }
    return { outcomes, tables, record: driftRecords ? { ...record, comparisons: driftRecords } : record };
  },
};
