/**
 * Every evidence file is read through a Workspace: the one place that decides which files may be
 * read and how much of them. A path is resolved with realpath and refused when it leads outside the
 * repository root and the config's `workspace.extra-roots`, whether by an absolute path, `..`, a glob
 * or a symlink; the refusal names the path, never what is there. Files are opened without following
 * a symlink at the last step, must be regular files (not a FIFO or a device), and are read up to a
 * limit that is checked before reading and again while reading (a file under /proc says size 0).
 */
import { closeSync, constants, fstatSync, openSync, promises as fs, readdir, readSync, realpath, realpathSync, stat } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_LIMITS, type Limits } from '../schemas/constants.js';
import type { Config } from '../schemas/config.js';
import type { TableLimits } from './table/open.js';
import { groupDigits } from '../util/format.js';

/**
 * A run's reads (the config, reports, JUnit files, the baseline: a few KB each) are synchronous: an
 * asynchronous call goes through libuv's thread pool, whose start and round trips cost more than
 * such a read (4 realpath calls on Node 24: 0.1 ms synchronous, 7-17 ms asynchronous on a loaded
 * 2-core machine), and fs.promises loads readline and the REPL history on first use. A glob's walk
 * stays asynchronous (node:fs's callback functions as promises). realpath.native is the system's
 * realpath, as fs.promises.realpath.
 */
const fsp = {
  realpath: promisify(realpath.native),
  readdir: promisify(readdir),
  stat: promisify(stat),
};

/** Evidence files are read through this interface, so the core can be tested without a disk. */
export interface Workspace {
  /** Absolute root; config paths are relative to it. */
  readonly root: string;
  /** The limits on evidence files (config `limits`, else the defaults). */
  readonly limits: Limits;
  /** Absolute path of a repository-relative path (for messages that say where a file was looked for; nothing is read). */
  resolve(file: string): string;
  /**
   * Read a file as UTF-8 text, at most `maxBytes` (default: limits.max-json-bytes). Throws
   * EvidenceFileError for a missing, refused, oversized or unreadable file.
   */
  readText(file: string, maxBytes?: number): Promise<string>;
  /**
   * The real path of an evidence file that a reader streams itself (tables), after the same checks as
   * readText. Throws EvidenceFileError.
   */
  locate(file: string): Promise<string>;
  /**
   * Files matching a glob (`*`, `**`, `?`), sorted; a plain path is returned as is when it exists.
   * Symlinked directories that lead outside the allowed roots are not walked. A path or a pattern whose
   * fixed part is outside them is returned as is, unexpanded: every reader reads what glob gives, and
   * reading it is refused with a message naming it (so no caller can mistake it for "no match").
   */
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

export interface WorkspaceOptions {
  /** Directories outside the root that evidence may come from (config `workspace.extra-roots`), absolute or relative to the root. */
  extraRoots?: readonly string[];
  /** Single files outside the root that may be read: what the user named on the command line (the CLI's --baseline). */
  extraFiles?: readonly string[];
  limits?: Partial<Limits>;
}

/** The workspace a config describes: its extra roots and limits (with config-source base, the base commit's). */
export function workspaceOf(root: string, config: Pick<Config, 'workspace' | 'limits'>, extraFiles: readonly string[] = []): Workspace {
  return fileWorkspace(root, { extraRoots: config.workspace['extra-roots'], limits: config.limits, extraFiles });
}

const hasGlob = (p: string) => /[*?[]/.test(p);

/** How the gate's readers open a table the Workspace located: with the config's limits, without following a symlink. */
export function tableAccess(ws: Workspace): { limits: TableLimits; noFollow: boolean } {
  const l = ws.limits;
  return { limits: { maxRows: l['max-rows'], maxBytes: l['max-decompressed-bytes'], maxCellBytes: l['max-cell-bytes'] }, noFollow: true };
}

const bytes = (n: number) => groupDigits(n);

/** The realpath of a directory that should exist; the plain absolute path when it does not (yet). */
function realDir(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/**
 * A config path as the repository path it means: Windows separators (`data\\train.csv`, written on
 * Windows or copied from Explorer) become `/`, so the same config works on every runner. A drive path
 * (`C:\\data`) is absolute: null, refused like any path outside the root.
 */
export function portablePath(file: string): string | null {
  const p = file.replace(/\\/g, '/');
  return /^[A-Za-z]:\//.test(p) ? null : p;
}

/** The absolute path of a config path under `root` (null: a drive path, outside by definition). */
function resolveIn(root: string, file: string): string | null {
  const p = portablePath(file);
  return p === null ? null : path.resolve(root, p);
}

/** True when `p` is `root` or inside it (both absolute and normalised). */
export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** The confinement rules of one workspace: its real root and extra roots, and the messages of a refusal. */
class Confinement {
  readonly roots: string[];
  private readonly files: Set<string>;

  constructor(
    readonly root: string,
    extraRoots: readonly string[],
    extraFiles: readonly string[],
  ) {
    this.roots = [realDir(root), ...extraRoots.map((r) => realDir(path.resolve(root, r)))];
    // each extra file as named and as its real path (the name is checked before realpath, the real path after)
    this.files = new Set(extraFiles.flatMap((f) => [path.resolve(root, f), realDir(path.resolve(root, f))]));
  }

  allows(abs: string): boolean {
    return this.files.has(abs) || this.roots.some((r) => isInside(r, abs));
  }

  /** Before realpath: inside the root as named, or inside an allowed place (an extra file is checked by its real path). */
  allowsLexically(abs: string): boolean {
    return isInside(this.root, abs) || this.allows(abs);
  }

  refused(file: string, how: 'path' | 'symlink'): EvidenceFileError {
    const why = how === 'path' ? 'is outside the repository root' : 'leads through a symlink to a place outside the repository root';
    const extra =
      this.roots.length > 1 ? ' and the directories in workspace.extra-roots' : '; list a directory in workspace.extra-roots to allow it';
    return new EvidenceFileError(file, `${file} ${why}: refused (evidence is read only from the repository${extra})`);
  }

  /** The real path of `file` after the checks; EvidenceFileError when missing or refused. */
  async locate(file: string): Promise<string> {
    const abs = resolveIn(this.root, file);
    if (abs === null || !this.allowsLexically(abs)) throw this.refused(file, 'path');
    let real: string;
    try {
      real = realpathSync.native(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new EvidenceFileError(file, `${file}: cannot read (${code ?? 'error'})`);
      // missing: but if a directory on the way is a symlink out of the roots, that is the news
      if (!this.allows(await this.nearestReal(abs))) throw this.refused(file, 'symlink');
      throw new EvidenceFileError(file, `file not found: ${file} (looked for ${abs})`);
    }
    if (!this.allows(real)) throw this.refused(file, 'symlink');
    return real;
  }

  /** The real path of the nearest existing ancestor of `abs`. */
  private async nearestReal(abs: string): Promise<string> {
    for (let dir = path.dirname(abs); ; dir = path.dirname(dir)) {
      try {
        return realpathSync.native(dir);
      } catch {
        if (path.dirname(dir) === dir) return dir;
      }
    }
  }
}

/** Read at most `max` bytes of an open regular file; null when it holds more (whatever its size said). */
function readBounded(fd: number, size: number, max: number): Buffer | null {
  const chunks: Buffer[] = [];
  let total = 0;
  const step = Math.min(Math.max(size + 1, 64 * 1024), max + 1, 16 * 1024 * 1024);
  for (;;) {
    const buf = Buffer.allocUnsafe(Math.min(step, max + 1 - total));
    const bytesRead = readSync(fd, buf, 0, buf.length, null);
    if (bytesRead === 0) break;
    chunks.push(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
    total += bytesRead;
    if (total > max) return null;
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

/** No symlink at the last step, and no blocking on a FIFO. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** The EvidenceFileError for a failed open of `file`. */
function openFailed(e: unknown, file: string): EvidenceFileError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new EvidenceFileError(file, `file not found: ${file}`);
  if (code === 'ELOOP') return new EvidenceFileError(file, `${file} changed into a symlink while it was read: refused`);
  if (code === 'EISDIR') return new EvidenceFileError(file, `${file} is not a file`);
  return new EvidenceFileError(file, `${file}: cannot read (${code ?? 'error'})`);
}

/** Open a located file for reading: no symlink at the last step, a regular file only. */
export async function openLocated(real: string, file: string): Promise<{ fh: fs.FileHandle; size: number }> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(real, OPEN_FLAGS);
  } catch (e) {
    throw openFailed(e, file);
  }
  const st = await fh.stat();
  if (!st.isFile()) {
    await fh.close();
    throw new EvidenceFileError(file, `${file} is not a file`);
  }
  return { fh, size: st.size };
}

/** openLocated as a file descriptor, synchronously (readText). */
function openLocatedFd(real: string, file: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(real, OPEN_FLAGS);
  } catch (e) {
    throw openFailed(e, file);
  }
  let st;
  try {
    st = fstatSync(fd);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  if (!st.isFile()) {
    closeSync(fd);
    throw new EvidenceFileError(file, `${file} is not a file`);
  }
  return { fd, size: st.size };
}

/** A workspace without files, for parsing text already in memory with the store's rules (every read throws `why`). */
export function textOnlyWorkspace(why: string): Workspace {
  const fail = async (f: string): Promise<never> => {
    throw new EvidenceFileError(f, why);
  };
  return { root: '', limits: { ...DEFAULT_LIMITS }, resolve: (f) => f, readText: fail, locate: fail, glob: async () => [] };
}

export function fileWorkspace(root: string, opts: WorkspaceOptions = {}): Workspace {
  const abs = path.resolve(root);
  const limits: Limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const jail = new Confinement(abs, opts.extraRoots ?? [], opts.extraFiles ?? []);

  async function readText(file: string, maxBytes?: number): Promise<string> {
    const max = maxBytes ?? limits['max-json-bytes'];
    const named = maxBytes === undefined ? `limits.max-json-bytes (${bytes(max)})` : `the limit for this file (${bytes(max)} bytes)`;
    const real = await jail.locate(file);
    const { fd, size } = openLocatedFd(real, file);
    try {
      if (size > max) throw new EvidenceFileError(file, `${file} is ${bytes(size)} bytes, more than ${named}; it was not read`);
      const buf = readBounded(fd, size, max);
      if (buf === null) throw new EvidenceFileError(file, `${file} holds more than ${named} bytes; it was not read`);
      return buf.toString('utf8');
    } catch (e) {
      if (e instanceof EvidenceFileError) throw e;
      throw new EvidenceFileError(file, `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    } finally {
      closeSync(fd);
    }
  }

  return {
    root: abs,
    limits,
    resolve: (file) => resolveIn(abs, file) ?? file,
    readText,
    locate: (file) => jail.locate(file),
    glob: (pattern) => globIn(jail, pattern),
  };
}

/**
 * The files a glob names. The fixed directories before the first wildcard must be inside the allowed
 * roots (else the pattern itself is returned, for the reader to refuse by name); below them the walk
 * does not follow a symlinked directory that leads out of them (a symlinked file is listed, and
 * refused when read, naming it).
 */
async function globIn(jail: Confinement, pattern: string): Promise<string[]> {
  const portable = portablePath(pattern);
  if (portable === null) return [pattern]; // a drive path: the reader refuses it by name
  const norm = portable.replace(/^\.\//, '');
  if (!hasGlob(norm)) {
    try {
      await jail.locate(norm);
    } catch (e) {
      if (e instanceof EvidenceFileError && /^file not found/.test(e.message)) return [];
    }
    return [norm];
  }
  const segs = norm.split('/');
  const fixed = segs.slice(0, segs.findIndex(hasGlob));
  const prefix = fixed.join('/');
  const base = path.resolve(jail.root, prefix || '.');
  if (!jail.allowsLexically(base)) return [norm];
  let realBase: string;
  try {
    realBase = await fsp.realpath(base);
  } catch {
    return [];
  }
  if (!jail.allows(realBase)) return [norm];
  const { globToRegExp } = await import('./glob.js'); // picomatch, only for a glob
  const re = globToRegExp(segs.slice(fixed.length).join('/'));
  const out: string[] = [];
  await walk(jail, realBase, '', re, new Set([realBase]), out, 0);
  return out.map((rel) => (prefix ? `${prefix}/${rel}` : rel)).sort();
}

/** Walk `dir` (real path) collecting paths relative to the glob's base that match `re`. */
async function walk(jail: Confinement, dir: string, rel: string, re: RegExp, seen: Set<string>, out: string[], depth: number) {
  if (depth > 32) return;
  let entries;
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name === '.git') continue;
    const p = path.join(dir, e.name);
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      seen.add(p); // (real: its parent is) so a symlink back to it is not walked again
      await walk(jail, p, r, re, seen, out, depth + 1);
    } else if (e.isFile()) {
      if (re.test(r)) out.push(r);
    } else if (e.isSymbolicLink()) {
      let real: string;
      let st;
      try {
        real = await fsp.realpath(p);
        st = await fsp.stat(real);
      } catch {
        continue; // dangling
      }
      if (st.isDirectory()) {
        // never walk out of the allowed roots, and never twice into the same directory (cycles)
        if (!jail.allows(real) || seen.has(real)) continue;
        seen.add(real);
        await walk(jail, real, r, re, seen, out, depth + 1);
      } else if (re.test(r)) out.push(r); // read (and refused, if it leads out) by the reader, which names it
    }
  }
}
