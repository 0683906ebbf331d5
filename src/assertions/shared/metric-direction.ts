/** Metrics where lower is better (scikit-learn names, plus ece and prediction_bias). */
const LOWER_IS_BETTER = new Set([
  'log_loss',
  'brier_score',
  'ece',
  'mae',
  'mse',
  'rmse',
  'mape',
  'hamming_loss',
  'zero_one_loss',
  'mean_absolute_error',
  'mean_squared_error',
  'root_mean_squared_error',
  'mean_absolute_percentage_error',
  'median_absolute_error',
  'max_error',
  'prediction_bias',
  'abs_prediction_bias',
  'loss',
  'error_rate',
]);

export type Direction = 'higher' | 'lower';

export function directionOf(metric: string): Direction {
  const base = metric.replace(/_(macro|micro|weighted|ovr|ovo)$/, '');
  return LOWER_IS_BETTER.has(metric) || LOWER_IS_BETTER.has(base) || /(_loss|_error|latency)$/.test(metric) ? 'lower' : 'higher';
}

/** Improvement of `head` over `base` in the metric's good direction (positive = better). */
export function improvement(metric: string, head: number, base: number): number {
  return directionOf(metric) === 'higher' ? head - base : base - head;
}
