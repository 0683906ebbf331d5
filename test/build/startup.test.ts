/**
 * Cold start (issue 15): what a command loads before it runs is what it needs. A run loads an
 * evaluator's code, the config schema of a large section, the other tools' importers, the XML parser
 * and picomatch only through `import()` when the config asks for them, so they must never be reachable
 * from the commands through static imports. The time itself is measured by bench/startup, never here.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM build script without types
import { buildOptions } from '../../scripts/build-options.mjs';

const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'src');

/** The static, value-level imports of a file: relative ones as src-relative .ts paths, packages by name. */
function staticImports(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const node of sf.statements) {
    if (
      !(ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) ||
      !node.moduleSpecifier ||
      !ts.isStringLiteral(node.moduleSpecifier)
    )
      continue;
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const onlyTypes =
        clause?.isTypeOnly ||
        (clause &&
          !clause.name &&
          bindings &&
          ts.isNamedImports(bindings) &&
          bindings.elements.length > 0 &&
          bindings.elements.every((e) => e.isTypeOnly));
      if (onlyTypes) continue;
    } else if (node.isTypeOnly) continue;
    const spec = node.moduleSpecifier.text;
    out.push(
      spec.startsWith('.')
        ? path.relative(SRC, path.resolve(path.dirname(file), spec)).replace(/\.js$/, '.ts')
        : spec.replace(/^((@[^/]+\/)?[^/]+).*/, '$1'),
    );
  }
  return out;
}

/** Everything a module loads before its code runs: the closure over static imports. */
function loadedWith(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    if (!f.endsWith('.ts')) continue; // a package
    todo.push(...staticImports(path.join(SRC, f), readFileSync(path.join(SRC, f), 'utf8')));
  }
  return seen;
}

const EVALUATOR_DIRS = ['assertions/data/', 'assertions/model/', 'assertions/infra/', 'assertions/monitor/'];

/** What a report-level run (an eval report in our format, JUnit files) must not load up front. */
function heavy(f: string): boolean {
  return (
    (EVALUATOR_DIRS.some((d) => f.startsWith(d)) && f !== 'assertions/monitor/numerical-stability.ts') ||
    f.startsWith('assertions/groups/') ||
    ['schemas/config/model.ts', 'schemas/config/data.ts', 'schemas/config/infra.ts'].includes(f) ||
    ['schemas/snapshot.ts', 'schemas/infra.ts', 'schemas/k6.ts', 'importers/index.ts', 'evidence/glob.ts', 'evidence/junit.ts'].includes(
      f,
    ) ||
    ['stats/', 'data/', 'evidence/table/', 'evidence/predictions/'].some((d) => f.startsWith(d)) ||
    ['picomatch', 'fast-xml-parser', 'smol-toml', 'simple-statistics'].includes(f)
  );
}

describe('what the commands load before they run', () => {
  it('the scan finds static imports and skips type-only and dynamic ones (the check can fail)', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "import { type C } from './c.js';",
      "export { d } from '../x/d.js';",
      "import picomatch from 'picomatch';",
      "const e = await import('./e.js');",
    ].join('\n');
    expect(staticImports(path.join(SRC, 'gate/f.ts'), text)).toEqual(['gate/a.ts', 'x/d.ts', 'picomatch']);
    expect([...loadedWith('gate/evaluate.ts')]).toContain('assertions/registry.ts');
    expect(heavy('assertions/model/slices.ts') && heavy('fast-xml-parser') && !heavy('assertions/registry.ts')).toBe(true);
  });

  it.each(['cli/run.ts', 'action/run.ts'])(
    '%s loads no evaluator, large config section, importer, XML parser or glob matcher up front',
    (entry) => {
      const loaded = [...loadedWith(entry)];
      expect(loaded).toContain('gate/evaluate.ts'); // the scan reaches the gate
      expect(loaded.filter(heavy)).toEqual([]);
    },
  );

  it('the CLI entry (--help, --version) loads neither zod nor the YAML parser', () => {
    const loaded = [...loadedWith('cli/index.ts')];
    expect(loaded).toContain('cli/main.ts');
    expect(loaded.filter((f) => f === 'zod' || f === 'yaml' || f.startsWith('schemas/'))).toEqual([]);
  });

  it('the evaluators of a report-level config (reports group) load no prediction, snapshot or load-test code', () => {
    const loaded = [...loadedWith('assertions/groups/reports.ts')];
    expect(loaded).toContain('assertions/infra/reported-metrics.ts');
    const predictionsSnapshotsLoadTests = (f: string) =>
      [
        'evidence/predictions/',
        'evidence/table/',
        'data/',
        'assertions/shared/prediction-run.ts',
        'stats/model-eval.ts',
        'stats/bootstrap.ts',
      ].some((d) => f.startsWith(d)) ||
      ['importers/index.ts', 'schemas/snapshot.ts', 'schemas/infra.ts', 'schemas/k6.ts', 'smol-toml', 'simple-statistics'].includes(f);
    expect(loaded.filter(predictionsSnapshotsLoadTests)).toEqual([]);
  });

  it('no bundled dependency needs more of require() than calling it (the banner defines only that)', async () => {
    const out = path.join(os.tmpdir(), `mtg-startup-${process.pid}`);
    const r = await build({ ...buildOptions(out), write: false, metafile: true });
    const inputs = Object.keys(r.metafile!.inputs).filter((f) => f.includes('node_modules/'));
    expect(inputs.length).toBeGreaterThan(100);
    const uses = inputs.filter((f) => /\brequire\.(resolve|cache|main|extensions)\b/.test(readFileSync(path.join(ROOT, f), 'utf8')));
    expect(uses).toEqual([]);
    expect(buildOptions(out).banner.js).toMatch(
      /const require=\(id\)=>process\.getBuiltinModule\?\.\(id\)\?\?\(__rq\?\?=process\.getBuiltinModule\('node:module'\)\.createRequire\(import\.meta\.url\)\)\(id\);$/,
    );
  });
});
