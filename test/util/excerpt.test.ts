import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { excerpt, quoted, redactSecrets, redactValues, redactValuesDeep } from '../../src/util/excerpt.js';
import { runs } from '../helpers/tier.js';

// Credential shapes (made up, valid in form): each must disappear from any excerpt.
const SECRETS = [
  'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
  'ghs_e2eSecretToken1234567890abcdef',
  'gho_16C7e42F292c6912E7710c838347Ae178B4a',
  'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRS',
  'glpat-xXxXxXxXxXxXxXxXxXxX',
  'npm_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
  'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  'AKIAIOSFODNN7EXAMPLE',
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  'x9Fq2LmZ8pQ3rT7vB1nK4sD6gH0jW5eYcU',
];

describe('redactSecrets', () => {
  it.each(SECRETS)('redacts %s', (secret) => {
    for (const text of [secret, `token: ${secret}`, `A=1\u0000B=${secret}\u0000C=2`, `"${secret}",x`]) {
      expect(redactSecrets(text)).not.toContain(secret.slice(6, 16));
      expect(redactSecrets(text)).toContain('[redacted]');
    }
  });

  it('keeps the key of key=value and Authorization pairs, redacts the value', () => {
    expect(redactSecrets('password=hunter2hunter2 next')).toBe('password=[redacted] next');
    expect(redactSecrets('AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMIK7MDENG')).toBe('AWS_SECRET_ACCESS_KEY: [redacted]');
    expect(redactSecrets('Bearer abc.def-ghi_jkl')).toBe('Bearer [redacted]');
  });

  it('leaves ordinary evidence text alone: names, paths, numbers, CamelCase, short hex', () => {
    for (const text of [
      'tests/features/test_income.py::TestIncomeMonthlyToAnnual2026',
      'examples/demo/evidence/Predictions2026Q3.csv.gz',
      'roc_auc 0.912345678901234567890123456789',
      'feature very_long_snake_case_feature_name_for_the_loan_model',
      'commit abc1234 of main',
      '33333333333333333333333333333333333333',
    ])
      expect(redactSecrets(text)).toBe(text);
  });
});

describe('excerpt', () => {
  it('is short, printable and marked when cut', () => {
    expect(excerpt('abc')).toBe('abc');
    expect(excerpt('x'.repeat(100))).toBe(`${'x'.repeat(60)}…`);
    expect(excerpt('a\nb\tc\u0000d\u2028e\u001b[31m')).toBe('a\\nb\\tc\\x00d\\u2028e\\x1b[31m');
    expect(excerpt('PATH=/usr/bin\u0000GITHUB_TOKEN=ghs_e2eSecretToken1234567890abcdef\u0000HOME=/root', 200)).toBe(
      'PATH=/usr/bin\\x00GITHUB_TOKEN=[redacted]\\x00HOME=/root',
    );
    expect(quoted('say "hi"')).toBe('"say \\"hi\\""');
  });

  it('costs no more on a 50 MB cell than on a short one, and shows at most its start', () => {
    const big = '7'.repeat(50 * 1024 * 1024);
    expect(excerpt(big, 40)).toBe(`${'7'.repeat(40)}…`);
  });

  it('never shows a credential, wherever it sits in the text or the excerpt window (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }),
        fc.constantFrom(...SECRETS),
        fc.string({ maxLength: 80 }),
        fc.integer({ min: 5, max: 120 }),
        (pre, secret, post, max) => {
          const out = excerpt(`${pre} ${secret} ${post}`, max);
          // no 10 consecutive characters of the secret (its start may be a visible prefix such as ghp_)
          for (let i = 4; i + 10 <= secret.length; i++) expect(out).not.toContain(secret.slice(i, i + 10));
          expect([...out.replace(/\\(x[0-9a-f]{2}|u[0-9a-f]{4}|[nrt])/g, '.')].length).toBeLessThanOrEqual(max + 1);
        },
      ),
      { numRuns: runs(3000) },
    );
  });
});

describe('exact values', () => {
  it('redactValues and redactValuesDeep replace every occurrence of a known secret', () => {
    const token = 'ghs_theWorkflowToken0000';
    expect(redactValues(`a ${token} b ${token}`, [token])).toBe('a *** b ***');
    expect(redactValues('short abc', ['abc'])).toBe('short abc'); // too short to redact safely
    const report = { a: [`x${token}y`, { b: token, n: 1 }], c: null };
    expect(redactValuesDeep(report, [token])).toEqual({ a: ['x***y', { b: '***', n: 1 }], c: null });
  });
});
