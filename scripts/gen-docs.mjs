// Regenerates the generated docs: docs/config-reference.md from the zod schemas
// (scripts/config-reference.ts), docs/rubric-map.md from the evaluator registry (scripts/rubric-map.ts),
// docs/maturity.md from the maturity mapping (scripts/maturity-doc.ts) and the README's config key ->
// rubric test table (src/report/routes.ts).
// Usage: node scripts/gen-docs.mjs [--check]   (--check: exit 1 when a committed file is stale)
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './build-options.mjs';

const DOCS = [
  { entry: 'scripts/config-reference.ts', render: (m) => m.renderConfigReference(), file: 'docs/config-reference.md' },
  { entry: 'scripts/rubric-map.ts', render: (m) => m.renderRubricMap(m.evaluatorFiles(root)), file: 'docs/rubric-map.md' },
  { entry: 'scripts/maturity-doc.ts', render: (m) => m.renderMaturityDoc(), file: 'docs/maturity.md' },
  // a block of the README, between its markers: the config key -> rubric test table
  { entry: 'src/report/routes.ts', render: (m) => m.keyTable(), file: 'README.md', block: 'config-keys' },
];

/** The file with the text between `<!-- NAME:start ... -->` and `<!-- NAME:end -->` replaced. */
function withBlock(current, name, text) {
  const re = new RegExp(`(<!-- ${name}:start[^>]*-->\\n)[\\s\\S]*?(\\n<!-- ${name}:end -->)`);
  if (!re.test(current)) throw new Error(`no ${name} block in the file`);
  return current.replace(re, (_, a, b) => `${a}${text}${b}`);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ml-test-gate-docs-'));
let stale = false;
try {
  for (const doc of DOCS) {
    const out = path.join(tmp, `${path.basename(doc.entry, '.ts')}.mjs`);
    await build({
      absWorkingDir: root,
      entryPoints: [doc.entry],
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
    const file = path.join(root, doc.file);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const text = doc.block ? withBlock(current, doc.block, doc.render(mod)) : doc.render(mod);
    if (process.argv.includes('--check')) {
      if (current !== text) {
        console.error(`${doc.file} is stale: run node scripts/gen-docs.mjs`);
        stale = true;
      } else console.error(`${doc.file} is current`);
    } else {
      writeFileSync(file, text);
      console.error(`wrote ${doc.file}`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
if (stale) process.exit(1);
