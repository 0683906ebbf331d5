import { UserError } from '../util/errors.js';

/** Every input of action.yml, typed, in one object. */
export interface ActionInputs {
  config: string;
  githubToken: string;
  minScore?: number;
  maxScoreDrop?: number;
  mode: 'enforce' | 'report' | 'publish';
  /** `auto` (artifact from the base branch), `none`, or a path to a report file. */
  baseline: string;
  id: string;
}

export type GetInput = (name: string) => string;

function num(get: GetInput, name: string, lo: number, hi: number): number | undefined {
  const raw = get(name).trim();
  if (raw === '') return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < lo || v > hi) throw new UserError(`input ${name}: expected a number from ${lo} to ${hi}, got "${raw}"`);
  return v;
}

export function readInputs(get: GetInput): ActionInputs {
  const mode = get('mode').trim() || 'enforce';
  if (!['enforce', 'report', 'publish'].includes(mode)) {
    throw new UserError(`input mode: expected enforce, report or publish, got "${mode}"`);
  }
  const id = get('id').trim() || 'default';
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) {
    throw new UserError(`input id: expected letters, digits, ".", "_" or "-" (at most 64), got "${id}"`, 'The id names the sticky comment and the report artifact.');
  }
  return {
    config: get('config').trim() || '.github/ml-test-gate.yml',
    githubToken: get('github-token'),
    minScore: num(get, 'min-score', 0, 7),
    maxScoreDrop: num(get, 'max-score-drop', 0, 7),
    mode: mode as ActionInputs['mode'],
    baseline: get('baseline').trim() || 'auto',
    id,
  };
}
