// esbuild options shared by the build script and the test that checks dist/ is current.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeReportPath } from './lib/merge-chunks.mjs';
import { buildPredictionWorker } from './lib/prediction-worker.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Node's built-in modules through require() instead of import: an ESM import of a builtin makes a
 * facade module that copies every export of it (node:fs has about 100) before any code runs, a
 * require() returns the object itself. esbuild's CommonJS interop then reads each property where it
 * is used. Measured by bench/startup; the output's `require` is the banner's.
 */
/**
 * The module that stands for a builtin. By default CommonJS (`module.exports = require(...)`):
 * esbuild's interop (__toESM) copies each property descriptor into a new object and reads a
 * property when it is used, so lazy getters (node:fs's `promises`) stay lazy. For node:util that
 * copy itself runs its lazy getters, which load worker_threads, the streams, the locks and diff
 * modules (Node 24, about 5 ms); for it, and for builtins with no getters, an ES module instead:
 * the default export is the object, each named export one read of a property, marked pure so
 * esbuild drops those nobody imports (node:util's imported getter, parseArgs, is read when its
 * chunk loads: the CLI parses its arguments first anyway). The names are the builtin's own keys in
 * the Node that builds (a name it lacks fails the build).
 */
function builtinShim(name) {
  const m = process.getBuiltinModule(`node:${name}`);
  const keys = Object.keys(m);
  const getters = keys.some((k) => Object.getOwnPropertyDescriptor(m, k)?.get);
  if (getters && name !== 'util') return `module.exports = require('node:${name}');`;
  const lines = [`const m = require('node:${name}');`, 'export default m;'];
  for (const k of keys.filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default'))
    lines.push(`export const ${k} = /* @__PURE__ */ (() => m.${k})();`);
  return lines.join('\n');
}

const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    const names = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    b.onResolve({ filter: /^[a-z_:/]+$/ }, (a) =>
      names.has(a.path) && a.kind === 'import-statement' ? { path: a.path.replace(/^node:/, ''), namespace: 'builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (a) => ({ contents: builtinShim(a.path), loader: 'js' }));
  },
};

/**
 * Smaller dependencies in the bundle: yaml's ES module build (its `browser` build: the same code,
 * without two debug-logging environment variables, and warnings through console.warn) instead of
 * its CommonJS one, so esbuild drops what the bundle does not use; fast-xml-parser without the XML
 * builder its entry re-exports (the bundle has one for @actions/artifact's storage client, which
 * would otherwise share a chunk with the JUnit reader). The shim exports what fxp.js exports of them.
 */
const leanDependencies = {
  name: 'lean-dependencies',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: path.join(root, 'node_modules/yaml/browser/index.js') }));
    // for src/ (the JUnit reader): the parser and the validator, without the entry's re-export of the builder
    const src = path.join(root, 'src') + path.sep;
    b.onResolve({ filter: /^fast-xml-parser$/ }, (a) =>
      a.importer.startsWith(src) ? { path: 'fast-xml-parser', namespace: 'lean' } : undefined,
    );
    b.onLoad({ filter: /^fast-xml-parser$/, namespace: 'lean' }, () => ({
      resolveDir: path.join(root, 'node_modules/fast-xml-parser/src'),
      contents:
        "export { default as XMLParser } from './xmlparser/XMLParser.js';\nimport { validate } from './validator.js';\nexport const XMLValidator = { validate };\n",
    }));
  },
};

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
    // Some CommonJS dependencies call require(), and builtins are loaded with it (builtinsByRequire);
    // give the ESM output a require of its own: process.getBuiltinModule for a builtin (Node 20.16+,
    // 22.3+), else a createRequire made on first use. Every chunk gets the banner and imports nothing
    // for it (an import of node:module in each chunk was an ESM link per chunk at startup). No bundled
    // dependency uses require.resolve, require.cache or require.main, which this plain function lacks.
    banner: {
      js: "let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);",
    },
    plugins: [builtinsByRequire, leanDependencies],
    logLevel: 'warning',
  };
}

/**
 * Build dist/ into `outdir`: esbuild with buildOptions, then the report path's shared chunks merged
 * into one file (scripts/lib/merge-chunks.mjs). Returns esbuild's metafile, updated to the merge.
 * The build script, the test that checks dist/ is current and the loaded-modules test all build with this.
 */
export async function bundle(outdir) {
  const options = buildOptions(outdir);
  const r = await build({ ...options, metafile: true });
  await mergeReportPath(outdir, r.metafile, root, options.banner.js);
  await buildPredictionWorker(options, outdir); // the prediction reader's worker thread, a file of its own
  return r.metafile;
}
