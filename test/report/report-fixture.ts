import { scoreRubric, scoreTests } from '../../src/rubric/score.js';
import type { RubricId } from '../../src/rubric/tests.js';
import type { Check } from '../../src/rubric/types.js';
import type { Report } from '../../src/schemas/report.js';

/** A report built by the real scoring code from a few outcomes. */
export function makeReport(outcomes: Array<{ test: RubricId; checks: Check[] }>, extra: Partial<Report> = {}): Report {
  const now = new Date('2026-11-23T00:00:00Z');
  const scored = scoreTests(outcomes, [], now);
  const score = scoreRubric(scored);
  return {
    schemaVersion: 1,
    tool: { name: 'ml-test-gate', version: 'test' },
    id: 'default',
    generatedAt: now.toISOString(),
    commit: null,
    config: 'c.yml',
    score,
    baseline: null,
    delta: null,
    tests: scored.map((t) => ({
      id: t.id,
      section: t.section,
      title: t.title,
      status: t.status,
      points: t.points,
      details: { summary: t.summary, checks: t.checks, evidence: t.evidence },
    })),
    tables: [],
    gate: { passed: true, wouldPass: true, mode: 'enforce', reasons: [] },
    diagnostics: [],
    records: {},
    ...extra,
  };
}
