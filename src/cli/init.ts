/**
 * `ml-test-gate init`: scan the repository for evidence (init/scan.ts), write a commented starter
 * config and the workflow (init/starter.ts), and say which rubric tests that evidence earns today and
 * what is missing, cheapest first. It evaluates the gate twice on the new config: once to read today's
 * metrics (the starter floors), once to report what the written config earns. It never overwrites a
 * file without --force.
 */
import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import { gunzipSync, constants as zlib } from 'node:zlib';
import { reportedMetricsEvaluator } from '../assertions/infra/reported-metrics.js';
import { PERFORMANCE_EVALUATOR } from '../assertions/monitor/computing-performance.js';
import { PREDICTIONS_EVALUATOR } from '../assertions/record-names.js';
import { median } from '../stats/descriptive.js';
import type { PerformanceMeasure } from '../schemas/infra.js';
import { loadConfig } from '../config/load.js';
import { DEFAULT_CONFIG } from '../config/read.js';
import { EvidenceStore } from '../evidence/store.js';
import { fileWorkspace, type Workspace } from '../evidence/workspace.js';
import { globToRegExp } from '../evidence/glob.js';
import { loadEvalReport } from '../importers/index.js';
import { inferSchema } from '../data/infer.js';
import { profileFiles } from '../data/profile.js';
import { noBaseline } from '../gate/baseline.js';
import { evaluateGate } from '../gate/evaluate.js';
import { roadmap } from '../report/roadmap.js';
import { headlineText, plain, roadmapLines } from '../report/text.js';
import { SECTIONS, SECTION_TITLES } from '../rubric/tests.js';
import type { Report } from '../schemas/report.js';
import { UserError } from '../util/errors.js';
import { fmt } from '../util/format.js';
import { parseFlags } from './args.js';
import type { CliIO } from './io.js';
import {
  dvcMetricsFiles,
  scanFiles,
  SKIP_DIRS,
  tableFormat,
  wantsHead,
  type EvalReportFound,
  type Findings,
  type ScannedFile,
} from './init/scan.js';
import { budgetOf, draftSchema, evidencePaths, starterConfig, starterWorkflow, type StarterOptions } from './init/starter.js';
import { findRoot } from './root.js';

export const INIT_HELP = `Usage: ml-test-gate init [--root DIR] [--force] [--dry-run]

Scan the repository for evidence the gate can use (prediction files by their columns, data files,
snapshots, JUnit XML, DVC metrics and params, MLflow runs, pytest-benchmark JSON, model specs,
dependency manifests), write a commented starter config (${DEFAULT_CONFIG}) and the workflow
(.github/workflows/ml-test-gate.yml), and print which rubric tests that evidence earns today and
what is missing, cheapest first.

Options:
  --root DIR   repository root (default: GITHUB_WORKSPACE, else the git repository of the current directory)
  --force      overwrite existing files
  --dry-run    print the config and the workflow instead of writing them
  -h, --help   show this help`;

export const WORKFLOW_FILE = '.github/workflows/ml-test-gate.yml';
const MAX_FILES = 50_000;
const TABLE_HEAD = 64 * 1024;
const TEXT_HEAD = 512 * 1024;

/** Every regular file under the root (no symlinks; dependency and cache folders skipped), repository-relative. */
async function listFiles(root: string): Promise<Array<{ path: string; size: number }>> {
  const out: Array<{ path: string; size: number }> = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 24 || out.length >= MAX_FILES) return;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory() && !SKIP_DIRS.has(e.name)) await walk(abs, depth + 1);
      else if (e.isFile() && out.length < MAX_FILES) {
        const st = await fs.stat(abs);
        out.push({ path: path.relative(root, abs).split(path.sep).join('/'), size: st.size });
      }
    }
  };
  await walk(root, 0);
  return out;
}

/** The first bytes of a file as text; gzip is decompressed as far as those bytes go. */
async function readHead(root: string, f: { path: string; size: number }): Promise<ScannedFile> {
  const limit = tableFormat(f.path) ? TABLE_HEAD : TEXT_HEAD;
  const fh = await fs.open(path.join(root, f.path), 'r');
  try {
    const buf = Buffer.alloc(Math.min(limit, f.size));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    let bytes = buf.subarray(0, bytesRead);
    let complete = f.size <= limit;
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      bytes = gunzipSync(bytes, { finishFlush: zlib.Z_SYNC_FLUSH }).subarray(0, limit);
      complete = false;
    }
    return { ...f, head: bytes.toString('utf8'), complete };
  } catch {
    return f;
  } finally {
    await fh.close();
  }
}

async function scan(root: string): Promise<Findings> {
  const listed = await listFiles(root);
  const files: ScannedFile[] = [];
  for (const f of listed) files.push(wantsHead(f.path) ? await readHead(root, f) : f);
  // DVC metrics files named in dvc.yaml (any extension)
  const named = new Set(files.filter((f) => /(^|\/)dvc\.ya?ml$/.test(f.path) && f.head).flatMap((f) => dvcMetricsFiles(f.head!)));
  for (let i = 0; i < files.length; i++) if (named.has(files[i].path) && !files[i].head) files[i] = await readHead(root, files[i]);
  return scanFiles(files);
}

/** The repository as the gate will see it once init has written its files (the draft schema). */
function overlay(base: Workspace, files: Record<string, string>): Workspace {
  return {
    root: base.root,
    resolve: base.resolve,
    limits: base.limits,
    locate: base.locate,
    readText: async (file, max) => (file in files ? files[file] : base.readText(file, max)),
    glob: async (pattern) => {
      const found = await base.glob(pattern);
      const re = globToRegExp(pattern);
      return [...new Set([...found, ...Object.keys(files).filter((f) => f === pattern || re.test(f))])].sort();
    },
  };
}

async function evaluate(ws: Workspace, text: string): Promise<Report> {
  const config = await loadConfig(DEFAULT_CONFIG, text); // loads the schemas of the sections the text uses
  return evaluateGate({ config, configFile: DEFAULT_CONFIG, workspace: ws, baseline: noBaseline('a first run has no baseline') });
}

/** A draft schema from the training data, when the repository has training data and no schema. */
async function schemaDraft(root: string, f: Findings): Promise<{ path: string; text: string } | null> {
  if (!f.training || f.schema || !tableFormat(f.training)) return null;
  try {
    const snap = await profileFiles([path.join(root, f.training)], [f.training]);
    const keep = f.servingColumns?.filter((c) => f.trainingColumns?.includes(c));
    const schema = draftSchema(inferSchema(snap), keep);
    const dir = path.posix.dirname(f.training);
    return { path: `${dir === '.' ? '' : `${dir}/`}schema.json`, text: `${JSON.stringify(schema, null, 2)}\n` };
  } catch {
    return null; // unreadable training data: the evaluation says why
  }
}

/**
 * Without prediction files the first evaluation report that reads is the config's: the gate reads a
 * report for what a key asks of it, so one that does not read is left out here, with why.
 */
async function readableEvalReport(
  ws: Workspace,
  f: Findings,
): Promise<{ findings: Findings; leftOut: Array<{ path: string; reason: string }> }> {
  if (f.predictions.length) return { findings: f, leftOut: [] };
  const io = { workspace: ws, store: new EvidenceStore(ws) };
  const leftOut: Array<{ path: string; reason: string }> = [];
  const candidates = [...f.evalReports, ...f.mlflowRuns.map((path): EvalReportFound => ({ path, format: 'mlflow' }))];
  for (const c of candidates) {
    const loaded = await loadEvalReport(io, { path: c.path, format: c.format, ...(c.prefix ? { prefix: c.prefix } : {}) });
    if (loaded.ok) break;
    leftOut.push({ path: c.path, reason: loaded.message });
  }
  const bad = new Set(leftOut.map((x) => x.path));
  return {
    findings: { ...f, evalReports: f.evalReports.filter((e) => !bad.has(e.path)), mlflowRuns: f.mlflowRuns.filter((r) => !bad.has(r)) },
    leftOut,
  };
}

/** Found evidence the gate could not read: the error checks that name a found file. */
function unreadable(r: Report, f: Findings): Array<{ path: string; reason: string }> {
  const paths = evidencePaths(f).concat(f.schema ? [f.schema] : []);
  const out = new Map<string, string>();
  for (const t of r.tests)
    for (const c of t.details.checks)
      if (c.status === 'error') for (const p of paths) if ((c.file === p || c.message.includes(p)) && !out.has(p)) out.set(p, c.message);
  return [...out].map(([path, reason]) => ({ path, reason }));
}

/** The findings without these files (a drafted schema goes with the training data it was drafted from). */
function without(f: Findings, drop: Set<string>, drafted: string | undefined): Findings {
  const keep = (p: string) => !drop.has(p);
  const training = f.training && keep(f.training) ? f.training : undefined;
  const schemaGone = f.schema && (!keep(f.schema) || (f.schema === drafted && !training));
  return {
    ...f,
    predictions: f.predictions.filter((p) => keep(p.path)),
    training,
    serving: f.serving && keep(f.serving) ? f.serving : undefined,
    schema: schemaGone ? undefined : f.schema,
    evalReports: f.evalReports.filter((e) => keep(e.path)),
    mlflowRuns: f.mlflowRuns.filter(keep),
    junit: {
      feature: f.junit.feature.filter(keep),
      model: f.junit.model.filter(keep),
      pipeline: f.junit.pipeline.filter(keep),
      other: f.junit.other,
    },
    benchmarks: f.benchmarks.filter((b) => keep(b.path)),
    importance: f.importance && keep(f.importance) ? f.importance : undefined,
  };
}

/** Generous starter budgets from today's performance measurements (at most 8). */
function budgetsOf(r: Report): Record<string, { max?: number; min?: number }> | undefined {
  const rec = r.records[PERFORMANCE_EVALUATOR] as
    { measures?: Record<string, PerformanceMeasure & { direction?: 'lower' | 'higher' }> } | undefined;
  if (!rec?.measures) return undefined;
  const out: Record<string, { max?: number; min?: number }> = {};
  for (const [name, m] of Object.entries(rec.measures).slice(0, 8)) {
    const value = m.proportion
      ? m.proportion.events / m.proportion.trials
      : m.samples
        ? median(m.samples)
        : (m.summary?.median ?? m.summary?.mean);
    if (value === undefined || !Number.isFinite(value)) continue;
    out[name] = m.proportion ? { max: Math.max(0.01, Number((value * 2).toPrecision(2))) } : budgetOf(value, m.direction ?? 'lower');
  }
  return Object.keys(out).length ? out : undefined;
}

/** Today's metrics, from the predictions (computed) or the evaluation report. */
function metricsOf(r: Report): Record<string, number> | undefined {
  const rec = (r.records[PREDICTIONS_EVALUATOR] ?? r.records[reportedMetricsEvaluator.name]) as
    { metrics?: Record<string, unknown> } | undefined;
  if (!rec?.metrics) return undefined;
  return Object.fromEntries(
    Object.entries(rec.metrics).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])),
  );
}

function foundLines(f: Findings): string[] {
  const out: string[] = [];
  const add = (what: string, items: string[]) => items.length && out.push(`  ${what.padEnd(22)} ${items.join(', ')}`);
  for (const p of f.predictions) {
    const c = p.columns;
    const cols = [
      `label ${c.label}`,
      c.score && `score ${c.score}`,
      c.scores && `scores ${c.scores.join('/')}`,
      c.prediction && `prediction ${c.prediction}`,
      c.id && `id ${c.id}`,
    ]
      .filter(Boolean)
      .join(', ');
    const extra = [p.slices.length ? `slices ${p.slices.join(', ')}` : '', p.groups.length ? `groups ${p.groups.join(', ')}` : '']
      .filter(Boolean)
      .join('; ');
    add(`predictions (${p.role})`, [`${p.path} (${p.task}: ${cols}${extra ? `; ${extra}` : ''})`]);
  }
  if (f.otherPredictions?.length)
    add('predictions (not used)', [
      `${f.otherPredictions.slice(0, 5).join(', ')}${f.otherPredictions.length > 5 ? ` (+${f.otherPredictions.length - 5} more)` : ''}: one file is the model under test; give main's model as model.predictions.base, a simpler model as model.simpler-model.predictions`,
    ]);
  add('training data', f.training ? [f.training] : []);
  add('serving data', f.serving ? [f.serving] : []);
  add('data schema', f.schema ? [f.schema] : []);
  add('evaluation reports', [...f.evalReports.map((e) => `${e.path} (${e.format})`), ...f.mlflowRuns.map((r) => `${r} (mlflow run)`)]);
  add('JUnit: feature tests', f.junit.feature);
  add('JUnit: model tests', f.junit.model);
  add('JUnit: pipeline tests', f.junit.pipeline);
  add('JUnit: unassigned', f.junit.other);
  add(
    'benchmarks',
    f.benchmarks.map((b) => `${b.path} (${b.format})`),
  );
  add('feature importance', f.importance ? [f.importance] : []);
  add('model specs', f.modelSpecs);
  add('dependency manifests', f.dependencies);
  return out.length ? ['Found:', ...out] : ['Found: no evidence file the gate reads yet.'];
}

function earnedLines(r: Report): string[] {
  const out = [headlineText(r).replace(/^\S+ /, 'Today: ')];
  for (const s of SECTIONS) {
    const tests = r.tests.filter((t) => t.section === s && t.status !== 'missing');
    const list = tests.map((t) => `${t.id} ${t.status}`).join(', ');
    out.push(`  ${`${SECTION_TITLES[s]} ${fmt(r.score.sections[s].points, 1)}/7`.padEnd(22)} ${list || 'nothing yet'}`);
  }
  for (const t of r.tests.filter((x) => x.status === 'fail' || x.status === 'error'))
    out.push(`  ${t.status === 'error' ? 'cannot evaluate' : 'fails'} ${t.id}: ${plain(t.details.summary)}`);
  return out;
}

const exists = (abs: string) =>
  fs.stat(abs).then(
    () => true,
    () => false,
  );

async function writeNew(root: string, file: string, text: string): Promise<void> {
  const abs = path.join(root, file);
  await fs.mkdir(path.dirname(abs), { recursive: true });
  await fs.writeFile(abs, text);
}

export async function initCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags('init', argv, {
    root: { type: 'string' },
    force: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(`${INIT_HELP}\n`);
    return 0;
  }
  const { root } = findRoot({ flag: values.root, cwd: io.cwd, env: io.env });
  const targets = [DEFAULT_CONFIG, WORKFLOW_FILE];
  const existing: string[] = [];
  for (const t of targets) if (await exists(path.join(root, t))) existing.push(t);
  if (existing.length && !values.force && !values['dry-run'])
    throw new UserError(
      `init: ${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''} in ${root}; nothing was written`,
      'Use --force to overwrite, or --dry-run to print what init would write.',
    );

  const found = await scan(root);
  const draft = await schemaDraft(root, found);
  const ws = overlay(fileWorkspace(root), draft ? { [draft.path]: draft.text } : {});
  // evidence the gate cannot read is left out (with why), so that the starter gate measures what it names
  const readable = await readableEvalReport(ws, draft ? { ...found, schema: draft.path } : found);
  let findings = readable.findings;
  const leftOut = [...(found.notRead ?? []).slice(0, 5), ...readable.leftOut];
  const first = await evaluate(ws, starterConfig(findings, { probe: true }));
  const options: StarterOptions = { metrics: metricsOf(first), budgets: budgetsOf(first), draftedSchema: !!draft };
  let report = await evaluate(ws, starterConfig(findings, options));
  for (let round = 0; round < 4; round++) {
    const bad = unreadable(report, findings);
    if (!bad.length) break;
    leftOut.push(...bad);
    findings = without(findings, new Set(bad.map((b) => b.path)), draft?.path);
    report = await evaluate(ws, starterConfig(findings, options));
  }
  const schema = draft && findings.schema === draft.path ? draft : null;
  if (schema && !values.force && !values['dry-run'] && (await exists(path.join(root, schema.path))))
    throw new UserError(
      `init: ${schema.path} already exists in ${root}; nothing was written`,
      'Use --force to overwrite it with a draft schema.',
    );
  const minScore = Math.floor(report.score.final * 2) / 2;
  const config = starterConfig(findings, { ...options, draftedSchema: !!schema, minScore, leftOut, missing: roadmap(report).steps });
  await loadConfig(DEFAULT_CONFIG, config); // a starter that does not validate is a bug: fail before writing
  const workflow = starterWorkflow(findings);

  const out = [...foundLines(found), ''];
  for (const x of leftOut) out.push(`Left out ${x.path}: the gate cannot read it: ${plain(x.reason)}`);
  if (leftOut.length) out.push('');
  const files: Array<[string, string]> = [
    [DEFAULT_CONFIG, config],
    [WORKFLOW_FILE, workflow],
    ...(schema ? [[schema.path, schema.text] as [string, string]] : []),
  ];
  if (values['dry-run']) io.stdout(files.map(([f, text]) => `# ${f}\n${text}`).join('\n'));
  else {
    for (const [f, text] of files) await writeNew(root, f, text);
    out.push(`Wrote ${files.map(([f]) => f).join(', ')}${existing.length ? ` (overwrote ${existing.join(', ')})` : ''} in ${root}.`, '');
  }
  out.push(...earnedLines(report), '', ...roadmapLines(roadmap(report), 8), '');
  out.push('Next: commit both files; the gate then runs on every pull request. Here: ml-test-gate run --print');
  io.stderr(`${out.join('\n')}\n`);
  return 0;
}
