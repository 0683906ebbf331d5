import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderMaturityDoc } from '../../scripts/maturity-doc.js';
import { parseConfig } from '../../src/config/load.js';
import {
  assessMaturity,
  isAutomated,
  maturityExplanation,
  maturitySummary,
  unconfiguredFacts,
  type MaturityFacts,
} from '../../src/rubric/maturity.js';
import {
  CRITERIA,
  CRITERION_IDS,
  FACT_IDS,
  FACT_STATES,
  FRAMEWORK_IDS,
  FRAMEWORKS,
  type CriterionId,
  type FactId,
  type FactState,
  type FrameworkId,
} from '../../src/rubric/maturity-map.js';
import { RUBRIC, RUBRIC_IDS, type RubricId } from '../../src/rubric/tests.js';
import type { TestStatus } from '../../src/rubric/types.js';
import { maturitySchema } from '../../src/schemas/maturity.js';

const ROOT = path.resolve(__dirname, '../..');
const STATUSES: TestStatus[] = ['pass', 'fail', 'attested', 'expired', 'error', 'missing'];

type Statuses = Partial<Record<RubricId, TestStatus>>;
const tests = (s: Statuses) => RUBRIC.map((t) => ({ id: t.id, status: s[t.id] ?? ('missing' as TestStatus) }));
const facts = (states: Partial<Record<FactId, FactState>> = {}): MaturityFacts =>
  Object.fromEntries(
    FACT_IDS.map((id) => [id, { state: states[id] ?? 'absent', detail: `${id} is ${states[id] ?? 'absent'}` }]),
  ) as MaturityFacts;

/** Evidence that meets exactly these criteria: their tests pass, their first fact is observed. */
function evidenceFor(criteria: readonly CriterionId[]): { statuses: Statuses; factStates: Partial<Record<FactId, FactState>> } {
  const statuses: Statuses = {};
  const factStates: Partial<Record<FactId, FactState>> = {};
  for (const id of criteria) {
    for (const t of CRITERIA[id].tests) statuses[t] = 'pass';
    if (CRITERIA[id].facts.length) factStates[CRITERIA[id].facts[0]] = 'observed';
  }
  return { statuses, factStates };
}

const criteriaUpTo = (fw: FrameworkId, level: number) => FRAMEWORKS[fw].levels.slice(1, level + 1).flatMap((l) => l.criteria);

describe('the maturity mapping (data)', () => {
  it('numbers each framework 0..top, level 0 needs nothing, and every higher level adds criteria', () => {
    expect(FRAMEWORKS.google.levels).toHaveLength(3);
    expect(FRAMEWORKS.azure.levels).toHaveLength(5);
    for (const fw of FRAMEWORK_IDS) {
      FRAMEWORKS[fw].levels.forEach((l, i) => {
        expect(l.level).toBe(i);
        expect(l.quotes.length).toBeGreaterThan(0);
        if (i === 0) expect(l.criteria).toEqual([]);
        else expect(l.criteria.length).toBeGreaterThan(0);
      });
      const all = FRAMEWORKS[fw].levels.flatMap((l) => l.criteria);
      expect(new Set(all).size, `${fw}: a criterion appears at two levels`).toBe(all.length);
      expect(FRAMEWORKS[fw].source.url).toMatch(/^https:\/\/(cloud\.google\.com|learn\.microsoft\.com)\//);
    }
  });

  it('uses every criterion somewhere, names only real rubric tests and facts, and needs some evidence for each', () => {
    const used = new Set(FRAMEWORK_IDS.flatMap((fw) => FRAMEWORKS[fw].levels.flatMap((l) => l.criteria)));
    expect([...used].sort()).toEqual([...CRITERION_IDS].sort());
    for (const id of CRITERION_IDS) {
      const c = CRITERIA[id];
      expect(c.id).toBe(id);
      expect(c.tests.length + c.facts.length).toBeGreaterThan(0);
      for (const t of c.tests) expect(RUBRIC_IDS).toContain(t);
      for (const f of c.facts) expect(FACT_IDS).toContain(f);
      expect(c.action).toMatch(/\(.+\)$/); // names the config key that adds the evidence
    }
  });

  it('continuous training (Google 1) needs infra-3, infra-4, infra-7 and a retrain trigger, as the issue defines it', () => {
    const ct = FRAMEWORKS.google.levels[1].criteria.map((id) => CRITERIA[id]);
    const testsNeeded = ct.flatMap((c) => c.tests);
    expect(testsNeeded).toEqual(expect.arrayContaining(['infra-3', 'infra-4', 'infra-7']));
    expect(ct.find((c) => c.id === 'retrain-trigger')!.facts).toEqual(['retrain-schedule', 'retrain-on-alarm']);
  });
});

describe('assessMaturity: each level is exactly its criteria and those below', () => {
  for (const fw of FRAMEWORK_IDS) {
    for (const lv of FRAMEWORKS[fw].levels) {
      it(`${fw} level ${lv.level} (${lv.name}): reached with its criteria and the lower ones, and not without any one of them`, () => {
        const needed = criteriaUpTo(fw, lv.level);
        const { statuses, factStates } = evidenceFor(needed);
        const m = assessMaturity(tests(statuses), facts(factStates));
        expect(m[fw].level).toBe(lv.level);
        expect(m[fw].name).toBe(lv.name);
        const next = FRAMEWORKS[fw].levels[lv.level + 1];
        if (next)
          expect(m[fw].next!.missing.map((x) => x.criterion).sort()).toEqual([...next.criteria].filter((c) => !needed.includes(c)).sort());
        else expect(m[fw].next).toBeNull();
        // drop each needed criterion's evidence in turn: the level falls below this one
        for (const drop of needed) {
          const e = evidenceFor(needed.filter((c) => c !== drop));
          const r = assessMaturity(tests(e.statuses), facts(e.factStates));
          if (r.criteria.find((c) => c.id === drop)!.met) {
            // the one overlap: retraining on an alarm is itself a retrain trigger
            expect([drop, e.factStates['retrain-on-alarm']]).toEqual(['retrain-trigger', 'observed']);
            continue;
          }
          expect(r[fw].level, `${fw} ${lv.level} without ${drop}`).toBeLessThan(lv.level);
        }
      });
    }
  }

  it('pass and fail count as automated; attested, expired, error and missing do not', () => {
    expect(STATUSES.filter(isAutomated)).toEqual(['pass', 'fail']);
    for (const s of STATUSES) {
      const m = assessMaturity(tests({ 'infra-4': s }), facts());
      expect(m.criteria.find((c) => c.id === 'model-validation')!.met).toBe(s === 'pass' || s === 'fail');
    }
    const failing = assessMaturity(tests({ 'infra-4': 'fail' }), facts()).criteria.find((c) => c.id === 'model-validation')!;
    expect(failing.reason).toContain('infra-4 is automated, failing in this run');
    const attested = assessMaturity(tests({ 'infra-4': 'attested' }), facts()).criteria.find((c) => c.id === 'model-validation')!;
    expect(attested.reason).toContain('infra-4 is attested: a manual test, not automation');
    const error = assessMaturity(tests({ 'infra-4': 'error' }), facts()).criteria.find((c) => c.id === 'model-validation')!;
    expect(error.reason).toContain('missing or unreadable');
  });

  it('a fact holds when observed or declared; absent, not-configured and error (unmeasured) do not', () => {
    for (const state of FACT_STATES) {
      const m = assessMaturity(tests({}), facts({ 'model-registry': state }));
      expect(m.criteria.find((c) => c.id === 'model-registry')!.met).toBe(state === 'observed' || state === 'declared');
    }
    // either retrain fact is a retrain trigger
    for (const f of ['retrain-schedule', 'retrain-on-alarm'] as const) {
      expect(assessMaturity(tests({}), facts({ [f]: 'observed' })).criteria.find((c) => c.id === 'retrain-trigger')!.met).toBe(true);
    }
    const none = assessMaturity(tests({}), facts()).criteria.find((c) => c.id === 'retrain-trigger')!;
    expect(none.reason).toContain('scheduled retraining: retrain-schedule is absent');
    expect(none.reason).toContain('retraining on an alarm: retrain-on-alarm is absent');
  });

  it('without a maturity section every fact is not-configured and both frameworks stop below the levels that need one', () => {
    const everything = Object.fromEntries(RUBRIC_IDS.map((id) => [id, 'pass'])) as Statuses;
    const m = assessMaturity(tests(everything), unconfiguredFacts());
    expect(m.google.level).toBe(0); // level 1 needs a retrain trigger
    expect(m.azure.level).toBe(1); // level 2 too
    expect(m.google.next!.missing.map((x) => x.criterion)).toEqual(['retrain-trigger']);
    expect(m.google.next!.missing[0].reason).toContain('no maturity section in the config');
    expect(maturitySchema.safeParse(m).success).toBe(true);
  });

  const statusArb = fc.constantFrom(...STATUSES);
  const stateArb = fc.constantFrom(...FACT_STATES);
  const evidenceArb = fc.record({
    statuses: fc.dictionary(fc.constantFrom(...RUBRIC_IDS), statusArb),
    factStates: fc.dictionary(fc.constantFrom(...FACT_IDS), stateArb),
  });

  it('is consistent: every level up to the reported one is met, and the next lists exactly what is unmet (property)', () => {
    fc.assert(
      fc.property(evidenceArb, ({ statuses, factStates }) => {
        const m = assessMaturity(tests(statuses as Statuses), facts(factStates));
        expect(maturitySchema.safeParse(m).success).toBe(true);
        const met = new Map(m.criteria.map((c) => [c.id, c.met]));
        for (const fw of FRAMEWORK_IDS) {
          const r = m[fw];
          for (const c of criteriaUpTo(fw, r.level)) expect(met.get(c)).toBe(true);
          const next = FRAMEWORKS[fw].levels[r.level + 1];
          if (!next) continue;
          const unmet = next.criteria.filter((c) => !met.get(c));
          expect(unmet.length).toBeGreaterThan(0);
          expect(r.next!.missing.map((x) => x.criterion)).toEqual(unmet);
        }
      }),
      { numRuns: 500, seed: 16 },
    );
  });

  it('is monotonic: more automation or another fact never lowers a level (property)', () => {
    fc.assert(
      fc.property(evidenceArb, fc.constantFrom(...RUBRIC_IDS), fc.constantFrom(...FACT_IDS), ({ statuses, factStates }, test, fact) => {
        const before = assessMaturity(tests(statuses as Statuses), facts(factStates));
        const moreTests = assessMaturity(tests({ ...(statuses as Statuses), [test]: 'pass' }), facts(factStates));
        const moreFacts = assessMaturity(tests(statuses as Statuses), facts({ ...factStates, [fact]: 'observed' }));
        for (const fw of FRAMEWORK_IDS) {
          expect(moreTests[fw].level).toBeGreaterThanOrEqual(before[fw].level);
          expect(moreFacts[fw].level).toBeGreaterThanOrEqual(before[fw].level);
        }
      }),
      { numRuns: 500, seed: 17 },
    );
  });
});

describe('maturity text', () => {
  const all = Object.fromEntries(RUBRIC_IDS.map((id) => [id, 'pass'])) as Statuses;

  it('one comment line: both levels and the next step, deduplicated across frameworks', () => {
    const m = assessMaturity(tests(all), facts({ 'retrain-schedule': 'observed', 'model-registry': 'declared' }));
    expect(m.google.level).toBe(1);
    expect(m.azure.level).toBe(2);
    expect(maturitySummary(m)).toBe(
      'Google level 1 of 2 · Azure level 2 of 4 · next (Google 2, Azure 3): automate the model deployment (maturity.deployment)',
    );
  });

  it('says so at the top of both, and caps the list of next steps', () => {
    const top = assessMaturity(
      tests(all),
      facts({ 'retrain-on-alarm': 'observed', 'automated-deployment': 'observed', 'model-registry': 'declared' }),
    );
    expect([top.google.level, top.azure.level]).toEqual([2, 4]);
    expect(maturitySummary(top)).toBe('Google level 2 of 2 · Azure level 4 of 4 · the top level of both');
    const bare = assessMaturity(tests({}), facts());
    expect(maturitySummary(bare)).toMatch(/^Google level 0 of 2 · Azure level 0 of 4 · next \(Google 1, Azure 1\): .+; \+\d+ more$/);
  });

  it('takes the next steps from the mapping, not from the report (an artifact may be untrusted); strips control characters for the terminal', () => {
    const m = assessMaturity(tests(all), facts({ 'retrain-schedule': 'observed', 'model-registry': 'declared' }));
    const tampered = structuredClone(m);
    tampered.google.next!.missing[0].action = '<img src=x onerror=alert(1)> @everyone';
    tampered.facts['retrain-schedule'].detail = 'ok\u001b[2J\u001b[31m red';
    expect(maturitySummary(tampered)).toBe(maturitySummary(m));
    const lines = maturityExplanation({ maturity: tampered });
    expect(lines.join('\n')).not.toContain('\u001b');
    expect(lines.some((l) => l.includes('ok [2J [31m red'))).toBe(true);
  });

  it('explains every level, criterion and fact; a report without maturity gets one line', () => {
    const m = assessMaturity(
      tests({ ...all, 'infra-7': 'error' }),
      facts({ 'retrain-schedule': 'observed', 'automated-deployment': 'observed', 'model-registry': 'declared' }),
    );
    const lines = maturityExplanation({ maturity: m });
    expect(lines.filter((l) => /^ {2}level \d/.test(l))).toHaveLength(2 + 4);
    expect(lines).toContain('  level 1, ML pipeline automation: 1 of 5 criteria missing');
    expect(
      lines.some(
        (l) =>
          l.includes('[ ] a versioned model store with a rollback target: infra-7 is in error') &&
          l.endsWith('-> record a rollback target and drill it (infra.rollback)'),
      ),
    ).toBe(true);
    expect(lines).toContain('  level 2, CI/CD pipeline automation: criteria met, but a level below is not');
    expect(lines.some((l) => l.startsWith('  scheduled retraining: observed'))).toBe(true);
    expect(maturityExplanation({})).toEqual([expect.stringContaining('not in this report')]);
  });
});

describe('docs/maturity.md', () => {
  it('is what the mapping generates (run node scripts/gen-docs.mjs when this fails)', () => {
    expect(readFileSync(path.join(ROOT, 'docs/maturity.md'), 'utf8')).toBe(renderMaturityDoc());
  });

  it('quotes both published definitions with their URLs, lists every criterion and fact, and its config example is valid', () => {
    const doc = renderMaturityDoc();
    for (const fw of FRAMEWORK_IDS) {
      expect(doc).toContain(FRAMEWORKS[fw].source.url);
      for (const l of FRAMEWORKS[fw].levels) for (const q of l.quotes) expect(doc).toContain(`“${q}”`);
    }
    for (const id of CRITERION_IDS) expect(doc).toContain(`### ${id}\n`);
    for (const id of FACT_IDS) expect(doc).toContain(`### Fact: ${id}\n`);
    const yaml = /```yaml\n([\s\S]*?)```/.exec(doc)![1];
    expect(parseConfig('docs/maturity.md', yaml).maturity?.training.jobs).toEqual(['train']);
  });
});
