// A stranger's repositories, laid out as real tools write them (pandas, scikit-learn, pytest, DVC,
// MLflow), each spawned as `node dist/cli.js` the way the README's first hour runs it. Each try that
// found something stays here: what the user saw, and what they see now.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Report } from '../../src/schemas/report.js';
import { RUNTIMES, spawnCli, tempRepository } from './harness.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const cli = spawnCli;

const repository = (files: Record<string, string | Buffer>) => tempRepository(dirs, 'mtg-stranger-', files);

/** A seeded generator (LCG), so the data is the same on every run. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/**
 * pandas' `df.to_csv(path)` without index=False: the first header cell is empty and the first column
 * counts rows 0..n-1 (training here with a BOM and CRLF, as Excel-minded exports have). Serving is
 * drawn from the same distribution, so nothing but the row index differs between the two.
 */
function pandasData(): Record<string, string> {
  const r = lcg(7);
  const row = () => `${20 + Math.floor(r() * 50)},${(20000 + r() * 80000).toFixed(2)},${r() < 0.5 ? 'basic' : 'pro'}`;
  let train = '\ufeff,age,income,plan,churned\r\n';
  for (let i = 0; i < 600; i++) train += `${i},${row()},${r() < 0.3 ? 'True' : 'False'}\r\n`;
  let serving = ',age,income,plan\n';
  for (let i = 0; i < 2000; i++) serving += `${i},${row()}\n`;
  return { 'data/train.csv': train, 'data/serving.csv': `${serving}\n`, 'requirements.txt': 'pandas==2.2.3\n' };
}

const node = RUNTIMES[0][1]!;

describe('a stranger: pandas files with their row index', () => {
  it('init drafts a schema the gate reads (the index is "Unnamed: 0", as pandas names it) and leaves the index out of the skew test', async () => {
    const dir = repository(pandasData());
    const init = await cli(node, dir, ['init']);
    expect(init.code, init.stderr).toBe(0);
    // before: `Left out data/schema.json: ... features[0].name: expected a string with length >= 1, got ""`,
    // and neither the training nor the serving data was in the config
    expect(init.stderr).not.toMatch(/Left out/);
    const schema = JSON.parse(readFileSync(path.join(dir, 'data', 'schema.json'), 'utf8')) as {
      features: Array<{ name: string; required: boolean; range?: unknown }>;
    };
    const index = schema.features.find((f) => f.name === 'Unnamed: 0');
    expect(index).toMatchObject({ required: false });
    expect(index?.range).toBeUndefined(); // a longer serving file is not an anomaly
    const config = parseYaml(readFileSync(path.join(dir, '.github', 'ml-test-gate.yml'), 'utf8')) as {
      data: { training: string; serving: string; schema: string; skew: { features: Record<string, unknown> } };
    };
    expect(config.data).toMatchObject({ training: 'data/train.csv', serving: 'data/serving.csv', schema: 'data/schema.json' });
    expect(config.data.skew.features['Unnamed: 0']).toEqual({ ignore: true });
    const run = await cli(node, dir, ['run', '--print', '--report-out', 'out/report.json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(path.join(dir, 'out', 'report.json'), 'utf8')) as Report;
    const status = (id: string) => report.tests.find((t) => t.id === id)?.status;
    expect([status('data-1'), status('monitor-2'), status('monitor-3')]).toEqual(['pass', 'pass', 'pass']);
    expect(run.stdout).not.toMatch(/Unnamed: 0/); // the row index is no drifting feature
  });

  it('snapshot and infer-schema name the index column so that the schema they write is one the gate accepts', async () => {
    const dir = repository(pandasData());
    const infer = await cli(node, dir, ['infer-schema', 'data/train.csv', '--out', 'data/schema.json']);
    expect(infer.code, infer.stderr).toBe(0);
    const names = (
      JSON.parse(readFileSync(path.join(dir, 'data', 'schema.json'), 'utf8')) as { features: Array<{ name: string }> }
    ).features.map((f) => f.name);
    expect(names).toEqual(['Unnamed: 0', 'age', 'income', 'plan', 'churned']);
    writeFileSync(path.join(dir, 'gate.yml'), 'version: 1\ndata:\n  training: data/train.csv\n  schema: data/schema.json\n');
    const run = await cli(node, dir, ['run', '--config', 'gate.yml', '--report-out', 'out/report.json']);
    const report = JSON.parse(readFileSync(path.join(dir, 'out', 'report.json'), 'utf8')) as Report;
    expect(report.tests.find((t) => t.id === 'data-1')?.status, run.stderr).toBe('pass');
  });
});

describe('a stranger: files the gate does not read', () => {
  const parquet = Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(64, 1), Buffer.from('PAR1')]);

  it('Parquet, a spreadsheet and a directory on the command line: one line each, saying what to do, no stack trace', async () => {
    const dir = repository({
      'reports/preds.parquet': parquet,
      'data/train.parquet': parquet,
      'data/x.xlsx': 'PK',
      'data/train.csv': 'a\n1\n',
    });
    const metrics = await cli(node, dir, [
      'metrics',
      '--predictions',
      'reports/preds.parquet',
      '--task',
      'binary',
      '--label',
      'y',
      '--score',
      'p',
    ]);
    expect(metrics.code).toBe(2);
    expect(metrics.stderr.trim()).toBe(
      'ml-test-gate metrics: reports/preds.parquet: Parquet is not supported; convert it to CSV, e.g. pandas.read_parquet(FILE).to_csv("FILE.csv.gz", index=False)',
    );
    const folder = await cli(node, dir, ['metrics', '--predictions', 'reports', '--task', 'binary', '--label', 'y', '--score', 'p']);
    expect(folder.stderr).toMatch(/^ml-test-gate metrics: reports: is a directory; expected a CSV, TSV or JSON Lines file/);
    const snap = await cli(node, dir, ['snapshot', 'data/train.parquet', '--out', 'x.json']);
    expect(snap.code).toBe(2);
    expect(snap.stderr).toMatch(
      /^ml-test-gate: snapshot: data\/train\.parquet: Parquet is not supported; convert it to CSV, e\.g\. pandas\.read_parquet/,
    );
    const snapDir = await cli(node, dir, ['snapshot', 'data', '--out', 'x.json']);
    expect(snapDir.stderr).toMatch(/^ml-test-gate: snapshot: data: is a directory; expected a data file/);
    const sheet = await cli(node, dir, ['infer-schema', 'data/x.xlsx', '--out', 'x.json']);
    expect(sheet.stderr).toMatch(/data\/x\.xlsx: spreadsheets are not supported; export the sheet as CSV/);
    writeFileSync(path.join(dir, 'preds.json'), '[{"id": 1, "y": 1, "p": 0.9}]');
    const rows = await cli(node, dir, ['metrics', '--predictions', 'preds.json', '--task', 'binary', '--label', 'y', '--score', 'p']);
    expect(rows.stderr.trim()).toBe(
      'ml-test-gate metrics: preds.json: a .json file is not read as a table: write one JSON object per line and name it .jsonl, e.g. pandas to_json("FILE.jsonl", orient="records", lines=True)',
    );
    for (const s of [metrics, folder, snap, snapDir, sheet, rows]) expect(s.stderr).not.toMatch(/\n\s+at |internal error/);
  });

  it('in the config: Parquet predictions and Parquet training data are errors on their tests naming the file and the conversion; the rest is still evaluated', async () => {
    const dir = repository({
      'reports/preds.parquet': parquet,
      'data/train.parquet': parquet,
      'data/schema.json': JSON.stringify({ schemaVersion: 1, kind: 'ml-test-gate/data-schema', features: [{ name: 'a', type: 'int' }] }),
      'reports/junit.xml': '<testsuite tests="1"><testcase classname="t" name="a"/></testsuite>',
      '.github/ml-test-gate.yml': [
        'version: 1',
        'model:',
        '  predictions:',
        '    file: reports/preds.parquet',
        '    task: binary',
        '    columns: { label: y, score: p }',
        '  thresholds:',
        '    accuracy: { min: 0.7 }',
        'data:',
        '  training: data/train.parquet',
        '  schema: data/schema.json',
        'tests:',
        '  feature: reports/junit.xml',
        '',
      ].join('\n'),
    });
    const run = await cli(node, dir, ['run', '--print', '--report-out', 'out/report.json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(readFileSync(path.join(dir, 'out', 'report.json'), 'utf8')) as Report;
    const test = (id: string) => report.tests.find((t) => t.id === id)!;
    expect(test('infra-4').status).toBe('error');
    expect(JSON.stringify(test('infra-4'))).toContain('reports/preds.parquet: Parquet is not supported; convert it to CSV');
    expect(test('data-1').status).toBe('error');
    // before: `data/train.parquet (line 1, column 1): not valid JSON: unexpected "PAR1..."; expected a data snapshot (JSON)`
    expect(JSON.stringify(test('data-1'))).toContain('data/train.parquet: Parquet is not supported; convert it to CSV');
    expect(test('data-7').status).toBe('pass');
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at |internal error/);
  });
});

describe('a stranger: JUnit as Jest, Maven surefire and pytest write it', () => {
  const jest = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites name="jest tests" tests="3" failures="1" errors="0" time="1.23">',
    '  <testsuite name="features.test.js" errors="0" failures="1" skipped="1" time="0.5" tests="3">',
    '    <testcase classname="features normalises | pipes" name="features normalises | pipes" time="0.01"></testcase>',
    '    <testcase classname="features @octocat &lt;img src=x&gt;" name="features @octocat &lt;img src=x&gt;" time="0.02">',
    `      <failure message="Error: expected &lt;b&gt;1&lt;/b&gt; @team"><![CDATA[Error: ${'x'.repeat(20000)} | <script>alert(1)</script> @everyone]]></failure>`,
    '    </testcase>',
    '    <testcase classname="features skipped" name="features skipped" time="0"><skipped/></testcase>',
    '  </testsuite>',
    '</testsuites>',
  ].join('\n');
  const surefire = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="3.0" name="com.acme.ModelTest" time="0.3" tests="3" errors="1" skipped="0" failures="0">',
    '  <properties><property name="java.version" value="17.0.9"/></properties>',
    '  <testcase name="predictsInRange" classname="com.acme.ModelTest" time="0.01"/>',
    '  <testcase name="größeÜberprüfen" classname="com.acme.ModelTest" time="0.01"/>',
    '  <testcase name="loadsModel" classname="com.acme.ModelTest" time="0.2">',
    '    <error message="java.io.FileNotFoundException: model.bin" type="java.io.FileNotFoundException"><![CDATA[at com.acme.Model.load(Model.java:12)]]></error>',
    '  </testcase>',
    '</testsuite>',
  ].join('\n');
  const skippedOnly =
    '<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="0" skipped="2" tests="2"><testcase classname="t" name="test_e2e"><skipped type="pytest.skip" message="needs spark"/></testcase><testcase classname="t" name="test_x"><skipped type="pytest.xfail" message="flaky"/></testcase></testsuite></testsuites>';

  it('failures name their cases, escaped in the comment; skipped-only, empty and cut-short reports are errors that say why', async () => {
    const dir = repository({
      'reports/jest.xml': jest,
      'reports/TEST-com.acme.ModelTest.xml': surefire,
      'reports/pipeline.xml': skippedOnly,
      // a test run killed mid-write (before: `Invalid '[    "testsuites",    "testsuite", ...]' found.`)
      'reports/cut.xml': '<?xml version="1.0"?>\n<testsuites>\n<testsuite name="x" tests="1">\n<testcase name="a">\n<failure>boom',
      '.github/ml-test-gate.yml':
        'version: 1\ntests:\n  feature: reports/jest.xml\n  model: reports/TEST-*.xml\n  pipeline: [reports/pipeline.xml, reports/cut.xml]\n',
    });
    const run = await cli(node, dir, ['run', '--print', '--markdown-out', 'out/comment.md', '--report-out', 'out/report.json']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'reports/cut.xml: not well-formed XML: the file ends with <testsuites>, <testsuite>, <testcase>, <failure> still open; was it cut short',
    );
    expect(run.stdout).toContain('reports/pipeline.xml: all 2 test cases were skipped; nothing ran');
    expect(run.stdout).toMatch(
      /model unit tests: 2 passed, 0 failed, 1 error, 0 skipped in reports\/TEST-com\.acme\.ModelTest\.xml; failing: com\.acme\.ModelTest::loadsModel/,
    );
    const report = JSON.parse(readFileSync(path.join(dir, 'out', 'report.json'), 'utf8')) as Report;
    const status = (id: string) => report.tests.find((t) => t.id === id)?.status;
    expect([status('data-7'), status('infra-2'), status('infra-3')]).toEqual(['fail', 'fail', 'error']);
    const comment = readFileSync(path.join(dir, 'out', 'comment.md'), 'utf8');
    expect(comment).not.toMatch(/<img|<script|<b>|@octocat|@team|@everyone/);
    expect(comment).not.toContain('x'.repeat(200)); // the failure text is not echoed at length
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at |internal error/);
  });
});

describe('a stranger: init on files it cannot read as they are', () => {
  it('a ";" CSV from a European locale and a Parquet file are named with how to convert them (before: not mentioned at all)', async () => {
    let eu = '"id";"label";"score"\n';
    for (let i = 0; i < 50; i++) eu += `"${i}";"${i % 2}";"0,${i % 10}"\n`;
    let ok = 'id,label,score\n';
    for (let i = 0; i < 50; i++) ok += `${i},${i % 2},0.${(i * 7) % 10}\n`;
    const dir = repository({
      'eval/preds_eu.csv': eu,
      'eval/preds.parquet': Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(32), Buffer.from('PAR1')]),
      'eval/holdout.csv': ok,
    });
    const init = await cli(node, dir, ['init']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toContain(
      'Left out eval/preds_eu.csv: the gate cannot read it: its header looks ";"-delimited, and .csv files are read comma-separated: re-export it with commas',
    );
    expect(init.stderr).toContain('Left out eval/preds.parquet: the gate cannot read it: Parquet is not supported; convert it to CSV');
    const config = readFileSync(path.join(dir, '.github', 'ml-test-gate.yml'), 'utf8');
    expect(config).toContain('#   eval/preds_eu.csv: its header looks');
    expect(config).toContain('file: eval/holdout.csv');
  });
});

describe('a stranger: an id column in training and serving data', () => {
  it('init leaves the id out of the skew test and gives it no range, so new serving ids are neither drift nor anomalies', async () => {
    const r = lcg(11);
    const row = () => `${20 + Math.floor(r() * 50)},${r() < 0.5 ? 'basic' : 'pro'}`;
    let train = 'customer_id,age,plan\n';
    for (let i = 0; i < 600; i++) train += `${i},${row()}\n`;
    let serving = 'customer_id,age,plan\n';
    for (let i = 0; i < 1500; i++) serving += `${100000 + i},${row()}\n`; // today's customers: ids the training data never saw
    const dir = repository({ 'data/train.csv': train, 'data/serving.csv': serving });
    const init = await cli(node, dir, ['init']);
    expect(init.code, init.stderr).toBe(0);
    const config = parseYaml(readFileSync(path.join(dir, '.github', 'ml-test-gate.yml'), 'utf8')) as {
      data: { skew: { features: Record<string, unknown> } };
    };
    expect(config.data.skew.features.customer_id).toEqual({ ignore: true });
    const schema = JSON.parse(readFileSync(path.join(dir, 'data', 'schema.json'), 'utf8')) as {
      features: Array<{ name: string; range?: unknown }>;
    };
    expect(schema.features.find((f) => f.name === 'customer_id')?.range).toBeUndefined();
    const run = await cli(node, dir, ['run', '--print', '--report-out', 'out/report.json']);
    const report = JSON.parse(readFileSync(path.join(dir, 'out', 'report.json'), 'utf8')) as Report;
    const status = (id: string) => report.tests.find((t) => t.id === id)?.status;
    // before: monitor-2 failed (ids above the drafted range) and monitor-3 failed ("customer_id" drifts)
    expect([status('data-1'), status('monitor-2'), status('monitor-3')], run.stdout).toEqual(['pass', 'pass', 'pass']);
  });
});

describe('a stranger: DVC metrics as Python writes them', () => {
  it('init finds a metrics file with a bare NaN (json.dump) and the gate reports the NaN on monitor-5 (before: the file was not found at all)', async () => {
    const dir = repository({
      'dvc.yaml': 'stages:\n  evaluate:\n    cmd: python eval.py\n    metrics:\n    - eval/metrics.json:\n        cache: false\n',
      'eval/metrics.json': '{"test": {"accuracy": 0.91, "roc_auc": 0.95, "f1": NaN}, "train": {"accuracy": 0.99}}\n',
    });
    const init = await cli(node, dir, ['init']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toMatch(/evaluation reports\s+eval\/metrics\.json \(dvc\)/);
    expect(init.stderr).toContain('fails monitor-5: 1 non-finite value(s) among 4 reported metrics of eval/metrics.json: test.f1 = NaN');
    const run = await cli(node, dir, ['run', '--report-out', 'out/report.json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(readFileSync(path.join(dir, 'out', 'report.json'), 'utf8')) as Report;
    expect(report.tests.find((t) => t.id === 'monitor-5')?.status).toBe('fail');
    expect(report.tests.find((t) => t.id === 'infra-4')?.status).toBe('pass');
  });
});

describe('a stranger: several prediction files', () => {
  it('init names the prediction files it did not use and where each could go (before: all but one were silently dropped)', async () => {
    let csv = 'id,label,proba\n';
    for (let i = 0; i < 200; i++) csv += `${i},${i % 3 ? 0 : 1},${((i % 3 ? 0.3 : 0.7) + (((i * 7) % 10) - 5) / 30).toFixed(3)}\n`;
    const dir = repository({
      'out/test_predictions.csv.gz': gzipSync(csv),
      'out/val_predictions.tsv': `\ufeff${csv.replace(/,/g, '\t')}`,
      'out/preds.jsonl': csv
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => {
          const [id, label, proba] = l.split(',');
          return JSON.stringify({ id: Number(id), label: Number(label), proba: Number(proba) });
        })
        .join('\r\n'),
    });
    const init = await cli(node, dir, ['init']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toMatch(/predictions \(head\)\s+out\/preds\.jsonl/);
    expect(init.stderr).toMatch(
      /predictions \(not used\) out\/test_predictions\.csv\.gz, out\/val_predictions\.tsv: one file is the model under test; give main's model as model\.predictions\.base, a simpler model as model\.simpler-model\.predictions/,
    );
  });
});
