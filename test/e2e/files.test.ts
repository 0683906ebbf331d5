import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractFile, listZip } from '../../src/github/zip.js';
import { FakeGitHub } from './fake-github.js';
import { BASE_SHA, cleanup, makeWorkspace, PR, RUNTIMES, runAction, runtimeToken, TOKEN, type RunResult } from './harness.js';

/**
 * Issue 11, the file side (items 2, 7 and 8): one end-to-end test per attack, against dist/index.js and
 * the fake API, on Node 20 and (when ML_TEST_GATE_NODE24 is set) on Node 24. Each failed on the code
 * before the hardening; the before and after of each is in docs/security.md ("Evidence files").
 */

let api: FakeGitHub;
let dir = '';

beforeEach(async () => {
  api = await new FakeGitHub().start();
  api.prFiles.set(PR, []);
});
afterEach(async () => {
  await api.stop();
  if (dir) cleanup(dir);
  dir = '';
});

const MARKER = '<!-- ml-test-gate:default -->';
const GB = 1024 * 1024 * 1024;
const repo = (...p: string[]) => path.join(dir, 'repo', ...p);
const outside = (...p: string[]) => path.join(dir, 'outside', ...p);

/** A file outside the checkout (next to it, as a runner's other directories are). */
function putOutside(rel: string, text: string | Buffer): string {
  mkdirSync(path.dirname(outside(rel)), { recursive: true });
  writeFileSync(outside(rel), text);
  return outside(rel);
}

function link(rel: string, target: string): void {
  mkdirSync(path.dirname(repo(rel)), { recursive: true });
  symlinkSync(target, repo(rel));
}

const ourComments = () => (api.comments.get(PR) ?? []).filter((c) => c.body.startsWith(MARKER));

/** Everything the run published or wrote: comment, check runs, summary, outputs, report.json, the artifact, stdout and stderr. */
function everything(r: RunResult): string {
  const parts = [r.stdout, r.stderr, r.summary, JSON.stringify(r.outputs)];
  for (const list of api.comments.values()) for (const c of list) parts.push(c.body);
  for (const c of api.checkRuns) parts.push(JSON.stringify(c));
  const report = r.outputs['report-path'];
  if (report && existsSync(report)) {
    parts.push(readFileSync(report, 'utf8'));
    const md = path.join(path.dirname(report), 'comment.md');
    if (existsSync(md)) parts.push(readFileSync(md, 'utf8'));
  }
  for (const zip of api.uploads.values()) for (const e of listZip(zip)) parts.push(extractFile(zip, e.name, 1e9)!.toString('utf8'));
  return parts.join('\n');
}

/** The artifact service and a check run, so that every output path is exercised. */
const publishAll = {
  inputs: { 'check-name': 'ML Test Score', baseline: 'none' },
  env: () => ({ ACTIONS_RUNTIME_TOKEN: runtimeToken(), ACTIONS_RESULTS_URL: `${api.url}/` }),
};

function reportOf(r: RunResult): {
  tests: Array<{ id: string; status: string; details: { checks: Array<{ status: string; message: string }> } }>;
  diagnostics: Array<{ level: string; message: string }>;
} {
  return JSON.parse(readFileSync(r.outputs['report-path'], 'utf8'));
}

/** The messages of one rubric test's checks. */
function messagesOf(r: RunResult, id: string): string {
  const t = reportOf(r).tests.find((x) => x.id === id)!;
  return t.details.checks.map((c) => `${c.status}: ${c.message}`).join('\n');
}

function statusOf(r: RunResult, id: string): string {
  return reportOf(r).tests.find((x) => x.id === id)!.status;
}

/** No stack trace, no "internal error", no "This is a bug" for anything a user or attacker controls. */
function noCrash(r: RunResult): void {
  expect(r.stdout + r.stderr).not.toMatch(/internal error|This is a bug|\n\s+at .+:\d+:\d+|Maximum call stack|heap out of memory/i);
}

/** A preload that writes the process's peak resident set size (kB) to MTG_RSS_OUT when it exits. */
function rssProbe(): { env: Record<string, string>; peakBytes: () => number } {
  const probe = path.join(dir, 'tmp', 'rss-probe.cjs');
  const out = path.join(dir, 'tmp', 'rss.txt');
  writeFileSync(
    probe,
    "process.on('exit', () => require('node:fs').writeFileSync(process.env.MTG_RSS_OUT, String(process.resourceUsage().maxRSS)));\n",
  );
  return {
    env: { NODE_OPTIONS: `--require ${probe}`, MTG_RSS_OUT: out },
    peakBytes: () => (existsSync(out) ? Number(readFileSync(out, 'utf8')) * 1024 : Infinity),
  };
}

const EVAL_REPORT = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    schemaVersion: 1,
    model: { name: 'gbt', trainedAt: '2026-11-20T00:00:00Z' },
    task: 'binary',
    metrics: { roc_auc: 0.91 },
    ...over,
  });

const junit = (name: string, failure?: string) =>
  `<?xml version="1.0"?><testsuite name="s" tests="1" failures="${failure ? 1 : 0}"><testcase classname="t" name="${name}">${
    failure ? `<failure message="${failure}"/>` : ''
  }</testcase></testsuite>\n`;

/** A config with the three JUnit reports of the harness's workspace and `extra` sections. */
const config = (extra: string) =>
  [
    'version: 1',
    'tests:',
    '  feature: evidence/junit/features.xml',
    '  model: evidence/junit/model.xml',
    '  pipeline: evidence/junit/pipeline.xml',
    extra,
  ].join('\n');

describe.each(RUNTIMES)('evidence files (issue 11, items 2, 7, 8) on %s', (_name, node) => {
  if (!node) {
    it.skip('Node 24 binary not installed (set ML_TEST_GATE_NODE24; .ci/run does)', () => {});
    return;
  }

  describe('2. reads confined to the workspace', () => {
    it('symlinks to /proc/self/environ and to a secret file: refused by name, the secret appears nowhere', async () => {
      dir = makeWorkspace(
        config(
          [
            'model:',
            '  eval-report: evidence/eval.json',
            '  thresholds: { roc_auc: { min: 0.5 } }',
            'infra:',
            '  staleness: { model: { file: evidence/environ.json, field: model.trainedAt, max-age-days: 30 } }',
          ].join('\n'),
        ).replace('pipeline: evidence/junit/pipeline.xml', 'pipeline: evidence/junit/p*.xml'),
      );
      const secret = `${TOKEN} AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`;
      link('evidence/eval.json', putOutside('secret.txt', secret));
      link('evidence/environ.json', '/proc/self/environ');
      link('evidence/junit/pipeline-2.xml', putOutside('secret.xml', junit('t', secret)));
      const r = await runAction({
        dir,
        api,
        node,
        inputs: publishAll.inputs,
        env: { ...publishAll.env(), MTG_E2E_CANARY: 'canary-9f8e7d' },
      });
      noCrash(r);
      const all = everything(r);
      for (const leak of [TOKEN, 'e2eSecret', 'AKIAIOSFODNN7', 'wJalrXUtn', 'canary-9f8e7d', 'MTG_E2E', 'PATH=', 'GITHUB_']) {
        expect(all, leak).not.toContain(leak);
      }
      // each reader says which path it refused, and why, on the rubric test that needed it
      expect(messagesOf(r, 'infra-4')).toMatch(/evidence\/eval\.json.*outside the repository/);
      expect(messagesOf(r, 'monitor-4')).toMatch(/evidence\/environ\.json.*outside the repository/);
      expect(messagesOf(r, 'infra-3')).toMatch(/evidence\/junit\/pipeline-2\.xml.*outside the repository/);
      for (const id of ['infra-4', 'monitor-4', 'infra-3']) expect(statusOf(r, id)).toBe('error');
      expect(r.code).toBe(1);
      expect(ourComments()).toHaveLength(1);
      expect(api.checkRuns).toHaveLength(1);
      expect(api.uploads.size).toBe(1);
    });

    it('a prediction table symlinked out of the checkout (the table reader opens it itself): refused, the header appears nowhere', async () => {
      dir = makeWorkspace(
        config(
          'model:\n  predictions: { file: evidence/preds.csv.gz, task: binary, columns: { label: y, score: p } }\n  thresholds: { roc_auc: { min: 0.5 } }\n',
        ),
      );
      link('evidence/preds.csv.gz', putOutside('secret.csv.gz', gzipSync(`${TOKEN},AKIAIOSFODNN7EXAMPLE\n1,0.5\n`)));
      const r = await runAction({ dir, api, node, inputs: publishAll.inputs, env: publishAll.env() });
      noCrash(r);
      const all = everything(r);
      for (const leak of [TOKEN, 'e2eSecret', 'AKIAIOSFODNN7']) expect(all, leak).not.toContain(leak);
      expect(messagesOf(r, 'infra-4')).toMatch(
        /evidence\/preds\.csv\.gz leads through a symlink to a place outside the repository root: refused/,
      );
      expect(statusOf(r, 'infra-4')).toBe('error');
    });

    it('absolute paths, .. and globs that climb out, and a symlinked directory: refused, nothing outside is read', async () => {
      dir = makeWorkspace('');
      const eval_ = putOutside(
        'shared/eval.json',
        EVAL_REPORT({ model: { name: 'LEAKED-MODEL-NAME', trainedAt: '2026-11-20T00:00:00Z' } }),
      );
      putOutside('shared/features.xml', junit('LEAKED-CASE-NAME'));
      putOutside('shared/deeper/model.xml', junit('LEAKED-CASE-NAME'));
      link('evidence/linked', outside('shared'));
      writeFileSync(
        repo('.github/ml-test-gate.yml'),
        [
          'version: 1',
          'model:',
          `  eval-report: ${eval_}`,
          '  thresholds: { roc_auc: { min: 0.5 } }',
          'infra:',
          '  staleness: { model: { file: ../outside/shared/eval.json, field: model.trainedAt, max-age-days: 30 } }',
          'tests:',
          '  feature: ../outside/shared/*.xml',
          '  model: evidence/linked/**/*.xml',
          '  pipeline: evidence/junit/pipeline.xml',
        ].join('\n'),
      );
      const r = await runAction({ dir, api, node, inputs: publishAll.inputs, env: publishAll.env() });
      noCrash(r);
      const all = everything(r);
      expect(all).not.toContain('LEAKED-');
      expect(messagesOf(r, 'infra-4')).toMatch(/outside the repository/);
      expect(messagesOf(r, 'infra-4')).toContain(eval_);
      expect(messagesOf(r, 'monitor-4')).toMatch(/\.\.\/outside\/shared\/eval\.json.*outside the repository/);
      expect(messagesOf(r, 'data-7')).toMatch(/\.\.\/outside\/shared\/\*\.xml.*outside the repository/);
      // the glob does not follow a symlinked directory out of the checkout, and says so
      expect(messagesOf(r, 'infra-2')).toMatch(/evidence\/linked\/\*\*\/\*\.xml leads through a symlink to a place outside the repository/);
      for (const id of ['infra-4', 'monitor-4', 'data-7', 'infra-2']) expect(statusOf(r, id)).toBe('error');
      expect(statusOf(r, 'infra-3')).toBe('pass');
    });

    it('workspace.extra-roots lets in a named directory outside the checkout, and only that one', async () => {
      dir = makeWorkspace('');
      putOutside('dvc-cache/eval.json', EVAL_REPORT());
      putOutside('dvc-cache/features.xml', junit('ok_case'));
      putOutside('elsewhere/model.xml', junit('LEAKED-CASE-NAME'));
      link('evidence/cache', outside('dvc-cache'));
      writeFileSync(
        repo('.github/ml-test-gate.yml'),
        [
          'version: 1',
          'workspace:',
          '  extra-roots: [../outside/dvc-cache]',
          'model:',
          '  eval-report: ../outside/dvc-cache/eval.json',
          '  thresholds: { roc_auc: { min: 0.5 } }',
          'tests:',
          '  feature: evidence/cache/*.xml', // a symlink into the extra root is fine
          '  model: ../outside/elsewhere/model.xml',
          '  pipeline: evidence/junit/pipeline.xml',
        ].join('\n'),
      );
      const r = await runAction({ dir, api, node, inputs: publishAll.inputs });
      noCrash(r);
      expect(statusOf(r, 'infra-4')).toBe('pass');
      expect(statusOf(r, 'data-7')).toBe('pass');
      expect(statusOf(r, 'infra-2')).toBe('error');
      expect(messagesOf(r, 'infra-2')).toMatch(/\.\.\/outside\/elsewhere\/model\.xml.*outside the repository.*workspace\.extra-roots/);
      expect(everything(r)).not.toContain('LEAKED-');
    });

    it('with config-source base, extra-roots come from the base config: a pull request cannot add one', async () => {
      dir = makeWorkspace('');
      putOutside('dvc-cache/features.xml', junit('LEAKED-CASE-NAME'));
      const cfg = (roots: string) =>
        [
          'version: 1',
          roots,
          'tests:',
          '  feature: ../outside/dvc-cache/features.xml',
          '  model: evidence/junit/model.xml',
          '  pipeline: evidence/junit/pipeline.xml',
        ].join('\n');
      api.contents.set(`${BASE_SHA}:.github/ml-test-gate.yml`, cfg(''));
      writeFileSync(repo('.github/ml-test-gate.yml'), cfg('workspace: { extra-roots: [../outside/dvc-cache] }'));
      const r = await runAction({ dir, api, node, inputs: { 'config-source': 'base', baseline: 'none' } });
      noCrash(r);
      expect(statusOf(r, 'data-7')).toBe('error');
      expect(messagesOf(r, 'data-7')).toMatch(/outside the repository/);
      expect(ourComments()[0].body).toContain('`workspace.extra-roots`');
      expect(everything(r)).not.toContain('LEAKED-');

      // the same pull request with config-source head reads it (the PR's own config is in charge there)
      await api.stop();
      api = await new FakeGitHub().start();
      api.prFiles.set(PR, []);
      const h = await runAction({ dir, api, node, inputs: { baseline: 'none' } });
      expect(statusOf(h, 'data-7')).toBe('pass');
    });

    it('a token inside a workspace file is redacted wherever an excerpt of the file is shown', async () => {
      dir = makeWorkspace(
        config(
          'model:\n  predictions: { file: evidence/preds.csv, task: binary, columns: { label: y, score: p } }\n  thresholds: { roc_auc: { min: 0.5 } }\n',
        ).replace('pipeline: evidence/junit/pipeline.xml', 'pipeline: evidence/junit/leaky.xml'),
        {
          'evidence/preds.csv': `GITHUB_TOKEN=${TOKEN},ghp_${'A1b2C3d4'.repeat(5)}\n1,0.5\n`,
          'evidence/junit/leaky.xml': junit(
            'test_env',
            `env leaked: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlc2ln ${TOKEN}`,
          ),
        },
      );
      const r = await runAction({ dir, api, node, inputs: publishAll.inputs, env: publishAll.env() });
      noCrash(r);
      const all = everything(r);
      for (const leak of [TOKEN, 'e2eSecret', 'A1b2C3d4A1b2', 'eyJhbGciOiJIUzI1NiJ9', 'c2lnbmF0dXJl'])
        expect(all, leak).not.toContain(leak);
      expect(messagesOf(r, 'infra-4')).toMatch(/evidence\/preds\.csv.*missing column/);
      expect(messagesOf(r, 'infra-4')).toContain('[redacted]');
      expect(messagesOf(r, 'infra-3')).toContain('[redacted]');
    });
  });

  describe('7. limits', () => {
    it('a 270 KB gzip expanding to 30M rows stops at limits.max-rows, with the real defaults, under 2 GB', async () => {
      dir = makeWorkspace(
        config(
          'model:\n  predictions: { file: evidence/bomb.csv.gz, task: binary, columns: { label: y, score: p } }\n  thresholds: { roc_auc: { min: 0.5 } }\n',
        ),
      );
      // 30M rows of "1,0.5\n": one 16 MiB gzip member repeated (gunzip reads concatenated members as one stream)
      const rows = Math.floor((16 << 20) / 6);
      const member = gzipSync(Buffer.from('1,0.5\n'.repeat(rows)), { level: 9 });
      writeFileSync(repo('evidence/bomb.csv.gz'), gzipSync(Buffer.from('y,p\n')));
      for (let n = 0; n < 30_000_000; n += rows) appendFileSync(repo('evidence/bomb.csv.gz'), member);
      expect(statSync(repo('evidence/bomb.csv.gz')).size).toBeLessThan(300_000);
      const rss = rssProbe();
      const r = await runAction({ dir, api, node, inputs: publishAll.inputs, env: rss.env });
      noCrash(r);
      expect(messagesOf(r, 'infra-4')).toMatch(/evidence\/bomb\.csv\.gz.*more than 10,000,000 rows.*limits\.max-rows/);
      expect(statusOf(r, 'infra-4')).toBe('error');
      expect(rss.peakBytes()).toBeLessThan(2 * GB);
      expect(ourComments()).toHaveLength(1);
    }, 120_000);

    it('a 180 MB JSON file is refused before it is read (limits.max-json-bytes), with the real defaults', async () => {
      dir = makeWorkspace(config('model:\n  eval-report: evidence/huge.json\n  thresholds: { roc_auc: { min: 0.5 } }\n'));
      const chunk = '{"a":[1,2]},'.repeat(100_000);
      writeFileSync(repo('evidence/huge.json'), '[');
      while (statSync(repo('evidence/huge.json')).size < 180 * 1024 * 1024) appendFileSync(repo('evidence/huge.json'), chunk);
      appendFileSync(repo('evidence/huge.json'), '{}]');
      const rss = rssProbe();
      const r = await runAction({ dir, api, node, inputs: publishAll.inputs, env: rss.env });
      noCrash(r);
      expect(r.code).toBe(1);
      expect(messagesOf(r, 'infra-4')).toMatch(/evidence\/huge\.json is 1\d\d,\d{3},\d{3} bytes.*limits\.max-json-bytes.*67,108,864/);
      expect(rss.peakBytes()).toBeLessThan(2 * GB);
    }, 120_000);

    it('the JSON size limit is configurable, and checked while reading (a file whose size stat cannot tell)', async () => {
      dir = makeWorkspace(
        config(
          [
            'limits: { max-json-bytes: 1000 }',
            'model:',
            '  eval-report: evidence/eval.json',
            '  thresholds: { roc_auc: { min: 0.5 } }',
          ].join('\n'),
        ),
        { 'evidence/eval.json': EVAL_REPORT({ dataset: { name: 'x'.repeat(2000) } }) },
      );
      const r = await runAction({ dir, api, node, inputs: publishAll.inputs });
      noCrash(r);
      expect(messagesOf(r, 'infra-4')).toMatch(/evidence\/eval\.json is 2,\d{3} bytes.*limits\.max-json-bytes.*1,000/);
    });

    it('a 50 MB numeric cell: an error naming line, column and limits.max-cell-bytes; never copied into the report', async () => {
      dir = makeWorkspace(
        config(
          [
            'model:',
            '  predictions: { file: evidence/preds.csv, task: binary, columns: { label: y, score: p } }',
            '  thresholds: { roc_auc: { min: 0.5 } }',
            '  slices: { columns: [region], metrics: [roc_auc], thresholds: { roc_auc: { min: 0.5 } }, min-size: 1, compare: false }',
          ].join('\n'),
        ),
      );
      // before: the slice value was copied into the check messages, the slice table and the diagnostics (a 367 MB report.json)
      let csv = 'y,p,region\n';
      for (let i = 0; i < 400; i++) csv += `${i % 2},${i % 2 ? 0.8 : 0.2},${i % 3 ? 'north' : 'south'}\n`;
      writeFileSync(repo('evidence/preds.csv'), `${csv}1,0.9,${'7'.repeat(50 * 1024 * 1024)}\n`);
      const rss = rssProbe();
      const r = await runAction({ dir, api, node, inputs: publishAll.inputs, env: { ...publishAll.env(), ...rss.env } });
      noCrash(r);
      expect(messagesOf(r, 'infra-4')).toMatch(
        /evidence\/preds\.csv, line 402, column "region": .*52,428,800 bytes.*limits\.max-cell-bytes.*1,048,576/,
      );
      expect(statusOf(r, 'model-6')).toBe('error');
      expect(statSync(r.outputs['report-path']).size).toBeLessThan(200_000);
      expect(everything(r)).not.toContain('7'.repeat(100));
      expect(rss.peakBytes()).toBeLessThan(2 * GB);
    }, 60_000);

    it('JSON nested 100,000 deep: an error naming limits.max-json-depth; as the baseline, a warning and the run goes on', async () => {
      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      dir = makeWorkspace(config('model:\n  eval-report: evidence/deep.json\n  thresholds: { roc_auc: { min: 0.5 } }\n'), {
        'evidence/deep.json': deep,
        'baseline/report.json': `{"schemaVersion": 1, "x": ${deep}}`,
      });
      const r = await runAction({ dir, api, node, inputs: { baseline: 'baseline/report.json', 'check-name': 'ML Test Score' } });
      noCrash(r);
      expect(messagesOf(r, 'infra-4')).toMatch(/evidence\/deep\.json.*nested more than 256 deep.*limits\.max-json-depth/);
      const body = ourComments()[0].body;
      expect(body).toMatch(/baseline ignored: baseline\/report\.json.*nested more than 256 deep/);
      expect(reportOf(r).diagnostics.some((d) => d.level === 'warning' && /^baseline ignored: /.test(d.message))).toBe(true);
      expect(api.checkRuns).toHaveLength(1);
      expect(r.code).toBe(1);
    });

    it('a YAML alias bomb in the config: a config error naming the file, not an internal error', async () => {
      const bomb = [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
        'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
        'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
        'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
        'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
        'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
        'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
        'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
      ].join('\n');
      dir = makeWorkspace(bomb);
      const rss = rssProbe();
      const r = await runAction({ dir, api, node, env: rss.env });
      noCrash(r);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/::error::\.github\/ml-test-gate\.yml:\d+: .*YAML aliases/);
      expect(rss.peakBytes()).toBeLessThan(2 * GB);
    });

    it('YAML nested 100,000 deep in the config: a config error, not a stack overflow', async () => {
      dir = makeWorkspace(`version: 1\nx: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
      const r = await runAction({ dir, api, node });
      noCrash(r);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/::error::\.github\/ml-test-gate\.yml(:\d+)?: .*nested (more than|too)/);
    });

    it('the deny-list glob *_tmp_* against a 600 KB feature name finishes (linear-time matching)', async () => {
      // picomatch's RegExp backtracks between the stars on this name: quadratic, about 50 s of CPU here
      const name = `${'_tmp_'.repeat(120_000)}/x`;
      const feature = (n: string) => ({
        name: n,
        type: 'string',
        count: 10,
        missing: 0,
        categorical: { distinct: 1, top: [{ value: 'x', count: 10 }] },
      });
      const snapshot = {
        schemaVersion: 1,
        dataset: { name: 'train' },
        rows: 10,
        features: [feature(name), feature('load_tmp_x'), feature('age')],
      };
      dir = makeWorkspace(config('data:\n  training: evidence/train.snapshot.json\n  meta: { deny: ["*_tmp_*"] }\n'), {
        'evidence/train.snapshot.json': JSON.stringify(snapshot),
      });
      const r = await runAction({ dir, api, node, inputs: publishAll.inputs });
      noCrash(r);
      const msgs = messagesOf(r, 'data-4');
      expect(msgs).toMatch(/"load_tmp_x".*deny-list entry "\*_tmp_\*"/);
      expect(msgs).toMatch(/"_tmp__tmp_.*deny-list entry "\*_tmp_\*"/);
      expect(msgs).not.toMatch(/"age".*deny-list/);
      // and the name is not copied whole into each message (capped at 4,000 characters)
      expect(statSync(r.outputs['report-path']).size).toBeLessThan(2 * name.length);
    }, 20_000);
  });

  describe('8. smaller holes', () => {
    it.each([
      ['0 bytes', ''],
      ['only comments', '# ml-test-gate config\n# (nothing yet)\n'],
      ['null', 'null\n'],
    ])('an empty config (%s) fails the step: "config is empty"', async (_what, text) => {
      dir = makeWorkspace(text);
      const r = await runAction({ dir, api, node });
      noCrash(r);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/::error::\.github\/ml-test-gate\.yml: config is empty/);
    });

    it('a future schemaVersion makes every test that reads the file an error (monitor-4 too)', async () => {
      dir = makeWorkspace(
        config(
          [
            'model:',
            '  eval-report: evidence/eval.json',
            '  thresholds: { roc_auc: { min: 0.5 } }',
            'infra:',
            '  staleness: { model: { file: evidence/eval.json, field: model.trainedAt, max-age-days: 3650 } }',
          ].join('\n'),
        ),
        { 'evidence/eval.json': EVAL_REPORT({ schemaVersion: 2 }) },
      );
      const r = await runAction({ dir, api, node, inputs: { baseline: 'none' } });
      noCrash(r);
      for (const id of ['infra-4', 'monitor-4']) {
        expect(statusOf(r, id), id).toBe('error');
        expect(messagesOf(r, id)).toMatch(/evidence\/eval\.json: schemaVersion 2 is newer than this ml-test-gate understands/);
      }
    });

    it('an attestation link "javascript:alert(1)" is a config error, not half a point', async () => {
      dir = makeWorkspace(
        config('attestations:\n  - { test: data-6, by: someone, date: 2026-11-01, link: "javascript:alert(1)", expires-in-days: 180 }\n'),
      );
      const r = await runAction({ dir, api, node });
      noCrash(r);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/::error::\.github\/ml-test-gate\.yml:\d+: attestations\[0\]\.link: .*http/);
      expect(r.outputs.score ?? '').toBe('');
    });

    it('bare autolinks in evidence text (www., GH-n, owner/repo#n, https://) cannot become links in the comment', async () => {
      dir = makeWorkspace(config('').replace('pipeline: evidence/junit/pipeline.xml', 'pipeline: evidence/junit/links.xml'), {
        'evidence/junit/links.xml': junit(
          'see www.evil.example GH-12 acme/other#7 https://evil.example/x',
          'visit WWW.Evil.example or gh-34',
        ),
      });
      const r = await runAction({ dir, api, node, inputs: { baseline: 'none' } });
      noCrash(r);
      const body = ourComments()[0].body;
      expect(body).toContain('evil');
      // GitHub autolinks after character references are decoded: decode, then look
      const text = body.replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&');
      expect(text).not.toMatch(/www\.evil/i);
      expect(text).not.toMatch(/\bGH-\d/i);
      expect(text).not.toMatch(/other#7/);
      expect(text).not.toMatch(/https:\/\/evil/);
    });
  });
});
