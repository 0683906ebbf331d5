/**
 * The test pyramid (pure): which layers have evidence in this run, from the evaluators' outcomes.
 * unit: JUnit feature and model unit tests (data-7, infra-2); data: data-1, monitor-2, monitor-3;
 * model: infra-4, monitor-7, model-6; integration: infra-3 (pipeline, integration and acceptance
 * suites); load: monitor-6 measures read from k6 or Locust output; shadow/A-B: the shadow test and
 * the A/B test (infra-6, not the canary). JUnit cases tagged with a layer (ml_test_layer,
 * tests.layers) add to their layer.
 */
import type { TaggedRecord } from '../assertions/infra/tagged-tests.js';
import type { RubricId } from '../rubric/tests.js';
import type { Check, TestOutcome } from '../rubric/types.js';
import type { Config } from '../schemas/config.js';
import type { TestLayer } from '../schemas/config/tests.js';
import { PYRAMID_LAYERS, type PyramidLayer } from '../schemas/constants.js';
import type { Pyramid, PyramidLayerResult } from '../schemas/pyramid.js';

export interface EvaluatorOutcome {
  evaluator: string;
  outcome: TestOutcome;
}

interface LayerRule {
  /** Outcomes for these tests count, from any evaluator unless `evaluators` narrows it. */
  tests: readonly RubricId[];
  evaluators?: readonly string[];
  /** Only checks read from these files (configured paths, as the checks name them). */
  files?: (config: Config) => string[];
  tagged: readonly TestLayer[];
}

/** The performance evidence read from load-test tools: the paths the monitor-6 checks name. */
function loadTestFiles(config: Config): string[] {
  const ev = config.infra?.performance?.evidence;
  const refs = ev === undefined ? [] : Array.isArray(ev) ? ev : [ev];
  return refs.flatMap((r) => (typeof r === 'object' && (r.format === 'k6' || r.format === 'locust') ? [r.path] : []));
}

const RULES: Record<PyramidLayer, LayerRule> = {
  unit: { tests: ['data-7', 'infra-2'], tagged: ['unit'] },
  data: { tests: ['data-1', 'monitor-2', 'monitor-3'], tagged: ['data'] },
  model: { tests: ['infra-4', 'monitor-7', 'model-6'], tagged: ['model'] },
  integration: { tests: ['infra-3'], tagged: ['integration', 'acceptance'] },
  load: { tests: ['monitor-6'], evaluators: ['performance'], files: loadTestFiles, tagged: [] },
  'shadow-ab': { tests: ['infra-6'], evaluators: ['shadow', 'ab-test'], tagged: [] },
};

const RANK = { none: 0, pass: 1, fail: 2, error: 3 } as const;
type Status = PyramidLayerResult['status'];
const worse = (a: Status, b: Status): Status => (RANK[a] >= RANK[b] ? a : b);

function fromChecks(checks: readonly Check[]): Status {
  if (checks.length === 0) return 'none';
  if (checks.some((c) => c.status === 'error')) return 'error';
  if (checks.some((c) => c.status === 'fail')) return 'fail';
  return 'pass';
}

function layerResult(
  layer: PyramidLayer,
  config: Config,
  outcomes: readonly EvaluatorOutcome[],
  tagged: TaggedRecord | null,
): PyramidLayerResult {
  const rule = RULES[layer];
  const files = rule.files ? new Set(rule.files(config)) : null;
  const tests = new Set<RubricId>();
  const checks: Check[] = [];
  for (const { evaluator, outcome } of outcomes) {
    if (!rule.tests.includes(outcome.test) || (rule.evaluators && !rule.evaluators.includes(evaluator))) continue;
    const mine = files ? outcome.checks.filter((c) => c.file !== undefined && files.has(c.file)) : outcome.checks;
    if (mine.length === 0) continue;
    tests.add(outcome.test);
    checks.push(...mine);
  }
  let status = fromChecks(checks);
  let cases = 0;
  for (const l of rule.tagged) {
    const c = tagged?.layers[l];
    if (!c) continue;
    cases += c.cases;
    status = worse(status, c.failed > 0 ? 'fail' : c.passed > 0 ? 'pass' : 'error');
  }
  return { layer, status, tests: [...tests].sort(), checks: checks.length, cases };
}

/** Every layer of the pyramid, bottom to top, with its status. */
export function testPyramid(config: Config, outcomes: readonly EvaluatorOutcome[], tagged: TaggedRecord | null): Pyramid {
  return { layers: PYRAMID_LAYERS.map((l) => layerResult(l, config, outcomes, tagged)) };
}
