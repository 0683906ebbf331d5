// What a stranger gives the gate before reading the config reference: another tool's metrics file as
// a bare `eval-report:` path, the whole `mlruns/` folder as an MLflow run. Each is an error that says
// what the file looks like and which config to write.
import { describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../src/evidence/store.js';
import { loadEvalReport, loadSnapshot } from '../../src/importers/index.js';
import { memoryWorkspace } from '../helpers/memory-workspace.js';

const mem = (files: Record<string, string>) => {
  const workspace = memoryWorkspace(files);
  return { workspace, store: new EvidenceStore(workspace) };
};

const message = async (files: Record<string, string>, ref: Parameters<typeof loadEvalReport>[1]) => {
  const l = await loadEvalReport(mem(files), ref);
  expect(l.ok).toBe(false);
  return l.ok ? '' : l.message;
};

describe('a metrics file of another tool given as our evaluation report', () => {
  it("DVC's metrics.json (flat or nested by split) names the dvc format and the config to write", async () => {
    expect(await message({ 'metrics.json': '{"accuracy": 0.77, "roc_auc": 0.81}' }, 'metrics.json')).toBe(
      'metrics.json: not an evaluation report: it looks like metrics as DVC writes them (names and numbers); give it as { path: metrics.json, format: dvc }',
    );
    expect(await message({ 'eval/m.json': '{"test": {"acc": 0.9, "loss": 0.2}, "train": {"acc": 0.95}}' }, 'eval/m.json')).toMatch(
      /format: dvc \}$/,
    );
  });

  it("scikit-learn's classification_report and an MLflow runs/get response name their formats", async () => {
    const report = JSON.stringify({
      '0': { precision: 0.8, recall: 0.9, 'f1-score': 0.85, support: 10 },
      accuracy: 0.8,
      'macro avg': {},
      'weighted avg': {},
    });
    expect(await message({ 'r.json': report }, 'r.json')).toBe(
      "r.json: not an evaluation report: it looks like scikit-learn's classification_report(output_dict=True); give it as { path: r.json, format: sklearn-report }",
    );
    const run = JSON.stringify({ run: { info: { run_id: 'x' }, data: { metrics: [{ key: 'auc', value: 0.8, timestamp: 1, step: 0 }] } } });
    expect(await message({ 'run.json': run }, 'run.json')).toMatch(
      /it looks like an MLflow run \(runs\/get\); give it as \{ path: run\.json, format: mlflow \}$/,
    );
  });

  it('anything else keeps the schema errors (what is missing, what is unknown)', async () => {
    expect(await message({ 'x.json': '{"foo": "bar"}' }, 'x.json')).toMatch(
      /^x\.json: invalid evaluation report: schemaVersion: expected 1, got nothing/,
    );
  });
});

describe('an MLflow folder instead of one run', () => {
  const runs = {
    'mlruns/1/aaa/metrics/auc': '1733450000000 0.81 0\n',
    'mlruns/1/bbb/metrics/auc': '1733450000000 0.83 0\n',
    'mlruns/1/meta.yaml': 'name: churn\n',
    'mlruns/.trash/ccc/metrics/auc': '1 0.5 0\n',
  };
  it('mlruns/ or an experiment folder: names the runs found under it (not the deleted ones)', async () => {
    for (const p of ['mlruns', 'mlruns/', 'mlruns/1'])
      expect(await message(runs, { path: p, format: 'mlflow' })).toBe(
        `${p.replace(/\/$/, '')} is a folder of MLflow runs, not one run: give one run directory (mlruns/<experiment>/<run>), e.g. mlruns/1/aaa, mlruns/1/bbb`,
      );
    const one = await loadEvalReport(mem(runs), { path: 'mlruns/1/bbb', format: 'mlflow' });
    expect(one.ok && one.value.metrics.auc).toBe(0.83);
  });
});

describe('raw data in a .json file where a snapshot is read', () => {
  const snapshotMessage = async (text: string) => {
    const l = await loadSnapshot(mem({ 'data/serving.json': text }), 'data/serving.json');
    expect(l.ok).toBe(false);
    return l.ok ? '' : l.message;
  };
  it('rows as pandas to_json(orient="records") writes them: says how to write JSON Lines instead', async () => {
    expect(await snapshotMessage('[{"age": 31, "plan": "pro"}, {"age": 45, "plan": "basic"}]')).toBe(
      'data/serving.json: not a data snapshot: it holds table rows (as pandas\' to_json(orient="records") writes them), and raw data is read from CSV or JSON Lines: write it as JSON Lines, e.g. to_json("data/serving.jsonl", orient="records", lines=True)',
    );
  });
  it('JSON Lines named .json: says to name it .jsonl (before: not valid JSON ... after the end of the document)', async () => {
    expect(await snapshotMessage('{"age": 31}\n{"age": 45}\n')).toBe(
      'data/serving.json: it holds one JSON object per line (JSON Lines), not a data snapshot: name the file .jsonl to read it as raw data',
    );
  });
  it('other broken JSON keeps its syntax error', async () => {
    expect(await snapshotMessage('{"age": ')).toMatch(/^data\/serving\.json \(line 1, column \d+\): not valid JSON/);
  });
});
