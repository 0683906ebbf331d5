#!/usr/bin/env node
/**
 * Where a cold start goes (issue 15): builds the bundle like dist/ (with esbuild's metafile) into a
 * temporary folder, runs the startup benchmark's report-level command once on Node 24 (or --node)
 * with ML_TEST_GATE_TIMING=1 and a module hook, and prints the phase times (src/util/timing.ts), the
 * chunks it loaded, and the packages and source files in them by bytes. One run: read the phases as
 * proportions, and time with run.mjs.
 *
 *   node bench/startup/profile.mjs [--node PATH] [--top 30]
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildWithMetafile, loadedBy, moduleOf } from '../../scripts/lib/loaded-modules.mjs';
import { arg, load, node24Path, root } from '../lib.mjs';

const node = arg('node', node24Path);
const top = Number(arg('top', '30'));
const out = path.join(os.tmpdir(), `mtg-startup-profile-${process.pid}`);
const built = await buildWithMetafile(out);
const args = ['cli.js', 'run', '--config', 'bench/startup/ml-test-gate.yml', '--baseline', 'examples/demo/baseline/report.json'];
args.push('--report-out', path.join(out, 'report.json'), '--markdown-out', path.join(out, 'comment.md'), '--now', '2026-11-23T12:00:00Z');
// the phases from a plain run (the module hook slows loading down), the modules from a hooked one
const [entry, ...rest] = args;
const plain = spawnSync(node, [path.join(built.dist, entry), ...rest], { cwd: root, env: { ...process.env, ML_TEST_GATE_TIMING: '1' }, encoding: 'utf8' });
console.log(`${node}; load ${load()}; exit ${plain.status}`);
console.log(plain.stderr.split('\n').filter((l) => l.startsWith('ml-test-gate timing:')).join('\n'));
const r = loadedBy(built, args, { node, cwd: root });
const bytes = r.chunks.reduce((a, c) => a + c.bytes, 0);
console.log(`\n${r.chunks.length} chunks, ${(bytes / 1024).toFixed(0)} KB of JavaScript loaded`);
const by = new Map();
for (const [input, b] of r.inputs) by.set(moduleOf(input), (by.get(moduleOf(input)) ?? 0) + b);
console.log(`\nlargest packages and source files (bytes in the loaded chunks):`);
for (const [m, b] of [...by].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`${String(b).padStart(8)}  ${m}`);
rmSync(out, { recursive: true, force: true });
