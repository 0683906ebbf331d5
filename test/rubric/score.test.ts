import { describe, expect, it } from 'vitest';
import { levelFor, scoreRubric, scoreTests, statusFromChecks, type Attestation } from '../../src/rubric/score.js';
import { RUBRIC, RUBRIC_IDS, type RubricId } from '../../src/rubric/tests.js';
import type { TestOutcome } from '../../src/rubric/types.js';

const now = new Date('2026-11-23T12:00:00Z');
const pass = (test: RubricId): TestOutcome => ({ test, checks: [{ name: 'x', status: 'pass', message: 'ok' }] });
const fail = (test: RubricId): TestOutcome => ({ test, checks: [{ name: 'x', status: 'fail', message: 'bad' }] });
const att = (test: RubricId, date: string, days = 90): Attestation => ({ test, by: 'a', date, link: 'https://x', expiresInDays: days });

describe('rubric', () => {
  it('has 28 tests, 7 per section, with the paper titles', () => {
    expect(RUBRIC).toHaveLength(28);
    expect(RUBRIC.map((t) => t.id)).toEqual([...RUBRIC_IDS]);
    expect(RUBRIC.find((t) => t.id === 'monitor-3')?.title).toBe('Training and serving are not skewed');
    expect(RUBRIC.find((t) => t.id === 'data-1')?.title).toBe('Feature expectations are captured in a schema');
    for (const s of ['data', 'model', 'infrastructure', 'monitoring']) expect(RUBRIC.filter((t) => t.section === s)).toHaveLength(7);
  });
});

describe('levelFor: Table V, intervals open on the left', () => {
  it.each([
    [0, 'More of a research project'],
    [0.5, 'Not totally untested'],
    [1, 'Not totally untested'],
    [1.5, 'first pass at basic productionization'],
    [2, 'first pass at basic productionization'],
    [2.5, 'Reasonably tested'],
    [3, 'Reasonably tested'],
    [3.5, 'Strong levels'],
    [5, 'Strong levels'],
    [5.5, 'Exceptional'],
    [7, 'Exceptional'],
  ])('%s -> %s', (score, text) => {
    expect(levelFor(score)).toContain(text);
  });
});

describe('scoreTests', () => {
  it('gives pass and fail 1 point, attested 0.5, expired/error/missing 0', () => {
    const tests = scoreTests(
      [pass('data-1'), fail('data-2'), { test: 'data-3', checks: [{ name: 'f', status: 'error', message: 'file not found' }] }],
      [att('data-4', '2026-11-01'), att('data-5', '2026-01-01', 30)],
      now,
    );
    const by = Object.fromEntries(tests.map((t) => [t.id, t]));
    expect([by['data-1'].status, by['data-1'].points]).toEqual(['pass', 1]);
    expect([by['data-2'].status, by['data-2'].points]).toEqual(['fail', 1]);
    expect([by['data-3'].status, by['data-3'].points]).toEqual(['error', 0]);
    expect([by['data-4'].status, by['data-4'].points]).toEqual(['attested', 0.5]);
    expect([by['data-5'].status, by['data-5'].points]).toEqual(['expired', 0]);
    expect([by['data-6'].status, by['data-6'].points]).toEqual(['missing', 0]);
    expect(by['data-5'].summary).toContain('expired on 2026-01-31');
  });

  it('lets automated evidence win over an attestation, and an error win over passes', () => {
    const tests = scoreTests(
      [pass('model-5'), pass('model-6'), { test: 'model-6', checks: [{ name: 'b', status: 'error', message: 'unreadable' }] }],
      [att('model-5', '2026-11-01')],
      now,
    );
    expect(tests.find((t) => t.id === 'model-5')?.status).toBe('pass');
    expect(tests.find((t) => t.id === 'model-6')?.status).toBe('error');
  });

  it('an attestation is valid through its last day and expired the day after', () => {
    const onLastDay = scoreTests([], [att('data-6', '2026-11-13', 10)], now); // valid until 2026-11-23
    expect(onLastDay.find((t) => t.id === 'data-6')?.status).toBe('attested');
    const dayAfter = scoreTests([], [att('data-6', '2026-11-12', 10)], now);
    expect(dayAfter.find((t) => t.id === 'data-6')?.status).toBe('expired');
  });

  it('treats an outcome without checks as an error, never a pass', () => {
    expect(statusFromChecks([])).toBe('error');
    expect(statusFromChecks([{ name: 'a', status: 'warn', message: 'w' }])).toBe('pass');
  });
});

describe('scoreRubric', () => {
  it('final = minimum of the section sums, naming the limiting sections', () => {
    const outcomes = [
      ...(['data-1', 'data-2', 'data-3'] as const).map(pass),
      ...(['model-1', 'model-2'] as const).map(pass),
      ...(['infra-1', 'infra-2', 'infra-3', 'infra-4'] as const).map(fail),
      ...(['monitor-1', 'monitor-2'] as const).map(pass),
    ];
    const s = scoreRubric(scoreTests(outcomes, [att('monitor-3', '2026-11-20')], now));
    expect(s.sections.data.points).toBe(3);
    expect(s.sections.model.points).toBe(2);
    expect(s.sections.infrastructure.points).toBe(4);
    expect(s.sections.monitoring.points).toBe(2.5);
    expect(s.final).toBe(2);
    expect(s.limitedBy).toEqual(['model']);
    expect(s.level).toContain('first pass');
  });

  it('scores an empty repository 0, limited by every section', () => {
    const s = scoreRubric(scoreTests([], [], now));
    expect(s.final).toBe(0);
    expect(s.limitedBy).toHaveLength(4);
    expect(s.sections.data.counts.missing).toBe(7);
  });

  it('reaches exactly 7 when every test passes', () => {
    const s = scoreRubric(scoreTests(RUBRIC_IDS.map(pass), [], now));
    expect(s.final).toBe(7);
    expect(s.level).toContain('Exceptional');
  });
});
