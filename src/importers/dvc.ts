import type { NonFinite } from '../evidence/json.js';
import { ImportError, isRecord, kindOf, readJson, shapeError, extractNonFinite } from './common.js';
import { readYaml } from './yaml.js';
import { parseToml, TomlError } from './toml.js';

export type DvcSyntax = 'json' | 'yaml' | 'toml';

export const DVC_EXPECTED = 'a DVC metrics file (a mapping of metric names to numbers, nested mappings allowed)';

/** The syntax of a DVC metrics file, from its extension (DVC does the same); JSON otherwise. */
export function dvcSyntaxOf(file: string): DvcSyntax {
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  if (/\.toml$/i.test(file)) return 'toml';
  return 'json';
}

export interface DvcMetrics {
  /** Dotted metric name to value; null where the file held NaN/Infinity or null. */
  metrics: Record<string, number | null>;
  nonFinite: NonFinite[];
  /** Dotted names of leaves that are not numbers (strings, booleans): not metrics, left out. */
  skipped: string[];
}

/**
 * Read a DVC metrics file (`dvc metrics show` input): JSON, YAML or TOML, nested keys flattened to
 * dotted paths (`{"test": {"auc": 0.9}}` -> `test.auc`). Numbers are metrics; strings and booleans
 * are left out (DVC shows them but they cannot be gated); a list is not a metric and is rejected.
 */
export function readDvcMetrics(file: string, text: string, syntax: DvcSyntax = dvcSyntaxOf(file)): DvcMetrics {
  const expected = `${DVC_EXPECTED} (${syntax.toUpperCase()})`;
  let parsed: { value: unknown; nonFinite: NonFinite[] };
  if (syntax === 'json') parsed = readJson(file, text, expected);
  else if (syntax === 'yaml') parsed = readYaml(file, text, expected);
  else {
    try {
      parsed = extractNonFinite(parseToml(text));
    } catch (e) {
      if (e instanceof TomlError) throw new ImportError(file, `${file}: not valid TOML: ${e.message}; expected ${expected}`, e.line);
      throw e;
    }
  }
  const root = parsed.value;
  if (!isRecord(root)) throw shapeError(file, expected, [], `expected a mapping of metric names to values, got ${kindOf(root)}`);
  const metrics: Record<string, number | null> = {};
  const skipped: string[] = [];
  const walk = (v: unknown, p: string[]) => {
    const dotted = p.join('.');
    if (isRecord(v)) {
      for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
    } else if (typeof v === 'number') metrics[dotted] = v;
    else if (v === null) {
      // NaN/Infinity read as null (and recorded for monitor-5), or an explicit null
      metrics[dotted] = null;
    } else if (Array.isArray(v)) {
      throw shapeError(file, expected, p, `expected a number or a nested mapping, got a list (a list is not a metric)`);
    } else skipped.push(dotted);
  };
  walk(root, []);
  if (Object.keys(metrics).length === 0) {
    throw shapeError(
      file,
      expected,
      [],
      `no numeric metric found${skipped.length ? ` (only non-numeric values: ${skipped.slice(0, 5).join(', ')})` : ''}`,
    );
  }
  return { metrics, nonFinite: parsed.nonFinite, skipped };
}
