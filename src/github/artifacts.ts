import type { EvidenceStore } from '../evidence/store.js';
import { textBaseline, type BaselineSource, type BaselineResult } from '../gate/baseline.js';
import { explainApiError, loopSafe, type GitHubClient } from './client.js';
import { extractFile, ZipError } from './zip.js';

/** The name of a gate's report artifact. */
export const artifactName = (id: string) => `ml-test-gate-${id}`;

/** Limits for downloaded artifacts (untrusted data). */
export const MAX_ARTIFACT_ZIP_BYTES = 20 * 1024 * 1024;
export const MAX_REPORT_BYTES = 20 * 1024 * 1024;
/** At most this long to download an artifact's zip from blob storage (20 MiB at 170 kB/s). */
const BLOB_TIMEOUT_MS = 120_000;

export interface ArtifactInfo {
  id: number;
  name: string;
  size_in_bytes?: number;
  expired?: boolean;
  created_at?: string | null;
  workflow_run?: {
    id?: number;
    repository_id?: number;
    head_repository_id?: number;
    head_branch?: string;
    head_sha?: string;
  } | null;
}

export interface BaselineQuery {
  owner: string;
  repo: string;
  name: string;
  /** The branch whose artifacts count (the PR's base branch, or the pushed branch). */
  branch: string;
  /** Preferred commit: the PR's base SHA (or the commit before a push). */
  preferSha?: string | null;
  /** This repository's id; artifacts made by runs of forks do not count. */
  repositoryId: number | null;
  /** The current run (a rerun must not compare with its own earlier attempt). */
  excludeRunId?: number | null;
}

export type ArtifactPick = { artifact: ArtifactInfo; why: string } | { artifact: null; why: string };

/**
 * Choose the baseline artifact: unexpired, produced on `branch` by this repository (a fork's branch
 * can also be called main), preferring the one built from `preferSha`, else the newest.
 */
export function pickBaselineArtifact(list: readonly ArtifactInfo[], q: PickQuery): ArtifactPick {
  let expired = 0;
  let otherBranch = 0;
  let foreign = 0;
  const ok: ArtifactInfo[] = [];
  for (const a of list) {
    if (a.name !== q.name) continue;
    const run = a.workflow_run ?? {};
    if (q.excludeRunId && run.id === q.excludeRunId) continue;
    if (usable(a, q)) ok.push(a);
    else if (a.expired) expired++;
    else if (!fromThisRepo(run, q)) foreign++;
    else otherBranch++;
  }
  ok.sort((a, b) => Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? '') || b.id - a.id);
  const exact = q.preferSha ? ok.find((a) => a.workflow_run?.head_sha === q.preferSha) : undefined;
  if (exact) return { artifact: exact, why: `built from ${q.branch} at ${q.preferSha!.slice(0, 7)}` };
  if (ok[0])
    return { artifact: ok[0], why: `newest from ${q.branch}${q.preferSha ? ` (none was built from ${q.preferSha.slice(0, 7)})` : ''}` };
  const seen = list.filter((a) => a.name === q.name && !(q.excludeRunId && a.workflow_run?.id === q.excludeRunId)).length;
  if (seen === 0)
    return { artifact: null, why: `no artifact named ${q.name} exists yet (upload one from pushes to ${q.branch}; see docs/github.md)` };
  const parts = [
    expired ? `${expired} expired` : '',
    foreign ? `${foreign} from another repository (fork)` : '',
    otherBranch ? `${otherBranch} from other branches` : '',
  ].filter(Boolean);
  return { artifact: null, why: `no usable ${q.name} artifact from ${q.branch}: ${parts.join(', ')}` };
}
export type PickQuery = Pick<BaselineQuery, 'name' | 'branch' | 'preferSha' | 'repositoryId' | 'excludeRunId'>;

/** GitHub keeps artifacts at most 400 days (the longest retention a repository can set). */
export const RETENTION_HORIZON_DAYS = 400;
/** A guard against an API that pages forever; far beyond any real listing (100,000 artifacts of one name). */
const PAGE_GUARD = 1000;

/** Made by a run of this repository on its own code (a fork's run has another head repository). */
function fromThisRepo(run: NonNullable<ArtifactInfo['workflow_run']>, q: PickQuery): boolean {
  if (q.repositoryId !== null) return run.repository_id === q.repositoryId && run.head_repository_id === q.repositoryId;
  return run.head_repository_id !== undefined && run.head_repository_id === run.repository_id;
}

/** True when the artifact counts as a baseline: unexpired, made on `branch` by this repository, not this run. */
export function usable(a: ArtifactInfo, q: PickQuery): boolean {
  const run = a.workflow_run ?? {};
  if (a.name !== q.name || a.expired || (q.excludeRunId && run.id === q.excludeRunId)) return false;
  return fromThisRepo(run, q) && run.head_branch === q.branch;
}

/**
 * Artifacts with this name, newest first (the `name` filter keeps other artifacts out), read page by
 * page until one that counts as a baseline appears, or the listing ends, or it reaches artifacts older
 * than the retention horizon. Never a fixed number of pages: a busy repository, or a fork pushing
 * again and again, cannot push the baseline out of reach.
 */
export async function listArtifacts(gh: GitHubClient, q: BaselineQuery, now = Date.now()): Promise<ArtifactInfo[]> {
  const out: ArtifactInfo[] = [];
  const horizon = now - RETENTION_HORIZON_DAYS * 86_400_000;
  let pages = 0;
  for await (const r of loopSafe(
    gh.paginate.iterator('GET /repos/{owner}/{repo}/actions/artifacts', {
      owner: q.owner,
      repo: q.repo,
      name: q.name,
      per_page: 100,
    }),
  )) {
    const page = r.data as ArtifactInfo[];
    out.push(...page);
    if (page.some((a) => usable(a, q))) break;
    if (page.some((a) => Date.parse(a.created_at ?? '') < horizon)) break;
    if (++pages >= PAGE_GUARD) break;
  }
  return out;
}

interface RunLike {
  id: number;
  head_branch?: string | null;
  head_sha?: string;
  repository?: { id?: number } | null;
  head_repository?: { id?: number } | null;
}

/**
 * The artifact of the preferred commit, found through that commit's own workflow runs (runs of this
 * repository on `branch`), so that no number of newer artifacts hides it. Null when none uploaded one.
 */
export async function artifactOfCommit(gh: GitHubClient, q: BaselineQuery): Promise<ArtifactInfo | null> {
  if (!q.preferSha) return null;
  const runs = gh.paginate.iterator('GET /repos/{owner}/{repo}/actions/runs', {
    owner: q.owner,
    repo: q.repo,
    head_sha: q.preferSha,
    per_page: 100,
  });
  for await (const page of loopSafe(runs)) {
    for (const run of page.data as RunLike[]) {
      if (run.head_sha !== q.preferSha || run.head_branch !== q.branch || run.id === q.excludeRunId) continue;
      if (q.repositoryId !== null && (run.repository?.id !== q.repositoryId || run.head_repository?.id !== q.repositoryId)) continue;
      const list = await listRunArtifacts(gh, q.owner, q.repo, run.id, q.name);
      const hit = list.find((a) => !a.expired);
      if (hit)
        return {
          ...hit,
          workflow_run: {
            repository_id: run.repository?.id,
            head_repository_id: run.head_repository?.id,
            head_branch: run.head_branch ?? undefined,
            head_sha: run.head_sha,
            ...hit.workflow_run,
            id: run.id,
          },
        };
    }
  }
  return null;
}

/** Artifacts of one workflow run with this name (all pages). */
export async function listRunArtifacts(
  gh: GitHubClient,
  owner: string,
  repo: string,
  runId: number,
  name: string,
): Promise<ArtifactInfo[]> {
  const out: ArtifactInfo[] = [];
  for await (const r of loopSafe(
    gh.paginate.iterator('GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', {
      owner,
      repo,
      run_id: runId,
      name,
      per_page: 100,
    }),
  )) {
    out.push(...(r.data as ArtifactInfo[]).filter((a) => a.name === name));
  }
  return out;
}

async function readBounded(res: Response, maxBytes: number): Promise<Buffer> {
  const len = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(len) && len > maxBytes) throw new ZipError(`the artifact is ${len} bytes; the limit is ${maxBytes}`);
  const chunks: Buffer[] = [];
  let total = 0;
  if (!res.body) return Buffer.alloc(0);
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) throw new ZipError(`the artifact is larger than ${maxBytes} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/**
 * Download an artifact's zip. The API answers with a redirect to blob storage; the redirect is
 * followed without our Authorization header.
 */
export async function downloadArtifact(
  gh: GitHubClient,
  owner: string,
  repo: string,
  a: ArtifactInfo,
  maxBytes = MAX_ARTIFACT_ZIP_BYTES,
): Promise<Buffer> {
  if ((a.size_in_bytes ?? 0) > maxBytes) throw new ZipError(`the artifact is ${a.size_in_bytes} bytes; the limit is ${maxBytes}`);
  const r = await gh.request('GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}', {
    owner,
    repo,
    artifact_id: a.id,
    archive_format: 'zip',
    request: { redirect: 'manual' },
  });
  const location = (r.headers as Record<string, string | undefined>).location;
  if (r.status >= 300 && r.status < 400 && location) {
    // no Authorization header; a stalled blob download is abandoned rather than hanging the job
    const res = await fetch(location, { redirect: 'follow', signal: AbortSignal.timeout(BLOB_TIMEOUT_MS) });
    if (!res.ok) throw new Error(`downloading the artifact from storage failed: HTTP ${res.status}`);
    return readBounded(res, maxBytes);
  }
  const data = r.data as unknown;
  if (data instanceof ArrayBuffer) {
    if (data.byteLength > maxBytes) throw new ZipError(`the artifact is larger than ${maxBytes} bytes`);
    return Buffer.from(data);
  }
  throw new Error(`unexpected answer when downloading artifact ${a.id} (HTTP ${r.status})`);
}

/** The report JSON text inside an artifact zip (untrusted: bounded, no unsafe entry names). */
export function reportTextFromZip(zip: Buffer, label: string): string {
  const buf = extractFile(zip, 'report.json', MAX_REPORT_BYTES);
  if (!buf) throw new ZipError(`${label} has no report.json`);
  return buf.toString('utf8');
}

/**
 * The baseline artifact: the one the preferred commit's own runs uploaded; else the newest usable one
 * in the name-filtered listing, paged as far as needed.
 */
export async function findBaselineArtifact(gh: GitHubClient, q: BaselineQuery, log?: (m: string) => void): Promise<ArtifactPick> {
  try {
    const exact = await artifactOfCommit(gh, q);
    if (exact) return { artifact: exact, why: `built from ${q.branch} at ${q.preferSha!.slice(0, 7)}` };
  } catch (e) {
    log?.(
      `baseline: ${explainApiError(e, `listing the workflow runs of ${q.preferSha?.slice(0, 7)}`, 'actions: read')}; looking through the artifact list instead`,
    );
  }
  return pickBaselineArtifact(await listArtifacts(gh, q), q);
}

/** Baseline = the report artifact of the base branch. */
export function artifactBaseline(
  gh: GitHubClient,
  q: BaselineQuery,
  log?: (m: string) => void,
): BaselineSource & { picked?: ArtifactInfo } {
  const src: BaselineSource & { picked?: ArtifactInfo } = {
    async load(store: EvidenceStore): Promise<BaselineResult> {
      let pick: ArtifactPick;
      try {
        pick = await findBaselineArtifact(gh, q, log);
      } catch (e) {
        return { kind: 'invalid', message: `baseline ignored: ${explainApiError(e, `listing the ${q.name} artifacts`, 'actions: read')}` };
      }
      if (!pick.artifact) return { kind: 'none', reason: pick.why };
      const a = pick.artifact;
      const label = `artifact ${q.name} (run ${a.workflow_run?.id ?? '?'}, ${pick.why})`;
      log?.(`baseline: ${label}`);
      let text: string;
      try {
        const zip = await downloadArtifact(gh, q.owner, q.repo, a);
        text = reportTextFromZip(zip, label);
      } catch (e) {
        const msg = e instanceof ZipError ? `${label}: ${e.message}` : explainApiError(e, `downloading ${label}`, 'actions: read');
        return { kind: 'invalid', message: `baseline ignored: ${msg}` };
      }
      src.picked = a;
      return textBaseline(label, text).load(store);
    },
  };
  return src;
}
