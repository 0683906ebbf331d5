/**
 * Names under which evaluators keep records in the JSON report, for code that reads a report without
 * loading the evaluators (the comment's roadmap, init): a constant here costs nothing to import.
 */
export const PREDICTIONS_EVALUATOR = 'model-predictions';
/** The reported-metrics evaluator (an evaluation report's metrics and model). */
export const REPORTED_METRICS_EVALUATOR = 'model';
/** Training drift (the training snapshot, kept for the next run's comparison). */
export const DRIFT_RECORD = 'data-drift';
