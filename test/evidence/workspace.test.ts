import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { globToRegExp } from '../../src/evidence/glob.js';
import { fileWorkspace } from '../../src/evidence/workspace.js';

describe('globToRegExp (picomatch)', () => {
  it.each([
    ['reports/*.xml', 'reports/a.xml', true],
    ['reports/*.xml', 'reports/sub/a.xml', false], // * stops at /
    ['reports/**/*.xml', 'reports/a.xml', true], // ** matches no directory too
    ['reports/**/*.xml', 'reports/x/y/a.xml', true],
    ['model-?.xml', 'model-1.xml', true],
    ['model-?.xml', 'model-12.xml', false],
    ['*', '.hidden', true], // dotfiles match like other names
    ['ssn*', 'ssn_hash', true],
    ['a.b', 'axb', false], // a dot is a dot
    ['**/pyproject.toml', 'svc/api/pyproject.toml', true],
  ])('%s against %s: %s', (pattern, file, expected) => {
    expect(globToRegExp(pattern).test(file)).toBe(expected);
  });
});

describe('fileWorkspace.glob', () => {
  it('lists matching files sorted, skipping node_modules and .git', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'mtg-ws-'));
    for (const f of ['r/b.xml', 'r/a.xml', 'r/x/c.xml', 'r/node_modules/d.xml', 'r/.git/e.xml', 'r/a.txt']) {
      mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      writeFileSync(path.join(root, f), '<x/>');
    }
    const ws = fileWorkspace(root);
    expect(await ws.glob('r/**/*.xml')).toEqual(['r/a.xml', 'r/b.xml', 'r/x/c.xml']);
    expect(await ws.glob('r/*.xml')).toEqual(['r/a.xml', 'r/b.xml']);
    expect(await ws.glob('r/a.txt')).toEqual(['r/a.txt']);
    expect(await ws.glob('r/none.txt')).toEqual([]);
  });
});
