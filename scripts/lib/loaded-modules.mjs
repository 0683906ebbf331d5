// Which source files a command of the bundle loads: the bundle is built (the same options as dist/)
// into a folder with esbuild's metafile, the command runs under a module hook that logs every file
// Node loads, and each loaded chunk is mapped back to the source files (src/, node_modules/) in it.
// Used by test/build/loaded.test.ts (cold start must not load what a command does not use) and by
// bench/startup/profile.mjs. Node 20.6+ (module.register).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle, root } from '../build-options.mjs';

const HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.MTG_LOADED_LOG, url + '\\n');
  return next(url, context);
}
`;

const REGISTER = "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n";

// A preload for a run without the hook (which itself loads modules of Node's): at exit, Node's own
// modules the process loaded (process.moduleLoadList: "NativeModule x"), one a line, and on Linux
// the number of its threads ("threads N": libuv's thread pool starts on the first asynchronous
// file system call).
const BUILTINS = `process.on('exit', () => {
  const fs = require('node:fs');
  let threads = '';
  try { threads = 'threads ' + /Threads:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1] + '\\n'; } catch {}
  fs.writeFileSync(process.env.MTG_BUILTINS_LOG, threads + process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13) + '\\n').join(''));
});
`;

/** Build the bundle into `dir` (replaced), with the hook files; returns esbuild's metafile. */
export async function buildWithMetafile(dir) {
  rmSync(dir, { recursive: true, force: true });
  const dist = path.join(dir, 'dist');
  const metafile = await bundle(dist);
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(path.join(dir, 'hooks.mjs'), HOOKS);
  writeFileSync(path.join(dir, 'register.mjs'), REGISTER);
  writeFileSync(path.join(dir, 'builtins.cjs'), BUILTINS);
  return { dir, dist, metafile };
}

/**
 * Run `args` (the first one is the entry, e.g. 'cli.js', relative to the built dist/) and return the
 * loaded chunks (file, bytes) and the source files in them (paths as in the metafile: src/...,
 * node_modules/...), with the process's exit status and output.
 */
export function loadedBy(built, args, { node = process.execPath, cwd, env = {} } = {}) {
  const log = path.join(built.dir, `loaded-${process.pid}-${Date.now()}.log`);
  writeFileSync(log, '');
  const [entry, ...rest] = args;
  const r = spawnSync(node, ['--import', path.join(built.dir, 'register.mjs'), path.join(built.dist, entry), ...rest], {
    cwd,
    env: { ...process.env, ...env, MTG_LOADED_LOG: log },
    encoding: 'utf8',
  });
  const files = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))]
    .map((u) => fileURLToPath(u))
    .filter((f) => f.startsWith(built.dist + path.sep));
  rmSync(log, { force: true });
  const chunks = files.map((f) => ({ file: path.relative(built.dist, f), bytes: statSync(f).size }));
  const inputs = new Map();
  for (const f of files) {
    const out = Object.entries(built.metafile.outputs).find(([o]) => path.resolve(root, o) === f);
    for (const [input, { bytesInOutput }] of Object.entries(out?.[1].inputs ?? {}))
      inputs.set(input, (inputs.get(input) ?? 0) + bytesInOutput);
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, chunks, inputs };
}

/**
 * Node's own modules (e.g. 'internal/fs/promises') that running `args` loads (`args[0]` a file,
 * relative to the built dist/), in a run without the module hook; with the exit status and, on
 * Linux, the number of threads at exit.
 */
export function builtinsLoadedBy(built, args, { node = process.execPath, cwd, env = {} } = {}) {
  const log = path.join(built.dir, `builtins-${process.pid}-${Date.now()}.log`);
  const [entry, ...rest] = args;
  const r = spawnSync(node, ['--require', path.join(built.dir, 'builtins.cjs'), path.resolve(built.dist, entry), ...rest], {
    cwd,
    env: { ...process.env, ...env, MTG_BUILTINS_LOG: log },
    encoding: 'utf8',
  });
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  rmSync(log, { force: true });
  const threads = lines[0]?.startsWith('threads ') ? Number(lines.shift().slice(8)) : undefined;
  return { status: r.status, stderr: r.stderr, builtins: lines, threads };
}

/** A package name (node_modules/@scope/name/... -> @scope/name) or the source path of an input. */
export function moduleOf(input) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return m ? m[1] : input;
}
