import type { Report } from '../schemas/report.js';

/**
 * The trusted settings could not be read: the gate fails, whatever the untrusted config says
 * (its `gate.mode: report` included). Only an explicit `mode: report` input keeps the step green,
 * and then the verdict still says the gate would fail. The reason comes first.
 */
export function failClosed(gate: Report['gate'], reason: string, inputMode: 'enforce' | 'report' | 'publish' | undefined): Report['gate'] {
  const mode = inputMode === 'report' ? 'report' : 'enforce';
  return { mode, wouldPass: false, passed: mode === 'report', reasons: [reason, ...gate.reasons.filter((r) => r !== reason)] };
}
