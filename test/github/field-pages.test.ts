import { describe, expect, it } from 'vitest';
import { explainApiError, pageLoopGuard, PaginationLoopError } from '../../src/github/client.js';

describe('pageLoopGuard (a Link header that loops)', () => {
  it('lets any number of distinct pages through and stops at the first page that comes again', () => {
    const guard = pageLoopGuard();
    for (let p = 1; p <= 500; p++) guard(`https://api.github.com/repos/o/r/issues/1/comments?per_page=100&page=${p}`);
    expect(() => guard('https://api.github.com/repos/o/r/issues/1/comments?per_page=100&page=7')).toThrow(PaginationLoopError);
  });

  it('names the page by path and query only, in one line', () => {
    const guard = pageLoopGuard();
    guard('https://api.github.com/repos/o/r/pulls/1/files?page=2');
    let err: unknown;
    try {
      guard('https://api.github.com/repos/o/r/pulls/1/files?page=2');
    } catch (e) {
      err = e;
    }
    expect(explainApiError(err, 'listing the files of pull request #1', 'pull-requests: read')).toBe(
      "listing the files of pull request #1 failed: the GitHub API's pages loop: the next page of the listing is /repos/o/r/pulls/1/files?page=2 again, which was already read.",
    );
  });
});
