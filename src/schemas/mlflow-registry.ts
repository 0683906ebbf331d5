import * as z from 'zod';

/**
 * MLflow Model Registry REST responses as ml-test-gate reads them (a format MLflow owns; unknown
 * fields are kept and ignored, as MLflow adds fields between versions):
 * - `GET /api/2.0/mlflow/registered-models/get` -> {registered_model: {name, latest_versions, aliases: [{alias, version}], ...}}
 * - `GET /api/2.0/mlflow/model-versions/search` and `POST .../registered-models/get-latest-versions` -> {model_versions: [...]}
 * - `GET /api/2.0/mlflow/model-versions/get` -> {model_version: {...}}
 * int64 timestamps (milliseconds since the epoch) may be numbers or, from protobuf JSON, strings.
 */

/** protobuf's JSON mapping may write int64 as a string: "1763631800000" -> 1763631800000. */
const int64 = (v: unknown) => (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v);
const versionNumber = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string().regex(/^\d+$/, 'expected a version number such as "12"'));
const millis = z.preprocess(int64, z.number().int().nonnegative());
const tag = z.looseObject({ key: z.string(), value: z.string().optional() });

export const mlflowModelVersion = z
  .looseObject({
    name: z.string().min(1).describe('Registered model name.'),
    version: versionNumber.describe('Version number (a string in the REST API).'),
    creation_timestamp: millis.optional(),
    last_updated_timestamp: millis.optional(),
    user_id: z.string().optional(),
    current_stage: z.string().optional().describe('None, Staging, Production or Archived (stages are deprecated since MLflow 2.9 in favour of aliases).'),
    description: z.string().optional(),
    source: z.string().optional().describe('URI of the model artifacts.'),
    run_id: z.string().optional(),
    status: z.string().optional().describe('PENDING_REGISTRATION, FAILED_REGISTRATION or READY.'),
    status_message: z.string().optional(),
    tags: z.array(tag).optional(),
    run_link: z.string().optional(),
    aliases: z.array(z.string()).optional().describe('Aliases pointing to this version (MLflow >= 2.3).'),
  })
  .describe('An MLflow ModelVersion.');

export const mlflowRegisteredModelResponse = z.looseObject({
  registered_model: z.looseObject({
    name: z.string().min(1),
    creation_timestamp: millis.optional(),
    last_updated_timestamp: millis.optional(),
    description: z.string().optional(),
    latest_versions: z.array(mlflowModelVersion).optional(),
    tags: z.array(tag).optional(),
    aliases: z.array(z.looseObject({ alias: z.string().min(1), version: versionNumber })).optional().describe('Aliases of the model and the versions they point to (MLflow >= 2.3).'),
  }),
});
export const mlflowModelVersionsResponse = z.looseObject({ model_versions: z.array(mlflowModelVersion), next_page_token: z.string().optional() });
export const mlflowModelVersionResponse = z.looseObject({ model_version: mlflowModelVersion });

export const mlflowRegistryExportSchema = z
  .union([mlflowRegisteredModelResponse, mlflowModelVersionsResponse, mlflowModelVersionResponse])
  .describe('An MLflow Model Registry REST response: registered-models/get, model-versions/search, registered-models/get-latest-versions or model-versions/get.');

export type MlflowModelVersion = z.infer<typeof mlflowModelVersion>;
export type MlflowRegistryExport = z.infer<typeof mlflowRegistryExportSchema>;
