/**
 * The MLOps maturity facts the rubric tests cannot show: a retrain trigger, automated deployment, a
 * model registry. Reading happens at the edge (`readMaturityFacts`, through the Workspace); deciding is
 * pure (`decideFacts`), so it is tested on parsed workflows without a disk.
 */
import type { Diagnostic } from '../rubric/types.js';
import { errorMessage } from '../util/errors.js';
import type { Workspace } from '../evidence/workspace.js';
import { assessMaturity, unconfiguredFacts, type MaturityFacts } from '../rubric/maturity.js';
import type { RubricId } from '../rubric/tests.js';
import type { TestStatus } from '../rubric/types.js';
import type { MaturityConfig } from '../schemas/config/maturity.js';
import type { Maturity, MaturityFact } from '../schemas/maturity.js';
import { clean } from './clean.js';
import type { Workflow, WorkflowJob } from './workflows.js';

/** Events that start a workflow without a person: what makes a deployment automatic. */
export const AUTOMATIC_EVENTS = ['push', 'schedule', 'workflow_run', 'release', 'repository_dispatch'] as const;

/** At most this many workflow files are read, each at most 1 MiB. */
const MAX_WORKFLOW_FILES = 200;
const MAX_WORKFLOW_BYTES = 1024 * 1024;

export interface Unreadable {
  file: string;
  message: string;
  line?: number;
}

interface Matcher {
  jobs: string[];
  commands: string[];
}

const configured = (m: Matcher) => m.jobs.length > 0 || m.commands.length > 0;

function matches(job: WorkflowJob, m: Matcher): boolean {
  const names = m.jobs.map((j) => j.toLowerCase());
  if (names.includes(job.id.toLowerCase()) || (job.name !== undefined && names.includes(job.name.toLowerCase()))) return true;
  return job.commands.some((c) => m.commands.some((needle) => c.includes(needle)));
}

const jobLabel = (j: WorkflowJob) => `"${clean(j.id, 40)}"`;
const where = (u: Unreadable) => `${u.file}${u.line ? `:${u.line}` : ''}: ${u.message}`;
const describeMatcher = (what: string, m: Matcher) =>
  `maturity.${what} (${[m.jobs.length ? `jobs: ${m.jobs.map((j) => clean(j, 30)).join(', ')}` : '', m.commands.length ? `commands: ${m.commands.map((c) => clean(c, 30)).join(', ')}` : ''].filter(Boolean).join('; ')})`;

/** Not observed: absent when every workflow was read, an error (unmeasured) when some could not be. */
function notFound(detail: string, unreadable: Unreadable[]): MaturityFact {
  if (unreadable.length === 0) return { state: 'absent', detail };
  return {
    state: 'error',
    detail: `${detail}; ${unreadable.length} workflow file(s) could not be read (${where(unreadable[0])})`,
    file: unreadable[0].file,
    line: unreadable[0].line,
  };
}

function findJobs(workflows: Workflow[], m: Matcher): Array<{ wf: Workflow; job: WorkflowJob }> {
  return workflows.flatMap((wf) => wf.jobs.filter((j) => matches(j, m)).map((job) => ({ wf, job })));
}

function triggersOf(found: Array<{ wf: Workflow }>): string {
  const byFile = new Map<string, string[]>();
  for (const { wf } of found) byFile.set(wf.file, wf.events);
  return [...byFile].map(([f, ev]) => `${f} (on: ${ev.map((e) => clean(e, 30)).join(', ') || 'nothing'})`).join(', ');
}

function scheduleFact(workflows: Workflow[], m: Matcher, unreadable: Unreadable[]): MaturityFact {
  const jobs = findJobs(workflows, m);
  const hit = jobs.find(({ wf }) => wf.crons.length > 0);
  if (hit) {
    const c = hit.wf.crons[0];
    return {
      state: 'observed',
      detail: `${hit.wf.file}: cron "${clean(c.cron, 40)}" runs training job ${jobLabel(hit.job)}`,
      file: hit.wf.file,
      line: c.line ?? hit.job.line,
    };
  }
  if (jobs.length === 0)
    return notFound(`no job in ${workflows.length} workflow file(s) matches ${describeMatcher('training', m)}`, unreadable);
  return notFound(`training jobs found, but none on a schedule: ${triggersOf(jobs)}`, unreadable);
}

function alarmFact(workflows: Workflow[], m: Matcher, alarms: string[], unreadable: Unreadable[]): MaturityFact {
  const wanted = alarms.map((a) => a.trim().toLowerCase());
  const jobs = findJobs(workflows, m);
  const hit = jobs.find(
    ({ wf }) => wf.events.includes('workflow_run') && wf.workflowRunSources.some((s) => wanted.includes(s.trim().toLowerCase())),
  );
  if (hit) {
    const source = hit.wf.workflowRunSources.find((s) => wanted.includes(s.trim().toLowerCase()))!;
    return {
      state: 'observed',
      detail: `${hit.wf.file}: workflow_run of "${clean(source, 60)}" runs training job ${jobLabel(hit.job)}`,
      file: hit.wf.file,
      line: hit.job.line,
    };
  }
  if (jobs.length === 0)
    return notFound(`no job in ${workflows.length} workflow file(s) matches ${describeMatcher('training', m)}`, unreadable);
  return notFound(
    `no training job runs on workflow_run of ${alarms.map((a) => `"${clean(a, 60)}"`).join(', ')}: ${triggersOf(jobs)}`,
    unreadable,
  );
}

function deploymentFact(workflows: Workflow[], m: Matcher, unreadable: Unreadable[]): MaturityFact {
  const jobs = findJobs(workflows, m);
  const auto = (wf: Workflow) => wf.events.filter((e) => (AUTOMATIC_EVENTS as readonly string[]).includes(e));
  const hit = jobs.find(({ wf }) => auto(wf).length > 0);
  if (hit)
    return {
      state: 'observed',
      detail: `${hit.wf.file}: deployment job ${jobLabel(hit.job)} runs on ${auto(hit.wf).join(', ')}`,
      file: hit.wf.file,
      line: hit.job.line,
    };
  if (jobs.length === 0)
    return notFound(`no job in ${workflows.length} workflow file(s) matches ${describeMatcher('deployment', m)}`, unreadable);
  return notFound(
    `deployment jobs found, but none on an automatic trigger (${AUTOMATIC_EVENTS.join(', ')}): ${triggersOf(jobs)}`,
    unreadable,
  );
}

/** The facts from the workflows that were read and the config (pure). */
export function decideFacts(cfg: MaturityConfig, workflows: Workflow[], unreadable: Unreadable[]): MaturityFacts {
  const training: Matcher = cfg.training;
  const deployment: Matcher = cfg.deployment;
  const notSet = (what: string): MaturityFact => ({ state: 'not-configured', detail: `${what} is not set in the config` });
  return {
    'retrain-schedule': configured(training)
      ? scheduleFact(workflows, training, unreadable)
      : notSet('maturity.training (jobs or commands)'),
    'retrain-on-alarm': !configured(training)
      ? notSet('maturity.training (jobs or commands)')
      : cfg['alarm-workflows'].length === 0
        ? notSet('maturity.alarm-workflows')
        : alarmFact(workflows, training, cfg['alarm-workflows'], unreadable),
    'automated-deployment': configured(deployment)
      ? deploymentFact(workflows, deployment, unreadable)
      : notSet('maturity.deployment (jobs or commands)'),
    'model-registry': cfg['model-registry']
      ? { state: 'declared', detail: `declared in the config: ${clean(cfg['model-registry'], 120)}` }
      : notSet('maturity.model-registry'),
  };
}

/**
 * Read the workflow files named by `maturity.workflows` through the Workspace and decide the facts.
 * A file that cannot be read or parsed is one warning naming the file and line; the others still count.
 */
export async function readMaturityFacts(
  cfg: MaturityConfig | undefined,
  workspace: Workspace,
): Promise<{ facts: MaturityFacts; diagnostics: Diagnostic[] }> {
  if (!cfg) return { facts: unconfiguredFacts(), diagnostics: [] };
  // the workflow reader (and the YAML library) only for a config with a maturity section
  const { parseWorkflow } = await import('./workflows.js');
  const diagnostics: Diagnostic[] = [];
  const patterns = Array.isArray(cfg.workflows) ? cfg.workflows : [cfg.workflows];
  const files = [...new Set((await Promise.all(patterns.map((p) => workspace.glob(p)))).flat())].sort();
  if (files.length === 0)
    diagnostics.push({ level: 'warning', message: `MLOps maturity: no workflow file matches maturity.workflows (${patterns.join(', ')})` });
  if (files.length > MAX_WORKFLOW_FILES)
    diagnostics.push({
      level: 'warning',
      message: `MLOps maturity: ${files.length} workflow files match; the first ${MAX_WORKFLOW_FILES} are read`,
    });
  const workflows: Workflow[] = [];
  const unreadable: Unreadable[] = [];
  for (const file of files.slice(0, MAX_WORKFLOW_FILES)) {
    let text: string;
    try {
      text = await workspace.readText(file, MAX_WORKFLOW_BYTES);
    } catch (e) {
      unreadable.push({ file, message: errorMessage(e).replace(`${file}: `, '') });
      continue;
    }
    const parsed = parseWorkflow(file, text);
    if (!parsed.ok) unreadable.push({ file, message: parsed.message, line: parsed.line });
    else {
      workflows.push(parsed.workflow);
      for (const w of parsed.workflow.warnings)
        diagnostics.push({ level: 'warning', message: `MLOps maturity: ${w.message}`, file, line: w.line });
    }
  }
  for (const u of unreadable)
    diagnostics.push({
      level: 'warning',
      message: `MLOps maturity: ${u.message}; this workflow file is not counted`,
      file: u.file,
      line: u.line,
    });
  return { facts: decideFacts(cfg, workflows, unreadable), diagnostics };
}

/** The report's `maturity`: read the facts, then decide the levels from the scored tests. Warnings go to `diagnostics`. */
export async function evaluateMaturity(
  cfg: MaturityConfig | undefined,
  workspace: Workspace,
  tests: ReadonlyArray<{ id: RubricId; status: TestStatus }>,
  diagnostics: Diagnostic[],
): Promise<Maturity> {
  const read = await readMaturityFacts(cfg, workspace);
  diagnostics.push(...read.diagnostics);
  return assessMaturity(tests, read.facts);
}
