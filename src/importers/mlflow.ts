import * as z from 'zod';
import type { NonFinite } from '../evidence/json.js';
import { validate } from '../schemas/errors.js';
import { ImportError, int64, readJson } from './common.js';
import { readYaml } from './yaml.js';
import { quoted } from '../util/excerpt.js';

export const MLFLOW_REST_EXPECTED = 'an MLflow runs/get response (JSON: {"run": {"data": {"metrics": [{key, value, timestamp, step}]}}})';
export const MLFLOW_DIR_EXPECTED =
  'an MLflow run directory (mlruns/<experiment>/<run>/ with metrics/<name> files of "timestamp value step" lines)';

/** One metric value as MLflow logs it. */
interface Point {
  value: number | null;
  timestamp: number;
  step: number;
}

export interface MlflowRun {
  /** Latest value per metric key: the highest step, then the latest timestamp. */
  metrics: Record<string, number | null>;
  nonFinite: NonFinite[];
  runId?: string;
  runName?: string;
  /** End of the run, ISO 8601 (from end_time, milliseconds since the epoch). */
  endedAt?: string;
  status?: string;
}

const wholeNumber = z.preprocess(int64, z.number().int());

const restSchema = z.object({
  run: z.object({
    info: z
      .object({
        run_id: z.string().optional(),
        run_uuid: z.string().optional(),
        run_name: z.string().optional(),
        status: z.string().optional(),
        end_time: wholeNumber.nullable().optional(),
      })
      .optional(),
    data: z.object({
      metrics: z
        .array(
          z.object({
            key: z.string().min(1),
            value: z.number().nullable(),
            timestamp: wholeNumber,
            step: wholeNumber.optional(),
          }),
        )
        .min(1),
      tags: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
    }),
  }),
});

function latest(points: Map<string, Point>, key: string, p: Point) {
  const cur = points.get(key);
  if (!cur || p.step > cur.step || (p.step === cur.step && p.timestamp >= cur.timestamp)) points.set(key, p);
}

const isoFromMs = (ms: number | null | undefined) => (typeof ms === 'number' && ms > 0 ? new Date(ms).toISOString() : undefined);

/** A run as returned by `GET /api/2.0/mlflow/runs/get?run_id=...`. */
export function readMlflowRest(file: string, text: string): MlflowRun {
  const parsed = readJson(file, text, MLFLOW_REST_EXPECTED);
  const r = validate(restSchema, parsed.value);
  if (!r.ok) {
    throw new ImportError(file, `${file}: expected ${MLFLOW_REST_EXPECTED}; ${r.issues[0].message}`);
  }
  const run = r.data.run;
  const points = new Map<string, Point>();
  const bad = new Set(parsed.nonFinite.map((n) => n.path));
  const nonFinite: NonFinite[] = [];
  run.data.metrics.forEach((m, i) => {
    const at = `run.data.metrics[${i}].value`;
    if (bad.has(at)) nonFinite.push({ path: `${m.key} (${at})`, token: parsed.nonFinite.find((n) => n.path === at)!.token });
    latest(points, m.key, { value: m.value, timestamp: m.timestamp, step: m.step ?? 0 });
  });
  const runName = run.info?.run_name || run.data.tags?.find((t) => t.key === 'mlflow.runName')?.value;
  return {
    metrics: Object.fromEntries([...points].map(([k, p]) => [k, p.value])),
    nonFinite,
    runId: run.info?.run_id ?? run.info?.run_uuid,
    runName: runName || undefined,
    endedAt: isoFromMs(run.info?.end_time),
    status: run.info?.status,
  };
}

/** Python's str(float): 0.91, 1e-05, nan, inf, -inf. */
function pyFloat(s: string): number | undefined {
  if (/^[+-]?(nan|NaN)$/.test(s)) return Number.NaN;
  if (/^[+-]?(inf|Infinity)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  return undefined;
}

/**
 * A local run directory: `metrics/<name>` files (a name may contain `/`, giving subdirectories),
 * one line per logged value: `timestamp value step` (MLflow before 1.0 wrote `timestamp value`).
 * `meta.yaml` (optional) gives the run id, name, status and end time.
 */
export function readMlflowRunDir(dir: string, metricFiles: Array<{ name: string; text: string }>, metaYaml?: string): MlflowRun {
  if (metricFiles.length === 0) {
    throw new ImportError(dir, `${dir}: expected ${MLFLOW_DIR_EXPECTED}; metrics/: no metric file found`);
  }
  const metrics: Record<string, number | null> = {};
  const nonFinite: NonFinite[] = [];
  for (const { name, text } of metricFiles) {
    const where = `${dir}/metrics/${name}`;
    const points = new Map<string, Point>();
    const lines = text.split(/\r?\n/);
    lines.forEach((raw, idx) => {
      const l = raw.trim();
      if (l === '') return;
      const parts = l.split(/\s+/);
      const ts = Number(parts[0]);
      const value = pyFloat(parts[1] ?? '');
      const step = parts.length >= 3 ? Number(parts[2]) : 0;
      if (parts.length < 2 || parts.length > 3 || !Number.isInteger(ts) || value === undefined || !Number.isInteger(step)) {
        throw new ImportError(
          where,
          `${where} line ${idx + 1}: expected ${MLFLOW_DIR_EXPECTED}; expected "timestamp value step", got ${quoted(l)}`,
          idx + 1,
        );
      }
      latest(points, name, { value, timestamp: ts, step });
    });
    const p = points.get(name);
    if (!p) throw new ImportError(where, `${where}: expected ${MLFLOW_DIR_EXPECTED}; the metric file is empty`);
    if (p.value !== null && !Number.isFinite(p.value)) {
      nonFinite.push({ path: name, token: Number.isNaN(p.value) ? 'NaN' : p.value > 0 ? 'Infinity' : '-Infinity' });
      metrics[name] = null;
    } else metrics[name] = p.value;
  }
  const out: MlflowRun = { metrics, nonFinite };
  if (metaYaml !== undefined) {
    const meta = readYaml(`${dir}/meta.yaml`, metaYaml, 'an MLflow run meta.yaml').value as Record<string, unknown> | null;
    if (meta && typeof meta === 'object') {
      if (typeof meta.run_id === 'string') out.runId = meta.run_id;
      if (typeof meta.run_name === 'string' && meta.run_name) out.runName = meta.run_name;
      const end = int64(meta.end_time);
      if (typeof end === 'number') out.endedAt = isoFromMs(end);
      // status is an enum number in meta.yaml (3 = FINISHED)
      if (typeof meta.status === 'number')
        out.status = ({ 1: 'RUNNING', 2: 'SCHEDULED', 3: 'FINISHED', 4: 'FAILED', 5: 'KILLED' } as Record<number, string>)[meta.status];
    }
  }
  return out;
}
