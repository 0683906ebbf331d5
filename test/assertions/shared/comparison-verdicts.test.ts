/**
 * Every printed comparison agrees with its verdict: the bounds and the tolerance, as printed, compare
 * the way the verdict says (fmtVersus adds digits where a rounded bound would contradict it), for
 * metrics where higher and where lower is better, near the tolerance and far from it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intervalText, judgeComparisons, verdictText, type ComparisonItem } from '../../../src/assertions/shared/comparison-verdicts.js';
import type { DeltaResult } from '../../../src/stats/model-eval.js';
import { runs } from '../../helpers/tier.js';

function item(metric: string, delta: number, se: number, absolute: number): ComparisonItem {
  const d: DeltaResult = {
    metric,
    group: 0,
    base: 0.5,
    head: 0.5 + delta,
    delta,
    se,
    lo: NaN,
    hi: NaN,
    method: 'test',
    headInterval: null,
    baseInterval: null,
    headSe: se,
    baseSe: se,
  };
  return { d, tol: { absolute } };
}

/** The numbers of "[a, b] (...)". */
function bounds(text: string): [number, number] {
  const m = /^\[([^,]+), ([^\]]+)\]/.exec(text)!;
  const num = (s: string) => Number(s.replace('±', '').replace(/^\+/, ''));
  return [num(m[1]), num(m[2])];
}

/** The printed bound and threshold of "... bound X <op> Y at ...". */
function decisive(text: string): { value: number; op: string; threshold: number } | null {
  const m = /bound ([-+±]?[0-9.e+-]+) (<=|>=|<|>) ([-+±]?[0-9.e+-]+)/.exec(text);
  if (!m) return null;
  const num = (s: string) => Number(s.replace('±', '').replace(/^\+/, ''));
  return { value: num(m[1]), op: m[2], threshold: num(m[3]) };
}

const holds = (a: number, op: string, b: number) => (op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b);

describe('printed comparisons agree with their verdicts', () => {
  it('property: bounds against the tolerance, as printed, say what the verdict says', () => {
    const tol = fc.constantFrom(0.005, 0.01, 0.0025, 0.001);
    // deltas placed so that a bound lands within a hair of the tolerance, and anywhere
    const row = fc.tuple(
      fc.constantFrom('accuracy', 'roc_auc', 'log_loss', 'brier_score'),
      fc.double({ min: 1e-5, max: 0.02, noNaN: true }),
      tol,
      fc.oneof(fc.double({ min: -0.1, max: 0.1, noNaN: true }), fc.double({ min: -1e-6, max: 1e-6, noNaN: true })),
      fc.constantFrom(1.6448536269514722, 2.241402727604947, 0),
    );
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 5 }), (rows) => {
        const items = rows.map(([metric, se, t, jitter, z]) => {
          const sg = metric === 'log_loss' || metric === 'brier_score' ? -1 : 1;
          // improvement whose bound at z lands at -t + jitter
          return item(metric, sg * (-t + jitter + (z ? -z * se : 0)), se, t);
        });
        const judged = judgeComparisons(items, 0.05, 'holm', { confidence: 0.95, inconclusive: 'warn' });
        for (const j of judged) {
          const sg = j.d.metric === 'log_loss' || j.d.metric === 'brier_score' ? -1 : 1;
          const thr = -sg * j.allowed;
          const [lo, hi] = bounds(intervalText(j));
          const words = verdictText(j, 1000);
          if (j.verdict === 'fail') expect(sg === 1 ? hi < thr : lo > thr, words).toBe(true);
          if (j.verdict === 'pass') expect(sg === 1 ? lo >= thr : hi <= thr, words).toBe(true);
          if (j.verdict === 'inconclusive')
            expect(sg === 1 ? lo < thr && hi >= thr : hi > thr && lo <= thr, `${intervalText(j)} ${words}`).toBe(true);
          const dec = decisive(words);
          if (j.verdict === 'fail' || j.verdict === 'pass') expect(holds(dec!.value, dec!.op, dec!.threshold), words).toBe(true);
        }
      }),
      { numRuns: runs(4000) },
    );
  });

  it('a bound a hair beyond the tolerance is printed with the digits that show it', () => {
    // lower bound -0.0050001 with a tolerance of 0.005: rounding to 4 digits would print -0.005 >= -0.005
    const se = 0.002;
    const j = judgeComparisons([item('accuracy', -0.0050001 + 1.6448536269514722 * se, se, 0.005)], 0.05, 'holm', {
      confidence: 0.95,
      inconclusive: 'warn',
    })[0];
    expect(j.verdict).toBe('inconclusive');
    expect(intervalText(j)).toMatch(/^\[-0\.0050001, /);
  });

  it('an inconclusive comparison states what the data can resolve', () => {
    const j = judgeComparisons([item('accuracy', -0.002, 0.004, 0.005)], 0.05, 'holm', { confidence: 0.95, inconclusive: 'warn' })[0];
    expect(j.status).toBe('warn');
    expect(verdictText(j, 8000)).toMatch(
      /^inconclusive: neither shows nor rules out a drop beyond 0\.005; with n = 8,000 this comparison can detect a drop of 0\.0149 or more \(80% power\)$/,
    );
  });
});
