// The evaluators of reports that tools wrote (JUnit XML, tagged or not, and the eval report): one chunk, loaded when the
// config names either (src/assertions/registry.ts).
export { testReportsEvaluator } from '../data/test-reports.js';
export { taggedTestsEvaluator } from '../infra/tagged-tests.js';
export { reportedMetricsEvaluator } from '../infra/reported-metrics.js';
