import * as z from 'zod';
import type { JsonFormat } from '../../evidence/store.js';
import { EvidenceFileError } from '../../evidence/workspace.js';
import { ImportError, loadEvalReport, loadSnapshot, type EvalReportRef } from '../../importers/index.js';
import { readYaml } from '../../importers/yaml.js';
import { importerNotes } from '../shared/notes.js';
import type { Check } from '../../rubric/types.js';
import { valueAt } from '../shared/infra-evidence.js';
import { maxAgeCheck } from '../shared/dates.js';
import type { EvalContext, Evaluator } from '../types.js';

const ANY_JSON: JsonFormat<z.ZodUnknown> = { name: 'JSON document', schema: z.unknown() };

/** A JSON (or, by extension, YAML) document, for reading one timestamp field from it. */
async function readDocument(
  ctx: EvalContext,
  file: string,
): Promise<{ ok: true; value: unknown } | { ok: false; message: string; line?: number }> {
  if (/\.ya?ml$/i.test(file)) {
    try {
      return { ok: true, value: readYaml(file, await ctx.workspace.readText(file), 'a YAML document').value };
    } catch (e) {
      if (e instanceof EvidenceFileError || e instanceof ImportError)
        return { ok: false, message: e.message, line: e instanceof ImportError ? e.line : undefined };
      throw e;
    }
  }
  const l = await ctx.store.json(file, ANY_JSON);
  return l.ok ? { ok: true, value: l.value } : { ok: false, message: l.message, line: l.line };
}

async function fieldAgeCheck(ctx: EvalContext, what: string, file: string, field: string, maxDays: number): Promise<Check> {
  const doc = await readDocument(ctx, file);
  if (!doc.ok) return { name: `${what} age`, status: 'error', message: doc.message, file, line: doc.line };
  const v = valueAt(doc.value, field);
  if (!v.found)
    return {
      name: `${what} age`,
      status: 'error',
      message: `${file}: no field ${v.missing} (configured field: ${field}); ${what} is unknown`,
      file,
    };
  return maxAgeCheck(what, v.value, maxDays, ctx.now, { file, field });
}

/** The model section's eval report, whatever shape its config has (a path, or {path, format}). */
function configuredEvalReport(ctx: EvalContext): EvalReportRef | undefined {
  const r = (ctx.config.model as { 'eval-report'?: unknown } | undefined)?.['eval-report'];
  if (typeof r === 'string') return r;
  if (r && typeof r === 'object' && typeof (r as { path?: unknown }).path === 'string') return r as EvalReportRef;
  return undefined;
}

/** monitor-4: model trained-at and data snapshot ages against maximum ages. */
export const modelStalenessEvaluator: Evaluator = {
  name: 'staleness',
  tests: ['monitor-4'],
  config: ['infra.staleness', 'model.eval-report', 'data.training'],
  formats: ['eval-report', 'snapshot', 'any JSON or YAML document'],
  async run(ctx) {
    const cfg = ctx.config.infra?.staleness;
    if (!cfg) return { outcomes: [] };
    if (!cfg.model && !cfg.data)
      return {
        outcomes: [
          {
            test: 'monitor-4',
            checks: [
              {
                name: 'infra.staleness',
                status: 'error',
                message: 'infra.staleness sets neither model nor data: nothing is checked (add model: {max-age-days: N} or data: [...])',
                file: ctx.configFile,
              },
            ],
          },
        ],
      };
    const checks: Check[] = [];
    const evidence: string[] = [];
    const m = cfg.model;
    if (m) {
      const maxDays = m['max-age-days'];
      const ref = m['eval-report'] ?? (m.file ? undefined : configuredEvalReport(ctx));
      if (m.file) {
        evidence.push(m.file);
        checks.push(await fieldAgeCheck(ctx, 'model trained-at', m.file, m.field ?? 'model.trainedAt', maxDays));
      } else if (ref) {
        const l = await loadEvalReport(ctx, ref);
        evidence.push(l.file);
        importerNotes(ctx, l.notes, l.file); // e.g. an MLflow run not FINISHED: its age is of an unfinished run
        if (!l.ok) checks.push({ name: 'model trained-at age', status: 'error', message: l.message, file: l.file, line: l.line });
        else if (!l.value.model.trainedAt) {
          checks.push({
            name: 'model trained-at age',
            status: 'error',
            message: `${l.file}: model.trainedAt is not set; the model's age is unknown (write it when training, or set infra.staleness.model.file and field)`,
            file: l.file,
          });
        } else
          checks.push(
            maxAgeCheck('model trained-at', l.value.model.trainedAt, maxDays, ctx.now, { file: l.file, field: 'model.trainedAt' }),
          );
      } else {
        checks.push({
          name: 'model trained-at age',
          status: 'error',
          message: 'infra.staleness.model: no source for trained-at: set file (and field) or eval-report, or model.eval-report',
          file: ctx.configFile,
        });
      }
    }
    for (const [i, d] of (cfg.data ?? []).entries()) {
      const what = `data ${d.name ?? `#${i + 1}`} created-at`;
      if (d.snapshot) {
        const l = await loadSnapshot(ctx, d.snapshot);
        evidence.push(l.file);
        importerNotes(ctx, l.notes, l.file);
        if (!l.ok) checks.push({ name: `${what} age`, status: 'error', message: l.message, file: l.file, line: l.line });
        else if (!l.value.createdAt)
          checks.push({
            name: `${what} age`,
            status: 'error',
            message: `${l.file}: createdAt is not set; the data's age is unknown`,
            file: l.file,
          });
        else checks.push(maxAgeCheck(what, l.value.createdAt, d['max-age-days'], ctx.now, { file: l.file, field: 'createdAt' }));
      } else if (d.file) {
        evidence.push(d.file);
        checks.push(await fieldAgeCheck(ctx, what, d.file, d.field ?? 'createdAt', d['max-age-days']));
      }
    }
    return { outcomes: [{ test: 'monitor-4', checks, evidence: [...new Set(evidence)] }] };
  },
};
