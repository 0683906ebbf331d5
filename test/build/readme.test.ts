// The README's minimal config is examples/minimal/, verbatim, and that example passes its own min-score;
// the README's config key -> rubric test table is the one the roadmap uses.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { keyTable } from '../../src/report/routes.js';
import { SECTIONS } from '../../src/rubric/tests.js';
import type { Report } from '../../src/schemas/report.js';

const ROOT = path.resolve(__dirname, '../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const MINIMAL = 'examples/minimal/.github/ml-test-gate.yml';
const dir = mkdtempSync(path.join(os.tmpdir(), 'mtg-minimal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the README', () => {
  it("shows examples/minimal's config verbatim as the minimal config", () => {
    const blocks = [...README.matchAll(/```yaml\n(version: 1\n[\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).toContain(readFileSync(path.join(ROOT, MINIMAL), 'utf8'));
  });

  it('has the config key -> rubric test table the roadmap uses (node scripts/gen-docs.mjs writes it)', () => {
    const block = /<!-- config-keys:start[^>]*-->\n([\s\S]*?)\n<!-- config-keys:end -->/.exec(README);
    expect(block?.[1]).toBe(keyTable());
  });

  it('documents --root, init and explain', () => {
    expect(README).toContain('ml-test-gate init [--root DIR] [--force] [--dry-run]');
    expect(README).toContain('ml-test-gate explain [REPORT] [--json]');
    expect(README).toMatch(/Paths in the config are relative to the \*\*repository root\*\*, wherever the command runs: `--root DIR`/);
  });
});

describe('examples/minimal', () => {
  it('passes its own min-score today, with at least 2 points in every section', async () => {
    const out = { stdout: '', stderr: '' };
    const code = await main(['run', '--root', 'examples/minimal', '--report-out', path.join(dir, 'r.json')], {
      stdout: (s) => (out.stdout += s),
      stderr: (s) => (out.stderr += s),
      cwd: ROOT,
      env: {},
    });
    expect(code, out.stderr).toBe(0);
    const r: Report = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8'));
    expect(r.gate.passed).toBe(true);
    expect(r.gate.reasons).toEqual([]);
    const minScore = Number(/min-score: (\d+(?:\.\d+)?)/.exec(readFileSync(path.join(ROOT, MINIMAL), 'utf8'))![1]);
    expect(r.score.final).toBeGreaterThanOrEqual(minScore);
    for (const s of SECTIONS) expect(r.score.sections[s].points, s).toBeGreaterThanOrEqual(2);
    expect(r.tests.filter((t) => t.status === 'error' || t.status === 'fail')).toEqual([]);
  });
});
