import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

/** Parse the GITHUB_OUTPUT file (name<<DELIM ... DELIM blocks, or name=value lines). */
export function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const body: string[] = [];
      while (++i < lines.length && lines[i] !== heredoc[2]) body.push(lines[i]);
      out[heredoc[1]] = body.join('\n');
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=');
      out[lines[i].slice(0, at)] = lines[i].slice(at + 1);
    }
  }
  return out;
}

/** Node 20 (this machine) always; Node 24 (what GitHub runs) when .ci/run provided its binary. */
const RUNTIMES: Array<[string, string | undefined]> = [
  [`node ${process.versions.node}`, process.execPath],
  ['node 24', process.env.ML_TEST_GATE_NODE24 && existsSync(process.env.ML_TEST_GATE_NODE24) ? process.env.ML_TEST_GATE_NODE24 : undefined],
];

function runAction(node: string, config: string, inputs: Record<string, string> = {}) {
  const ws = mkdtempSync(path.join(os.tmpdir(), 'mtg-action-'));
  mkdirSync(path.join(ws, '.github'));
  writeFileSync(path.join(ws, '.github/ml-test-gate.yml'), config);
  writeFileSync(
    path.join(ws, 'features.xml'),
    '<testsuites><testsuite name="s"><testcase name="a"/><testcase name="b"/></testsuite></testsuites>',
  );
  const event = path.join(ws, 'event.json');
  writeFileSync(event, JSON.stringify({ ref: 'refs/heads/main', repository: { name: 'r', owner: { login: 'o' } } }));
  const output = path.join(ws, 'output.txt');
  const summary = path.join(ws, 'summary.md');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: ws,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: event,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_SHA: 'a'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    RUNNER_TEMP: path.join(ws, 'tmp'),
    'INPUT_GITHUB-TOKEN': 'ghs_secret_token_value',
    INPUT_BASELINE: 'none',
    INPUT_COMMENT: 'false',
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const r = spawnSync(node, [path.join(ROOT, 'dist/index.js')], { cwd: ws, env, encoding: 'utf8', timeout: 30_000 });
  return { ...r, outputs: readOutputs(output), summary: readFileSync(summary, 'utf8'), ws };
}

describe.each(RUNTIMES)('the bundled action (dist/index.js) on %s with the runner environment', (_name, node) => {
  if (!node) {
    it.skip('Node 24 binary not installed (set ML_TEST_GATE_NODE24; .ci/run does)', () => {});
    return;
  }
  it('passes: outputs, job summary, exit code 0', () => {
    const r = runAction(node, 'gate:\n  min-score: 0\ntests:\n  feature: features.xml\n');
    expect(r.status).toBe(0);
    expect(r.outputs.passed).toBe('true');
    expect(r.outputs.score).toBe('0');
    expect(r.outputs.level).toContain('research project');
    expect(r.outputs['base-score']).toBe('');
    expect(readFileSync(r.outputs['report-path'], 'utf8')).toContain('"schemaVersion": 1');
    expect(r.summary).toContain('ML Test Score');
    expect(r.summary).toContain('| data-7 | All input feature code is tested | ✅ pass |');
    expect(r.stdout + r.stderr).not.toContain('ghs_secret_token_value');
  });

  it('fails: exit code 1, ::error, outputs and summary still written', () => {
    const r = runAction(node, 'gate:\n  min-score: 0\ntests:\n  feature: features.xml\n', { 'MIN-SCORE': '1' });
    expect(r.status).toBe(1);
    expect(r.outputs.passed).toBe('false');
    expect(r.stdout).toContain('::error::ML Test Score 0/7: gate failed: score 0 is below min-score 1');
    expect(r.summary).toContain('## ❌ Gate failed: score 0 is below min-score 1 · ML Test Score 0/7 (no baseline)');
  });

  it('a bad config fails the step with one message naming the file and field', () => {
    const r = runAction(node, 'gate:\n  min-score: high\n');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('::error::.github/ml-test-gate.yml:2: gate.min-score: expected a number, got "high"');
    expect(r.stdout).not.toMatch(/\n\s+at /);
  });
});
