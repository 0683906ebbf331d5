import type { EvidenceStore } from '../evidence/store.js';
import { textBaseline, type BaselineSource, type BaselineResult } from '../gate/baseline.js';
import { explainApiError, type GitHubClient } from './client.js';
import { extractFile, ZipError } from './zip.js';

/** The name of a gate's report artifact. */
export const artifactName = (id: string) => `ml-test-gate-${id}`;

/** Limits for downloaded artifacts (untrusted data). */
export const MAX_ARTIFACT_ZIP_BYTES = 20 * 1024 * 1024;
export const MAX_REPORT_BYTES = 20 * 1024 * 1024;

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
    if (a.expired) expired++;
    else if (q.repositoryId !== null ? run.repository_id !== q.repositoryId || run.head_repository_id !== q.repositoryId : run.head_repository_id !== run.repository_id || run.head_repository_id === undefined) foreign++;
    else if (run.head_branch !== q.branch) otherBranch++;
    else ok.push(a);
  }
  ok.sort((a, b) => Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? '') || b.id - a.id);
  const exact = q.preferSha ? ok.find((a) => a.workflow_run?.head_sha === q.preferSha) : undefined;
  if (exact) return { artifact: exact, why: `built from ${q.branch} at ${q.preferSha!.slice(0, 7)}` };
  if (ok[0]) return { artifact: ok[0], why: `newest from ${q.branch}${q.preferSha ? ` (none was built from ${q.preferSha.slice(0, 7)})` : ''}` };
  const seen = list.filter((a) => a.name === q.name).length;
  if (seen === 0) return { artifact: null, why: `no artifact named ${q.name} exists yet (upload one from pushes to ${q.branch}; see docs/github.md)` };
  const parts = [expired ? `${expired} expired` : '', foreign ? `${foreign} from another repository (fork)` : '', otherBranch ? `${otherBranch} from other branches` : ''].filter(Boolean);
  return { artifact: null, why: `no usable ${q.name} artifact from ${q.branch}: ${parts.join(', ')}` };
}
type PickQuery = Pick<BaselineQuery, 'name' | 'branch' | 'preferSha' | 'repositoryId' | 'excludeRunId'>;

/** Artifacts of the repository with this name, newest first (at most `maxPages` pages of 100). */
export async function listArtifacts(gh: GitHubClient, owner: string, repo: string, name: string, maxPages = 3): Promise<ArtifactInfo[]> {
  const out: ArtifactInfo[] = [];
  let page = 0;
  for await (const r of gh.paginate.iterator('GET /repos/{owner}/{repo}/actions/artifacts', { owner, repo, name, per_page: 100 })) {
    out.push(...(r.data as ArtifactInfo[]));
    if (++page >= maxPages) break;
  }
  return out;
}

/** Artifacts of one workflow run with this name. */
export async function listRunArtifacts(gh: GitHubClient, owner: string, repo: string, runId: number, name: string): Promise<ArtifactInfo[]> {
  const r = await gh.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', { owner, repo, run_id: runId, name, per_page: 100 });
  return ((r.data as { artifacts?: ArtifactInfo[] }).artifacts ?? []).filter((a) => a.name === name);
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
export async function downloadArtifact(gh: GitHubClient, owner: string, repo: string, a: ArtifactInfo, maxBytes = MAX_ARTIFACT_ZIP_BYTES): Promise<Buffer> {
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
    const res = await fetch(location, { redirect: 'follow' });
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

/** Baseline = the report artifact of the base branch. */
export function artifactBaseline(gh: GitHubClient, q: BaselineQuery, log?: (m: string) => void): BaselineSource & { picked?: ArtifactInfo } {
  const src: BaselineSource & { picked?: ArtifactInfo } = {
    async load(store: EvidenceStore): Promise<BaselineResult> {
      let list: ArtifactInfo[];
      try {
        list = await listArtifacts(gh, q.owner, q.repo, q.name);
      } catch (e) {
        return { kind: 'invalid', message: `baseline ignored: ${explainApiError(e, `listing the ${q.name} artifacts`, 'actions: read')}` };
      }
      const pick = pickBaselineArtifact(list, q);
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
