import type { Check, ReportTable } from '../../rubric/types.js';
import type { RollbackRecord } from '../../schemas/infra.js';
import { fmt } from '../../util/format.js';
import { ROLLBACK_FORMAT, errorOutcome } from '../shared/infra-evidence.js';
import { ageOf, maxAgeCheck, parseInstant } from '../shared/dates.js';
import type { Evaluator } from '../types.js';
import { notFutureCheck } from '../shared/dates.js';

type Drill = { ms: number; iso: string; d: RollbackRecord['drills'][number]; i: number };

/** The drills with a valid date; checks that the last successful one is recent, and warns when a later one failed. */
function drillChecks(r: RollbackRecord, maxDays: number, now: Date, file: string, checks: Check[]): Drill[] {
  const drills: Drill[] = [];
  r.drills.forEach((d, i) => {
    const a = ageOf(d.date, now);
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
      threshold: `<= ${fmt(maxDays)} days`,
      file,
    });
  } else {
    const last = ok[0];
    checks.push(
      maxAgeCheck(`last successful rollback drill (${last.d.from} -> ${last.d.to})`, last.d.date, maxDays, now, {
        file,
        field: `drills[${last.i}].date`,
      }),
    );
    if (latest && !latest.d.succeeded && latest.ms > last.ms) {
      checks.push({
        name: 'latest rollback drill',
        status: 'warn',
        message: `the most recent drill (${latest.iso}, ${latest.d.from} -> ${latest.d.to}) failed${latest.d.link ? `: ${latest.d.link}` : ''}`,
        file,
      });
    }
  }
  return drills;
}

/** infra-7: a previous known-good version is recorded and the last successful rollback drill is recent. */
export const rollbackEvaluator: Evaluator = {
  name: 'rollback',
  tests: ['infra-7'],
  config: ['infra.rollback'],
  formats: ['rollback'],
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
      checks.push({
        name: 'previous known-good version',
        status: 'fail',
        message: `${file}: previousKnownGood is null: no version to roll back to is recorded`,
        file,
      });
    } else if (pkg.version === r.current.version) {
      checks.push({
        name: 'previous known-good version',
        status: 'fail',
        message: `${file}: previousKnownGood.version ${pkg.version} is the current version; there is nothing older to roll back to`,
        file,
      });
    } else {
      checks.push({
        name: 'previous known-good version',
        status: 'pass',
        message: `${r.model} can roll back from ${r.current.version} to ${pkg.version} (${pkg.artifact})`,
        method: 'rollback record',
        file,
      });
    }
    const drills = drillChecks(r, cfg['max-drill-age-days'], ctx.now, file, checks);
    const table: ReportTable = {
      id: 'rollback-drills',
      title: `Rollback drills: ${r.model}`,
      tests: ['infra-7'],
      columns: ['date', 'from', 'to', 'succeeded', 'duration (s)'],
      rows: [...drills]
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 10)
        .map((x) => [x.iso, x.d.from, x.d.to, x.d.succeeded ? 'yes' : 'no', x.d.durationS ?? null]),
      note: `From ${file}; most recent first (at most 10).`,
    };
    return { outcomes: [{ test: 'infra-7', checks, evidence: [file] }], tables: [table] };
  },
};
