/**
 * Load-test figures that are proportions (error rates from k6, Locust or the performance format's
 * `proportion`): the value held to a budget, and the comparison with the base branch as a
 * difference of proportions with Newcombe's interval against an absolute tolerance (a ratio of two
 * small error rates says little, and is undefined when the base had none).
 */
import type { Check } from '../../rubric/types.js';
import type { PerformanceMeasure } from '../../schemas/infra.js';
import { newcombeDifference } from '../../stats/proportions.js';
import { intervalVerdict } from '../../stats/verdict.js';
import { fmt, fmtDelta, pct } from '../../util/format.js';

type Proportion = NonNullable<PerformanceMeasure['proportion']>;

/** The pooled proportion as the figure held to a budget. */
export function proportionCentral(m: PerformanceMeasure & { proportion: Proportion }): { value: number; n: number; method: string } {
  const { events, trials } = m.proportion;
  const runs = m.samples?.length ?? 1;
  return {
    value: events / trials,
    n: runs,
    method: `${m.source ? `${m.source}: ` : ''}${events} of ${trials}${runs > 1 ? `, pooled over ${runs} runs` : ''}`,
  };
}

export interface ProportionComparison {
  check: Check;
  change: string;
  ci: string;
  verdict: string;
}

/** head - base with Newcombe's interval, judged against `allowed` (absolute) in the measure's worse direction. */
export function proportionVsBase(
  name: string,
  base: Proportion,
  head: Proportion,
  direction: 'lower' | 'higher',
  allowed: number,
  confidence: number,
  file: string,
): ProportionComparison {
  const d = newcombeDifference(head.events, head.trials, base.events, base.trials, confidence);
  // improvement: positive = better
  const impLo = direction === 'lower' ? -d.hi : d.lo;
  const impHi = direction === 'lower' ? -d.lo : d.hi;
  const v = intervalVerdict(impLo, impHi, allowed);
  const status = v === 'pass' ? 'pass' : v === 'fail' ? 'fail' : 'warn';
  const worse = direction === 'lower' ? 'higher' : 'lower';
  const ci = `[${fmtDelta(d.lo)}, ${fmtDelta(d.hi)}]`;
  const what =
    v === 'fail'
      ? `worse beyond the tolerance: the whole interval is more than ${fmt(allowed)} ${worse}`
      : v === 'pass'
        ? `within the tolerance: the interval excludes being more than ${fmt(allowed)} ${worse}`
        : `inconclusive: the interval straddles ${fmt(allowed)} ${worse}; more requests would decide`;
  return {
    check: {
      name: `${name} vs base`,
      status,
      message: `${name}: base ${pct(d.p2, 3)} (${base.events}/${base.trials}), head ${pct(d.p1, 3)} (${head.events}/${head.trials}), difference ${fmtDelta(d.delta)} ${ci} (${direction} is better): ${what}`,
      value: d.delta,
      threshold: `head - base ${direction === 'lower' ? '<=' : '>='} ${direction === 'lower' ? '+' : '-'}${fmt(allowed)}`,
      method: `difference of proportions head - base, Newcombe hybrid score ${fmt(confidence * 100)}% interval`,
      file,
    },
    change: fmtDelta(d.delta),
    ci,
    verdict: v === 'fail' ? 'regressed' : v === 'pass' ? 'no regression' : 'inconclusive',
  };
}
