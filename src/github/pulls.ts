import { loopSafe, type GitHubClient } from './client.js';

/** Every file the pull request changes (all pages; GitHub lists at most 3,000). */
export async function changedFiles(gh: GitHubClient, owner: string, repo: string, pull: number): Promise<string[]> {
  const files: string[] = [];
  for await (const r of loopSafe(
    gh.paginate.iterator('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', {
      owner,
      repo,
      pull_number: pull,
      per_page: 100,
    }),
  )) {
    for (const f of r.data as Array<{ filename: string; previous_filename?: string }>) {
      files.push(f.filename);
      if (f.previous_filename) files.push(f.previous_filename);
    }
  }
  return [...new Set(files)];
}

export interface FoundPull {
  number: number;
  baseRef: string;
  baseSha: string;
  headSha: string;
}

interface PullLike {
  number: number;
  state?: string;
  head?: { sha?: string };
  base?: { ref?: string; sha?: string };
}

const toFound = (p: PullLike): FoundPull => ({
  number: p.number,
  baseRef: p.base?.ref ?? '',
  baseSha: p.base?.sha ?? '',
  headSha: p.head?.sha ?? '',
});

/**
 * The open pull request whose head is `headSha`. For runs of fork PRs, `workflow_run.pull_requests`
 * is empty: look it up by `owner:branch` first, then through all open pull requests.
 */
export async function findPullByHeadSha(
  gh: GitHubClient,
  owner: string,
  repo: string,
  headSha: string,
  head?: { owner?: string; branch?: string },
): Promise<FoundPull | null> {
  if (head?.owner && head.branch) {
    const r = await gh.request('GET /repos/{owner}/{repo}/pulls', {
      owner,
      repo,
      state: 'open',
      head: `${head.owner}:${head.branch}`,
      per_page: 100,
    });
    const hit = (r.data as PullLike[]).find((p) => p.head?.sha === headSha);
    if (hit) return toFound(hit);
  }
  let pages = 0;
  for await (const r of loopSafe(gh.paginate.iterator('GET /repos/{owner}/{repo}/pulls', { owner, repo, state: 'open', per_page: 100 }))) {
    const hit = (r.data as PullLike[]).find((p) => p.head?.sha === headSha);
    if (hit) return toFound(hit);
    if (++pages >= 20) break;
  }
  return null;
}
