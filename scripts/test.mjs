// Runs the vitest suite by tier and ends with one plain line: "N passed, N failed[, N skipped]".
//   node scripts/test.mjs          fast tier (npm test): everything but the slow tier, property runs at a tenth
//   node scripts/test.mjs --slow   slow tier (npm run test:slow): end-to-end runs of dist/ against the fake
//                                  GitHub API (and on Node 24 when ML_TEST_GATE_NODE24 is set), *.slow.test.ts
//                                  (long simulations), and the property tests at full size
//   node scripts/test.mjs --all    both (npm run test:all), one combined line
// Other arguments go to vitest (e.g. a file filter).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const args = process.argv.slice(2);
const mode = args.includes('--all') ? 'all' : args.includes('--slow') ? 'slow' : 'fast';
const extra = args.filter((a) => a !== '--all' && a !== '--slow');

/** The slow tier: files (vitest filters) and the property tests that run at full size there. */
const SLOW = ['test/e2e/', '.slow.test.ts'];
const DEEP = ['test/evidence/table/batch.test.ts', 'test/data/profile.test.ts'];

const TIERS = {
  // threads without per-file isolation: the fast tier's files share loaded modules (about half the wall time)
  fast: {
    filters: [],
    vitestArgs: ['--pool=threads', '--no-isolate', '--exclude', 'test/e2e/**', '--exclude', '**/*.slow.test.ts'],
    env: {},
  },
  slow: { filters: [...SLOW, ...DEEP], vitestArgs: [], env: { ML_TEST_GATE_DEEP: '1' } },
};

function runTier(name) {
  const tier = TIERS[name];
  const out = path.join(root, `.vitest-results-${name}.json`);
  rmSync(out, { force: true });
  const r = spawnSync(
    process.execPath,
    [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...tier.vitestArgs, ...tier.filters, ...extra],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...tier.env },
    },
  );
  const counts = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    counts.passed = j.numPassedTests ?? 0;
    // A file that fails to load has no test results of its own: count it as one failure.
    const brokenFiles = (j.testResults ?? []).filter(
      (t) => t.status === 'failed' && !(t.assertionResults ?? []).some((a) => a.status === 'failed'),
    ).length;
    counts.failed = (j.numFailedTests ?? 0) + brokenFiles;
    counts.skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
    rmSync(out, { force: true });
  } else counts.failed = 1;
  if (r.status !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

const total = { passed: 0, failed: 0, skipped: 0 };
for (const name of mode === 'all' ? ['fast', 'slow'] : [mode]) {
  const c = runTier(name);
  total.passed += c.passed;
  total.failed += c.failed;
  total.skipped += c.skipped;
}
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed === 0 ? 0 : 1);
