import * as z from 'zod';
import { configSchema } from './config.js';
import { dataSchemaSchema } from './data-schema.js';
import { evalReportSchema } from './eval-report.js';
import { importanceReportSchema } from './importance.js';
import {
  canaryReportSchema,
  debugTraceSchema,
  metricHistorySchema,
  performanceReportSchema,
  rollbackRecordSchema,
  stalenessImpactSchema,
  tuningReportSchema,
} from './infra.js';
import { abTestSchema } from './ab-test.js';
import { k6SummarySchema } from './k6.js';
import { mlflowRegistryExportSchema } from './mlflow-registry.js';
import { reportSchema } from './report.js';
import { historySchema } from './history.js';
import { shadowReportSchema } from './shadow.js';
import { snapshotSchema } from './snapshot.js';

/** Every format we publish a JSON Schema for: name -> zod schema. Files: schemas/<name>.schema.json. */
export const FORMATS: Record<string, { schema: z.ZodType; title: string }> = {
  config: { schema: configSchema, title: 'ml-test-gate config' },
  'eval-report': { schema: evalReportSchema, title: 'ml-test-gate evaluation report' },
  snapshot: { schema: snapshotSchema, title: 'ml-test-gate data snapshot' },
  'data-schema': { schema: dataSchemaSchema, title: 'ml-test-gate data schema (feature expectations)' },
  importance: { schema: importanceReportSchema, title: 'ml-test-gate feature-importance report' },
  report: { schema: reportSchema, title: 'ml-test-gate report' },
  history: { schema: historySchema, title: 'ml-test-gate score history' },
  performance: { schema: performanceReportSchema, title: 'ml-test-gate computing-performance report' },
  canary: { schema: canaryReportSchema, title: 'ml-test-gate canary report' },
  rollback: { schema: rollbackRecordSchema, title: 'ml-test-gate rollback record' },
  'debug-trace': { schema: debugTraceSchema, title: 'ml-test-gate debug trace' },
  'metric-history': { schema: metricHistorySchema, title: 'ml-test-gate offline/online metric history' },
  tuning: { schema: tuningReportSchema, title: 'ml-test-gate hyperparameter tuning report' },
  'staleness-impact': { schema: stalenessImpactSchema, title: 'ml-test-gate staleness-impact measurement' },
  shadow: { schema: shadowReportSchema, title: 'ml-test-gate shadow test' },
  'ab-test': { schema: abTestSchema, title: 'ml-test-gate A/B test result' },
  'k6-summary': { schema: k6SummarySchema, title: 'k6 end-of-test summary, as ml-test-gate reads it (a k6 format)' },
  'mlflow-registry': { schema: mlflowRegistryExportSchema, title: 'MLflow Model Registry REST response, as ml-test-gate reads it (an MLflow format)' },
};

/** The JSON Schema of a format, as editors and other tools read it (input side: defaults optional). */
export function jsonSchemaOf(name: string): Record<string, unknown> {
  const f = FORMATS[name];
  const js = z.toJSONSchema(f.schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...js, $id: `https://ml-test-gate.dev/schemas/${name}.schema.json`, title: f.title };
}
