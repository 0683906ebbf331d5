/**
 * The dependency rule of src/: folders form layers, and an import may only go to the same or a lower
 * layer; no folder-level or file-level cycles. A plain test (no dependency-cruiser): it needs only the
 * TypeScript parser we already have, runs in the fast tier, and keeps the layer list in one place.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '../../src');

/** Low to high. Folders on one line are one layer (they may import each other, without cycles). */
export const LAYERS: readonly (readonly string[])[] = [
  ['util'],
  ['schemas'],
  ['rubric'],
  ['stats'],
  ['evidence', 'config'],
  ['data', 'importers'],
  ['assertions'],
  ['gate'],
  ['report'],
  ['github'],
  ['action', 'cli'],
];

/** Imports that go up on purpose. github implements the gate's baseline port (adapter -> port). */
const ALLOWED_UPWARD: ReadonlyArray<{ from: string; to: string }> = [{ from: 'github/', to: 'gate/baseline.ts' }];

function layerOf(folder: string): number {
  const i = LAYERS.findIndex((l) => l.includes(folder));
  if (i < 0) throw new Error(`src/${folder} is in no layer: add it to LAYERS in test/build/layers.test.ts`);
  return i;
}

/** The top folder of a src-relative file; files directly under src/ (version.ts) count as util. */
const folderOf = (rel: string): string => (rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : 'util');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

/** Relative imports of one file (static, re-exports and dynamic `import()`), as src-relative .ts paths. */
export function importsOf(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const specs: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      specs.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specs.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return specs.filter((s) => s.startsWith('.')).map((s) => path.relative(SRC, path.resolve(path.dirname(file), s)).replace(/\.js$/, '.ts'));
}

const graph = new Map(sourceFiles(SRC).map((f) => [path.relative(SRC, f), importsOf(f, readFileSync(f, 'utf8'))] as const));

/** One cycle per strongly connected component with more than one node (or a self-loop), as a path. */
function cycles(edges: Map<string, Set<string>>): string[][] {
  const out: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const walk = (n: string): void => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of edges.get(n) ?? []) {
      if (state.get(m) === 'open') out.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) walk(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of edges.keys()) if (!state.has(n)) walk(n);
  return out;
}

describe('src/ dependency rule', () => {
  it('finds the imports of every file (the scan itself works)', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('gate/evaluate.ts')).toContain('rubric/score.ts');
    expect(importsOf(path.join(SRC, 'x/a.ts'), "export * from './b.js'; const m = await import('../y/c.js');")).toEqual([
      'x/b.ts',
      'y/c.ts',
    ]);
  });

  it('every import goes to the same or a lower layer', () => {
    const upward: string[] = [];
    for (const [from, targets] of graph) {
      for (const to of targets) {
        if (layerOf(folderOf(to)) <= layerOf(folderOf(from))) continue;
        if (ALLOWED_UPWARD.some((a) => from.startsWith(a.from) && to === a.to)) continue;
        upward.push(`${from} -> ${to}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('every imported file exists', () => {
    const missing = [...graph].flatMap(([from, targets]) => targets.filter((t) => !graph.has(t)).map((t) => `${from} -> ${t}`));
    expect(missing).toEqual([]);
  });

  it('has no cycles between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const [from, targets] of graph) {
      const f = folderOf(from);
      for (const t of targets.map(folderOf)) if (t !== f) edges.set(f, (edges.get(f) ?? new Set()).add(t));
    }
    expect(cycles(edges).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('has no cycles between files', () => {
    const edges = new Map([...graph].map(([f, t]) => [f, new Set(t)] as const));
    expect(cycles(edges).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('the cycle finder finds a cycle (the check can fail)', () => {
    const e = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cycles(e)).toEqual([['a', 'b', 'c', 'a']]);
  });
});
