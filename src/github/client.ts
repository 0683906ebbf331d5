import { getOctokit } from '@actions/github';
import { ApiTimeoutError, retryPlugin, isRateLimit, type RetryOptions } from './retry.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface ClientOptions {
  baseUrl?: string;
  retry?: Partial<RetryOptions>;
  log?: (message: string) => void;
}

/** Octokit with our retry plugin. The token goes only into the Authorization header. */
export function createClient(token: string, o: ClientOptions = {}): GitHubClient {
  const quiet = { debug: () => {}, info: () => {}, warn: (m: string) => o.log?.(m), error: () => {} };
  return getOctokit(token, { baseUrl: o.baseUrl, log: quiet }, retryPlugin({ ...o.retry, log: o.log }));
}

/** The API answered, but not with what the endpoint returns (a truncated body, a proxy's HTML page, another shape). */
export class UnexpectedAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnexpectedAnswerError';
  }
}

/** A listing whose `Link: rel="next"` leads back to a page already read: followed, it never ends. */
export class PaginationLoopError extends Error {
  constructor(readonly page: string) {
    super(`the GitHub API's pages loop: the next page of the listing is ${page} again, which was already read`);
    this.name = 'PaginationLoopError';
  }
}

/**
 * The pages of a `gh.paginate.iterator` listing, stopping with a PaginationLoopError when a page's URL
 * comes again (a looping Link header), so that no listing requests pages forever. No page count is
 * capped: a long listing is read to its end.
 */
export async function* loopSafe<P extends { url?: string }>(pages: AsyncIterable<P>): AsyncGenerator<P> {
  const seen = new Set<string>();
  for await (const page of pages) {
    const url = page.url;
    if (url && seen.has(url)) {
      let shown = url;
      try {
        const u = new URL(url);
        shown = `${u.pathname}${u.search}`;
      } catch {
        /* keep it as it is */
      }
      throw new PaginationLoopError(shown.slice(0, 200));
    }
    if (url) seen.add(url);
    yield page;
  }
}

/** The permissions the action may need, as written in a workflow's `permissions:` block. */
export type Permission = 'pull-requests: write' | 'pull-requests: read' | 'actions: read' | 'checks: write' | 'contents: read';

interface ApiErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

export function statusOf(e: unknown): number | undefined {
  const s = (e as ApiErrorLike | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

/** The API's own message, first line only, without documentation links. */
function apiMessage(e: unknown): string {
  const err = e as ApiErrorLike;
  const data = err?.response?.data as { message?: unknown } | undefined;
  const raw = typeof data?.message === 'string' ? data.message : (err?.message ?? String(e));
  return raw
    .split('\n')[0]
    .replace(/ - https:\/\/docs\.github\.com\S*/, '')
    .slice(0, 300);
}

/**
 * One line that says what failed and what to do: a 403 or 404 names the permission the workflow
 * must grant. Never includes request headers (the token).
 */
export function explainApiError(e: unknown, what: string, permission: Permission): string {
  const status = statusOf(e);
  const msg = apiMessage(e);
  if (status === 401) return `${what} failed: 401 ${msg}. The github-token input is not a valid token.`;
  if ((status === 403 || status === 429) && isRateLimit(e as ApiErrorLike))
    return `${what} failed: rate limited by GitHub (${msg}); try again later.`;
  if (status === 403) {
    const fork = permission.endsWith(': write')
      ? ' Pull requests from forks get a read-only token; see the fork-safe workflow_run setup in docs/github.md.'
      : '';
    return `${what} failed: 403 ${msg}. The token needs \`${permission}\`: add it under \`permissions:\` in the workflow.${fork}`;
  }
  if (status === 404) {
    return `${what} failed: 404 ${msg}. Either it does not exist or the token cannot see it; the token needs \`${permission}\`.`;
  }
  if (e instanceof PaginationLoopError || e instanceof UnexpectedAnswerError) return `${what} failed: ${e.message}.`;
  if (e instanceof ApiTimeoutError) return `${what} failed: timeout: ${msg} (retried while the time budget lasted).`;
  if (status === undefined) return `${what} failed: network error: ${msg}`;
  if (status >= 500) return `${what} failed: ${status} ${msg} (a GitHub server error; retried while the time budget lasted).`;
  return `${what} failed: ${status} ${msg}`;
}
