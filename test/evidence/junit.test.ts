import { describe, expect, it } from 'vitest';
import { JunitError, parseJunit } from '../../src/evidence/junit.js';

const PYTEST = `<?xml version="1.0" encoding="utf-8"?>
<testsuites name="pytest tests"><testsuite name="pytest" errors="1" failures="1" skipped="1" tests="5" time="1.2">
<testcase classname="tests.test_a" name="test_ok" time="0.01" />
<testcase classname="tests.test_a" name="test_fail" time="0.02"><failure message="assert 0.61 &gt;= 0.7">AssertionError</failure></testcase>
<testcase classname="tests.test_a" name="test_err" time="0.02"><error message="fixture boom">trace</error></testcase>
<testcase classname="tests.test_a" name="test_skip" time="0"><skipped message="no GPU" /></testcase>
<testcase classname="tests.test_b" name="test_ok2" time="0.5" />
</testsuite></testsuites>`;

describe('parseJunit', () => {
  it('counts pytest cases by status from the cases themselves', () => {
    const r = parseJunit(PYTEST);
    expect(r.totals).toEqual({ tests: 5, passed: 2, failed: 1, error: 1, skipped: 1 });
    expect(r.cases[1]).toMatchObject({ classname: 'tests.test_a', name: 'test_fail', status: 'failed', message: 'assert 0.61 >= 0.7' });
  });

  it('reads a bare <testsuite> root and nested suites (JUnit/Maven style)', () => {
    const r = parseJunit(
      '<testsuite name="outer"><testsuite name="inner"><testcase name="a"/></testsuite><testcase name="b"><failure>boom</failure></testcase></testsuite>',
    );
    expect(r.totals.tests).toBe(2);
    expect(r.cases.find((c) => c.name === 'a')?.suite).toBe('inner');
    expect(r.cases.find((c) => c.name === 'b')?.message).toBe('boom');
  });

  it('reports zero tests as zero (the evaluator refuses to call that a pass)', () => {
    expect(parseJunit('<testsuites><testsuite name="x" tests="0"/></testsuites>').totals.tests).toBe(0);
  });

  it('rejects truncated XML with a line number', () => {
    const cut = PYTEST.slice(0, PYTEST.indexOf('test_err'));
    try {
      parseJunit(cut);
      throw new Error('expected failure');
    } catch (e) {
      expect(e).toBeInstanceOf(JunitError);
      expect((e as JunitError).message).toMatch(/not well-formed XML \(line \d+\)/);
    }
  });

  it('rejects an empty file and a non-JUnit document', () => {
    expect(() => parseJunit('')).toThrow(/empty/);
    expect(() => parseJunit('<html><body/></html>')).toThrow(/expected a <testsuites> or <testsuite> root element, found <html>/);
  });
});
