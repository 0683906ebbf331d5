/**
 * A/B tests and canaries on a business metric. infra-6: the treatment (the candidate model) served
 * real users and did not hurt the metric beyond a tolerance, judged on the interval of the
 * difference (a confidence sequence when the experiment was peeked at), with a sample-ratio check.
 * model-2: when the file says what the offline metric predicted, the online metric moved that way.
 */
import type { JsonFormat } from '../../evidence/store.js';
import type { Check, CheckStatus, ReportTable, TestOutcome } from '../../rubric/types.js';
import { AB_TEST_VERSION, abTestSchema, type AbTestReport } from '../../schemas/ab-test.js';
import type { abTestConfig } from '../../schemas/config/infra.js';
import { compareArms, sampleRatioMismatch, type ArmsComparison, type ArmsInput } from '../../stats/ab-test.js';
import { allowedDrop, describeTolerance, intervalVerdict } from '../../stats/verdict.js';
import { fmt, fmtDelta, pct } from '../../util/format.js';
import { ageOf, maxAgeCheck } from '../shared/dates.js';
import { errorOutcome } from '../shared/infra-evidence.js';
import { directionOf } from '../shared/metric-direction.js';
import type { Evaluator } from '../types.js';
import type { z } from 'zod';

export const AB_TEST_FORMAT: JsonFormat<typeof abTestSchema> = { name: 'A/B test result', schema: abTestSchema, version: AB_TEST_VERSION };
type Cfg = z.infer<typeof abTestConfig>;

function armsOf(r: AbTestReport): ArmsInput {
  if (r.metric.type === 'proportion') {
    return {
      kind: 'proportion',
      control: { n: r.control.n, conversions: r.control.conversions! },
      treatment: { n: r.treatment.n, conversions: r.treatment.conversions! },
    };
  }
  return {
    kind: 'mean',
    control: { n: r.control.n, mean: r.control.mean!, sd: r.control.sd! },
    treatment: { n: r.treatment.n, mean: r.treatment.mean!, sd: r.treatment.sd! },
  };
}

const show = (r: AbTestReport, v: number) => (r.metric.type === 'proportion' ? pct(v, 3) : fmt(v));
const showDelta = (r: AbTestReport, v: number) => (r.metric.type === 'proportion' ? `${v >= 0 ? '+' : ''}${pct(v, 3)}` : fmtDelta(v));

/** infra-6: the treatment's effect on the business metric against the allowed drop. */
function guardrail(r: AbTestReport, c: ArmsComparison, cfg: Cfg, file: string): Check {
  const sign = r.metric.direction === 'higher' ? 1 : -1;
  const impLo = sign === 1 ? c.lo : -c.hi;
  const impHi = sign === 1 ? c.hi : -c.lo;
  const allowed = allowedDrop(cfg.tolerance, c.control);
  const tol = describeTolerance(cfg.tolerance, allowed);
  const v = intervalVerdict(impLo, impHi, allowed);
  const status: CheckStatus = v === 'pass' ? 'pass' : v === 'inconclusive' ? cfg.inconclusive : 'fail';
  const what =
    v === 'fail'
      ? `the interval shows a drop beyond the tolerance (${tol})`
      : v === 'pass'
        ? `the interval excludes a drop beyond the tolerance (${tol})`
        : v === 'undefined'
          ? 'undefined, which never passes'
          : `inconclusive: the interval includes both no change and a drop beyond the tolerance (${tol})`;
  const name = (a: AbTestReport['control'], fallback: string) => a.name ?? fallback;
  return {
    name: `${r.metric.name}: treatment vs control`,
    status,
    message: `${r.experiment}: ${r.metric.name} ${show(r, c.control)} (${name(r.control, 'control')}, n = ${r.control.n}) -> ${show(r, c.treatment)} (${name(r.treatment, 'treatment')}, n = ${r.treatment.n}), difference ${showDelta(r, c.delta)} [${showDelta(r, c.lo)}, ${showDelta(r, c.hi)}] (${r.metric.direction} is better): ${what}`,
    value: c.delta,
    threshold: tol,
    method: c.method,
    file,
  };
}

/** model-2: the online change has the sign the offline change predicted. */
function direction(r: AbTestReport, c: ArmsComparison, file: string): Check {
  const off = r.offline!;
  const offDir = off.direction ?? directionOf(off.metric);
  const offImp = offDir === 'higher' ? off.treatment - off.control : off.control - off.treatment;
  const sign = r.metric.direction === 'higher' ? 1 : -1;
  const impLo = sign === 1 ? c.lo : -c.hi;
  const impHi = sign === 1 ? c.hi : -c.lo;
  const name = `online ${r.metric.name} moved as offline ${off.metric} predicted`;
  const base = { name, threshold: 'same direction', method: `sign of the offline change vs the ${c.method}`, file };
  const offText = `offline ${off.metric} ${fmt(off.control)} -> ${fmt(off.treatment)} (${offImp > 0 ? 'better' : offImp < 0 ? 'worse' : 'unchanged'})`;
  const onText = `online ${r.metric.name} ${showDelta(r, c.delta)} [${showDelta(r, c.lo)}, ${showDelta(r, c.hi)}]`;
  if (offImp === 0)
    return { ...base, status: 'warn', message: `${offText}: it predicts no direction, so there is nothing to check`, value: null };
  const predictedBetter = offImp > 0;
  const agrees = predictedBetter ? impLo > 0 : impHi < 0;
  const contradicts = predictedBetter ? impHi < 0 : impLo > 0;
  const status: CheckStatus = agrees ? 'pass' : contradicts ? 'fail' : 'warn';
  const words = agrees
    ? 'the online interval lies on the predicted side of 0'
    : contradicts
      ? 'the online interval lies on the opposite side of 0: offline and online disagree'
      : 'inconclusive: the online interval includes 0';
  return { ...base, status, message: `${offText}; ${onText}: ${words}`, value: c.delta };
}

function hygiene(r: AbTestReport, cfg: Cfg, now: Date, file: string): Check[] {
  const checks: Check[] = [];
  if (cfg['max-age-days'] !== undefined) {
    checks.push(
      r.endedAt
        ? maxAgeCheck('experiment end', r.endedAt, cfg['max-age-days'], now, { file, field: 'endedAt' })
        : {
            name: 'experiment end age',
            status: 'error',
            message: `${file}: endedAt is not set, so its age (max ${fmt(cfg['max-age-days'])} days) is unknown`,
            file,
          },
    );
  }
  for (const f of ['startedAt', 'endedAt'] as const) {
    const v = r[f];
    const a = v ? ageOf(v, now) : null;
    if (a && !a.ok && !(f === 'endedAt' && cfg['max-age-days'] !== undefined))
      checks.push({ name: `${f}`, status: 'error', message: `${file}: ${f}: ${a.message}`, file });
  }
  if (r.allocation !== undefined) {
    const s = sampleRatioMismatch(r.control.n, r.treatment.n, r.allocation);
    const ok = s.p >= cfg['srm-p'];
    checks.push({
      name: 'sample ratio',
      status: ok ? 'pass' : 'fail',
      message: `control holds ${pct(s.observedShareControl, 2)} of ${r.control.n + r.treatment.n} units, planned ${pct(r.allocation)}: chi-squared = ${fmt(s.chi2)}, p = ${fmt(s.p)}${ok ? '' : ` < ${fmt(cfg['srm-p'])}: a sample ratio mismatch; the assignment or logging is broken, so the comparison cannot be trusted`}`,
      value: s.p,
      threshold: `p >= ${fmt(cfg['srm-p'])}`,
      method: 'chi-squared goodness of fit of the arm sizes to the planned allocation (1 df)',
      file,
    });
  }
  return checks;
}

export const abTestEvaluator: Evaluator = {
  name: 'ab-test',
  tests: ['infra-6', 'model-2'],
  config: ['infra.ab-test'],
  formats: ['ab-test'],
  async run(ctx) {
    const cfg = ctx.config.infra?.['ab-test'];
    if (!cfg) return { outcomes: [] };
    const l = await ctx.store.json(cfg.report, AB_TEST_FORMAT);
    if (!l.ok) return { outcomes: [errorOutcome('infra-6', cfg.report, l)] };
    const r = l.value;
    const file = l.file;
    ctx.store.recordNumericScan({ file, what: 'A/B test figures', values: 6 + l.nonFinite.length, nonFinite: l.nonFinite });
    const sequential = r.peeked || (r.looks ?? 1) > 1;
    const c = compareArms(armsOf(r), { confidence: cfg.confidence, sequential, plannedN: r.plannedSamples });
    const checks = [...hygiene(r, cfg, ctx.now, file), guardrail(r, c, cfg, file)];
    const outcomes: TestOutcome[] = [{ test: 'infra-6', checks, evidence: [file] }];
    if (r.offline) outcomes.push({ test: 'model-2', checks: [direction(r, c, file)], evidence: [file] });
    const table: ReportTable = {
      id: 'ab-test',
      title: `A/B test ${r.experiment}: ${r.metric.name}`,
      tests: ['infra-6', 'model-2'],
      columns: ['arm', 'units', r.metric.name],
      rows: [
        [r.control.name ?? 'control', r.control.n, show(r, c.control)],
        [r.treatment.name ?? 'treatment', r.treatment.n, show(r, c.treatment)],
        ['difference [interval]', '', `${showDelta(r, c.delta)} [${showDelta(r, c.lo)}, ${showDelta(r, c.hi)}]`],
      ],
      note: `${c.method}${sequential ? `; sequential because the results were looked at ${r.looks ? `${r.looks} times` : 'before the end'}` : '; fixed sample size (not peeked at)'}.`,
    };
    return { outcomes, tables: [table] };
  },
};
