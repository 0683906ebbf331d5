/**
 * MLOps maturity from evidence (pure): which Google Cloud (0-2) and Azure (0-4) level the report's
 * rubric tests and a few facts show, and what the next level still lacks. The mapping is data, in
 * maturity-map.ts; docs/maturity.md is generated from it.
 */
import { withoutControlChars } from '../util/format.js';
import type { CriterionResult, FrameworkResult, Maturity, MaturityFact } from '../schemas/maturity.js';
import {
  CRITERIA,
  CRITERION_IDS,
  FACT_IDS,
  FACTS,
  FRAMEWORK_IDS,
  FRAMEWORKS,
  MAPPING_VERSION,
  type Criterion,
  type CriterionId,
  type FactId,
  type Framework,
} from './maturity-map.js';
import type { RubricId } from './tests.js';
import type { TestStatus } from './types.js';

export type MaturityFacts = Record<FactId, MaturityFact>;

/** A rubric test counts as automated when it ran in CI: pass or fail. Attested (manual) does not. */
export function isAutomated(status: TestStatus): boolean {
  return status === 'pass' || status === 'fail';
}

const factHolds = (f: MaturityFact) => f.state === 'observed' || f.state === 'declared';

const STATUS_WHY: Record<TestStatus, string> = {
  pass: 'automated',
  fail: 'automated, failing in this run',
  attested: 'attested: a manual test, not automation',
  expired: 'its attestation expired',
  error: 'in error: its evidence is configured but missing or unreadable',
  missing: 'missing: nothing configured',
};

/** Facts for a run that did not look for any (no maturity section): every one "not configured". */
export function unconfiguredFacts(detail = 'no maturity section in the config (see docs/maturity.md)'): MaturityFacts {
  return Object.fromEntries(FACT_IDS.map((id) => [id, { state: 'not-configured', detail }])) as MaturityFacts;
}

function judge(c: Criterion, statuses: ReadonlyMap<RubricId, TestStatus>, facts: MaturityFacts): CriterionResult {
  const tests = c.tests.map((id) => {
    const status = statuses.get(id) ?? 'missing';
    return { id, status, automated: isAutomated(status) };
  });
  const factList = c.facts.map((id) => ({ id, state: facts[id].state }));
  const testsOk = tests.every((t) => t.automated);
  const factsOk = c.facts.length === 0 || c.facts.some((id) => factHolds(facts[id]));
  const parts: string[] = [];
  for (const t of tests) if (!t.automated || t.status === 'fail') parts.push(`${t.id} is ${STATUS_WHY[t.status]}`);
  if (c.facts.length > 0) {
    const held = c.facts.filter((id) => factHolds(facts[id]));
    const shown = held.length > 0 ? held : c.facts;
    for (const id of shown) parts.push(c.facts.length > 1 ? `${FACTS[id].title}: ${facts[id].detail}` : facts[id].detail);
  }
  const met = testsOk && factsOk;
  const passed = tests.filter((t) => t.status === 'pass').map((t) => t.id);
  const lead = met ? (passed.length ? `${passed.join(', ')} automated` : '') : '';
  const reason = [lead, ...parts].filter(Boolean).join('; ') || (met ? 'met' : 'not met');
  return { id: c.id, title: c.title, met, tests, facts: factList, reason };
}

function frameworkLevel(fw: Framework, results: ReadonlyMap<CriterionId, CriterionResult>): FrameworkResult {
  const top = fw.levels.length - 1;
  let level = 0;
  while (level < top && fw.levels[level + 1].criteria.every((id) => results.get(id)!.met)) level++;
  const nextLevel = level < top ? fw.levels[level + 1] : null;
  return {
    framework: fw.id,
    title: fw.title,
    level,
    of: top,
    name: fw.levels[level].name,
    next: nextLevel
      ? {
          level: nextLevel.level,
          name: nextLevel.name,
          missing: nextLevel.criteria
            .map((id) => results.get(id)!)
            .filter((r) => !r.met)
            .map((r) => ({ criterion: r.id, title: r.title, reason: r.reason, action: CRITERIA[r.id].action })),
        }
      : null,
  };
}

/** The levels of both frameworks from the rubric tests' statuses and the facts. */
export function assessMaturity(tests: ReadonlyArray<{ id: RubricId; status: TestStatus }>, facts: MaturityFacts): Maturity {
  const statuses = new Map(tests.map((t) => [t.id, t.status]));
  const criteria = CRITERION_IDS.map((id) => judge(CRITERIA[id], statuses, facts));
  const byId = new Map(criteria.map((c) => [c.id, c]));
  return {
    mapping: MAPPING_VERSION,
    google: frameworkLevel(FRAMEWORKS.google, byId),
    azure: frameworkLevel(FRAMEWORKS.azure, byId),
    criteria,
    facts,
  };
}

const MAX_NEXT = 3;

/**
 * One line for the PR comment (plain text; the caller escapes it):
 * "Google level 1 of 2 · Azure level 2 of 4 · next: automate the model deployment (maturity.deployment)".
 */
export function maturitySummary(m: Maturity): string {
  const fws = FRAMEWORK_IDS.map((id) => m[id]);
  const levels = fws.map((f) => `${FRAMEWORKS[f.framework].short} level ${f.level} of ${f.of}`).join(' · ');
  const actions: string[] = [];
  // the actions come from the mapping by criterion id, never from the report's text (a report may be untrusted)
  for (const f of fws)
    for (const x of f.next?.missing ?? []) if (!actions.includes(CRITERIA[x.criterion].action)) actions.push(CRITERIA[x.criterion].action);
  if (actions.length === 0) return `${levels} · the top level of both`;
  const towards = fws
    .filter((f) => f.next)
    .map((f) => `${FRAMEWORKS[f.framework].short} ${f.next!.level}`)
    .join(', ');
  const shown = actions.slice(0, MAX_NEXT).join('; ');
  const more = actions.length > MAX_NEXT ? `; +${actions.length - MAX_NEXT} more` : '';
  return `${levels} · next (${towards}): ${shown}${more}`;
}

/** Lines for `ml-test-gate explain`: every level of both frameworks, with each criterion and why. */
export function maturityLines(m: Maturity): string[] {
  const byId = new Map(m.criteria.map((c) => [c.id, c]));
  const out = [`MLOps maturity from evidence (${m.mapping})`];
  for (const id of FRAMEWORK_IDS) {
    const fw = FRAMEWORKS[id];
    const r = m[id];
    out.push('', `${fw.title}: level ${r.level} of ${r.of} (${r.name}). Source: ${fw.source.url}`);
    for (const lv of fw.levels.slice(1)) {
      const unmet = lv.criteria.filter((c) => !byId.get(c)?.met).length;
      const state =
        lv.level <= r.level
          ? 'reached'
          : unmet === 0
            ? 'criteria met, but a level below is not'
            : `${unmet} of ${lv.criteria.length} criteria missing`;
      out.push(`  level ${lv.level}, ${lv.name}: ${state}`);
      for (const c of lv.criteria) {
        const cr = byId.get(c);
        if (cr) out.push(`    ${cr.met ? '[x]' : '[ ]'} ${cr.title}: ${cr.reason}${cr.met ? '' : ` -> ${CRITERIA[c].action}`}`);
      }
    }
  }
  out.push('', 'Facts:');
  for (const id of FACT_IDS) {
    const f = m.facts[id];
    out.push(`  ${FACTS[id].title}: ${f.state}: ${f.detail}${f.file ? ` (${f.file}${f.line ? `:${f.line}` : ''})` : ''}`);
  }
  return out;
}

/**
 * The explanation `ml-test-gate explain` prints for a report; one line when the report predates
 * maturity. Control characters are removed: the report may come from an artifact, and these lines go
 * to a terminal.
 */
export function maturityExplanation(report: { maturity?: Maturity }): string[] {
  if (!report.maturity) return ['MLOps maturity: not in this report (made by an ml-test-gate version before maturity levels were added).'];
  return maturityLines(report.maturity).map((l) => withoutControlChars(l));
}
