import type { JunitReport } from '../../evidence/junit.js';
import { EvidenceFileError } from '../../evidence/workspace.js';
import type { RubricId } from '../../rubric/tests.js';
import type { Check, TestOutcome } from '../../rubric/types.js';
import { errorMessage } from '../../util/errors.js';
import type { EvalContext, Evaluator } from '../types.js';
import { caseName } from '../shared/junit-case.js';

const KINDS = [
  { key: 'feature', test: 'data-7', what: 'feature-code unit tests' },
  { key: 'model', test: 'infra-2', what: 'model unit tests' },
  { key: 'pipeline', test: 'infra-3', what: 'pipeline integration tests' },
] as const satisfies ReadonlyArray<{ key: string; test: RubricId; what: string }>;

const toList = (p: string | string[]) => (Array.isArray(p) ? p : [p]);

/** A folder named where reports are expected (tests.feature: reports/): the glob that names the reports in it. */
async function folderHint(ctx: EvalContext, file: string): Promise<string> {
  const pattern = `${file.replace(/[\\/]+$/, '')}/*.xml`;
  const n = (await ctx.workspace.glob(pattern).catch(() => [])).length;
  return n ? `; if it is the folder of the reports, name them with a glob: ${pattern} (matches ${n} file${n === 1 ? '' : 's'})` : '';
}

/** Read every file a list of paths/globs names; a pattern that matches nothing is itself an error. */
export async function readJunitReports(
  ctx: EvalContext,
  patterns: string[],
): Promise<{ files: string[]; reports: Array<{ file: string; report: JunitReport }>; errors: Check[] }> {
  const files: string[] = [];
  const errors: Check[] = [];
  for (const pattern of patterns) {
    const matched = await ctx.workspace.glob(pattern);
    if (matched.length === 0) {
      errors.push({
        name: pattern,
        status: 'error',
        message: `no file matches ${pattern} (looked for ${ctx.workspace.resolve(pattern)}; expected a JUnit XML report)`,
        file: ctx.configFile,
      });
    }
    files.push(...matched);
  }
  const reports: Array<{ file: string; report: JunitReport }> = [];
  // The XML parser loads only when a JUnit report is configured (cold start).
  const { JunitError, readJunit } = await import('../../evidence/junit.js');
  for (const file of [...new Set(files)]) {
    try {
      const xml = await ctx.store.workspace.readText(file, 64 * 1024 * 1024);
      reports.push({ file, report: await readJunit(xml) });
    } catch (e) {
      let msg = e instanceof EvidenceFileError ? e.message : `${file}: ${errorMessage(e)}`;
      if (e instanceof EvidenceFileError && msg === `${file} is not a file`) msg += await folderHint(ctx, file);
      errors.push({ name: file, status: 'error', message: msg, file, line: e instanceof JunitError ? e.line : undefined });
    }
  }
  return { files, reports, errors };
}

export function junitChecks(what: string, reports: Array<{ file: string; report: JunitReport }>, allowSkipped: boolean): Check[] {
  const checks: Check[] = [];
  for (const { file, report } of reports) {
    const t = report.totals;
    const ran = t.tests - t.skipped;
    const counts = `${t.passed} passed, ${t.failed} failed, ${t.error} error${t.error === 1 ? '' : 's'}, ${t.skipped} skipped`;
    if (t.tests === 0) {
      checks.push({ name: file, status: 'error', message: `${file} holds no test case: an empty report is not a pass`, value: 0, file });
      continue;
    }
    if (ran === 0) {
      checks.push({ name: file, status: 'error', message: `${file}: all ${t.tests} test cases were skipped; nothing ran`, value: 0, file });
      continue;
    }
    const broken = report.cases.filter((c) => c.status === 'failed' || c.status === 'error');
    if (broken.length > 0) {
      const names = broken.slice(0, 5).map((c) => `${caseName(c)}${c.message ? ` (${c.message.split('\n')[0].slice(0, 120)})` : ''}`);
      const more = broken.length > 5 ? `, +${broken.length - 5} more` : '';
      checks.push({
        name: file,
        status: 'fail',
        message: `${what}: ${counts} in ${file}; failing: ${names.join('; ')}${more}`,
        value: t.passed / ran,
        threshold: 'all pass',
        method: 'JUnit XML test cases',
        file,
      });
    } else if (t.skipped > 0 && !allowSkipped) {
      checks.push({
        name: file,
        status: 'fail',
        message: `${what}: ${counts} in ${file}; skipped tests are not allowed`,
        value: t.passed / t.tests,
        threshold: 'no skips',
        file,
      });
    } else {
      checks.push({
        name: file,
        status: 'pass',
        message: `${what}: ${counts} in ${file}`,
        value: 1,
        threshold: 'all pass',
        method: 'JUnit XML test cases',
        file,
      });
    }
  }
  return checks;
}

/** data-7, infra-2, infra-3: JUnit reports present, non-empty and passing. */
export const testReportsEvaluator: Evaluator = {
  name: 'tests',
  tests: ['data-7', 'infra-2', 'infra-3'],
  config: ['tests.feature', 'tests.model', 'tests.pipeline', 'tests.allow-skipped'],
  formats: ['JUnit XML'],
  async run(ctx) {
    const cfg = ctx.config.tests;
    const outcomes: TestOutcome[] = [];
    if (!cfg) return { outcomes };
    for (const kind of KINDS) {
      const p = cfg[kind.key];
      if (p === undefined) continue;
      const { files, reports, errors } = await readJunitReports(ctx, toList(p));
      const checks = [...errors, ...junitChecks(kind.what, reports, cfg['allow-skipped'])];
      outcomes.push({ test: kind.test, checks, evidence: files });
    }
    return { outcomes };
  },
};
