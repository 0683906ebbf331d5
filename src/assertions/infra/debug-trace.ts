import type { JunitCase } from '../../evidence/junit.js';
import type { Check } from '../../rubric/types.js';
import { fmt } from '../../util/format.js';
import { DEBUG_TRACE_FORMAT, errorOutcome } from '../shared/infra-evidence.js';
import { maxAgeCheck, notFutureCheck } from '../shared/dates.js';
import { readJunitReports } from '../data/test-reports.js';
import type { Evaluator } from '../types.js';

const caseName = (c: JunitCase) => (c.classname ? `${c.classname}::${c.name}` : c.name);

/** Find a test case by full name, name, or a unique substring of the full name. */
export function findCase(cases: readonly JunitCase[], wanted: string): { found: JunitCase } | { ambiguous: string[] } | { none: true } {
  const exact = cases.filter((c) => caseName(c) === wanted || c.name === wanted || `${c.classname}.${c.name}` === wanted);
  if (exact.length >= 1) return { found: exact.find((c) => c.status === 'failed' || c.status === 'error') ?? exact[0] };
  const sub = cases.filter((c) => caseName(c).includes(wanted));
  if (sub.length === 1) return { found: sub[0] };
  if (sub.length > 1) return { ambiguous: sub.slice(0, 5).map(caseName) };
  return { none: true };
}

/** infra-5: a debug-trace artifact (one example stepped through), or a named test in a JUnit report. */
export const debugTraceEvaluator: Evaluator = {
  name: 'debug',
  tests: ['infra-5'],
  config: ['infra.debug'],
  formats: ['debug-trace', 'JUnit XML'],
  async run(ctx) {
    const cfg = ctx.config.infra?.debug;
    if (!cfg) return { outcomes: [] };
    if (cfg.trace) {
      const l = await ctx.store.json(cfg.trace, DEBUG_TRACE_FORMAT);
      if (!l.ok) return { outcomes: [errorOutcome('infra-5', cfg.trace, l)] };
      const t = l.value;
      const checks: Check[] = [];
      if (t.createdAt) {
        if (cfg['max-age-days'] !== undefined)
          checks.push(maxAgeCheck('debug trace', t.createdAt, cfg['max-age-days'], ctx.now, { file: l.file, field: 'createdAt' }));
        else {
          const c = notFutureCheck('debug trace', t.createdAt, ctx.now, l.file, 'createdAt');
          if (c) checks.push(c);
        }
      } else if (cfg['max-age-days'] !== undefined) {
        checks.push({
          name: 'debug trace age',
          status: 'error',
          message: `${l.file}: createdAt is not set, so its age (max ${fmt(cfg['max-age-days'])} days) is unknown`,
          file: l.file,
        });
      }
      checks.push({
        name: 'example stepped through',
        status: 'pass',
        message: `example ${t.example.id} stepped through ${t.steps.length} stage(s) (${t.steps
          .slice(0, 6)
          .map((s) => s.name)
          .join(
            ' -> ',
          )}${t.steps.length > 6 ? ' -> ...' : ''}) to prediction ${typeof t.prediction === 'number' ? fmt(t.prediction) : JSON.stringify(t.prediction)}`,
        value: t.steps.length,
        threshold: '>= 1 stage',
        method: 'debug trace artifact',
        file: l.file,
      });
      return { outcomes: [{ test: 'infra-5', checks, evidence: [l.file] }] };
    }
    const patterns = Array.isArray(cfg.junit) ? cfg.junit : [cfg.junit!];
    const wanted = cfg.test!;
    const { files, reports, errors } = await readJunitReports(ctx, patterns);
    const checks: Check[] = [...errors];
    const all = reports.flatMap((r) => r.report.cases.map((c) => ({ c, file: r.file })));
    const hit = findCase(
      all.map((x) => x.c),
      wanted,
    );
    if ('found' in hit) {
      const c = hit.found;
      const file = all.find((x) => x.c === c)!.file;
      const status = c.status === 'passed' ? 'pass' : c.status === 'skipped' ? 'error' : 'fail';
      checks.push({
        name: `debugging test ${wanted}`,
        status,
        message: `${caseName(c)} ${c.status === 'passed' ? 'passed' : c.status === 'skipped' ? 'was skipped: it did not run' : `${c.status}${c.message ? `: ${c.message.split('\n')[0].slice(0, 160)}` : ''}`} (${file})`,
        value: c.status === 'passed' ? 1 : 0,
        threshold: 'passes',
        method: 'JUnit XML test case',
        file,
      });
    } else if ('ambiguous' in hit) {
      checks.push({
        name: `debugging test ${wanted}`,
        status: 'error',
        message: `"${wanted}" matches several test cases (${hit.ambiguous.join(', ')}); give the full name (classname::name)`,
        file: ctx.configFile,
      });
    } else if (reports.length > 0) {
      checks.push({
        name: `debugging test ${wanted}`,
        status: 'error',
        message: `no test case named "${wanted}" in ${reports.map((r) => r.file).join(', ')} (${all.length} cases); the debugging test did not run`,
        file: reports[0].file,
      });
    }
    return { outcomes: [{ test: 'infra-5', checks, evidence: files }] };
  },
};
