import type { EvidenceStore, JsonFormat } from '../evidence/store.js';
import { REPORT_VERSION } from '../schemas/constants.js';
import { plainBaselineReport } from '../schemas/plain.js';
import type { baselineReportSchema, BaselineReport } from '../schemas/report-core.js';

/**
 * A baseline report, validated as far as a run reads it (schemas/report-core.ts); the whole report
 * format is report/history.ts's REPORT_FORMAT.
 */
export const BASELINE_FORMAT: JsonFormat<typeof baselineReportSchema> = {
  name: 'ml-test-gate report',
  loadSchema: async () => (await import('../schemas/report-core.js')).baselineReportSchema,
  plain: plainBaselineReport,
  version: REPORT_VERSION,
};

export type BaselineResult =
  | { kind: 'found'; report: BaselineReport; source: string }
  /** Nothing to compare with (no path configured, no artifact on the base branch). */
  | { kind: 'none'; reason: string }
  /** Something was there but could not be used. */
  | { kind: 'invalid'; message: string; file?: string };

/** Where the baseline report comes from: a file, an artifact of the base branch, or nowhere. */
export interface BaselineSource {
  load(store: EvidenceStore): Promise<BaselineResult>;
}

export const noBaseline = (reason: string): BaselineSource => ({ load: async () => ({ kind: 'none', reason }) });

/** A previous JSON report on disk. */
export function fileBaseline(file: string): BaselineSource {
  return {
    async load(store) {
      const r = await store.json(file, BASELINE_FORMAT);
      if (!r.ok) {
        if (/^file not found/.test(r.message)) return { kind: 'none', reason: `baseline report ${file} does not exist` };
        return { kind: 'invalid', message: `baseline ignored: ${r.message}`, file };
      }
      return { kind: 'found', report: r.value, source: file };
    },
  };
}

/** A baseline report already in memory (downloaded artifact): parsed as untrusted data. */
export function textBaseline(label: string, text: string): BaselineSource {
  return {
    async load(store) {
      const r = await store.parseText(label, text, BASELINE_FORMAT);
      if (!r.ok) return { kind: 'invalid', message: `baseline ignored: ${r.message}` };
      return { kind: 'found', report: r.value, source: label };
    },
  };
}
