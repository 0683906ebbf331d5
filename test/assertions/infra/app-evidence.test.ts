import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { fileWorkspace } from '../../../src/evidence/workspace.js';
import { noBaseline, textBaseline } from '../../../src/gate/baseline.js';
import { evaluateGate } from '../../../src/gate/evaluate.js';
import type { Report } from '../../../src/schemas/report.js';
import { Rng } from '../../../src/stats/rng.js';
import { sliceDisagreement } from '../../../src/stats/shadow.js';
import { FIXTURES } from '../../importers/helpers.js';
import { checksOf, gate, json, NOW, testOf } from '../../helpers/gate.js';

const fx = (rel: string) => readFileSync(path.join(FIXTURES, rel), 'utf8');

/** The whole gate on files written to a temporary directory (the shadow pairs are read from disk). */
async function gateOnDisk(config: string, files: Record<string, string>, baseline?: Report): Promise<Report> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mtg-app-'));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return evaluateGate({
    config: parseConfig('c.yml', config),
    configFile: 'c.yml',
    workspace: fileWorkspace(dir),
    baseline: baseline ? textBaseline('base.json', JSON.stringify(baseline)) : noBaseline('none'),
    now: NOW,
  });
}

const check = (r: Report, test: string, name: string) => checksOf(r, test).find((c) => c.name === name || c.name.startsWith(name))!;

// --- load tests through monitor-6 ------------------------------------------------------------

describe('load tests feed monitor-6 through the performance budgets and base comparison', () => {
  const CONFIG = `infra:
  performance:
    evidence: [{ path: load/run-*.json, format: k6 }]
    budgets: { latency_p95_ms: { max: 120 }, error_rate: { max: 0.01 }, throughput_per_s: { min: 30 } }
`;
  const run = (p95: number, failed: number) =>
    fx('k6/summary-export.json')
      .replace('"p(95)": 81.3306', `"p(95)": ${p95}`)
      .replace('"passes": 14,\n            "fails": 11968', `"passes": ${failed},\n            "fails": ${11982 - failed}`);

  it('budgets hold the k6 figures, and each method names k6, the metric and the statistic', async () => {
    const r = await gate(CONFIG, { 'load/run-1.json': run(81.3306, 14) });
    expect(testOf(r, 'monitor-6').status).toBe('pass');
    const p95 = check(r, 'monitor-6', 'latency_p95_ms <= 120');
    expect(p95.message).toBe(
      'latency_p95_ms = 81.3306 ms (k6 http_req_duration p(95) (--summary-export); single measurement) meets its budget <= 120 ms',
    );
    expect(check(r, 'monitor-6', 'error_rate <= 0.01').method).toBe(
      'k6 http_req_failed: failed requests of all requests (--summary-export): 14 of 11982',
    );
    const bad = await gate(CONFIG, { 'load/run-1.json': run(140, 200) });
    expect(check(bad, 'monitor-6', 'latency_p95_ms <= 120').status).toBe('fail');
    expect(check(bad, 'monitor-6', 'error_rate <= 0.01').message).toMatch(
      /^error_rate = 0\.0167 \(k6 http_req_failed.*: 200 of 11982\) violates its budget <= 0\.01$/,
    );
  });

  it('against the base branch: repeated runs give latency a spread; error rates compare as a difference of proportions', async () => {
    const base = await gate(CONFIG, { 'load/run-1.json': run(80, 14), 'load/run-2.json': run(82, 11), 'load/run-3.json': run(81, 16) });
    const same = await gate(
      CONFIG,
      { 'load/run-1.json': run(81.5, 12), 'load/run-2.json': run(80.5, 15), 'load/run-3.json': run(82.5, 13) },
      { baseline: base },
    );
    expect(check(same, 'monitor-6', 'error_rate vs base').status).toBe('pass');
    expect(check(same, 'monitor-6', 'error_rate vs base').method).toBe(
      'difference of proportions head - base, Newcombe hybrid score 95% interval',
    );
    expect(check(same, 'monitor-6', 'latency_p95_ms vs base').method).toMatch(
      /^median ratio head\/base with percentile bootstrap 95% CI .*, 3 head vs 3 base measurements$/,
    );
    const worse = await gate(
      CONFIG,
      { 'load/run-1.json': run(81, 120), 'load/run-2.json': run(81, 110), 'load/run-3.json': run(81, 130) },
      { baseline: base },
    );
    const e = check(worse, 'monitor-6', 'error_rate vs base');
    expect(e.status).toBe('fail');
    expect(e.message).toMatch(
      /^error_rate: base 0\.114% \(41\/35946\), head 1\.002% \(360\/35946\), difference \+0\.0089 \[\+0\.0078, \+0\.01\] \(lower is better\): worse beyond the tolerance: the whole interval is more than 0\.005 higher$/,
    );
    const table = worse.tables.find((t) => t.id === 'performance')!;
    expect(table.rows.find((row) => row[0] === 'error_rate')!.slice(5)).toEqual([
      '+0.0089',
      '[+0.0078, +0.01]',
      '<= 0.01',
      'over budget; regressed',
    ]);
  });

  it('Locust statistics read the same way', async () => {
    const r = await gate(
      'infra:\n  performance:\n    evidence: [{ path: locust_stats.csv, format: locust, endpoint: POST /predict }]\n    budgets: { latency_p99_ms: { max: 200 } }\n',
      { 'locust_stats.csv': fx('locust/locust_stats.csv') },
    );
    expect(check(r, 'monitor-6', 'latency_p99_ms <= 200').message).toBe(
      'latency_p99_ms = 150 ms (Locust POST /predict 99% response time (approximated by Locust); single measurement) meets its budget <= 200 ms',
    );
  });

  it('a bad load-test file is an error on monitor-6 naming the file', async () => {
    const r = await gate(CONFIG, { 'load/run-1.json': fx('k6/out-json-stream.json') });
    expect(testOf(r, 'monitor-6').status).toBe('error');
    expect(checksOf(r, 'monitor-6')[0].message).toMatch(/^load\/run-1\.json: this is k6's --out json stream/);
  });
});

// --- shadow tests (infra-6) ------------------------------------------------------------------

const SHADOW_JSON = (over: Record<string, unknown> = {}) =>
  json({
    schemaVersion: 1,
    kind: 'ml-test-gate/shadow',
    serving: { name: 'loan-default', version: '41' },
    candidate: { name: 'loan-default', version: '42' },
    window: { from: '2026-11-20T00:00:00Z', to: '2026-11-22T00:00:00Z' },
    threshold: 0.5,
    pairs: {
      path: 'shadow/pairs.csv',
      columns: { id: 'request_id', serving: 'serving_score', candidate: 'candidate_score', slices: ['region'] },
    },
    ...over,
  });
const SHADOW =
  'infra:\n  shadow: { report: shadow.json, min-requests: 1000, min-agreement: 0.95, max-mean-shift: 0.02, slices: { min-size: 200 } }\n';

/** n mirrored requests over 4 regions; the candidate flips the decision with probability flip (flipWest in the west). */
function pairs(
  n: number,
  flip: number,
  o: { flipWest?: number; shift?: number; seed?: number; empty?: number; nan?: number } = {},
): string {
  const rng = new Rng(o.seed ?? 5);
  const regions = ['north', 'south', 'east', 'west'];
  let out = 'request_id,serving_score,candidate_score,region\n';
  for (let i = 0; i < n; i++) {
    const region = regions[i % 4];
    const s = rng.next();
    const f = region === 'west' && o.flipWest !== undefined ? o.flipWest : flip;
    let c = Math.min(1, Math.max(0, s + (o.shift ?? 0) + (rng.next() - 0.5) * 0.01));
    if (rng.next() < f) c = s >= 0.5 ? 0.3 * rng.next() : 0.7 + 0.3 * rng.next();
    const cell = i < (o.empty ?? 0) ? '' : i < (o.empty ?? 0) + (o.nan ?? 0) ? 'nan' : c.toFixed(6);
    out += `r${i},${s.toFixed(6)},${cell},${region}\n`;
  }
  return out;
}

describe('infra-6 shadow test', () => {
  it('passes when the candidate answered, agrees with serving, and its scores do not shift, overall and per slice', async () => {
    const r = await gateOnDisk(SHADOW, { 'shadow.json': SHADOW_JSON(), 'shadow/pairs.csv': pairs(4000, 0.01) });
    expect(testOf(r, 'infra-6').status).toBe('pass');
    expect(checksOf(r, 'infra-6').map((c) => [c.name, c.status])).toEqual([
      ['mirrored requests >= 1000', 'pass'],
      ['candidate error rate <= 0.1%', 'pass'],
      ['finite candidate scores', 'pass'],
      ['decision agreement >= 95%', 'pass'],
      ['|mean score shift| <= 0.02', 'pass'],
      ['region: disagreement <= 5% per slice', 'pass'],
    ]);
    expect(check(r, 'infra-6', 'decision agreement').message).toMatch(
      /^loan-default 42 and loan-default 41 made the same decision \(score >= 0\.5\) on 39\d\d of 4000 requests: 9\d\.\d+% \[9\d\.\d+%, 99\.\d+%\]; the interval lies within >= 95%$/,
    );
    expect(check(r, 'infra-6', 'decision agreement').method).toBe('Wilson score 95% interval of the agreement rate');
    expect(r.tables.find((t) => t.id === 'shadow')!.rows).toHaveLength(5);
  });

  it('reads the pairs as JSON Lines too, with the same result as CSV', async () => {
    const csv = pairs(2000, 0.01);
    const jsonl = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => {
        const [id, s, c, region] = l.split(',');
        return JSON.stringify({ request_id: id, serving_score: Number(s), candidate_score: Number(c), region });
      })
      .join('\n');
    const cfg = SHADOW.replace('min-requests: 1000', 'min-requests: 100');
    const a = await gateOnDisk(cfg, { 'shadow.json': SHADOW_JSON(), 'shadow/pairs.csv': csv });
    const b = await gateOnDisk(cfg, {
      'shadow.json': SHADOW_JSON({
        pairs: {
          path: 'shadow/pairs.jsonl',
          columns: { id: 'request_id', serving: 'serving_score', candidate: 'candidate_score', slices: ['region'] },
        },
      }),
      'shadow/pairs.jsonl': jsonl,
    });
    expect(checksOf(b, 'infra-6').map((c) => c.message)).toEqual(checksOf(a, 'infra-6').map((c) => c.message));
  });

  it('fails a candidate that disagrees in one slice only, naming the slice, with the multiple-testing method', async () => {
    const r = await gateOnDisk(SHADOW, { 'shadow.json': SHADOW_JSON(), 'shadow/pairs.csv': pairs(8000, 0.005, { flipWest: 0.2 }) });
    const c = check(r, 'infra-6', 'region: disagreement');
    expect(c.status).toBe('fail');
    expect(c.message).toMatch(/^1 region slice\(s\) disagree beyond 5%, 0 inconclusive or too small: west 1\d\.\d+% \[/);
    expect(c.method).toMatch(/Benjamini-Hochberg adjustment across 4 slice tests/);
  });

  it('a shifted candidate fails the score check; a borderline one is inconclusive (a warning, or a failure when configured)', async () => {
    const shifted = await gateOnDisk(SHADOW, { 'shadow.json': SHADOW_JSON(), 'shadow/pairs.csv': pairs(4000, 0.01, { shift: 0.05 }) });
    expect(check(shifted, 'infra-6', '|mean score shift|').status).toBe('fail');
    const borderline = await gateOnDisk(SHADOW, { 'shadow.json': SHADOW_JSON(), 'shadow/pairs.csv': pairs(1200, 0.05, { seed: 9 }) });
    const b = check(borderline, 'infra-6', 'decision agreement');
    expect(b.status).toBe('warn');
    expect(b.message).toMatch(/inconclusive: the interval crosses >= 95%$/);
    const strict = await gateOnDisk(SHADOW.replace('slices:', 'inconclusive: fail, slices:'), {
      'shadow.json': SHADOW_JSON(),
      'shadow/pairs.csv': pairs(1200, 0.05, { seed: 9 }),
    });
    expect(check(strict, 'infra-6', 'decision agreement').status).toBe('fail');
  });

  it('candidate failures and NaN scores are counted; NaN also fails numerical stability (monitor-5)', async () => {
    const r = await gateOnDisk(SHADOW, { 'shadow.json': SHADOW_JSON(), 'shadow/pairs.csv': pairs(4000, 0.01, { empty: 12, nan: 2 }) });
    expect(check(r, 'infra-6', 'candidate error rate').message).toBe(
      'the candidate gave no score for 12 of 4000 mirrored requests (0.3%); maximum 0.1%',
    );
    expect(check(r, 'infra-6', 'finite candidate scores').message).toBe('2 NaN or infinite candidate score(s), first on line 14');
    expect(testOf(r, 'monitor-5').status).toBe('fail');
  });

  it.each([
    ['a missing column', pairs(10, 0).replace('candidate_score', 'cand_score'), /^shadow\/pairs\.csv.*candidate_score/],
    [
      'a duplicate id',
      pairs(10, 0).replace('r3,', 'r2,'),
      'shadow/pairs.csv, line 5, column "request_id": duplicate request id "r2" (first on line 4); each mirrored request is one row',
    ],
    [
      'a score that is not a probability',
      pairs(10, 0).replace(/\nr4,[0-9.]+,/, '\nr4,1.5,'),
      'shadow/pairs.csv, line 6, column "serving_score": serving score 1.5 is outside [0, 1]; expected a probability of the positive class',
    ],
    [
      'an empty serving score',
      pairs(10, 0).replace(/\nr4,[0-9.]+,/, '\nr4,,'),
      /^shadow\/pairs\.csv, line 6, column "serving_score": the serving score is empty/,
    ],
  ])('%s in the pairs is an error naming the file, line and column', async (_what, text, message) => {
    const r = await gateOnDisk(SHADOW, { 'shadow.json': SHADOW_JSON(), 'shadow/pairs.csv': text });
    expect(testOf(r, 'infra-6').status).toBe('error');
    const e = checksOf(r, 'infra-6').find((c) => c.status === 'error')!;
    if (typeof message === 'string') expect(e.message).toBe(message);
    else expect(e.message).toMatch(message);
  });

  it('slice values and model names from the evidence are escaped in the comment', async () => {
    const text = pairs(8000, 0.005, { flipWest: 0.2 }).replace(/,west\n/g, ',<img src=x>|@ops-team\n');
    const r = await gateOnDisk(SHADOW, {
      'shadow.json': SHADOW_JSON({ candidate: { name: 'loan <b>default</b>', version: '42' } }),
      'shadow/pairs.csv': text,
    });
    expect(check(r, 'infra-6', 'region: disagreement').message).toContain('<img src=x>|@ops-team');
    const comment = renderMarkdown(r);
    expect(comment).toContain('&lt;img src=x&gt;\\|@&#8203;ops-team');
    expect(comment).not.toMatch(/<img|<b>|[^`]@ops-team/);
  });

  it('an unknown field in the shadow JSON, a missing pairs file, and a future window are errors', async () => {
    const typo = await gateOnDisk(SHADOW, { 'shadow.json': SHADOW_JSON({ treshold: 0.5 }), 'shadow/pairs.csv': pairs(10, 0) });
    expect(checksOf(typo, 'infra-6')[0].message).toBe(
      'shadow.json: invalid shadow test: unknown key "treshold" (did you mean "threshold"?)',
    );
    const gone = await gateOnDisk(SHADOW, { 'shadow.json': SHADOW_JSON() });
    expect(checksOf(gone, 'infra-6').find((c) => c.status === 'error')!.message).toMatch(
      /^shadow\/pairs\.csv.*(not found|no such file|cannot)/i,
    );
    const escape = await gateOnDisk(SHADOW, {
      'shadow.json': SHADOW_JSON({ pairs: { path: '../../etc/passwd', columns: { id: 'a', serving: 'b', candidate: 'c' } } }),
    });
    expect(checksOf(escape, 'infra-6')[0].message).toBe(
      'shadow.json: invalid shadow test: pairs.path: expected a path inside the repository (relative, without "..")',
    );
    const future = await gateOnDisk(SHADOW, {
      'shadow.json': SHADOW_JSON({ window: { from: '2026-11-20T00:00:00Z', to: '2026-12-01T00:00:00Z' } }),
      'shadow/pairs.csv': pairs(4000, 0.01),
    });
    expect(testOf(future, 'infra-6').status).toBe('error');
  });
});

describe('shadow slice verdicts by seeded simulation', () => {
  /** reps shadow tests of 5 slices x 600 requests with true disagreement `rates[k]` per slice; share with any slice failing. */
  function failShare(seed: number, rates: number[], reps: number): number {
    const rng = new Rng(seed);
    const per = 600;
    let failed = 0;
    for (let r = 0; r < reps; r++) {
      const n = per * rates.length;
      const s = new Float64Array(n);
      const c = new Float64Array(n);
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        codes[i] = i % rates.length;
        s[i] = rng.next();
        c[i] = rng.next() < rates[codes[i]] ? 1 - s[i] : s[i];
      }
      const v = sliceDisagreement(s, c, new Map([['slice', { codes, values: rates.map((_, k) => `s${k}`) }]]), {
        threshold: 0.5,
        confidence: 0.95,
        maxDisagreement: 0.05,
        minSize: 200,
        fdr: 'bh',
      });
      if (v.some((x) => x.verdict === 'fail')) failed++;
    }
    return failed / reps;
  }

  it('slices that truly disagree at the allowed 5% almost never fail (BH across 5 slices); a slice at 12% is caught', () => {
    expect(failShare(11, [0.05, 0.05, 0.05, 0.05, 0.05], 400)).toBeLessThanOrEqual(0.05);
    expect(failShare(12, [0.02, 0.02, 0.02, 0.02, 0.02], 400)).toBe(0);
    expect(failShare(13, [0.02, 0.02, 0.02, 0.02, 0.12], 200)).toBeGreaterThanOrEqual(0.9);
  });
});

// --- A/B tests (infra-6, model-2) ------------------------------------------------------------

const AB = (over: Record<string, unknown> = {}) =>
  json({
    schemaVersion: 1,
    experiment: 'loan-offer-2026-11',
    metric: { name: 'repaid_loan_rate', type: 'proportion', direction: 'higher' },
    control: { name: 'v41', n: 25000, conversions: 3250 },
    treatment: { name: 'v42', n: 25000, conversions: 3400 },
    allocation: 0.5,
    endedAt: '2026-11-21T00:00:00Z',
    offline: { metric: 'roc_auc', control: 0.6915, treatment: 0.6961 },
    ...over,
  });
const AB_CFG = 'infra:\n  ab-test: { report: ab.json, tolerance: { absolute: 0.002 }, max-age-days: 30 }\n';

describe('A/B tests: infra-6 guardrail and model-2 direction', () => {
  it('a treatment that did not hurt the metric passes infra-6; the online lift in the offline direction passes model-2', async () => {
    const r = await gate(AB_CFG, { 'ab.json': AB() });
    expect(testOf(r, 'infra-6').status).toBe('pass');
    const g = check(r, 'infra-6', 'repaid_loan_rate: treatment vs control');
    expect(g.message).toMatch(
      /^loan-offer-2026-11: repaid_loan_rate 13% \(v41, n = 25000\) -> 13\.6% \(v42, n = 25000\), difference \+0\.6% \[\+0\.\d+%, \+1\.\d+%\] \(higher is better\): the interval excludes a drop beyond the tolerance \(drop <= 0\.002/,
    );
    expect(g.method).toBe('Newcombe hybrid score 95% interval of the difference of proportions');
    expect(check(r, 'infra-6', 'sample ratio').status).toBe('pass');
    expect(testOf(r, 'model-2').status).toBe('pass');
    expect(checksOf(r, 'model-2')[0].message).toMatch(
      /^offline roc_auc 0\.6915 -> 0\.6961 \(better\); online repaid_loan_rate \+0\.6% .*: the online interval lies on the predicted side of 0$/,
    );
  });

  it('when the results were peeked at, the always-valid confidence sequence is used, and it is wider', async () => {
    const fixed = check(await gate(AB_CFG, { 'ab.json': AB() }), 'infra-6', 'repaid_loan_rate');
    const peeked = check(await gate(AB_CFG, { 'ab.json': AB({ looks: 12, plannedSamples: 50000 }) }), 'infra-6', 'repaid_loan_rate');
    expect(peeked.method).toBe(
      'always-valid 95% confidence sequence of the difference of proportions (normal mixture, Howard et al. 2021; tuned for n = 50000, the planned size)',
    );
    const width = (m: string) => {
      const [lo, hi] = /\[([+-][\d.]+)%, ([+-][\d.]+)%\]/.exec(m)!.slice(1).map(Number);
      return hi - lo;
    };
    expect(width(peeked.message)).toBeGreaterThan(width(fixed.message) * 1.3);
  });

  it('a real drop fails; a small one is inconclusive; a contradiction of offline fails model-2', async () => {
    const drop = await gate(AB_CFG, { 'ab.json': AB({ treatment: { n: 25000, conversions: 3000 } }) });
    expect(check(drop, 'infra-6', 'repaid_loan_rate').status).toBe('fail');
    expect(checksOf(drop, 'model-2')[0].status).toBe('fail');
    expect(checksOf(drop, 'model-2')[0].message).toMatch(
      /the online interval lies on the opposite side of 0: offline and online disagree$/,
    );
    const small = await gate(AB_CFG, { 'ab.json': AB({ treatment: { n: 25000, conversions: 3230 } }) });
    expect(check(small, 'infra-6', 'repaid_loan_rate').status).toBe('warn');
    expect(checksOf(small, 'model-2')[0].status).toBe('warn');
  });

  it('a sample ratio mismatch fails: the comparison cannot be trusted', async () => {
    const r = await gate(AB_CFG, {
      'ab.json': AB({ control: { n: 25600, conversions: 3328 }, treatment: { n: 24400, conversions: 3313 } }),
    });
    const s = check(r, 'infra-6', 'sample ratio');
    expect(s.status).toBe('fail');
    expect(s.message).toMatch(
      /^control holds 51\.2% of 50000 units, planned 50%: chi-squared = 28\.8, p = 8\.\d+e-8 < 0\.001: a sample ratio mismatch/,
    );
  });

  it('a mean metric uses Welch; a lower-is-better metric counts a rise as harm', async () => {
    const r = await gate(AB_CFG.replace('absolute: 0.002', 'relative: 0.01'), {
      'ab.json': AB({
        metric: { name: 'minutes_to_decision', type: 'mean', direction: 'lower' },
        control: { n: 4000, mean: 31.2, sd: 12.5 },
        treatment: { n: 4000, mean: 33.4, sd: 13.1 },
        offline: undefined,
      }),
    });
    const g = check(r, 'infra-6', 'minutes_to_decision');
    expect(g.status).toBe('fail');
    expect(g.method).toMatch(/^Welch 95% interval of the difference of means \(79\d\d\.\d df\)$/);
    expect(testOf(r, 'model-2').status).toBe('missing');
  });

  it.each([
    [{ treatment: { n: 100, conversions: 120 } }, 'ab.json: invalid A/B test result: treatment.conversions: 120 exceeds n (100)'],
    [
      { treatment: { n: 100, mean: 3, sd: 1 } },
      'ab.json: invalid A/B test result: treatment.conversions: required (metric.type is proportion: the arm gives {n, conversions})',
    ],
    [
      { control: { n: 100, conversion: 12 } },
      'ab.json: invalid A/B test result: control: unknown key "conversion" (did you mean "conversions"?)',
    ],
  ])('bad input %j: one message naming the field', async (over, message) => {
    const r = await gate(AB_CFG, { 'ab.json': AB(over) });
    expect(testOf(r, 'infra-6').status).toBe('error');
    expect(checksOf(r, 'infra-6')[0].message).toBe(message);
  });
});

// --- the model registry (infra-7) ------------------------------------------------------------

const REG = (extra = '') => `infra:\n  registry:\n    export: registry/*.json\n${extra}`;
const reg = (f: string) => fx(`mlflow-registry/${f}`);

describe('infra-7 from the MLflow Model Registry', () => {
  it('aliases: champion serves, previous is the rollback target with its artifact and run metrics', async () => {
    const r = await gate(REG('    runs: runs/*.json\n    required-metrics: [roc_auc]\n'), {
      'registry/search.json': reg('model-versions-search.json'),
      'runs/v11.json': reg('run-v11.json'),
    });
    expect(testOf(r, 'infra-7').status).toBe('pass');
    expect(checksOf(r, 'infra-7').map((c) => c.message)).toEqual([
      'loan-default version 12 serves production (alias champion), artifact models:/m-3c4d5e6f7a8b',
      'loan-default can roll back from version 12 to 11 (alias previous), artifact s3://mlflow-artifacts/7/2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e/artifacts/model',
      'version 11 (run 2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e): roc_auc 0.6915',
    ]);
  });

  it('registered-models/get alone knows aliases but not the artifact of version 11: export the versions too', async () => {
    const alone = await gate(REG(), { 'registry/get.json': reg('registered-model-get.json') });
    expect(check(alone, 'infra-7', 'previous production version').message).toBe(
      'loan-default version 11 (alias previous) cannot be the rollback target: its artifact URI (source) is not in the export; export model-versions/search to include it',
    );
    const both = await gate(REG(), {
      'registry/get.json': reg('registered-model-get.json'),
      'registry/search.json': reg('model-versions-search.json'),
    });
    expect(testOf(both, 'infra-7').status).toBe('pass');
  });

  it('stages (MLflow 1.x): Production serves; the newest Archived version older than it is inferred as the target, and says so', async () => {
    const r = await gate(REG(), { 'registry/latest.json': reg('get-latest-versions-stages.json') });
    expect(testOf(r, 'infra-7').status).toBe('pass');
    expect(check(r, 'infra-7', 'previous production version').message).toMatch(
      /^loan-default can roll back from version 12 to 11 \(inferred: the newest Archived version older than production \(set alias previous to name it\)\)/,
    );
  });

  it('no previous version to roll back to is a failure with a clear message', async () => {
    const only = JSON.parse(reg('model-versions-search.json'));
    only.model_versions = only.model_versions.filter((v: { version: string }) => v.version === '12');
    const r = await gate(REG(), { 'registry/search.json': JSON.stringify(only) });
    expect(testOf(r, 'infra-7').status).toBe('fail');
    expect(check(r, 'infra-7', 'previous production version').message).toBe(
      'registry/search.json: no previous version to roll back to: no version has an alias previous, rollback, last-known-good, and no Archived version is older than production version 12 (1 version(s) exported)',
    );
  });

  it('a rollback target whose registration failed, or whose run lacks the required metric, fails', async () => {
    const failedReg = reg('model-versions-search.json').replace(
      '"status": "READY",\n      "tags": [\n        {\n          "key": "validation_status",\n          "value": "approved"\n        }\n      ],\n      "run_link": "",\n      "aliases": [\n        "previous"',
      '"status": "FAILED_REGISTRATION",\n      "tags": [\n        {\n          "key": "validation_status",\n          "value": "approved"\n        }\n      ],\n      "run_link": "",\n      "aliases": [\n        "previous"',
    );
    const r = await gate(REG(), { 'registry/search.json': failedReg });
    expect(check(r, 'infra-7', 'previous production version').message).toMatch(/its status is FAILED_REGISTRATION, not READY/);
    const m = await gate(REG('    runs: runs/*.json\n    required-metrics: [roc_auc, recall]\n'), {
      'registry/search.json': reg('model-versions-search.json'),
      'runs/v11.json': reg('run-v11.json'),
    });
    expect(check(m, 'infra-7', 'rollback target 11: metrics').message).toBe(
      'run 2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e of version 11 lacks recall (it has roc_auc, log_loss)',
    );
  });

  it.each([
    [
      { 'registry/a.json': fx('k6/summary-export.json') },
      /^registry\/a\.json: expected an MLflow Model Registry REST response .*; model_versions: required; this looks like a k6 end-of-test summary$/,
    ],
    [
      { 'registry/a.json': reg('model-versions-search.json').slice(0, 300) },
      /^registry\/a\.json \(line \d+, column \d+\): .*; expected an MLflow Model Registry REST response/,
    ],
    [
      { 'registry/a.json': '{"model_versions": [{"name": "m", "version": "v2"}]}' },
      /^registry\/a\.json: expected an MLflow Model Registry REST response .*; model_versions\[0\]\.version: expected a version number such as "12"/,
    ],
    [{}, /^no file matches registry\/\*\.json \(looked for \/mem\/registry\/\*\.json; expected an MLflow Model Registry REST response/],
  ])('bad input is one error naming the file and field (%#)', async (files, message) => {
    const r = await gate(REG(), files);
    expect(testOf(r, 'infra-7').status).toBe('error');
    expect(checksOf(r, 'infra-7')[0].message).toMatch(message);
  });

  it('several models need infra.registry.model; a wrong name gets the nearest one', async () => {
    const other = reg('model-versions-search.json').replace(/"loan-default"/g, '"fraud"');
    const r = await gate(REG(), { 'registry/a.json': reg('model-versions-search.json'), 'registry/b.json': other });
    expect(checksOf(r, 'infra-7')[0].message).toBe('the registry export holds 2 models (fraud, loan-default); set infra.registry.model');
    const typo = await gate(REG('    model: loan-defualt\n'), {
      'registry/a.json': reg('model-versions-search.json'),
      'registry/b.json': other,
    });
    expect(checksOf(typo, 'infra-7')[0].message).toBe(
      'the registry export has no model "loan-defualt" (did you mean "loan-default"?); models: fraud, loan-default',
    );
  });
});
