/**
 * infra-7 from the model registry: the version serving production is known, and a previous
 * production version exists to roll back to, registered (READY), with its artifact URI and, when
 * its run is exported, its metrics. MLflow marks production with an alias (champion, production)
 * or, before aliases, the stage Production; the rollback target with an alias (previous,
 * rollback) or, failing that, the newest Archived version older than production (where MLflow's
 * transition with archive_existing_versions puts the old Production version).
 */
import { ImportError } from '../../importers/common.js';
import { mergeRegistry, MLFLOW_REGISTRY_EXPECTED, readMlflowRegistry, type RegistryVersion } from '../../importers/mlflow-registry.js';
import { MLFLOW_REST_EXPECTED, readMlflowRest } from '../../importers/mlflow.js';
import type { Check, ReportTable } from '../../rubric/types.js';
import type { registryConfig } from '../../schemas/config/infra.js';
import { EvidenceFileError } from '../../evidence/workspace.js';
import { errorMessage } from '../../util/errors.js';
import { fmt } from '../../util/format.js';
import { nearest } from '../../util/suggest.js';
import type { EvalContext, Evaluator } from '../types.js';
import type { z } from 'zod';

type Cfg = z.infer<typeof registryConfig>;
type Pick = { version: RegistryVersion; how: string } | { error: string } | null;

const list = (p: string | string[] | undefined) => (p === undefined ? [] : Array.isArray(p) ? p : [p]);

/** Read every file of the patterns with `read`; the first problem is returned as a message. */
export async function readAll<T>(
  ctx: EvalContext,
  patterns: string[],
  expected: string,
  read: (file: string, text: string) => T,
): Promise<{ files: string[]; values: T[] } | { error: Check }> {
  const files: string[] = [];
  const values: T[] = [];
  for (const p of patterns) {
    const matched = /[*?[]/.test(p) ? await ctx.workspace.glob(p) : [p];
    if (matched.length === 0)
      return {
        error: {
          name: p,
          status: 'error',
          message: `no file matches ${p} (looked for ${ctx.workspace.resolve(p)}; expected ${expected})`,
          file: ctx.configFile,
        },
      };
    for (const f of matched) {
      try {
        values.push(read(f, await ctx.workspace.readText(f)));
        files.push(f);
      } catch (e) {
        if (e instanceof ImportError) return { error: { name: f, status: 'error', message: e.message, file: f, line: e.line } };
        const message = e instanceof EvidenceFileError ? `${e.message} (expected ${expected})` : `${f}: cannot read: ${errorMessage(e)}`;
        return { error: { name: f, status: 'error', message, file: f } };
      }
    }
  }
  return { files, values };
}

export function production(versions: RegistryVersion[], cfg: Cfg): Pick {
  const aliased = versions.filter((v) => v.aliases.some((a) => cfg['production-aliases'].includes(a)));
  if (aliased.length > 1)
    return {
      error: `production aliases point to several versions (${aliased.map((v) => `${v.version}: ${v.aliases.join(', ')}`).join('; ')}); were the files exported at different times?`,
    };
  if (aliased.length === 1)
    return { version: aliased[0], how: `alias ${aliased[0].aliases.find((a) => cfg['production-aliases'].includes(a))}` };
  const staged = versions.filter((v) => v.stage === 'Production');
  if (staged.length)
    return { version: staged[0], how: 'stage Production' + (staged.length > 1 ? ` (the newest of ${staged.length})` : '') };
  return null;
}

function previous(versions: RegistryVersion[], prod: RegistryVersion, cfg: Cfg): Pick {
  const aliased = versions.filter((v) => v.aliases.some((a) => cfg['previous-aliases'].includes(a)));
  if (aliased.length > 1)
    return {
      error: `rollback aliases point to several versions (${aliased.map((v) => `${v.version}: ${v.aliases.join(', ')}`).join('; ')})`,
    };
  if (aliased.length === 1)
    return { version: aliased[0], how: `alias ${aliased[0].aliases.find((a) => cfg['previous-aliases'].includes(a))}` };
  const archived = versions.filter((v) => v.stage === 'Archived' && Number(v.version) < Number(prod.version));
  if (archived.length)
    return {
      version: archived[0],
      how: `inferred: the newest Archived version older than production (set alias ${cfg['previous-aliases'][0]} to name it)`,
    };
  return null;
}

export function chooseModel(versions: RegistryVersion[], cfg: Cfg, file: string): { model: string } | { error: Check } {
  const models = [...new Set(versions.map((v) => v.model))];
  if (cfg.model) {
    if (models.includes(cfg.model)) return { model: cfg.model };
    const near = nearest(cfg.model, models);
    return {
      error: {
        name: 'registered model',
        status: 'error',
        message: `the registry export has no model ${JSON.stringify(cfg.model)}${near ? ` (did you mean "${near}"?)` : ''}; models: ${models.join(', ') || 'none'}`,
        file,
      },
    };
  }
  if (models.length === 1) return { model: models[0] };
  return {
    error: {
      name: 'registered model',
      status: 'error',
      message: models.length
        ? `the registry export holds ${models.length} models (${models.slice(0, 5).join(', ')}); set infra.registry.model`
        : `the registry export lists no model version`,
      file,
    },
  };
}

/** Checks on the production version and the rollback target. */
function rollbackChecks(versions: RegistryVersion[], cfg: Cfg, file: string): { checks: Check[]; prev: RegistryVersion | null } {
  const checks: Check[] = [];
  const prod = production(versions, cfg);
  if (!prod || 'error' in prod) {
    checks.push({
      name: 'production version',
      status: prod ? 'error' : 'fail',
      message: prod
        ? `${file}: ${prod.error}`
        : `${file}: no version is in production: none has an alias ${cfg['production-aliases'].join(', ')} or the stage Production, so there is nothing to roll back from`,
      file,
    });
    return { checks, prev: null };
  }
  const p = prod.version;
  checks.push({
    name: 'production version',
    status: p.source ? 'pass' : 'fail',
    message: `${p.model} version ${p.version} serves production (${prod.how})${p.source ? `, artifact ${p.source}` : '; its artifact URI (source) is not in the export'}`,
    method: 'MLflow Model Registry export',
    file,
  });
  const prev = previous(versions, p, cfg);
  if (!prev || 'error' in prev) {
    checks.push({
      name: 'previous production version',
      status: prev ? 'error' : 'fail',
      message: prev
        ? `${file}: ${prev.error}`
        : `${file}: no previous version to roll back to: no version has an alias ${cfg['previous-aliases'].join(', ')}, and no Archived version is older than production version ${p.version} (${versions.length} version(s) exported)`,
      file,
    });
    return { checks, prev: null };
  }
  const v = prev.version;
  const problems = [
    v.version === p.version ? `it is the production version itself` : '',
    Number(v.version) > Number(p.version) ? `it is newer than production (${p.version})` : '',
    v.status && v.status !== 'READY' ? `its status is ${v.status}, not READY` : '',
    !v.source ? 'its artifact URI (source) is not in the export; export model-versions/search to include it' : '',
  ].filter(Boolean);
  checks.push({
    name: 'previous production version',
    status: problems.length ? 'fail' : 'pass',
    message: problems.length
      ? `${v.model} version ${v.version} (${prev.how}) cannot be the rollback target: ${problems.join('; ')}`
      : `${v.model} can roll back from version ${p.version} to ${v.version} (${prev.how}), artifact ${v.source}`,
    method: 'MLflow Model Registry export',
    file,
  });
  return { checks, prev: problems.length ? null : v };
}

/** The rollback target's run metrics, when runs are exported. */
async function metricsCheck(ctx: EvalContext, cfg: Cfg, prev: RegistryVersion): Promise<Check> {
  const runs = await readAll(ctx, list(cfg.runs), MLFLOW_REST_EXPECTED, readMlflowRest);
  if ('error' in runs) return runs.error;
  const run = runs.values.find((r) => r.runId !== undefined && r.runId === prev.runId);
  const name = `rollback target ${prev.version}: metrics`;
  if (!prev.runId || !run) {
    return {
      name,
      status: 'fail',
      message: `the metrics of version ${prev.version} are unknown: ${prev.runId ? `its run ${prev.runId} is not among ${runs.files.join(', ')}` : 'the export gives no run_id for it'}`,
      file: runs.files[0],
    };
  }
  const missing = cfg['required-metrics'].filter((m) => run.metrics[m] === undefined || run.metrics[m] === null);
  const shown = Object.entries(run.metrics)
    .filter(([k]) => cfg['required-metrics'].length === 0 || cfg['required-metrics'].includes(k))
    .slice(0, 5);
  return {
    name,
    status: missing.length ? 'fail' : 'pass',
    message: missing.length
      ? `run ${prev.runId} of version ${prev.version} lacks ${missing.join(', ')}${Object.keys(run.metrics).length ? ` (it has ${Object.keys(run.metrics).slice(0, 8).join(', ')})` : ''}`
      : `version ${prev.version} (run ${prev.runId}): ${shown.map(([k, x]) => `${k} ${fmt(x)}`).join(', ') || 'no metric logged'}`,
    method: "MLflow runs/get export of the version's run",
    file: runs.files[runs.values.indexOf(run)],
  };
}

export const registryEvaluator: Evaluator = {
  name: 'registry',
  tests: ['infra-7'],
  config: ['infra.registry'],
  formats: ['mlflow-registry'],
  async run(ctx) {
    const cfg = ctx.config.infra?.registry;
    if (!cfg) return { outcomes: [] };
    const read = await readAll(ctx, list(cfg.export), MLFLOW_REGISTRY_EXPECTED, readMlflowRegistry);
    if ('error' in read) return { outcomes: [{ test: 'infra-7', checks: [read.error], evidence: list(cfg.export) }] };
    const file = read.files.join(', ');
    const all = mergeRegistry(read.values);
    const m = chooseModel(all, cfg, read.files[0]);
    if ('error' in m) return { outcomes: [{ test: 'infra-7', checks: [m.error], evidence: read.files }] };
    const versions = all.filter((v) => v.model === m.model);
    const { checks, prev } = rollbackChecks(versions, cfg, file);
    const evidence = [...read.files];
    if (prev && cfg.runs !== undefined) {
      const c = await metricsCheck(ctx, cfg, prev);
      checks.push(c);
      if (c.file) evidence.push(c.file);
    }
    const table: ReportTable = {
      id: 'registry',
      title: `Model registry: ${m.model}`,
      tests: ['infra-7'],
      columns: ['version', 'stage', 'aliases', 'status', 'created', 'artifact'],
      rows: versions
        .slice(0, 6)
        .map((v) => [
          v.version,
          v.stage ?? '',
          v.aliases.join(', '),
          v.status ?? '',
          v.created ? new Date(v.created).toISOString().slice(0, 10) : '',
          v.source ?? '',
        ]),
      note: `From ${file}; newest first (at most 6).`,
    };
    return { outcomes: [{ test: 'infra-7', checks, evidence }], tables: [table] };
  },
};
