import { computeDelta } from './delta.js';
import { POINTS, scoreRubric, scoreTests } from '../rubric/score.js';
import { RUBRIC } from '../rubric/tests.js';
import type { TestOutcome } from '../rubric/types.js';
import type { Config } from '../schemas/config.js';
import type { Report } from '../schemas/report.js';
import type { BaselineReport } from '../schemas/report-core.js';
import { fmt } from '../util/format.js';
import { VERSION } from '../version.js';
import { attestationsOf, gateSettingsOf, type GateOverrides } from './evaluate.js';
import { decide } from './verdict.js';

/**
 * `mode: publish` receives a report that a pull request's own run made: untrusted. Its verdict, its
 * score and its baseline are never taken from it. What is kept are the per-test results (the PR's code
 * produced the evidence anyway, so they can be forged and are labelled as such); everything else is
 * recomputed here with the trusted side's settings, pure and without I/O.
 */

const clip = (s: string, n = 500) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const short = (s: string | null | undefined) => (s ? clip(s, 12).slice(0, 7) : 'none');

/**
 * Checks the trusted side can make cheaply; a reason to reject the report, or null. The schema
 * (zod) and the size limits have been applied before.
 */
export function checkPublishedReport(r: Report, expected: { id: string; commit: string }): string | null {
  if (r.id !== expected.id) return `its gate id is "${clip(r.id, 64)}", expected "${expected.id}"`;
  if (r.commit !== expected.commit)
    return `it was made for commit ${short(r.commit)}, but the triggering run built ${expected.commit.slice(0, 7)}`;
  const seen = new Map<string, number>();
  for (const t of r.tests) seen.set(t.id, (seen.get(t.id) ?? 0) + 1);
  for (const t of RUBRIC) {
    const n = seen.get(t.id) ?? 0;
    if (n !== 1) return `it lists rubric test ${t.id} ${n} times (expected once)`;
  }
  for (const t of r.tests) {
    const rubric = RUBRIC.find((x) => x.id === t.id)!;
    if (t.section !== rubric.section) return `it puts ${t.id} in section ${clip(t.section, 20)}, not ${rubric.section}`;
  }
  return null;
}

export interface TrustedSide {
  /** The default branch's config (or the built-in defaults when it has none). */
  config: Config;
  /** Inputs of the publishing workflow (the default branch's): min-score, max-score-drop, if-no-baseline. */
  overrides: GateOverrides;
  /** The base branch's report, found by the publisher itself; null when there is none. */
  baseline: { report: BaselineReport; source: string } | null;
  now: Date;
}

export interface Recomputed {
  report: Report;
  /** What the pull request's report claimed that the recomputation does not confirm. */
  differences: string[];
}

/**
 * Automated results (pass, fail, error) are taken as reported; attested and expired statuses are not:
 * they are decided again from the trusted config's attestations (a fork can add attestations to its own
 * config). Then score, delta and verdict follow from the trusted settings.
 */
export function recomputeVerdict(untrusted: Report, trusted: TrustedSide): Recomputed {
  const reported = new Map(untrusted.tests.map((t) => [t.id, t]));
  const outcomes: TestOutcome[] = [];
  for (const t of untrusted.tests) {
    if (t.status !== 'pass' && t.status !== 'fail' && t.status !== 'error') continue;
    outcomes.push({
      test: t.id,
      checks: [{ name: "reported by the pull request's run", status: t.status, message: clip(t.details.summary) }],
    });
  }
  const scored = scoreTests(outcomes, attestationsOf(trusted.config), trusted.now);
  const score = scoreRubric(scored);
  const differences: string[] = [];
  const tests: Report['tests'] = scored.map((s) => {
    const r = reported.get(s.id)!;
    if (s.status !== r.status) differences.push(`${s.id} ${r.status}, but the default branch's config makes it ${s.status}`);
    const own = r.status === s.status && outcomes.some((o) => o.test === s.id);
    const details: Report['tests'][number]['details'] = own
      ? r.details
      : {
          summary: s.summary,
          checks: [],
          evidence: [],
          ...(s.attestation
            ? {
                attestation: {
                  by: s.attestation.by,
                  date: s.attestation.date,
                  link: s.attestation.link,
                  expiresOn: s.attestation.expiresOn,
                  note: s.attestation.note,
                },
              }
            : {}),
        };
    return { id: s.id, section: s.section, title: s.title, status: s.status, points: POINTS[s.status], details };
  });
  const base = trusted.baseline?.report ?? null;
  const delta = base ? computeDelta({ score, tests }, base) : null;
  const gate = decide(scored, score, delta, gateSettingsOf(trusted.config, { ...trusted.overrides, mode: undefined }), {
    baselineMissing: base === null,
    internalErrors: [],
  });
  if (untrusted.score.final !== score.final)
    differences.push(`score ${fmt(untrusted.score.final, 1)}, recomputed from the per-test results: ${fmt(score.final, 1)}`);
  if (untrusted.gate.wouldPass !== gate.wouldPass || untrusted.gate.passed !== gate.passed) {
    differences.push(
      `gate ${untrusted.gate.passed ? 'passed' : 'failed'}, recomputed with the default branch's settings: ${gate.passed ? 'passed' : 'failed'}${gate.passed && !gate.wouldPass ? ' (report mode)' : ''}`,
    );
  }
  const report: Report = {
    ...untrusted,
    tool: { name: 'ml-test-gate', version: VERSION },
    score,
    tests,
    baseline: base
      ? { source: trusted.baseline!.source, commit: base.commit ?? null, generatedAt: base.generatedAt, score: base.score }
      : null,
    delta,
    gate,
    records: { ...untrusted.records, github: undefined },
  };
  return { report, differences: differences.slice(0, 40) };
}
