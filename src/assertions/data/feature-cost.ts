import type { Check } from '../../rubric/types.js';
import { fmt } from '../../util/format.js';
import { dataConfigOf, errorCheck } from '../shared/snapshots.js';
import type { Evaluator } from '../types.js';
import { features } from '../shared/snapshots.js';

/** data-3: each feature's cost, and the total, within the budget. A feature without a cost is unmeasured. */
export const featureCostEvaluator: Evaluator = {
  name: 'data-cost',
  tests: ['data-3'],
  config: ['data.cost', 'data.schema'],
  formats: ['data-schema'],
  async run(ctx) {
    const cfg = dataConfigOf(ctx)?.cost;
    if (!cfg) return { outcomes: [] };
    const f = await features(ctx, 'data-3');
    if (!f.ok) return { outcomes: f.outcomes };
    const file = f.files[0];
    const checks: Check[] = [];
    let latency = 0;
    let memory = 0;
    const unmeasured: string[] = [];
    for (const feat of f.features) {
      const c = feat.cost;
      if (!c) {
        unmeasured.push(feat.name);
        continue;
      }
      latency += c.latencyMs ?? 0;
      memory += c.memoryMb ?? 0;
      const limits: Array<[string, number | undefined, number | undefined, string]> = [
        ['latency', c.latencyMs, cfg['max-latency-ms'], 'ms'],
        ['memory', c.memoryMb, cfg['max-memory-mb'], 'MB'],
        ['upstream dependencies', c.upstream?.length, cfg['max-upstream'], ''],
      ];
      for (const [what, v, max, unit] of limits) {
        if (max === undefined) continue;
        if (v === undefined) {
          checks.push(
            errorCheck(
              `feature "${feat.name}" ${what}`,
              `"${feat.name}": cost.${what === 'latency' ? 'latencyMs' : what === 'memory' ? 'memoryMb' : 'upstream'} is not recorded in ${file}; a budget is set for it`,
              file,
            ),
          );
          continue;
        }
        checks.push({
          name: `feature "${feat.name}" ${what}`,
          status: v <= max ? 'pass' : 'fail',
          message: `"${feat.name}": ${what} ${fmt(v)}${unit} ${v <= max ? '<=' : '>'} ${fmt(max)}${unit}`,
          value: v,
          threshold: `<= ${fmt(max)}${unit}`,
          method: 'recorded feature cost',
          file,
        });
      }
    }
    if (unmeasured.length) {
      checks.push(
        errorCheck(
          'unmeasured feature cost',
          `${unmeasured.length} feature(s) have no cost in ${file}: ${unmeasured.slice(0, 10).join(', ')}${unmeasured.length > 10 ? ', ...' : ''}; add cost: {latencyMs, memoryMb, upstream}`,
          file,
        ),
      );
    }
    for (const [what, total, max, unit] of [
      ['total latency', latency, cfg['total-latency-ms'], 'ms'],
      ['total memory', memory, cfg['total-memory-mb'], 'MB'],
    ] as Array<[string, number, number | undefined, string]>) {
      if (max === undefined) continue;
      const partial = unmeasured.length ? ` (without ${unmeasured.length} unmeasured feature(s))` : '';
      checks.push({
        name: what,
        status: total <= max ? 'pass' : 'fail',
        message: `${what} of ${f.features.length - unmeasured.length} feature(s)${partial}: ${fmt(total)}${unit} ${total <= max ? '<=' : '>'} ${fmt(max)}${unit}`,
        value: total,
        threshold: `<= ${fmt(max)}${unit}`,
        method: 'sum of recorded feature costs',
        file,
      });
    }
    if (checks.length === 0)
      checks.push(
        errorCheck(
          'feature cost budget',
          'data.cost sets no budget; set max-latency-ms, max-memory-mb, max-upstream, total-latency-ms or total-memory-mb',
        ),
      );
    return { outcomes: [{ test: 'data-3', checks, evidence: f.files }] };
  },
};
