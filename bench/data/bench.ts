// Entry for the data benchmark (bundled by bench/data/run.sh): the same code paths as the CLI.
//   node bench.mjs snapshot DATA OUT [REFERENCE]
//   node bench.mjs drift REFERENCE CURRENT
import { driftCommand, snapshotCommand } from '../../src/cli/data.js';

const io = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s), cwd: process.cwd() };
const [mode, a, b, c] = process.argv.slice(2);
const t0 = performance.now();
const code =
  mode === 'snapshot'
    ? await snapshotCommand([a, '--out', b, ...(c ? ['--reference', c] : [])], io)
    : await driftCommand(['--reference', a, '--current', b, '--json'], { ...io, stdout: () => {} });
process.stderr.write(`${mode}: ${((performance.now() - t0) / 1000).toFixed(2)} s, exit ${code}\n`);
process.exitCode = code === 1 ? 0 : code;
