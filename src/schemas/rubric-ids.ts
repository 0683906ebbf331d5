/**
 * The identities of the ML Test Score's 28 tests and 4 sections, as the formats (config, report) name
 * them. Titles and scoring live in `rubric/`, which builds on these.
 */
export const SECTIONS = ['data', 'model', 'infrastructure', 'monitoring'] as const;
export type Section = (typeof SECTIONS)[number];

export const RUBRIC_IDS = [
  'data-1', 'data-2', 'data-3', 'data-4', 'data-5', 'data-6', 'data-7',
  'model-1', 'model-2', 'model-3', 'model-4', 'model-5', 'model-6', 'model-7',
  'infra-1', 'infra-2', 'infra-3', 'infra-4', 'infra-5', 'infra-6', 'infra-7',
  'monitor-1', 'monitor-2', 'monitor-3', 'monitor-4', 'monitor-5', 'monitor-6', 'monitor-7',
] as const;
export type RubricId = (typeof RUBRIC_IDS)[number];
