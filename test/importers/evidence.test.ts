/**
 * The model evaluators read the evaluation report through importers/evidence.ts, which reads our own
 * format itself and loads the importers only for another tool's format. Whatever the format, it must
 * give what importers/index.ts gives, and share its cache with the other evaluators' reads.
 */
import { describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../src/evidence/store.js';
import { fileWorkspace } from '../../src/evidence/workspace.js';
import { loadEvalReport } from '../../src/importers/evidence.js';
import * as importers from '../../src/importers/index.js';
import type { EvalReportRef } from '../../src/schemas/evidence-refs.js';
import { memoryWorkspace } from '../helpers/memory-workspace.js';
import { FIXTURES } from './helpers.js';

const OURS = JSON.stringify({ schemaVersion: 1, model: { name: 'm' }, task: 'binary', metrics: { roc_auc: 0.9, log_loss: 'NaN' } });
const io = (workspace: ReturnType<typeof fileWorkspace>) => ({ workspace, store: new EvidenceStore(workspace) });

describe('the light evaluation-report loader', () => {
  it('gives what the importers give, for our format and for every other tool format, valid or not', async () => {
    const refs: EvalReportRef[] = [
      'ours.json',
      { path: 'ours.json', format: 'ml-test-gate' },
      'bad.json',
      'missing.json',
      { path: 'bad.json', format: 'sklearn-report' },
    ];
    for (const ref of refs) {
      const ws = memoryWorkspace({ 'ours.json': OURS, 'bad.json': '{"run": {}}' });
      expect(await loadEvalReport(io(ws), ref), JSON.stringify(ref)).toEqual(await importers.loadEvalReport(io(ws), ref));
    }
    const disk = fileWorkspace(FIXTURES);
    for (const ref of [
      { path: 'mlflow/runs-get.json', format: 'mlflow' },
      { path: 'dvc/metrics.toml', format: 'dvc', prefix: 'test.' },
      { path: 'dvc/metrics.json', format: 'dvc' },
    ] as EvalReportRef[]) {
      const l = await loadEvalReport(io(disk), ref);
      expect(l.ok, JSON.stringify(ref)).toBe(true);
      expect(l, JSON.stringify(ref)).toEqual(await importers.loadEvalReport(io(disk), ref));
    }
  });

  it('reads a file once per run, whichever loader asks first', async () => {
    let reads = 0;
    const ws = memoryWorkspace({ 'ours.json': OURS });
    const counting = { ...ws, readText: async (f: string) => (reads++, ws.readText(f)) };
    const shared = io(counting);
    const a = await loadEvalReport(shared, 'ours.json');
    const b = await importers.loadEvalReport(shared, 'ours.json');
    expect(a).toEqual(b);
    expect(reads).toBe(1);
  });
});
