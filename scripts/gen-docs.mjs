// Regenerates docs/config-reference.md from the zod schemas (scripts/config-reference.ts).
// Usage: node scripts/gen-docs.mjs [--check]   (--check: exit 1 when the committed file is stale)
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './build-options.mjs';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ml-test-gate-docs-'));
try {
  const out = path.join(tmp, 'config-reference.mjs');
  await build({
    absWorkingDir: root,
    entryPoints: ['scripts/config-reference.ts'],
    outfile: out,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    define: { __VERSION__: '"docs"' },
    // CommonJS dependencies call require(): give the ESM bundle one
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    logLevel: 'warning',
  });
  const mod = await import(pathToFileURL(out).href);
  const text = mod.renderConfigReference();
  const file = path.join(root, 'docs', 'config-reference.md');
  if (process.argv.includes('--check')) {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (current !== text) {
      console.error('docs/config-reference.md is stale: run node scripts/gen-docs.mjs');
      process.exit(1);
    }
    console.error('docs/config-reference.md is current');
  } else {
    writeFileSync(file, text);
    console.error('wrote docs/config-reference.md');
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
