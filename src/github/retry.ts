/**
 * Retries for GitHub API calls, as an Octokit plugin (no extra dependency):
 * - server errors (500, 502, 503, 504) and network errors: only for idempotent methods (GET, HEAD,
 *   PUT, PATCH, DELETE); a POST that failed with 5xx may have been applied (a comment created), so it
 *   is never repeated blindly;
 * - rate limits (429, or 403 with Retry-After / x-ratelimit-remaining: 0 / "rate limit" in the
 *   message): any method, since GitHub refused the request; waits Retry-After, else until
 *   x-ratelimit-reset, else an exponential backoff;
 * - every other 4xx: never retried.
 * Waits longer than `maxWaitMs` are not taken: the error is returned at once.
 */

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff when the server gives no hint; doubles each attempt. */
  baseDelayMs: number;
  /** Longest single wait accepted (a longer Retry-After gives up). */
  maxWaitMs: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (message: string) => void;
  now?: () => number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 3, baseDelayMs: 1000, maxWaitMs: 60_000 };

interface ErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Seconds or an HTTP date, as milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const s = value.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.ceil(Number(s) * 1000);
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

export function isRateLimit(e: ErrorLike): boolean {
  if (e.status === 429) return true;
  if (e.status !== 403) return false;
  const h = e.response?.headers ?? {};
  if (h['retry-after'] !== undefined || h['x-ratelimit-remaining'] === '0') return true;
  const data = e.response?.data as { message?: unknown } | undefined;
  const msg = `${typeof data?.message === 'string' ? data.message : ''} ${e.message ?? ''}`;
  return /rate limit/i.test(msg);
}

/**
 * How long to wait before retrying, or null when this error must not be retried.
 * `attempt` counts from 0 (the first retry).
 */
export function retryDelay(e: ErrorLike, method: string, attempt: number, o: Pick<RetryOptions, 'baseDelayMs' | 'maxWaitMs'>, now: number): number | null {
  const backoff = o.baseDelayMs * 2 ** attempt;
  const h = e.response?.headers ?? {};
  let wait: number | null = null;
  if (isRateLimit(e)) {
    const after = parseRetryAfter(h['retry-after'], now);
    const reset = h['x-ratelimit-reset'] !== undefined && h['x-ratelimit-remaining'] === '0' ? Number(h['x-ratelimit-reset']) * 1000 - now + 1000 : undefined;
    wait = after ?? (reset !== undefined && Number.isFinite(reset) ? Math.max(0, reset) : backoff);
  } else if (IDEMPOTENT.has(method.toUpperCase())) {
    const status = e.status;
    const network = e.response === undefined && (status === undefined || status === 500);
    if (network || status === 500 || status === 502 || status === 503 || status === 504) {
      wait = parseRetryAfter(h['retry-after'], now) ?? backoff;
    }
  }
  if (wait === null || wait > o.maxWaitMs) return null;
  return wait;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

type RequestFn = (options: Record<string, unknown>) => Promise<unknown>;
interface HookHost {
  hook: { wrap(name: 'request', fn: (request: RequestFn, options: Record<string, unknown>) => Promise<unknown>): void };
}

/** The Octokit plugin. */
export function retryPlugin(options: Partial<RetryOptions> = {}) {
  const o: RetryOptions = { ...DEFAULT_RETRY, ...options };
  const sleep = o.sleep ?? defaultSleep;
  const now = o.now ?? Date.now;
  return (octokit: unknown): void => {
    (octokit as HookHost).hook.wrap('request', async (request, reqOptions) => {
      const method = String(reqOptions.method ?? 'GET');
      const route = String(reqOptions.url ?? '');
      for (let attempt = 0; ; attempt++) {
        try {
          return await request(reqOptions);
        } catch (e) {
          const err = e as ErrorLike;
          const wait = attempt < o.retries ? retryDelay(err, method, attempt, o, now()) : null;
          if (wait === null) throw e;
          o.log?.(`GitHub API ${method} ${route}: ${err.status ?? 'network error'}${isRateLimit(err) ? ' (rate limited)' : ''}; retry ${attempt + 1}/${o.retries} in ${(wait / 1000).toFixed(1)} s`);
          await sleep(wait);
        }
      }
    });
  };
}
