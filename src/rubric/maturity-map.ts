/**
 * The mapping from evidence to MLOps maturity levels: the one place it is defined. The decision
 * (src/rubric/maturity.ts) and docs/maturity.md (scripts/maturity-doc.ts) are both read from it.
 *
 * A level is reached when every criterion of that level and of every level below it is met, so a
 * higher level always implies the lower ones. A criterion is met when every rubric test it names is
 * automated (status pass or fail: the test ran in CI) and, when it names facts, at least one of them
 * was observed or declared.
 */
import type { RubricId } from './tests.js';
import type { CriterionId, FactId, FactState, FrameworkId } from '../schemas/maturity-ids.js';

export { CRITERION_IDS, FACT_IDS, FACT_STATES, FRAMEWORK_IDS } from '../schemas/maturity-ids.js';
export type { CriterionId, FactId, FactState, FrameworkId };

export const MAPPING_VERSION = 'docs/maturity.md v1';

/** Facts the rubric tests cannot show, and how the gate finds each. */
export const FACTS: Record<FactId, { title: string; how: string }> = {
  'retrain-schedule': {
    title: 'scheduled retraining',
    how: 'a workflow in `maturity.workflows` with an `on.schedule` cron runs a training job (`maturity.training`)',
  },
  'retrain-on-alarm': {
    title: 'retraining on an alarm',
    how: 'a workflow triggered by `workflow_run` of one of `maturity.alarm-workflows` (the drift or regression alarm) runs a training job',
  },
  'automated-deployment': {
    title: 'automated model deployment',
    how: 'a workflow with an automatic trigger (push, schedule, workflow_run, release, repository_dispatch) runs a deployment job (`maturity.deployment`); `workflow_dispatch` alone is a manual release',
  },
  'model-registry': {
    title: 'a model registry',
    how: 'declared in the config as `maturity.model-registry` (shown as declared, not observed)',
  },
};

export interface Criterion {
  id: CriterionId;
  title: string;
  /** Every one of these must be automated (pass or fail). */
  tests: readonly RubricId[];
  /** At least one of these must be observed or declared (none: no fact needed). */
  facts: readonly FactId[];
  /** What to add, with the config key that adds it. Shown as the next step. */
  action: string;
}

export const CRITERIA: Record<CriterionId, Criterion> = {
  'version-control': {
    id: 'version-control',
    title: 'model specs under version control, changes reviewed',
    tests: ['model-1'],
    facts: [],
    action: 'track the model specs (review.model-specs)',
  },
  'code-unit-tests': {
    id: 'code-unit-tests',
    title: 'feature and model code unit-tested in CI',
    tests: ['data-7', 'infra-2'],
    facts: [],
    action: 'run feature and model unit tests in CI (tests.feature, tests.model)',
  },
  'pipeline-integration-test': {
    id: 'pipeline-integration-test',
    title: 'the training pipeline is integration-tested',
    tests: ['infra-3'],
    facts: [],
    action: 'integration-test the training pipeline (tests.pipeline)',
  },
  'data-validation': {
    id: 'data-validation',
    title: 'training data validated against a schema',
    tests: ['data-1'],
    facts: [],
    action: 'validate the training data against a schema (data.schema)',
  },
  'model-validation': {
    id: 'model-validation',
    title: 'model quality validated before serving',
    tests: ['infra-4'],
    facts: [],
    action: 'validate model quality before serving (model.thresholds)',
  },
  'versioned-model-store': {
    id: 'versioned-model-store',
    title: 'a versioned model store with a rollback target',
    tests: ['infra-7'],
    facts: [],
    action: 'record a rollback target and drill it (infra.rollback)',
  },
  'retrain-trigger': {
    id: 'retrain-trigger',
    title: 'a retrain trigger (a schedule or an alarm)',
    tests: [],
    facts: ['retrain-schedule', 'retrain-on-alarm'],
    action: 'add a retrain trigger: a scheduled or alarm-triggered training workflow (maturity.training)',
  },
  'reproducible-training': {
    id: 'reproducible-training',
    title: 'training is reproducible',
    tests: ['infra-1'],
    facts: [],
    action: 'check that training is reproducible (model.reproducibility)',
  },
  'deployment-tested': {
    id: 'deployment-tested',
    title: 'the serving model is canaried and its performance tested',
    tests: ['infra-6', 'monitor-6'],
    facts: [],
    action: 'canary and benchmark the serving model (infra.canary, infra.performance)',
  },
  'automated-deployment': {
    id: 'automated-deployment',
    title: 'automated model deployment',
    tests: [],
    facts: ['automated-deployment'],
    action: 'automate the model deployment (maturity.deployment)',
  },
  'model-registry': {
    id: 'model-registry',
    title: 'a model registry',
    tests: [],
    facts: ['model-registry'],
    action: 'name the model registry (maturity.model-registry)',
  },
  'production-monitoring': {
    id: 'production-monitoring',
    title: 'serving data validated and training/serving skew measured',
    tests: ['monitor-2', 'monitor-3'],
    facts: [],
    action: 'monitor serving data and skew (data.serving, data.skew)',
  },
  'retrain-on-alarm': {
    id: 'retrain-on-alarm',
    title: 'retraining triggered by a drift or regression alarm',
    tests: ['monitor-7'],
    facts: ['retrain-on-alarm'],
    action: 'retrain on a drift or regression alarm (maturity.alarm-workflows)',
  },
};

export interface Level {
  level: number;
  name: string;
  /** Short quotes of the framework's published definition of this level. */
  quotes: readonly string[];
  /** Criteria added at this level (the levels below are required too). */
  criteria: readonly CriterionId[];
}

export interface Framework {
  id: FrameworkId;
  title: string;
  /** Short name for one-line summaries. */
  short: string;
  source: { title: string; url: string };
  /** Index = level number; level 0 has no criteria. */
  levels: readonly Level[];
}

export const FRAMEWORKS: Record<FrameworkId, Framework> = {
  google: {
    id: 'google',
    title: 'Google Cloud MLOps levels',
    short: 'Google',
    source: {
      title: 'Google Cloud, "MLOps: Continuous delivery and automation pipelines in machine learning"',
      url: 'https://cloud.google.com/architecture/mlops-continuous-delivery-and-automation-pipelines-in-machine-learning',
    },
    levels: [
      {
        level: 0,
        name: 'Manual process',
        quotes: ['Every step is manual, including data analysis, data preparation, model training, and validation.'],
        criteria: [],
      },
      {
        level: 1,
        name: 'ML pipeline automation',
        quotes: [
          'The goal of level 1 is to perform continuous training of the model by automating the ML pipeline',
          'you need to introduce automated data and model validation steps to the pipeline, as well as pipeline triggers and metadata management',
        ],
        criteria: ['pipeline-integration-test', 'data-validation', 'model-validation', 'versioned-model-store', 'retrain-trigger'],
      },
      {
        level: 2,
        name: 'CI/CD pipeline automation',
        quotes: [
          'For a rapid and reliable update of the pipelines in production, you need a robust automated CI/CD system.',
          'Unit testing your feature engineering logic. Unit testing the different methods implemented in your model.',
          'Testing prediction service performance',
          'Model registry',
          'Monitoring: You collect statistics on the model performance based on live data.',
        ],
        criteria: ['code-unit-tests', 'deployment-tested', 'automated-deployment', 'model-registry', 'production-monitoring'],
      },
    ],
  },
  azure: {
    id: 'azure',
    title: 'Azure MLOps maturity model',
    short: 'Azure',
    source: {
      title: 'Microsoft, "Machine Learning operations maturity model" (Azure Architecture Center)',
      url: 'https://learn.microsoft.com/en-us/azure/architecture/ai-ml/guide/mlops-maturity-model',
    },
    levels: [
      { level: 0, name: 'No MLOps', quotes: ['Manual builds and deployments', 'Training of model is manual'], criteria: [] },
      {
        level: 1,
        name: 'DevOps but no MLOps',
        quotes: [
          'Automated builds',
          'Automated tests for application code',
          'Version control for code',
          'Basic integration tests exist for the model',
        ],
        criteria: ['version-control', 'code-unit-tests', 'pipeline-integration-test'],
      },
      {
        level: 2,
        name: 'Automated training',
        quotes: [
          'Automated model training',
          'Model management',
          'scheduled or event-driven jobs for recurring training',
          'Easy to reproduce model',
        ],
        criteria: ['model-validation', 'versioned-model-store', 'retrain-trigger', 'reproducible-training'],
      },
      {
        level: 3,
        name: 'Automated model deployment',
        quotes: [
          'Releases are low friction and automatic',
          'Integrated A/B testing of model performance for deployment',
          'Promote artifacts across workspaces using Azure ML Registries',
        ],
        criteria: ['deployment-tested', 'automated-deployment', 'model-registry'],
      },
      {
        level: 4,
        name: 'Full MLOps automated operations',
        quotes: ['Verbose, centralized metrics from deployed model', 'Trigger automatic retraining from drift or regression signals'],
        criteria: ['production-monitoring', 'retrain-on-alarm'],
      },
    ],
  },
};
