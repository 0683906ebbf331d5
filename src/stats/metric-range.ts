/** The range of each metric and of a head-minus-base difference (pure, no dependencies: the report-level checks load it). */

/** [min, max] a metric can take: [0, 1] for rates and scores, [0, inf) for losses and errors, [-1, 1] for prediction bias, (-inf, 1] for r2. */
export function metricRange(metric: string): [number, number] {
  if (metric === 'prediction_bias') return [-1, 1];
  if (metric === 'r2') return [-Infinity, 1];
  if (['log_loss', 'mae', 'mse', 'rmse', 'mape'].includes(metric)) return [0, Infinity];
  return [0, 1];
}

/** [min, max] of head - base: the metric's range minus itself (e.g. [-1, 1] for accuracy). */
export function deltaRange(metric: string): [number, number] {
  const [lo, hi] = metricRange(metric);
  const w = hi - lo;
  return [-w, w];
}
