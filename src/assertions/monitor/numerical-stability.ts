import type { Check } from '../../rubric/types.js';
import type { Evaluator } from '../types.js';

/**
 * monitor-5: no NaN or infinity in anything numeric the other evaluators read (metrics, predictions,
 * snapshots). Runs last: it reads the scans the other evaluators recorded in the evidence store.
 * A file that could not be read is an error; a scan of zero values is unmeasured: a warning beside
 * scans that measured something, an error when no scan did (zero values scanned earn no point).
 */
export const numericalStabilityEvaluator: Evaluator = {
  name: 'numerical-stability',
  tests: ['monitor-5'],
  config: [],
  formats: ['every numeric value the other evaluators read'],
  async run(ctx) {
    // by file: loads that run at once (base and head predictions) record in the order they finish
    const scans = [...ctx.store.numericScans].sort((a, b) => a.file.localeCompare(b.file) || a.what.localeCompare(b.what));
    if (scans.length === 0) return { outcomes: [] };
    // a scan that examined no value measured nothing: it earns the point only next to scans that did
    const measured = scans.some((s) => !s.error && s.values > 0);
    const checks: Check[] = scans.map((s) => {
      if (s.error) {
        return { name: s.file, status: 'error', message: s.error, file: s.file, ...(s.line ? { line: s.line } : {}) };
      }
      if (s.values === 0 && s.nonFinite.length === 0) {
        return {
          name: s.file,
          status: measured ? 'warn' : 'error',
          message: `${s.file}: no numeric value was read (${s.what}: 0), so nothing was scanned for NaN or infinity; the file is empty or has no numeric field`,
          value: 0,
          threshold: 'at least 1 value scanned',
          method: 'scan of every value read',
          file: s.file,
        };
      }
      if (s.nonFinite.length === 0) {
        return {
          name: s.file,
          status: 'pass',
          message: `no NaN or infinity in ${s.values} ${s.what} of ${s.file}`,
          value: 0,
          threshold: '0 non-finite',
          method: 'scan of every value read',
          file: s.file,
        };
      }
      const where = s.nonFinite
        .slice(0, 5)
        .map((n) => `${n.path} = ${n.token}`)
        .join(', ');
      const more = s.nonFinite.length > 5 ? ` (+${s.nonFinite.length - 5} more)` : '';
      return {
        name: s.file,
        status: 'fail',
        message: `${s.nonFinite.length} non-finite value(s) among ${s.values} ${s.what} of ${s.file}: ${where}${more}`,
        value: s.nonFinite.length,
        threshold: '0 non-finite',
        method: 'scan of every value read',
        file: s.file,
      };
    });
    return { outcomes: [{ test: 'monitor-5', checks, evidence: [...new Set(scans.map((s) => s.file))] }] };
  },
};
