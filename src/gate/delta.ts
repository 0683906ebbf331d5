import { SECTIONS } from '../rubric/tests.js';
import type { Delta, Report } from '../schemas/report.js';

type Scored = Pick<Report, 'score'> & { tests: ReadonlyArray<Pick<Report['tests'][number], 'id' | 'status'>> };

/** Head minus base per section and final, and the tests whose status changed. */
export function computeDelta(head: Scored, base: Scored): Delta {
  const sections = Object.fromEntries(
    SECTIONS.map((s) => [s, head.score.sections[s].points - base.score.sections[s].points]),
  ) as Delta['sections'];
  const before = new Map(base.tests.map((t) => [t.id, t.status]));
  const tests: Delta['tests'] = [];
  for (const t of head.tests) {
    const from = before.get(t.id);
    if (from && from !== t.status) tests.push({ id: t.id, from, to: t.status });
  }
  return { final: head.score.final - base.score.final, sections, tests };
}
