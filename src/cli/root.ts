/**
 * Where the repository is, so that config and evidence paths mean the same from any directory:
 * `--root`, else GITHUB_WORKSPACE (when the current directory is inside it), else the git top level of
 * the current directory, else the config file's repository (its git top level, or the folder above its
 * `.github/`), else the current directory. Paths typed on the command line (`--config`, `--baseline`,
 * outputs) are relative to the current directory, as a shell user expects.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface RootChoice {
  /** Absolute path of the repository root. */
  root: string;
  /** Why this root, for messages: "--root", "GITHUB_WORKSPACE", "the git repository of the current directory"... */
  why: string;
}

const inside = (dir: string, parent: string) => {
  const rel = path.relative(parent, dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** The nearest folder at or above `dir` that holds `.git` (a directory, or a worktree's file). */
export function gitTopLevel(dir: string, exists: (p: string) => boolean = existsSync): string | null {
  let d = path.resolve(dir);
  for (;;) {
    if (exists(path.join(d, '.git'))) return d;
    const up = path.dirname(d);
    if (up === d) return null;
    d = up;
  }
}

export interface RootQuery {
  flag?: string;
  cwd: string;
  env?: Record<string, string | undefined>;
  /** The --config flag, relative to cwd. */
  config?: string;
  exists?: (p: string) => boolean;
}

export function findRoot(q: RootQuery): RootChoice {
  const exists = q.exists ?? existsSync;
  if (q.flag !== undefined) return { root: path.resolve(q.cwd, q.flag), why: '--root' };
  const ws = q.env?.GITHUB_WORKSPACE;
  if (ws && inside(path.resolve(q.cwd), path.resolve(ws))) return { root: path.resolve(ws), why: 'GITHUB_WORKSPACE' };
  const top = gitTopLevel(q.cwd, exists);
  if (top) return { root: top, why: 'the git repository of the current directory' };
  if (q.config !== undefined) {
    const dir = path.dirname(path.resolve(q.cwd, q.config));
    const configTop = gitTopLevel(dir, exists);
    if (configTop) return { root: configTop, why: "the config file's git repository" };
    if (path.basename(dir) === '.github') return { root: path.dirname(dir), why: 'the folder that holds the config file’s .github/' };
  }
  return { root: path.resolve(q.cwd), why: 'the current directory (no git repository found)' };
}

/** A path typed on the command line (relative to cwd) as the workspace sees it: relative to the root when inside it. */
export function underRoot(root: string, cwd: string, file: string): string {
  const abs = path.resolve(cwd, file);
  return inside(abs, root) ? path.relative(root, abs).split(path.sep).join('/') || '.' : abs;
}
