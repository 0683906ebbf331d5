import { COMMENT_LIMIT, commentMarker, renderMarkdown } from '../report/markdown.js';
import type { Report } from '../schemas/report.js';
import { loopSafe, statusOf, type GitHubClient } from './client.js';
import { createOnce, DEFAULT_CREATE_POLICY, type CreatePolicy } from './create-once.js';

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
  return (await ourComments(gh, t, marker, identity, true))[0] ?? null;
}

/** Ours, oldest first, from every page (with `firstOnly`, the search stops at the first). */
async function ourComments(
  gh: GitHubClient,
  t: CommentTarget,
  marker: string,
  identity: Identity,
  firstOnly: boolean,
): Promise<CommentLike[]> {
  const found: CommentLike[] = [];
  const pages = gh.paginate.iterator('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    owner: t.owner,
    repo: t.repo,
    issue_number: t.issueNumber,
    per_page: 100,
  });
  for await (const page of loopSafe(pages)) {
    for (const c of page.data as CommentLike[]) {
      if (!isOurComment(c, marker, identity)) continue;
      found.push(c);
      if (firstOnly) return found;
    }
  }
  return found;
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
 * gate passed) an existing comment is still brought up to date, but none is created. A create whose
 * answer is lost (5xx, timeout) is followed by another search: exactly one comment in the end.
 */
export async function upsertComment(
  gh: GitHubClient,
  t: CommentTarget,
  marker: string,
  body: string,
  identity: Identity,
  createIfMissing = true,
  policy: CreatePolicy = DEFAULT_CREATE_POLICY,
): Promise<UpsertResult> {
  const [existing, ...copies] = await ourComments(gh, t, marker, identity, false);
  if (existing) {
    try {
      const r = await updateComment(gh, t, existing, body);
      await supersede(gh, t, marker, copies, r.url, policy);
      return r;
    } catch (e) {
      // deleted between the search and the update (someone removed it, or a concurrent run): post it anew
      if (statusOf(e) !== 404) throw e;
      policy.log?.(`the comment on pull request #${t.issueNumber} was gone when it was updated (404): posting it anew`);
    }
  }
  if (!createIfMissing) return { action: 'skipped' };
  const { value: c, recovered } = await createOnce(
    {
      what: `creating the comment on pull request #${t.issueNumber}`,
      create: async () =>
        (
          await gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
            owner: t.owner,
            repo: t.repo,
            issue_number: t.issueNumber,
            body,
          })
        ).data as CommentLike,
      find: () => findOurComment(gh, t, marker, identity),
    },
    policy,
  );
  // Found after a lost answer: normally the lost POST's own comment; another run's is brought up to date.
  if (recovered && normalize(c.body ?? '') !== normalize(body)) return updateComment(gh, t, c, body);
  return { action: 'created', id: c.id, url: c.html_url };
}

/**
 * Later copies of our comment (two runs that posted at once, before either could see the other's)
 * would keep an old verdict on the pull request: each is replaced by a pointer to the current one.
 * They keep the marker, so the oldest stays the one that is updated. Best effort: never throws.
 */
async function supersede(
  gh: GitHubClient,
  t: CommentTarget,
  marker: string,
  copies: CommentLike[],
  currentUrl: string | undefined,
  policy: CreatePolicy,
): Promise<void> {
  const body = `${marker}\n_An older copy of this gate's comment: the current verdict is ${currentUrl ? `[in the first one](${currentUrl})` : 'in the first one'}._`;
  for (const c of copies) {
    try {
      await updateComment(gh, t, c, body);
    } catch (e) {
      policy.log?.(`an older copy of the comment (${c.id}) was not replaced: ${statusOf(e) ?? (e as Error).message}`);
    }
  }
}

async function updateComment(gh: GitHubClient, t: CommentTarget, existing: CommentLike, body: string): Promise<UpsertResult> {
  if (normalize(existing.body ?? '') === normalize(body)) return { action: 'unchanged', id: existing.id, url: existing.html_url };
  const r = await gh.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
    owner: t.owner,
    repo: t.repo,
    comment_id: existing.id,
    body,
  });
  return { action: 'updated', id: existing.id, url: (r.data as CommentLike).html_url ?? existing.html_url };
}

export interface BodyOptions {
  id: string;
  runUrl?: string;
  /** Markdown blocks shown under the verdict line (already escaped). */
  notes?: string[];
  limit?: number;
  /** The folded score-history section (`historySection`), shed with the chart when the body is too long. */
  history?: string;
}

/**
 * The comment body: marker on the first line, the verdict, our notes, then the report. Over the
 * limit, renderMarkdown sheds detail in stages and points to the job summary and the artifact.
 */
export function commentBody(report: Report, o: BodyOptions): string {
  const limit = o.limit ?? COMMENT_LIMIT;
  let notes = (o.notes ?? []).join('\n\n');
  if (notes.length > limit / 4) notes = `${notes.slice(0, Math.floor(limit / 4))}…`;
  return renderMarkdown(report, {
    marker: commentMarker(o.id),
    runUrl: o.runUrl,
    maxLength: limit,
    notes: notes ? [notes] : [],
    history: o.history,
    detailsHint: `The full details are in the job summary${o.runUrl ? ' of the workflow run' : ''} and in the report artifact ml-test-gate-${o.id}.`,
  });
}
