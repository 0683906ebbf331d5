/**
 * The row-loop kernels of the binary engine and the analytic intervals run over blocks of `rows`
 * rows, one call per block, with their running sums carried between calls in a small array (the same
 * additions in the same order, so every result is the same to the bit).
 *
 * Why: V8 optimizes a function that runs one long loop by on-stack replacement, and a kernel that is
 * called only a dozen times per run (once per view and side) keeps entering that OSR code, in which
 * TurboFan keeps the loop's running doubles as heap numbers (a young-generation allocation per row:
 * ~350 scavenges per 1M-row comparison). Called once per block, a kernel is optimized as a whole
 * function after a few blocks, with its sums in registers.
 *
 * `rows` is a setting only so that tests can put block boundaries everywhere (inside tie groups too).
 */
export const chunk = { rows: 4096 };
// Each kernel's first call of a pass covers no rows: the stores after its loop (the running sums
// written back) then have type feedback before V8 compiles the loop; without it, the compiled loop
// deoptimizes at each call's exit (about 200 times per comparison for each of three kernels).
