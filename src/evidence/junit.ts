import { readPlainXml } from './junit-plain.js';
import { capMessage, redactSecrets } from '../util/excerpt.js';
import { withoutControlChars } from '../util/format.js';

/** Text from the report shown in messages (test names, failure messages): one line, no credentials, bounded. */
const shown = (s: string, max: number) => capMessage(redactSecrets(withoutControlChars(s)), max);

export type CaseStatus = 'passed' | 'failed' | 'error' | 'skipped';

/** A `<property name value>` of a test case or suite (pytest's record_property, record_testsuite_property). */
export interface JunitProperty {
  name: string;
  value: string;
}

export interface JunitCase {
  suite: string;
  classname: string;
  name: string;
  status: CaseStatus;
  message?: string;
  timeS?: number;
  /** The case's own properties (pytest: record_property), in file order. */
  properties: JunitProperty[];
  /** Properties of the enclosing suites, innermost last (pytest: record_testsuite_property). */
  suiteProperties: JunitProperty[];
  /** Source location, when the runner writes it (pytest's legacy/xunit1 families: file, line). */
  source?: { file: string; line?: number };
}

export interface JunitReport {
  cases: JunitCase[];
  totals: Record<CaseStatus, number> & { tests: number };
}

export class JunitError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/** Elements always read as lists (a suite with one test case is still a list). */
export const JUNIT_ARRAYS: ReadonlySet<string> = new Set([
  'testsuites',
  'testsuite',
  'testcase',
  'failure',
  'error',
  'skipped',
  'properties',
  'property',
]);

/** How the XML library reads a report: the tree junit-plain.ts reproduces (its tests compare with it). */
export const JUNIT_PARSER_OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseAttributeValue: false,
  parseTagValue: false,
  processEntities: true,
  isArray: (name: string) => JUNIT_ARRAYS.has(name),
};

type XmlNode = Record<string, unknown>;
const attr = (n: XmlNode, name: string): string | undefined => {
  const v = n[`@_${name}`];
  return v === undefined ? undefined : String(v);
};

/** The `<property>` children of a node's `<properties>` blocks; a property without a name is ignored. */
function propertiesOf(node: XmlNode): JunitProperty[] {
  const out: JunitProperty[] = [];
  for (const block of (node.properties as unknown[] | undefined) ?? []) {
    if (typeof block !== 'object' || block === null) continue;
    for (const p of ((block as XmlNode).property as unknown[] | undefined) ?? []) {
      if (typeof p !== 'object' || p === null) continue;
      const name = attr(p as XmlNode, 'name');
      const text = (p as XmlNode)['#text'];
      const value = attr(p as XmlNode, 'value') ?? (typeof text === 'string' ? text : '');
      if (name !== undefined) out.push({ name: shown(name, 100), value: shown(value, 300) });
    }
  }
  return out;
}

function statusOf(tc: XmlNode): { status: CaseStatus; message?: string } {
  if (tc.error !== undefined) return { status: 'error', message: firstMessage(tc.error) };
  if (tc.failure !== undefined) return { status: 'failed', message: firstMessage(tc.failure) };
  if (tc.skipped !== undefined) return { status: 'skipped', message: firstMessage(tc.skipped) };
  return { status: 'passed' };
}

function toCase(tc: XmlNode, suite: string, suiteProperties: JunitProperty[]): JunitCase {
  const { status, message } = statusOf(tc);
  const time = Number(attr(tc, 'time'));
  const file = attr(tc, 'file');
  const line = Number(attr(tc, 'line'));
  return {
    suite,
    classname: shown(attr(tc, 'classname') ?? '', 300),
    name: shown(attr(tc, 'name') ?? '(unnamed)', 300),
    status,
    message: message === undefined ? undefined : capMessage(redactSecrets(message), 300), // lines kept: the first is shown
    timeS: Number.isFinite(time) ? time : undefined,
    properties: propertiesOf(tc),
    suiteProperties,
    // pytest writes the 0-based line of the test function
    ...(file ? { source: { file, line: Number.isInteger(line) ? line + 1 : undefined } } : {}),
  };
}

function firstMessage(nodes: unknown): string | undefined {
  const list = Array.isArray(nodes) ? nodes : [nodes];
  const n = list[0];
  if (n === undefined || n === null) return undefined;
  if (typeof n === 'string') return n.trim() || undefined;
  const node = n as XmlNode;
  const msg = attr(node, 'message') ?? (typeof node['#text'] === 'string' ? (node['#text'] as string) : undefined);
  return msg?.trim() || undefined;
}

/**
 * The XML library, loaded on demand: a report in the plain form (junit-plain.ts) is read without it;
 * other reports, and the errors of a malformed one, need it.
 */
let xmlLib: typeof import('fast-xml-parser') | undefined;

/** Load the XML library (parseJunit needs it loaded beforehand for a report not in the plain form). */
export async function loadXmlParser(): Promise<void> {
  xmlLib ??= await import('fast-xml-parser');
}

/** The document as the library reads it, after its validator; JunitError for malformed XML. */
function libraryDocument(xml: string): XmlNode {
  if (!xmlLib) throw new Error('the XML library is not loaded (loadXmlParser first)');
  const { XMLParser, XMLValidator } = xmlLib;
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line } = valid.err;
    // the validator lists the tags left open as a JSON array ("Invalid '[ "testsuite", "testcase" ]' found.")
    const open = /^Invalid '(\[[^]*\])' found\.$/.exec(msg);
    let tags: unknown;
    try {
      tags = open ? JSON.parse(open[1]) : undefined;
    } catch {
      tags = undefined;
    }
    if (Array.isArray(tags) && tags.length && tags.every((t) => typeof t === 'string')) {
      const names = tags.map((t: string) => `<${shown(t, 40)}>`).join(', ');
      throw new JunitError(
        `not well-formed XML: the file ends with ${names} still open; was it cut short (a test run killed or a disk full)?`,
        xml.split('\n').length,
      );
    }
    throw new JunitError(`not well-formed XML (line ${line}): ${shown(msg, 200)}`, line);
  }
  const parser = new XMLParser(JUNIT_PARSER_OPTIONS);
  try {
    return parser.parse(xml) as XmlNode;
  } catch (e) {
    const why = e instanceof RangeError || /nested/i.test(String(e)) ? 'elements are nested too deep' : shown(String(e), 200);
    throw new JunitError(`cannot read the XML: ${why}; expected a JUnit XML report`);
  }
}

/** A report in the plain form that the library would read the same way, with a root the reader below uses. */
function plainDocument(xml: string): XmlNode | undefined {
  const doc = readPlainXml(xml, JUNIT_ARRAYS);
  return doc && (doc.testsuites !== undefined || doc.testsuite !== undefined) ? doc : undefined;
}

/**
 * Read a JUnit XML report, loading the XML library only when the report is not in the plain form
 * (what the gate calls; see parseJunit).
 */
export async function readJunit(xml: string): Promise<JunitReport> {
  const plain = xml.trim() === '' ? undefined : plainDocument(xml);
  if (plain) return reportOf(plain);
  await loadXmlParser();
  return parseJunit(xml);
}

/**
 * Parse a JUnit XML report (pytest, JUnit, vitest, Jest, go-junit-report, ...): `<testsuites>` or a
 * bare `<testsuite>`, nested suites allowed. Counts come from the test cases themselves. A report not
 * in the plain form needs the XML library loaded (loadXmlParser; readJunit does it).
 */
export function parseJunit(xml: string): JunitReport {
  if (xml.trim() === '') throw new JunitError('the file is empty; expected a JUnit XML report');
  return reportOf(plainDocument(xml) ?? libraryDocument(xml));
}

/** The report from the document's tree (the library's shape, from either reader). */
function reportOf(doc: XmlNode): JunitReport {
  const roots: XmlNode[] = [];
  for (const key of ['testsuites', 'testsuite']) {
    const v = doc[key];
    if (Array.isArray(v)) roots.push(...(v as XmlNode[]).map((n) => (typeof n === 'object' && n ? n : {})).map((n) => ({ [key]: [n] })));
  }
  if (roots.length === 0) {
    const top = Object.keys(doc).filter((k) => !k.startsWith('?'));
    throw new JunitError(`expected a <testsuites> or <testsuite> root element, found <${shown(top[0] ?? 'nothing', 40)}>`);
  }
  const cases: JunitCase[] = [];
  const visit = (node: XmlNode, suiteName: string, inherited: JunitProperty[]) => {
    for (const s of (node.testsuites as XmlNode[] | undefined) ?? []) {
      const suites = typeof s === 'object' && s ? s : {};
      visit(suites, attr(suites, 'name') ?? suiteName, [...inherited, ...propertiesOf(suites)]);
    }
    for (const s of (node.testsuite as XmlNode[] | undefined) ?? []) {
      const suite = typeof s === 'object' && s ? s : {};
      const name = attr(suite, 'name') ?? suiteName;
      const props = [...inherited, ...propertiesOf(suite)];
      for (const c of (suite.testcase as XmlNode[] | undefined) ?? []) cases.push(toCase(typeof c === 'object' && c ? c : {}, name, props));
      visit(suite, name, props);
    }
  };
  for (const r of roots) visit(r, '', []);
  const totals = { tests: cases.length, passed: 0, failed: 0, error: 0, skipped: 0 };
  for (const c of cases) totals[c.status]++;
  return { cases, totals };
}
