/**
 * The next steps: which tests would raise the score, cheapest first. The final score is the weakest
 * section, so the weakest section's tests come first (all of them when sections tie: the final score
 * rises only when each of them does). For each step: what to do, the evidence, the config keys, the
 * points it adds and the rubric page that explains it. Pure: from the report alone (what the
 * repository already gives is read from the report's records and statuses), so the comment, the job
 * summary and `ml-test-gate explain` show the same steps.
 */
import { DRIFT_RECORD, PREDICTIONS_EVALUATOR, REPORTED_METRICS_EVALUATOR } from '../assertions/record-names.js';
import { maturitySummary } from '../rubric/maturity.js';
import { RUBRIC, SECTIONS, SECTION_TITLES, type RubricId, type Section } from '../rubric/tests.js';
import type { Report, ReportTest } from '../schemas/report.js';
import { fmt } from '../util/format.js';
import { ROUTES, routeFor, type Have, type Tier } from './routes.js';

/** Where the rubric pages are published (the repository's docs/rubric/<id>.md). */
export const DOCS_BASE = 'https://github.com/ml-test-gate/ml-test-gate/blob/main/docs/rubric';

export type StepKind = 'fix' | 'renew' | 'attest' | 'automate' | 'add';

export interface NextStep {
  test: RubricId;
  title: string;
  section: Section;
  kind: StepKind;
  /** What to do, in plain words (escape before Markdown). */
  action: string;
  /** The evidence to add, in plain words. */
  evidence: string;
  /** Config keys to set. */
  keys: readonly string[];
  /** Points the step adds to its section. */
  gain: number;
  tier: Tier;
  /** The step raises a weakest section (so, with the other weakest sections, the final score). */
  raisesFinal: boolean;
  /** The rubric page: repository path and URL. */
  doc: { path: string; url: string };
}

export interface Roadmap {
  final: number;
  weakest: Section[];
  /** Sections and their points, weakest first. */
  sections: Array<{ section: Section; points: number }>;
  steps: NextStep[];
  /** The MLOps maturity next step (one line, plain text), when the report has maturity. */
  maturity?: string;
}

/** The evidence a report shows the repository already gives. */
export function evidenceIn(r: Report): Set<Have> {
  const have = new Set<Have>();
  const status = (id: RubricId) => r.tests.find((t) => t.id === id)?.status ?? 'missing';
  const given = (id: RubricId) => status(id) !== 'missing';
  if (r.records[PREDICTIONS_EVALUATOR] !== undefined) have.add('predictions');
  const model = r.records[REPORTED_METRICS_EVALUATOR] as { model?: { trainedAt?: unknown } } | undefined;
  if (model !== undefined) have.add('eval-report');
  if (typeof model?.model?.trainedAt === 'string') have.add('trained-at');
  if (r.records[DRIFT_RECORD] !== undefined) have.add('training');
  if (given('monitor-2') || given('monitor-3')) have.add('serving');
  if (given('data-7') || given('infra-2') || given('infra-3')) have.add('junit');
  const schemaChecked = r.tests.find((t) => t.id === 'data-1')?.details.checks.some((c) => /schema validation/.test(c.method ?? ''));
  if (schemaChecked || given('monitor-2') || given('data-3') || given('data-4') || given('data-5')) have.add('schema');
  return have;
}

const doc = (id: RubricId) => ({ path: `docs/rubric/${id}.md`, url: `${DOCS_BASE}/${id}.md` });

/** The step that would raise one test, or null when it already earns its full point. */
function stepFor(t: ReportTest, have: ReadonlySet<Have>, weakest: readonly Section[]): NextStep | null {
  const base = { test: t.id, title: t.title, section: t.section, raisesFinal: weakest.includes(t.section), doc: doc(t.id) };
  const routes = ROUTES[t.id];
  const route = routeFor(t.id, have);
  const attestOnly = routes.attestation === 'only';
  switch (t.status) {
    case 'pass':
    case 'fail':
      return null;
    case 'error':
      return {
        ...base,
        kind: 'fix',
        action: 'fix the configured evidence that could not be read (its error is under what failed)',
        evidence: route.evidence,
        keys: route.keys,
        gain: 1,
        tier: 1,
      };
    case 'expired':
      return {
        ...base,
        kind: 'renew',
        action: attestOnly
          ? 'repeat the manual test and renew its attestation (a new date and link)'
          : `repeat the manual test and renew its attestation (a new date and link), or automate it for a full point: ${route.evidence}`,
        evidence: route.evidence,
        keys: attestOnly ? ['attestations'] : ['attestations', ...route.keys],
        gain: 0.5,
        tier: 1,
      };
    case 'attested':
      if (attestOnly) return null;
      return {
        ...base,
        kind: 'automate',
        action: `automate the attested manual test: ${route.evidence}`,
        evidence: route.evidence,
        keys: route.keys,
        gain: 0.5,
        tier: route.tier,
      };
    case 'missing':
      if (attestOnly || (routes.attestation === 'usual' && route.tier >= 3))
        return {
          ...base,
          kind: 'attest',
          action: attestOnly
            ? `attest it: ${route.evidence}`
            : `attest a documented manual run (half a point), or automate it for a full point: ${route.evidence}`,
          evidence: route.evidence,
          keys: attestOnly ? ['attestations'] : ['attestations', ...route.keys],
          gain: 0.5,
          tier: 1,
        };
      return {
        ...base,
        kind: 'add',
        action: `add ${route.evidence}`,
        evidence: route.evidence,
        keys: route.keys,
        gain: 1,
        tier: route.tier,
      };
  }
}

const RUBRIC_ORDER = (id: RubricId) => RUBRIC.findIndex((t) => t.id === id);

/** Every step, weakest sections first, then cheapest, then the most points, then rubric order. */
export function roadmap(r: Report): Roadmap {
  const have = evidenceIn(r);
  const weakest = r.score.limitedBy;
  const steps = r.tests
    .map((t) => stepFor(t, have, weakest))
    .filter((s): s is NextStep => s !== null)
    .sort(
      (a, b) =>
        Number(b.raisesFinal) - Number(a.raisesFinal) || a.tier - b.tier || b.gain - a.gain || RUBRIC_ORDER(a.test) - RUBRIC_ORDER(b.test),
    );
  const sections = SECTIONS.map((s) => ({ section: s, points: r.score.sections[s].points })).sort(
    (a, b) => a.points - b.points || SECTIONS.indexOf(a.section) - SECTIONS.indexOf(b.section),
  );
  return { final: r.score.final, weakest: [...weakest], sections, steps, maturity: r.maturity ? maturitySummary(r.maturity) : undefined };
}

/** "Model is the weakest section (6 of 7)" or "Model and Monitoring tie as the weakest sections (1 of 7 each)". */
export function weakestPhrase(m: Roadmap): string {
  const names = m.weakest.map((s) => SECTION_TITLES[s]);
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is the weakest section (${fmt(m.final, 1)} of 7)`;
  const list = `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${list} tie as the weakest sections (${fmt(m.final, 1)} of 7 each): the score rises when each of them does`;
}

/** "+1" or "+0.5". */
export function gainText(g: number): string {
  return `+${fmt(g, 1)}`;
}
