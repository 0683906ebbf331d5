import { SECTIONS, SECTION_TITLES } from '../rubric/tests.js';
import type { Score, ScoredTest } from '../rubric/score.js';
import type { GateConfig } from '../schemas/config/gate.js';
import type { Delta } from '../schemas/report.js';
import { fmt, fmtDelta } from '../util/format.js';

export interface GateSettings {
  minScore?: number;
  minSection?: GateConfig['min-section'];
  maxScoreDrop?: number;
  mode: 'enforce' | 'report';
  ifNoBaseline: 'warn' | 'fail';
}

export interface Verdict {
  passed: boolean;
  wouldPass: boolean;
  mode: 'enforce' | 'report';
  reasons: string[];
}

/** The gate's decision. Failing and errored tests fail it; so do the score bounds. */
export function decide(
  tests: readonly ScoredTest[],
  score: Score,
  delta: Delta | null,
  settings: GateSettings,
  extra: { baselineMissing: boolean; internalErrors: string[] },
): Verdict {
  const reasons: string[] = [];
  for (const t of tests) {
    if (t.status === 'fail') reasons.push(`${t.id} (${t.title}) failed: ${t.summary}`);
    if (t.status === 'error') reasons.push(`${t.id} (${t.title}) could not be evaluated: ${t.summary}`);
  }
  if (settings.minScore !== undefined && score.final < settings.minScore) {
    const weakest = score.limitedBy.map((s) => SECTION_TITLES[s]).join(', ');
    reasons.push(`score ${fmt(score.final, 1)} is below min-score ${fmt(settings.minScore, 1)} (weakest section: ${weakest})`);
  }
  for (const s of SECTIONS) {
    const min = settings.minSection?.[s];
    if (min !== undefined && score.sections[s].points < min) {
      reasons.push(`section ${SECTION_TITLES[s]} has ${fmt(score.sections[s].points, 1)} points, below its minimum ${fmt(min, 1)}`);
    }
  }
  if (settings.maxScoreDrop !== undefined && delta && -delta.final > settings.maxScoreDrop) {
    reasons.push(
      `score dropped by ${fmtDelta(delta.final, 1)} against the base branch; max-score-drop is ${fmt(settings.maxScoreDrop, 1)}`,
    );
  }
  if (extra.baselineMissing && settings.ifNoBaseline === 'fail') {
    reasons.push('no baseline report was found and if-no-baseline is fail');
  }
  for (const e of extra.internalErrors) reasons.push(e);
  const wouldPass = reasons.length === 0;
  return { passed: settings.mode === 'report' ? true : wouldPass, wouldPass, mode: settings.mode, reasons };
}
