import { RUBRIC, SECTIONS, type RubricId, type Section, type RubricTest } from './tests.js';
import type { Check, CheckStatus, TestOutcome, TestStatus } from './types.js';

/** A manual test, documented by a person: worth 0.5 until it expires. */
export interface Attestation {
  test: RubricId;
  by: string;
  date: string; // YYYY-MM-DD
  link: string;
  expiresInDays: number;
  note?: string;
}

export interface ScoredTest extends RubricTest {
  status: TestStatus;
  points: number;
  summary: string;
  checks: Check[];
  evidence: string[];
  attestation?: Attestation & { expiresOn: string };
}

export interface SectionScore {
  points: number;
  max: number;
  counts: Record<TestStatus, number>;
}

export interface Score {
  final: number;
  level: string;
  /** The section(s) whose sum is the final score. */
  limitedBy: Section[];
  sections: Record<Section, SectionScore>;
}

export const POINTS: Record<TestStatus, number> = {
  pass: 1,
  fail: 1,
  attested: 0.5,
  expired: 0,
  error: 0,
  missing: 0,
};

/** Table V of the paper; intervals are open on the left, so exactly 1.0 falls in (0,1]. */
export function levelFor(final: number): string {
  if (final <= 0) return 'More of a research project than a productionized system.';
  if (final <= 1) return 'Not totally untested, but it is worth considering the possibility of serious holes in reliability.';
  if (final <= 2) return "There's been first pass at basic productionization, but additional investment may be needed.";
  if (final <= 3) return "Reasonably tested, but it's possible that more of those tests and procedures may be automated.";
  if (final <= 5) return 'Strong levels of automated testing and monitoring, appropriate for mission-critical systems.';
  return 'Exceptional levels of automated testing and monitoring.';
}

const DAY_MS = 86_400_000;

export function addDays(isoDate: string, days: number): string {
  const t = Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS;
  return new Date(t).toISOString().slice(0, 10);
}

/** The status of a test from its checks: any error wins, then any failure; warnings still pass. */
export function statusFromChecks(checks: readonly Check[]): 'pass' | 'fail' | 'error' {
  const has = (s: CheckStatus) => checks.some((c) => c.status === s);
  if (checks.length === 0 || has('error')) return 'error';
  if (has('fail')) return 'fail';
  return 'pass';
}

function summarize(status: TestStatus, checks: Check[], att?: ScoredTest['attestation']): string {
  switch (status) {
    case 'missing':
      return 'No evidence configured and no attestation.';
    case 'attested':
      return `Manual test attested by ${att!.by} on ${att!.date}, valid until ${att!.expiresOn}.`;
    case 'expired':
      return `Attestation by ${att!.by} on ${att!.date} expired on ${att!.expiresOn}.`;
    default: {
      const bad = checks.filter((c) => c.status === (status === 'pass' ? 'warn' : status));
      const shown = status === 'pass' ? checks : bad;
      if (checks.length === 0) return 'Evidence was configured but produced no check.';
      const first = shown[0] ?? checks[0];
      const more = shown.length > 1 ? ` (+${shown.length - 1} more)` : '';
      return `${first.message}${more}`;
    }
  }
}

/**
 * Resolve every rubric test from the evaluators' outcomes and the attestations.
 * Automated evidence always takes precedence over an attestation for the same test.
 */
export function scoreTests(outcomes: readonly TestOutcome[], attestations: readonly Attestation[], now: Date): ScoredTest[] {
  const byTest = new Map<RubricId, TestOutcome[]>();
  for (const o of outcomes) {
    const list = byTest.get(o.test) ?? [];
    list.push(o);
    byTest.set(o.test, list);
  }
  const today = now.toISOString().slice(0, 10);
  return RUBRIC.map((t): ScoredTest => {
    const own = byTest.get(t.id);
    const att = attestations.find((a) => a.test === t.id);
    const attestation = att ? { ...att, expiresOn: addDays(att.date, att.expiresInDays) } : undefined;
    if (own && own.length > 0) {
      const superseded = new Set(own.flatMap((o) => o.supersedes ?? []));
      const checks = own.flatMap((o) =>
        o.supersedes ? o.checks : o.checks.filter((c) => !(c.status === 'error' && superseded.has(c.name))),
      );
      const evidence = [...new Set(own.flatMap((o) => o.evidence ?? []))];
      const status = statusFromChecks(checks);
      return { ...t, status, points: POINTS[status], summary: summarize(status, checks), checks, evidence, attestation };
    }
    if (attestation) {
      const status: TestStatus = attestation.expiresOn < today ? 'expired' : 'attested';
      return { ...t, status, points: POINTS[status], summary: summarize(status, [], attestation), checks: [], evidence: [], attestation };
    }
    return { ...t, status: 'missing', points: 0, summary: summarize('missing', []), checks: [], evidence: [] };
  });
}

function emptyCounts(): Record<TestStatus, number> {
  return { pass: 0, fail: 0, attested: 0, expired: 0, error: 0, missing: 0 };
}

/** Section sums and the final score: the minimum of the four section sums. */
export function scoreRubric(tests: readonly ScoredTest[]): Score {
  const sections = Object.fromEntries(SECTIONS.map((s) => [s, { points: 0, max: 0, counts: emptyCounts() }])) as Record<
    Section,
    SectionScore
  >;
  for (const t of tests) {
    const s = sections[t.section];
    s.points += t.points;
    s.max += 1;
    s.counts[t.status] += 1;
  }
  const final = Math.min(...SECTIONS.map((s) => sections[s].points));
  const limitedBy = SECTIONS.filter((s) => sections[s].points === final);
  return { final, level: levelFor(final), limitedBy, sections };
}
