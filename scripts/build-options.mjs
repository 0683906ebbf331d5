// esbuild options shared by the build script and the test that checks dist/ is current.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function buildOptions(outdir) {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  return {
    absWorkingDir: root,
    entryPoints: { index: 'src/action/index.ts', cli: 'src/cli/index.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'linked',
    chunkNames: 'chunks/[name]-[hash]',
    define: { __VERSION__: JSON.stringify(pkg.version) },
    // Some CommonJS dependencies call require(); give the ESM output a require of its own, created on
    // first use: every chunk gets the banner, few call it, and createRequire costs a fraction of a
    // millisecond per chunk at startup (bench/startup). No bundled dependency uses require.resolve,
    // require.cache or require.main, which this plain function does not have.
    banner: { js: "import{createRequire as __cr}from'node:module';let __rq;const require=(id)=>(__rq??=__cr(import.meta.url))(id);" },
    logLevel: 'warning',
  };
}
