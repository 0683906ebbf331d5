import * as z from 'zod';
import { paths } from '../common.js';

export const junitTestsConfig = z
  .strictObject({
    feature: paths.optional().describe('JUnit XML report(s) of feature-code unit tests (data-7). Globs allowed.'),
    model: paths.optional().describe('JUnit XML report(s) of model unit tests (infra-2).'),
    pipeline: paths.optional().describe('JUnit XML report(s) of pipeline integration tests (infra-3).'),
    'allow-skipped': z.boolean().default(true).describe('Skipped test cases are allowed as long as at least one ran.'),
  })
  .describe('Test reports in JUnit XML, the format every test runner writes.');

export type JunitTestsConfig = z.infer<typeof junitTestsConfig>;
