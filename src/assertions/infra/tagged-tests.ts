/**
 * Tagged JUnit test cases. A test case names the rubric test it evidences with a property `ml_test`
 * (pytest: `record_property("ml_test", "data-3")`), and counts toward that test: a failing tagged case
 * fails it. A suite or case carries its pyramid layer in a property `ml_test_layer` (pytest:
 * `record_testsuite_property("ml_test_layer", "integration")`), or a whole file gets one from
 * `tests.layers`; integration and acceptance cases count toward infra-3 (the pipeline is integration
 * tested). The layer counts are recorded for the test pyramid (gate/pyramid.ts).
 */
import type { JunitCase, JunitReport } from '../../evidence/junit.js';
import { RUBRIC_IDS, type RubricId } from '../../rubric/tests.js';
import type { Check, Diagnostic, TestOutcome } from '../../rubric/types.js';
import { TEST_LAYERS, type TestLayer } from '../../schemas/constants.js';
import type { JunitTestsConfig } from '../../schemas/config/tests.js';
import { withoutControlChars } from '../../util/format.js';
import { nearest } from '../../util/suggest.js';
import { readJunitReports } from '../data/test-reports.js';
import { ATTESTATION_ONLY_IDS } from '../shared/attestation-only.js';
import type { EvalContext, Evaluator } from '../types.js';
import { caseName } from '../shared/junit-case.js';

export const TAGGED_EVALUATOR = 'tagged-tests';
/** The property that names the rubric test a case evidences. */
export const TAG = 'ml_test';
/** The property that names the pyramid layer of a suite or case. */
export const LAYER_TAG = 'ml_test_layer';

/** Layers whose cases count toward infra-3. */
const INTEGRATION_LAYERS: readonly TestLayer[] = ['integration', 'acceptance'];
const TAGGABLE = RUBRIC_IDS.filter((id) => !ATTESTATION_ONLY_IDS.includes(id));

export interface LayerCount {
  cases: number;
  passed: number;
  failed: number;
  skipped: number;
  files: string[];
}

/** Kept in the report (records["tagged-tests"]) and read by the test pyramid. */
export interface TaggedRecord {
  layers: Partial<Record<TestLayer, LayerCount>>;
  /** Tagged cases per rubric id. */
  tagged: Partial<Record<RubricId, number>>;
}

const shown = (s: string, max = 60) => {
  const t = withoutControlChars(s);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};
const where = (c: JunitCase) => `${caseName(c)}${c.source ? ` (${c.source.file}${c.source.line ? `:${c.source.line}` : ''})` : ''}`;

/** The 1-based line of the first occurrence of `needle` in `text` (for annotations); undefined when absent. */
export function lineOf(text: string, needle: string): number | undefined {
  const i = text.indexOf(needle);
  if (i < 0) return undefined;
  let line = 1;
  for (let k = 0; k < i; k++) if (text.charCodeAt(k) === 10) line++;
  return line;
}

interface Problem {
  message: string;
  /** The test the user most likely meant, when there is one. */
  test?: RubricId;
  needle: string;
}

const SECTION_WORDS = ['data', 'model', 'infra', 'monitor'] as const;

/** One id: case and the separator are forgiven (DATA_3, data3); anything else is a problem with the nearest id. */
function idOf(raw: string): { id: RubricId } | Omit<Problem, 'needle'> {
  const m = /^([a-z]+)[-_ ]?(\d+)$/i.exec(raw);
  const section = m?.[1].toLowerCase();
  if (m && (SECTION_WORDS as readonly string[]).includes(section!)) {
    const id = `${section}-${Number(m[2])}` as RubricId;
    if ((ATTESTATION_ONLY_IDS as readonly string[]).includes(id))
      return { message: `${id} is scored only by an attestation (a person's record); a test case cannot evidence it` };
    if ((TAGGABLE as readonly string[]).includes(id)) return { id };
    return { message: `${TAG} "${shown(raw, 30)}" is not a rubric test id: ${section} has ${section}-1 to ${section}-7` };
  }
  const near = nearest(raw, TAGGABLE) as RubricId | undefined;
  return {
    message: `${TAG} "${shown(raw, 30)}" is not a rubric test id${near ? ` (did you mean "${near}"?)` : ''}; expected one of data-1..7, model-1..7, infra-1..7, monitor-1..7`,
    test: near,
  };
}

/** The rubric ids one `ml_test` value names: one or several, separated by commas or spaces. */
export function parseTag(value: string): { ids: RubricId[]; problems: Array<Omit<Problem, 'needle'>> } {
  const ids: RubricId[] = [];
  const problems: Array<Omit<Problem, 'needle'>> = [];
  const parts = value
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) problems.push({ message: `property ${TAG} is empty; expected a rubric test id such as data-3` });
  for (const raw of parts) {
    const r = idOf(raw);
    if ('id' in r) ids.push(r.id);
    else problems.push(r);
  }
  return { ids: [...new Set(ids)], problems };
}

/** The layer of a case: its own property, else the innermost suite's, else the file's configured layer. */
function layerOf(
  c: JunitCase,
  fileLayer: TestLayer | undefined,
): { layer?: TestLayer; problem?: Omit<Problem, 'needle'> & { raw: string } } {
  const own = c.properties.filter((p) => p.name === LAYER_TAG).at(-1) ?? c.suiteProperties.filter((p) => p.name === LAYER_TAG).at(-1);
  if (!own) return { layer: fileLayer };
  const v = own.value.trim().toLowerCase();
  if ((TEST_LAYERS as readonly string[]).includes(v)) return { layer: v as TestLayer };
  const near = nearest(own.value, TEST_LAYERS);
  return {
    layer: fileLayer,
    problem: {
      raw: own.value,
      message: `${LAYER_TAG} "${shown(own.value, 30)}" is not a layer${near ? ` (did you mean "${near}"?)` : ''}; expected one of ${TEST_LAYERS.join(', ')}`,
      test: 'infra-3',
    },
  };
}

export interface Classified {
  byTest: Map<RubricId, JunitCase[]>;
  byLayer: Map<TestLayer, JunitCase[]>;
  problems: Problem[];
}

/** Sort one report's cases by the rubric tests they name and the layer they belong to. Pure. */
export function classifyCases(report: JunitReport, fileLayer?: TestLayer): Classified {
  const byTest = new Map<RubricId, JunitCase[]>();
  const byLayer = new Map<TestLayer, JunitCase[]>();
  const problems: Problem[] = [];
  const push = <K>(m: Map<K, JunitCase[]>, k: K, c: JunitCase) => m.set(k, [...(m.get(k) ?? []), c]);
  for (const c of report.cases) {
    for (const p of c.properties.filter((x) => x.name === TAG)) {
      const { ids, problems: bad } = parseTag(p.value);
      for (const id of ids) push(byTest, id, c);
      for (const b of bad)
        problems.push({ ...b, message: `test case ${shown(where(c), 120)}: ${b.message}`, needle: `value="${p.value}"` });
    }
    const { layer, problem } = layerOf(c, fileLayer);
    if (problem)
      problems.push({ ...problem, message: `test case ${shown(where(c), 120)}: ${problem.message}`, needle: `value="${problem.raw}"` });
    if (layer) push(byLayer, layer, c);
  }
  return { byTest, byLayer, problems };
}

/** One check for a group of cases in one file: all that ran passed, none failed, at least one ran. */
export function casesCheck(label: string, file: string, cases: readonly JunitCase[], allowSkipped: boolean): Check {
  const n = (s: JunitCase['status']) => cases.filter((c) => c.status === s).length;
  const [passed, failed, errors, skipped] = [n('passed'), n('failed'), n('error'), n('skipped')];
  const counts = `${passed} passed, ${failed} failed, ${errors} error${errors === 1 ? '' : 's'}, ${skipped} skipped`;
  const base = { name: `${label} in ${file}`, file, method: 'JUnit XML test cases tagged with properties' };
  if (passed + failed + errors === 0)
    return { ...base, status: 'error', message: `${label}: all ${cases.length} case(s) in ${file} were skipped; nothing ran`, value: 0 };
  const broken = cases.filter((c) => c.status === 'failed' || c.status === 'error');
  if (broken.length > 0) {
    const names = broken.slice(0, 5).map((c) => `${caseName(c)}${c.message ? ` (${c.message.split('\n')[0].slice(0, 120)})` : ''}`);
    return {
      ...base,
      status: 'fail',
      message: `${label}: ${counts} in ${file}; failing: ${names.join('; ')}${broken.length > 5 ? `, +${broken.length - 5} more` : ''}`,
      value: passed / (passed + failed + errors),
      threshold: 'all pass',
    };
  }
  if (skipped > 0 && !allowSkipped)
    return { ...base, status: 'fail', message: `${label}: ${counts} in ${file}; skipped tests are not allowed`, threshold: 'no skips' };
  return { ...base, status: 'pass', message: `${label}: ${counts} in ${file}`, value: 1, threshold: 'all pass' };
}

const toList = (p: string | string[] | undefined) => (p === undefined ? [] : Array.isArray(p) ? p : [p]);

/** The files to read, each with its configured layer (tests.layers); a file may be both tagged and layered. */
async function filesToRead(ctx: EvalContext, cfg: JunitTestsConfig): Promise<{ patterns: string[]; layerOfFile: Map<string, TestLayer> }> {
  const layerOfFile = new Map<string, TestLayer>();
  const patterns = [...toList(cfg.tagged)];
  for (const layer of TEST_LAYERS) {
    for (const p of toList(cfg.layers?.[layer])) {
      patterns.push(p);
      for (const f of await ctx.workspace.glob(p)) if (!layerOfFile.has(f)) layerOfFile.set(f, layer);
    }
  }
  return { patterns: [...new Set(patterns)], layerOfFile };
}

/** Each problem is one error: on the test the user most likely meant, else a diagnostic. */
async function problemChecks(ctx: EvalContext, file: string, problems: Problem[], outcomes: TestOutcome[]): Promise<void> {
  if (problems.length === 0) return;
  let text = '';
  try {
    text = await ctx.workspace.readText(file);
  } catch {
    // the line is a convenience; the message already names the test case
  }
  for (const p of problems) {
    const line = text ? lineOf(text, p.needle) : undefined;
    const message = `${file}${line ? `:${line}` : ''}: ${p.message}`;
    // on a test, the gate's failure annotation carries it; otherwise a diagnostic of its own (one message either way)
    if (p.test) outcomes.push({ test: p.test, checks: [{ name: `${TAG} tag`, status: 'error', message, file, line }], evidence: [file] });
    else ctx.diagnostics.push({ level: 'error', message, file, line } satisfies Diagnostic);
  }
}

function countLayer(prev: LayerCount | undefined, file: string, cases: JunitCase[]): LayerCount {
  const c = prev ?? { cases: 0, passed: 0, failed: 0, skipped: 0, files: [] };
  return {
    cases: c.cases + cases.length,
    passed: c.passed + cases.filter((x) => x.status === 'passed').length,
    failed: c.failed + cases.filter((x) => x.status === 'failed' || x.status === 'error').length,
    skipped: c.skipped + cases.filter((x) => x.status === 'skipped').length,
    files: [...c.files, file],
  };
}

/** Any rubric test named by a tagged case; infra-3 from integration and acceptance suites. */
export const taggedTestsEvaluator: Evaluator = {
  name: TAGGED_EVALUATOR,
  tests: ['infra-3', ...TAGGABLE.filter((id) => id !== 'infra-3')],
  config: ['tests.tagged', 'tests.layers', 'tests.allow-skipped'],
  formats: ['JUnit XML (properties ml_test, ml_test_layer)'],
  async run(ctx) {
    const cfg = ctx.config.tests;
    if (!cfg || (cfg.tagged === undefined && cfg.layers === undefined)) return { outcomes: [] };
    const { patterns, layerOfFile } = await filesToRead(ctx, cfg);
    const { reports, errors } = await readJunitReports(ctx, patterns);
    const outcomes: TestOutcome[] = [];
    // a tagged file that cannot be read leaves unknown which tests it evidences: the integration test is the one it most often holds
    if (errors.length) outcomes.push({ test: 'infra-3', checks: errors, evidence: errors.map((e) => e.file ?? e.name) });
    const record: TaggedRecord = { layers: {}, tagged: {} };
    for (const { file, report } of reports) {
      const k = classifyCases(report, layerOfFile.get(file));
      await problemChecks(ctx, file, k.problems, outcomes);
      for (const [id, cases] of k.byTest) {
        outcomes.push({ test: id, checks: [casesCheck(`tests tagged ${TAG}=${id}`, file, cases, cfg['allow-skipped'])], evidence: [file] });
        record.tagged[id] = (record.tagged[id] ?? 0) + cases.length;
      }
      for (const [layer, cases] of k.byLayer) {
        record.layers[layer] = countLayer(record.layers[layer], file, cases);
        if (INTEGRATION_LAYERS.includes(layer))
          outcomes.push({ test: 'infra-3', checks: [casesCheck(`${layer} tests`, file, cases, cfg['allow-skipped'])], evidence: [file] });
      }
      if (k.byTest.size === 0 && k.byLayer.size === 0 && k.problems.length === 0)
        ctx.diagnostics.push({
          level: 'warning',
          message: `${file}: no test case carries a property ${TAG} or ${LAYER_TAG}, and tests.layers gives the file no layer; nothing in it counts toward the rubric (docs/formats/tagged-tests.md)`,
          file,
        });
    }
    return { outcomes, record };
  },
};
