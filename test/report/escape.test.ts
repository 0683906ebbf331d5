import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../helpers/tier.js';
import { code, link, md } from '../../src/report/escape.js';

describe('md escaping', () => {
  it('cannot break a table cell', () => {
    expect(md('a|b')).toBe('a\\|b');
    expect(md('line1\nline2\r\nline3')).toBe('line1 line2 line3');
  });
  it('cannot inject HTML', () => {
    expect(md('<img src=x onerror=alert(1)>')).not.toMatch(/<|>/);
    expect(md('</details><script>')).toBe('&lt;/details&gt;&lt;script&gt;');
  });
  it('cannot mention people or link issues', () => {
    expect(md('ping @octocat')).toBe('ping @&#8203;octocat');
    // GitHub links references in the rendered text, where &#35; is a plain # again: break it visibly nowhere
    expect(md('fixes #12')).toBe('fixes #&#8203;12');
    expect(md('see www.evil.example or WWW.evil.example')).toBe('see www&#8203;&#46;evil.example or WWW&#8203;&#46;evil.example');
    expect(md('fixed in GH-12 and gh-7, not GHX-1')).toBe('fixed in GH&#8203;-12 and gh&#8203;-7, not GHX-1');
    expect(md('acme/models#12')).toBe('acme/models#&#8203;12');
    expect(md('http://evil.example')).toBe('http&#8203;:&#47;&#47;evil.example');
  });
  it('text that starts like a block (list, heading, rule) stays text, with no stray backslash', () => {
    expect(md('1. looks like a list')).toBe('1\\. looks like a list');
    expect(md('2) also a list')).toBe('2\\) also a list');
    expect(md('## heading')).toBe('\\## heading');
    expect(md('---')).toBe('\\---');
    expect(md('- item')).toBe('\\- item');
    expect(md('    four spaces')).toBe('four spaces');
    expect(md('-1 and 1.5 and #tag')).toBe('-1 and 1.5 and #tag');
  });
  it('escapes each character once', () => {
    expect(md("feature's & <x>")).toBe("feature's &amp; &lt;x&gt;");
  });
  it('neutralises Markdown links and emphasis', () => {
    expect(md('[click](https://evil.example)')).toBe('\\[click\\]\\(https&#8203;:&#47;&#47;evil.example\\)');
    expect(md('**bold**')).toBe('\\*\\*bold\\*\\*');
  });
  it('never lets a raw pipe, angle bracket, newline or bare @ through (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = md(s);
        expect(out).not.toMatch(/[<>\n\r]/);
        expect(out.replace(/\\\|/g, '')).not.toContain('|');
        expect(out.replace(/@&#8203;/g, '')).not.toContain('@');
      }),
      { numRuns: 500 },
    );
  });
});

/** The text GitHub's reference and autolink filters see: the rendered text, character references decoded. */
const decoded = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&(amp|lt|gt|quot);/g, (_m, n: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"' })[n]!)
    .replace(/\\(.)/g, '$1');

/** What GitHub turns into a link or a mention in comment text. */
const AUTOLINKS: ReadonlyArray<[string, RegExp]> = [
  ['www. autolink', /\bwww\./i],
  ['URL autolink', /\b(https?|ftp|mailto|xmpp):\/\//i],
  ['GH-n reference', /\bGH-\d/i],
  ['#n or owner/repo#n reference', /#\d/],
  ['@mention', /@[A-Za-z0-9]/],
];

describe('evidence text cannot create links or mentions', () => {
  it.each([
    'www.evil.example',
    'WWW.Evil.Example/path',
    'https://evil.example/x?y=1',
    'HTTP://EVIL.EXAMPLE',
    'GH-12',
    'see gh-1234.',
    'acme/other#7',
    '#1',
    '@octocat',
    'mail me at a@b.example',
  ])('%s', (text) => {
    const out = decoded(md(text));
    for (const [what, re] of AUTOLINKS) expect(out, what).not.toMatch(re);
    // and the reader still sees the text as written (the inserted characters are invisible)
    expect(out.replace(/\u200b/g, '')).toBe(text);
  });

  it('holds for any text made of the pieces of links and references (property)', () => {
    const piece = fc.constantFrom(
      'www.',
      'WwW.',
      'http',
      'https',
      '://',
      ':',
      '/',
      'GH-',
      'gh-',
      '#',
      '@',
      'a',
      'Z',
      '1',
      '42',
      '.',
      '-',
      ' ',
      'acme/repo',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        const out = decoded(md(text));
        for (const [what, re] of AUTOLINKS) expect(out, `${what} in ${JSON.stringify(text)}`).not.toMatch(re);
      }),
      { numRuns: runs(5000) },
    );
  });
});

describe('code and link', () => {
  it('code cannot close its backticks or break a table', () => {
    expect(code('a`b|c')).toBe("`a'b¦c`");
  });
  it('link allows only http(s) URLs', () => {
    expect(link('doc', 'https://wiki.example.com/x')).toBe('[doc](https://wiki.example.com/x)');
    expect(link('doc', 'javascript:alert(1)')).toBe('doc');
  });
});
