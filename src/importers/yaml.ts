/**
 * YAML evidence (DVC files, MLflow's meta.yaml), apart from common.ts so that reading JSON evidence
 * does not load the YAML library (issue 15: cold start).
 */
import { parse as parseYaml } from 'yaml';
import { errorMessage } from '../util/errors.js';
import { capMessage, redactSecrets } from '../util/excerpt.js';
import { withoutControlChars } from '../util/format.js';
import { nestedDeeperThan } from '../util/nesting.js';
import { extractNonFinite, ImportError, MAX_DEPTH, tooDeep } from './common.js';
import type { NonFinite } from '../evidence/json.js';

export function readYaml(file: string, text: string, expected: string): { value: unknown; nonFinite: NonFinite[] } {
  let v: unknown;
  try {
    // aliases expand at most 100 times (a "billion laughs" document stops), and keys are unique
    v = parseYaml(text, { prettyErrors: false, uniqueKeys: true, maxAliasCount: 100 });
  } catch (e) {
    const err = e as { linePos?: Array<{ line: number }>; pos?: [number, number] };
    const line = err.linePos?.[0]?.line ?? (err.pos ? text.slice(0, err.pos[0]).split('\n').length : undefined);
    if (e instanceof RangeError || /Maximum call stack/.test(errorMessage(e))) throw tooDeep(file, expected);
    const why = capMessage(redactSecrets(withoutControlChars(errorMessage(e).split('\n')[0])), 200);
    throw new ImportError(file, `${file}${line ? ` (line ${line})` : ''}: not valid YAML: ${why}; expected ${expected}`, line);
  }
  if (nestedDeeperThan(v, MAX_DEPTH)) throw tooDeep(file, expected);
  return extractNonFinite(v);
}
