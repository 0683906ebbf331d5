import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { OWNER, REPO, REPO_ID, type FakeGitHub } from './fake-github.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.join(ROOT, 'dist', 'index.js');
export const TOKEN = 'ghs_e2eSecretToken1234567890';
export const BASE_SHA = 'b'.repeat(40);
export const HEAD_SHA = 'c'.repeat(40);
export const PR = 42;

/** Node 20 (this machine) always; Node 24 (what GitHub runs) when ML_TEST_GATE_NODE24 names its binary (.ci/run installs one). */
export const RUNTIMES: Array<[string, string | undefined]> = [
  [`node ${process.versions.node}`, process.execPath],
  ['node 24', process.env.ML_TEST_GATE_NODE24 && existsSync(process.env.ML_TEST_GATE_NODE24) ? process.env.ML_TEST_GATE_NODE24 : undefined],
];

/**
 * The inputs the runner passes when the workflow gives none: every `default:` of action.yml (an
 * expression such as `${{ github.token }}` is left to the test). Read from action.yml itself, so a
 * default that shadows a config setting shows up in the tests as it would on GitHub.
 */
export function actionDefaults(): Record<string, string> {
  const doc = parseYaml(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: unknown }> };
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(doc.inputs)) {
    if (spec.default !== undefined && !String(spec.default).includes('${{')) out[name] = String(spec.default);
  }
  return out;
}

const DEMO = path.join(ROOT, 'examples', 'demo', 'evidence', 'junit');

export function gateYaml(minScore: number, extra = ''): string {
  return [
    'version: 1',
    'gate:',
    `  min-score: ${minScore}`,
    '  max-score-drop: 1',
    'tests:',
    '  feature: evidence/junit/features.xml',
    '  model: evidence/junit/model.xml',
    '  pipeline: evidence/junit/pipeline.xml',
    'review:',
    '  model-specs: models/*.yaml',
    extra,
  ].join('\n');
}

/** A temporary repository checkout: config, JUnit evidence from the demo, a model spec, a manifest. */
export function makeWorkspace(config: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mtg-e2e-'));
  const put = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, 'repo', rel)), { recursive: true });
    writeFileSync(path.join(dir, 'repo', rel), text);
  };
  put('.github/ml-test-gate.yml', config);
  for (const f of ['features.xml', 'model.xml', 'pipeline.xml']) put(`evidence/junit/${f}`, readFileSync(path.join(DEMO, f), 'utf8'));
  put('models/gbt.yaml', 'learning_rate: 0.05\nmax_depth: 6\n');
  put('requirements.txt', 'scikit-learn==1.5.2\n');
  for (const [k, v] of Object.entries(files)) put(k, v);
  mkdirSync(path.join(dir, 'tmp'));
  return dir;
}

export function pullRequestEvent(over: Partial<{ number: number; baseSha: string; headSha: string; baseRef: string }> = {}) {
  return {
    action: 'synchronize',
    number: over.number ?? PR,
    repository: { id: REPO_ID, full_name: `${OWNER}/${REPO}` },
    pull_request: {
      number: over.number ?? PR,
      base: { ref: over.baseRef ?? 'main', sha: over.baseSha ?? BASE_SHA, repo: { id: REPO_ID } },
      head: { ref: 'feature', sha: over.headSha ?? HEAD_SHA, repo: { id: REPO_ID } },
    },
  };
}

/** An unsigned JWT shaped like the runner's ACTIONS_RUNTIME_TOKEN (the artifact client reads its scp claim). */
export function runtimeToken(): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ scp: 'Actions.ExampleScope Actions.Results:11111111-1111-1111-1111-111111111111:22222222-2222-2222-2222-222222222222' })}.sig`;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  tmp: string;
}

/** Parse the GITHUB_OUTPUT file (`name<<DELIM` heredoc blocks). */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].match(/^([^<=]+)<<(.+)$/);
    if (m) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]);
      out[m[1]] = value.join('\n');
    } else if (lines[i].includes('=')) {
      const [k, ...v] = lines[i].split('=');
      out[k] = v.join('=');
    }
  }
  return out;
}

export interface RunOptions {
  dir: string;
  api: FakeGitHub;
  eventName?: string;
  event?: unknown;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  /** The Node binary (default: the one running the tests). */
  node?: string;
}

/** Spawn `node dist/index.js` with a runner's environment against the fake API. */
export async function runAction(o: RunOptions): Promise<RunResult> {
  if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run node scripts/build.mjs first');
  const tmp = path.join(o.dir, 'tmp');
  const outputFile = path.join(tmp, `output-${Date.now()}-${Math.random()}.txt`);
  const summaryFile = path.join(tmp, `summary-${Date.now()}-${Math.random()}.md`);
  const eventFile = path.join(tmp, 'event.json');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  writeFileSync(eventFile, JSON.stringify(o.event ?? pullRequestEvent()));
  // as the runner does: action.yml's defaults for every input the workflow does not set
  const inputs: Record<string, string> = { ...actionDefaults(), 'github-token': TOKEN, ...o.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmp,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: o.eventName ?? 'pull_request',
    GITHUB_WORKSPACE: path.join(o.dir, 'repo'),
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_REPOSITORY_ID: String(REPO_ID),
    GITHUB_SHA: 'd'.repeat(40),
    GITHUB_REF: `refs/pull/${PR}/merge`,
    GITHUB_RUN_ID: '9001',
    GITHUB_API_URL: o.api.url,
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: tmp,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...o.env,
  };
  const child = spawn(o.node ?? process.execPath, [DIST], { env, cwd: path.join(o.dir, 'repo'), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  return { code, stdout, stderr, outputs: parseOutputs(readFileSync(outputFile, 'utf8')), summary: readFileSync(summaryFile, 'utf8'), tmp };
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The CLI's bundle, spawned the way the README's first hour runs it. */
export const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node dist/cli.js ARGS` in `cwd`, with nothing of this process's environment but PATH and HOME. */
export function spawnCli(node: string, cwd: string, args: string[]): Promise<Spawned> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd };
  const child = spawn(node, [CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/**
 * A fresh repository: `from` copied (if given) and `files` written under a temp folder with a .git
 * folder (what `git init` leaves for the root finder). Listed in `dirs`, for the caller to remove.
 */
export function tempRepository(dirs: string[], prefix: string, files: Record<string, string | Buffer> = {}, from?: string): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  dirs.push(dir);
  if (from) cpSync(from, dir, { recursive: true });
  mkdirSync(path.join(dir, '.git'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
