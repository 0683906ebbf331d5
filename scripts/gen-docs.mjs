// Regenerates docs/config-reference.md from the zod schemas (scripts/config-reference.ts) and
// docs/rubric-map.md from the evaluator registry (scripts/rubric-map.ts).
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
  // (two entry points, one bundle each: config-reference.mjs and rubric-map.mjs)
  await build({
    absWorkingDir: root,
    entryPoints: { 'config-reference': 'scripts/config-reference.ts', 'rubric-map': 'scripts/rubric-map.ts' },
    outdir: tmp,
    bundle: true,
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    target: 'node20',
    define: { __VERSION__: '"docs"' },
    // CommonJS dependencies call require(): give the ESM bundle one
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    logLevel: 'warning',
  });
  const ref = await import(pathToFileURL(out).href);
  const map = await import(pathToFileURL(path.join(tmp, 'rubric-map.mjs')).href);
  const docs = [
    ['docs/config-reference.md', ref.renderConfigReference()],
    ['docs/rubric-map.md', map.renderRubricMap(map.evaluatorFiles(root))],
  ];
  for (const [rel, text] of docs) {
    const file = path.join(root, rel);
    if (process.argv.includes('--check')) {
      const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
      if (current !== text) {
        console.error(`${rel} is stale: run node scripts/gen-docs.mjs`);
        process.exitCode = 1;
      } else console.error(`${rel} is current`);
    } else {
      writeFileSync(file, text);
      console.error(`wrote ${rel}`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
