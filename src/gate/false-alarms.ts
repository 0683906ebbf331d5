import type { Config } from '../schemas/config.js';
import { STAT_FAMILIES, type StatFamily } from '../schemas/constants.js';

/** How the gate's false-alarm budget is shared: the rate, and each active family's share of it. */
export interface FalseAlarmBudget {
  rate: number;
  families: Partial<Record<StatFamily, number>>;
}

/** Which families of statistical checks a config turns on (a family that runs no test takes no share). */
export function statisticalFamilies(config: Config): StatFamily[] {
  const data = config.data;
  const model = config.model;
  const infra = config.infra;
  const on: Record<StatFamily, boolean> = {
    skew: Boolean(data?.skew || (data?.training && data?.serving)),
    drift: Boolean(data?.drift),
    comparison: Boolean(model?.comparison),
    slices: Boolean(model?.slices),
    inclusion: Boolean(model?.inclusion),
    bias: Boolean(model?.['prediction-bias']),
    performance: Boolean(infra?.performance),
    shadow: Boolean(infra?.shadow),
    'ab-test': Boolean(infra?.['ab-test']),
  };
  return STAT_FAMILIES.filter((f) => on[f]);
}

/**
 * Bonferroni across families: with k families on, each gets rate / k, so the chance that any family
 * alarms on equivalent data is at most the rate, whatever the dependence between families.
 */
export function falseAlarmBudget(config: Config): FalseAlarmBudget {
  const rate = config.gate['false-alarm-rate'];
  const on = statisticalFamilies(config);
  return { rate, families: Object.fromEntries(on.map((f) => [f, rate / on.length])) };
}

/** The significance level of one family: its share, or the whole rate for a family the config does not list (a direct call). */
export function alphaOf(budget: FalseAlarmBudget, family: StatFamily): number {
  return budget.families[family] ?? budget.rate;
}
