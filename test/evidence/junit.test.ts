import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
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

describe('parseJunit: properties (pytest record_property, record_testsuite_property)', () => {
  const FIX = path.join(__dirname, '../fixtures/junit-tagged');
  const read = (f: string) => parseJunit(readFileSync(path.join(FIX, f), 'utf8'));

  it('keeps each case its own properties and the source location pytest writes (legacy family)', () => {
    const r = read('pytest-unit-legacy.xml');
    const latency = r.cases.find((c) => c.name === 'test_feature_latency_within_budget')!;
    expect(latency.properties).toEqual([{ name: 'ml_test', value: 'data-3' }]);
    // pytest writes the 0-based line of the decorated function; the decorator is on line 3
    expect(latency.source).toEqual({ file: 'tests/unit/test_features.py', line: 3 });
    expect(r.cases.find((c) => c.name === 'test_untagged_helper')!.properties).toEqual([]);
    expect(r.cases.find((c) => c.name === 'test_schema_lists_every_serving_column')!.status).toBe('failed');
  });

  it('reads the same properties from the xunit2 family, which has no file/line attributes', () => {
    const legacy = read('pytest-unit-legacy.xml').cases.map((c) => [c.name, c.status, c.properties]);
    const x2 = read('pytest-unit-xunit2.xml');
    expect(x2.cases.map((c) => [c.name, c.status, c.properties])).toEqual(legacy);
    expect(x2.cases.every((c) => c.source === undefined)).toBe(true);
  });

  it('hands suite properties down to every case of the suite and its nested suites', () => {
    const r = read('pytest-integration-xunit2.xml');
    expect(r.cases).toHaveLength(3);
    for (const c of r.cases) expect(c.suiteProperties).toEqual([{ name: 'ml_test_layer', value: 'integration' }]);
    const nested = parseJunit(
      '<testsuites><properties><property name="a" value="1"/></properties><testsuite name="o"><properties><property name="b" value="2"/></properties><testsuite name="i"><testcase name="t"/></testsuite></testsuite></testsuites>',
    );
    expect(nested.cases[0].suiteProperties).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: '2' },
    ]);
  });

  it('decodes entities in property values and ignores a property without a name', () => {
    const r = parseJunit(
      '<testsuite name="s"><testcase name="t"><properties><property name="owner" value="a&amp;b &lt;c&gt;"/><property value="x"/></properties></testcase></testsuite>',
    );
    expect(r.cases[0].properties).toEqual([{ name: 'owner', value: 'a&b <c>' }]);
  });
});
