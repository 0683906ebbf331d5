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

  it('accepts an empty file as an empty config', () => {
    expect(parseConfig('c.yml', '').gate.mode).toBe('enforce');
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
