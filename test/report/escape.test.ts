import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
    expect(md('see www.evil.example or WWW.evil.example')).toBe('see www&#46;evil.example or WWW&#46;evil.example');
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
    expect(md('[click](https://evil.example)')).toBe('\\[click\\]\\(https:&#47;&#47;evil.example\\)');
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

describe('code and link', () => {
  it('code cannot close its backticks or break a table', () => {
    expect(code('a`b|c')).toBe("`a'b¦c`");
  });
  it('link allows only http(s) URLs', () => {
    expect(link('doc', 'https://wiki.example.com/x')).toBe('[doc](https://wiki.example.com/x)');
    expect(link('doc', 'javascript:alert(1)')).toBe('doc');
  });
});
