import * as z from 'zod';
import type { NonFinite } from '../evidence/json.js';
import { validate } from '../schemas/errors.js';
import { PERFORMANCE_VERSION, type PerformanceReport } from '../schemas/infra.js';
import { ImportError, readJson } from './common.js';

export const PYTEST_BENCHMARK_EXPECTED =
  'a pytest-benchmark JSON report (--benchmark-json: {"benchmarks": [{"name", "stats": {min, max, mean, median, stddev, rounds}}]})';

const stat = z.number().nonnegative();
const schema = z.object({
  machine_info: z
    .object({
      node: z.string().optional(),
      machine: z.string().optional(),
      python_version: z.string().optional(),
      system: z.string().optional(),
      cpu: z.object({ brand_raw: z.string().optional(), count: z.number().optional() }).optional(),
    })
    .optional(),
  commit_info: z.object({ id: z.string().optional(), branch: z.string().nullable().optional() }).optional(),
  benchmarks: z
    .array(
      z.object({
        group: z.string().nullable().optional(),
        name: z.string().min(1),
        fullname: z.string().optional(),
        stats: z.object({
          min: stat,
          max: stat,
          mean: stat,
          median: stat,
          stddev: stat,
          rounds: z.number().int().positive(),
          iterations: z.number().int().positive().optional(),
          data: z.array(stat).min(1).optional(),
        }),
      }),
    )
    .min(1),
  datetime: z.string().optional(),
  version: z.string().optional(),
});

/**
 * pytest-benchmark's JSON as computing-performance evidence. Each benchmark becomes a measure named
 * after it, in milliseconds per call (pytest-benchmark reports seconds). With `--benchmark-save-data`
 * every round's time is kept and becomes the samples; without it only the summary (rounds, mean,
 * stddev, median, min, max) is known and comparisons use it.
 */
export function readPytestBenchmark(file: string, text: string): { value: PerformanceReport; nonFinite: NonFinite[]; notes: string[] } {
  const parsed = readJson(file, text, PYTEST_BENCHMARK_EXPECTED);
  const r = validate(schema, parsed.value);
  if (!r.ok) throw new ImportError(file, `${file}: expected ${PYTEST_BENCHMARK_EXPECTED}; ${r.issues[0].message}`);
  const doc = r.data;
  const names = doc.benchmarks.map((b) => b.name);
  const dup = new Set(names.filter((n, i) => names.indexOf(n) !== i));
  const ms = (s: number) => s * 1000;
  const measures: PerformanceReport['measures'] = {};
  const notes: string[] = [];
  let withoutData = 0;
  for (const b of doc.benchmarks) {
    const name = dup.has(b.name) ? (b.fullname ?? `${b.group ?? ''}/${b.name}`) : b.name;
    if (name in measures)
      throw new ImportError(
        file,
        `${file}: expected ${PYTEST_BENCHMARK_EXPECTED}; benchmarks: two benchmarks are both named ${JSON.stringify(name)}`,
      );
    const s = b.stats;
    if (s.data && s.data.length !== s.rounds)
      notes.push(`${file}: benchmark ${name} has ${s.data.length} saved timings for ${s.rounds} rounds`);
    if (!s.data) withoutData++;
    measures[name] = {
      unit: 'ms',
      direction: 'lower',
      samples: s.data?.map(ms),
      summary: { n: s.rounds, mean: ms(s.mean), stddev: ms(s.stddev), median: ms(s.median), min: ms(s.min), max: ms(s.max) },
    };
  }
  if (withoutData > 0)
    notes.push(
      `${file}: ${withoutData} benchmark(s) without saved timings (run with --benchmark-save-data to keep every round); compared on their summary statistics`,
    );
  const env: Record<string, string | number | boolean> = {};
  const mi = doc.machine_info;
  if (mi?.node) env.node = mi.node;
  if (mi?.machine) env.machine = mi.machine;
  if (mi?.system) env.system = mi.system;
  if (mi?.python_version) env.python = mi.python_version;
  if (mi?.cpu?.brand_raw) env.cpu = mi.cpu.brand_raw;
  if (mi?.cpu?.count !== undefined) env.cpus = mi.cpu.count;
  if (doc.version) env['pytest-benchmark'] = doc.version;
  const measuredAt = doc.datetime && /^\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|[+-]\d{2}:?\d{2})?$/.test(doc.datetime) ? doc.datetime : undefined;
  const value: PerformanceReport = {
    schemaVersion: PERFORMANCE_VERSION,
    measures,
    ...(measuredAt ? { measuredAt } : {}),
    ...(Object.keys(env).length ? { environment: env } : {}),
  };
  return { value, nonFinite: parsed.nonFinite, notes };
}
