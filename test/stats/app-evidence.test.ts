import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareArms, sampleRatioMismatch } from '../../src/stats/ab-test.js';
import { betaInc, binomialUpperTail, tCdf, tQuantile } from '../../src/stats/beta.js';
import { meanInterval, moments, welchInterval } from '../../src/stats/means.js';
import { newcombeDifference, wilsonInterval } from '../../src/stats/proportions.js';
import { Rng } from '../../src/stats/rng.js';
import { confidenceSequence, mixtureHalfWidth, optimalMixtureRatio } from '../../src/stats/sequential.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// made by test/fixtures/app-evidence/generate.py (SciPy 1.10, statsmodels 0.13)
const ref = JSON.parse(readFileSync(path.join(here, '..', 'fixtures', 'app-evidence', 'reference.json'), 'utf8'));

const close = (a: number, b: number, rel = 1e-9) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

describe('special functions against SciPy', () => {
  it('t quantiles and CDF (scipy.stats.t), incomplete beta (scipy.special.betainc), binomial tails (scipy.stats.binom.sf)', () => {
    for (const r of ref.t_ppf) close(tQuantile(r.p, r.df), r.q, 1e-9);
    for (const r of ref.t_cdf) close(tCdf(r.t, r.df), r.p, 1e-10);
    for (const r of ref.betainc) close(betaInc(r.a, r.b, r.x), r.v, 1e-10);
    for (const r of ref.binom_upper) close(binomialUpperTail(r.k, r.n, r.p), r.v, 1e-9);
  });
});

describe('intervals against statsmodels and SciPy', () => {
  it('Wilson score interval (statsmodels proportion_confint, method wilson)', () => {
    for (const r of ref.wilson) {
      const w = wilsonInterval(r.k, r.n, 0.95);
      close(w.lo, r.lo, 1e-12);
      close(w.hi, r.hi, 1e-12);
    }
  });

  it("Newcombe's hybrid score interval of a difference (statsmodels confint_proportions_2indep, method newcomb), within [-1, 1]", () => {
    for (const r of ref.newcombe) {
      const d = newcombeDifference(r.k1, r.n1, r.k2, r.n2, r.confidence);
      close(d.lo, r.lo, 1e-12);
      close(d.hi, r.hi, 1e-12);
      expect(d.lo).toBeGreaterThanOrEqual(-1);
      expect(d.hi).toBeLessThanOrEqual(1);
    }
  });

  it("Welch's interval with Welch-Satterthwaite degrees of freedom (SciPy t.ppf; ttest_ind_from_stats statistic)", () => {
    for (const r of ref.welch) {
      const w = welchInterval(r.m1, r.s1, r.n1, r.m2, r.s2, r.n2, r.confidence);
      close(w.df, r.df, 1e-12);
      close(w.lo, r.lo, 1e-9);
      close(w.hi, r.hi, 1e-9);
      close(w.delta / w.se, r.statistic, 1e-12);
    }
  });

  it('the paired t interval of a mean difference (scipy ttest_1samp(...).confidence_interval)', () => {
    const m = moments(ref.paired.d);
    const iv = meanInterval(m, 0.95);
    close(iv.delta, ref.paired.mean, 1e-12);
    close(iv.lo, ref.paired.lo, 1e-10);
    close(iv.hi, ref.paired.hi, 1e-10);
  });

  it('sample ratio mismatch (scipy.stats.chisquare against the planned split)', () => {
    for (const r of ref.srm) {
      const s = sampleRatioMismatch(r.control, r.treatment, r.share);
      close(s.chi2, r.chi2, 1e-12);
      close(s.p, r.p, 1e-9);
    }
  });
});

describe('the normal-mixture confidence sequence', () => {
  it('is tightest at the planned size and equals the closed form sqrt(v (1 + m/n) log((1 + n/m) / alpha^2))', () => {
    const x = optimalMixtureRatio(0.05);
    expect(x).toBeGreaterThan(5);
    expect(x).toBeLessThan(15);
    const v = 0.0001;
    const m = 10000 / x;
    // v is the estimate's variance at n = 10000; at other n it scales as 1/n
    const at = (n: number) => mixtureHalfWidth(v * (10000 / n), n, m, 0.05);
    close(at(10000), Math.sqrt(v * (1 + 1 / x) * Math.log((1 + x) / 0.0025)), 1e-12);
    // relative to the fixed-n width sqrt(v_n), the sequence is tightest at the planned size
    const relative = (n: number) => at(n) / Math.sqrt(v * (10000 / n));
    expect(relative(10000)).toBeLessThan(relative(5000));
    expect(relative(10000)).toBeLessThan(relative(20000));
    // at the planned size the sequence costs about 1.55x the fixed-n z interval, not more
    const ratio = at(10000) / (1.959964 * Math.sqrt(v));
    expect(ratio).toBeGreaterThan(1.3);
    expect(ratio).toBeLessThan(1.7);
    const s = confidenceSequence(0.99, 0.01, 100, 0.95, undefined, [-1, 1]);
    expect(s.hi).toBe(1);
  });
});

// --- simulations: what the statistics promise, checked on seeded synthetic experiments ---------

function binomial(rng: Rng, n: number, p: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.next() < p) k++;
  return k;
}

describe('A/B comparisons by seeded simulation', () => {
  it('fixed-n: the Newcombe 95% interval covers the true difference in at least 93% of 1000 experiments', () => {
    const rng = new Rng(101);
    let covered = 0;
    const reps = 1000;
    for (let r = 0; r < reps; r++) {
      const c = binomial(rng, 1500, 0.1);
      const t = binomial(rng, 1500, 0.12);
      const d = compareArms(
        { kind: 'proportion', control: { n: 1500, conversions: c }, treatment: { n: 1500, conversions: t } },
        { confidence: 0.95, sequential: false },
      );
      if (d.lo <= 0.02 && 0.02 <= d.hi) covered++;
    }
    expect(covered / reps).toBeGreaterThanOrEqual(0.93);
    expect(covered / reps).toBeLessThanOrEqual(0.975);
  });

  it('fixed-n: the Welch 95% interval covers the true difference of means in at least 93% of 1000 experiments (skewed, unequal variances)', () => {
    const rng = new Rng(102);
    let covered = 0;
    const reps = 1000;
    const draw = (n: number, scale: number) => {
      const xs = new Float64Array(n);
      for (let i = 0; i < n; i++) xs[i] = -Math.log(1 - rng.next()) * scale; // exponential: skewed revenue-like values
      return moments(xs);
    };
    for (let r = 0; r < reps; r++) {
      const c = draw(200, 10);
      const t = draw(120, 13);
      const d = compareArms({ kind: 'mean', control: c, treatment: t }, { confidence: 0.95, sequential: false });
      if (d.lo <= 3 && 3 <= d.hi) covered++;
    }
    expect(covered / reps).toBeGreaterThanOrEqual(0.93);
  });

  /** A/A experiments looked at every `every` observations per arm: the share whose interval ever excluded 0. */
  function peekingFalseAlarms(seed: number, reps: number, perArm: number, every: number, p: number, sequential: boolean): number {
    const rng = new Rng(seed);
    let alarms = 0;
    for (let r = 0; r < reps; r++) {
      let c = 0;
      let t = 0;
      for (let n = every; n <= perArm; n += every) {
        c += binomial(rng, every, p);
        t += binomial(rng, every, p);
        const d = compareArms(
          { kind: 'proportion', control: { n, conversions: c }, treatment: { n, conversions: t } },
          { confidence: 0.95, sequential, plannedN: 2 * perArm },
        );
        if (d.lo > 0 || d.hi < 0) {
          alarms++;
          break;
        }
      }
    }
    return alarms / reps;
  }

  it('under continuous peeking (40 looks), the fixed-n interval raises false alarms far above 5% while the confidence sequence stays at or below 5%', () => {
    const naive = peekingFalseAlarms(201, 600, 4000, 100, 0.2, false);
    const sequence = peekingFalseAlarms(201, 600, 4000, 100, 0.2, true);
    expect(naive).toBeGreaterThan(0.12);
    expect(sequence).toBeLessThanOrEqual(0.05);
  });

  it('the confidence sequence of a mean difference stays valid under peeking too', () => {
    const rng = new Rng(301);
    const reps = 500;
    let alarms = 0;
    for (let r = 0; r < reps; r++) {
      const acc = [0, 0, 0, 0]; // sum and sum of squares per arm
      for (let n = 50; n <= 2000; n += 50) {
        for (let i = 0; i < 50; i++) {
          const a = rng.normal() * 3 + 10;
          const b = rng.normal() * 3 + 10;
          acc[0] += a;
          acc[1] += a * a;
          acc[2] += b;
          acc[3] += b * b;
        }
        const arm = (s: number, ss: number) => ({ n, mean: s / n, sd: Math.sqrt((ss - (s * s) / n) / (n - 1)) });
        const d = compareArms(
          { kind: 'mean', control: arm(acc[0], acc[1]), treatment: arm(acc[2], acc[3]) },
          { confidence: 0.95, sequential: true, plannedN: 4000 },
        );
        if (d.lo > 0 || d.hi < 0) {
          alarms++;
          break;
        }
      }
    }
    expect(alarms / reps).toBeLessThanOrEqual(0.05);
  });

  it('a real lift (10% -> 12% conversion, 10,000 per arm) is detected by the confidence sequence in at least 80% of experiments', () => {
    const rng = new Rng(401);
    const reps = 300;
    let detected = 0;
    let detectedFixed = 0;
    for (let r = 0; r < reps; r++) {
      const input = {
        kind: 'proportion' as const,
        control: { n: 10000, conversions: binomial(rng, 10000, 0.1) },
        treatment: { n: 10000, conversions: binomial(rng, 10000, 0.12) },
      };
      if (compareArms(input, { confidence: 0.95, sequential: true, plannedN: 20000 }).lo > 0) detected++;
      if (compareArms(input, { confidence: 0.95, sequential: false }).lo > 0) detectedFixed++;
    }
    expect(detected / reps).toBeGreaterThanOrEqual(0.8);
    // the price of always-valid inference: never more power than the fixed-n interval
    expect(detectedFixed).toBeGreaterThanOrEqual(detected);
  });
});
