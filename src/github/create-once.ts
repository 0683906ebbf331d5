import { backoff, DEFAULT_RETRY, isUncertain, type RetryOptions } from './retry.js';

/**
 * POST is not idempotent: a create that failed with a 5xx or got no answer may have been applied.
 * Repeating it blindly makes duplicates; giving up on the first error loses the comment. So: wait
 * (backoff with jitter), look for what the failed attempt may have made, and create again only when
 * nothing is there. Total time is capped by `budgetMs`. A 4xx (GitHub refused) is thrown at once;
 * an error while looking is thrown too (never create without having looked).
 */
export type CreatePolicy = Pick<RetryOptions, 'baseDelayMs' | 'budgetMs' | 'random' | 'sleep' | 'now' | 'log'>;

export const DEFAULT_CREATE_POLICY: CreatePolicy = { baseDelayMs: DEFAULT_RETRY.baseDelayMs, budgetMs: DEFAULT_RETRY.budgetMs };

export interface CreateOnce<T> {
  /** For log lines: "creating the pull request comment". */
  what: string;
  create: () => Promise<T>;
  /** What an earlier attempt created, or null. */
  find: () => Promise<T | null>;
}

export interface CreateOnceResult<T> {
  value: T;
  /** Attempts at creating (1 when the first one answered). */
  attempts: number;
  /** True when the value was found after an attempt whose answer was lost. */
  recovered: boolean;
}

const statusText = (e: unknown) => {
  const s = (e as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? String(s) : e instanceof Error ? e.message : 'no answer';
};

export async function createOnce<T>(op: CreateOnce<T>, policy: CreatePolicy = DEFAULT_CREATE_POLICY): Promise<CreateOnceResult<T>> {
  const now = policy.now ?? Date.now;
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = policy.random ?? Math.random;
  const start = now();
  for (let attempt = 0; ; attempt++) {
    try {
      return { value: await op.create(), attempts: attempt + 1, recovered: false };
    } catch (e) {
      if (!isUncertain(e as { status?: number })) throw e;
      const wait = backoff(attempt, policy.baseDelayMs, random);
      if (now() - start + wait > policy.budgetMs) throw e;
      policy.log?.(
        `${op.what}: ${statusText(e)}; it may have been applied, so looking for it in ${(wait / 1000).toFixed(1)} s before trying again`,
      );
      await sleep(wait);
      const found = await op.find();
      if (found !== null) {
        policy.log?.(`${op.what}: found what the attempt that failed had created; not creating it again`);
        return { value: found, attempts: attempt + 1, recovered: true };
      }
    }
  }
}
