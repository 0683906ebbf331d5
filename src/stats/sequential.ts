/**
 * Always-valid (sequential) confidence intervals: a confidence sequence from the two-sided normal
 * mixture boundary of S. R. Howard, A. Ramdas, J. McAuliffe, J. Sekhon, "Time-uniform, nonparametric,
 * nonasymptotic confidence sequences", Annals of Statistics 49(2), 2021 (Robbins' normal mixture),
 * in the asymptotic form of I. Waudby-Smith, D. Arbour, R. Sinha, E. H. Kennedy, A. Ramdas,
 * "Time-uniform central limit theory and asymptotic confidence sequences" (2021), where the
 * variance is estimated from the data.
 *
 * Derivation. Let S_n be the sum of n centred observations of per-observation variance s^2, so that
 * an estimate theta_hat = S_n / n + theta has variance v = s^2 / n. Mixing the exponential
 * supermartingale exp(l S - l^2 V / 2), V = n s^2, over l ~ N(0, 1/rho) gives
 * M_n = sqrt(rho / (V + rho)) exp(S^2 / (2 (V + rho))); by Ville's inequality P(sup M_n >= 1/alpha) <= alpha,
 * so with probability 1 - alpha, for every n at once,
 *   |S_n| <= sqrt((V + rho) log((V + rho) / (rho alpha^2))).
 * With rho = m s^2 (m: a "mixture sample size") this reads, for the estimate,
 *   |theta_hat_n - theta| <= sqrt(v (1 + m/n) log((1 + n/m) / alpha^2)),
 * which is scale-free: v is the usual variance of the estimate at the current n. Looking at the
 * interval after every observation and stopping whenever one likes keeps the coverage at 1 - alpha
 * (asymptotically, with v estimated), where the fixed-n interval's coverage collapses.
 *
 * The mixture sample size m sets where the sequence is tightest: it is chosen to minimise the
 * width at a planned sample size n_star (m = n_star / x_star, x_star minimising (1 + 1/x) log((1 + x) / alpha^2)).
 * It must not depend on the data; the planned sample size of the experiment is the natural choice.
 */

/** x_star = argmin over x > 0 of (1 + 1/x) log((1 + x) / alpha^2): the ratio n_star / m at the tightest point (about 8.6 at alpha = 0.05). */
export function optimalMixtureRatio(alpha: number): number {
  const f = (u: number) => {
    const x = Math.exp(u);
    return (1 + 1 / x) * Math.log((1 + x) / (alpha * alpha));
  };
  // golden-section search on u = log x; f is unimodal in u
  let a = Math.log(1e-3);
  let b = Math.log(1e5);
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  for (let i = 0; i < 200 && b - a > 1e-12; i++) {
    if (f(c) < f(d)) b = d;
    else a = c;
    c = b - g * (b - a);
    d = a + g * (b - a);
  }
  return Math.exp((a + b) / 2);
}

/** Half-width of the normal-mixture confidence sequence at n observations: sqrt(v (1 + m/n) log((1 + n/m) / alpha^2)). */
export function mixtureHalfWidth(variance: number, n: number, m: number, alpha: number): number {
  if (!(n > 0) || !(m > 0) || !(variance >= 0)) return NaN;
  return Math.sqrt(variance * (1 + m / n) * Math.log((1 + n / m) / (alpha * alpha)));
}

export interface SequenceInterval {
  estimate: number;
  lo: number;
  hi: number;
  halfWidth: number;
  /** The mixture sample size used. */
  m: number;
  /** The sample size the sequence was tuned to be tightest at. */
  tunedFor: number;
}

/**
 * The always-valid interval of an estimate after n observations, with estimated variance `variance`,
 * tuned for the planned sample size `plannedN` (default: n itself, which is only safe when n was
 * fixed in advance). `bounds` clips to the parameter's range (e.g. [-1, 1] for a difference of
 * proportions): the true value lies in the range, so clipping keeps the coverage.
 */
export function confidenceSequence(
  estimate: number,
  variance: number,
  n: number,
  confidence: number,
  plannedN?: number,
  bounds: [number, number] = [-Infinity, Infinity],
): SequenceInterval {
  const alpha = 1 - confidence;
  const tunedFor = plannedN !== undefined && plannedN > 0 ? plannedN : n;
  const m = tunedFor / optimalMixtureRatio(alpha);
  const halfWidth = mixtureHalfWidth(variance, n, m, alpha);
  return { estimate, lo: Math.max(bounds[0], estimate - halfWidth), hi: Math.min(bounds[1], estimate + halfWidth), halfWidth, m, tunedFor };
}
