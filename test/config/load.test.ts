import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';

function problem(text: string): string {
  try {
    parseConfig('.github/ml-test-gate.yml', text);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('config validation', () => {
  it('accepts a minimal config and applies defaults', () => {
    const c = parseConfig('c.yml', 'gate:\n  min-score: 2\n');
    expect(c.gate['min-score']).toBe(2);
    expect(c.gate.mode).toBe('enforce');
    expect(c.gate['if-no-baseline']).toBe('warn');
    expect(c.attestations).toEqual([]);
  });

  it.each([
    ['0 bytes', ''],
    ['whitespace', '\n  \n'],
    ['only comments', '# the gate\n# (to do)\n'],
    ['null', 'null\n'],
    ['~', '~\n'],
  ])('an empty config (%s) is an error: a truncated checkout must not pass with every test missing', (_what, text) => {
    expect(problem(text)).toMatch(/^\.github\/ml-test-gate\.yml: config is empty; expected at least `version: 1`/);
  });

  it('an explicit empty mapping is a config (all defaults)', () => {
    expect(parseConfig('c.yml', '{}\n').gate.mode).toBe('enforce');
  });

  it('a YAML alias bomb is a config error naming the line of the first alias, not an internal error', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [n, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
      ['g', 'f'],
    ])
      lines.push(`${n}: &${n} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    const m = problem(lines.join('\n'));
    expect(m).toMatch(/^\.github\/ml-test-gate\.yml:2: YAML aliases expand too often \(more than 100 times/);
  });

  it('a few aliases are fine (a config may reuse a block)', () => {
    const c = parseConfig('c.yml', 'model:\n  thresholds: { roc_auc: &t { min: 0.8 }, accuracy: *t, f1: *t }\n');
    expect(c.model?.thresholds?.f1).toEqual({ min: 0.8 });
  });

  it.each([
    ['flow, 100,000 deep', `x: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`],
    ['flow, 40 deep', `gate: ${'['.repeat(40)}${']'.repeat(40)}\n`],
    ['block, 40 deep', Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' 1\n'],
  ])('YAML nested too deep (%s) is a config error, not a stack overflow', (_what, text) => {
    const m = problem(text);
    expect(m).toMatch(/YAML nested more than 32 deep/);
    expect(m).not.toMatch(/Maximum call stack/);
  });

  it('attestation and approval links must be http(s): javascript: and data: are config errors', () => {
    for (const link of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://example.com/x', 'https://wiki.example.com/a b']) {
      const m = problem(`attestations:\n  - { test: data-6, by: a, date: 2026-01-02, link: "${link}" }\n`);
      expect(m, link).toMatch(
        /^\.github\/ml-test-gate\.yml:2: attestations\[0\]\.link: expected an http:\/\/ or https:\/\/ URL to the documented result/,
      );
    }
    expect(problem('data:\n  privacy:\n    approvals:\n      - { feature: age, by: a, date: 2026-01-02, link: "javascript:x" }\n')).toMatch(
      /data\.privacy\.approvals\[0\]\.link: expected an http:\/\/ or https:\/\/ URL to the approval/,
    );
    expect(
      parseConfig('c.yml', 'attestations:\n  - { test: data-6, by: a, date: 2026-01-02, link: "http://wiki/x" }\n').attestations,
    ).toHaveLength(1);
  });

  it('workspace.extra-roots and limits are settings with documented defaults', () => {
    const c = parseConfig('c.yml', 'version: 1\n');
    expect(c.workspace['extra-roots']).toEqual([]);
    expect(c.limits).toEqual({
      'max-rows': 10_000_000,
      'max-decompressed-bytes': 2 * 1024 ** 3,
      'max-cell-bytes': 1024 ** 2,
      'max-json-bytes': 64 * 1024 ** 2,
      'max-json-depth': 256,
      'max-json-values': 1_000_000,
    });
    expect(problem('limits: { max-rows: 0 }\n')).toContain('limits.max-rows: expected a number > 0, got 0');
    expect(problem('limits: { max-row: 5 }\n')).toContain('unknown key "max-row" (did you mean "max-rows"?)');
  });

  it('names file, line and path for a wrong type', () => {
    expect(problem('version: 1\ngate:\n  min-score: high\n')).toBe(
      '.github/ml-test-gate.yml:3: gate.min-score: expected a number, got "high"' + '',
    );
  });

  it('suggests the nearest key for an unknown key', () => {
    const m = problem('gate:\n  min_score: 2\n');
    expect(m).toContain(':2: gate: unknown key "min_score" (did you mean "min-score"?)');
    expect(problem('gaet:\n  min-score: 2\n')).toContain('unknown key "gaet" (did you mean "gate"?)');
  });

  it('lists valid keys when nothing is near', () => {
    expect(problem('zzzzzzzz: 1\n')).toMatch(/unknown key "zzzzzzzz"; valid keys: .*gate/);
  });

  it('reports invalid YAML with its line', () => {
    const m = problem('gate:\n  min-score: 2\n    mode: [\n');
    expect(m).toMatch(/^\.github\/ml-test-gate\.yml:\d+: invalid YAML/);
  });

  it('rejects a top-level list', () => {
    expect(problem('- a\n- b\n')).toContain('expected a mapping');
  });

  it('rejects out-of-range numbers and bad enums with the allowed values', () => {
    expect(problem('gate:\n  min-score: 9\n')).toContain('gate.min-score: expected a number <= 7, got 9');
    expect(problem('gate:\n  mode: enforced\n')).toContain(
      'gate.mode: expected one of "enforce", "report", got "enforced" (did you mean "enforce"?)',
    );
  });

  it('validates attestations: rubric id, date and link', () => {
    const m = problem('attestations:\n  - test: data-9\n    by: a\n    date: 2026-02-30\n    link: nope\n');
    expect(m).toContain('attestations[0].test: expected one of');
    expect(m).toContain('attestations[0].date: expected a real calendar date');
    expect(m).toContain('attestations[0].link');
  });

  it('names every problem, not just the first', () => {
    const e = (() => {
      try {
        parseConfig('c.yml', 'gate:\n  min-score: x\n  max-score-drop: y\n');
      } catch (err) {
        return err as ConfigError;
      }
    })();
    expect(e?.problems).toHaveLength(2);
    expect(e?.problems.map((p) => p.line)).toEqual([2, 3]);
  });

  it('rejects duplicate keys', () => {
    expect(problem('gate:\n  min-score: 1\n  min-score: 2\n')).toContain('invalid YAML');
  });
});
