// The prediction reader's worker thread (src/evidence/predictions/offload.ts) as one file of its own,
// predictions-worker.mjs: built into dist/ by build-options.mjs, next to the model benchmark's bundle
// by bench/model/run.mjs, and by the tests of the worker path.
import { build } from 'esbuild';
import path from 'node:path';

export const WORKER_FILE = 'predictions-worker.mjs';

/**
 * The reader needs only DEFAULT_LIMITS of the config schemas (json.ts's JSON limits): the worker gets
 * those values as a constant module, computed from the schema module at build time, instead of zod
 * and the schemas (a quarter of the time the worker takes to load its code). An import of anything
 * else from that module fails the build.
 */
const limitsOnly = {
  name: 'limits-only',
  setup(b) {
    b.onResolve({ filter: /schemas\/config\/workspace\.js$/ }, (a) => ({
      path: path.join(a.resolveDir, a.path),
      namespace: 'limits-only',
    }));
    b.onLoad({ filter: /.*/, namespace: 'limits-only' }, async (a) => {
      const r = await build({
        entryPoints: [a.path.replace(/\.js$/, '.ts')],
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'node',
        logLevel: 'silent',
      });
      const m = await import(`data:text/javascript;base64,${Buffer.from(r.outputFiles[0].text).toString('base64')}`);
      const fields = Object.entries(m.DEFAULT_LIMITS).map(
        ([k, v]) => `${JSON.stringify(k)}: ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`,
      );
      return { contents: `export const DEFAULT_LIMITS = Object.freeze({ ${fields.join(', ')} });`, loader: 'js' };
    });
  },
};

/** Build the worker into outdir/predictions-worker.mjs with the options of dist/ (buildOptions), as one file. */
export async function buildPredictionWorker(options, outdir) {
  await build({
    ...options,
    entryPoints: { 'predictions-worker': 'src/evidence/predictions/worker.ts' },
    outdir,
    splitting: false,
    outExtension: { '.js': '.mjs' },
    plugins: [...(options.plugins ?? []), limitsOnly],
  });
}
