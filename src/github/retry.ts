/**
 * Retries for GitHub API calls, as an Octokit plugin (no extra dependency):
 * - server errors (500, 502, 503, 504), network errors and timeouts: only for idempotent methods
 *   (GET, HEAD, PUT, PATCH, DELETE); a POST that failed that way may have been applied (a comment
 *   created), so it is never repeated blindly here: `createOnce` (create-once.ts) looks first;
 * - rate limits (429, or 403 with Retry-After / x-ratelimit-remaining: 0 / "rate limit" in the
 *   message): any method, since GitHub refused the request; waits Retry-After, else until
 *   x-ratelimit-reset, else an exponential backoff;
 * - every other 4xx: never retried.
 * Backoffs carry jitter (from an injectable random source, so tests are deterministic). A single
 * wait longer than `maxWaitMs`, or one that would take the request past `budgetMs` in total, is not
 * taken: the error is returned at once. Every attempt has a timeout, and a retry's timeout is
 * capped to what is left of `budgetMs`, so a request that keeps hanging ends within the budget.
 */

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff when the server gives no hint; doubles each attempt (before jitter). */
  baseDelayMs: number;
  /** Longest single wait accepted (a longer Retry-After gives up). */
  maxWaitMs: number;
  /** Longest total time for one request, attempts and waits included. */
  budgetMs: number;
  /** One attempt that has not answered after this long is abandoned (a timeout). */
  timeoutMs: number;
  /** Uniform in [0, 1): the jitter source. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  log?: (message: string) => void;
  now?: () => number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 3, baseDelayMs: 1000, maxWaitMs: 60_000, budgetMs: 90_000, timeoutMs: 30_000 };

/**
 * Overrides from the environment, for tests that cannot wait a minute (end-to-end runs of the
 * bundle): ML_TEST_GATE_RETRY_BUDGET_MS and ML_TEST_GATE_API_TIMEOUT_MS. Out-of-range values are ignored.
 */
export function retryOptionsFromEnv(env: Record<string, string | undefined>): Partial<RetryOptions> {
  const ms = (v: string | undefined) => {
    const n = Number(v);
    return v && Number.isInteger(n) && n >= 1 && n <= 600_000 ? n : undefined;
  };
  const out: Partial<RetryOptions> = {};
  const budget = ms(env.ML_TEST_GATE_RETRY_BUDGET_MS);
  const timeout = ms(env.ML_TEST_GATE_API_TIMEOUT_MS);
  if (budget !== undefined) out.budgetMs = budget;
  if (timeout !== undefined) out.timeoutMs = timeout;
  return out;
}

interface ErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

/** An attempt that got no answer in time. It has no status: it may or may not have been applied. */
export class ApiTimeoutError extends Error {
  readonly status = undefined;
  constructor(readonly timeoutMs: number) {
    super(`no answer from the GitHub API within ${(timeoutMs / 1000).toFixed(1)} s`);
    this.name = 'ApiTimeoutError';
  }
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
 * True when a write may have been applied although it reported an error: a server error, a network
 * error or a timeout (no answer). A 4xx, rate limits included, means GitHub refused it.
 */
export function isUncertain(e: ErrorLike): boolean {
  if (e instanceof ApiTimeoutError) return true;
  const s = e.status;
  if (s === undefined) return true;
  return s >= 500 && s <= 599;
}

/** Exponential backoff with jitter: uniform in [b/2, b) for b = base * 2^attempt. */
export function backoff(attempt: number, baseDelayMs: number, random: () => number): number {
  const b = baseDelayMs * 2 ** attempt;
  return Math.round(b / 2 + (b / 2) * Math.min(Math.max(random(), 0), 1));
}

/**
 * How long to wait before retrying, or null when this error must not be retried.
 * `attempt` counts from 0 (the first retry).
 */
export function retryDelay(
  e: ErrorLike,
  method: string,
  attempt: number,
  o: Pick<RetryOptions, 'baseDelayMs' | 'maxWaitMs'> & { random?: () => number },
  now: number,
): number | null {
  const wait0 = backoff(attempt, o.baseDelayMs, o.random ?? (() => 1));
  const h = e.response?.headers ?? {};
  let wait: number | null = null;
  if (isRateLimit(e)) {
    const after = parseRetryAfter(h['retry-after'], now);
    const reset =
      h['x-ratelimit-reset'] !== undefined && h['x-ratelimit-remaining'] === '0'
        ? Number(h['x-ratelimit-reset']) * 1000 - now + 1000
        : undefined;
    wait = after ?? (reset !== undefined && Number.isFinite(reset) ? Math.max(0, reset) : wait0);
  } else if (IDEMPOTENT.has(method.toUpperCase())) {
    const status = e.status;
    const network = e.response === undefined && (status === undefined || status === 500);
    if (network || status === 500 || status === 502 || status === 503 || status === 504) {
      wait = parseRetryAfter(h['retry-after'], now) ?? wait0;
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

/**
 * One attempt, abandoned after `timeoutMs` (unless the caller brought its own abort signal). The
 * signal is set on the options object itself: the inner hooks were bound to that object, and a new
 * one passed to them would be ignored.
 */
async function attemptWithTimeout(
  request: RequestFn,
  reqOptions: Record<string, unknown>,
  timeoutMs: number,
  ownSignal: boolean,
): Promise<unknown> {
  if (ownSignal) return request(reqOptions);
  const ctl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctl.abort();
  }, timeoutMs);
  reqOptions.request = { ...(reqOptions.request as object | undefined), signal: ctl.signal };
  try {
    return await request(reqOptions);
  } catch (e) {
    throw timedOut ? new ApiTimeoutError(timeoutMs) : e;
  } finally {
    clearTimeout(timer);
  }
}

/** The Octokit plugin. */
export function retryPlugin(options: Partial<RetryOptions> = {}) {
  const o: RetryOptions = { ...DEFAULT_RETRY, ...options };
  const sleep = o.sleep ?? defaultSleep;
  const now = o.now ?? Date.now;
  const random = o.random ?? Math.random;
  return (octokit: unknown): void => {
    (octokit as HookHost).hook.wrap('request', async (request, reqOptions) => {
      const method = String(reqOptions.method ?? 'GET');
      const route = String(reqOptions.url ?? '');
      const start = now();
      const ownSignal = Boolean((reqOptions.request as { signal?: unknown } | undefined)?.signal);
      for (let attempt = 0; ; attempt++) {
        // an attempt may wait for its answer only as long as the budget has left (the last one especially):
        // retries of a request that hangs must not run the total past budgetMs
        const left = o.budgetMs - (now() - start);
        const timeout = Math.max(1, Math.min(o.timeoutMs, left));
        try {
          return await attemptWithTimeout(request, reqOptions, timeout, ownSignal);
        } catch (e) {
          const err = e as ErrorLike;
          let wait = attempt < o.retries ? retryDelay(err, method, attempt, { ...o, random }, now()) : null;
          if (wait !== null && now() - start + wait > o.budgetMs) wait = null;
          if (wait === null) throw e;
          const what = e instanceof ApiTimeoutError ? 'timeout' : (err.status ?? 'network error');
          o.log?.(
            `GitHub API ${method} ${route}: ${what}${isRateLimit(err) ? ' (rate limited)' : ''}; retry ${attempt + 1}/${o.retries} in ${(wait / 1000).toFixed(1)} s`,
          );
          await sleep(wait);
        }
      }
    });
  };
}
