import { describe, expect, it } from 'vitest';
import { explainApiError, loopSafe, PaginationLoopError } from '../../src/github/client.js';

async function* pagesAt(urls: Array<string | undefined>) {
  for (const url of urls) yield { url, data: [] as unknown[] };
}

/** The URLs loopSafe passes on, and what it threw (if anything). */
async function walk(urls: Array<string | undefined>): Promise<{ read: Array<string | undefined>; error: unknown }> {
  const read: Array<string | undefined> = [];
  try {
    for await (const p of loopSafe(pagesAt(urls))) read.push(p.url);
  } catch (e) {
    return { read, error: e };
  }
  return { read, error: null };
}

describe('loopSafe (a Link header that loops)', () => {
  it('lets any number of distinct pages through and stops at the first page that comes again', async () => {
    const page = (p: number) => `https://api.github.com/repos/o/r/issues/1/comments?per_page=100&page=${p}`;
    const distinct = Array.from({ length: 500 }, (_, i) => page(i + 1));
    expect((await walk(distinct)).read).toEqual(distinct);
    const looped = await walk([...distinct, page(7), page(8)]);
    expect(looped.read).toEqual(distinct);
    expect(looped.error).toBeInstanceOf(PaginationLoopError);
    // pages without a URL are passed on, never taken for a loop
    expect(await walk([undefined, undefined])).toEqual({ read: [undefined, undefined], error: null });
  });

  it('names the page by path and query only, in one line', async () => {
    const { error } = await walk([
      'https://api.github.com/repos/o/r/pulls/1/files?page=2',
      'https://api.github.com/repos/o/r/pulls/1/files?page=2',
    ]);
    expect(explainApiError(error, 'listing the files of pull request #1', 'pull-requests: read')).toBe(
      "listing the files of pull request #1 failed: the GitHub API's pages loop: the next page of the listing is /repos/o/r/pulls/1/files?page=2 again, which was already read.",
    );
  });
});
