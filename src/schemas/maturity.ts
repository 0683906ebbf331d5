import * as z from 'zod';
import { CRITERION_IDS, FACT_IDS, FACT_STATES, FRAMEWORK_IDS } from './maturity-ids.js';
import { RUBRIC_IDS } from './rubric-ids.js';

const testStatus = z.enum(['pass', 'fail', 'attested', 'expired', 'error', 'missing']);

export const maturityFactSchema = z.object({
  state: z.enum(FACT_STATES).describe('observed (read from a file), declared (in the config), absent, not-configured, or error (could not be read).'),
  detail: z.string().describe('One sentence: what was found, or why not.'),
  file: z.string().optional(),
  line: z.number().int().optional(),
});

const criterionResult = z.object({
  id: z.enum(CRITERION_IDS),
  title: z.string(),
  met: z.boolean(),
  tests: z.array(z.object({ id: z.enum(RUBRIC_IDS), status: testStatus, automated: z.boolean() })),
  facts: z.array(z.object({ id: z.enum(FACT_IDS), state: z.enum(FACT_STATES) })),
  reason: z.string().describe('Why the criterion is met or not, naming the tests and facts.'),
});

const missingCriterion = z.object({
  criterion: z.enum(CRITERION_IDS),
  title: z.string(),
  reason: z.string(),
  action: z.string().describe('What to add, with the config key that adds it.'),
});

const frameworkResult = z.object({
  framework: z.enum(FRAMEWORK_IDS),
  title: z.string(),
  level: z.number().int().min(0),
  of: z.number().int().min(1),
  name: z.string().describe("The level's name in the framework."),
  next: z
    .object({ level: z.number().int().min(1), name: z.string(), missing: z.array(missingCriterion).min(1) })
    .nullable()
    .describe('The next level and the criteria it still lacks; null at the top level.'),
});

/** MLOps maturity levels decided from the report's rubric tests and a few facts (docs/maturity.md). */
export const maturitySchema = z
  .object({
    mapping: z.string().describe('Which mapping decided the levels (docs/maturity.md, by version).'),
    google: frameworkResult,
    azure: frameworkResult,
    criteria: z.array(criterionResult),
    facts: z.object(Object.fromEntries(FACT_IDS.map((id) => [id, maturityFactSchema])) as Record<(typeof FACT_IDS)[number], typeof maturityFactSchema>),
  })
  .describe('MLOps maturity from evidence: Google Cloud levels 0-2 and Azure levels 0-4, with the missing evidence for the next level.');

export type Maturity = z.infer<typeof maturitySchema>;
export type MaturityFact = z.infer<typeof maturityFactSchema>;
export type FrameworkResult = z.infer<typeof frameworkResult>;
export type CriterionResult = z.infer<typeof criterionResult>;
