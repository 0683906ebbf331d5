/**
 * How each rubric test is earned: the config keys to set and the evidence to add, with a rough cost
 * (tier). The roadmap (roadmap.ts) picks the cheapest route for each test that is not earned yet; the
 * README, the config reference and `ml-test-gate init` show the same key -> test mapping
 * (`testsByKey`). A test (test/report/roadmap.test.ts) holds every key here to the evaluator registry,
 * so a route cannot name a key that earns nothing.
 */
import { RUBRIC, type RubricId } from '../rubric/tests.js';

/**
 * Rough cost of a route, cheapest first:
 * 1 a key on evidence the repository already gives, or an attestation (a person writes who/when/link);
 * 2 a file that a tool the team already runs writes (JUnit XML, an evaluation report, benchmarks);
 * 3 a file the ML pipeline must be extended to write (predictions, data samples, importance, a rerun);
 * 4 evidence from production or a study (canary, rollback drill, online metrics, staleness study).
 */
export type Tier = 1 | 2 | 3 | 4;

/** Evidence a report shows the repository already gives (see `evidenceIn`, roadmap.ts). */
export type Have = 'predictions' | 'eval-report' | 'trained-at' | 'training' | 'serving' | 'schema' | 'junit';

export interface Route {
  /** Config keys to set (dotted paths of the config file); empty when the test needs no key of its own. */
  keys: readonly string[];
  /** The evidence to add, in plain words. */
  evidence: string;
  tier: Tier;
  /** The route applies only when the repository already gives this evidence. */
  when?: Have;
}

export interface TestRoutes {
  /** Cheapest applicable first: a route with `when` comes before the general one it shortens. */
  routes: readonly Route[];
  /** `only`: nothing in CI can show it; `usual`: teams usually attest it; otherwise automate it. */
  attestation?: 'only' | 'usual';
}

const junit = (key: string, what: string): TestRoutes => ({
  routes: [
    { keys: [key], evidence: `the JUnit XML report of ${what}, next to the JUnit reports you already give`, tier: 1, when: 'junit' },
    { keys: [key], evidence: `the JUnit XML report of ${what} (pytest --junitxml=FILE writes one)`, tier: 2 },
  ],
});

/** Another way to earn a test, listed for the key -> test mapping; `routeFor` prefers the general route before it. */
const ALTERNATIVE = (keys: string[], evidence: string): Route => ({ keys, evidence, tier: 4 });

export const ROUTES: Record<RubricId, TestRoutes> = {
  'data-1': {
    routes: [
      {
        keys: ['data.schema'],
        evidence: 'a feature schema for the training data you give (ml-test-gate infer-schema drafts one)',
        tier: 1,
        when: 'training',
      },
      {
        keys: ['data.training', 'data.schema'],
        evidence: 'the training data (CSV, TSV or JSON Lines, or a snapshot) and a feature schema (ml-test-gate infer-schema drafts one)',
        tier: 3,
      },
    ],
  },
  'data-2': {
    routes: [
      {
        keys: ['data.importance'],
        evidence: 'a feature-importance report (permutation or leave-one-out importance of each feature, JSON)',
        tier: 3,
      },
    ],
  },
  'data-3': {
    routes: [
      {
        keys: ['data.cost'],
        evidence: "each feature's cost (added latency, memory, upstream dependencies) in your schema, and budgets",
        tier: 2,
        when: 'schema',
      },
      {
        keys: ['data.schema', 'data.cost'],
        evidence: "a feature schema with each feature's cost (added latency, memory, upstream dependencies), and budgets",
        tier: 3,
      },
    ],
  },
  'data-4': {
    routes: [
      {
        keys: ['data.meta'],
        evidence: "each feature's owner and description in your schema, and the names it may not use",
        tier: 2,
        when: 'schema',
      },
      {
        keys: ['data.schema', 'data.meta'],
        evidence: "a feature schema with each feature's owner and description, and the names it may not use",
        tier: 3,
      },
    ],
  },
  'data-5': {
    routes: [
      {
        keys: ['data.privacy'],
        evidence: 'personal-data features tagged pii in your schema, each with an approval (who, when, link)',
        tier: 2,
        when: 'schema',
      },
      {
        keys: ['data.schema', 'data.privacy'],
        evidence: 'a feature schema with personal-data features tagged pii, each with an approval (who, when, link)',
        tier: 3,
      },
    ],
  },
  'data-6': {
    routes: [
      {
        keys: ['attestations'],
        evidence: 'an attestation: who measured how long a new feature takes from idea to production, when, and a link to the result',
        tier: 1,
      },
    ],
    attestation: 'only',
  },
  'data-7': junit('tests.feature', 'your feature-code unit tests'),
  'model-1': {
    routes: [
      {
        keys: ['review.model-specs'],
        evidence: 'the model spec or config files you already commit (paths or globs); pull requests that change them are flagged',
        tier: 1,
      },
    ],
  },
  'model-2': {
    routes: [
      {
        keys: ['infra.offline-online'],
        evidence: 'a history of (offline metric, online metric) pairs, one per model version; or an A/B test (infra.ab-test)',
        tier: 4,
      },
      ALTERNATIVE(['infra.ab-test'], 'an A/B test on a business metric'),
    ],
  },
  'model-3': {
    routes: [
      { keys: ['infra.tuning'], evidence: 'the hyperparameter tuning trials (an Optuna study or a list of trials as JSON)', tier: 3 },
    ],
  },
  'model-4': {
    routes: [
      {
        keys: ['infra.staleness-impact'],
        evidence: 'a study of quality against model age: models of different ages scored on the same recent data',
        tier: 4,
      },
    ],
    attestation: 'usual',
  },
  'model-5': {
    routes: [
      {
        keys: ['model.simpler-model'],
        evidence: 'predictions of a simpler model (e.g. a logistic regression on a few features) on the same examples',
        tier: 2,
        when: 'predictions',
      },
      {
        keys: ['model.simpler-model'],
        evidence: "a simpler model's metrics in the evaluation report (baselineModel)",
        tier: 2,
        when: 'eval-report',
      },
      {
        keys: ['model.eval-report', 'model.simpler-model'],
        evidence: "an evaluation report with a simpler model's metrics (baselineModel)",
        tier: 3,
      },
    ],
  },
  'model-6': {
    routes: [
      {
        keys: ['model.slices'],
        evidence: 'the slice columns already in your prediction file (e.g. country, device)',
        tier: 1,
        when: 'predictions',
      },
      {
        keys: ['model.predictions', 'model.slices'],
        evidence: 'a prediction file (label, score, id) with the columns to slice by',
        tier: 3,
      },
    ],
  },
  'model-7': {
    routes: [
      {
        keys: ['model.inclusion'],
        evidence: 'the sensitive-group columns already in your prediction file (e.g. sex, age band); binary tasks',
        tier: 1,
        when: 'predictions',
      },
      {
        keys: ['model.predictions', 'model.inclusion'],
        evidence: 'a prediction file (label, score) with sensitive-group columns; binary tasks',
        tier: 3,
      },
    ],
  },
  'infra-1': {
    routes: [
      {
        keys: ['model.reproducibility'],
        evidence: 'a second training on the same data: its evaluation report or its predictions',
        tier: 3,
      },
    ],
  },
  'infra-2': junit('tests.model', 'your model unit tests'),
  'infra-3': junit('tests.pipeline', 'an end-to-end pipeline test on a data sample'),
  'infra-4': {
    routes: [
      {
        keys: ['model.thresholds'],
        evidence: 'loose floors on the metrics you already give (e.g. roc_auc min)',
        tier: 1,
        when: 'predictions',
      },
      {
        keys: ['model.thresholds'],
        evidence: 'loose floors on the metrics of your evaluation report (e.g. roc_auc min)',
        tier: 1,
        when: 'eval-report',
      },
      {
        keys: ['model.eval-report', 'model.thresholds'],
        evidence:
          'an evaluation report (our JSON, DVC metrics, an MLflow run or a scikit-learn classification report) and floors on its metrics',
        tier: 2,
      },
    ],
  },
  'infra-5': {
    routes: [
      {
        keys: ['infra.debug'],
        evidence: 'a debug trace of one example stepped through the model, or the JUnit report of a test that does it',
        tier: 3,
      },
    ],
    attestation: 'usual',
  },
  'infra-6': {
    routes: [
      {
        keys: ['infra.canary'],
        evidence: 'a canary report: the model served on sampled production inputs; or a shadow test (infra.shadow)',
        tier: 4,
      },
      ALTERNATIVE(['infra.shadow'], 'a shadow test of the new model on mirrored production requests'),
      ALTERNATIVE(['infra.ab-test'], 'an A/B test on a business metric'),
    ],
  },
  'infra-7': {
    routes: [
      {
        keys: ['infra.rollback'],
        evidence: 'a rollback record with a recent drill; or an MLflow Model Registry export (infra.registry)',
        tier: 4,
      },
      ALTERNATIVE(['infra.registry'], 'an MLflow Model Registry export with the previous production version'),
    ],
  },
  'monitor-1': {
    routes: [
      {
        keys: ['review'],
        evidence:
          'a review section: requirements*.txt, pyproject.toml, lock files and Dockerfiles are then found and their changes announced',
        tier: 1,
      },
    ],
  },
  'monitor-2': {
    routes: [
      {
        keys: ['data.serving', 'data.schema'],
        evidence: 'a sample of the serving data (or its snapshot), checked against the feature schema',
        tier: 3,
      },
    ],
  },
  'monitor-3': {
    routes: [
      {
        keys: ['data.serving'],
        evidence: 'a sample of the serving data, next to the training data you already give',
        tier: 3,
        when: 'training',
      },
      { keys: ['data.training'], evidence: 'the training data, next to the serving data you already give', tier: 3, when: 'serving' },
      {
        keys: ['data.training', 'data.serving'],
        evidence: 'the training data and a sample of the serving data (CSV, TSV or JSON Lines, or snapshots)',
        tier: 3,
      },
    ],
  },
  'monitor-4': {
    routes: [
      {
        keys: ['infra.staleness'],
        evidence: 'a maximum model age; the trained-at time is read from your evaluation report (model.trainedAt)',
        tier: 1,
        when: 'trained-at',
      },
      { keys: ['infra.staleness'], evidence: 'a trained-at timestamp (a field of any JSON or YAML file) and a maximum age', tier: 2 },
    ],
  },
  'monitor-5': {
    routes: [
      {
        keys: [],
        evidence: 'any numeric evidence (an evaluation report, predictions, data): NaN and infinity are checked without a key of their own',
        tier: 2,
      },
    ],
  },
  'monitor-6': {
    routes: [{ keys: ['infra.performance'], evidence: 'benchmark results (pytest-benchmark JSON, k6 or Locust) with budgets', tier: 2 }],
  },
  'monitor-7': {
    routes: [
      {
        keys: ['model.comparison'],
        evidence: "the base branch's predictions on the same examples (model.predictions.base), or its report as the baseline",
        tier: 1,
        when: 'predictions',
      },
      {
        keys: ['model.comparison'],
        evidence: "a comparison with the base branch's evaluation report (read from the baseline report)",
        tier: 1,
        when: 'eval-report',
      },
      {
        keys: ['model.eval-report', 'model.comparison'],
        evidence: "an evaluation report, compared with the base branch's (the baseline report)",
        tier: 2,
      },
    ],
  },
};

/** The route for a test given the evidence the repository already has: the first whose condition holds. */
export function routeFor(id: RubricId, have: ReadonlySet<Have>): Route {
  const routes = ROUTES[id].routes;
  return routes.find((r) => !r.when || have.has(r.when)) ?? routes[routes.length - 1];
}

/**
 * Config key -> the rubric tests it helps earn, in rubric order (README, config reference, init).
 * `attestations` is left out: it can earn any test half a point.
 */
export function testsByKey(): Map<string, RubricId[]> {
  const out = new Map<string, RubricId[]>();
  for (const t of RUBRIC) {
    for (const r of ROUTES[t.id].routes) {
      for (const k of r.keys) {
        if (k === 'attestations') continue;
        const list = out.get(k) ?? [];
        if (!list.includes(t.id)) list.push(t.id);
        out.set(k, list);
      }
    }
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

/** The key -> test mapping as a Markdown table (README, config reference). */
export function keyTable(): string {
  const rows = [...testsByKey()].map(([k, ids]) => `| \`${k}\` | ${ids.join(', ')} |`);
  return ['| config key | helps earn |', '|---|---|', ...rows, '| `attestations` | any test, half a point until it expires |'].join('\n');
}
