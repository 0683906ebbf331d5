/**
 * `ml-test-gate snapshot`, `infer-schema` and `drift`. Each returns an exit code: 0 ok (drift: no
 * feature drifts), 1 drift found, 2 bad flags or unreadable input (one line on stderr).
 */
import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { EvidenceStore } from '../evidence/store.js';
import { TableError, inferFormat, unknownFormatReason, type TableFormat } from '../evidence/tabular.js';
import { fileWorkspace } from '../evidence/workspace.js';
import { DEFAULT_MAX_RAW_VALUES, Reservoir, SNAPSHOT_FORMAT } from '../assertions/shared/snapshots.js';
import { seedOf } from '../stats/rng.js';
import { compareSnapshots, type RawSamples } from '../data/compare.js';
import { comparisonRecords } from '../assertions/monitor/training-serving-skew.js';
import { inferSchema } from '../data/infer.js';
import { DEFAULT_BINS, DEFAULT_MAX_EXACT, DEFAULT_TOP_K, profileFiles } from '../data/profile.js';
import { CATEGORICAL_METHODS, NUMERIC_METHODS, driftConfig, type DistanceMethod } from '../schemas/config/data.js';
import type { Snapshot } from '../schemas/snapshot.js';
import { UserError, errorMessage } from '../util/errors.js';
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
  --top-k N            categories listed per feature (default ${DEFAULT_TOP_K})
  --max-exact N        count every distinct numeric value exactly up to N of them (default ${DEFAULT_MAX_EXACT}; 0: never)

Every snapshot keeps its numeric values' cells on a fixed DDSketch grid (alpha 0.5%), so snapshots
profiled separately compare exactly; --reference is not needed for that (docs/methods/drift.md).`;

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
        'max-exact': { type: 'string' },
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
        throw new UserError(`snapshot: ${p}: ${formatReason(io.cwd, p, 'use a .csv/.tsv/.jsonl(.gz) file or --format csv|tsv|jsonl')}`);
    }
    const bins = numberFlag('snapshot', 'bins', values.bins, [1, 1000]);
    const topK = numberFlag('snapshot', 'top-k', values['top-k'], [0, 100000]);
    const maxExact = numberFlag('snapshot', 'max-exact', values['max-exact'], [0, 1_000_000]);
    if ([bins, topK, maxExact].some((x) => x !== undefined && !Number.isInteger(x)))
      throw new UserError('snapshot: --bins, --top-k and --max-exact take whole numbers');
    const reference = values.reference ? await readSnapshot(io, 'snapshot', values.reference) : undefined;
    const snap = await profileFiles(
      positionals.map((p) => path.resolve(io.cwd, p)),
      positionals,
      {
        format,
        columns: columnsFlag(values.columns),
        reference,
        referenceName: values.reference,
        bins,
        topK,
        maxExact,
        datasetName: values.name,
      },
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
      { out: { type: 'string' }, 'max-domain': { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      true,
    );
    if (values.help) {
      io.stdout(
        'Usage: ml-test-gate infer-schema DATA [--out FILE] [--max-domain N] [--format csv|tsv|jsonl]\n\nPropose a data schema (feature expectations) from a snapshot (.json) or raw data (CSV, TSV or JSON Lines, optionally .gz), for a person to edit.\n',
      );
      return 0;
    }
    if (positionals.length !== 1)
      throw new UserError(
        `infer-schema: expected one snapshot or data file, got ${positionals.length}`,
        'Run ml-test-gate infer-schema --help.',
      );
    const maxDomain = numberFlag('infer-schema', 'max-domain', values['max-domain'], [0, 100000]);
    const format = choiceFlag('infer-schema', 'format', values.format, FORMATS);
    const file = positionals[0];
    const snap =
      isSnapshotFile(file) && !format
        ? await readSnapshot(io, 'infer-schema', file)
        : (await loadSide(io, 'infer-schema', file, format)).snap;
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

const isSnapshotFile = (f: string) => /\.json$/i.test(f);

/** Why a data file named on the command line cannot be read as a table: a directory, or its name (Parquet: how to convert it). */
function formatReason(cwd: string, file: string, use: string): string {
  let dir = false;
  try {
    dir = statSync(path.resolve(cwd, file)).isDirectory();
  } catch {
    // not there: the name is all there is to go on
  }
  if (dir) return 'is a directory; expected a data file (CSV, TSV or JSON Lines, optionally .gz)';
  const why = unknownFormatReason(file);
  return why.startsWith('cannot tell') ? `cannot tell the format from its name; ${use}` : why;
}

interface Side {
  snap: Snapshot;
  raw?: Map<string, Reservoir>;
}

/** Raw data (profiled, numeric values kept) or a snapshot. */
async function loadSide(
  io: DataCliIO,
  command: string,
  file: string,
  format: TableFormat | undefined,
  reference?: Snapshot,
): Promise<Side> {
  if (isSnapshotFile(file)) return { snap: await readSnapshot(io, command, file) };
  if (!format && !inferFormat(file))
    throw new UserError(
      `${command}: ${file}: ${formatReason(io.cwd, file, 'use a .csv/.tsv/.jsonl(.gz) file, a snapshot .json, or --format')}`,
    );
  const cols: Reservoir[] = [];
  const snap = await profileFiles([path.resolve(io.cwd, file)], [file], {
    format,
    reference,
    referenceName: reference ? 'the reference data' : undefined,
    onNumeric: (i, v) => (cols[i] ??= new Reservoir(DEFAULT_MAX_RAW_VALUES, seedOf(`${file}#${i}`))).push(v),
  });
  const raw = new Map<string, Reservoir>();
  snap.features.forEach((f, i) => raw.set(f.name, cols[i] ?? new Reservoir(DEFAULT_MAX_RAW_VALUES, 0)));
  return { snap, raw };
}

function rawOfSides(ref: Side, cur: Side): ((feature: string) => RawSamples | undefined) | undefined {
  if (!ref.raw || !cur.raw) return undefined;
  return (feature) => {
    const a = ref.raw!.get(feature);
    const b = cur.raw!.get(feature);
    if (!a || !b || a.n === 0 || b.n === 0) return undefined;
    const cut = [a, b].filter((r) => r.seen > r.n);
    return {
      ref: a.values(),
      cur: b.values(),
      sampled: cut.length ? `a uniform sample of ${cut.map((r) => `${r.n} of ${r.seen}`).join(' and ')} values` : undefined,
    };
  };
}

/** Features missing, new or retyped in the current data. */
function schemaNotes(ref: Snapshot, cur: Snapshot, currentName: string): string[] {
  const { schema } = compareSnapshots(
    ref,
    cur,
    driftConfig.parse({ numeric: { method: 'js' }, features: Object.fromEntries(ref.features.map((f) => [f.name, { ignore: true }])) }),
  );
  return schema.map((s) =>
    s.kind === 'only in current'
      ? `feature "${s.feature}" is new in ${currentName}`
      : s.kind === 'only in reference'
        ? `feature "${s.feature}" is missing from ${currentName}`
        : s.message,
  );
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
      alpha: { type: 'string' },
      'min-count': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout(
        'Usage: ml-test-gate drift --reference FILE --current FILE [--json]\n\nFILE is raw data (CSV/TSV/JSONL, optionally .gz) or a snapshot (.json). A feature drifts when its effect is above the threshold (numeric: JS divergence, log2; categorical: L-infinity) and a two-sample test (KS on raw values, chi-squared homogeneity on snapshots) is significant, Holm-corrected over the features. Methods: docs/methods/drift.md.\n  --numeric M, --categorical M   other effects (js, psi, ks, wasserstein / linf, chi2, psi, js)\n  --alpha A                      family-wise significance level (default 0.05; --fdr is the old name)\n  --min-count N                  minimum values per side (default 100)\nExit: 0 no drift, 1 drift, 2 bad input.\n',
      );
      return 0;
    }
    if (!values.reference || !values.current)
      throw new UserError('drift: --reference FILE and --current FILE are required', 'Run ml-test-gate drift --help.');
    const numericMethod: DistanceMethod = choiceFlag('drift', 'numeric', values.numeric, NUMERIC_METHODS) ?? 'js';
    const categoricalMethod: DistanceMethod = choiceFlag('drift', 'categorical', values.categorical, CATEGORICAL_METHODS) ?? 'linf';
    const format = choiceFlag('drift', 'format', values.format, FORMATS);
    const alpha = numberFlag('drift', 'alpha', values.alpha ?? values.fdr, [1e-12, 0.999999]) ?? 0.05;
    const minCount = numberFlag('drift', 'min-count', values['min-count'], [1, Number.MAX_SAFE_INTEGER]) ?? 100;

    const ref = await loadSide(io, 'drift', values.reference, format);
    const cur = await loadSide(io, 'drift', values.current, format, ref.snap);
    const settings = driftConfig.parse({
      numeric: { method: numericMethod },
      categorical: { method: categoricalMethod },
      'min-count': minCount,
    });
    const results = compareSnapshots(ref.snap, cur.snap, settings, rawOfSides(ref, cur), alpha).comparisons;
    const notes = schemaNotes(ref.snap, cur.snap, values.current);
    const drifted = results.some((c) => c.drifted === true);
    if (values.json) {
      io.stdout(
        `${JSON.stringify({ alpha, features: comparisonRecords(results).map(({ feature, ...rest }) => ({ name: feature, ...rest, drifted: rest.verdict === 'drift' ? true : rest.verdict === 'ok' ? false : null })) }, null, 2)}\n`,
      );
    } else {
      for (const c of results) {
        const verdict = c.drifted === null ? (c.problem ?? 'n/a') : c.drifted ? 'DRIFT' : 'ok';
        io.stdout(`${verdict.padEnd(6)} ${c.feature} (${c.type}): ${c.detail} [${c.label}]\n`);
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
