/**
 * `ml-test-gate snapshot`, `infer-schema` and `drift`. Each returns an exit code: 0 ok (drift: no
 * feature drifts), 1 drift found, 2 bad flags or unreadable input (one line on stderr).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { EvidenceStore } from '../evidence/store.js';
import { TableError, inferFormat, type TableFormat } from '../evidence/tabular.js';
import { fileWorkspace } from '../evidence/workspace.js';
import { SNAPSHOT_FORMAT } from '../assertions/shared/snapshots.js';
import { applyFdr, compareFeature, type FeatureComparison, type RawSamples } from '../data/compare.js';
import { inferSchema } from '../data/infer.js';
import { DEFAULT_BINS, DEFAULT_TOP_K, profileFiles } from '../data/profile.js';
import { CATEGORICAL_METHODS, DEFAULT_THRESHOLDS, NUMERIC_METHODS, type DistanceMethod } from '../schemas/config/data.js';
import type { Snapshot } from '../schemas/snapshot.js';
import { UserError, errorMessage } from '../util/errors.js';
import { fmt } from '../util/format.js';
import { choiceFlag, numberFlag, parseFlags } from './args.js';

export interface DataCliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
}

const FORMATS = ['csv', 'tsv', 'jsonl'] as const;

async function guard(io: DataCliIO, command: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UserError) {
      io.stderr(`ml-test-gate: ${e.message}${e.hint ? ` ${e.hint}` : ''}\n`);
      return 2;
    }
    if (e instanceof TableError) {
      io.stderr(`ml-test-gate ${command}: ${e.describe(path.relative(io.cwd, e.file) || e.file)}\n`);
      return 2;
    }
    io.stderr(`ml-test-gate ${command}: ${errorMessage(e)}\n`);
    return 2;
  }
}

async function readSnapshot(io: DataCliIO, command: string, file: string): Promise<Snapshot> {
  const store = new EvidenceStore(fileWorkspace(io.cwd, { extraFiles: [file] })); // a file named on the command line may be anywhere
  const l = await store.json(file, SNAPSHOT_FORMAT);
  if (!l.ok) throw new UserError(`${command}: ${l.message}`);
  return l.value;
}

async function writeJson(io: DataCliIO, command: string, file: string, value: unknown): Promise<void> {
  const abs = path.resolve(io.cwd, file);
  try {
    await fs.mkdir(path.dirname(abs), { recursive: true });
    await fs.writeFile(abs, `${JSON.stringify(value, null, 2)}\n`);
  } catch (e) {
    throw new UserError(`${command}: cannot write ${file}: ${errorMessage(e)}`);
  }
}

function columnsFlag(raw: string | undefined): string[] | undefined {
  return raw === undefined
    ? undefined
    : raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

export const SNAPSHOT_HELP = `Usage: ml-test-gate snapshot DATA... --out FILE [--reference SNAPSHOT] [options]

Profile CSV, TSV or JSON Lines files (optionally .gz) into a snapshot, in one streaming pass.
  --out FILE           where to write the snapshot (JSON)
  --reference FILE     reuse this snapshot's bin edges and categories (comparable snapshots)
  --name NAME          dataset name (default: the first file's name)
  --format FMT         csv, tsv or jsonl (default: from the extension)
  --columns A,B        profile only these columns
  --bins N             histogram bins without --reference (default ${DEFAULT_BINS})
  --top-k N            categories listed per feature (default ${DEFAULT_TOP_K})`;

export async function snapshotCommand(argv: string[], io: DataCliIO): Promise<number> {
  return guard(io, 'snapshot', async () => {
    const { values, positionals } = parseFlags(
      'snapshot',
      argv,
      {
        out: { type: 'string' },
        reference: { type: 'string' },
        name: { type: 'string' },
        format: { type: 'string' },
        columns: { type: 'string' },
        bins: { type: 'string' },
        'top-k': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      true,
    );
    if (values.help) {
      io.stdout(`${SNAPSHOT_HELP}\n`);
      return 0;
    }
    if (positionals.length === 0)
      throw new UserError('snapshot: name at least one data file (CSV, TSV or JSON Lines)', 'Run ml-test-gate snapshot --help.');
    if (!values.out) throw new UserError('snapshot: --out FILE is required (where to write the snapshot)');
    const format = choiceFlag('snapshot', 'format', values.format, FORMATS);
    for (const p of positionals) {
      if (!format && !inferFormat(p))
        throw new UserError(`snapshot: cannot tell the format of ${p} from its name; use --format csv|tsv|jsonl`);
    }
    const bins = numberFlag('snapshot', 'bins', values.bins, [1, 1000]);
    const topK = numberFlag('snapshot', 'top-k', values['top-k'], [0, 100000]);
    if ((bins !== undefined && !Number.isInteger(bins)) || (topK !== undefined && !Number.isInteger(topK)))
      throw new UserError('snapshot: --bins and --top-k take whole numbers');
    const reference = values.reference ? await readSnapshot(io, 'snapshot', values.reference) : undefined;
    const snap = await profileFiles(
      positionals.map((p) => path.resolve(io.cwd, p)),
      positionals,
      { format, columns: columnsFlag(values.columns), reference, referenceName: values.reference, bins, topK, datasetName: values.name },
    );
    for (const f of snap.features) {
      if (f.count === 0)
        io.stderr(`warning: column "${f.name}" is entirely empty (${f.missing} rows); its type is unknown (recorded as string)\n`);
      if (f.mixed)
        io.stderr(
          `warning: column "${f.name}" mixes numbers (${f.mixed.numeric}) and text (${f.mixed.other}), e.g. ${f.mixed.examples.map((x) => JSON.stringify(x)).join(', ')}${f.mixed.line ? ` (line ${f.mixed.line})` : ''}; profiled as ${f.type}\n`,
        );
    }
    await writeJson(io, 'snapshot', values.out, snap);
    const numeric = snap.features.filter((f) => f.numeric).length;
    io.stdout(
      `wrote ${values.out}: ${snap.rows} rows, ${snap.features.length} features (${numeric} numeric, ${snap.features.length - numeric} categorical)${reference ? `, on the bins and categories of ${values.reference}` : ''}\n`,
    );
    return 0;
  });
}

export async function inferSchemaCommand(argv: string[], io: DataCliIO): Promise<number> {
  return guard(io, 'infer-schema', async () => {
    const { values, positionals } = parseFlags(
      'infer-schema',
      argv,
      { out: { type: 'string' }, 'max-domain': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      true,
    );
    if (values.help) {
      io.stdout(
        'Usage: ml-test-gate infer-schema SNAPSHOT [--out FILE] [--max-domain N]\n\nPropose a data schema (feature expectations) from a snapshot, for a person to edit.\n',
      );
      return 0;
    }
    if (positionals.length !== 1)
      throw new UserError(`infer-schema: expected one snapshot file, got ${positionals.length}`, 'Run ml-test-gate infer-schema --help.');
    const maxDomain = numberFlag('infer-schema', 'max-domain', values['max-domain'], [0, 100000]);
    const snap = await readSnapshot(io, 'infer-schema', positionals[0]);
    const schema = inferSchema(snap, { maxDomain });
    if (values.out) {
      await writeJson(io, 'infer-schema', values.out, schema);
      io.stdout(
        `wrote ${values.out}: ${schema.features.length} feature expectations; review the ranges, domains and presence before committing\n`,
      );
    } else io.stdout(`${JSON.stringify(schema, null, 2)}\n`);
    return 0;
  });
}

/** A growable list of doubles (raw values for the exact KS). */
class Doubles {
  buf = new Float64Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.n++] = v;
  }
  values(): Float64Array {
    return this.buf.subarray(0, this.n);
  }
}

const isSnapshotFile = (f: string) => /\.json$/i.test(f);

interface Side {
  snap: Snapshot;
  raw?: Map<string, Doubles>;
}

async function loadSide(io: DataCliIO, file: string, format: TableFormat | undefined, reference?: Snapshot): Promise<Side> {
  if (isSnapshotFile(file)) return { snap: await readSnapshot(io, 'drift', file) };
  if (!format && !inferFormat(file))
    throw new UserError(`drift: cannot tell the format of ${file}; use a .csv/.tsv/.jsonl(.gz) file, a snapshot .json, or --format`);
  const cols: Doubles[] = [];
  const snap = await profileFiles([path.resolve(io.cwd, file)], [file], {
    format,
    reference,
    onNumeric: (i, v) => (cols[i] ??= new Doubles()).push(v),
  });
  const raw = new Map<string, Doubles>();
  snap.features.forEach((f, i) => raw.set(f.name, cols[i] ?? new Doubles()));
  return { snap, raw };
}

/** Every reference feature against the current data (numeric ones also by KS), and notes on missing, new or retyped features. */
function compareSides(
  ref: Side,
  cur: Side,
  currentName: string,
  numericMethod: DistanceMethod,
  categoricalMethod: DistanceMethod,
  minCount: number,
): { results: FeatureComparison[]; notes: string[] } {
  const curBy = new Map(cur.snap.features.map((f) => [f.name, f]));
  const results: FeatureComparison[] = [];
  const notes: string[] = [];
  for (const rf of ref.snap.features) {
    const cf = curBy.get(rf.name);
    if (!cf) {
      notes.push(`feature "${rf.name}" is missing from ${currentName}`);
      continue;
    }
    if (rf.type !== cf.type) notes.push(`feature "${rf.name}" is ${rf.type} in the reference and ${cf.type} in the current data`);
    const numeric = (rf.type === 'int' || rf.type === 'float') && (cf.type === 'int' || cf.type === 'float');
    const methods: DistanceMethod[] = numeric ? [...new Set<DistanceMethod>([numericMethod, 'ks'])] : [categoricalMethod];
    const raw: RawSamples | undefined =
      ref.raw && cur.raw ? { ref: ref.raw.get(rf.name)!.values(), cur: cur.raw.get(rf.name)!.values() } : undefined;
    for (const method of methods)
      results.push(compareFeature(rf, cf, { method, threshold: DEFAULT_THRESHOLDS[method] }, minCount, method === 'ks' ? raw : undefined));
  }
  for (const cf of cur.snap.features)
    if (!ref.snap.features.some((f) => f.name === cf.name)) notes.push(`feature "${cf.name}" is new in ${currentName}`);
  return { results, notes };
}

export async function driftCommand(argv: string[], io: DataCliIO): Promise<number> {
  return guard(io, 'drift', async () => {
    const { values } = parseFlags('drift', argv, {
      reference: { type: 'string' },
      current: { type: 'string' },
      json: { type: 'boolean' },
      numeric: { type: 'string' },
      categorical: { type: 'string' },
      format: { type: 'string' },
      fdr: { type: 'string' },
      'min-count': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout(
        'Usage: ml-test-gate drift --reference FILE --current FILE [--json]\n\nFILE is raw data (CSV/TSV/JSONL, optionally .gz) or a snapshot (.json). Numeric features: JS divergence (log2, on the reference bins) and Kolmogorov-Smirnov D (exact on raw data, from histograms on snapshots). Categorical: L-infinity.\n  --numeric M, --categorical M   other methods (js, psi, ks, wasserstein / linf, chi2, psi, js)\n  --fdr Q                        false discovery rate for p-values (default 0.05)\n  --min-count N                  minimum values per side (default 100)\nExit: 0 no drift, 1 drift, 2 bad input.\n',
      );
      return 0;
    }
    if (!values.reference || !values.current)
      throw new UserError('drift: --reference FILE and --current FILE are required', 'Run ml-test-gate drift --help.');
    const numericMethod: DistanceMethod = choiceFlag('drift', 'numeric', values.numeric, NUMERIC_METHODS) ?? 'js';
    const categoricalMethod: DistanceMethod = choiceFlag('drift', 'categorical', values.categorical, CATEGORICAL_METHODS) ?? 'linf';
    const format = choiceFlag('drift', 'format', values.format, FORMATS);
    const fdr = numberFlag('drift', 'fdr', values.fdr, [1e-12, 0.999999]) ?? 0.05;
    const minCount = numberFlag('drift', 'min-count', values['min-count'], [1, Number.MAX_SAFE_INTEGER]) ?? 100;

    const ref = await loadSide(io, values.reference, format);
    const cur = await loadSide(io, values.current, format, ref.snap);
    const { results, notes } = compareSides(ref, cur, values.current, numericMethod, categoricalMethod, minCount);
    applyFdr(results, fdr);
    const label = (c: FeatureComparison) =>
      c.pValue !== undefined ? `${c.label}; p = ${fmt(c.pValue)}, BH-adjusted ${fmt(c.adjustedP ?? null)}` : c.label;
    const drifted = results.some((c) => c.drifted === true);
    if (values.json) {
      io.stdout(
        `${JSON.stringify(
          {
            features: results.map((c) => ({
              name: c.feature,
              type: c.type,
              method: label(c),
              statistic: c.value,
              threshold: c.threshold,
              drifted: c.drifted,
            })),
          },
          null,
          2,
        )}\n`,
      );
    } else {
      for (const c of results) {
        const verdict = c.drifted === null ? (c.problem ?? 'n/a') : c.drifted ? 'DRIFT' : 'ok';
        io.stdout(
          `${verdict.padEnd(6)} ${c.feature} (${c.type}): ${c.method} = ${fmt(c.value)} (threshold ${fmt(c.threshold)}) - ${label(c)}; ${c.detail}\n`,
        );
      }
      for (const n of notes) io.stdout(`schema: ${n}\n`);
      io.stdout(
        `${results.filter((c) => c.drifted).length} of ${results.length} comparison(s) drift (${ref.snap.rows} reference rows, ${cur.snap.rows} current rows)\n`,
      );
    }
    for (const n of values.json ? notes : []) io.stderr(`schema: ${n}\n`);
    return drifted ? 1 : 0;
  });
}
