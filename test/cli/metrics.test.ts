import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricsCommand } from '../../src/cli/metrics.js';

const dir = mkdtempSync(path.join(tmpdir(), 'mtg-cli-metrics-'));
writeFileSync(path.join(dir, 'p.csv'), 'y,p,c\n1,0.8,a\n1,0.5,a\n0,0.5,b\n0,0.2,b\n1,0.9,b\n0,0.1,a\n');

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await metricsCommand(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd: dir });
  return { code, out, err };
}

describe('ml-test-gate metrics', () => {
  it('--json: metrics map each name to {value, ci}, with slices', async () => {
    const r = await cli(
      '--predictions',
      'p.csv',
      '--task',
      'binary',
      '--label',
      'y',
      '--score',
      'p',
      '--slice',
      'c',
      '--json',
      '--resamples',
      '200',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    // positives 0.8, 0.5, 0.9; negatives 0.5, 0.2, 0.1: 8.5 / 9
    expect(j.metrics.roc_auc.value).toBeCloseTo(8.5 / 9, 12);
    expect(j.metrics.accuracy.value).toBeCloseTo(5 / 6, 12);
    expect(j.metrics.accuracy.ci).toHaveLength(2);
    expect(j.methods.accuracy).toMatch(/Wilson/);
    expect(j.slices.map((s: { value: string; n: number }) => [s.value, s.n])).toEqual([
      ['a', 3],
      ['b', 3],
    ]);
    for (const m of Object.values(j.metrics) as Array<{ value: number | null; ci: unknown }>)
      expect(Object.keys(m).sort()).toEqual(['ci', 'value']);
  });

  it('prints a readable table without --json', async () => {
    const r = await cli('--predictions', 'p.csv', '--task', 'binary', '--label', 'y', '--score', 'p', '--resamples', '100');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/roc_auc\s+0\.9444/);
  });

  it('exits 2 with one clear line for bad flags and bad input', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--task', 'binary', '--label', 'y', '--score', 'p'], /--predictions FILE is required/],
      [['--predictions', 'p.csv', '--task', 'binry', '--label', 'y', '--score', 'p'], /did you mean binary/],
      [['--predictions', 'p.csv', '--task', 'binary', '--label', 'y'], /needs --score/],
      [['--predictions', 'p.csv', '--task', 'binary', '--label', 'y', '--score', 'p', '--threshold', 'x'], /--threshold expects a number/],
      [['--predictions', 'p.csv', '--task', 'binary', '--label', 'y', '--score', 'q'], /p\.csv, line 1, column "q": missing column "q"/],
      [['--predictions', 'nope.csv', '--task', 'binary', '--label', 'y', '--score', 'p'], /nope\.csv: file not found/],
      [['--predictions', 'p.csv', '--task', 'binary', '--label', 'y', '--score', 'p', '--bogus'], /unknown option --bogus/],
    ];
    for (const [argv, re] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(re);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });
});
