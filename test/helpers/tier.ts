/**
 * Property-run sizes by test tier: the fast tier (`npm test`) runs a tenth of the cases, the slow tier
 * (`npm run test:slow`, which sets ML_TEST_GATE_DEEP=1) runs them all. Same properties, same seeds.
 */
export const DEEP = process.env.ML_TEST_GATE_DEEP === '1';

export function runs(full: number): number {
  return DEEP ? full : Math.max(200, Math.round(full / 10));
}
