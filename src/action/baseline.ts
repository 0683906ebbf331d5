import * as core from '@actions/core';
import { fileBaseline, noBaseline, type BaselineSource } from '../gate/baseline.js';
import { artifactBaseline, artifactName } from '../github/artifacts.js';
import type { GitHubClient } from '../github/client.js';
import type { RunContext } from '../github/context.js';
import type { ActionInputs } from './inputs.js';

/** Where the baseline comes from: the input when set (`none`, `auto` or a path), else the config's path, else auto. */
export function baselineFor(
  inputs: ActionInputs,
  configBaseline: string | undefined,
  gh: GitHubClient | null = null,
  ctx: RunContext | null = null,
): BaselineSource {
  if (inputs.baseline === 'none') return noBaseline('the baseline input is none');
  if (inputs.baseline && inputs.baseline !== 'auto') return fileBaseline(inputs.baseline);
  if (!inputs.baseline && configBaseline) return fileBaseline(configBaseline);
  if (!gh || !ctx) return noBaseline('baseline auto needs the github-token input and a GitHub Actions run');
  const pr = ctx.pullRequest;
  // a merge queue's group compares with the branch it merges into (its ref is gh-readonly-queue/...)
  const mg = pr ? null : ctx.mergeGroup;
  const branch = pr?.baseRef || mg?.baseRef || ctx.refName;
  if (!branch) return noBaseline('the branch to take the baseline from is unknown');
  const before = typeof ctx.event.before === 'string' && !/^0+$/.test(ctx.event.before) ? ctx.event.before : null;
  return artifactBaseline(
    gh,
    {
      owner: ctx.owner,
      repo: ctx.repo,
      name: artifactName(inputs.id),
      branch,
      preferSha: pr ? pr.baseSha : mg?.baseSha || before,
      repositoryId: pr?.baseRepoId ?? ctx.repositoryId,
      excludeRunId: ctx.runId ? Number(ctx.runId) : null,
    },
    (m) => core.info(m),
  );
}
