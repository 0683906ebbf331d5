/**
 * The honesty simulations at full size (bundled by run.mjs): for each size, A/A runs (two samples of
 * one distribution; any alarm is a false alarm) and shifted runs (a 0.25-sd mean shift of each numeric
 * feature, a 0.10 share change of each categorical), compared as raw files, as separately profiled
 * snapshots and as snapshots on shared bins, with the default settings and the gate's whole
 * false-alarm budget (0.05) on this one family. Same generators as the fast suite
 * (test/helpers/honesty.ts). Prints one JSON line per (kind, size).
 *
 *   node sim.mjs KIND ROWS RUNS SEED      KIND: aa | shift
 */
import { MODES, mcse, rates } from '../../test/helpers/honesty.js';

const [kind, rowsText, runsText, seedText] = process.argv.slice(2);
const rows = Number(rowsText);
const runs = Number(runsText);
const started = Date.now();
const r = rates(Number(seedText ?? 1), runs, { rows, shifted: kind === 'shift', alpha: 0.05 });
const out = Object.fromEntries(MODES.map((m) => [m, { ...r[m], mcse: mcse(Math.max(r[m]!.gate, 0.05), runs) }]));
console.log(JSON.stringify({ kind, rows, runs, seconds: (Date.now() - started) / 1000, modes: out }));
