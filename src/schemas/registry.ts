import { z } from 'zod';
import { configSchema } from './config.js';
import { evalReportSchema } from './eval-report.js';
import { reportSchema } from './report.js';
import { snapshotSchema } from './snapshot.js';

/** Every format we publish a JSON Schema for: name -> zod schema. Files: schemas/<name>.schema.json. */
export const FORMATS: Record<string, { schema: z.ZodType; title: string }> = {
  config: { schema: configSchema, title: 'ml-test-gate config' },
  'eval-report': { schema: evalReportSchema, title: 'ml-test-gate evaluation report' },
  snapshot: { schema: snapshotSchema, title: 'ml-test-gate data snapshot' },
  report: { schema: reportSchema, title: 'ml-test-gate report' },
};

/** The JSON Schema of a format, as editors and other tools read it (input side: defaults optional). */
export function jsonSchemaOf(name: string): Record<string, unknown> {
  const f = FORMATS[name];
  const js = z.toJSONSchema(f.schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...js, $id: `https://ml-test-gate.dev/schemas/${name}.schema.json`, title: f.title };
}
