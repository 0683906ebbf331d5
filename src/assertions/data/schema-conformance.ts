import type { Check, TestOutcome } from '../../rubric/types.js';
import type { RubricId } from '../../rubric/tests.js';
import { validateSnapshot } from '../../data/validate.js';
import { dataConfigOf, errorCheck, loadErrors, loadSchema, loadSnapshot } from '../shared/snapshots.js';
import { refPath } from '../shared/snapshots.js';
import type { SnapshotRef } from '../../schemas/evidence-refs.js';
import type { Evaluator } from '../types.js';

const METHOD = 'schema validation (TFDV anomaly names)';

/** One check per schema feature (a pass, or one per anomaly), then the anomalies of features the schema does not know. */
function conformanceChecks(v: ReturnType<typeof validateSnapshot>, file: string): Check[] {
  const checks: Check[] = [];
  for (const fv of v.features) {
    if (fv.anomalies.length === 0) {
      checks.push({
        name: `feature "${fv.feature}"`,
        status: 'pass',
        message: `"${fv.feature}" conforms${fv.summary ? `: ${fv.summary}` : ''}`,
        method: METHOD,
        file,
      });
      continue;
    }
    for (const a of fv.anomalies) {
      checks.push({
        name: `feature "${a.feature}": ${a.kind}`,
        status: a.severity,
        message: a.message,
        value: a.value,
        threshold: a.threshold,
        method: METHOD,
        file,
        line: a.line,
      });
    }
  }
  for (const a of v.anomalies)
    checks.push({ name: `feature "${a.feature}": ${a.kind}`, status: a.severity, message: a.message, method: METHOD, file });
  return checks;
}

/**
 * data-1: the training snapshot conforms to the schema; monitor-2: the serving snapshot does.
 * One check per anomaly, and one passing check per conforming feature with its figures.
 */
export const schemaConformanceEvaluator: Evaluator = {
  name: 'data-schema',
  tests: ['data-1', 'monitor-2'],
  config: ['data.schema', 'data.training', 'data.serving'],
  formats: ['data-schema', 'snapshot', 'tfdv'],
  async run(ctx) {
    const cfg = dataConfigOf(ctx);
    const outcomes: TestOutcome[] = [];
    if (!cfg) return { outcomes };
    const targets = (
      [
        ['data-1', cfg.training],
        ['monitor-2', cfg.serving],
      ] as Array<[RubricId, SnapshotRef | undefined]>
    )
      .filter((t): t is [RubricId, SnapshotRef] => t[1] !== undefined)
      .map(([test, ref]) => ({ test, ref, file: refPath(ref) }));
    if (!cfg.schema) {
      for (const { test, file } of targets) {
        outcomes.push({
          test,
          checks: [
            errorCheck(
              'schema',
              `data.schema is not set, so ${file} cannot be checked against feature expectations; create one with \`ml-test-gate infer-schema ${file} --out schema.json\` and edit it`,
            ),
          ],
          evidence: [file],
        });
      }
      return { outcomes };
    }
    if (targets.length === 0) {
      return {
        outcomes: [
          {
            test: 'data-1',
            checks: [
              errorCheck(
                'training snapshot',
                `data.schema is set (${cfg.schema}) but data.training is not: there is no snapshot to check against it`,
                cfg.schema,
              ),
            ],
            evidence: [cfg.schema],
          },
        ],
      };
    }
    const schema = await loadSchema(ctx, cfg.schema);
    if (!schema.ok)
      return {
        outcomes: loadErrors(
          targets.map((t) => t.test),
          schema,
        ),
      };
    for (const { test, ref, file } of targets) {
      const snap = await loadSnapshot(ctx, ref);
      if (!snap.ok) {
        outcomes.push(...loadErrors([test], snap));
        continue;
      }
      const checks = conformanceChecks(validateSnapshot(snap.value, schema.value), file);
      outcomes.push({ test, checks, evidence: [cfg.schema, file] });
    }
    return { outcomes };
  },
};
