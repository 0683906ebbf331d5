import { globToRegExp } from '../../evidence/glob.js';
import type { Check, ReportTable, TestOutcome } from '../../rubric/types.js';
import type { ReviewConfig } from '../../schemas/config/review.js';
import type { EvalContext, Evaluator } from '../types.js';

/**
 * Rubric tests that look at the pull request itself:
 * - monitor-1 "Dependency changes result in notification": dependency manifests and lock files are
 *   found in the repository, and those the PR changes are listed in the comment (a warning);
 * - model-1 "Model specs are reviewed and submitted": the configured model spec files are tracked,
 *   and a PR that changes them is flagged for review (a warning).
 * Without a pull request (pushes, the CLI) the tests check that there is something to watch.
 */

type CannotList = (what: string) => Check;

/** monitor-1: the dependency manifests and lock files watched, and those the pull request changes. */
async function dependencyOutcome(
  ctx: EvalContext,
  cfg: ReviewConfig,
  rows: Array<Array<string | null>>,
  cannotList: CannotList,
): Promise<TestOutcome> {
  const pr = ctx.pullRequest;
  const prChanged = pr?.changedFiles ?? null;
  const extra = list(cfg['dependency-manifests']).map((p) => globToRegExp(p.replace(/\\/g, '/').replace(/^\.\//, '')));
  const all = await ctx.workspace.glob('**/*');
  const watched = all.filter((f) => kindOf(f, extra) !== null);
  const checks: Check[] = [];
  if (pr && prChanged === null) checks.push(cannotList('dependency changes'));
  else if (watched.length === 0 && !(prChanged ?? []).some((f) => kindOf(f, extra))) {
    checks.push({
      name: 'dependency manifests',
      status: 'error',
      message:
        'no dependency manifest or lock file was found in the repository (requirements*.txt, pyproject.toml, lock files, Dockerfile...); add one, or list yours under review.dependency-manifests',
    });
  } else {
    checks.push({
      name: 'dependency manifests',
      status: 'pass',
      message: `${watched.length} dependency manifest${watched.length === 1 ? '' : 's'} watched: ${names(watched)}${pr ? '' : '; changes are announced on pull requests'}`,
    });
    if (pr && prChanged) {
      const changed = prChanged.filter((f) => kindOf(f, extra) !== null);
      if (changed.length) {
        checks.push({
          name: 'dependency changes',
          status: 'warn',
          message: `pull request #${pr.number} changes ${changed.length} dependency file${changed.length === 1 ? '' : 's'}: ${names(changed)}; review the new versions`,
        });
        for (const f of changed.slice(0, MAX_LISTED)) {
          const kind = kindOf(f, extra)!;
          rows.push([f, `dependencies (${kind})`, kind === 'container image' ? await baseImages(ctx, f) : '']);
        }
      } else {
        checks.push({
          name: 'dependency changes',
          status: 'pass',
          message: `pull request #${pr.number} changes no dependency manifest or lock file`,
        });
      }
    }
  }
  return { test: 'monitor-1', checks, evidence: watched.slice(0, MAX_LISTED) };
}

/** model-1: the model spec files under version control, and those the pull request changes (they need a review). */
async function modelSpecOutcome(
  ctx: EvalContext,
  cfg: ReviewConfig,
  rows: Array<Array<string | null>>,
  cannotList: CannotList,
): Promise<TestOutcome | null> {
  const pr = ctx.pullRequest;
  const prChanged = pr?.changedFiles ?? null;
  const specPatterns = list(cfg['model-specs']);
  if (!specPatterns.length) return null;
  const checks: Check[] = [];
  const tracked: string[] = [];
  for (const p of specPatterns) {
    const found = await ctx.workspace.glob(p.replace(/\\/g, '/').replace(/^\.\//, ''));
    if (found.length === 0) {
      checks.push({
        name: `model spec ${p}`,
        status: 'error',
        message: `review.model-specs: "${p}" matches no file in the repository; model specs must be under version control`,
        file: ctx.configFile,
      });
    }
    tracked.push(...found);
  }
  const unique = [...new Set(tracked)];
  if (pr && prChanged === null) checks.push(cannotList('model spec changes'));
  else if (unique.length) {
    checks.push({
      name: 'model specs tracked',
      status: 'pass',
      message: `${unique.length} model spec file${unique.length === 1 ? '' : 's'} under version control: ${names(unique)}${pr ? '' : '; changes are flagged on pull requests'}`,
    });
  }
  if (pr && prChanged) {
    const isSpec = specPatterns.map(matcher);
    const changed = prChanged.filter((f) => isSpec.some((m) => m(f)));
    if (changed.length) {
      checks.push({
        name: 'model spec changes',
        status: 'warn',
        message: `pull request #${pr.number} changes ${changed.length} model spec file${changed.length === 1 ? '' : 's'}: ${names(changed)}; it needs a reviewer's approval`,
      });
      for (const f of changed.slice(0, MAX_LISTED)) rows.push([f, 'model spec', 'needs review']);
    } else {
      checks.push({ name: 'model spec changes', status: 'pass', message: `pull request #${pr.number} changes no model spec file` });
    }
  }
  return { test: 'model-1', checks, evidence: unique.slice(0, MAX_LISTED) };
}

/** Built-in dependency manifests, matched on the file name in any directory. */
export const DEPENDENCY_FILES: ReadonlyArray<{ re: RegExp; kind: string }> = [
  { re: /^requirements[^/]*\.(txt|in)$/i, kind: 'pip requirements' },
  { re: /^constraints[^/]*\.txt$/i, kind: 'pip constraints' },
  { re: /^pyproject\.toml$/, kind: 'Python project' },
  { re: /^setup\.(cfg|py)$/, kind: 'Python setup' },
  { re: /^Pipfile(\.lock)?$/, kind: 'Pipenv' },
  { re: /^poetry\.lock$/, kind: 'Poetry lock' },
  { re: /^uv\.lock$/, kind: 'uv lock' },
  { re: /^pdm\.lock$/, kind: 'PDM lock' },
  { re: /^environment[^/]*\.ya?ml$/i, kind: 'conda environment' },
  { re: /^(.*\.)?conda-lock\.ya?ml$/i, kind: 'conda lock' },
  { re: /^conda-[^/]*\.lock$/i, kind: 'conda lock' },
  { re: /^package(-lock)?\.json$/, kind: 'npm' },
  { re: /^(yarn\.lock|pnpm-lock\.yaml)$/, kind: 'JavaScript lock' },
  { re: /^(go\.mod|go\.sum|Cargo\.toml|Cargo\.lock)$/, kind: 'Go / Rust modules' },
  { re: /^(Dockerfile|Containerfile)([.-][^/]*)?$|\.Dockerfile$/i, kind: 'container image' },
];

const MAX_LISTED = 30;

function kindOf(file: string, extra: RegExp[]): string | null {
  const base = file.split('/').pop() ?? file;
  for (const d of DEPENDENCY_FILES) if (d.re.test(base)) return d.kind;
  if (extra.some((re) => re.test(file))) return 'dependency manifest';
  return null;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const names = (files: string[]) => `${files.slice(0, 5).join(', ')}${files.length > 5 ? ` and ${files.length - 5} more` : ''}`;

const matcher = (pattern: string) => {
  const norm = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  const re = globToRegExp(norm);
  return (f: string) => f === norm || re.test(f);
};

async function baseImages(ctx: EvalContext, file: string): Promise<string> {
  try {
    const text = await ctx.workspace.readText(file, 1024 * 1024);
    const from = [...text.matchAll(/^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)/gim)].map((m) => m[1]);
    return from.length ? `base image${from.length > 1 ? 's' : ''} now: ${from.slice(0, 4).join(', ')}` : '';
  } catch {
    return 'removed in this pull request';
  }
}

export const reviewEvaluator: Evaluator = {
  name: 'review',
  tests: ['model-1', 'monitor-1'],
  config: ['review.model-specs', 'review.dependencies', 'review.dependency-manifests'],
  formats: ["the pull request's changed files"],
  async run(ctx) {
    const cfg: ReviewConfig | undefined = ctx.config.review;
    if (!cfg) return { outcomes: [] };
    const outcomes: TestOutcome[] = [];
    const rows: Array<Array<string | null>> = [];
    const pr = ctx.pullRequest;
    const cannotList = (what: string): Check => ({
      name: 'pull request files',
      status: 'error',
      message: `the files changed by pull request #${pr!.number} could not be listed, so ${what} could not be checked: ${
        pr!.changedFilesError ?? 'the token needs pull-requests: read'
      }`,
    });

    if (cfg.dependencies !== false) outcomes.push(await dependencyOutcome(ctx, cfg, rows, cannotList));
    const specs = await modelSpecOutcome(ctx, cfg, rows, cannotList);
    if (specs) outcomes.push(specs);

    const tables: ReportTable[] = rows.length
      ? [
          {
            id: 'review-changes',
            title: 'Changes that need review',
            tests: ['monitor-1', 'model-1'],
            columns: ['File', 'What', 'Detail'],
            rows,
            alwaysShow: true,
          },
        ]
      : [];
    return { outcomes, tables };
  },
};
