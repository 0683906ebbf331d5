import { parseConfig } from '../../src/config/load.js';
import { noBaseline, textBaseline, type BaselineSource } from '../../src/gate/baseline.js';
import { evaluateGate } from '../../src/gate/evaluate.js';
import type { Report } from '../../src/schemas/report.js';
import { memoryWorkspace } from './memory-workspace.js';

export const NOW = new Date('2026-11-23T12:00:00Z');

/** The whole gate (every evaluator, as registered) on files held in memory. */
export async function gate(
  config: string,
  files: Record<string, string>,
  opts: { baseline?: Report | string; now?: Date } = {},
): Promise<Report> {
  let baseline: BaselineSource = noBaseline('none');
  if (opts.baseline !== undefined)
    baseline = textBaseline('base.json', typeof opts.baseline === 'string' ? opts.baseline : JSON.stringify(opts.baseline));
  return evaluateGate({
    config: parseConfig('c.yml', config),
    configFile: 'c.yml',
    workspace: memoryWorkspace(files),
    baseline,
    now: opts.now ?? NOW,
  });
}

export const testOf = (r: Report, id: string) => r.tests.find((t) => t.id === id)!;
export const checksOf = (r: Report, id: string) => testOf(r, id).details.checks;
export const json = (v: unknown) => JSON.stringify(v);
