/**
 * Regression metrics as scikit-learn defines them (mean_absolute_error, mean_squared_error,
 * root_mean_squared_error, r2_score, mean_absolute_percentage_error), with sample weights.
 * r2 with a constant target is undefined (NaN) here; sklearn reports 1.0 or 0.0 by convention.
 */
import { EPS } from './classification.js';

export const REGRESSION_METRICS = ['mae', 'mse', 'rmse', 'r2', 'mape'] as const;
export type RegressionMetric = (typeof REGRESSION_METRICS)[number];

export interface RegressionInput {
  y: Float64Array;
  yhat: Float64Array;
  w?: Float64Array | null;
}

/** `rows` restricts to a subset; `mult` multiplies each row's weight (bootstrap multiplicities). */
export function regressionMetrics(
  input: RegressionInput,
  rows?: ArrayLike<number> | null,
  mult?: ArrayLike<number> | null,
): Record<RegressionMetric, number> {
  const { y, yhat } = input;
  const m = rows ? rows.length : y.length;
  let W = 0;
  let sy = 0;
  for (let t = 0; t < m; t++) {
    const i = rows ? rows[t] : t;
    let w = mult ? mult[i] : 1;
    if (w === 0) continue;
    if (input.w) w *= input.w[i];
    W += w;
    sy += w * y[i];
  }
  if (!(W > 0)) return { mae: NaN, mse: NaN, rmse: NaN, r2: NaN, mape: NaN };
  const mean = sy / W;
  let ae = 0;
  let se = 0;
  let tot = 0;
  let ape = 0;
  for (let t = 0; t < m; t++) {
    const i = rows ? rows[t] : t;
    let w = mult ? mult[i] : 1;
    if (w === 0) continue;
    if (input.w) w *= input.w[i];
    const d = y[i] - yhat[i];
    ae += w * Math.abs(d);
    se += w * d * d;
    tot += w * (y[i] - mean) * (y[i] - mean);
    ape += (w * Math.abs(d)) / Math.max(Math.abs(y[i]), EPS);
  }
  const mse = se / W;
  return { mae: ae / W, mse, rmse: Math.sqrt(mse), r2: tot > 0 ? 1 - se / tot : NaN, mape: ape / W };
}
