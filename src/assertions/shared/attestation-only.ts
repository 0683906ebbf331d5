import type { RubricId } from '../../rubric/tests.js';

/** Tests with no automatic check: they score only through an attestation (no evidence file can show them). */
export const ATTESTATION_ONLY_IDS: readonly RubricId[] = ['data-6'];
