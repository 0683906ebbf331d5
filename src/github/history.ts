/**
 * Score history from the base branch's report artifacts: listed by name, kept under the same trust
 * rules as the baseline (this repository's own runs on the base branch, unexpired, not this run; a
 * fork's artifact never counts), newest first, one per commit, at most `runs` downloads and
 * `maxTotalBytes` in all. Each is validated as a report (`loadHistoryReports`); one that cannot be
 * downloaded or read is skipped with one message naming it, and the rest are still drawn.
 */
import { loadHistoryReports, type LoadedReport, type Skipped } from '../report/history.js';
import {
  downloadArtifact,
  MAX_ARTIFACT_ZIP_BYTES,
  RETENTION_HORIZON_DAYS,
  reportTextFromZip,
  usable,
  type ArtifactInfo,
  type BaselineQuery,
} from './artifacts.js';
import { explainApiError, loopSafe, type GitHubClient } from './client.js';
import { ZipError } from './zip.js';

/** At most this many bytes of artifacts are downloaded for one history (zips). */
export const MAX_HISTORY_BYTES = 50 * 1024 * 1024;
/** A guard against an API that pages forever. */
const PAGE_GUARD = 50;

export interface HistoryQuery extends BaselineQuery {
  /** At most this many artifacts are downloaded (the newest). */
  runs: number;
  maxTotalBytes?: number;
}

export interface FetchedHistory {
  reports: LoadedReport[];
  skipped: Skipped[];
  /** What was left out on purpose, or why there is no history (for the log). */
  notes: string[];
}

/** Usable artifacts, newest first, one per commit (the newest), until `runs` are found or the listing ends. */
export async function listHistoryArtifacts(
  gh: GitHubClient,
  q: HistoryQuery,
  now = Date.now(),
): Promise<{ picked: ArtifactInfo[]; passedOver: number }> {
  const horizon = now - RETENTION_HORIZON_DAYS * 86_400_000;
  const ok: ArtifactInfo[] = [];
  let passedOver = 0;
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
    for (const a of page) {
      if (usable(a, q)) ok.push(a);
      else if (a.name === q.name) passedOver++;
    }
    if (distinctCommits(ok).length >= q.runs) break;
    if (page.some((a) => Date.parse(a.created_at ?? '') < horizon)) break;
    if (++pages >= PAGE_GUARD) break;
  }
  return { picked: distinctCommits(ok).slice(0, q.runs), passedOver };
}

function distinctCommits(list: readonly ArtifactInfo[]): ArtifactInfo[] {
  const sorted = [...list].sort((a, b) => Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? '') || b.id - a.id);
  const seen = new Set<string>();
  return sorted.filter((a) => {
    const sha = a.workflow_run?.head_sha;
    if (!sha) return true;
    if (seen.has(sha)) return false;
    seen.add(sha);
    return true;
  });
}

const labelOf = (q: HistoryQuery, a: ArtifactInfo) =>
  `artifact ${q.name} (run ${a.workflow_run?.id ?? '?'}${a.workflow_run?.head_sha ? `, ${a.workflow_run.head_sha.slice(0, 7)}` : ''})`;

/** Download and validate the picked artifacts within the byte budget. Never throws. */
async function downloadAll(gh: GitHubClient, q: HistoryQuery, picked: ArtifactInfo[]): Promise<FetchedHistory> {
  const budget = q.maxTotalBytes ?? MAX_HISTORY_BYTES;
  const texts: Array<{ source: string; text: string }> = [];
  const skipped: Skipped[] = [];
  const notes: string[] = [];
  let spent = 0;
  for (const [i, a] of picked.entries()) {
    const label = labelOf(q, a);
    if (spent + (a.size_in_bytes ?? 0) > budget) {
      notes.push(`history: ${picked.length - i} older artifact(s) not downloaded: the ${budget}-byte download budget is spent`);
      break;
    }
    try {
      const zip = await downloadArtifact(gh, q.owner, q.repo, a, Math.min(MAX_ARTIFACT_ZIP_BYTES, budget - spent));
      spent += zip.length;
      texts.push({ source: label, text: reportTextFromZip(zip, label) });
    } catch (e) {
      const message = e instanceof ZipError ? `${label}: ${e.message}` : explainApiError(e, `downloading ${label}`, 'actions: read');
      skipped.push({ source: label, message });
    }
  }
  const loaded = loadHistoryReports(texts);
  return { reports: loaded.reports, skipped: [...skipped, ...loaded.skipped], notes };
}

/** The base branch's recent reports for the history. Never throws: an API failure is a note and no history. */
export async function fetchHistoryReports(gh: GitHubClient, q: HistoryQuery): Promise<FetchedHistory> {
  if (q.runs <= 0) return { reports: [], skipped: [], notes: ['history: off (history runs: 0)'] };
  let listed: Awaited<ReturnType<typeof listHistoryArtifacts>>;
  try {
    listed = await listHistoryArtifacts(gh, q);
  } catch (e) {
    return { reports: [], skipped: [], notes: [`history: ${explainApiError(e, `listing the ${q.name} artifacts`, 'actions: read')}`] };
  }
  const notes = listed.passedOver
    ? [`history: ${listed.passedOver} ${q.name} artifact(s) passed over (expired, from another branch, from a fork, or this run)`]
    : [];
  if (listed.picked.length === 0)
    return { reports: [], skipped: [], notes: [...notes, `history: no usable ${q.name} artifact from ${q.branch}`] };
  const got = await downloadAll(gh, q, listed.picked);
  return { ...got, notes: [...notes, ...got.notes] };
}
