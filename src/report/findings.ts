/**
 * What a report says, sorted for a reader, independent of the output format (Markdown comment, job
 * summary, plain text): the verdict in plain words, the tests that failed or could not be evaluated with
 * the checks that explain them, the gate's other reasons, and the warnings (inconclusive comparisons,
 * insufficient data...) deduplicated and grouped by method so that a method is stated once.
 */
import { RUBRIC, type RubricId } from '../rubric/tests.js';
import type { Report, ReportTest } from '../schemas/report.js';

export type ReportCheck = ReportTest['details']['checks'][number];

/** Failed and errored tests: errors first (unmeasured is the most urgent), then rubric order. */
export function problemTests(r: Report): ReportTest[] {
  const order = (t: ReportTest) => RUBRIC.findIndex((x) => x.id === t.id);
  return r.tests
    .filter((t) => t.status === 'fail' || t.status === 'error')
    .sort((a, b) => (a.status === b.status ? order(a) - order(b) : a.status === 'error' ? -1 : 1));
}

/** The checks that explain a failed or errored test (its failures or errors; all checks when none is marked). */
export function problemChecks(t: ReportTest): ReportCheck[] {
  const bad = t.details.checks.filter((c) => c.status === t.status);
  return bad.length ? bad : t.details.checks;
}

/** The gate's reasons that are not a failed or errored test (min-score, score drop, fail-closed, internal errors). */
export function otherReasons(r: Report): string[] {
  const ids = new Set(problemTests(r).map((t) => t.id));
  return r.gate.reasons.filter((x) => {
    const m = /^((?:data|model|infra|monitor)-\d) \(/.exec(x);
    return !(m && ids.has(m[1] as RubricId));
  });
}

export interface Verdict {
  icon: '✅' | '❌' | '⚠️';
  /** "Gate failed: 3 tests found problems", "Gate passed", "Gate would fail (report mode): ...". */
  text: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function joinAnd(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** Why the gate fails, in a few words: counts of tests, and the one other reason when it is short. */
function problemPhrase(r: Report): string {
  const tests = problemTests(r);
  const fails = tests.filter((t) => t.status === 'fail').length;
  const errors = tests.length - fails;
  const others = otherReasons(r);
  const parts: string[] = [];
  if (fails) parts.push(fails === 1 ? '1 test found a problem' : `${fails} tests found problems`);
  if (errors)
    parts.push(fails ? `${errors} could not be evaluated` : plural(errors, 'test could not be evaluated', 'tests could not be evaluated'));
  const short = others[0]?.replace(/ \([^()]*\)$/, '');
  if (others.length === 1 && short.length <= 90) parts.push(short);
  else if (others.length)
    parts.push(parts.length ? plural(others.length, 'more reason', 'more reasons') : plural(others.length, 'reason', 'reasons'));
  return joinAnd(parts);
}

/** The verdict in plain words; the score comes after it, never before. Plain text: escape it for Markdown. */
export function verdictOf(r: Report): Verdict {
  if (r.gate.passed && r.gate.wouldPass) return { icon: '✅', text: 'Gate passed' };
  const why = problemPhrase(r);
  if (r.gate.passed) return { icon: '⚠️', text: `Gate would fail (report mode)${why ? `: ${why}` : ''}` };
  return { icon: '❌', text: `Gate failed${why ? `: ${why}` : ''}` };
}

export interface WarningRow {
  /** The tests that reported this same finding (a comparison can serve two tests). */
  tests: RubricId[];
  check: ReportCheck;
}

/** Warnings that share a method and a threshold: one table, the method stated once. */
export interface WarningGroup {
  method?: string;
  threshold?: string;
  rows: WarningRow[];
}

/** A report table that lists warnings itself (id ending in -warnings or -inconclusive): its tests' warn checks are not repeated. */
export const isWarningTable = (t: Report['tables'][number]) => /-(warnings|inconclusive)$/.test(t.id);

/** Every warn check once (the same finding under two tests is one row), grouped by method and threshold. */
export function warningGroups(r: Report): WarningGroup[] {
  const covered = new Set(r.tables.filter(isWarningTable).flatMap((t) => t.tests));
  const rows = new Map<string, WarningRow>();
  for (const t of r.tests) {
    if (covered.has(t.id)) continue;
    for (const c of t.details.checks) {
      if (c.status !== 'warn') continue;
      const key = [c.message, c.method ?? '', c.threshold ?? ''].join('\u0000');
      const row = rows.get(key);
      if (row) {
        if (!row.tests.includes(t.id)) row.tests.push(t.id);
      } else rows.set(key, { tests: [t.id], check: c });
    }
  }
  const groups = new Map<string, WarningGroup>();
  for (const row of rows.values()) {
    const key = `${row.check.method ?? ''}\u0000${row.check.threshold ?? ''}`;
    const g = groups.get(key) ?? { method: row.check.method, threshold: row.check.threshold, rows: [] };
    g.rows.push(row);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** Number of warning rows (after deduplication), plus the rows of warning tables. */
export function warningCount(r: Report): number {
  const own = warningGroups(r).reduce((n, g) => n + g.rows.length, 0);
  return own + r.tables.filter(isWarningTable).reduce((n, t) => n + t.rows.length, 0);
}

/** The threshold and method every check of a list shares (stated once above them), if they share one. */
export function sharedMethod(checks: readonly ReportCheck[]): { threshold?: string; method?: string } {
  if (checks.length < 2) return {};
  const same = (k: 'threshold' | 'method') => (checks.every((c) => c[k] === checks[0][k]) ? checks[0][k] : undefined);
  return { threshold: same('threshold'), method: same('method') };
}

/** Diagnostics worth showing: not notices, and not the copy of a failing check that each failing check also makes (an annotation). */
export function ownDiagnostics(r: Report): Report['diagnostics'] {
  const copies = new Set(r.tests.flatMap((t) => t.details.checks.map((c) => `${t.id}: ${c.message}`)));
  return r.diagnostics.filter((d) => d.level !== 'notice' && !(d.test && copies.has(d.message)));
}
