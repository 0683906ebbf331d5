/**
 * Cold start (issue 15), checked on the bundle as it runs: the CLI is built like dist/ (with esbuild's
 * metafile), run under a module hook that logs every file Node loads, and each loaded chunk is mapped
 * back to the source files and packages in it. startup.test.ts checks the static imports of src/;
 * this checks what a run really loads, shared chunks included (a chunk shared with a module a run does
 * not use loads that module's code too). No timing: bench/startup measures the time.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { buildWithMetafile, builtinsLoadedBy, loadedBy, moduleOf } from '../../scripts/lib/loaded-modules.mjs';

const ROOT = path.resolve(__dirname, '../..');
const EVIDENCE = path.join(ROOT, 'examples/demo/evidence');

interface Loaded {
  status: number | null;
  stderr: string;
  inputs: Map<string, number>;
}
type Built = { dir: string };
type Output = { entryPoint?: string; inputs: Record<string, unknown>; imports: Array<{ path: string; kind: string }> };

let built: Built;
let repo: string;

/** The packages and src/ files a command loaded. */
function modules(r: Loaded): string[] {
  return [...new Set([...r.inputs.keys()].map((i: string) => moduleOf(i)))];
}

function run(config: string, ...flags: string[]): Loaded {
  writeFileSync(path.join(repo, 'ml-test-gate.yml'), config);
  const r = loadedBy(
    built,
    ['cli.js', 'run', '--root', repo, '--config', 'ml-test-gate.yml', '--report-out', 'out/report.json', ...flags],
    {
      cwd: repo,
    },
  ) as Loaded;
  expect([0, 1], r.stderr).toContain(r.status); // the gate ran (passed or failed), not a usage error
  return r;
}

const REPORT_LEVEL = [
  'version: 1',
  'gate: { min-score: 1 }',
  'model:',
  '  eval-report: eval-report.json',
  '  thresholds: { roc_auc: { min: 0.6 } }',
  '',
].join('\n');
const WITH_JUNIT = `${REPORT_LEVEL}tests:\n  model: model.xml\n`;
const MODEL_XML = readFileSync(path.join(EVIDENCE, 'junit/model.xml'), 'utf8');

/** Code a report-level run (an eval report, thresholds, a baseline) has no use for. */
const NOT_FOR_REPORT_LEVEL = [
  'zod', // the config, eval report and baseline pass the plain checks (src/schemas/plain.ts)
  'src/schemas/config-sections.ts',
  'src/schemas/config/model.ts',
  'fast-xml-parser', // JUnit only
  'yaml', // a config in the plain form is read without it (src/config/plain-yaml.ts)
  'src/gate/workflows.ts', // maturity workflows only
  '@actions/artifact',
  '@actions/github',
  '@actions/core',
  'picomatch',
  'smol-toml',
  'simple-statistics',
  'src/schemas/report.ts', // the whole report format: a baseline is validated as far as a run reads it
  'src/schemas/config/data.ts',
  'src/schemas/config/infra.ts',
  'src/evidence/junit.ts',
  'src/report/history.ts',
];
const notForReportLevel = (m: string) =>
  NOT_FOR_REPORT_LEVEL.includes(m) ||
  ['src/evidence/predictions/', 'src/evidence/table/', 'src/data/', 'src/github/'].some((d) => m.startsWith(d));

describe('what a run of the bundle loads', () => {
  beforeAll(async () => {
    built = await buildWithMetafile(path.join(os.tmpdir(), `mtg-loaded-${process.pid}`));
    repo = mkdtempSync(path.join(os.tmpdir(), 'mtg-loaded-repo-'));
    copyFileSync(path.join(EVIDENCE, 'eval-report.json'), path.join(repo, 'eval-report.json'));
    copyFileSync(path.join(EVIDENCE, 'junit/model.xml'), path.join(repo, 'model.xml'));
    copyFileSync(path.join(ROOT, 'examples/demo/baseline/report.json'), path.join(repo, 'baseline.json'));
    writeFileSync(path.join(repo, 'empty.mjs'), '');
  }, 120_000);
  afterAll(() => {
    rmSync(built.dir, { recursive: true, force: true });
    rmSync(repo, { recursive: true, force: true });
  });

  it('a report-level run with a baseline loads no zod, XML parser, GitHub client, full report schema or data code', () => {
    const loaded = modules(run(REPORT_LEVEL, '--baseline', 'baseline.json', '--markdown-out', 'out/comment.md'));
    expect(loaded).toEqual(expect.arrayContaining(['src/config/plain-yaml.ts', 'src/schemas/plain.ts', 'src/gate/evaluate.ts']));
    expect(loaded.filter(notForReportLevel)).toEqual([]);
  });

  it('a config, eval report or baseline that the plain checks leave to the schema loads zod (the check above can fail)', () => {
    const zod = (r: Loaded) => modules(r).filter((m) => m === 'zod' || m.startsWith('src/schemas/config/model'));
    // the {path, format} form of eval-report is the schema's
    expect(zod(run(REPORT_LEVEL.replace('eval-report: eval-report.json', 'eval-report: { path: eval-report.json }')))).toEqual([
      'zod',
      'src/schemas/config/model.ts',
    ]);
    // a baseline with a test missing is refused by the schema (and ignored by the run)
    const baseline = JSON.parse(readFileSync(path.join(repo, 'baseline.json'), 'utf8')) as { tests: unknown[] };
    baseline.tests.pop();
    writeFileSync(path.join(repo, 'short-baseline.json'), JSON.stringify(baseline));
    expect(zod(run(REPORT_LEVEL, '--baseline', 'short-baseline.json'))).toEqual(['zod']);
    // an eval report with an extra key too
    const report = JSON.parse(readFileSync(path.join(EVIDENCE, 'eval-report.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(repo, 'extra-report.json'), JSON.stringify({ ...report, extra: 1 }));
    expect(zod(run(REPORT_LEVEL.replace('eval-report.json', 'extra-report.json')))).toEqual(['zod']);
  });

  it('JUnit files in the plain form are read without the XML parser; one that is not loads it (the check above can fail)', () => {
    expect(modules(run(WITH_JUNIT)).filter(notForReportLevel)).toEqual(['src/evidence/junit.ts']);
    writeFileSync(path.join(repo, 'model.xml'), `${MODEL_XML}\n<!-- written by hand -->\n`);
    try {
      const loaded = modules(run(WITH_JUNIT));
      expect(loaded.filter(notForReportLevel).sort()).toEqual(['fast-xml-parser', 'src/evidence/junit.ts']);
      // and without the XML builder that the bundle has for @actions/artifact
      expect(loaded).not.toContain('fast-xml-builder');
    } finally {
      writeFileSync(path.join(repo, 'model.xml'), MODEL_XML);
    }
  });

  it("a run does not load fs.promises (which loads readline and the REPL history) nor start libuv's thread pool: no more than an empty module", () => {
    // Node 20's ES module loader loads them itself; Node 24's does not (what GitHub runs: checked there when installed)
    const node24 = process.env.ML_TEST_GATE_NODE24;
    const nodes = [process.execPath, ...(node24 && existsSync(node24) ? [node24] : [])];
    const heavy = (m: string) => /^internal\/(fs\/promises|readline\/|repl\/)/.test(m);
    for (const node of nodes) {
      writeFileSync(path.join(repo, 'ml-test-gate.yml'), WITH_JUNIT);
      const args = ['cli.js', 'run', '--root', repo, '--config', 'ml-test-gate.yml', '--report-out', 'out/report.json'];
      const r = builtinsLoadedBy(built, [...args, '--baseline', 'baseline.json', '--markdown-out', 'out/comment.md'], { node, cwd: repo });
      expect([0, 1], r.stderr).toContain(r.status);
      const empty = builtinsLoadedBy(built, [path.join(repo, 'empty.mjs')], { node, cwd: repo }); // an ES module that does nothing
      expect(empty.status).toBe(0);
      expect(r.builtins.filter(heavy), node).toEqual(empty.builtins.filter(heavy));
      // nor worker_threads, locks and diff (node:util's lazy getters, run by a copy of its exports),
      // nor the stream modules (process.stdout and stderr: output goes through fs.writeSync)
      const deferred = (m: string) => /^(worker_threads|stream|internal\/(worker|locks|util\/diff|streams\/))/.test(m);
      expect(r.builtins.filter(deferred), node).toEqual(empty.builtins.filter(deferred));
      // and its reads and writes are synchronous: libuv's thread pool (started by the first asynchronous
      // file system call) never starts, so the run ends with the threads an empty module has (Linux)
      expect(r.threads, node).toBe(empty.threads);
    }
  });

  it("the action's entry imports no zod (the GitHub record, the config and the evidence pass plain checks; publish mode and the history load the schemas)", () => {
    const { outputs } = (built as Built & { metafile: { outputs: Record<string, Output> } }).metafile;
    const entry = Object.keys(outputs).find((o) => outputs[o].entryPoint === 'src/action/index.ts' && o.endsWith('.js'));
    expect(entry).toBeDefined();
    const seen = new Set<string>();
    const todo = [entry!];
    while (todo.length) {
      const o = todo.pop()!;
      if (seen.has(o)) continue;
      seen.add(o);
      for (const i of outputs[o]?.imports ?? []) if (i.kind === 'import-statement' && outputs[i.path]) todo.push(i.path);
    }
    const inputs = [...seen].flatMap((o) => Object.keys(outputs[o].inputs)).map((i) => moduleOf(i) as string);
    expect(inputs).toContain('src/action/run.ts');
    expect(inputs.filter((m) => m === 'zod' || m === 'src/schemas/report.ts' || m === 'src/schemas/config-sections.ts')).toEqual([]);
  });

  it('--version and --help load neither zod nor the YAML parser', () => {
    for (const flag of ['--version', '--help']) {
      const r = loadedBy(built, ['cli.js', flag], { cwd: repo }) as Loaded;
      expect(r.status).toBe(0);
      expect(modules(r)).toContain('src/cli/main.ts');
      expect(modules(r).filter((m) => m === 'zod' || m === 'yaml' || m.startsWith('src/schemas/'))).toEqual([]);
    }
  });
});
