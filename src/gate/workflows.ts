/**
 * Reading GitHub Actions workflow files for the MLOps maturity facts (pure: text in, structure out).
 * Only what the facts need: the triggers (`on:`), schedule crons, `workflow_run` sources, and each
 * job's id, name and commands (`run:` and `uses:`), with line numbers for messages.
 */
import { clean } from './clean.js';
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';

export interface WorkflowJob {
  id: string;
  name?: string;
  line?: number;
  /** Every step's `run:` and `uses:`, and the job's own `uses:` (a reusable workflow). */
  commands: string[];
}

export interface Workflow {
  file: string;
  name?: string;
  /** Event names under `on:`. */
  events: string[];
  /** Valid cron expressions under `on.schedule`, with their lines. */
  crons: Array<{ cron: string; line?: number }>;
  /** Workflow names under `on.workflow_run.workflows`. */
  workflowRunSources: string[];
  jobs: WorkflowJob[];
  /** Problems that did not stop the reading (a malformed cron), one sentence each. */
  warnings: Array<{ message: string; line?: number }>;
}

export type ParsedWorkflow = { ok: true; workflow: Workflow } | { ok: false; file: string; message: string; line?: number };

/** Five fields of a POSIX cron expression, as GitHub's `schedule` accepts. */
const CRON = /^\s*([0-9*/,\-A-Za-z]+\s+){4}[0-9*/,\-A-Za-z]+\s*$/;

export { clean };

type Js = unknown;
const isObj = (v: Js): v is Record<string, Js> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: Js): string | undefined =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
const list = (v: Js): string[] =>
  Array.isArray(v) ? v.map(str).filter((s): s is string => s !== undefined) : str(v) === undefined ? [] : [str(v)!];

type LineAt = (path: Array<string | number>, key?: boolean) => number | undefined;

function readJobs(jobs: Js, lineAt: LineAt): WorkflowJob[] {
  if (!isObj(jobs)) return [];
  return Object.entries(jobs).map(([id, job]) => {
    const commands: string[] = [];
    if (isObj(job)) {
      const uses = str(job.uses);
      if (uses) commands.push(uses);
      for (const step of Array.isArray(job.steps) ? job.steps : []) {
        if (!isObj(step)) continue;
        for (const k of ['run', 'uses']) {
          const v = str(step[k]);
          if (v) commands.push(v);
        }
      }
    }
    return { id, name: isObj(job) ? str(job.name) : undefined, line: lineAt(['jobs', id], true), commands };
  });
}

function readTriggers(on: Js, wf: Workflow, lineAt: LineAt): void {
  wf.events.push(...(isObj(on) ? Object.keys(on) : list(on)));
  if (!isObj(on)) return;
  const schedule = on.schedule;
  if (Array.isArray(schedule)) {
    schedule.forEach((item, i) => {
      const cron = isObj(item) ? str(item.cron) : undefined;
      const line = lineAt(['on', 'schedule', i, 'cron']) ?? lineAt(['on', 'schedule', i]);
      if (cron !== undefined && CRON.test(cron)) wf.crons.push({ cron: cron.trim(), line });
      else
        wf.warnings.push({
          message: `on.schedule: ${cron === undefined ? 'an entry has no cron' : `cron "${clean(cron, 40)}" is not a five-field cron expression`}; it is not counted`,
          line,
        });
    });
  }
  if (isObj(on.workflow_run)) wf.workflowRunSources.push(...list(on.workflow_run.workflows));
}

/** Parse one workflow file. Bad YAML, or a file without `on:` and `jobs:`, gives one message with its line. */
export function parseWorkflow(file: string, text: string): ParsedWorkflow {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line ?? (e.pos ? counter.linePos(e.pos[0]).line : undefined);
    return {
      ok: false,
      file,
      line,
      message: `invalid YAML: ${clean(e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''), 160)}`,
    };
  }
  const lineAt: LineAt = (path, key = false) => {
    const n = key ? undefined : (doc.getIn(path, true) as { range?: [number, number, number] } | undefined);
    if (n?.range) return counter.linePos(n.range[0]).line;
    // the line of the key (`train:`), not of the mapping under it
    const parent = doc.getIn(path.slice(0, -1), true);
    const pair = isMap(parent)
      ? parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(path[path.length - 1]))
      : undefined;
    const range = (pair?.key as Node | undefined)?.range;
    return range ? counter.linePos(range[0]).line : undefined;
  };
  let root: Js;
  try {
    root = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, file, line: 1, message: `invalid YAML: ${clean(e instanceof Error ? e.message : String(e), 160)}` };
  }
  if (!isObj(root)) return { ok: false, file, line: 1, message: 'expected a workflow: a mapping with on: and jobs:' };
  if (!('on' in root) || !('jobs' in root))
    return {
      ok: false,
      file,
      line: 1,
      message: `expected a workflow with on: and jobs: at the top level; ${'on' in root ? 'jobs:' : 'on:'} is missing`,
    };
  const wf: Workflow = { file, name: str(root.name), events: [], crons: [], workflowRunSources: [], jobs: [], warnings: [] };
  readTriggers(root.on, wf, lineAt);
  wf.jobs = readJobs(root.jobs, lineAt);
  return { ok: true, workflow: wf };
}
