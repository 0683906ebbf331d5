/**
 * Prediction files: the reader's public face. predictions/load.ts reads a file into typed arrays
 * (cells.ts: one cell's rules and messages; columns.ts: the column loops), predictions/pair.ts pairs
 * base and head rows by id, predictions/types.ts holds the shapes.
 */
export { loadPredictions } from './predictions/load.js';
export { pairById, type Pairing } from './predictions/pair.js';
export * from './predictions/types.js';
