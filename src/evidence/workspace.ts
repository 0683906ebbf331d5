import { promises as fs } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';

/** Evidence files are read through this interface, so the core can be tested without a disk. */
export interface Workspace {
  /** Absolute root; config paths are relative to it. */
  readonly root: string;
  /** Read a file as UTF-8 text. Throws EvidenceFileError for missing, oversized or unreadable files. */
  readText(file: string, maxBytes?: number): Promise<string>;
  /** Absolute path of a repository-relative path. */
  resolve(file: string): string;
  /** Files matching a glob (`*`, `**`, `?`), sorted; a plain path is returned as is when it exists. */
  glob(pattern: string): Promise<string[]>;
}

export class EvidenceFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

const hasGlob = (p: string) => /[*?[]/.test(p);

/**
 * A glob as a RegExp over repository-relative paths (picomatch): `**` matches any number of
 * directories, `*` anything but `/`, `?` one character; dotfiles match like any other name.
 */
export function globToRegExp(pattern: string): RegExp {
  return picomatch.makeRe(pattern, { dot: true });
}

export function fileWorkspace(root: string): Workspace {
  const abs = path.resolve(root);
  const resolve = (file: string) => path.resolve(abs, file);
  const rel = (p: string) => path.relative(abs, p).split(path.sep).join('/');

  async function stat(file: string, maxBytes: number) {
    let st;
    try {
      st = await fs.stat(resolve(file));
    } catch {
      throw new EvidenceFileError(file, `file not found: ${file} (looked for ${resolve(file)})`);
    }
    if (!st.isFile()) throw new EvidenceFileError(file, `${file} is not a file`);
    if (st.size > maxBytes) throw new EvidenceFileError(file, `${file} is ${st.size} bytes; the limit is ${maxBytes}`);
    return st;
  }

  return {
    root: abs,
    resolve,
    async readText(file, maxBytes = DEFAULT_MAX_BYTES) {
      await stat(file, maxBytes);
      return fs.readFile(resolve(file), 'utf8');
    },
    async glob(pattern) {
      const norm = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
      if (!hasGlob(norm)) {
        try {
          await fs.access(resolve(norm));
          return [norm];
        } catch {
          return [];
        }
      }
      const segs = norm.split('/');
      const staticSegs: string[] = [];
      for (const s of segs) {
        if (hasGlob(s)) break;
        staticSegs.push(s);
      }
      const base = resolve(staticSegs.join('/') || '.');
      const re = globToRegExp(norm);
      const out: string[] = [];
      const walk = async (dir: string, depth: number) => {
        if (depth > 32) return;
        let entries;
        try {
          entries = await fs.readdir(dir, { withFileTypes: true });
        } catch {
          return;
        }
        for (const e of entries) {
          if (e.name === 'node_modules' || e.name === '.git') continue;
          const p = path.join(dir, e.name);
          if (e.isDirectory()) await walk(p, depth + 1);
          else if (e.isFile() && re.test(rel(p))) out.push(rel(p));
        }
      };
      await walk(base, 0);
      return out.sort();
    },
  };
}
