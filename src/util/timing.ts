/**
 * Phase times of one run, for the cold-start benchmark (bench/startup): with ML_TEST_GATE_TIMING=1
 * in the environment, `mark(name)` notes the time since the process started and the marks go to
 * stderr at exit, one line each. Without it, `mark` does nothing. No timing reaches the report or
 * the tests.
 */
const on = process.env.ML_TEST_GATE_TIMING === '1';
const marks: Array<[string, number]> = [];

export function mark(name: string): void {
  if (!on) return;
  if (marks.length === 0)
    process.once('exit', () => {
      let prev = 0;
      for (const [n, t] of marks) {
        process.stderr.write(`ml-test-gate timing: ${n.padEnd(28)} ${t.toFixed(1).padStart(7)} ms  (+${(t - prev).toFixed(1)})\n`);
        prev = t;
      }
    });
  marks.push([name, performance.now()]);
}
