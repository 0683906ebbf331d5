import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM build script without types
import { bundle } from '../../scripts/build-options.mjs';
import { FORMATS, jsonSchemaOf } from '../../src/schemas/registry.js';

const ROOT = path.resolve(__dirname, '../..');

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(dir, path.join(prefix, e.name)) : [path.join(prefix, e.name)],
  );
}

describe('committed artifacts are current', () => {
  it('dist/ matches a fresh build of src/ (run `npm run build` and commit dist/)', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'mtg-dist-'));
    await bundle(out);
    const fresh = listFiles(out).sort();
    const committed = listFiles(path.join(ROOT, 'dist')).sort();
    expect(committed).toEqual(fresh);
    for (const f of fresh) {
      expect(readFileSync(path.join(ROOT, 'dist', f), 'utf8'), `dist/${f} is stale`).toBe(readFileSync(path.join(out, f), 'utf8'));
    }
  });

  it.each(Object.keys(FORMATS))('schemas/%s.schema.json matches the zod schema (run `npm run build`)', (name) => {
    const committed = JSON.parse(readFileSync(path.join(ROOT, 'schemas', `${name}.schema.json`), 'utf8'));
    expect(committed).toEqual(jsonSchemaOf(name));
  });

  it('action.yml runs dist/index.js on node24 and documents every input and output', () => {
    const yml = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
    expect(yml).toMatch(/using: node24/);
    expect(yml).toMatch(/main: dist\/index\.js/);
    for (const name of [
      'config',
      'github-token',
      'min-score',
      'max-score-drop',
      'mode',
      'baseline',
      'id',
      'score',
      'base-score',
      'delta',
      'level',
      'passed',
      'report-path',
    ]) {
      expect(yml).toMatch(new RegExp(`\\n  ${name}:\\n    description: .+`));
    }
  });
});
