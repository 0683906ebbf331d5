import { EVALUATORS } from '../assertions/index.js';
import type { EvalContext, Evaluator, PullRequestContext } from '../assertions/types.js';
import { EvidenceStore } from '../evidence/store.js';
import type { Workspace } from '../evidence/workspace.js';
import { scoreRubric, scoreTests, type Attestation } from '../rubric/score.js';
import type { ReportTable, TestOutcome } from '../rubric/types.js';
import type { Config } from '../schemas/config.js';
import { REPORT_VERSION, type Report } from '../schemas/report.js';
import { computeDelta } from '../report/delta.js';
import { errorMessage, type Diagnostic } from '../util/errors.js';
import { VERSION } from '../version.js';
import type { BaselineSource } from './baseline.js';
import { decide, type GateSettings } from './verdict.js';
import { evaluateMaturity } from './maturity-facts.js';

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

/**
 * The whole gate, from validated config to report: evidence → assertions → rubric score → verdict.
 * No publishing happens here.
 */
export async function evaluateGate(input: GateInput): Promise<Report> {
  const now = input.now ?? new Date();
  const store = new EvidenceStore(input.workspace);
  const diagnostics: Diagnostic[] = [];

  const base = await input.baseline.load(store);
  if (base.kind === 'invalid') diagnostics.push({ level: 'warning', message: base.message, file: base.file });
  if (base.kind === 'none') diagnostics.push({ level: 'notice', message: `no baseline: ${base.reason}` });
  const baseline = base.kind === 'found' ? base.report : null;

  const ctx: EvalContext = {
    config: input.config,
    configFile: input.configFile,
    workspace: input.workspace,
    store,
    now,
    baseline,
    pullRequest: input.pullRequest ?? null,
    diagnostics,
  };
  const outcomes: TestOutcome[] = [];
  const tables: ReportTable[] = [];
  const records: Record<string, unknown> = {};
  const internalErrors: string[] = [];
  for (const ev of input.evaluators ?? EVALUATORS) {
    try {
      const out = await ev.run(ctx);
      outcomes.push(...out.outcomes);
      tables.push(...(out.tables ?? []));
      if (out.record !== undefined) records[ev.name] = out.record;
    } catch (e) {
      // A bug, not a user mistake: say so, fail the gate, keep the rest of the report.
      internalErrors.push(`internal error in the ${ev.name} checks: ${errorMessage(e)} (please report this)`);
      diagnostics.push({ level: 'error', message: `internal error in the ${ev.name} checks: ${errorMessage(e)}` });
    }
  }

  const scored = scoreTests(outcomes, attestationsOf(input.config), now);
  const score = scoreRubric(scored);
  const tests: Report['tests'] = scored.map((t) => ({
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
        ? { attestation: { by: t.attestation.by, date: t.attestation.date, link: t.attestation.link, expiresOn: t.attestation.expiresOn, note: t.attestation.note } }
        : {}),
    },
  }));
  const delta = baseline ? computeDelta({ score, tests }, baseline) : null;
  const verdict = decide(scored, score, delta, gateSettingsOf(input.config, input.overrides), { baselineMissing: baseline === null, internalErrors });
  for (const t of scored) {
    for (const c of t.checks) {
      if (c.status === 'error' || c.status === 'fail') {
        diagnostics.push({ level: c.status === 'error' ? 'error' : 'warning', message: `${t.id}: ${c.message}`, file: c.file, line: c.line, test: t.id });
      }
    }
  }
  const maturity = await evaluateMaturity(input.config.maturity, input.workspace, tests, diagnostics);
  return {
    schemaVersion: REPORT_VERSION,
    tool: { name: 'ml-test-gate', version: VERSION },
    id: input.id ?? 'default',
    generatedAt: now.toISOString(),
    commit: input.commit ?? null,
    config: input.configFile,
    score,
    baseline: baseline
      ? { source: base.kind === 'found' ? base.source : '', commit: baseline.commit ?? null, generatedAt: baseline.generatedAt, score: baseline.score }
      : null,
    delta,
    tests,
    tables,
    gate: verdict,
    diagnostics,
    maturity,
    records,
  };
}
