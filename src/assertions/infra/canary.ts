import type { Check } from '../../rubric/types.js';
import type { InfraConfig } from '../../schemas/config/infra.js';
import type { CanaryReport } from '../../schemas/infra.js';
import { fmt, pct } from '../../util/format.js';
import { CANARY_FORMAT, errorOutcome } from '../shared/infra-evidence.js';
import { maxAgeCheck } from '../shared/dates.js';
import type { Evaluator } from '../types.js';
import { notFutureCheck } from '../shared/dates.js';

type CanaryConfig = NonNullable<InfraConfig['canary']>;

/** Enough sampled requests, and an error rate under the maximum (an inconsistent count is an error). */
function trafficChecks(r: CanaryReport, cfg: CanaryConfig, file: string): Check[] {
  const checks: Check[] = [];
  if (r.errors > r.requests) {
    checks.push({
      name: 'canary counts',
      status: 'error',
      message: `${file}: errors (${r.errors}) exceeds requests (${r.requests}); the report is inconsistent`,
      file,
    });
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
      message:
        rate === null
          ? 'no request was sent: the error rate is undefined and cannot pass'
          : `${r.errors} of ${r.requests} requests failed (${pct(rate)}); maximum ${pct(cfg['max-error-rate'])}`,
      value: rate,
      threshold: `<= ${pct(cfg['max-error-rate'])}`,
      method: 'errors / requests',
      file,
    });
  }
  return checks;
}

/** Serving outputs against offline predictions on the same examples: largest score difference and label mismatches. */
function offlineChecks(oc: CanaryReport['offlineComparison'], cfg: CanaryConfig, file: string): Check[] {
  const checks: Check[] = [];
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
  return checks;
}

/** infra-6: the canary loaded the model, answered sampled production inputs with finite outputs that match offline predictions. */
export const canaryEvaluator: Evaluator = {
  name: 'canary',
  tests: ['infra-6'],
  config: ['infra.canary'],
  formats: ['canary'],
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
    if (cfg['max-age-days'] !== undefined)
      checks.push(maxAgeCheck('canary run', r.ranAt, cfg['max-age-days'], ctx.now, { file, field: 'ranAt' }));
    else {
      const c = notFutureCheck('canary run', r.ranAt, ctx.now, file, 'ranAt');
      if (c) checks.push(c);
    }
    checks.push({
      name: 'model loaded in serving',
      status: r.loaded ? 'pass' : 'fail',
      message: r.loaded
        ? `${model} loaded in ${r.servingStack ?? 'the serving stack'}`
        : `${model} did not load in ${r.servingStack ?? 'the serving stack'} (${file}: loaded = false)`,
      value: r.loaded ? 1 : 0,
      threshold: 'loaded',
      method: 'canary report',
      file,
    });
    checks.push(...trafficChecks(r, cfg, file));
    checks.push({
      name: 'finite outputs',
      status: r.nonFiniteOutputs === 0 ? 'pass' : 'fail',
      message: `${r.nonFiniteOutputs} NaN or infinite prediction(s) among ${r.requests} canary outputs`,
      value: r.nonFiniteOutputs,
      threshold: '0',
      method: 'canary report (nonFiniteOutputs)',
      file,
    });
    checks.push(...offlineChecks(r.offlineComparison, cfg, file));
    return { outcomes: [{ test: 'infra-6', checks, evidence: [file] }] };
  },
};
