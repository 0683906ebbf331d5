import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { globToRegExp } from '../../src/evidence/glob.js';
import { EvidenceFileError, fileWorkspace } from '../../src/evidence/workspace.js';

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

/** A repository next to a directory outside it, both temporary. */
function sandbox(files: Record<string, string> = {}): { root: string; out: string; put: (rel: string, text: string) => string } {
  const base = mkdtempSync(path.join(tmpdir(), 'mtg-jail-'));
  const root = path.join(base, 'repo');
  const out = path.join(base, 'outside');
  mkdirSync(root);
  mkdirSync(out);
  const put = (rel: string, text: string) => {
    const p = path.isAbsolute(rel) ? rel : path.join(root, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
    return p;
  };
  for (const [f, t] of Object.entries(files)) put(f, t);
  return { root, out, put };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(EvidenceFileError);
    return (e as Error).message;
  }
  throw new Error('expected an EvidenceFileError');
}

describe('fileWorkspace confinement (realpath, roots)', () => {
  it('reads inside the root, also through a symlink that stays inside', async () => {
    const { root, put } = sandbox({ 'a/x.json': '{"ok":1}' });
    symlinkSync(path.join(root, 'a', 'x.json'), path.join(root, 'link.json'));
    const ws = fileWorkspace(root);
    expect(await ws.readText('a/x.json')).toBe('{"ok":1}');
    expect(await ws.readText('link.json')).toBe('{"ok":1}');
    expect(await ws.readText('./a/../a/x.json')).toBe('{"ok":1}');
    expect(await ws.locate('link.json')).toBe(realpathSync(put('a/x.json', '{"ok":1}')));
  });

  it('refuses absolute paths and .. outside the root without touching them, naming the path only', async () => {
    const { root, out, put } = sandbox();
    const secret = put(path.join(out, 'secret.txt'), 'TOKEN=ghs_abcdefghijklmnopqrstuvwxyz012345');
    const ws = fileWorkspace(root);
    for (const p of [secret, '../outside/secret.txt', 'a/../../outside/secret.txt', '/etc/passwd', '../outside/missing.txt']) {
      const m = await refusal(ws.readText(p));
      expect(m).toBe(
        `${p} is outside the repository root: refused (evidence is read only from the repository; list a directory in workspace.extra-roots to allow it)`,
      );
    }
  });

  it('Windows separators resolve inside the root; climbing out, drive and UNC paths, and symlinks out stay refused', async () => {
    const { root, out, put } = sandbox({ 'data/train.csv': 'a,b\n1,2\n', 'data/sub/x.json': '{"w":1}' });
    put(path.join(out, 'secret.txt'), 'ghs_abcdefghijklmnopqrstuvwxyz012345');
    symlinkSync(out, path.join(root, 'data', 'out'));
    const ws = fileWorkspace(root);
    expect(await ws.readText('data\\train.csv')).toBe('a,b\n1,2\n');
    expect(await ws.readText('.\\data\\sub\\x.json')).toBe('{"w":1}');
    expect(await ws.locate('data\\sub\\x.json')).toBe(realpathSync(path.join(root, 'data', 'sub', 'x.json')));
    expect(ws.resolve('data\\train.csv')).toBe(path.join(ws.root, 'data', 'train.csv'));
    expect(await ws.glob('data\\*.csv')).toEqual(['data/train.csv']);
    for (const p of [
      '..\\outside\\secret.txt',
      'data\\..\\..\\outside\\secret.txt',
      'C:\\outside\\secret.txt',
      'c:/x.json',
      '\\\\server\\share\\x.json',
    ]) {
      expect(await refusal(ws.readText(p))).toMatch(/is outside the repository root: refused/);
      expect(await ws.glob(p).then((g) => g.length)).toBeLessThanOrEqual(1);
    }
    expect(await refusal(ws.readText('data\\out\\secret.txt'))).toMatch(/leads through a symlink to a place outside/);
    expect(await refusal(ws.readText('data\\missing.csv'))).toMatch(
      /^file not found: data\\missing\.csv \(looked for .*data\/missing\.csv\)$/,
    );
  });

  it('refuses a symlink to a file outside, a symlinked directory on the way, and /proc/self/environ', async () => {
    const { root, out, put } = sandbox();
    put(path.join(out, 'd', 'secret.txt'), 'ghs_abcdefghijklmnopqrstuvwxyz012345');
    symlinkSync(path.join(out, 'd', 'secret.txt'), path.join(root, 'eval.json'));
    symlinkSync(path.join(out, 'd'), path.join(root, 'dir'));
    symlinkSync('/proc/self/environ', path.join(root, 'env.json'));
    const ws = fileWorkspace(root);
    for (const p of ['eval.json', 'dir/secret.txt', 'env.json', 'dir/missing.txt']) {
      const m = await refusal(ws.readText(p));
      expect(m).toBe(
        `${p} leads through a symlink to a place outside the repository root: refused (evidence is read only from the repository; list a directory in workspace.extra-roots to allow it)`,
      );
      await refusal(ws.locate(p));
    }
  });

  it('extra roots let in a directory outside (and symlinks into it); extra files exactly one file', async () => {
    const { root, out, put } = sandbox();
    put(path.join(out, 'cache', 'm.json'), '{"m":1}');
    put(path.join(out, 'other.json'), '{"o":1}');
    symlinkSync(path.join(out, 'cache'), path.join(root, 'cache'));
    const ws = fileWorkspace(root, { extraRoots: ['../outside/cache'] });
    expect(await ws.readText('../outside/cache/m.json')).toBe('{"m":1}');
    expect(await ws.readText('cache/m.json')).toBe('{"m":1}');
    expect(await ws.glob('cache/*.json')).toEqual(['cache/m.json']);
    expect(await refusal(ws.readText('../outside/other.json'))).toContain('and the directories in workspace.extra-roots');
    const one = fileWorkspace(root, { extraFiles: [path.join(out, 'other.json')] });
    expect(await one.readText(path.join(out, 'other.json'))).toBe('{"o":1}');
    await refusal(one.readText('../outside/cache/m.json'));
  });

  it('a FIFO or a directory is not a file (and reading a FIFO cannot hang)', async () => {
    const { root } = sandbox({ 'd/x': '' });
    const fifo = spawnSync('mkfifo', [path.join(root, 'pipe.json')]);
    const ws = fileWorkspace(root);
    if (fifo.status === 0) expect(await refusal(ws.readText('pipe.json'))).toBe('pipe.json is not a file');
    expect(await refusal(ws.readText('d'))).toBe('d is not a file');
    expect(await refusal(ws.readText('nope.json'))).toMatch(/^file not found: nope\.json \(looked for \/.*\/nope\.json\)$/);
  });

  it('the byte limit is checked on the size and again while reading (a /proc file says size 0)', async () => {
    const { root, put } = sandbox();
    put('big.json', 'x'.repeat(5000));
    const ws = fileWorkspace(root, { limits: { 'max-json-bytes': 1000 } });
    expect(await refusal(ws.readText('big.json'))).toBe(
      'big.json is 5,000 bytes, more than limits.max-json-bytes (1,000); it was not read',
    );
    expect(await refusal(ws.readText('big.json', 100))).toBe(
      'big.json is 5,000 bytes, more than the limit for this file (100 bytes); it was not read',
    );
    // /proc/self/status: st_size 0, about 1.4 KB when read
    const proc = fileWorkspace(root, { extraRoots: ['/proc'], limits: { 'max-json-bytes': 100 } });
    expect(await refusal(proc.readText('/proc/self/status'))).toBe(
      '/proc/self/status holds more than limits.max-json-bytes (100) bytes; it was not read',
    );
    expect((await proc.readText('/proc/self/status', 1 << 20)).length).toBeGreaterThan(100);
  });

  it('globs: the fixed part outside, or a symlinked directory out, is not walked; the pattern comes back for the reader to refuse', async () => {
    const { root, out, put } = sandbox({ 'r/a.xml': '<a/>' });
    put(path.join(out, 'b.xml'), '<b/>');
    symlinkSync(out, path.join(root, 'r', 'out'));
    symlinkSync(path.join(root, 'r'), path.join(root, 'r', 'loop')); // a cycle inside the root
    symlinkSync(path.join(out, 'b.xml'), path.join(root, 'r', 'c.xml')); // a symlinked file: listed, refused on read
    const ws = fileWorkspace(root);
    expect(await ws.glob('r/**/*.xml')).toEqual(['r/a.xml', 'r/c.xml']); // r/loop is r again: not walked twice
    expect(await ws.glob('**/*.xml')).toEqual(['r/a.xml', 'r/c.xml']);
    await refusal(ws.readText('r/c.xml'));
    expect(await ws.glob('../outside/*.xml')).toEqual(['../outside/*.xml']);
    expect(await refusal(ws.readText('../outside/*.xml'))).toMatch(/^\.\.\/outside\/\*\.xml is outside the repository root: refused/);
    expect(await ws.glob('r/out/*.xml')).toEqual(['r/out/*.xml']);
    expect(await refusal(ws.readText('r/out/*.xml'))).toMatch(/leads through a symlink to a place outside the repository root: refused/);
    expect(await ws.glob(path.join(out, 'b.xml'))).toEqual([path.join(out, 'b.xml')]); // a plain path: refused when read
  });
});
