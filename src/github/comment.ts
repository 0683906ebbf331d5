import { COMMENT_LIMIT, commentMarker, renderMarkdown } from '../report/markdown.js';
import type { Report } from '../schemas/report.js';
import { statusOf, type GitHubClient } from './client.js';

/**
 * Whose comments count as ours. The rule: the comment's author must be the token's own login
 * (GET /user). Installation tokens (GITHUB_TOKEN, GitHub Apps) cannot call GET /user (403); then
 * the author must be `github-actions[bot]` (what GITHUB_TOKEN posts as) or the login given in the
 * `comment-author` input (a GitHub App posts as `<app-slug>[bot]`).
 */
export interface Identity {
  logins: string[];
  source: 'token' | 'fallback';
}

export const ACTIONS_BOT = 'github-actions[bot]';

export async function resolveIdentity(gh: GitHubClient, extraLogin?: string): Promise<Identity> {
  const extra = extraLogin ? [extraLogin] : [];
  try {
    const r = await gh.request('GET /user');
    const login = (r.data as { login?: unknown }).login;
    if (typeof login === 'string' && login) return { logins: [login, ...extra], source: 'token' };
  } catch (e) {
    const s = statusOf(e);
    if (s !== 403 && s !== 404 && s !== 401) throw e;
  }
  return { logins: [ACTIONS_BOT, ...extra], source: 'fallback' };
}

export interface CommentLike {
  id: number;
  body?: string | null;
  user?: { login?: string } | null;
  html_url?: string;
}

/** Ours = carries this gate's marker on its first line AND was written by our identity. */
export function isOurComment(c: CommentLike, marker: string, identity: Identity): boolean {
  const body = c.body ?? '';
  const firstLine = body.split(/\r?\n/, 1)[0].trim();
  const login = c.user?.login ?? '';
  return firstLine === marker && identity.logins.some((l) => l.toLowerCase() === login.toLowerCase());
}

export interface CommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
}

/** Walks every page of the PR's comments (oldest first); returns the first one that is ours. */
export async function findOurComment(gh: GitHubClient, t: CommentTarget, marker: string, identity: Identity): Promise<CommentLike | null> {
  const pages = gh.paginate.iterator('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    owner: t.owner,
    repo: t.repo,
    issue_number: t.issueNumber,
    per_page: 100,
  });
  for await (const page of pages) {
    for (const c of page.data as CommentLike[]) if (isOurComment(c, marker, identity)) return c;
  }
  return null;
}

export type CommentAction = 'created' | 'updated' | 'unchanged' | 'skipped';

export interface UpsertResult {
  action: CommentAction;
  id?: number;
  url?: string;
}

const normalize = (s: string) => s.replace(/\r\n/g, '\n').trimEnd();

/**
 * Create or update the sticky comment. With `createIfMissing: false` (comment: on-failure and the
 * gate passed) an existing comment is still brought up to date, but none is created.
 */
export async function upsertComment(
  gh: GitHubClient,
  t: CommentTarget,
  marker: string,
  body: string,
  identity: Identity,
  createIfMissing = true,
): Promise<UpsertResult> {
  const existing = await findOurComment(gh, t, marker, identity);
  if (existing) {
    if (normalize(existing.body ?? '') === normalize(body)) return { action: 'unchanged', id: existing.id, url: existing.html_url };
    const r = await gh.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { owner: t.owner, repo: t.repo, comment_id: existing.id, body });
    return { action: 'updated', id: existing.id, url: (r.data as CommentLike).html_url ?? existing.html_url };
  }
  if (!createIfMissing) return { action: 'skipped' };
  const r = await gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: t.owner, repo: t.repo, issue_number: t.issueNumber, body });
  const c = r.data as CommentLike;
  return { action: 'created', id: c.id, url: c.html_url };
}

export interface BodyOptions {
  id: string;
  runUrl?: string;
  /** Markdown blocks shown under the verdict line (already escaped). */
  notes?: string[];
  limit?: number;
}

/**
 * The comment body: marker on the first line, the verdict, our notes, then the report. Over the
 * limit, renderMarkdown sheds detail in stages and points to the job summary and the artifact.
 */
export function commentBody(report: Report, o: BodyOptions): string {
  const limit = o.limit ?? COMMENT_LIMIT;
  const marker = commentMarker(o.id);
  let notes = (o.notes ?? []).join('\n\n');
  if (notes.length > limit / 4) notes = `${notes.slice(0, Math.floor(limit / 4))}…`;
  const extra = notes ? notes.length + 2 : 0;
  const rendered = renderMarkdown(report, {
    marker,
    runUrl: o.runUrl,
    maxLength: limit - extra,
    detailsHint: `The full details are in the job summary${o.runUrl ? ' of the workflow run' : ''} and in the report artifact ml-test-gate-${o.id}.`,
  });
  if (!notes) return rendered;
  // after the verdict heading (marker, blank line, heading)
  const heading = rendered.indexOf('\n', marker.length + 2);
  if (heading < 0) return `${rendered}\n${notes}\n`;
  return `${rendered.slice(0, heading)}\n\n${notes}${rendered.slice(heading)}`;
}
