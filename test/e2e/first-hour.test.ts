// The first hour as a stranger lives it (issue 14): the README's steps, `init` then `run` then
// `explain`, each spawned as `node dist/cli.js` in a fresh git repository, on Node 20 and (when
// ML_TEST_GATE_NODE24 is set) Node 24. In-process tests load every config section up front; a spawned
// CLI does not, which is how `init` crashed on its own starter config ("the config schema of section
// "model" is not loaded") while every in-process test passed.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Report } from '../../src/schemas/report.js';
import { SECTIONS } from '../../src/schemas/rubric-ids.js';
import { ROOT, RUNTIMES, spawnCli, tempRepository, type Spawned } from './harness.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'init-repo');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const cli = spawnCli;

/** A fresh repository: `files` written under a temp folder with a .git folder (what `git init` leaves for the root finder). */
const repository = (files: Record<string, string> = {}, from?: string) => tempRepository(dirs, 'mtg-first-hour-', files, from);

/** init, then run with the config it wrote: both must succeed without an internal error. */
async function initThenRun(
  node: string,
  dir: string,
): Promise<{ init: Spawned; run: Spawned; report: Report; config: Record<string, unknown> }> {
  const init = await cli(node, dir, ['init']);
  expect(init.stderr).not.toMatch(/internal error|This is a bug/);
  expect(init.code, init.stderr).toBe(0);
  const config = parseYaml(readFileSync(path.join(dir, '.github', 'ml-test-gate.yml'), 'utf8')) as Record<string, unknown>;
  const run = await cli(node, dir, ['run', '--print', '--report-out', 'out/report.json']);
  expect(run.stderr).not.toMatch(/internal error|This is a bug|expected an object/);
  expect(run.code, run.stderr).toBe(0);
  const report = JSON.parse(readFileSync(path.join(dir, 'out', 'report.json'), 'utf8')) as Report;
  return { init, run, report, config };
}

const JUNIT = '<?xml version="1.0"?><testsuite name="pytest" tests="1" failures="0"><testcase classname="t" name="test_a"/></testsuite>\n';

describe.each(RUNTIMES)('the first hour, spawned (%s)', (_name, node) => {
  it.skipIf(!node)(
    'init on the fixture repository, then run with its config: a passing gate scoring every section it has evidence for; explain lists the next steps',
    async () => {
      const dir = repository({}, FIXTURE);
      const { init, run, report, config } = await initThenRun(node!, dir);
      expect(init.stderr).toMatch(/^Wrote \.github\/ml-test-gate\.yml/m);
      expect(Object.keys(config)).toEqual(expect.arrayContaining(['model', 'data', 'tests', 'review', 'infra']));
      expect(run.stdout).toMatch(/^PASSED /);
      expect(report.gate.passed).toBe(true);
      // the fixture has evidence for all four sections: predictions, training/serving data, JUnit, benchmarks, manifests
      for (const s of SECTIONS) expect(report.score.sections[s].points, s).toBeGreaterThan(0);
      expect(report.tests.filter((t) => t.status === 'error').map((t) => t.id)).toEqual([]);
      const explain = await cli(node!, dir, ['explain', 'out/report.json']);
      expect(explain.code, explain.stderr).toBe(0);
      expect(explain.stdout).toMatch(/Next steps, cheapest first/);
      expect(explain.stdout).toMatch(/docs\/rubric\/data-\d\.md/);
    },
  );

  it.skipIf(!node)('only JUnit reports init cannot assign: no `tests:` key left null; the config validates and the gate runs', async () => {
    const dir = repository({ 'out/results.xml': JUNIT });
    const { init, config, report } = await initThenRun(node!, dir);
    expect(init.stderr).toMatch(/JUnit: unassigned\s+out\/results\.xml/);
    expect(config).not.toHaveProperty('tests');
    expect(report.gate.passed).toBe(true);
  });

  it.skipIf(!node)('model specs and no dependency manifest: monitor-1 is off, not an error on the first run', async () => {
    const dir = repository({ 'model/config.yaml': 'learning_rate: 0.1\n', 'params.yaml': 'lr: 0.1\n' });
    const { config, report } = await initThenRun(node!, dir);
    expect(config.review).toEqual({ 'model-specs': ['model/config.yaml', 'params.yaml'], dependencies: false });
    expect(report.tests.find((t) => t.id === 'model-1')!.status).toBe('pass');
    expect(report.tests.find((t) => t.id === 'monitor-1')!.status).toBe('missing');
    expect(report.gate.passed).toBe(true);
  });

  it.skipIf(!node)('a manifest and no model spec: review watches the dependencies (monitor-1 passes)', async () => {
    const dir = repository({ 'requirements.txt': 'scikit-learn==1.5.2\n' });
    const { config, report } = await initThenRun(node!, dir);
    expect(config.review).toEqual({ dependencies: true });
    expect(report.tests.find((t) => t.id === 'monitor-1')!.status).toBe('pass');
  });

  it.skipIf(!node)('an empty repository: a starter that validates, runs and names the first steps', async () => {
    const dir = repository({ 'README.md': '# nothing yet\n' });
    const { init, config, report } = await initThenRun(node!, dir);
    expect(init.stderr).toMatch(/Found: no evidence file the gate reads yet/);
    expect(Object.keys(config).sort()).toEqual(['gate', 'version']);
    expect(report.score.final).toBe(0);
    expect(report.gate.passed).toBe(true);
  });

  it.skipIf(!node)('regression predictions in a folder with spaces, nothing else: the path is quoted and read', async () => {
    const rows = ['row_id,y_true,y_pred'];
    for (let i = 0; i < 200; i++) rows.push(`${i},${(i % 17) / 4},${(i % 17) / 4 + ((i * 7) % 5) / 10 - 0.2}`);
    const dir = repository({ 'Eval Outputs/2024/preds.csv': `${rows.join('\n')}\n` });
    const { config, report } = await initThenRun(node!, dir);
    expect((config.model as { predictions: { file: string; task: string } }).predictions).toMatchObject({
      file: 'Eval Outputs/2024/preds.csv',
      task: 'regression',
    });
    expect(report.tests.find((t) => t.id === 'infra-4')!.status).toBe('pass');
  });

  it.skipIf(!node)(
    'a prediction file only monitor-5 reads: unreadable or empty, monitor-5 is an error naming the file, not a pass',
    async () => {
      const config = (file: string) =>
        `version: 1\nmodel:\n  predictions:\n    file: ${file}\n    task: binary\n    columns: { label: label, score: score, id: id }\n`;
      const dir = repository({
        'p/semi.csv': 'id;label;score\n1;0;0.2\n2;1;0.9\n',
        'p/empty.csv': 'id,label,score\n',
        'semi.yml': config('p/semi.csv'),
        'empty.yml': config('p/empty.csv'),
      });
      for (const [cfg, why] of [
        ['semi.yml', /p\/semi\.csv, line 1.*the header looks ";"-delimited/],
        ['empty.yml', /p\/empty\.csv: the file has a header but no rows/],
      ] as const) {
        const r = await cli(node!, dir, ['run', '--config', cfg, '--report-out', 'r.json']);
        expect(r.stderr).not.toMatch(/internal error|This is a bug/);
        expect(r.code, r.stderr).toBe(1);
        const report = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) as Report;
        const m5 = report.tests.find((t) => t.id === 'monitor-5')!;
        expect(m5.status).toBe('error');
        expect(m5.details.checks[0].message).toMatch(why);
      }
    },
  );

  it.skipIf(!node)(
    'multiclass TSV predictions with a slice column and no base, gzipped JSON Lines data: slices are left as a comment, the gate passes',
    async () => {
      const rows = ['example_id\ttarget\tprob_cat\tprob_dog\tprob_bird\tcountry'];
      for (let i = 0; i < 300; i++) {
        const p = ((i * 37) % 100) / 200;
        const q = ((i * 11) % 100) / 200;
        rows.push(
          `${i}\t${['cat', 'dog', 'bird'][i % 3]}\t${p.toFixed(3)}\t${q.toFixed(3)}\t${(1 - p - q).toFixed(3)}\t${i % 2 ? 'DE' : 'FR'}`,
        );
      }
      const data = (label: boolean) =>
        gzipSync(
          Array.from({ length: 200 }, (_, i) =>
            JSON.stringify({ age: 18 + (i % 60), city: i % 2 ? 'a' : 'b', ...(label ? { label: i % 2 } : {}) }),
          ).join('\n'),
        );
      const dir = repository({ 'out/preds.tsv': `${rows.join('\n')}\n` });
      mkdirSync(path.join(dir, 'data'));
      writeFileSync(path.join(dir, 'data', 'train.jsonl.gz'), data(true));
      writeFileSync(path.join(dir, 'data', 'serving.jsonl.gz'), data(false));
      const { config, report } = await initThenRun(node!, dir);
      const model = config.model as { predictions: { task: string }; slices?: unknown };
      expect(model.predictions.task).toBe('multiclass');
      expect(model.slices).toBeUndefined();
      expect(readFileSync(path.join(dir, '.github', 'ml-test-gate.yml'), 'utf8')).toMatch(/^ {2}# slices: \{ columns: \[country\]/m);
      expect(report.tests.filter((t) => t.status === 'error').map((t) => t.id)).toEqual([]);
      expect(report.tests.find((t) => t.id === 'monitor-3')!.status).toBe('pass');
      // the same slices configured by hand, with nothing to judge them by: an error that says what to add
      writeFileSync(
        path.join(dir, 'slices.yml'),
        'version: 1\nmodel:\n  predictions:\n    file: out/preds.tsv\n    task: multiclass\n    columns: { scores: [prob_cat, prob_dog, prob_bird], label: target }\n    classes: [cat, dog, bird]\n  slices:\n    columns: [country]\n',
      );
      const r = await cli(node!, dir, ['run', '--config', 'slices.yml', '--report-out', 'r.json']);
      expect(r.code).toBe(1);
      const m6 = (JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) as Report).tests.find((t) => t.id === 'model-6')!;
      expect(m6.status).toBe('error');
      expect(m6.details.checks[0].message).toMatch(
        /^model\.slices: the slices of out\/preds\.tsv were computed but nothing judges them: set model\.slices\.thresholds/,
      );
    },
  );
});
