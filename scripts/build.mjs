// Bundles src/ into dist/ (what GitHub runs) and regenerates schemas/, docs/config-reference.md and docs/maturity.md
// from the zod formats.
// Builds into a temporary folder first, so a failed build leaves the previous dist/ in place.
// Usage: node scripts/build.mjs [--no-schemas]
import { execFileSync } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { bundle, root } from './build-options.mjs';

const outdir = path.join(root, 'dist');
const tmp = path.join(root, '.dist-tmp');
rmSync(tmp, { recursive: true, force: true });
try {
  await bundle(tmp);
} catch {
  rmSync(tmp, { recursive: true, force: true });
  process.exit(1); // esbuild has printed the errors
}
rmSync(outdir, { recursive: true, force: true });
renameSync(tmp, outdir);
if (!process.argv.includes('--no-schemas')) {
  execFileSync(process.execPath, [path.join(outdir, 'cli.js'), 'schema', '--out-dir', path.join(root, 'schemas')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // docs/config-reference.md (from the same zod schemas) and docs/maturity.md (from the maturity mapping)
  execFileSync(process.execPath, [path.join(root, 'scripts', 'gen-docs.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
}
