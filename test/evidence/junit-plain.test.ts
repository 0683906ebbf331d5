/**
 * The plain-form JUnit reader (src/evidence/junit-plain.ts) against fast-xml-parser with the options
 * src/evidence/junit.ts uses: on every generated document it gives the library's tree (after the
 * library's validator accepted the document), and the report read from it equals the report read
 * through the library; or it gives nothing and the library decides. The documents mix the plain form
 * with what is not (comments, CDATA, DOCTYPE and entity declarations, character references, unknown
 * entities, bad names, repeated attributes, unclosed and mismatched tags, a second root, deep nesting).
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readPlainXml } from '../../src/evidence/junit-plain.js';
import { JUNIT_ARRAYS, JUNIT_PARSER_OPTIONS, parseJunit, readJunit } from '../../src/evidence/junit.js';
import { runs } from '../helpers/tier.js';

const ROOT = path.resolve(__dirname, '../..');

/** The library's tree, as junit.ts builds it (declaration left out); undefined when its validator refuses the document. */
function library(xml: string): Record<string, unknown> | undefined {
  if (XMLValidator.validate(xml) !== true) return undefined;
  const parser = new XMLParser(JUNIT_PARSER_OPTIONS);
  try {
    const doc = parser.parse(xml) as Record<string, unknown>;
    delete doc['?xml'];
    return doc;
  } catch {
    return undefined;
  }
}

/** A report, or the error message it gave. */
function outcome(read: () => unknown): unknown {
  try {
    return read();
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function expectAgrees(xml: string): 'plain' | 'library' {
  const plain = readPlainXml(xml, JUNIT_ARRAYS);
  if (plain === undefined) return 'library';
  const lib = library(xml);
  if (lib === undefined) throw new Error(`the library refuses what the plain reader read:\n${xml}`);
  expect(plain, xml).toEqual(lib);
  return 'plain';
}

// --- generators

const name = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      'testsuites',
      'testsuite',
      'testcase',
      'failure',
      'error',
      'skipped',
      'properties',
      'property',
      'system-out',
      'x',
      'a.b',
      'ns:el',
      'x_1',
    ),
    weight: 30,
  },
  { arbitrary: fc.constantFrom('1x', '-x', 'é', 'constructor', '__proto__', 'x y', ''), weight: 1 },
);
const attrName = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      'name',
      'classname',
      'time',
      'message',
      'value',
      'file',
      'line',
      'type',
      'tests',
      'failures',
      'error',
      'skipped',
      'xmlns:x',
    ),
    weight: 30,
  },
  { arbitrary: fc.constantFrom('1a', 'a b', '', 'é'), weight: 1 },
);
const textChar = fc.oneof(
  {
    arbitrary: fc.constantFrom('a', 'b', ' ', '0', '.', '\n', '\t', '\r', '>', '"', "'", '=', '/', 'é', '€', '\u00a0', '\u2028', '\ufeff'),
    weight: 60,
  },
  { arbitrary: fc.constantFrom('&lt;', '&gt;', '&amp;', '&quot;', '&apos;', '&amp;lt;', '&#10;', '&#x41;'), weight: 12 },
  { arbitrary: fc.constantFrom('&#65;', '&#x42;', '&nbsp;', '&', '&lt', '&AMP;', '<', ']]>', '\u0001', '\u007f', '\ud800'), weight: 1 },
);
const text = fc.array(textChar, { maxLength: 8 }).map((cs) => cs.join(''));
const attrValue = text.map((t) => t.replace(/</g, '&lt;'));
const attrs = fc.array(fc.tuple(attrName, attrValue, fc.constantFrom('"', '"', "'"), fc.constantFrom(' ', ' ', '  ', '\n', '\t', '')), {
  maxLength: 3,
});
const space = fc.constantFrom('', '', '', ' ', '\n', '\r\n  ', '\t');

interface El {
  name: string;
  attrs: Array<[string, string, string, string]>;
  content: Array<string | El>;
  selfClose: boolean;
}
const element: fc.Arbitrary<El> = fc.letrec<{ el: El }>((tie) => ({
  el: fc.record({
    name,
    attrs,
    content: fc.array(fc.oneof({ depthSize: 'small' }, text, tie('el')), { maxLength: 4 }),
    selfClose: fc.boolean(),
  }),
})).el;

function render(e: El, out: string[]): void {
  const a = e.attrs
    .map(([k, v, q, sp]) => `${sp}${k}=${q}${q === '"' ? v.replace(/"/g, '&quot;') : v.replace(/'/g, '&apos;')}${q}`)
    .join('');
  if (e.selfClose && e.content.length === 0) {
    out.push(`<${e.name}${a}/>`);
    return;
  }
  out.push(`<${e.name}${a}>`);
  for (const c of e.content) {
    if (typeof c === 'string') out.push(c);
    else render(c, out);
  }
  out.push(`</${e.name}>`);
}

const mutations = [
  '<!-- c -->',
  '<![CDATA[ x ]]>',
  '<!DOCTYPE x [<!ENTITY e "v">]>',
  '<?pi x?>',
  '&e;',
  '</x>',
  '<x>',
  '<y/>',
  '<a x="1" x="2"/>',
  '<a x=1/>',
  '<a x/>',
  '< a/>',
  '<a/ >',
];
const doc = fc
  .record({
    decl: fc.constantFrom(
      '',
      '',
      '<?xml version="1.0" encoding="utf-8"?>',
      "<?xml version='1.0'?>\n",
      '<?xml version="1.0" standalone="yes" ?>',
      '\ufeff',
      '<?xml?>',
    ),
    root: element,
    before: space,
    after: space,
    mutation: fc.oneof(
      { arbitrary: fc.constant(null), weight: 4 },
      fc.record({ at: fc.nat(), what: fc.constantFrom(...mutations) }),
      fc.record({ at: fc.nat(), what: fc.constant('') }), // truncation
    ),
  })
  .map(({ decl, root, before, after, mutation }) => {
    const out: string[] = [];
    render(root, out);
    let xml = `${decl}${before}${out.join('')}${after}`;
    if (mutation) {
      const at = mutation.at % (xml.length + 1);
      xml = mutation.what === '' ? xml.slice(0, at) : xml.slice(0, at) + mutation.what + xml.slice(at);
    }
    return xml;
  });

describe('the plain-form JUnit reader', () => {
  it('gives the XML library’s tree or nothing, on generated documents', () => {
    const seen = { plain: 0, library: 0 };
    fc.assert(
      fc.property(doc, (xml) => {
        seen[expectAgrees(xml)]++;
      }),
      { numRuns: runs(20_000), seed: 15 },
    );
    expect(seen.plain).toBeGreaterThan(seen.library / 5);
    expect(seen.library).toBeGreaterThan(0);
  });

  it('reads a generated JUnit report as the library does (report or error)', () => {
    const junitish = fc
      .record({
        cases: fc.array(
          fc.record({
            attrs: attrs,
            status: fc.constantFrom(
              '',
              '<failure message="m &amp; n">trace\n  line</failure>',
              '<error/>',
              '<skipped message="why"/>',
              '<skipped>r</skipped>',
            ),
            props: fc.array(fc.tuple(attrValue, attrValue), { maxLength: 2 }),
          }),
          { maxLength: 4 },
        ),
        suiteProps: fc.array(fc.tuple(attrValue, attrValue), { maxLength: 2 }),
        nested: fc.boolean(),
      })
      .map(({ cases, suiteProps, nested }) => {
        const props = (ps: Array<[string, string]>) =>
          ps.length
            ? `<properties>${ps.map(([n, v]) => `<property name="${n.replace(/"/g, '&quot;')}" value="${v.replace(/"/g, '&quot;')}"/>`).join('')}</properties>`
            : '';
        const body = cases
          .map(
            (c) =>
              `<testcase${c.attrs.map(([k, v]) => ` ${k}="${v.replace(/"/g, '&quot;')}"`).join('')}>${props(c.props)}${c.status}</testcase>`,
          )
          .join('\n');
        const suite = `<testsuite name="s">${props(suiteProps)}${body}</testsuite>`;
        return `<?xml version="1.0" encoding="utf-8"?>\n${nested ? `<testsuites>${suite}</testsuites>` : suite}\n`;
      });
    let plain = 0;
    fc.assert(
      fc.property(junitish, (xml) => {
        if (readPlainXml(xml, JUNIT_ARRAYS) !== undefined) plain++;
        // parseJunit takes the plain reader when it can; a comment sends the same document to the library
        const viaLibrary = outcome(() => parseJunit(xml.replace('?>\n', '?>\n<!-- library -->')));
        expect(outcome(() => parseJunit(xml))).toEqual(viaLibrary);
      }),
      { numRuns: runs(5000), seed: 15 },
    );
    expect(plain).toBeGreaterThan(0);
  });

  it('reads every JUnit file in the repository (examples, fixtures) in the plain form, as the library does', async () => {
    const files = [
      'examples/demo/evidence/junit',
      'examples/minimal/reports/junit',
      'test/fixtures/junit-tagged',
      'test/fixtures/init-repo/reports/junit',
    ].flatMap((d) => readdirSync(path.join(ROOT, d)).map((f) => path.join(ROOT, d, f)));
    for (const f of files) {
      const xml = readFileSync(f, 'utf8');
      expect(expectAgrees(xml), f).toBe('plain');
      expect(await readJunit(xml)).toEqual(parseJunit(xml.replace(/^(<\?xml[^>]*>)?/, '$1<!-- library -->')));
    }
  });

  it.each([
    ['<testsuite><testcase name="a &amp; b"/></testsuite>', { testsuite: [{ testcase: [{ '@_name': 'a & b' }] }] }],
    ['<testsuite> x <y/> z </testsuite>', { testsuite: [{ y: '', '#text': 'xz' }] }],
    ['<testsuite><y>1</y><y>2</y></testsuite>', { testsuite: [{ y: ['1', '2'] }] }],
    ['<testsuite name="a&#10;b">&#x41;</testsuite>', { testsuite: [{ '@_name': 'a&#10;b', '#text': '&#x41;' }] }],
  ])('reads %j', (xml, tree) => {
    expect(readPlainXml(xml, JUNIT_ARRAYS)).toEqual(tree);
    expect(expectAgrees(xml)).toBe('plain');
  });

  it.each([
    '<!DOCTYPE t [<!ENTITY a "aaaaaaaaaa">]><testsuite name="&a;"/>',
    '<testsuite name="&nbsp;"/>',
    '<testsuite><!-- c --></testsuite>',
    '<testsuite><![CDATA[x]]></testsuite>',
    '<testsuite a="1" a="2"/>',
    '<testsuite>',
    '<testsuite></testsuites>',
    '<testsuite/><testsuite/>',
    `${'<a>'.repeat(70)}${'</a>'.repeat(70)}`,
  ])('leaves %j to the library', (xml) => {
    expect(readPlainXml(xml, JUNIT_ARRAYS)).toBeUndefined();
  });
});
