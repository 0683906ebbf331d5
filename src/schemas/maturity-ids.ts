/** The ids of the MLOps maturity mapping (src/rubric/maturity-map.ts), here so the report format can name them. */
export const FRAMEWORK_IDS = ['google', 'azure'] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

export const FACT_IDS = ['retrain-schedule', 'retrain-on-alarm', 'automated-deployment', 'model-registry'] as const;
export type FactId = (typeof FACT_IDS)[number];

export const FACT_STATES = ['observed', 'declared', 'absent', 'not-configured', 'error'] as const;
export type FactState = (typeof FACT_STATES)[number];

export const CRITERION_IDS = [
  'version-control',
  'code-unit-tests',
  'pipeline-integration-test',
  'data-validation',
  'model-validation',
  'versioned-model-store',
  'retrain-trigger',
  'reproducible-training',
  'deployment-tested',
  'automated-deployment',
  'model-registry',
  'production-monitoring',
  'retrain-on-alarm',
] as const;
export type CriterionId = (typeof CRITERION_IDS)[number];
