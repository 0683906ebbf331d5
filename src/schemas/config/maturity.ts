import * as z from 'zod';
import { once } from '../lazy-object.js';
import { nonEmptyString } from '../common.js';

/** A relative path or glob inside the repository: no absolute paths, no `..` segments. */
const repoPattern = nonEmptyString.refine((p) => !/^([/\\]|[A-Za-z]:)/.test(p) && !p.split(/[/\\]/).includes('..'), {
  message: 'expected a path or glob relative to the repository root (no leading / and no ..)',
});

const jobMatcher = (verb: 'train' | 'deploy', example: string) =>
  z
    .strictObject({
      jobs: z
        .array(nonEmptyString)
        .default([])
        .describe(`Workflow job ids or job \`name:\`s that ${verb} the model (exact, case-insensitive).`),
      commands: z
        .array(nonEmptyString)
        .default([])
        .describe(`Text that marks a job that ${verb}s the model: a step's \`run:\` or a \`uses:\` (step or reusable workflow) containing one of these, e.g. "${example}".`),
    })
    .describe(`Which workflow jobs ${verb} the model.`);

export const maturityConfig = once(() =>
  z
  .strictObject({
    workflows: z
      .union([repoPattern, z.array(repoPattern).min(1)])
      .default(['.github/workflows/*.yml', '.github/workflows/*.yaml'])
      .describe('GitHub Actions workflow files to read for the retrain-trigger and automated-deployment facts (paths or globs).'),
    training: jobMatcher('train', 'train.py').prefault({}),
    deployment: jobMatcher('deploy', 'promote.sh').prefault({}),
    'alarm-workflows': z
      .array(nonEmptyString)
      .default([])
      .describe(
        'Names of workflows whose completion is a drift or regression alarm (e.g. the workflow that runs ml-test-gate on a schedule). A training job triggered by `workflow_run` of one of them is a retrain-on-alarm trigger.',
      ),
    'model-registry': nonEmptyString
      .optional()
      .describe('Where versioned models live (e.g. models:/loan-default). Declared, not observed: shown as "declared in the config". Needed for Google level 2 and Azure level 3.'),
  })
  .describe('MLOps maturity (Google Cloud levels 0-2, Azure levels 0-4) from evidence: where the facts that rubric tests cannot show are found. See docs/maturity.md.'),
);

export type MaturityConfig = z.infer<ReturnType<typeof maturityConfig>>;
