import type { JunitCase } from '../evidence/junit.js';
import type { Check, ReportTable } from '../rubric/types.js';
import { fmt, pct } from '../util/format.js';
import { CANARY_FORMAT, DEBUG_TRACE_FORMAT, ROLLBACK_FORMAT, ageOf, errorOutcome, maxAgeCheck, parseInstant } from './infra-common.js';
import { readJunitReports } from './junit-tests.js';
import type { Evaluator } from './types.js';

/** A check that a timestamp parses and is not in the future (no age limit). */
function notFutureCheck(what: string, value: string, now: Date, file: string, field: string): Check | null {
  const a = ageOf(value, now);
  return a.ok ? null : { name: `${what} date`, status: 'error', message: `${file}: ${field}: ${a.message}`, file };
}

/** infra-6: the canary loaded the model, answered sampled production inputs with finite outputs that match offline predictions. */
export const canaryEvaluator: Evaluator = {
  name: 'canary',
  async run(ctx) {
    const cfg = ctx.config.infra?.canary;
    if (!cfg) return { outcomes: [] };
    const l = await ctx.store.json(cfg.report, CANARY_FORMAT);
    if (!l.ok) return { outcomes: [errorOutcome('infra-6', cfg.report, l)] };
    const r = l.value;
    const file = l.file;
    ctx.store.recordNumericScan({ file, what: 'canary figures', values: 4 + l.nonFinite.length, nonFinite: l.nonFinite });
    const checks: Check[] = [];
    const model = `${r.model.name}${r.model.version ? ` ${r.model.version}` : ''}`;
    if (cfg['max-age-days'] !== undefined) checks.push(maxAgeCheck('canary run', r.ranAt, cfg['max-age-days'], ctx.now, { file, field: 'ranAt' }));
    else {
      const c = notFutureCheck('canary run', r.ranAt, ctx.now, file, 'ranAt');
      if (c) checks.push(c);
    }
    checks.push({
      name: 'model loaded in serving',
      status: r.loaded ? 'pass' : 'fail',
      message: r.loaded ? `${model} loaded in ${r.servingStack ?? 'the serving stack'}` : `${model} did not load in ${r.servingStack ?? 'the serving stack'} (${file}: loaded = false)`,
      value: r.loaded ? 1 : 0,
      threshold: 'loaded',
      method: 'canary report',
      file,
    });
    if (r.errors > r.requests) {
      checks.push({ name: 'canary counts', status: 'error', message: `${file}: errors (${r.errors}) exceeds requests (${r.requests}); the report is inconsistent`, file });
    } else {
      const enough = r.requests >= cfg['min-requests'];
      checks.push({
        name: `sampled requests >= ${cfg['min-requests']}`,
        status: enough ? 'pass' : 'fail',
        message: `the canary answered ${r.requests} sampled production inputs; ${enough ? 'at least' : 'fewer than'} the ${cfg['min-requests']} required`,
        value: r.requests,
        threshold: `>= ${cfg['min-requests']}`,
        method: 'canary report (requests)',
        file,
      });
      const rate = r.requests === 0 ? null : r.errors / r.requests;
      const okRate = rate !== null && rate <= cfg['max-error-rate'];
      checks.push({
        name: `error rate <= ${pct(cfg['max-error-rate'])}`,
        status: okRate ? 'pass' : 'fail',
        message: rate === null ? 'no request was sent: the error rate is undefined and cannot pass' : `${r.errors} of ${r.requests} requests failed (${pct(rate)}); maximum ${pct(cfg['max-error-rate'])}`,
        value: rate,
        threshold: `<= ${pct(cfg['max-error-rate'])}`,
        method: 'errors / requests',
        file,
      });
    }
    checks.push({
      name: 'finite outputs',
      status: r.nonFiniteOutputs === 0 ? 'pass' : 'fail',
      message: `${r.nonFiniteOutputs} NaN or infinite prediction(s) among ${r.requests} canary outputs`,
      value: r.nonFiniteOutputs,
      threshold: '0',
      method: 'canary report (nonFiniteOutputs)',
      file,
    });
    const oc = r.offlineComparison;
    if (!oc || oc.examples === 0) {
      checks.push({
        name: 'matches offline predictions',
        status: 'fail',
        message: `${file}: ${oc ? 'offlineComparison.examples is 0' : 'no offlineComparison'}: serving outputs were not compared with offline predictions, so consistency is unknown`,
        file,
      });
    } else {
      const ok = oc.maxAbsDiff <= cfg['max-abs-diff'];
      checks.push({
        name: `max |serving - offline| <= ${fmt(cfg['max-abs-diff'])}`,
        status: ok ? 'pass' : 'fail',
        message: `largest |serving score - offline score| over ${oc.examples} examples is ${fmt(oc.maxAbsDiff)}${oc.meanAbsDiff !== undefined ? ` (mean ${fmt(oc.meanAbsDiff)})` : ''}; maximum ${fmt(cfg['max-abs-diff'])}`,
        value: oc.maxAbsDiff,
        threshold: `<= ${fmt(cfg['max-abs-diff'])}`,
        method: 'max absolute difference on examples scored both ways',
        file,
      });
      if (oc.labelMismatches !== undefined) {
        const rate = oc.labelMismatches / oc.examples;
        const okL = rate <= cfg['max-label-mismatch-rate'];
        checks.push({
          name: `label mismatches <= ${pct(cfg['max-label-mismatch-rate'])}`,
          status: okL ? 'pass' : 'fail',
          message: `${oc.labelMismatches} of ${oc.examples} examples got a different label in serving (${pct(rate)}); maximum ${pct(cfg['max-label-mismatch-rate'])}`,
          value: rate,
          threshold: `<= ${pct(cfg['max-label-mismatch-rate'])}`,
          method: 'labelMismatches / examples',
          file,
        });
      }
    }
    return { outcomes: [{ test: 'infra-6', checks, evidence: [file] }] };
  },
};

/** infra-7: a previous known-good version is recorded and the last successful rollback drill is recent. */
export const rollbackEvaluator: Evaluator = {
  name: 'rollback',
  async run(ctx) {
    const cfg = ctx.config.infra?.rollback;
    if (!cfg) return { outcomes: [] };
    const l = await ctx.store.json(cfg.record, ROLLBACK_FORMAT);
    if (!l.ok) return { outcomes: [errorOutcome('infra-7', cfg.record, l)] };
    const r = l.value;
    const file = l.file;
    const checks: Check[] = [];
    for (const [field, v] of [
      ['current.deployedAt', r.current.deployedAt],
      ['previousKnownGood.validatedAt', r.previousKnownGood?.validatedAt],
    ] as const) {
      if (v) {
        const c = notFutureCheck(field, v, ctx.now, file, field);
        if (c) checks.push(c);
      }
    }
    const pkg = r.previousKnownGood;
    if (!pkg) {
      checks.push({ name: 'previous known-good version', status: 'fail', message: `${file}: previousKnownGood is null: no version to roll back to is recorded`, file });
    } else if (pkg.version === r.current.version) {
      checks.push({ name: 'previous known-good version', status: 'fail', message: `${file}: previousKnownGood.version ${pkg.version} is the current version; there is nothing older to roll back to`, file });
    } else {
      checks.push({ name: 'previous known-good version', status: 'pass', message: `${r.model} can roll back from ${r.current.version} to ${pkg.version} (${pkg.artifact})`, method: 'rollback record', file });
    }
    const drills: Array<{ ms: number; iso: string; d: (typeof r.drills)[number]; i: number }> = [];
    r.drills.forEach((d, i) => {
      const a = ageOf(d.date, ctx.now);
      const t = parseInstant(d.date);
      if (!a.ok) checks.push({ name: `drill ${i + 1} date`, status: 'error', message: `${file}: drills[${i}].date: ${a.message}`, file });
      else if (t.ok) drills.push({ ms: t.ms, iso: t.iso, d, i });
    });
    const ok = drills.filter((x) => x.d.succeeded).sort((a, b) => b.ms - a.ms);
    const latest = [...drills].sort((a, b) => b.ms - a.ms)[0];
    if (ok.length === 0) {
      checks.push({
        name: 'rollback drill',
        status: 'fail',
        message: `${file}: no successful rollback drill recorded (${r.drills.length} drill(s), ${r.drills.length - drills.length} with a bad date); a rollback that was never exercised is not known to work`,
        value: null,
        threshold: `<= ${fmt(cfg['max-drill-age-days'])} days`,
        file,
      });
    } else {
      const last = ok[0];
      checks.push(maxAgeCheck(`last successful rollback drill (${last.d.from} -> ${last.d.to})`, last.d.date, cfg['max-drill-age-days'], ctx.now, { file, field: `drills[${last.i}].date` }));
      if (latest && !latest.d.succeeded && latest.ms > last.ms) {
        checks.push({ name: 'latest rollback drill', status: 'warn', message: `the most recent drill (${latest.iso}, ${latest.d.from} -> ${latest.d.to}) failed${latest.d.link ? `: ${latest.d.link}` : ''}`, file });
      }
    }
    const table: ReportTable = {
      id: 'rollback-drills',
      title: `Rollback drills: ${r.model}`,
      tests: ['infra-7'],
      columns: ['date', 'from', 'to', 'succeeded', 'duration (s)'],
      rows: [...drills].sort((a, b) => b.ms - a.ms).slice(0, 10).map((x) => [x.iso, x.d.from, x.d.to, x.d.succeeded ? 'yes' : 'no', x.d.durationS ?? null]),
      note: `From ${file}; most recent first (at most 10).`,
    };
    return { outcomes: [{ test: 'infra-7', checks, evidence: [file] }], tables: [table] };
  },
};

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
export const debugEvaluator: Evaluator = {
  name: 'debug',
  async run(ctx) {
    const cfg = ctx.config.infra?.debug;
    if (!cfg) return { outcomes: [] };
    if (cfg.trace) {
      const l = await ctx.store.json(cfg.trace, DEBUG_TRACE_FORMAT);
      if (!l.ok) return { outcomes: [errorOutcome('infra-5', cfg.trace, l)] };
      const t = l.value;
      const checks: Check[] = [];
      if (t.createdAt) {
        if (cfg['max-age-days'] !== undefined) checks.push(maxAgeCheck('debug trace', t.createdAt, cfg['max-age-days'], ctx.now, { file: l.file, field: 'createdAt' }));
        else {
          const c = notFutureCheck('debug trace', t.createdAt, ctx.now, l.file, 'createdAt');
          if (c) checks.push(c);
        }
      } else if (cfg['max-age-days'] !== undefined) {
        checks.push({ name: 'debug trace age', status: 'error', message: `${l.file}: createdAt is not set, so its age (max ${fmt(cfg['max-age-days'])} days) is unknown`, file: l.file });
      }
      checks.push({
        name: 'example stepped through',
        status: 'pass',
        message: `example ${t.example.id} stepped through ${t.steps.length} stage(s) (${t.steps.slice(0, 6).map((s) => s.name).join(' -> ')}${t.steps.length > 6 ? ' -> ...' : ''}) to prediction ${typeof t.prediction === 'number' ? fmt(t.prediction) : JSON.stringify(t.prediction)}`,
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
    const hit = findCase(all.map((x) => x.c), wanted);
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
      checks.push({ name: `debugging test ${wanted}`, status: 'error', message: `"${wanted}" matches several test cases (${hit.ambiguous.join(', ')}); give the full name (classname::name)`, file: ctx.configFile });
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
