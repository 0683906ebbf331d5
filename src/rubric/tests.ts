/**
 * The 28 tests of the ML Test Score (Breck et al., IEEE Big Data 2017), with the paper's titles.
 * Ids are `<section>-<n>`; sections are scored 0..7 each.
 */
import { RUBRIC_IDS, SECTIONS, type RubricId, type Section } from '../schemas/rubric-ids.js';

export { RUBRIC_IDS, SECTIONS, type RubricId, type Section };

export const SECTION_TITLES: Record<Section, string> = {
  data: 'Data',
  model: 'Model',
  infrastructure: 'Infrastructure',
  monitoring: 'Monitoring',
};

const PREFIX: Record<Section, string> = {
  data: 'data',
  model: 'model',
  infrastructure: 'infra',
  monitoring: 'monitor',
};

const TITLES: Record<Section, readonly string[]> = {
  data: [
    'Feature expectations are captured in a schema',
    'All features are beneficial',
    "No feature's cost is too much",
    'Features adhere to meta-level requirements',
    'The data pipeline has appropriate privacy controls',
    'New features can be added quickly',
    'All input feature code is tested',
  ],
  model: [
    'Model specs are reviewed and submitted',
    'Offline and online metrics correlate',
    'All hyperparameters have been tuned',
    'The impact of model staleness is known',
    'A simpler model is not better',
    'Model quality is sufficient on all important data slices',
    'The model is tested for considerations of inclusion',
  ],
  infrastructure: [
    'Training is reproducible',
    'Model specs are unit tested',
    'The ML pipeline is integration tested',
    'Model quality is validated before serving',
    'The model is debuggable',
    'Models are canaried before serving',
    'Serving models can be rolled back',
  ],
  monitoring: [
    'Dependency changes result in notification',
    'Data invariants hold for inputs',
    'Training and serving are not skewed',
    'Models are not too stale',
    'Models are numerically stable',
    'Computing performance has not regressed',
    'Prediction quality has not regressed',
  ],
};

export interface RubricTest {
  id: RubricId;
  section: Section;
  number: number;
  title: string;
}

export const RUBRIC: readonly RubricTest[] = SECTIONS.flatMap((section) =>
  TITLES[section].map((title, i) => ({
    id: `${PREFIX[section]}-${i + 1}` as RubricId,
    section,
    number: i + 1,
    title,
  })),
);

const BY_ID = new Map(RUBRIC.map((t) => [t.id, t]));

export function rubricTest(id: RubricId): RubricTest {
  const t = BY_ID.get(id);
  if (!t) throw new Error(`unknown rubric test ${id}`);
  return t;
}

export function isRubricId(value: string): value is RubricId {
  return BY_ID.has(value as RubricId);
}
