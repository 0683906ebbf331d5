import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileWorkspace } from '../evidence/workspace.js';
import {
  buildHistory,
  historyMarkdown,
  historyText,
  loadHistoryReports,
  MAX_REPORT_CHARS,
  type LoadedReport,
  type Skipped,
} from '../report/history.js';
import { UserError } from '../util/errors.js';
import { numberFlag, parseFlags } from './args.js';
import type { CliIO } from './io.js';

export const HISTORY_HELP = `Usage: ml-test-gate history REPORT... [options]

Draw the final and section scores over time from JSON reports of the base branch (files, directories
of *.json, or quoted globs), and say which scores have fallen run after run.

Options:
  --id NAME            only reports of this gate id (default: the id of the newest report)
  --limit N            show at most the newest N runs (default 20)
  --falling N          call out a score that fell in each of the last N runs (default 2)
  --json               print the history as JSON (schemas/history.schema.json)
  --markdown-out FILE  write a Markdown section with a mermaid chart to FILE
  -h, --help           show this help

Exit codes: 0 history drawn, 2 could not run (bad flags, or no valid report).`;

/** At most this many report files are read. */
export const MAX_HISTORY_FILES = 500;

const hasGlob = (p: string) => /[*?[]/.test(p);

/** The report files an argument names: a file, the *.json files of a directory, or a glob's matches. */
async function expand(arg: string, cwd: string): Promise<{ files: string[]; problem?: Skipped }> {
  if (hasGlob(arg)) {
    // a glob named on the command line may point anywhere: walk from its fixed directories
    const segs = arg.replace(/\\/g, '/').split('/');
    const at = segs.findIndex(hasGlob);
    const fixed = segs.slice(0, at).join('/') || (arg.startsWith('/') ? '/' : '');
    const files = await fileWorkspace(path.resolve(cwd, fixed || '.')).glob(segs.slice(at).join('/'));
    const full = files.map((f) => (fixed ? path.posix.join(fixed, f) : f));
    return full.length ? { files: full } : { files: [], problem: { source: arg, message: `${arg}: no file matches this pattern` } };
  }
  let st;
  try {
    st = await fs.stat(path.resolve(cwd, arg));
  } catch {
    return { files: [], problem: { source: arg, message: `${arg}: file not found` } };
  }
  if (!st.isDirectory()) return { files: [arg] };
  const names = (await fs.readdir(path.resolve(cwd, arg))).filter((n) => n.endsWith('.json')).sort();
  return names.length
    ? { files: names.map((n) => path.join(arg, n)) }
    : { files: [], problem: { source: arg, message: `${arg}: no .json file in this directory` } };
}

/** Read the reports named by the arguments; every problem is one message naming the file, and the rest go on. */
export async function readReportFiles(
  args: readonly string[],
  cwd: string,
): Promise<{ reports: LoadedReport[]; skipped: Skipped[]; files: number }> {
  const skipped: Skipped[] = [];
  const files: string[] = [];
  for (const a of args) {
    const r = await expand(a, cwd);
    if (r.problem) skipped.push(r.problem);
    for (const f of r.files) if (!files.includes(f)) files.push(f);
  }
  if (files.length > MAX_HISTORY_FILES)
    skipped.push({ source: '(arguments)', message: `${files.length} report files named; only the first ${MAX_HISTORY_FILES} are read` });
  const texts: Array<{ source: string; text: string }> = [];
  for (const f of files.slice(0, MAX_HISTORY_FILES)) {
    const abs = path.resolve(cwd, f);
    try {
      const st = await fs.stat(abs);
      if (!st.isFile()) skipped.push({ source: f, message: `${f}: not a file` });
      else if (st.size > MAX_REPORT_CHARS)
        skipped.push({ source: f, message: `${f}: ${st.size} bytes; a report over ${MAX_REPORT_CHARS} bytes is not read` });
      else texts.push({ source: f, text: await fs.readFile(abs, 'utf8') });
    } catch (e) {
      skipped.push({ source: f, message: `${f}: cannot read: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  const loaded = loadHistoryReports(texts);
  return { reports: loaded.reports, skipped: [...skipped, ...loaded.skipped], files: files.length };
}

export async function historyCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(
    'history',
    argv,
    {
      id: { type: 'string' },
      limit: { type: 'string' },
      falling: { type: 'string' },
      json: { type: 'boolean' },
      'markdown-out': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    io.stdout(`${HISTORY_HELP}\n`);
    return 0;
  }
  if (positionals.length === 0)
    throw new UserError('history: name at least one report file, directory or glob', 'Run ml-test-gate history --help.');
  const limit = numberFlag('history', 'limit', values.limit, [1, 1000]);
  const minFalls = numberFlag('history', 'falling', values.falling, [1, 100]);
  for (const [name, v] of [
    ['limit', limit],
    ['falling', minFalls],
  ] as const) {
    if (v !== undefined && !Number.isInteger(v)) throw new UserError(`history: --${name} expects a whole number, got ${v}`);
  }
  const read = await readReportFiles(positionals, io.cwd);
  for (const s of read.skipped) io.stderr(`ml-test-gate: history: skipped ${s.message}\n`);
  const h = buildHistory(read.reports, { id: values.id, limit, minFalls }, read.skipped);
  if (h.runs.length === 0) {
    throw new UserError(
      `history: no usable report among ${read.files} file(s)${values.id ? ` for gate id "${values.id}"` : ''}`,
      'Each REPORT must be a JSON report written by ml-test-gate run.',
    );
  }
  if (values['markdown-out']) {
    const out = path.resolve(io.cwd, values['markdown-out']);
    await fs.mkdir(path.dirname(out), { recursive: true });
    await fs.writeFile(out, `${historyMarkdown(h, false)}\n`);
  }
  io.stdout(values.json ? `${JSON.stringify(h, null, 2)}\n` : `${historyText(h).join('\n')}\n`);
  return 0;
}
