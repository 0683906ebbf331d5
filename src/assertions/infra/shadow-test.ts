/**
 * infra-6 from a shadow test: before it serves, the candidate scored mirrored production requests
 * next to the serving model. It answered them (error rate), with finite scores, and its decisions
 * and scores stay close to the serving model's overall and on every slice, judged on intervals
 * like the base-vs-head comparison (pass, fail, or inconclusive).
 */
import type { JsonFormat } from '../../evidence/store.js';
import { EvidenceFileError, tableAccess } from '../../evidence/workspace.js';
import { loadShadowPairs, ShadowPairsError, type ShadowPairs } from '../../evidence/shadow-pairs.js';
import type { Check, CheckStatus, ReportTable } from '../../rubric/types.js';
import type { shadowConfig } from '../../schemas/config/infra.js';
import { SHADOW_VERSION, shadowReportSchema, type ShadowReport } from '../../schemas/shadow.js';
import { agreement, scoreShift, sliceDisagreement, type SliceDisagreement } from '../../stats/shadow.js';
import { errorMessage } from '../../util/errors.js';
import { fmt, fmtDelta, pct } from '../../util/format.js';
import { ageOf, maxAgeCheck } from '../shared/dates.js';
import { errorOutcome } from '../shared/infra-evidence.js';
import type { EvalContext, Evaluator } from '../types.js';
import type { z } from 'zod';

export const SHADOW_FORMAT: JsonFormat<typeof shadowReportSchema> = {
  name: 'shadow test',
  schema: shadowReportSchema,
  version: SHADOW_VERSION,
};
type Cfg = z.infer<typeof shadowConfig>;

const modelName = (m: ShadowReport['serving']) => `${m.name}${m.version ? ` ${m.version}` : ''}`;

async function loadPairs(
  ctx: EvalContext,
  r: ShadowReport,
): Promise<{ ok: true; pairs: ShadowPairs } | { ok: false; message: string; line?: number }> {
  // the shadow JSON is evidence (possibly from a fork): its pointer may not lead out of the repository
  try {
    const abs = await ctx.workspace.locate(r.pairs.path);
    const pairs = await loadShadowPairs(
      abs,
      r.pairs.path,
      { format: r.pairs.format, columns: r.pairs.columns },
      tableAccess(ctx.workspace),
    );
    return { ok: true, pairs };
  } catch (e) {
    if (e instanceof EvidenceFileError) {
      const what = /^file not found/.test(e.message) ? `${r.pairs.path}: file not found` : e.message;
      return { ok: false, message: `${what} (pairs.path of the shadow test)` };
    }
    if (e instanceof ShadowPairsError) return { ok: false, message: e.message, line: e.line };
    return { ok: false, message: `${r.pairs.path}: cannot read the shadow pairs: ${errorMessage(e)}` };
  }
}

/** Pass inside the band, fail outside it, inconclusive across its edge. */
function bandStatus(lo: number, hi: number, min: number, max: number, cfg: Cfg): { status: CheckStatus; words: string } {
  if (Number.isNaN(lo) || Number.isNaN(hi)) return { status: 'fail', words: 'undefined, which never passes' };
  if (lo >= min && hi <= max) return { status: 'pass', words: 'the interval lies within' };
  if (hi < min || lo > max) return { status: 'fail', words: 'the interval lies outside' };
  return { status: cfg.inconclusive, words: 'inconclusive: the interval crosses' };
}

function countChecks(p: ShadowPairs, cfg: Cfg, file: string): Check[] {
  const enough = p.n >= cfg['min-requests'];
  const rate = p.candidateMissing / p.n;
  const okRate = rate <= cfg['max-error-rate'];
  return [
    {
      name: `mirrored requests >= ${cfg['min-requests']}`,
      status: enough ? 'pass' : 'fail',
      message: `the shadow scored ${p.n} mirrored requests; ${enough ? 'at least' : 'fewer than'} the ${cfg['min-requests']} required`,
      value: p.n,
      threshold: `>= ${cfg['min-requests']}`,
      method: 'rows of the shadow pairs',
      file,
    },
    {
      name: `candidate error rate <= ${pct(cfg['max-error-rate'])}`,
      status: okRate ? 'pass' : 'fail',
      message: `the candidate gave no score for ${p.candidateMissing} of ${p.n} mirrored requests (${pct(rate, 3)}); maximum ${pct(cfg['max-error-rate'])}`,
      value: rate,
      threshold: `<= ${pct(cfg['max-error-rate'])}`,
      method: 'empty candidate scores / rows',
      file,
    },
    {
      name: 'finite candidate scores',
      status: p.nonFiniteCandidate === 0 ? 'pass' : 'fail',
      message: `${p.nonFiniteCandidate} NaN or infinite candidate score(s)${p.nonFinite[0] ? `, first on line ${p.nonFinite[0].line}` : ''}`,
      value: p.nonFiniteCandidate,
      threshold: '0',
      method: 'shadow pairs',
      file,
    },
  ];
}

function sliceCheck(column: string, rows: SliceDisagreement[], cfg: Cfg, maxDis: number, tests: number, file: string): Check {
  const bad = rows.filter((s) => s.verdict === 'fail');
  const unsure = rows.filter((s) => s.verdict === 'inconclusive' || s.verdict === 'insufficient data');
  const status: CheckStatus = bad.length
    ? 'fail'
    : unsure.length
      ? unsure.some((s) => s.verdict === 'inconclusive')
        ? cfg.inconclusive
        : 'warn'
      : 'pass';
  const show = (s: SliceDisagreement) =>
    `${s.value} ${pct(s.rate)} [${pct(s.lo)}, ${pct(s.hi)}] (n = ${s.result.n}${s.verdict === 'insufficient data' ? ', insufficient data' : ''})`;
  const worst = [...rows].filter((s) => s.result.n > 0).sort((a, b) => b.rate - a.rate)[0];
  const listed = [...bad, ...unsure].slice(0, 4).map(show).join('; ');
  const message =
    status === 'pass'
      ? `disagreement within ${pct(maxDis)} on all ${rows.length} ${column} slices; highest ${worst ? show(worst) : 'n/a'}`
      : `${bad.length} ${column} slice(s) disagree beyond ${pct(maxDis)}, ${unsure.length} inconclusive or too small: ${listed}${bad.length + unsure.length > 4 ? '; ...' : ''}`;
  return {
    name: `${column}: disagreement <= ${pct(maxDis)} per slice`,
    status,
    message,
    value: worst ? worst.rate : null,
    threshold: `<= ${pct(maxDis)}`,
    method: `Wilson interval per slice; one-sided exact binomial test of disagreement > ${pct(maxDis)}, ${cfg.slices.fdr === 'bh' ? 'Benjamini-Hochberg' : cfg.slices.fdr === 'holm' ? 'Holm' : 'no'} adjustment across ${tests} slice tests; slices under ${cfg.slices['min-size']} requests not judged`,
    file,
  };
}

/** The agreement, score-shift and slice checks on the paired scores. */
function comparisonChecks(r: ShadowReport, p: ShadowPairs, cfg: Cfg): { checks: Check[]; table: ReportTable } {
  const file = r.pairs.path;
  const conf = cfg.confidence;
  const level = `${fmt(conf * 100)}%`;
  const a = agreement(p.serving, p.candidate, r.threshold, conf);
  const ag = bandStatus(a.lo, a.hi, cfg['min-agreement'], 1, cfg);
  const shift = scoreShift(p.serving, p.candidate, conf);
  const max = cfg['max-mean-shift'];
  const sh = bandStatus(shift.lo, shift.hi, -max, max, cfg);
  const maxDis = 1 - cfg['min-agreement'];
  const slices = sliceDisagreement(p.serving, p.candidate, p.slices, {
    threshold: r.threshold,
    confidence: conf,
    maxDisagreement: maxDis,
    minSize: cfg.slices['min-size'],
    fdr: cfg.slices.fdr,
  });
  const tests = slices.filter((s) => s.verdict !== 'insufficient data').length;
  const checks: Check[] = [
    {
      name: `decision agreement >= ${pct(cfg['min-agreement'])}`,
      status: ag.status,
      message: `${modelName(r.candidate)} and ${modelName(r.serving)} made the same decision (score >= ${fmt(r.threshold)}) on ${a.n - a.disagree} of ${a.n} requests: ${pct(a.rate)} [${pct(a.lo)}, ${pct(a.hi)}]; ${ag.words} >= ${pct(cfg['min-agreement'])}`,
      value: a.rate,
      threshold: `>= ${pct(cfg['min-agreement'])}`,
      method: `Wilson score ${level} interval of the agreement rate`,
      file,
    },
    {
      name: `|mean score shift| <= ${fmt(max)}`,
      status: sh.status,
      message: `mean(candidate - serving) = ${fmtDelta(shift.delta)} [${fmtDelta(shift.lo)}, ${fmtDelta(shift.hi)}] over ${shift.n} requests (mean |difference| ${fmt(shift.meanAbs)}, largest ${fmt(shift.maxAbs)}); ${sh.words} +-${fmt(max)}`,
      value: Number.isNaN(shift.delta) ? null : shift.delta,
      threshold: `|shift| <= ${fmt(max)}`,
      method: `paired t ${level} interval of the mean score difference`,
      file,
    },
  ];
  for (const column of p.slices.keys())
    checks.push(
      sliceCheck(
        column,
        slices.filter((s) => s.column === column),
        cfg,
        maxDis,
        tests,
        file,
      ),
    );
  const table: ReportTable = {
    id: 'shadow',
    title: `Shadow test: ${modelName(r.candidate)} vs ${modelName(r.serving)}`,
    tests: ['infra-6'],
    columns: ['slice', 'requests', 'disagreement [interval]', 'adj. p', 'verdict'],
    rows: [
      [
        'all',
        a.n,
        `${pct(1 - a.rate)} [${pct(1 - a.hi)}, ${pct(1 - a.lo)}]`,
        '',
        ag.status === 'pass' ? 'pass' : ag.status === 'fail' ? 'fail' : 'inconclusive',
      ],
      ...slices.map((s) => [
        `${s.column}=${s.value}`,
        s.result.n,
        `${pct(s.rate)} [${pct(s.lo)}, ${pct(s.hi)}]`,
        Number.isNaN(s.pAdjusted) ? '' : s.pAdjusted.toPrecision(3),
        s.verdict,
      ]),
    ],
    note: `From ${file}; allowed disagreement ${pct(maxDis)} (1 - min-agreement); Wilson ${level} intervals; slice p-values: one-sided exact binomial, ${cfg.slices.fdr} adjustment.`,
  };
  return { checks, table };
}

export const shadowEvaluator: Evaluator = {
  name: 'shadow',
  tests: ['infra-6'],
  config: ['infra.shadow'],
  formats: ['shadow'],
  async run(ctx) {
    const cfg = ctx.config.infra?.shadow;
    if (!cfg) return { outcomes: [] };
    const l = await ctx.store.json(cfg.report, SHADOW_FORMAT);
    if (!l.ok) return { outcomes: [errorOutcome('infra-6', cfg.report, l)] };
    const r = l.value;
    const evidence = [l.file, r.pairs.path];
    const checks: Check[] = [];
    if (cfg['max-age-days'] !== undefined)
      checks.push(maxAgeCheck('shadow window end', r.window.to, cfg['max-age-days'], ctx.now, { file: l.file, field: 'window.to' }));
    else {
      const a = ageOf(r.window.to, ctx.now);
      if (!a.ok) checks.push({ name: 'shadow window end', status: 'error', message: `${l.file}: window.to: ${a.message}`, file: l.file });
    }
    const p = await loadPairs(ctx, r);
    if (!p.ok)
      return {
        outcomes: [
          {
            test: 'infra-6',
            checks: [...checks, { name: r.pairs.path, status: 'error', message: p.message, file: r.pairs.path, line: p.line }],
            evidence,
          },
        ],
      };
    const pairs = p.pairs;
    ctx.store.recordNumericScan({
      file: pairs.file,
      what: 'shadow scores (serving and candidate)',
      values: 2 * pairs.n - pairs.candidateMissing,
      nonFinite: pairs.nonFinite.map((x) => ({
        path: `line ${x.line}, column "${x.column}"`,
        token: /nan/i.test(x.token) ? 'NaN' : x.token.startsWith('-') ? '-Infinity' : 'Infinity',
      })),
    });
    checks.push(...countChecks(pairs, cfg, pairs.file));
    const cmp = comparisonChecks(r, pairs, cfg);
    checks.push(...cmp.checks);
    return { outcomes: [{ test: 'infra-6', checks, evidence }], tables: [cmp.table] };
  },
};
