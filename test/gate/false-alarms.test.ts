import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { alphaOf, falseAlarmBudget, statisticalFamilies } from '../../src/gate/false-alarms.js';

const config = (yaml: string) => parseConfig('ml-test-gate.yml', yaml);

describe("the gate's false-alarm budget", () => {
  it('is split evenly across the families the config turns on, and adds up to the rate', () => {
    const c = config(`version: 1
gate: { false-alarm-rate: 0.06 }
model:
  eval-report: e.json
  comparison: { metrics: [roc_auc] }
  slices: { columns: [region] }
data: { training: t.json, serving: s.json }
`);
    expect(statisticalFamilies(c)).toEqual(['skew', 'comparison', 'slices']);
    const b = falseAlarmBudget(c);
    expect(b.families).toEqual({ skew: 0.02, comparison: 0.02, slices: 0.02 });
    expect(Object.values(b.families).reduce((a, x) => a + x, 0)).toBeCloseTo(0.06, 12);
    expect(alphaOf(b, 'drift')).toBe(0.06); // a family the config does not turn on: the whole rate
  });

  it('defaults to 5% and refuses a rate outside (0, 0.5]', () => {
    expect(falseAlarmBudget(config('version: 1\n')).rate).toBe(0.05);
    expect(() => config('version: 1\ngate: { false-alarm-rate: 0 }\n')).toThrow(/false-alarm-rate/);
    expect(() => config('version: 1\ngate: { false-alarm-rate: 0.9 }\n')).toThrow(/false-alarm-rate/);
  });
});
