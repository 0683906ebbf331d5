import { activeEntries, POST_PASS, TAGGED_TESTS, unreadSettings } from '../assertions/registry.js';
import type { EvalContext, Evaluator, PullRequestContext } from '../assertions/types.js';
import { EvidenceStore } from '../evidence/store.js';
import type { Workspace } from '../evidence/workspace.js';
import { scoreRubric, scoreTests, type Attestation } from '../rubric/score.js';
import type { Diagnostic, ReportTable, TestOutcome } from '../rubric/types.js';
import type { Config } from '../schemas/config.js';
import type { Report } from '../schemas/report.js';
import { REPORT_VERSION } from '../schemas/constants.js';
import { computeDelta } from './delta.js';
import { errorMessage } from '../util/errors.js';
import { capMessage } from '../util/excerpt.js';
import { VERSION } from '../version.js';
import type { BaselineSource } from './baseline.js';
import { decide, type GateSettings } from './verdict.js';
import { evaluateMaturity } from './maturity-facts.js';
import { alphaOf, falseAlarmBudget } from './false-alarms.js';
import { testPyramid, type EvaluatorOutcome } from './pyramid.js';
import type { TaggedRecord } from '../assertions/infra/tagged-tests.js';
import { mark } from '../util/timing.js';

export interface GateOverrides {
  minScore?: number;
  maxScoreDrop?: number;
  mode?: 'enforce' | 'report';
  ifNoBaseline?: 'warn' | 'fail';
}

export interface GateInput {
  config: Config;
  configFile: string;
  workspace: Workspace;
  baseline: BaselineSource;
  now?: Date;
  id?: string;
  commit?: string | null;
  pullRequest?: PullRequestContext | null;
  overrides?: GateOverrides;
  /** Run these instead of the ones the config turns on (tests); the post-pass still follows. */
  evaluators?: readonly Evaluator[];
}

export function attestationsOf(config: Config): Attestation[] {
  return config.attestations.map((a) => ({
    test: a.test,
    by: a.by,
    date: a.date,
    link: a.link,
    expiresInDays: a['expires-in-days'],
    note: a.note,
  }));
}

interface EvaluatorsRun {
  outcomes: TestOutcome[];
  /** The same outcomes with the evaluator that gave each (for the test pyramid). */
  byEvaluator: EvaluatorOutcome[];
  tables: ReportTable[];
  records: Record<string, unknown>;
  internalErrors: string[];
}

/** An evaluator to run, while its module may still be loading. */
interface Pending {
  name: string;
  evaluator: Promise<Evaluator>;
}

/**
 * The evaluators the config turns on (registry order), then the post-pass. Their modules start
 * loading at once, side by side; a module that fails to load is reported like a throwing evaluator.
 */
function pendingEvaluators(input: GateInput): Pending[] {
  const chosen = input.evaluators
    ? input.evaluators.map((e) => ({ name: e.name, evaluator: Promise.resolve(e) }))
    : activeEntries(input.config).map((e) => ({ name: e.name, evaluator: e.load() }));
  const all = [...chosen, { name: POST_PASS.name, evaluator: POST_PASS.load() }];
  for (const p of all) p.evaluator.catch(() => undefined); // awaited in order in runEvaluators
  return all;
}

/**
 * Every evaluator in order, then the post-pass (numerical stability, monitor-5), which reads what the
 * others recorded in the evidence store. A throwing evaluator is a bug, not a user mistake: it is
 * reported, fails the gate, and the rest of the report is kept.
 */
async function runEvaluators(ctx: EvalContext, evaluators: readonly Pending[]): Promise<EvaluatorsRun> {
  const out: EvaluatorsRun = { outcomes: [], byEvaluator: [], tables: [], records: {}, internalErrors: [] };
  for (const { name, evaluator } of evaluators) {
    try {
      const r = await (await evaluator).run(ctx);
      out.outcomes.push(...r.outcomes);
      out.byEvaluator.push(...r.outcomes.map((outcome) => ({ evaluator: name, outcome })));
      out.tables.push(...(r.tables ?? []));
      if (r.record !== undefined) out.records[name] = r.record;
    } catch (e) {
      out.internalErrors.push(`internal error in the ${name} checks: ${errorMessage(e)} (please report this)`);
      ctx.diagnostics.push({ level: 'error', message: `internal error in the ${name} checks: ${errorMessage(e)}` });
    }
  }
  return out;
}

/** A setting nothing reads is an error on the tests it would feed, naming what it needs: never a silent missing. */
export function unreadSettingOutcomes(config: Config, configFile: string): TestOutcome[] {
  return unreadSettings(config).flatMap(({ key, needs, tests }) =>
    tests.map((test) => ({
      test,
      checks: [
        {
          name: key,
          status: 'error' as const,
          message: `${key} is set, but nothing reads it without ${needs.join(' or ')} (set one, or remove ${key})`,
          file: configFile,
        },
      ],
    })),
  );
}

/** The tests a comparison of head with base predictions serves (servedTests in assertions/shared/prediction-run.ts). */
const COMPARISON_TESTS = ['infra-4', 'monitor-7'] as const;

/**
 * Base predictions without model.comparison are read only by monitor-5's NaN/infinity scan: head is
 * never compared with them, which the user who named them surely meant. A warning on the comparison's
 * tests that something else serves, an error on those nothing serves (a lone warning would pass them).
 */
export function uncomparedBaseOutcomes(config: Config, configFile: string, outcomes: readonly TestOutcome[]): TestOutcome[] {
  const model = config.model;
  if (!model?.predictions?.base || model.comparison) return [];
  const message =
    'model.predictions.base is set, but head is compared with it only when model.comparison is set too (the metrics to compare); ' +
    'without it, the base file is only scanned for NaN and infinity (monitor-5). Add model.comparison, or remove model.predictions.base';
  return COMPARISON_TESTS.map((test) => {
    const served = outcomes.some((o) => o.test === test && o.checks.length > 0);
    return {
      test,
      checks: [{ name: 'model.predictions.base', status: served ? ('warn' as const) : ('error' as const), message, file: configFile }],
    };
  });
}

/**
 * A file with a schemaVersion newer than this build reads is an error on every rubric test that read
 * it, not only on the one whose reader knew the format (monitor-4 reads the evaluation report's
 * trained-at as plain JSON, and would pass on a file the model tests could not read).
 */
export function markFutureVersions(outcomes: TestOutcome[], future: ReadonlyMap<string, string>): void {
  if (future.size === 0) return;
  for (const o of outcomes) {
    const files = new Set([...(o.evidence ?? []), ...o.checks.map((c) => c.file).filter((f): f is string => !!f)]);
    for (const f of files) {
      const message = future.get(f);
      if (message === undefined || o.checks.some((c) => c.status === 'error' && c.message === message)) continue;
      o.checks.push({ name: `${f} schemaVersion`, status: 'error', message, file: f });
    }
  }
}

/** Longest check message, summary or diagnostic kept in the report: evidence text can be long, and is shown elsewhere in full. */
const MAX_MESSAGE_CHARS = 4000;

/** Cap every message of the report's tests and diagnostics (a 50 MB cell must not be copied into each). */
function capMessages(tests: Report['tests'], tables: ReportTable[], diagnostics: Diagnostic[], reasons: string[]): void {
  for (const t of tables)
    for (const row of t.rows)
      for (let i = 0; i < row.length; i++) {
        const v = row[i];
        if (typeof v === 'string') row[i] = capMessage(v, 1000);
      }
  for (const t of tests) {
    t.details.summary = capMessage(t.details.summary, MAX_MESSAGE_CHARS);
    for (const c of t.details.checks) {
      c.message = capMessage(c.message, MAX_MESSAGE_CHARS);
      c.name = capMessage(c.name, 400);
    }
  }
  for (const d of diagnostics) d.message = capMessage(d.message, MAX_MESSAGE_CHARS);
  for (let i = 0; i < reasons.length; i++) reasons[i] = capMessage(reasons[i], MAX_MESSAGE_CHARS);
}

type Scored = ReturnType<typeof scoreTests>;

/** The scored tests as the report holds them. */
function reportTests(scored: Scored): Report['tests'] {
  return scored.map((t) => ({
    id: t.id,
    section: t.section,
    title: t.title,
    status: t.status,
    points: t.points,
    details: {
      summary: t.summary,
      checks: t.checks,
      evidence: t.evidence,
      ...(t.attestation
        ? {
            attestation: {
              by: t.attestation.by,
              date: t.attestation.date,
              link: t.attestation.link,
              expiresOn: t.attestation.expiresOn,
              note: t.attestation.note,
            },
          }
        : {}),
    },
  }));
}

/** The gate settings of a config, with the overrides (inputs, flags) applied: override > config > default. */
export function gateSettingsOf(config: Config, o: GateOverrides = {}): GateSettings {
  const g = config.gate;
  return {
    minScore: o.minScore ?? g['min-score'],
    minSection: g['min-section'],
    maxScoreDrop: o.maxScoreDrop ?? g['max-score-drop'],
    mode: o.mode ?? g.mode,
    ifNoBaseline: o.ifNoBaseline ?? g['if-no-baseline'],
  };
}

/** One annotation per failing or erroring check, tied to its file and line. */
function failureDiagnostics(scored: Scored): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const t of scored) {
    for (const c of t.checks) {
      if (c.status === 'error' || c.status === 'fail') {
        out.push({
          level: c.status === 'error' ? 'error' : 'warning',
          message: `${t.id}: ${c.message}`,
          file: c.file,
          line: c.line,
          test: t.id,
        });
      }
    }
  }
  return out;
}

/**
 * The whole gate, from validated config to report: evidence → assertions → rubric score → verdict.
 * No publishing happens here.
 */
export async function evaluateGate(input: GateInput): Promise<Report> {
  const now = input.now ?? new Date();
  const evaluators = pendingEvaluators(input);
  const store = new EvidenceStore(input.workspace);
  const diagnostics: Diagnostic[] = [];

  const base = await input.baseline.load(store);
  if (base.kind === 'invalid') diagnostics.push({ level: 'warning', message: base.message, file: base.file });
  if (base.kind === 'none') diagnostics.push({ level: 'notice', message: `no baseline: ${base.reason}` });
  const baseline = base.kind === 'found' ? base.report : null;
  mark('baseline read');

  const budget = falseAlarmBudget(input.config);
  const ctx: EvalContext = {
    alpha: (family) => alphaOf(budget, family),
    config: input.config,
    configFile: input.configFile,
    workspace: input.workspace,
    store,
    now,
    baseline,
    pullRequest: input.pullRequest ?? null,
    diagnostics,
  };
  const run = await runEvaluators(ctx, evaluators);
  const { outcomes, tables, records, internalErrors } = run;
  outcomes.push(
    ...unreadSettingOutcomes(input.config, input.configFile),
    ...uncomparedBaseOutcomes(input.config, input.configFile, outcomes),
  );
  mark('evaluators run');
  markFutureVersions(outcomes, store.futureVersions);

  const scored = scoreTests(outcomes, attestationsOf(input.config), now);
  const score = scoreRubric(scored);
  const tests = reportTests(scored);
  const delta = baseline ? computeDelta({ score, tests }, baseline) : null;
  const verdict = decide(scored, score, delta, gateSettingsOf(input.config, input.overrides), {
    baselineMissing: baseline === null,
    internalErrors,
  });
  diagnostics.push(...failureDiagnostics(scored));
  const maturity = await evaluateMaturity(input.config.maturity, input.workspace, tests, diagnostics);
  const pyramid = testPyramid(input.config, run.byEvaluator, (records[TAGGED_TESTS.name] as TaggedRecord | undefined) ?? null);
  capMessages(tests, tables, diagnostics, verdict.reasons);
  return {
    schemaVersion: REPORT_VERSION,
    tool: { name: 'ml-test-gate', version: VERSION },
    id: input.id ?? 'default',
    generatedAt: now.toISOString(),
    commit: input.commit ?? null,
    config: input.configFile,
    score,
    baseline: baseline
      ? {
          source: base.kind === 'found' ? base.source : '',
          commit: baseline.commit ?? null,
          generatedAt: baseline.generatedAt,
          score: baseline.score,
        }
      : null,
    delta,
    tests,
    tables,
    gate: verdict,
    diagnostics,
    maturity,
    pyramid,
    falseAlarmBudget: budget,
    records,
  };
}
