import * as z from 'zod';
import { once } from '../lazy-object.js';
import { paths } from '../common.js';

export const reviewConfig = once(() =>
  z
  .strictObject({
    'model-specs': paths
      .optional()
      .describe('Model spec/config files (paths or globs) that must be tracked and whose changes are flagged for review in the pull request (model-1).'),
    dependencies: z
      .boolean()
      .default(true)
      .describe('Detect dependency manifests and lock files and announce their changes in the pull request (monitor-1).'),
    'dependency-manifests': paths
      .optional()
      .describe('Extra dependency manifest patterns, added to the built-in list (requirements*.txt, pyproject.toml, lock files, Dockerfiles...).'),
  })
  .describe('Checks that need the pull request: model spec review (model-1) and dependency change notification (monitor-1).'),
);

export type ReviewConfig = z.infer<ReturnType<typeof reviewConfig>>;
