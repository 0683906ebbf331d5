import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { roadmap } from '../../src/report/roadmap.js';
import { reportSchema } from '../../src/schemas/report.js';

const ROOT = path.resolve(__dirname, '../..');
const REPORT = 'examples/demo/history/2026-10-02.json';
const dir = mkdtempSync(path.join(os.tmpdir(), 'mtg-explain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[], cwd = ROOT) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, env: {} });
  return { code, stdout, stderr };
}

describe('ml-test-gate explain', () => {
  it('prints the verdict, every next step with its config keys and rubric page, and the maturity levels', async () => {
    const r = await cli(['explain', REPORT]);
    expect(r.code, r.stderr).toBe(0);
    const report = reportSchema.parse((await import(path.join(ROOT, REPORT), { with: { type: 'json' } })).default);
    const steps = roadmap(report).steps;
    expect(steps.length).toBeGreaterThan(10);
    expect(r.stdout).toMatch(/^(PASSED|FAILED|WARNING) Gate /);
    for (const s of steps) {
      expect(r.stdout).toContain(`${s.test} ${s.title} (+${s.gain} to `);
      expect(r.stdout).toContain(`guide: docs/rubric/${s.test}.md`);
    }
    expect(r.stdout).toContain(`config: ${steps[0].keys.join(', ')}`);
    expect(r.stdout).toContain('Google Cloud MLOps levels: level');
  });

  it('--json is the roadmap', async () => {
    const r = await cli(['explain', REPORT, '--json']);
    const m = JSON.parse(r.stdout);
    expect(m.steps[0]).toMatchObject({
      test: expect.stringMatching(/^[a-z]+-\d$/),
      keys: expect.any(Array),
      doc: { path: expect.stringMatching(/^docs\/rubric\//) },
    });
    expect(m.weakest.length).toBeGreaterThan(0);
  });

  it('a missing or invalid report is one line naming the file and where it looked (exit 2)', async () => {
    const missing = await cli(['explain'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      `explain: report not found: ml-test-gate-report.json (looked for ${path.join(dir, 'ml-test-gate-report.json')})`,
    );
    writeFileSync(path.join(dir, 'bad.json'), '{"schemaVersion": 1, "score": "high"}');
    const bad = await cli(['explain', 'bad.json'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^ml-test-gate: explain: bad\.json: invalid ml-test-gate report: /);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
