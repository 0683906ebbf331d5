import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { capMessage, redactSecrets } from '../util/excerpt.js';
import { withoutControlChars } from '../util/format.js';

/** Text from the report shown in messages (test names, failure messages): one line, no credentials, bounded. */
const shown = (s: string, max: number) => capMessage(redactSecrets(withoutControlChars(s)), max);

export type CaseStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface JunitCase {
  suite: string;
  classname: string;
  name: string;
  status: CaseStatus;
  message?: string;
  timeS?: number;
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

const ARRAYS = new Set(['testsuites', 'testsuite', 'testcase', 'failure', 'error', 'skipped']);

type XmlNode = Record<string, unknown>;
const attr = (n: XmlNode, name: string): string | undefined => {
  const v = n[`@_${name}`];
  return v === undefined ? undefined : String(v);
};

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
 * Parse a JUnit XML report (pytest, JUnit, vitest, Jest, go-junit-report, ...): `<testsuites>` or a
 * bare `<testsuite>`, nested suites allowed. Counts come from the test cases themselves.
 */
export function parseJunit(xml: string): JunitReport {
  if (xml.trim() === '') throw new JunitError('the file is empty; expected a JUnit XML report');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line } = valid.err;
    throw new JunitError(`not well-formed XML (line ${line}): ${shown(msg, 200)}`, line);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseAttributeValue: false,
    parseTagValue: false,
    processEntities: true,
    isArray: (name) => ARRAYS.has(name),
  });
  let doc: XmlNode;
  try {
    doc = parser.parse(xml) as XmlNode;
  } catch (e) {
    const why = e instanceof RangeError || /nested/i.test(String(e)) ? 'elements are nested too deep' : shown(String(e), 200);
    throw new JunitError(`cannot read the XML: ${why}; expected a JUnit XML report`);
  }
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
  const visit = (node: XmlNode, suiteName: string) => {
    for (const s of (node.testsuites as XmlNode[] | undefined) ?? [])
      visit(typeof s === 'object' && s ? s : {}, attr(s, 'name') ?? suiteName);
    for (const s of (node.testsuite as XmlNode[] | undefined) ?? []) {
      const suite = typeof s === 'object' && s ? s : {};
      const name = attr(suite, 'name') ?? suiteName;
      for (const c of (suite.testcase as XmlNode[] | undefined) ?? []) {
        const tc = typeof c === 'object' && c ? c : {};
        let status: CaseStatus = 'passed';
        let message: string | undefined;
        if (tc.error !== undefined) {
          status = 'error';
          message = firstMessage(tc.error);
        } else if (tc.failure !== undefined) {
          status = 'failed';
          message = firstMessage(tc.failure);
        } else if (tc.skipped !== undefined) {
          status = 'skipped';
          message = firstMessage(tc.skipped);
        }
        const time = Number(attr(tc, 'time'));
        cases.push({
          suite: name,
          classname: shown(attr(tc, 'classname') ?? '', 300),
          name: shown(attr(tc, 'name') ?? '(unnamed)', 300),
          status,
          message: message === undefined ? undefined : capMessage(redactSecrets(message), 300), // lines kept: the first is shown
          timeS: Number.isFinite(time) ? time : undefined,
        });
      }
      visit(suite, name);
    }
  };
  for (const r of roots) visit(r, '');
  const totals = { tests: cases.length, passed: 0, failed: 0, error: 0, skipped: 0 };
  for (const c of cases) totals[c.status]++;
  return { cases, totals };
}
