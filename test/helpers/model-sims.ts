/**
 * Simulated binary classifiers whose population metrics are known exactly, for the honesty suite
 * (test/honesty/) and its full-size twin (bench/honesty/model.mjs).
 *
 * The model: label y ~ Bernoulli(pi); a latent score z = d * y + noise, the noise N(0, 1) within each
 * class; the predicted probability p = sigmoid(T * L(z)) with L(z) = logit(pi) + d (z - d / 2), the
 * true log-odds of y given z. T = 1 is a calibrated model, T > 1 an overconfident one; d sets the
 * ranking quality (roc_auc = Phi(d / sqrt 2)). Two models scored on the same rows share a part of
 * their noise: z_m = d_m y + sqrt(rho) u + sqrt(1 - rho) e_m with u, e_m independent N(0, 1), so
 * rho is the within-class correlation of their latent scores (rho = 0: independent errors).
 *
 * Population values (the truth an interval must cover) are integrals over z, computed by
 * Gauss-Legendre quadrature on panels split at the ECE bin edges; accuracy, precision, recall, f1
 * and roc_auc are closed forms.
 */
import { normalCdf, normalSf } from '../../src/stats/distributions.js';
import { Rng } from '../../src/stats/rng.js';

export interface Scenario {
  /** Share of positives. */
  pi: number;
  /** Separation of the classes on the latent score (within-class sd 1). */
  d: number;
  /** 1 = calibrated; above 1 overconfident, below 1 underconfident. */
  T: number;
  /** Predicted positive when p >= threshold. */
  threshold: number;
  eceBins: number;
}

export const BASE_SCENARIO: Scenario = { pi: 0.3, d: 1.2, T: 1, threshold: 0.5, eceBins: 15 };

const logit = (q: number) => Math.log(q / (1 - q));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** The true log-odds of y = 1 at latent z. */
export function logOdds(sc: Scenario, z: number): number {
  return logit(sc.pi) + sc.d * (z - sc.d / 2);
}

export function probability(sc: Scenario, z: number): number {
  return sigmoid(sc.T * logOdds(sc, z));
}

/** The latent z where p crosses q (p increases with z). */
function zAt(sc: Scenario, q: number): number {
  return sc.d / 2 + (logit(q) / sc.T - logit(sc.pi)) / sc.d;
}

// 16-point Gauss-Legendre nodes and weights on [-1, 1]
const GL_X = [
  -0.9894009349916499, -0.9445750230732326, -0.8656312023878318, -0.755404408355003, -0.6178762444026438, -0.4580167776572274,
  -0.2816035507792589, -0.0950125098376374, 0.0950125098376374, 0.2816035507792589, 0.4580167776572274, 0.6178762444026438,
  0.755404408355003, 0.8656312023878318, 0.9445750230732326, 0.9894009349916499,
];
const GL_W = [
  0.0271524594117541, 0.0622535239386479, 0.0951585116824928, 0.1246289712555339, 0.1495959888165767, 0.1691565193950025,
  0.1826034150449236, 0.1894506104550685, 0.1894506104550685, 0.1826034150449236, 0.1691565193950025, 0.1495959888165767,
  0.1246289712555339, 0.0951585116824928, 0.0622535239386479, 0.0271524594117541,
];

/** Integral of f over [a, b] with `panels` Gauss-Legendre panels. */
function integrate(f: (z: number) => number, a: number, b: number, panels = 64): number {
  if (!(b > a)) return 0;
  const h = (b - a) / panels;
  let s = 0;
  for (let k = 0; k < panels; k++) {
    const m = a + (k + 0.5) * h;
    for (let j = 0; j < 16; j++) s += GL_W[j] * f(m + (GL_X[j] * h) / 2);
  }
  return (s * h) / 2;
}

export interface Population {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  roc_auc: number;
  average_precision: number;
  log_loss: number;
  brier_score: number;
  ece: number;
  prediction_bias: number;
  /** Share of rows predicted positive. */
  selection_rate: number;
}

/** Population values of every binary metric (scikit-learn definitions, their large-sample limits). */
export function population(sc: Scenario): Population {
  const { pi, d } = sc;
  const lo = -12;
  const hi = d + 12;
  const f0 = (z: number) => phi(z);
  const f1 = (z: number) => phi(z - d);
  const zs = zAt(sc, sc.threshold);
  const tpr = 1 - normalCdf(zs - d);
  const fpr = 1 - normalCdf(zs);
  const tp = pi * tpr;
  const fp = (1 - pi) * fpr;
  const fn = pi * (1 - tpr);
  // breakpoints: ECE bin edges (within [lo, hi]) so every panel is smooth
  const edges = [lo];
  for (let b = 1; b < sc.eceBins; b++) {
    const e = zAt(sc, b / sc.eceBins);
    if (e > lo && e < hi) edges.push(e);
  }
  edges.push(hi);
  const over = (f: (z: number) => number) => {
    let s = 0;
    for (let k = 0; k + 1 < edges.length; k++) s += integrate(f, edges[k], edges[k + 1]);
    return s;
  };
  const p = (z: number) => probability(sc, z);
  // ln p = -softplus(-T L), ln(1 - p) = -softplus(T L)
  const softplus = (x: number) => (x > 30 ? x : Math.log1p(Math.exp(x)));
  const logLoss = over((z) => pi * f1(z) * softplus(-sc.T * logOdds(sc, z)) + (1 - pi) * f0(z) * softplus(sc.T * logOdds(sc, z)));
  const brier = over((z) => pi * f1(z) * (1 - p(z)) ** 2 + (1 - pi) * f0(z) * p(z) ** 2);
  const meanP = over((z) => (pi * f1(z) + (1 - pi) * f0(z)) * p(z));
  let ece = 0;
  for (let k = 0; k + 1 < edges.length; k++) {
    ece += Math.abs(integrate((z) => (pi * f1(z) + (1 - pi) * f0(z)) * p(z) - pi * f1(z), edges[k], edges[k + 1]));
  }
  // average precision: integral of precision(z) dTPR(z), thresholds descending
  const ap = over((z) => {
    const s1 = normalSf(z - d);
    const s0 = normalSf(z);
    const prec = (pi * s1) / (pi * s1 + (1 - pi) * s0);
    return prec * f1(z);
  });
  return {
    accuracy: tp + (1 - pi) * (1 - fpr),
    precision: tp / (tp + fp),
    recall: tpr,
    f1: (2 * tp) / (2 * tp + fp + fn),
    roc_auc: normalCdf(d / Math.SQRT2),
    average_precision: ap,
    log_loss: logLoss,
    brier_score: brier,
    ece,
    prediction_bias: meanP - pi,
    selection_rate: tp + fp,
  };
}

export interface BinarySample {
  y: Uint8Array;
  p: Float64Array;
}

/** n rows of one model. */
export function drawBinary(rng: Rng, sc: Scenario, n: number): BinarySample {
  const y = new Uint8Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.next() < sc.pi ? 1 : 0;
    p[i] = probability(sc, sc.d * y[i] + rng.normal());
  }
  return { y, p };
}

export interface PairSample {
  y: Uint8Array;
  base: Float64Array;
  head: Float64Array;
}

/** n rows scored by two models (separations dBase and dHead, latent correlation rho within class). */
export function drawPair(rng: Rng, sc: Scenario, n: number, dBase: number, dHead: number, rho: number): PairSample {
  const y = new Uint8Array(n);
  const base = new Float64Array(n);
  const head = new Float64Array(n);
  const sb = { ...sc, d: dBase };
  const sh = { ...sc, d: dHead };
  const a = Math.sqrt(rho);
  const b = Math.sqrt(1 - rho);
  for (let i = 0; i < n; i++) {
    const yi = rng.next() < sc.pi ? 1 : 0;
    y[i] = yi;
    const u = rng.normal();
    base[i] = probability(sb, dBase * yi + a * u + b * rng.normal());
    head[i] = probability(sh, dHead * yi + a * u + b * rng.normal());
  }
  return { y, base, head };
}

/** The separation d whose population accuracy is `target` (bisection; accuracy rises with d). */
export function separationFor(sc: Scenario, target: number): number {
  let lo = 0.01;
  let hi = 10;
  for (let k = 0; k < 100; k++) {
    const mid = (lo + hi) / 2;
    if (population({ ...sc, d: mid }).accuracy < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A seeded stream per (experiment, repetition), so runs of one experiment do not share draws. */
export function rngFor(experiment: number, rep: number): Rng {
  return new Rng((experiment * 1_000_003 + rep * 7919 + 17) >>> 0);
}
