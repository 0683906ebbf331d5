import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineOf, parseTag } from '../../../src/assertions/infra/tagged-tests.js';
import { checksOf, gate, testOf } from '../../helpers/gate.js';

const FIX = path.join(__dirname, '../../fixtures/junit-tagged');
const fixture = (f: string) => readFileSync(path.join(FIX, f), 'utf8');

const TAGGED = 'version: 1\ntests:\n  tagged: reports/junit/*.xml\n';

describe('tests.tagged: JUnit cases that name the rubric test they evidence (pytest record_property)', () => {
  it('counts each tagged case toward its rubric test; a failing tagged case fails that test', async () => {
    const r = await gate(TAGGED, {
      'reports/junit/unit.xml': fixture('pytest-unit-legacy.xml'),
      'reports/junit/integration.xml': fixture('pytest-integration-xunit2.xml'),
    });
    expect(testOf(r, 'data-3').status).toBe('pass');
    expect(checksOf(r, 'data-3')[0].message).toBe(
      'tests tagged ml_test=data-3: 1 passed, 0 failed, 0 errors, 0 skipped in reports/junit/unit.xml',
    );
    expect(testOf(r, 'data-1').status).toBe('fail');
    expect(checksOf(r, 'data-1')[0].message).toMatch(
      /failing: tests\.unit\.test_features::test_schema_lists_every_serving_column \(AssertionError: credit_score missing from schema/,
    );
    expect(testOf(r, 'data-7').status).toBe('pass');
    expect(testOf(r, 'infra-1').status).toBe('pass');
    // the skipped case records no property (pytest skips before fixtures run): data-2 gets no evidence
    expect(testOf(r, 'data-2').status).toBe('missing');
    // the integration suite (record_testsuite_property ml_test_layer=integration) counts toward infra-3
    expect(testOf(r, 'infra-3').status).toBe('pass');
    expect(checksOf(r, 'infra-3')[0].message).toBe(
      'integration tests: 3 passed, 0 failed, 0 errors, 0 skipped in reports/junit/integration.xml',
    );
    expect(r.records['tagged-tests']).toMatchObject({
      tagged: { 'data-3': 1, 'data-1': 1, 'data-7': 1, 'infra-1': 1 },
      layers: { integration: { cases: 3, passed: 3, failed: 0, files: ['reports/junit/integration.xml'] } },
    });
  });

  it('reads the xunit2 family (pytest warns that record_property is not xunit2-compatible, but writes it) like legacy', async () => {
    const legacy = await gate(TAGGED, { 'reports/junit/u.xml': fixture('pytest-unit-legacy.xml') });
    const x2 = await gate(TAGGED, { 'reports/junit/u.xml': fixture('pytest-unit-xunit2.xml') });
    const statuses = (r: typeof legacy) => r.tests.map((t) => [t.id, t.status]);
    expect(statuses(x2)).toEqual(statuses(legacy));
  });

  it('tests.layers gives a whole file a layer; acceptance counts toward infra-3 and a failing one fails it', async () => {
    const xml =
      '<testsuite name="acc"><testcase classname="acc" name="test_quote_flow"/><testcase classname="acc" name="test_decline_flow"><failure message="HTTP 500"/></testcase></testsuite>';
    const r = await gate('version: 1\ntests:\n  layers:\n    acceptance: reports/acceptance.xml\n    unit: reports/unit.xml\n', {
      'reports/acceptance.xml': xml,
      'reports/unit.xml': '<testsuite name="u"><testcase name="a"/></testsuite>',
    });
    expect(testOf(r, 'infra-3').status).toBe('fail');
    expect(checksOf(r, 'infra-3')[0].message).toMatch(
      /^acceptance tests: 1 passed, 1 failed.*failing: acc::test_decline_flow \(HTTP 500\)/,
    );
    expect(r.pyramid?.layers.find((l) => l.layer === 'unit')).toMatchObject({ status: 'pass', cases: 1 });
    expect(r.pyramid?.layers.find((l) => l.layer === 'integration')).toMatchObject({ status: 'fail', cases: 2, tests: ['infra-3'] });
  });

  it('an unknown id is one error naming the file, the line, the test case and the nearest id', async () => {
    const xml = [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<testsuites><testsuite name="pytest">',
      '<testcase classname="tests.test_cost" name="test_latency" file="tests/test_cost.py" line="11"><properties><property name="ml_test" value="dtaa-3" /></properties></testcase>',
      '</testsuite></testsuites>',
    ].join('\n');
    const r = await gate(TAGGED, { 'reports/junit/cost.xml': xml });
    const c = checksOf(r, 'data-3');
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ status: 'error', file: 'reports/junit/cost.xml', line: 3 });
    expect(c[0].message).toBe(
      'reports/junit/cost.xml:3: test case tests.test_cost::test_latency (tests/test_cost.py:12): ml_test "dtaa-3" is not a rubric test id (did you mean "data-3"?); expected one of data-1..7, model-1..7, infra-1..7, monitor-1..7',
    );
    expect(r.diagnostics.filter((d) => d.level === 'error' && d.message.includes('dtaa-3'))).toHaveLength(1); // one message: the failure annotation of data-3
  });

  it('an unknown layer names the nearest layer and counts toward infra-3 as an error', async () => {
    const xml =
      '<testsuite name="s"><properties><property name="ml_test_layer" value="integraton"/></properties><testcase name="t"/></testsuite>';
    const r = await gate(TAGGED, { 'reports/junit/x.xml': xml });
    expect(testOf(r, 'infra-3').status).toBe('error');
    expect(checksOf(r, 'infra-3')[0].message).toMatch(/ml_test_layer "integraton" is not a layer \(did you mean "integration"\?\)/);
  });

  it('a truncated or foreign file is one error naming it; the rest of the files still count', async () => {
    const unit = fixture('pytest-unit-legacy.xml');
    const r = await gate(TAGGED, {
      'reports/junit/a-cut.xml': unit.slice(0, unit.indexOf('test_debt_ratio')),
      'reports/junit/b-html.xml': '<html><body>CI log</body></html>',
      'reports/junit/c.xml': unit,
    });
    const errs = checksOf(r, 'infra-3').filter((c) => c.status === 'error');
    expect(errs.map((c) => c.file)).toEqual(['reports/junit/a-cut.xml', 'reports/junit/b-html.xml']);
    expect(errs[0].message).toMatch(
      /^reports\/junit\/a-cut.xml: not well-formed XML \(line 8\): Attributes for 'testcase' have open quote/,
    );
    expect(errs[1].message).toMatch(/expected a <testsuites> or <testsuite> root element, found <html>/);
    expect(testOf(r, 'data-3').status).toBe('pass');
  });

  it('a tagged file with no tag at all is a visible warning, not a silent nothing', async () => {
    const r = await gate(TAGGED, { 'reports/junit/plain.xml': '<testsuite name="s"><testcase name="t"/></testsuite>' });
    expect(r.diagnostics.find((d) => d.level === 'warning' && d.file === 'reports/junit/plain.xml')?.message).toMatch(
      /no test case carries a property ml_test or ml_test_layer/,
    );
  });

  it('a pattern that matches nothing is an error, not a pass', async () => {
    const r = await gate(TAGGED, {});
    expect(testOf(r, 'infra-3').status).toBe('error');
    expect(checksOf(r, 'infra-3')[0].message).toBe(
      'no file matches reports/junit/*.xml (looked for /mem/reports/junit/*.xml; expected a JUnit XML report)',
    );
  });

  it('all tagged cases skipped is an error (nothing ran); skipped cases fail when allow-skipped is false', async () => {
    const xml = (skip: boolean) =>
      `<testsuite name="s"><testcase name="a"><properties><property name="ml_test" value="model-6"/></properties>${skip ? '<skipped/>' : ''}</testcase><testcase name="b"><properties><property name="ml_test" value="model-6"/></properties><skipped/></testcase></testsuite>`;
    const all = await gate(TAGGED, { 'reports/junit/s.xml': xml(true) });
    expect(checksOf(all, 'model-6')[0]).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/all 2 case\(s\) .* were skipped; nothing ran/),
    });
    const strict = await gate(`${TAGGED}  allow-skipped: false\n`, { 'reports/junit/s.xml': xml(false) });
    expect(checksOf(strict, 'model-6')[0].status).toBe('fail');
    const lax = await gate(TAGGED, { 'reports/junit/s.xml': xml(false) });
    expect(checksOf(lax, 'model-6')[0].status).toBe('pass');
  });
});

describe('parseTag', () => {
  it('forgives case and separators, and takes several ids in one value', () => {
    expect(parseTag('DATA_3, infra3 monitor-7')).toEqual({ ids: ['data-3', 'infra-3', 'monitor-7'], problems: [] });
  });
  it('refuses an out-of-range number, an attestation-only test and an empty value, each with its reason', () => {
    expect(parseTag('data-8').problems[0].message).toBe('ml_test "data-8" is not a rubric test id: data has data-1 to data-7');
    expect(parseTag('data-6').problems[0].message).toMatch(/data-6 is scored only by an attestation/);
    expect(parseTag('  ').problems[0].message).toMatch(/property ml_test is empty/);
  });
  it('an id no test is near is one diagnostic of its own', async () => {
    const xml =
      '<testsuite name="s"><testcase name="t"><properties><property name="ml_test" value="data-9"/></properties></testcase></testsuite>';
    const r = await gate(TAGGED, { 'reports/junit/x.xml': xml });
    const d = r.diagnostics.filter((x) => x.message.includes('data-9'));
    expect(d).toEqual([
      {
        level: 'error',
        message: 'reports/junit/x.xml:1: test case t: ml_test "data-9" is not a rubric test id: data has data-1 to data-7',
        file: 'reports/junit/x.xml',
        line: 1,
      },
    ]);
  });
  it('lineOf counts lines up to the first occurrence', () => {
    expect(lineOf('a\nb\nc="x"', 'c="x"')).toBe(3);
    expect(lineOf('abc', 'zzz')).toBeUndefined();
  });
});
