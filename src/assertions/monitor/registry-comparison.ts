/**
 * monitor-7 and infra-4 when there is no base-branch report: the candidate's key metrics against the
 * model registry's production version (its run's metrics, MLflow runs/get). A run's metrics are
 * point values, so the comparison is a point comparison, said so, unless the run also logs
 * `<metric>_se` (the standard error of its evaluation) and the candidate's value has an interval
 * (prediction files): then the difference gets a normal-approximation interval and the verdict can
 * be inconclusive, never a coin-flip fail. Its checks stand in for the "no base model to compare
 * with" errors of the base comparison (TestOutcome.supersedes).
 */
import { loadEvalReport } from '../../importers/evidence.js';
import { normaliseRef } from '../../schemas/evidence-refs.js';
import type { RegistryVersion } from '../../importers/mlflow-registry.js';
import { mergeRegistry, MLFLOW_REGISTRY_EXPECTED, readMlflowRegistry } from '../../importers/mlflow-registry.js';
import { MLFLOW_REST_EXPECTED, readMlflowRest, type MlflowRun } from '../../importers/mlflow.js';
import type { RubricId } from '../../rubric/tests.js';
import type { Check, CheckStatus, ReportTable, TestOutcome } from '../../rubric/types.js';
import type { ComparisonConfig } from '../../schemas/config/model.js';
import { normalQuantile } from '../../stats/distributions.js';
import { comparisonAllowedDrop, describeTolerance, intervalVerdict, type Verdict } from '../../stats/verdict.js';
import { fmt, fmtDelta } from '../../util/format.js';
import { chooseModel, production, readAll } from '../infra/model-registry.js';
import { reportStandardErrors } from '../infra/reported-metrics.js';
import { improvement } from '../shared/metric-direction.js';
import { headInterval, headValue, predictionRun } from '../shared/prediction-run.js';
import type { EvalContext, Evaluator } from '../types.js';

const TESTS: readonly RubricId[] = ['monitor-7', 'infra-4'];
const list = (p: string | string[] | undefined) => (p === undefined ? [] : Array.isArray(p) ? p : [p]);
/** The name of the base comparison's check this one stands in for. */
const baseCheckName = (metric: string) => `${metric} vs base`;

export interface Side {
  value: number;
  /** Standard error, when known. */
  se: number | null;
}

export interface ProductionVerdict {
  verdict: Verdict;
  /** Candidate minus production in the metric's good direction (positive = better). */
  improvement: number;
  lo: number;
  hi: number;
  /** True when the verdict used an interval (at least one standard error known). */
  interval: boolean;
  /** True when one side's standard error was taken equal to the other's. */
  assumed: boolean;
}

/**
 * The verdict of candidate vs production (pure). With both standard errors: the improvement's
 * interval at `confidence` from the normal approximation of a difference of independent estimates
 * (wider than needed when both were measured on the same holdout: conservative), judged with the
 * shared interval verdict. With one side's, the other is taken equal to it, and the verdict can be
 * pass or inconclusive but never fail (the assumption could be wrong in either direction). With
 * neither, the data cannot tell a change from noise: inconclusive, never a coin flip on point values.
 */
export function compareWithProduction(metric: string, candidate: Side, prod: Side, allowed: number, confidence: number): ProductionVerdict {
  const imp = improvement(metric, candidate.value, prod.value);
  const known = (se: number | null): se is number => se !== null && Number.isFinite(se) && se >= 0;
  const c = known(candidate.se) ? candidate.se : null;
  const p = known(prod.se) ? prod.se : null;
  if (Number.isNaN(imp)) return { verdict: 'undefined', improvement: imp, lo: NaN, hi: NaN, interval: false, assumed: false };
  if (c === null && p === null) return { verdict: 'inconclusive', improvement: imp, lo: NaN, hi: NaN, interval: false, assumed: false };
  const half = normalQuantile((1 + confidence) / 2) * Math.hypot(c ?? p!, p ?? c!);
  const verdict = intervalVerdict(imp - half, imp + half, allowed);
  const assumed = c === null || p === null;
  return {
    verdict: assumed && verdict === 'fail' ? 'inconclusive' : verdict,
    improvement: imp,
    lo: imp - half,
    hi: imp + half,
    interval: true,
    assumed,
  };
}

interface Candidate {
  file: string;
  value(metric: string): Side | null;
  what: string;
}

/** The candidate's metrics: computed from prediction files (with intervals) or from its evaluation report. */
async function candidateOf(ctx: EvalContext, confidence: number): Promise<Candidate | { error: string; file?: string } | null> {
  const model = ctx.config.model!;
  const z = normalQuantile((1 + confidence) / 2);
  if (model.predictions) {
    const a = await predictionRun(ctx);
    if (a.kind !== 'ok') return null; // the prediction evaluators report the problem
    const run = a.run;
    return {
      file: run.pc.file,
      what: 'computed from the prediction file',
      value: (m) => {
        if (!run.names.includes(m)) return null;
        const iv = headInterval(run, m);
        return { value: headValue(run, m), se: iv && Number.isFinite(iv.lo) && Number.isFinite(iv.hi) ? (iv.hi - iv.lo) / (2 * z) : null };
      },
    };
  }
  const ref = model['eval-report'];
  if (!ref) return { error: 'the candidate has no metrics: set model.eval-report or model.predictions' };
  const loaded = await loadEvalReport(ctx, ref);
  const file = normaliseRef(ref).path;
  if (!loaded.ok) return null; // the reported-metrics evaluator reports the problem
  const metrics = loaded.value.metrics;
  const ses = reportStandardErrors(loaded.value);
  return {
    file,
    what: 'reported in the evaluation report',
    value: (m) => (m in metrics && metrics[m] !== null ? { value: metrics[m]!, se: ses[m] ?? null } : null),
  };
}

type ProductionRun = { version: RegistryVersion; how: string; run: MlflowRun; files: string[] };

/** The production version and its run, or the reason it cannot be the comparison's base. */
async function productionRun(ctx: EvalContext): Promise<ProductionRun | { error: string; file?: string }> {
  const cfg = ctx.config.infra!.registry!;
  const read = await readAll(ctx, list(cfg.export), MLFLOW_REGISTRY_EXPECTED, readMlflowRegistry);
  if ('error' in read) return { error: read.error.message, file: read.error.file };
  const all = mergeRegistry(read.values);
  const m = chooseModel(all, cfg, read.files[0]);
  if ('error' in m) return { error: m.error.message, file: read.files[0] };
  const prod = production(
    all.filter((v) => v.model === m.model),
    cfg,
  );
  if (!prod || 'error' in prod)
    return { error: prod ? prod.error : `no version of ${m.model} is in production in ${read.files.join(', ')}`, file: read.files[0] };
  const runs = await readAll(ctx, list(cfg.runs), MLFLOW_REST_EXPECTED, readMlflowRest);
  if ('error' in runs) return { error: runs.error.message, file: runs.error.file };
  const run = runs.values.find((r) => r.runId !== undefined && r.runId === prod.version.runId);
  if (!run)
    return {
      error: `production version ${prod.version.version} of ${m.model}: ${prod.version.runId ? `its run ${prod.version.runId} is not among ${runs.files.join(', ')}` : 'the export gives no run_id for it'}; export it with runs/get`,
      file: runs.files[0],
    };
  return { version: prod.version, how: prod.how, run, files: [...read.files, runs.files[runs.values.indexOf(run)]] };
}

function metricCheck(
  metric: string,
  c: Candidate,
  p: ProductionRun,
  cmp: ComparisonConfig,
): { check: Check; row: ReportTable['rows'][number] } {
  const name = `${metric} vs production`;
  const head = c.value(metric);
  const pv = p.run.metrics[metric];
  const source = `production version ${p.version.version} (${p.how}, run ${p.version.runId?.slice(0, 8) ?? '?'})`;
  if (!head || pv === undefined || pv === null || !Number.isFinite(pv)) {
    const missing = !head ? `the candidate has no ${metric} (${c.what}, ${c.file})` : `the run of ${source} has no ${metric}`;
    return {
      check: { name, status: 'error', message: `cannot compare ${metric} with the registry's production model: ${missing}`, file: c.file },
      row: [metric, null, null, '', '', 'undefined', ''],
    };
  }
  const seKey = `${metric}_se`;
  const prodSe = p.run.metrics[seKey];
  const tol = cmp['metric-tolerance']?.[metric] ?? cmp.tolerance;
  const allowed = comparisonAllowedDrop(tol, pv, metric);
  const v = compareWithProduction(
    metric,
    head,
    { value: pv, se: typeof prodSe === 'number' && prodSe > 0 ? prodSe : null },
    allowed,
    cmp.confidence,
  );
  const tolText = describeTolerance(tol, allowed, metric);
  const status: CheckStatus =
    v.verdict === 'pass' ? 'pass' : v.verdict === 'inconclusive' ? (cmp.inconclusive === 'fail' ? 'fail' : 'warn') : 'fail';
  const method = !v.interval
    ? 'point values (neither the production run nor the candidate states a standard error)'
    : v.assumed
      ? `difference of independent estimates, normal ${cmp.confidence * 100}% interval: ${head.se === null ? "the candidate's standard error taken equal to production's" : "production's standard error taken equal to the candidate's"}`
      : `difference of independent estimates, normal ${cmp.confidence * 100}% interval: production's standard error from its run (${seKey}), the candidate's from its interval or its report's standard errors`;
  const why = {
    pass: 'the interval excludes a drop beyond',
    fail: 'the interval shows a drop beyond',
    inconclusive: v.interval
      ? 'inconclusive: the interval cannot tell whether it drops beyond'
      : 'inconclusive: the data cannot tell a change from noise against',
    undefined: 'undefined against',
  }[v.verdict];
  const limitation = !v.interval
    ? `; neither side states a standard error (log ${seKey} in the production run, and give prediction files, for an interval)`
    : v.assumed
      ? `; one standard error was assumed, so this can pass or be inconclusive but not fail (log ${seKey} in the production run, and give prediction files)`
      : '';
  const ivText = v.interval ? ` [${fmtDelta(v.lo)}, ${fmtDelta(v.hi)}]` : '';
  return {
    check: {
      name,
      status,
      message: `${metric}: candidate ${fmt(head.value)} vs ${source} ${fmt(pv)} from the model registry (there is no base-branch report): improvement ${fmtDelta(v.improvement)}${ivText}, ${why} the tolerance (${tolText})${limitation}`,
      value: v.improvement,
      threshold: tolText,
      method,
      file: c.file,
    },
    row: [metric, pv, head.value, `${fmtDelta(v.improvement)}${ivText || ' (point)'}`, tolText, v.verdict, method],
  };
}

const outcomes = (checks: Check[], evidence: string[], metrics: readonly string[]): TestOutcome[] =>
  TESTS.map((test) => ({ test, checks: checks.map((c) => ({ ...c })), evidence, supersedes: metrics.map(baseCheckName) }));

export const registryComparisonEvaluator: Evaluator = {
  name: 'registry-comparison',
  tests: TESTS,
  config: ['infra.registry.compare-production', 'infra.registry.runs', 'model.comparison'],
  formats: ['mlflow-registry', 'MLflow runs/get JSON'],
  async run(ctx) {
    const cfg = ctx.config;
    const reg = cfg.infra?.registry;
    const cmp = cfg.model?.comparison;
    if (!reg || !reg['compare-production'] || reg.runs === undefined || !cmp || ctx.baseline || cfg.model?.predictions?.base)
      return { outcomes: [] };
    const candidate = await candidateOf(ctx, cmp.confidence);
    if (candidate === null) return { outcomes: [] };
    const prod = await productionRun(ctx);
    if ('error' in candidate || 'error' in prod) {
      const e = 'error' in candidate ? candidate : (prod as { error: string; file?: string });
      const checks = cmp.metrics.map((m): Check => ({
        name: `${m} vs production`,
        status: 'error',
        message: `cannot compare ${m} with the registry's production model: ${e.error}`,
        file: e.file,
      }));
      return { outcomes: outcomes(checks, e.file ? [e.file] : [], cmp.metrics) };
    }
    const results = cmp.metrics.map((m) => metricCheck(m, candidate, prod, cmp));
    const table: ReportTable = {
      id: 'registry-comparison',
      title: `Key metrics: candidate vs production version ${prod.version.version} (model registry)`,
      tests: [...TESTS],
      columns: ['metric', 'production', 'candidate', 'improvement', 'tolerance', 'verdict', 'method'],
      rows: results.map((r) => r.row),
      note: `No base-branch report: the comparison is with ${prod.version.model} version ${prod.version.version} (${prod.how}) from ${prod.files.join(', ')}.`,
      alwaysShow: true,
    };
    return {
      outcomes: outcomes(
        results.map((r) => r.check),
        [candidate.file, ...prod.files],
        cmp.metrics,
      ),
      tables: [table],
    };
  },
};
