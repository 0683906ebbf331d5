/**
 * The plain-form config reader (src/config/plain-yaml.ts) against the YAML library: on every
 * generated document it gives the library's data exactly (key order, -0, numbers from the same
 * parse), or nothing (the caller then uses the library). The documents mix the plain form with what
 * is not (anchors, tags, block scalars, tabs, CR, escapes, duplicate keys, continuation lines, odd
 * indentation), so both outcomes are exercised.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { readPlainYaml } from '../../src/config/plain-yaml.js';
import { runs } from '../helpers/tier.js';

const ROOT = path.resolve(__dirname, '../..');

/** The library's reading of a document, as src/config/load.ts does it; undefined when it has errors. */
function library(text: string): unknown {
  try {
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) return undefined;
    return doc.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

/** Structural equality that also tells -0 from 0, NaN from null, and key order. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => same(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.join('\u0000') === kb.join('\u0000') && ka.every((k) => same((a as never)[k], (b as never)[k]));
  }
  return a === b;
}

function expectAgrees(text: string): 'plain' | 'library' {
  const plain = readPlainYaml(text);
  if (plain === undefined) return 'library';
  const lib = library(text);
  if (!same(plain, lib))
    throw new Error(`differs from the library on:\n${text}\nplain: ${JSON.stringify(plain)}\nlibrary: ${JSON.stringify(lib)}`);
  return 'plain';
}

// --- generators of config-like text

const word = fc.oneof(
  {
    arbitrary: fc.constantFrom('a', 'b', 'gate', 'min-score', 'roc_auc', 'eval-report', 'x.y', 'p/q', '$schema', 'k1', 'e1', 'No'),
    weight: 40,
  },
  { arbitrary: fc.constantFrom('true', 'null', 'constructor', '__proto__', 'a b', '-a', '1', '"q"', 'a:b'), weight: 1 },
);
const goodScalar = fc.oneof(
  fc.constantFrom(
    '0',
    '-0',
    '+0',
    '1',
    '-1',
    '+12',
    '007',
    '0.5',
    '.5',
    '5.',
    '-.5',
    '1e3',
    '1E-3',
    '2.5e+10',
    '1e400',
    '12345678901234567890',
    '9007199254740993',
    '1_000',
    '1.0',
    '0.30000000000000004',
    'true',
    'True',
    'TRUE',
    'tRue',
    'false',
    'FALSE',
    'yes',
    'no',
    'on',
    'off',
    'null',
    'Null',
    'NULL',
    'nULL',
    '~',
    'abc',
    'a b  c',
    'a:b',
    'http://x.org:80/p',
    'x,y',
    '-x',
    'tests/**/*.xml',
    "it's",
    'say "hi"',
    '<x>',
    '(x)',
    '^x',
    '=x',
    ';x',
    '$x',
    '~x',
    '+x',
    '...',
    '"q"',
    "'q'",
    "'a: b'",
    '""',
    "''",
    '"a, b"',
  ),
  fc.stringMatching(/^[a-z0-9][a-z0-9 ._-]{0,7}$/),
);
const oddScalar = fc.oneof(
  fc.constantFrom(
    '',
    '0o17',
    '0x1F',
    '.inf',
    '-.Inf',
    '.nan',
    'a: b',
    'a:',
    'a#b',
    'a #b',
    '-',
    '- x',
    '?x',
    ':x',
    '!x',
    '&a',
    '*a',
    '|',
    '>',
    '%x',
    '@x',
    '`x',
    'a[0]',
    '{a}',
    'a\\b',
    'é',
    'a\tb',
    '---',
    '"a # b"',
    '"a\\nb"',
    "'it''s'",
    '"',
    "'",
  ),
  fc.stringMatching(/^[a-z0-9 .:_#,"'-]{1,8}$/),
);
const scalar = fc.oneof({ arbitrary: goodScalar, weight: 40 }, { arbitrary: oddScalar, weight: 1 });
const flow: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => ({
  f: fc.oneof(
    { depthSize: 'small' },
    { arbitrary: scalar.filter((s) => !/^\s|\s$/.test(s)), weight: 20 },
    { arbitrary: fc.array(tie('f'), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`), weight: 4 },
    {
      arbitrary: fc.array(fc.tuple(word, tie('f')), { maxLength: 3 }).map((kv) => `{ ${kv.map(([k, v]) => `${k}: ${v}`).join(', ')} }`),
      weight: 4,
    },
    { arbitrary: fc.constantFrom('[a,b]', '[ [1, 2], {x: y} ]', '{}', '[]', '[ ]'), weight: 2 },
    { arbitrary: fc.constantFrom('{a: 1,}', '[a, ]', '{a:1}', '{ a }', '[a] b', '{ a: http://x }', '[a, [b]'), weight: 1 },
  ),
})).f;
const comment = fc.constantFrom('', '', '', '', '', '', ' # note', '  #x', ' #');
const value = fc.oneof(scalar, flow);

type Tree = { k: string; v: string | Tree[] | { seq: Array<string | Tree[]> } };
const tree: fc.Arbitrary<Tree[]> = fc.letrec<{ map: Tree[]; item: string | Tree[] }>((tie) => ({
  map: fc.array(
    fc.record({
      k: word,
      v: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        value,
        tie('map'),
        fc.record({ seq: fc.array(tie('item'), { minLength: 1, maxLength: 3 }) }),
      ),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  item: fc.oneof({ depthSize: 'small' }, value, tie('map')),
})).map as unknown as fc.Arbitrary<Tree[]>;

function render(m: Tree[], indent: number, step: number, out: string[], c: () => string, first?: string): void {
  for (const [i, { k, v }] of m.entries()) {
    const pad = i === 0 && first !== undefined ? first : ' '.repeat(indent);
    if (typeof v === 'string') out.push(`${pad}${k}: ${v}${c()}`);
    else if (Array.isArray(v)) {
      out.push(`${pad}${k}:${c()}`);
      render(v, indent + step, step, out, c);
    } else {
      out.push(`${pad}${k}:${c()}`);
      for (const item of v.seq) {
        const at = ' '.repeat(indent + step);
        if (typeof item === 'string') out.push(`${at}- ${item}${c()}`);
        else render(item, indent + step + 2, step, out, c, `${at}- `);
      }
    }
  }
}

/** A document: a tree rendered with some indentation step, comments, blank lines, and optionally one mutation. */
const doc = fc
  .record({
    t: tree,
    step: fc.constantFrom(2, 2, 4, 1, 3),
    comments: fc.array(comment, { minLength: 32, maxLength: 32 }),
    mutation: fc.oneof(
      { arbitrary: fc.constant(null), weight: 3 },
      fc.record({
        at: fc.nat(),
        kind: fc.constantFrom(
          'tab',
          'cr',
          'dup',
          'continuation',
          'dedent',
          'indent',
          'anchor',
          'block',
          'docstart',
          'bom',
          'blank',
          'seq-same-indent',
        ),
      }),
    ),
  })
  .map(({ t, step, comments, mutation }) => {
    let n = 0;
    const out: string[] = [];
    render(t, 0, step, out, () => comments[n++ % comments.length]);
    if (mutation) {
      const i = mutation.at % out.length;
      const line = out[i];
      switch (mutation.kind) {
        case 'tab':
          out[i] = line.replace(' ', '\t');
          break;
        case 'cr':
          out[i] = `${line}\r`;
          break;
        case 'dup':
          out.splice(i, 0, line);
          break;
        case 'continuation':
          out.splice(i + 1, 0, `${' '.repeat(line.length - line.trimStart().length + 1)}more words`);
          break;
        case 'dedent':
          out[i] = line.replace(/^ /, '');
          break;
        case 'indent':
          out[i] = ` ${line}`;
          break;
        case 'anchor':
          out[i] = line.replace(/: (.)/, ': &x $1');
          break;
        case 'block':
          out[i] = line.replace(/: .*$/, ': |\n  text');
          break;
        case 'docstart':
          out.unshift('---');
          break;
        case 'bom':
          out[0] = `\uFEFF${out[0]}`;
          break;
        case 'blank':
          out.splice(i, 0, '   ');
          break;
        case 'seq-same-indent':
          out.splice(i + 1, 0, `${' '.repeat(line.length - line.trimStart().length)}- x`);
          break;
      }
    }
    return `${out.join('\n')}\n`;
  });

describe('the plain-form config reader', () => {
  it('gives the YAML library’s data or nothing, on generated documents', () => {
    const seen = { plain: 0, library: 0 };
    fc.assert(
      fc.property(doc, (text) => {
        seen[expectAgrees(text)]++;
      }),
      { numRuns: runs(20_000), seed: 15 },
    );
    // both outcomes happen (the check above is not vacuous)
    expect(seen.plain).toBeGreaterThan(seen.library / 10);
    expect(seen.library).toBeGreaterThan(0);
  });

  it('reads every config in the repository (examples, benchmarks, docs) as the library does', () => {
    const files = [
      'bench/startup/ml-test-gate.yml',
      'examples/demo/ml-test-gate.yml',
      'examples/demo/baseline/ml-test-gate.yml',
      'examples/minimal/.github/ml-test-gate.yml',
      ...readdirSync(path.join(ROOT, 'examples/demo/history/configs')).map((f) => `examples/demo/history/configs/${f}`),
    ];
    const outcomes = files.map((f) => [f, expectAgrees(readFileSync(path.join(ROOT, f), 'utf8'))]);
    // the benchmark's and the demo's configs take the plain path
    expect(outcomes.filter(([f]) => f.startsWith('bench/') || f === 'examples/demo/ml-test-gate.yml').map(([, o]) => o)).toEqual([
      'plain',
      'plain',
    ]);
  });

  it.each([
    ['a: 1\nb:\n  c: [1, 2]\n  d: { e: -0 }\n', { a: 1, b: { c: [1, 2], d: { e: -0 } } }],
    ['a:\n  - x: 1\n    y: 2\n  - z\n', { a: [{ x: 1, y: 2 }, 'z'] }],
    ['a: 1 # note\n# c\nb: ~\n', { a: 1, b: null }],
  ])('reads %j', (text, expected) => {
    expect(readPlainYaml(text)).toEqual(expected);
    expect(expectAgrees(text)).toBe('plain');
  });

  it.each([
    'a: &x 1\nb: *x\n',
    'a: 1\na: 2\n',
    'a: |\n  t\n',
    'a: "x\\ty"\n',
    'a:\n- 1\n',
    'a: b\n  c\n',
    '- a\n',
    'a\n',
    '\ta: 1\n',
    'a: 1\r\n',
    'a: 0x10\n',
    '__proto__: 1\n',
  ])('leaves %j to the library', (text) => {
    expect(readPlainYaml(text)).toBeUndefined();
  });
});
