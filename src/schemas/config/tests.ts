import * as z from 'zod';
import { paths } from '../common.js';

import { TEST_LAYERS } from '../constants.js';

export { TEST_LAYERS, type TestLayer } from '../constants.js';


export const junitTestsConfig = z
  .strictObject({
    feature: paths.optional().describe('JUnit XML report(s) of feature-code unit tests (data-7). Globs allowed.'),
    model: paths.optional().describe('JUnit XML report(s) of model unit tests (infra-2).'),
    pipeline: paths.optional().describe('JUnit XML report(s) of pipeline integration tests (infra-3).'),
    tagged: paths
      .optional()
      .describe(
        'JUnit XML report(s) whose test cases name the rubric test they evidence with a property ml_test (pytest: record_property("ml_test", "data-3")); each tagged case counts toward that test, and suites or cases with ml_test_layer integration or acceptance count toward infra-3 (docs/formats/tagged-tests.md).',
      ),
    layers: z
      .partialRecord(z.enum(TEST_LAYERS), paths)
      .optional()
      .describe(
        'The pyramid layer of whole JUnit reports that carry no ml_test_layer property, e.g. { integration: reports/junit/it-*.xml, acceptance: reports/junit/acceptance.xml }; integration and acceptance count toward infra-3.',
      ),
    'allow-skipped': z.boolean().default(true).describe('Skipped test cases are allowed as long as at least one ran.'),
  })
  .describe('Test reports in JUnit XML, the format every test runner writes.');

export type JunitTestsConfig = z.infer<typeof junitTestsConfig>;
