import { readFileSync } from 'node:fs';

/** The pull request the run is about (from the event payload). */
export interface PullRequestInfo {
  number: number;
  baseRef: string;
  baseSha: string;
  headSha: string;
  /** Repository ids, to tell a fork's branch from ours. */
  baseRepoId: number | null;
  headRepoId: number | null;
}

/** A merge queue's group (the merge_group event): the branch it merges into, and that branch's commit. */
export interface MergeGroupInfo {
  baseRef: string;
  baseSha: string;
}

/** What the runner tells the action about this run. */
export interface RunContext {
  owner: string;
  repo: string;
  eventName: string;
  event: Record<string, unknown>;
  apiUrl: string;
  serverUrl: string;
  runId: string | null;
  sha: string | null;
  /** Branch or tag name of the ref that triggered the run. */
  refName: string | null;
  repositoryId: number | null;
  pullRequest: PullRequestInfo | null;
  /** The merge_group event's base; null for other events. */
  mergeGroup: MergeGroupInfo | null;
  /** Why the event payload (GITHUB_EVENT_PATH) could not be read; null when it was. */
  eventProblem: string | null;
}

type Env = Record<string, string | undefined>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function readEvent(env: Env): Record<string, unknown> {
  return readEventPayload(env).event;
}

/** The event payload, and why it could not be read (never the file's content: only its path and the kind of problem). */
export function readEventPayload(env: Env): { event: Record<string, unknown>; problem: string | null } {
  const p = env.GITHUB_EVENT_PATH;
  if (!p) return { event: {}, problem: 'GITHUB_EVENT_PATH is not set' };
  let text: string;
  try {
    text = readFileSync(p, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return {
      event: {},
      problem: `the event payload GITHUB_EVENT_PATH (${p}) cannot be read${typeof code === 'string' ? ` (${code})` : ''}`,
    };
  }
  try {
    const v: unknown = JSON.parse(text);
    if (obj(v) !== v) return { event: {}, problem: `the event payload GITHUB_EVENT_PATH (${p}) is not a JSON object` };
    return { event: v as Record<string, unknown>, problem: null };
  } catch {
    return { event: {}, problem: `the event payload GITHUB_EVENT_PATH (${p}) is not valid JSON` };
  }
}

export function pullRequestFromEvent(event: Record<string, unknown>): PullRequestInfo | null {
  const pr = obj(event.pull_request);
  const n = num(pr.number);
  if (n === null) return null;
  const base = obj(pr.base);
  const head = obj(pr.head);
  return {
    number: n,
    baseRef: str(base.ref),
    baseSha: str(base.sha),
    headSha: str(head.sha),
    baseRepoId: num(obj(base.repo).id),
    headRepoId: num(obj(head.repo).id),
  };
}

export function mergeGroupFromEvent(eventName: string, event: Record<string, unknown>): MergeGroupInfo | null {
  if (eventName !== 'merge_group') return null;
  const mg = obj(event.merge_group);
  const baseRef = str(mg.base_ref).replace(/^refs\/heads\//, '');
  return baseRef || str(mg.base_sha) ? { baseRef, baseSha: str(mg.base_sha) } : null;
}

export function readRunContext(env: Env = process.env): RunContext {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const { event, problem } = readEventPayload(env);
  const refName = env.GITHUB_REF_NAME || (env.GITHUB_REF ?? '').replace(/^refs\/(heads|tags)\//, '') || null;
  return {
    owner,
    repo,
    eventName: env.GITHUB_EVENT_NAME ?? '',
    event,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
    runId: env.GITHUB_RUN_ID || null,
    sha: env.GITHUB_SHA || null,
    refName,
    repositoryId: num(obj(event.repository).id) ?? (env.GITHUB_REPOSITORY_ID ? Number(env.GITHUB_REPOSITORY_ID) : null),
    pullRequest: pullRequestFromEvent(event),
    mergeGroup: mergeGroupFromEvent(env.GITHUB_EVENT_NAME ?? '', event),
    eventProblem: problem,
  };
}

export function runUrl(ctx: RunContext): string | undefined {
  return ctx.runId && ctx.owner ? `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId}` : undefined;
}
