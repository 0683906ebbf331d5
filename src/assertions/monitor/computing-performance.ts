import * as z from 'zod';
import { loadPerformance, type PerformanceRef } from '../../importers/index.js';
import type { Check, ReportTable } from '../../rubric/types.js';
import type { InfraConfig } from '../../schemas/config/infra.js';
import { validate } from '../../schemas/errors.js';
import { performanceMeasure, type PerformanceMeasure } from '../../schemas/infra.js';
import { fmt, pct } from '../../util/format.js';
import { bootstrapMedianRatio } from '../../stats/bootstrap.js';
import { median } from '../../stats/descriptive.js';
import { normalQuantile } from '../../stats/distributions.js';
import { mannWhitneyU } from '../../stats/mann-whitney.js';
import { seedOf } from '../../stats/rng.js';
import type { EvalContext, Evaluator } from '../types.js';
import { proportionCentral, proportionVsBase } from './load-test-rates.js';

export const PERFORMANCE_EVALUATOR = 'performance';

/** What this evaluator keeps in the JSON report: the head measurements, for the next run's comparison. */
export const performanceRecordSchema = z.object({
  measures: z.record(z.string(), performanceMeasure),
  environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

export type PerformanceRecord = z.infer<typeof performanceRecordSchema>;

/** Samples kept per measure in the record (the report stays small). */
const MAX_RECORDED_SAMPLES = 500;

export function directionOfMeasure(name: string, m: Pick<PerformanceMeasure, 'direction'>): 'lower' | 'higher' {
  if (m.direction) return m.direction;
  return /throughput|_per_s$|per_second|qps|ops/i.test(name) ? 'higher' : 'lower';
}

interface Central {
  value: number;
  n: number;
  method: string;
}

/** The figure held to a budget: a pooled proportion, the median of the measurements, else the summary's median or mean; the method names the source. */
function central(m: PerformanceMeasure): Central {
  if (m.proportion) return proportionCentral({ ...m, proportion: m.proportion });
  const c = centralOf(m);
  return m.source ? { ...c, method: `${m.source}; ${c.method}` } : c;
}

function centralOf(m: PerformanceMeasure): Central {
  if (m.samples && m.samples.length > 0) {
    return {
      value: median(m.samples),
      n: m.samples.length,
      method: m.samples.length === 1 ? 'single measurement' : `median of ${m.samples.length} measurements`,
    };
  }
  const s = m.summary!;
  if (s.median !== undefined) return { value: s.median, n: s.n, method: `median of ${s.n} rounds (summary statistics)` };
  return { value: s.mean, n: s.n, method: `mean of ${s.n} rounds (summary statistics)` };
}

interface Comparison {
  ratio: number;
  lo: number;
  hi: number;
  method: string;
  extra?: string;
}

/** Head against base with the spread of both: bootstrap of the median ratio on samples, else a normal approximation on summary means. */
function compare(
  name: string,
  base: PerformanceMeasure,
  head: PerformanceMeasure,
  minSamples: number,
  confidence: number,
  resamples: number,
): Comparison | { insufficient: string } {
  const nb = base.samples?.length ?? base.summary?.n ?? 0;
  const nh = head.samples?.length ?? head.summary?.n ?? 0;
  const level = `${fmt(confidence * 100)}%`;
  if (base.samples && head.samples && base.samples.length >= minSamples && head.samples.length >= minSamples) {
    const b = bootstrapMedianRatio(base.samples, head.samples, { resamples, confidence, seed: seedOf(name) });
    const mw = mannWhitneyU(head.samples, base.samples);
    return {
      ratio: b.ratio,
      lo: b.lo,
      hi: b.hi,
      method: `median ratio head/base with percentile bootstrap ${level} CI (${resamples} resamples, seeded), ${head.samples.length} head vs ${base.samples.length} base measurements`,
      extra: `Mann-Whitney U = ${fmt(mw.u)}, two-sided p = ${fmt(mw.p)} (${mw.method})`,
    };
  }
  const sb = base.summary;
  const sh = head.summary;
  if (sb && sh && sb.n >= minSamples && sh.n >= minSamples && sb.stddev !== undefined && sh.stddev !== undefined && sb.mean > 0) {
    const zq = normalQuantile(1 - (1 - confidence) / 2);
    const se = Math.sqrt(sh.stddev ** 2 / sh.n + sb.stddev ** 2 / sb.n);
    const ratio = sh.mean / sb.mean;
    return {
      ratio,
      lo: ratio - (zq * se) / sb.mean,
      hi: ratio + (zq * se) / sb.mean,
      method: `mean ratio head/base with normal-approximation ${level} CI (Welch standard error from summary statistics; base mean treated as fixed), ${sh.n} head vs ${sb.n} base rounds`,
    };
  }
  const few = Math.min(nb, nh);
  return {
    insufficient: `${few <= 1 ? 'a single measurement' : `only ${few} measurements`} on the ${nh <= nb ? 'head' : 'base'} side (${nh} head, ${nb} base; ${minSamples} needed): the spread is unknown, so this can claim neither a regression nor a pass against the base branch; only the absolute budget was checked`,
  };
}

function budgetText(b: { min?: number; max?: number }, unit: string): string {
  return [b.min !== undefined ? `>= ${fmt(b.min)}${unit}` : '', b.max !== undefined ? `<= ${fmt(b.max)}${unit}` : '']
    .filter(Boolean)
    .join(' and ');
}

type PerformanceConfig = NonNullable<InfraConfig['performance']>;
type Budget = PerformanceConfig['budgets'][string];

type HeadMeasures = Map<string, { m: PerformanceMeasure; file: string }>;

/** The head's measures from every evidence file (a name in two files is an error), and their environment. */
async function readHeadMeasures(
  ctx: EvalContext,
  cfg: PerformanceConfig,
  checks: Check[],
  evidence: string[],
): Promise<{ head: HeadMeasures; environment: PerformanceRecord['environment'] }> {
  const refs: PerformanceRef[] = Array.isArray(cfg.evidence) ? cfg.evidence : [cfg.evidence];
  const head = new Map<string, { m: PerformanceMeasure; file: string }>();
  let environment: PerformanceRecord['environment'];
  for (const ref of refs) {
    const l = await loadPerformance(ctx, ref);
    evidence.push(l.file);
    if (!l.ok) {
      checks.push({ name: l.file, status: 'error', message: l.message, file: l.file, line: l.line });
      continue;
    }
    let values = 0;
    for (const m of Object.values(l.value.measures)) values += (m.samples?.length ?? 0) + (m.summary ? 1 : 0);
    ctx.store.recordNumericScan({
      file: l.file,
      what: 'performance measurements',
      values: values + l.nonFinite.length,
      nonFinite: l.nonFinite,
    });
    for (const n of l.notes) ctx.diagnostics.push({ level: 'notice', message: n, file: l.file, test: 'monitor-6' });
    environment = { ...(environment ?? {}), ...(l.value.environment ?? {}) };
    for (const [name, m] of Object.entries(l.value.measures)) {
      const prev = head.get(name);
      if (prev) {
        checks.push({
          name,
          status: 'error',
          message: `measure ${name} appears in both ${prev.file} and ${l.file}; rename one`,
          file: l.file,
        });
        continue;
      }
      head.set(name, { m, file: l.file });
    }
  }
  return { head, environment };
}

/** The base branch's measurements from the baseline report's record: untrusted data from an artifact, validated. */
function baseMeasures(ctx: EvalContext, checks: Check[], environment: PerformanceRecord['environment']): PerformanceRecord | null {
  let base: PerformanceRecord | null = null;
  const raw = ctx.baseline?.records?.[PERFORMANCE_EVALUATOR];
  if (ctx.baseline && raw !== undefined) {
    const v = validate(performanceRecordSchema, raw);
    if (v.ok) base = v.data;
    else {
      checks.push({
        name: 'baseline performance',
        status: 'warn',
        message: `the baseline report's records.${PERFORMANCE_EVALUATOR} is not valid (${v.issues[0].message}); compared against absolute budgets only`,
      });
    }
  } else if (!ctx.baseline) {
    checks.push({
      name: 'baseline performance',
      status: 'warn',
      message: 'no baseline report: computing performance was checked against absolute budgets only',
    });
  } else {
    checks.push({
      name: 'baseline performance',
      status: 'warn',
      message: `the baseline report has no performance measurements (records.${PERFORMANCE_EVALUATOR}); compared against absolute budgets only`,
    });
  }
  if (base?.environment && environment) {
    const diff = Object.keys(environment).filter((k) => k in base!.environment! && base!.environment![k] !== environment![k]);
    if (diff.length > 0) {
      checks.push({
        name: 'environment',
        status: 'warn',
        message: `base and head were measured on different machines (${diff.map((k) => `${k}: ${String(base!.environment![k])} vs ${String(environment![k])}`).join('; ')}); the comparison may reflect the machine, not the change`,
      });
    }
  }
  return base;
}

/** The budget check of one measure; the word for the table ('' without a budget). */
function budgetCheck(
  name: string,
  h: { m: PerformanceMeasure; file: string },
  budget: Budget | undefined,
  c: Central,
  unit: string,
  checks: Check[],
): string {
  let budgetStatus = '';
  if (budget && (budget.min !== undefined || budget.max !== undefined)) {
    const want = budgetText(budget, unit);
    const ok = (budget.max === undefined || c.value <= budget.max) && (budget.min === undefined || c.value >= budget.min);
    budgetStatus = ok ? 'within budget' : 'over budget';
    checks.push({
      name: `${name} ${want}`,
      status: ok ? 'pass' : 'fail',
      message: `${name} = ${fmt(c.value)}${unit} (${c.method}) ${ok ? 'meets' : 'violates'} its budget ${want}`,
      value: c.value,
      threshold: want,
      method: c.method,
      file: h.file,
    });
  }
  return budgetStatus;
}

interface BaseCells {
  changeCell: string;
  ciCell: string;
  verdict: string;
}

/** Head against base for one measure, with the spread of both: the check, and what the table shows. */
function baseCheck(
  name: string,
  h: { m: PerformanceMeasure; file: string },
  b: PerformanceMeasure,
  c: Central,
  tol: number,
  cfg: PerformanceConfig,
  checks: Check[],
  verdictIn: string,
): BaseCells {
  const dir = directionOfMeasure(name, h.m);
  const baseCell = central(b).value;
  let changeCell = '';
  let ciCell = '';
  let verdict = verdictIn;
  const cmp = compare(name, b, h.m, cfg['min-samples'], cfg.confidence, cfg.resamples);
  const limit = dir === 'lower' ? 1 + tol : 1 - tol;
  const threshold =
    dir === 'lower' ? `head/base <= ${fmt(limit)} (at most ${pct(tol)} worse)` : `head/base >= ${fmt(limit)} (at most ${pct(tol)} lower)`;
  if ('insufficient' in cmp) {
    const r = baseCell === 0 ? null : c.value / baseCell;
    changeCell = r === null ? 'undefined' : `${r >= 1 ? '+' : ''}${pct(r - 1)}`;
    checks.push({
      name: `${name} vs base`,
      status: 'warn',
      message: `${name}: ${cmp.insufficient}`,
      value: r,
      threshold,
      method: 'point values only; not a comparison',
      file: h.file,
    });
    verdict = [verdict, 'not compared (too few measurements)'].filter(Boolean).join('; ');
  } else if (!Number.isFinite(cmp.ratio) || !Number.isFinite(cmp.lo) || !Number.isFinite(cmp.hi)) {
    checks.push({
      name: `${name} vs base`,
      status: 'warn',
      message: `${name}: the base value is 0, so the ratio head/base is undefined; only the absolute budget was checked`,
      value: null,
      threshold,
      method: cmp.method,
      file: h.file,
    });
    verdict = [verdict, 'ratio undefined'].filter(Boolean).join('; ');
  } else {
    const worse = dir === 'lower' ? cmp.lo > limit : cmp.hi < limit;
    const fine = dir === 'lower' ? cmp.hi <= limit : cmp.lo >= limit;
    const status = worse ? 'fail' : fine ? 'pass' : 'warn';
    changeCell = `${cmp.ratio >= 1 ? '+' : ''}${pct(cmp.ratio - 1)}`;
    ciCell = `[${fmt(cmp.lo)}, ${fmt(cmp.hi)}]`;
    const what = worse
      ? `regressed beyond the tolerance: the whole interval is ${dir === 'lower' ? 'above' : 'below'} ${fmt(limit)}`
      : fine
        ? `within the tolerance: the whole interval is ${dir === 'lower' ? 'at or below' : 'at or above'} ${fmt(limit)}`
        : `inconclusive: the interval straddles ${fmt(limit)}; repeat the measurement more times to decide`;
    checks.push({
      name: `${name} vs base`,
      status,
      message: `${name}: head/base = ${fmt(cmp.ratio)} (${changeCell}), ${fmt(cfg.confidence * 100)}% CI ${ciCell} (${dir} is better): ${what}${cmp.extra ? `; ${cmp.extra}` : ''}`,
      value: cmp.ratio,
      threshold,
      method: cmp.method,
      file: h.file,
    });
    verdict = [verdict, status === 'fail' ? 'regressed' : status === 'pass' ? 'no regression' : 'inconclusive'].filter(Boolean).join('; ');
  }
  return { changeCell, ciCell, verdict };
}

/** One measure: its checks and its table row. */
function measureRow(
  name: string,
  h: { m: PerformanceMeasure; file: string },
  cfg: PerformanceConfig,
  base: PerformanceRecord | null,
  checks: Check[],
): ReportTable['rows'][number] {
  const budget = cfg.budgets[name];
  const unit = h.m.unit ? ` ${h.m.unit}` : '';
  const c = central(h.m);
  let verdict = budgetCheck(name, h, budget, c, unit, checks);
  const tol = budget?.['max-regression'] ?? cfg['max-regression'];
  const b = base?.measures[name];
  let baseCell: number | null = null;
  let cells = { changeCell: '', ciCell: '' };
  if (base && !b) {
    checks.push({
      name: `${name} vs base`,
      status: 'warn',
      message: `${name} is new: the baseline report has no measurements of it`,
      file: h.file,
    });
    verdict = [verdict, 'new'].filter(Boolean).join('; ');
  } else if (b && b.proportion && h.m.proportion) {
    baseCell = central(b).value;
    const dir = directionOfMeasure(name, h.m);
    const pv = proportionVsBase(
      name,
      b.proportion,
      h.m.proportion,
      dir,
      budget?.['max-rate-regression'] ?? cfg['max-rate-regression'],
      cfg.confidence,
      h.file,
    );
    checks.push(pv.check);
    cells = { changeCell: pv.change, ciCell: pv.ci };
    verdict = [verdict, pv.verdict].filter(Boolean).join('; ');
  } else if (b) {
    baseCell = central(b).value;
    const r = baseCheck(name, h, b, c, tol, cfg, checks, verdict);
    cells = r;
    verdict = r.verdict;
  }
  return [
    name,
    h.m.unit ?? '',
    `${b ? (b.samples?.length ?? b.summary?.n ?? '') : '-'} / ${c.n}`,
    baseCell,
    c.value,
    cells.changeCell,
    cells.ciCell,
    budget ? budgetText(budget, '') : '',
    verdict,
  ];
}

/** monitor-6: computing performance against absolute budgets and against the base branch, with spread. */
export const computingPerformanceEvaluator: Evaluator = {
  name: PERFORMANCE_EVALUATOR,
  tests: ['monitor-6'],
  config: ['infra.performance'],
  formats: ['performance', 'pytest-benchmark', 'eval-report', 'baseline report'],
  async run(ctx: EvalContext) {
    const cfg = ctx.config.infra?.performance;
    if (!cfg) return { outcomes: [] };
    const checks: Check[] = [];
    const evidence: string[] = [];
    const { head, environment } = await readHeadMeasures(ctx, cfg, checks, evidence);
    const base = baseMeasures(ctx, checks, environment);
    const rows: ReportTable['rows'] = [];
    const names = [...new Set([...Object.keys(cfg.budgets), ...head.keys()])];
    for (const name of names) {
      const budget = cfg.budgets[name];
      const h = head.get(name);
      if (!h) {
        const files = evidence.join(', ');
        checks.push({
          name,
          status: 'error',
          message: `measure ${name} has a budget but is not in the performance evidence (${files || 'no file read'}); unmeasured is not a pass`,
          file: ctx.configFile,
        });
        rows.push([name, '', '', null, null, '', '', budget ? budgetText(budget, '') : '', 'error: not measured']);
        continue;
      }
      rows.push(measureRow(name, h, cfg, base, checks));
    }
    if (head.size === 0 && checks.every((c) => c.status !== 'error')) {
      checks.push({
        name: 'performance evidence',
        status: 'error',
        message: `no performance measure found in ${evidence.join(', ')}`,
        file: evidence[0],
      });
    }
    if (!checks.some((c) => c.status !== 'warn')) {
      // only warnings: nothing held the measurements to anything
      checks.push({
        name: 'performance checked',
        status: 'error',
        message: `nothing was checked: no measure has an absolute budget and none could be compared with the base branch (${Object.keys(cfg.budgets).length} budgets, baseline ${base ? 'present' : 'absent'}); set infra.performance.budgets`,
        file: ctx.configFile,
      });
    }

    const record: PerformanceRecord = {
      measures: Object.fromEntries(
        [...head].map(([n, { m }]) => [
          n,
          { ...m, ...(m.samples ? { samples: m.samples.slice(0, MAX_RECORDED_SAMPLES) } : {}), direction: directionOfMeasure(n, m) },
        ]),
      ),
      ...(environment && Object.keys(environment).length ? { environment } : {}),
    };
    const tables: ReportTable[] = [
      {
        id: 'performance',
        title: 'Computing performance',
        tests: ['monitor-6'],
        columns: ['measure', 'unit', 'n (base / head)', 'base', 'head', 'change', 'CI of head/base', 'budget', 'status'],
        rows,
        note: `base and head are medians of the repeated measurements (mean when only summary statistics exist); CI: ${fmt(cfg.confidence * 100)}% percentile bootstrap of the median ratio (${cfg.resamples} resamples, seeded), or a normal approximation on summary means; tolerance ${pct(cfg['max-regression'])} unless set per measure; fewer than ${cfg['min-samples']} measurements on a side: budget check only.${[...head.values()].some((x) => x.m.proportion) ? ` Error rates (proportions): pooled over runs; change and CI are the difference head - base with its Newcombe interval, tolerance ${fmt(cfg['max-rate-regression'])} absolute.` : ''}`,
        alwaysShow: true,
      },
    ];
    return { outcomes: [{ test: 'monitor-6', checks, evidence: [...new Set(evidence)] }], tables, record };
  },
};
