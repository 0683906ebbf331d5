import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { noBaseline, textBaseline } from '../../src/gate/baseline.js';
import { evaluateGate } from '../../src/gate/evaluate.js';
import { memoryWorkspace } from '../helpers/memory-workspace.js';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileWorkspace } from '../../src/evidence/workspace.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unreadSettings } from '../../src/assertions/registry.js';

const now = new Date('2026-11-23T12:00:00Z');

const evalReport = (metrics: Record<string, number | null | string>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ schemaVersion: 1, model: { name: 'm' }, task: 'binary', metrics, ...extra });

const junit = (cases: string) => `<testsuites><testsuite name="s">${cases}</testsuite></testsuites>`;

const CONFIG = `
gate:
  min-score: 0
model:
  eval-report: eval.json
  thresholds:
    roc_auc: { min: 0.8 }
    log_loss: { max: 0.4 }
  simpler-model: { metric: roc_auc, margin: 0.01 }
tests:
  feature: junit/features.xml
  model: junit/model*.xml
`;

async function run(files: Record<string, string>, config = CONFIG, baseline = noBaseline('none')) {
  return evaluateGate({ config: parseConfig('c.yml', config), configFile: 'c.yml', workspace: memoryWorkspace(files), baseline, now });
}

const test = (r: Awaited<ReturnType<typeof run>>, id: string) => r.tests.find((t) => t.id === id)!;

const GOOD = {
  'eval.json': evalReport({ roc_auc: 0.86, log_loss: 0.31 }, { baselineModel: { name: 'logreg', metrics: { roc_auc: 0.8 } } }),
  'junit/features.xml': junit('<testcase name="a"/><testcase name="b"/>'),
  'junit/model-unit.xml': junit('<testcase name="c"/>'),
};

describe('evaluateGate', () => {
  it('evaluates configured tests honestly and lists the rest as missing', async () => {
    const r = await run(GOOD);
    expect(test(r, 'infra-4').status).toBe('pass');
    expect(test(r, 'model-5').status).toBe('pass');
    expect(test(r, 'data-7').status).toBe('pass');
    expect(test(r, 'infra-2').status).toBe('pass');
    expect(test(r, 'monitor-5').status).toBe('pass');
    expect(test(r, 'infra-3').status).toBe('missing');
    expect(r.tests.filter((t) => t.status === 'missing')).toHaveLength(23);
    expect(r.gate.passed).toBe(true);
    expect(r.baseline).toBeNull();
    expect(r.delta).toBeNull();
  });

  it("an eval report configured alone counts for monitor-5; unreadable, it is that test's error naming the file", async () => {
    const alone = 'model:\n  eval-report: eval.json\n';
    const ok = await run({ 'eval.json': evalReport({ roc_auc: 0.86 }) }, alone);
    expect(test(ok, 'monitor-5').status).toBe('pass');
    expect(test(ok, 'infra-4').status).toBe('missing');
    const cases: Record<string, Record<string, string>> = {
      absent: {},
      'not JSON': { 'eval.json': '{"schemaVersion": 1,' },
      'wrong shape': {
        'eval.json': JSON.stringify({ schemaVersion: 1, model: { name: 'm' }, task: 'binary', metrics: { roc_auc: 'high' } }),
      },
    };
    for (const [what, files] of Object.entries(cases)) {
      const r = await run(files, alone);
      const t = test(r, 'monitor-5');
      expect(t.status, what).toBe('error');
      expect(
        t.details.checks.map((c) => c.file),
        what,
      ).toEqual(['eval.json']);
      expect(t.details.checks[0].message, what).toMatch(/eval\.json/);
    }
  });

  it.each([
    [
      'model.thresholds without a source',
      'model:\n  thresholds:\n    roc_auc: { min: 0.8 }\n',
      'model.thresholds',
      ['infra-4'],
      /model\.eval-report or model\.predictions/,
    ],
    [
      'model.slices without predictions',
      'model:\n  eval-report: eval.json\n  slices: { columns: [country] }\n',
      'model.slices',
      ['model-6'],
      /model\.predictions/,
    ],
    ['data.drift without data.training', 'data:\n  drift: { base: snapshots/base.json }\n', 'data.drift', ['data-1'], /data\.training/],
  ])('%s: an error on the tests it feeds, naming the setting and what it needs', async (_what, config, key, tests, needs) => {
    const r = await run({ 'eval.json': evalReport({ roc_auc: 0.86 }) }, config);
    expect(r.tests.filter((t) => t.details.checks.some((c) => c.name === key)).map((t) => t.id)).toEqual(tests);
    for (const id of tests) {
      const t = test(r, id);
      expect(t.status).toBe('error');
      const c = t.details.checks.find((x) => x.name === key);
      expect(c?.message).toMatch(new RegExp(`^${key.replace('.', '\\.')} is set, but nothing reads it without`));
      expect(c?.message).toMatch(needs);
      expect(c?.file).toBe('c.yml');
    }
    expect(r.gate.passed).toBe(false);
  });

  it('no setting is unread in a config whose settings all have their source, nor in the examples', () => {
    expect(unreadSettings(parseConfig('c.yml', CONFIG))).toEqual([]);
    const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
    for (const f of ['examples/demo/ml-test-gate.yml', 'examples/minimal/.github/ml-test-gate.yml', 'bench/startup/ml-test-gate.yml'])
      expect(unreadSettings(parseConfig(f, readFileSync(path.join(root, f), 'utf8'))), f).toEqual([]);
  });

  it('base predictions without model.comparison: head is never compared with them, which the comment says', async () => {
    const rows = (shift: number) =>
      'id,y,p\n' +
      Array.from({ length: 40 }, (_, i) => `${i},${i % 2},${Math.min(1, Math.max(0, (i % 2) * 0.6 + 0.2 + shift * ((i % 5) / 10)))}`).join(
        '\n',
      ) +
      '\n';
    const dir = mkdtempSync(path.join(tmpdir(), 'mtg-base-'));
    writeFileSync(path.join(dir, 'head.csv'), rows(0.1));
    writeFileSync(path.join(dir, 'base.csv'), rows(-0.1));
    const run = (config: string) =>
      evaluateGate({
        config: parseConfig('c.yml', config),
        configFile: 'c.yml',
        workspace: fileWorkspace(dir),
        baseline: noBaseline('none'),
        now,
      });
    const predictions =
      'model:\n  predictions:\n    file: head.csv\n    base: base.csv\n    task: binary\n    columns: { label: y, score: p, id: id }\n';
    const message = /^model\.predictions\.base is set, but head is compared with it only when model\.comparison is set too/;
    // alone: nothing else serves infra-4 or monitor-7, so each is an error (a lone warning would pass it)
    const alone = await run(predictions);
    for (const id of ['infra-4', 'monitor-7']) {
      const t = test(alone, id);
      expect(t.status, id).toBe('error');
      expect(t.details.checks.find((c) => c.name === 'model.predictions.base')?.message).toMatch(message);
    }
    expect(test(alone, 'monitor-5').status).toBe('pass');
    // with thresholds, infra-4 is measured: a warning there, still an error on monitor-7
    const withThresholds = await run(`${predictions}  thresholds:\n    accuracy: { min: 0.1 }\n`);
    expect(test(withThresholds, 'infra-4').status).toBe('pass');
    expect(test(withThresholds, 'infra-4').details.checks.find((c) => c.name === 'model.predictions.base')?.status).toBe('warn');
    expect(test(withThresholds, 'monitor-7').status).toBe('error');
    // with a comparison, no such check
    const compared = await run(`${predictions}  comparison:\n    metrics: [accuracy]\n`);
    expect(compared.tests.some((t) => t.details.checks.some((c) => c.name === 'model.predictions.base'))).toBe(false);
  });

  it('a failing case is named once when its classname repeats its name (jest-junit), classname::name otherwise', async () => {
    const cases =
      '<testcase classname="scaler keeps the mean" name="scaler keeps the mean"><failure message="boom"/></testcase>' +
      '<testcase classname="tests.test_features" name="test_scale"><failure message="bang"/></testcase>';
    const r = await run({ 'junit/features.xml': junit(cases) }, 'tests:\n  feature: junit/features.xml\n');
    const message = test(r, 'data-7')
      .details.checks.map((c) => c.message)
      .join('\n');
    expect(message).toContain('failing: scaler keeps the mean (boom)');
    expect(message).not.toContain('scaler keeps the mean::');
    expect(message).toContain('tests.test_features::test_scale (bang)');
  });

  it('a folder named where JUnit reports are expected says which glob names the reports in it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mtg-junit-dir-'));
    mkdirSync(path.join(dir, 'reports'));
    for (const f of ['a.xml', 'b.xml']) writeFileSync(path.join(dir, 'reports', f), junit('<testcase name="x"/>'));
    for (const folder of ['reports', 'reports/']) {
      const r = await evaluateGate({
        config: parseConfig('c.yml', `tests:\n  feature: ${folder}\n`),
        configFile: 'c.yml',
        workspace: fileWorkspace(dir),
        baseline: noBaseline('none'),
        now,
      });
      const t = test(r, 'data-7');
      expect(t.status, folder).toBe('error');
      expect(t.details.checks.map((c) => c.message).join('\n'), folder).toMatch(
        /name them with a glob: reports\/\*\.xml \(matches 2 files\)/,
      );
    }
  });

  it('infra.staleness with neither model nor data is an error on monitor-4, not missing', async () => {
    const r = await run({}, 'infra:\n  staleness: {}\n');
    expect(test(r, 'monitor-4').status).toBe('error');
    expect(test(r, 'monitor-4').details.checks[0].message).toMatch(/^infra\.staleness sets neither model nor data/);
  });

  it('what a TFDV import left out is a notice naming the file, said once', async () => {
    const fx = readFileSync(
      path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'importers', 'tfdv', 'sliced-stats-proto-names.json'),
      'utf8',
    );
    const config =
      'data:\n  training: { path: stats/train.json, format: tfdv }\n  serving: { path: stats/train.json, format: tfdv, dataset: country_DE }\n';
    const r = await run({ 'stats/train.json': fx }, config);
    const notes = r.diagnostics.filter((d) => d.file === 'stats/train.json' && /2 datasets \(slices\); read datasets\[0\]/.test(d.message));
    expect(notes).toHaveLength(1);
    expect(notes[0].level).toBe('notice');
  });

  it('fails a threshold with the numbers', async () => {
    const r = await run({
      ...GOOD,
      'eval.json': evalReport({ roc_auc: 0.75, log_loss: 0.31 }, { baselineModel: { name: 'l', metrics: { roc_auc: 0.7 } } }),
    });
    const t = test(r, 'infra-4');
    expect(t.status).toBe('fail');
    expect(t.points).toBe(1);
    expect(t.details.checks.find((c) => c.status === 'fail')?.message).toBe('roc_auc = 0.75 violates >= 0.8');
    expect(r.gate.passed).toBe(false);
    expect(r.gate.reasons[0]).toContain('infra-4');
  });

  it.each([
    ['missing', undefined, /file not found: eval\.json/],
    ['empty', '', /eval\.json: the file is empty/],
    [
      'truncated',
      '{"schemaVersion": 1, "model": {"name": "m"',
      /eval\.json \(line 1, column \d+\): not valid JSON: the document ends too early/,
    ],
    ['not JSON', '<xml/>', /eval\.json \(line 1, column 1\): not valid JSON/],
    [
      'wrong type',
      evalReport({ roc_auc: 'high' }),
      /eval\.json: invalid evaluation report: metrics\.roc_auc: expected a number, got "high"/,
    ],
    ['future version', JSON.stringify({ schemaVersion: 9 }), /schemaVersion 9 is newer than this ml-test-gate understands/],
    ['unknown key', evalReport({ roc_auc: 0.9 }, { metrcs: {} }), /unknown key "metrcs" \(did you mean "metrics"\?\)/],
  ])('a %s eval report is an error on its tests, and the rest goes on', async (_name, content, message) => {
    const files: Record<string, string> = { ...GOOD };
    if (content === undefined) delete files['eval.json'];
    else files['eval.json'] = content;
    const r = await run(files);
    for (const id of ['infra-4', 'model-5']) {
      expect(test(r, id).status).toBe('error');
      expect(test(r, id).points).toBe(0);
      expect(test(r, id).details.checks[0].message).toMatch(message);
    }
    expect(test(r, 'data-7').status).toBe('pass');
    expect(r.gate.passed).toBe(false);
    expect(r.diagnostics.some((d) => d.level === 'error' && d.test === 'infra-4')).toBe(true);
  });

  it('NaN in a metric fails numerical stability and never passes a threshold', async () => {
    const r = await run({
      ...GOOD,
      'eval.json':
        '{"schemaVersion": 1, "model": {"name": "m"}, "task": "binary", "metrics": {"roc_auc": 0.9, "log_loss": NaN}, "baselineModel": {"name": "l", "metrics": {"roc_auc": 0.8}}}',
    });
    expect(test(r, 'monitor-5').status).toBe('fail');
    expect(test(r, 'monitor-5').details.checks[0].message).toContain('metrics.log_loss = NaN');
    const loss = test(r, 'infra-4').details.checks.find((c) => c.name.startsWith('log_loss'));
    expect(loss?.status).toBe('fail');
    expect(loss?.message).toContain('undefined');
  });

  it('NaN where a number is required names the field', async () => {
    const r = await run({
      ...GOOD,
      'eval.json': '{"schemaVersion": 1, "model": {"name": "m"}, "task": "binary", "metrics": {}, "dataset": {"name": "d", "rows": NaN}}',
    });
    expect(test(r, 'infra-4').details.checks[0].message).toContain('dataset.rows: NaN is not allowed here; expected a finite number');
  });

  it('a metric missing from the report is an error naming the nearest metric', async () => {
    const r = await run({
      ...GOOD,
      'eval.json': evalReport({ roc_auc_score: 0.9, log_loss: 0.3 }, { baselineModel: { name: 'l', metrics: { roc_auc: 0.8 } } }),
    });
    const c = test(r, 'infra-4').details.checks.find((x) => x.name === 'roc_auc');
    expect(c?.status).toBe('error');
    expect(c?.message).toContain('did you mean "roc_auc_score"?');
  });

  it('a simpler model that wins fails model-5', async () => {
    const r = await run({
      ...GOOD,
      'eval.json': evalReport({ roc_auc: 0.805, log_loss: 0.3 }, { baselineModel: { name: 'logreg', metrics: { roc_auc: 0.8 } } }),
    });
    expect(test(r, 'model-5').status).toBe('fail');
    expect(test(r, 'model-5').details.checks[0].message).toContain('gain +0.005');
  });

  it('a JUnit report with zero tests, or only skipped ones, is an error, not a pass', async () => {
    const r = await run({
      ...GOOD,
      'junit/features.xml': junit(''),
      'junit/model-unit.xml': junit('<testcase name="x"><skipped/></testcase>'),
    });
    expect(test(r, 'data-7').status).toBe('error');
    expect(test(r, 'data-7').details.checks[0].message).toContain('no test case');
    expect(test(r, 'infra-2').status).toBe('error');
    expect(test(r, 'infra-2').details.checks[0].message).toContain('skipped');
  });

  it('a failing JUnit case fails the test, naming the case', async () => {
    const r = await run({
      ...GOOD,
      'junit/features.xml': junit(
        '<testcase classname="t" name="ok"/><testcase classname="t" name="test_dti"><failure message="assert nan"/></testcase>',
      ),
    });
    expect(test(r, 'data-7').status).toBe('fail');
    expect(test(r, 'data-7').details.checks[0].message).toContain('t::test_dti (assert nan)');
  });

  it('a glob that matches nothing is an error', async () => {
    const files: Record<string, string> = { ...GOOD };
    delete files['junit/model-unit.xml'];
    const r = await run(files);
    expect(test(r, 'infra-2').status).toBe('error');
    expect(test(r, 'infra-2').details.checks[0].message).toBe(
      'no file matches junit/model*.xml (looked for /mem/junit/model*.xml; expected a JUnit XML report)',
    );
  });

  it('min-score, section minimums and report mode', async () => {
    const strict = CONFIG.replace('min-score: 0', 'min-score: 2\n  min-section: { data: 1.5 }');
    const r = await run(GOOD, strict);
    expect(r.gate.passed).toBe(false);
    expect(r.score.final).toBe(1);
    expect(r.gate.reasons).toContain('score 1 is below min-score 2 (weakest section: Data, Model, Monitoring)');
    expect(r.gate.reasons).toContain('section Data has 1 points, below its minimum 1.5');
    const reportMode = await run(GOOD, strict.replace('gate:', 'gate:\n  mode: report'));
    expect(reportMode.gate).toMatchObject({ passed: true, wouldPass: false, mode: 'report' });
  });

  it('compares with a baseline report and enforces max-score-drop', async () => {
    const headLike = await run(GOOD);
    const base = { ...headLike, tests: headLike.tests.map((t) => (t.id === 'infra-3' ? { ...t, status: 'pass' as const, points: 1 } : t)) };
    base.score = {
      ...base.score,
      final: 2,
      sections: { ...base.score.sections, infrastructure: { ...base.score.sections.infrastructure, points: 3 } },
    };
    const r = await run(
      GOOD,
      CONFIG.replace('min-score: 0', 'min-score: 0\n  max-score-drop: 0.5'),
      textBaseline('base.json', JSON.stringify(base)),
    );
    expect(r.baseline?.source).toBe('base.json');
    expect(r.delta?.final).toBe(-1);
    expect(r.delta?.sections.infrastructure).toBe(-1);
    expect(r.delta?.tests).toEqual([{ id: 'infra-3', from: 'pass', to: 'missing' }]);
    expect(r.gate.reasons).toContain('score dropped by -1 against the base branch; max-score-drop is 0.5');
  });

  it('an invalid baseline is ignored with a warning, never a made-up delta', async () => {
    const r = await run(GOOD, CONFIG, textBaseline('base.json', '{"schemaVersion": 1, "score": 3}'));
    expect(r.baseline).toBeNull();
    expect(r.delta).toBeNull();
    expect(r.diagnostics.find((d) => d.level === 'warning')?.message).toMatch(/^baseline ignored: base\.json: invalid ml-test-gate report/);
  });

  it('if-no-baseline: fail fails the gate without a baseline', async () => {
    const r = await run(GOOD, CONFIG.replace('min-score: 0', 'min-score: 0\n  if-no-baseline: fail'));
    expect(r.gate.reasons).toContain('no baseline report was found and if-no-baseline is fail');
  });

  it('the if-no-baseline override (action input) wins over the config', async () => {
    const r = await evaluateGate({
      config: parseConfig('c.yml', CONFIG),
      configFile: 'c.yml',
      workspace: memoryWorkspace(GOOD),
      baseline: noBaseline('none'),
      now,
      overrides: { ifNoBaseline: 'fail' },
    });
    expect(r.gate.reasons).toContain('no baseline report was found and if-no-baseline is fail');
  });

  it('an internal error in one evaluator fails the gate but keeps the report', async () => {
    const r = await evaluateGate({
      config: parseConfig('c.yml', CONFIG),
      configFile: 'c.yml',
      workspace: memoryWorkspace(GOOD),
      baseline: noBaseline('none'),
      now,
      evaluators: [
        {
          name: 'boom',
          tests: [],
          config: [],
          formats: [],
          run: async () => {
            throw new Error('kaput');
          },
        },
      ],
    });
    expect(r.gate.passed).toBe(false);
    expect(r.gate.reasons[0]).toContain('internal error in the boom checks: kaput');
    expect(r.tests).toHaveLength(28);
  });

  it('a future schemaVersion is an error on every test that reads the file, whichever reader met it first (monitor-4 too)', async () => {
    const config = `${CONFIG}infra:\n  staleness: { model: { file: eval.json, field: model.trainedAt, max-age-days: 3650 } }\n`;
    const future = JSON.stringify({
      schemaVersion: 2,
      model: { name: 'm', trainedAt: '2026-11-01T00:00:00Z' },
      task: 'binary',
      metrics: {},
    });
    const r = await run({ ...GOOD, 'eval.json': future }, config);
    for (const id of ['infra-4', 'model-5', 'monitor-4']) {
      expect(test(r, id).status, id).toBe('error');
      expect(test(r, id).details.checks.map((c) => c.message)).toContain(
        'eval.json: schemaVersion 2 is newer than this ml-test-gate understands (it reads evaluation report schemaVersion 1); upgrade ml-test-gate',
      );
    }
    // the same file at the current version: monitor-4 passes
    const ok = await run({ ...GOOD, 'eval.json': future.replace('"schemaVersion":2', '"schemaVersion":1') }, config);
    expect(test(ok, 'monitor-4').status).toBe('pass');
  });

  it('huge evidence text is capped in the report: a 1 MB test name at the JUnit reader, a 1 MB feature name in every message', async () => {
    const name = 'n'.repeat(1024 * 1024);
    const r = await run({ ...GOOD, 'junit/model-unit.xml': junit(`<testcase name="${name}"><failure message="x"/></testcase>`) });
    expect(JSON.stringify(r).length).toBeLessThan(100_000);
    expect(test(r, 'infra-2').status).toBe('fail');
    expect(test(r, 'infra-2').details.checks[0].message).toMatch(/failing: n{200,}… \(1,04\d,\d{3} more characters\) …n{70,} \(x\)/);

    const feature = (n: string) => ({
      name: n,
      type: 'string',
      count: 1,
      missing: 0,
      categorical: { distinct: 1, top: [{ value: 'x', count: 1 }] },
    });
    const snapshot = JSON.stringify({
      schemaVersion: 1,
      dataset: { name: 't' },
      rows: 1,
      features: [feature(`${name}_tmp_`), feature('ok')],
    });
    const d = await run({ ...GOOD, 'train.json': snapshot }, `${CONFIG}data:\n  training: train.json\n  meta: { deny: ["*_tmp_*"] }\n`);
    const checks = test(d, 'data-4').details.checks;
    expect(checks.find((c) => c.status === 'fail')!.message).toMatch(
      /^"n{2990,}… \(1,04\d,\d{3} more characters\) …n{900,}_tmp_"[^"]*deny-list entry "\*_tmp_\*"/,
    );
    for (const c of checks) expect(c.message.length).toBeLessThan(4100);
    for (const t of d.tests) expect(t.details.summary.length).toBeLessThan(4100);
    for (const reason of d.gate.reasons) expect(reason.length).toBeLessThan(4100);
  });
});
