// Fewer files for a report-level run (cold start, issue 15). esbuild splits the code into a chunk
// per set of entry points (the two entries and every dynamic import) that reach it, so a run loaded
// 40 files; each ES module costs its resolution, file read, compile and link (about 0.3 ms each on
// Node 24: 40 empty modules against one, bench/startup's machine). This step bundles the shared
// chunks (chunks/chunk-*.js) that the run command and the report path's lazy modules (REPORT_PATH)
// import into a few files with esbuild (which renames what collides), and points every import of
// them at those. The chunks are grouped by which of the other commands (OTHER_COMMANDS) import them
// too, so every command loads the same code as before, in fewer files: a run 19 files instead of 40;
// merged regardless, explain and metrics --help loaded 50-80 KB more, 5-19% more CPU. What the CLI's
// entry loads for --help and --version stays apart, and the lazy modules stay their own files: only
// the way the code is cut into files changes (the evaluation order keeps every import before its
// importer; a merge that would make a cycle between files is refused).
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/** The sources whose chunks (and the shared chunks they import) a report-level run loads. */
export const REPORT_PATH = ['src/cli/run.ts', 'src/assertions/groups/reports.ts', 'src/evidence/junit.ts'];

/** The other commands: the chunks they import too are merged apart from the rest (shared-HASH.js). */
const OTHER_COMMANDS = ['explain', 'history', 'metrics', 'data', 'schema'].map((c) => `src/cli/${c}.ts`);

const SHARED = /^chunk-[A-Z0-9]+\.js$/;
// esbuild's imports between chunks: named (`import{a as b,c}from"./chunk-X.js"`) or bare (`import"./chunk-X.js"`)
const NAMED = /import\{([^}]*)\}from"(\.\/(?:chunks\/)?)(chunk-[A-Z0-9]+\.js)";?/g;
const BARE = /import"(\.\/(?:chunks\/)?)(chunk-[A-Z0-9]+\.js)";?/g;

/**
 * Merge, in `outdir` as esbuild wrote it with `metafile` (paths relative to `root`), the shared
 * chunks of the report path into a file per group (report-path-HASH.js: what only the report path
 * imports; sharedN-HASH.js: what other commands import too, N their bit set); updates the metafile's
 * outputs to match.
 */
export async function mergeReportPath(outdir, metafile, root, banner) {
  const abs = (o) => path.resolve(root, o);
  const outputs = metafile.outputs;
  const staticClosure = (starts) => {
    const seen = new Set();
    const todo = [...starts];
    while (todo.length) {
      const o = todo.shift();
      if (seen.has(o)) continue;
      seen.add(o);
      for (const i of outputs[o]?.imports ?? []) if (i.kind === 'import-statement' && outputs[i.path]) todo.push(i.path);
    }
    return [...seen];
  };
  const entryOf = (src) => Object.keys(outputs).find((o) => outputs[o].entryPoint === src && o.endsWith('.js'));
  const cli = new Set(staticClosure([entryOf('src/cli/index.ts')]));
  const starts = REPORT_PATH.map(entryOf);
  if (starts.some((s) => s === undefined)) throw new Error(`merge-chunks: no output for one of ${REPORT_PATH.join(', ')}`);
  const candidates = staticClosure(starts).filter(
    (o) => SHARED.test(path.basename(o)) && !cli.has(o) && !existsSync(`${abs(o)}.LEGAL.txt`),
  );
  // grouped by which other commands import them too, so that a command loads no more than before
  const reach = OTHER_COMMANDS.map((c) => new Set(staticClosure([entryOf(c)].filter(Boolean))));
  const groups = new Map();
  for (const o of candidates) {
    const key = reach.map((r) => (r.has(o) ? 1 : 0)).join('');
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  for (const [key, group] of [...groups].sort()) await mergeGroup(group, /^0+$/.test(key) ? 'report-path' : `shared${parseInt(key, 2)}`);

  async function mergeGroup(group, prefix) {
    if (group.length < 2) return;
    // a chunk outside the group that a member imports must not import a member: merged, that would be a cycle
    const inGroup = new Set(group);
    const outside = staticClosure(group).filter((o) => !inGroup.has(o));
    for (const o of outside) {
      const back = staticClosure([o]).find((x) => inGroup.has(x));
      if (back) throw new Error(`merge-chunks: ${o} is imported by the ${prefix} chunks and imports ${back}: merged, a cycle`);
    }
    const names = new Map(group.map((o, i) => [path.basename(o), `m${i}_`]));
    const entry = group
      .map((o) => {
        const file = path.basename(o);
        const ex = outputs[o].exports;
        return ex.length ? `export{${ex.map((e) => `${e} as ${names.get(file)}${e}`).join(',')}}from"./${file}";` : `import"./${file}";`;
      })
      .join('\n');
    const chunks = path.join(outdir, 'chunks');
    const r = await build({
      stdin: { contents: entry, resolveDir: chunks, sourcefile: 'report-path.js', loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      minify: true,
      legalComments: 'none', // the merged chunks have none (a chunk with a LEGAL.txt stays out)
      banner: { js: banner },
      write: false,
      logLevel: 'warning',
      plugins: [
        {
          name: 'other-chunks-external',
          setup(b) {
            b.onResolve({ filter: /^\.\/[^/]+\.js$/ }, (a) =>
              names.has(path.basename(a.path)) ? undefined : { path: a.path, external: true },
            );
          },
        },
      ],
    });
    const text = r.outputFiles[0].text;
    const file = `${prefix}-${createHash('sha256').update(text).digest('hex').slice(0, 8).toUpperCase()}.js`;
    // point every import of a merged chunk at the new file, under its new export names
    for (const o of Object.keys(outputs)) {
      if (!o.endsWith('.js') || group.includes(o)) continue;
      const before = readFileSync(abs(o), 'utf8');
      const after = before
        .replace(NAMED, (m, specs, dir, f) => {
          const p = names.get(f);
          if (!p) return m;
          const mapped = specs.split(',').map((s) => {
            const [name, local = name] = s.split(' as ');
            return `${p}${name} as ${local}`;
          });
          return `import{${mapped.join(',')}}from"${dir}${file}";`;
        })
        .replace(BARE, (m, dir, f) => (names.has(f) ? `import"${dir}${file}";` : m));
      for (const f of names.keys()) if (after.includes(f)) throw new Error(`merge-chunks: ${o} still names ${f}`);
      if (after !== before) writeFileSync(abs(o), after);
    }
    writeFileSync(path.join(chunks, file), text);
    // the metafile, as if esbuild had written the merged file
    const inputs = {};
    for (const o of group) {
      for (const [i, v] of Object.entries(outputs[o].inputs))
        inputs[i] = { bytesInOutput: (inputs[i]?.bytesInOutput ?? 0) + v.bytesInOutput };
      rmSync(abs(o));
      delete outputs[o];
    }
    const rel = path.relative(root, path.join(chunks, file));
    outputs[rel] = { imports: [], exports: [], inputs, bytes: Buffer.byteLength(text) };
    for (const v of Object.values(outputs)) {
      const seen = new Set();
      v.imports = v.imports
        .map((i) => (group.includes(i.path) ? { ...i, path: rel } : i))
        .filter((i) => (i.path === rel ? !seen.has(i.kind) && seen.add(i.kind) : true));
    }
  }
}
