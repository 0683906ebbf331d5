import type { Check, ReportTable } from '../../rubric/types.js';
import type { TuningReport } from '../../schemas/infra.js';
import { fmt, fmtVersus } from '../../util/format.js';
import { TUNING_FORMAT, errorOutcome } from '../shared/infra-evidence.js';
import { directionOf } from '../shared/metric-direction.js';
import type { Evaluator } from '../types.js';

type Trial = TuningReport['trials'][number];

/** Every hyperparameter took more than one value across the complete trials (one absent from some trials varied). */
function untunedCheck(complete: ReadonlyArray<Trial & { value: number }>, mode: 'warn' | 'fail', file: string): Check {
  const values = new Map<string, Set<string>>();
  for (const x of complete)
    for (const [k, v] of Object.entries(x.params)) (values.get(k) ?? values.set(k, new Set()).get(k)!).add(JSON.stringify(v));
  // a parameter absent from some trials varied (present vs default)
  const untuned = [...values]
    .filter(([k, s]) => s.size === 1 && complete.every((x) => k in x.params))
    .map(([k, s]) => `${k} = ${[...s][0]}`);
  return {
    name: 'every hyperparameter varied',
    status: untuned.length === 0 ? 'pass' : mode === 'fail' ? 'fail' : 'warn',
    message:
      untuned.length === 0
        ? `all ${values.size} hyperparameters took several values across the complete trials`
        : `${untuned.length} of ${values.size} hyperparameter(s) had the same value in every complete trial: ${untuned.slice(0, 8).join(', ')}`,
    value: untuned.length,
    threshold: '0 untuned',
    method: 'distinct values per parameter over complete trials',
    file,
  };
}

/** The best five complete trials and the shipped one. */
function trialsTable(t: TuningReport, sorted: Trial[], shipped: Trial | undefined, file: string): ReportTable {
  const top = sorted.slice(0, 5);
  if (shipped && !top.includes(shipped as Trial)) top.push(shipped as Trial);
  const table: ReportTable = {
    id: 'tuning',
    title: `Hyperparameter tuning: ${t.metric}`,
    tests: ['model-3'],
    columns: ['rank', 'trial', t.metric, 'shipped', 'params'],
    rows: top.map((x) => [
      sorted.indexOf(x) >= 0 ? sorted.indexOf(x) + 1 : null,
      String(x.id),
      x.value,
      x === shipped ? 'yes' : '',
      Object.entries(x.params)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(', '),
    ]),
    note: `From ${file}: the best five complete trials and the shipped one.`,
  };
  return table;
}

/** model-3: enough tuning trials, the shipped configuration within a tolerance of the best, every hyperparameter varied. */
export const tuningEvaluator: Evaluator = {
  name: 'tuning',
  tests: ['model-3'],
  config: ['infra.tuning'],
  formats: ['tuning'],
  async run(ctx) {
    const cfg = ctx.config.infra?.tuning;
    if (!cfg) return { outcomes: [] };
    const l = await ctx.store.json(cfg.trials, TUNING_FORMAT);
    if (!l.ok) return { outcomes: [errorOutcome('model-3', cfg.trials, l)] };
    const t = l.value;
    const file = l.file;
    ctx.store.recordNumericScan({ file, what: 'tuning objective values', values: t.trials.length, nonFinite: l.nonFinite });
    const checks: Check[] = [];
    const maximize = (t.direction ?? (directionOf(t.metric) === 'higher' ? 'maximize' : 'minimize')) === 'maximize';
    const complete = t.trials.filter((x): x is typeof x & { value: number } => x.state === 'complete' && x.value !== null);
    const enough = complete.length >= cfg['min-trials'];
    checks.push({
      name: `complete trials >= ${cfg['min-trials']}`,
      status: enough ? 'pass' : 'fail',
      message: `${complete.length} complete trial(s) with a value out of ${t.trials.length}${t.tuner ? ` (${t.tuner})` : ''}; at least ${cfg['min-trials']} required`,
      value: complete.length,
      threshold: `>= ${cfg['min-trials']}`,
      method: "trials with state 'complete' and a value",
      file,
    });
    const ids = new Map<string, number>();
    t.trials.forEach((x, i) => {
      const k = String(x.id);
      if (ids.has(k))
        checks.push({
          name: 'trial ids',
          status: 'error',
          message: `${file}: trials[${i}].id ${JSON.stringify(x.id)} repeats trials[${ids.get(k)}].id`,
          file,
        });
      ids.set(k, i);
    });
    const shipped = t.trials.find((x) => String(x.id) === String(t.shipped.trial));
    const sorted = [...complete].sort((a, b) => (maximize ? b.value - a.value : a.value - b.value));
    const best = sorted[0];
    if (!shipped) {
      checks.push({
        name: 'shipped configuration',
        status: 'error',
        message: `${file}: shipped.trial ${JSON.stringify(t.shipped.trial)} is not among the trials`,
        file,
      });
    } else if (shipped.state !== 'complete' || shipped.value === null) {
      checks.push({
        name: 'shipped configuration',
        status: 'fail',
        message: `the shipped trial ${String(shipped.id)} is ${shipped.state}${shipped.value === null ? ' without a value' : ''}: its quality is unknown`,
        value: null,
        file,
      });
    } else if (best) {
      const gap = maximize ? best.value - shipped.value : shipped.value - best.value;
      const ok = gap <= cfg.tolerance;
      const rank = sorted.findIndex((x) => x === shipped) + 1;
      checks.push({
        name: `shipped within ${fmt(cfg.tolerance)} of best`,
        status: ok ? 'pass' : 'fail',
        message: `shipped trial ${String(shipped.id)} has ${t.metric} = ${fmt(shipped.value)}, rank ${rank} of ${sorted.length}; the best trial ${String(best.id)} has ${fmt(best.value)} (${maximize ? 'higher' : 'lower'} is better): gap ${fmtVersus(gap, cfg.tolerance).value} ${ok ? '<=' : '>'} tolerance ${fmtVersus(gap, cfg.tolerance).threshold}`,
        value: gap,
        threshold: `gap <= ${fmt(cfg.tolerance)}`,
        method: `best complete trial minus shipped trial, ${maximize ? 'maximising' : 'minimising'} ${t.metric}`,
        file,
      });
    }
    if (cfg['untuned-params'] !== 'ignore' && complete.length >= 2) checks.push(untunedCheck(complete, cfg['untuned-params'], file));
    const table = trialsTable(t, sorted, shipped, file);
    return { outcomes: [{ test: 'model-3', checks, evidence: [file] }], tables: [table] };
  },
};
