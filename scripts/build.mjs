// Bundles src/ into dist/ (what GitHub runs) and regenerates schemas/ from the zod formats.
// Usage: node scripts/build.mjs [--no-schemas]
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { buildOptions, root } from './build-options.mjs';

const outdir = path.join(root, 'dist');
rmSync(outdir, { recursive: true, force: true });
await build(buildOptions(outdir));
if (!process.argv.includes('--no-schemas')) {
  execFileSync(process.execPath, [path.join(outdir, 'cli.js'), 'schema', '--out-dir', path.join(root, 'schemas')], { stdio: ['ignore', 'ignore', 'inherit'] });
}
