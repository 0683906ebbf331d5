/** The infrastructure evidence formats, reading a field by dotted path, and the error outcome of unreadable evidence. */
import type { JsonFormat } from '../../evidence/store.js';
import type { RubricId } from '../../rubric/tests.js';
import type { TestOutcome } from '../../rubric/types.js';
import {
  CANARY_VERSION,
  DEBUG_TRACE_VERSION,
  METRIC_HISTORY_VERSION,
  ROLLBACK_VERSION,
  STALENESS_IMPACT_VERSION,
  TUNING_VERSION,
  canaryReportSchema,
  debugTraceSchema,
  metricHistorySchema,
  rollbackRecordSchema,
  stalenessImpactSchema,
  tuningReportSchema,
} from '../../schemas/infra.js';

export const CANARY_FORMAT: JsonFormat<typeof canaryReportSchema> = {
  name: 'canary report',
  schema: canaryReportSchema,
  version: CANARY_VERSION,
};

export const ROLLBACK_FORMAT: JsonFormat<typeof rollbackRecordSchema> = {
  name: 'rollback record',
  schema: rollbackRecordSchema,
  version: ROLLBACK_VERSION,
};

export const DEBUG_TRACE_FORMAT: JsonFormat<typeof debugTraceSchema> = {
  name: 'debug trace',
  schema: debugTraceSchema,
  version: DEBUG_TRACE_VERSION,
};

export const METRIC_HISTORY_FORMAT: JsonFormat<typeof metricHistorySchema> = {
  name: 'metric history',
  schema: metricHistorySchema,
  version: METRIC_HISTORY_VERSION,
};

export const TUNING_FORMAT: JsonFormat<typeof tuningReportSchema> = {
  name: 'tuning report',
  schema: tuningReportSchema,
  version: TUNING_VERSION,
};

export const STALENESS_IMPACT_FORMAT: JsonFormat<typeof stalenessImpactSchema> = {
  name: 'staleness-impact measurement',
  schema: stalenessImpactSchema,
  version: STALENESS_IMPACT_VERSION,
};

/** The value at a dotted path (`model.trainedAt`, `runs[0].end`) of parsed JSON. */
export function valueAt(root: unknown, dotted: string): { found: true; value: unknown } | { found: false; missing: string } {
  const parts = dotted.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let cur: unknown = root;
  let seen = '';
  for (const p of parts) {
    const idx = /^\[(\d+)\]$/.exec(p);
    if (idx) {
      if (!Array.isArray(cur) || Number(idx[1]) >= cur.length) return { found: false, missing: `${seen}${p}` };
      cur = cur[Number(idx[1])];
      seen += p;
    } else {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !(p in (cur as object)))
        return { found: false, missing: seen ? `${seen}.${p}` : p };
      cur = (cur as Record<string, unknown>)[p];
      seen = seen ? `${seen}.${p}` : p;
    }
  }
  return { found: true, value: cur };
}

/** One outcome holding a single error check (evidence missing or invalid). */
export function errorOutcome(test: RubricId, name: string, loaded: { file: string; message: string; line?: number }): TestOutcome {
  return {
    test,
    checks: [{ name, status: 'error', message: loaded.message, file: loaded.file, line: loaded.line }],
    evidence: [loaded.file],
  };
}
