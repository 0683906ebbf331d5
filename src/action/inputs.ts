import type { InputOverride } from '../github/notes.js';
import type { GateConfig } from '../schemas/config/gate.js';
import { UserError } from '../util/errors.js';
import { quoted } from '../util/excerpt.js';

/**
 * Every input of action.yml, typed, in one object. An input that has a config twin (min-score,
 * max-score-drop, mode, if-no-baseline, baseline) has no default in action.yml: undefined or empty
 * here means "use the config" (input > config > built-in default).
 */
export interface ActionInputs {
  config: string;
  githubToken: string;
  minScore?: number;
  maxScoreDrop?: number;
  /** Undefined: gate.mode of the config. `publish` exists only as an input. */
  mode?: 'enforce' | 'report' | 'publish';
  /** `auto` (artifact from the base branch), `none`, a path to a report file, or empty (the config's `baseline`, else auto). */
  baseline: string;
  id: string;
  /** Post the sticky PR comment: always, never, or only when the gate fails (an existing one is kept current). */
  comment: 'true' | 'false' | 'on-failure';
  /** Where the `gate:` settings come from on pull requests. */
  configSource: 'head' | 'base';
  /** Name of a check run to create; empty: none. */
  checkName: string;
  /** Overrides gate.if-no-baseline. */
  ifNoBaseline?: 'warn' | 'fail';
  /** Extra login whose comments count as ours (a GitHub App's `<slug>[bot]`). */
  commentAuthor: string;
  /** Base-branch report artifacts to draw as the score history; undefined: the config's history.runs (0: none). */
  history?: number;
}

export type GetInput = (name: string) => string;

function num(get: GetInput, name: string, lo: number, hi: number): number | undefined {
  const raw = get(name).trim();
  if (raw === '') return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < lo || v > hi)
    throw new UserError(`input ${name}: expected a number from ${lo} to ${hi}, got ${quoted(raw)}`);
  return v;
}

function wholeNumber(get: GetInput, name: string, lo: number, hi: number): number | undefined {
  const v = num(get, name, lo, hi);
  if (v !== undefined && !Number.isInteger(v))
    throw new UserError(`input ${name}: expected a whole number from ${lo} to ${hi}, got ${quoted(get(name).trim())}`);
  return v;
}

function oneOf<T extends string>(get: GetInput, name: string, allowed: readonly T[], fallback: T): T {
  const raw = get(name).trim().toLowerCase() || fallback;
  if (!(allowed as readonly string[]).includes(raw))
    throw new UserError(`input ${name}: expected ${allowed.join(', ')}, got ${quoted(raw)}`);
  return raw as T;
}

export function readInputs(get: GetInput): ActionInputs {
  const mode = get('mode').trim().toLowerCase();
  if (mode && !['enforce', 'report', 'publish'].includes(mode)) {
    throw new UserError(
      `input mode: expected enforce, report or publish, got ${quoted(mode)}`,
      'Leave it empty to use gate.mode of the config.',
    );
  }
  const id = get('id').trim() || 'default';
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) {
    throw new UserError(
      `input id: expected letters, digits, ".", "_" or "-" (at most 64), got ${quoted(id)}`,
      'The id names the sticky comment and the report artifact.',
    );
  }
  const ifNoBaseline = get('if-no-baseline').trim();
  const commentAuthor = get('comment-author').trim();
  if (commentAuthor && !/^[A-Za-z0-9-]+(\[bot\])?$/.test(commentAuthor)) {
    throw new UserError(`input comment-author: expected a GitHub login such as my-app[bot], got ${quoted(commentAuthor)}`);
  }
  const checkName = get('check-name').trim();
  if (checkName.length > 100) throw new UserError('input check-name: at most 100 characters');
  return {
    config: get('config').trim() || '.github/ml-test-gate.yml',
    githubToken: get('github-token'),
    minScore: num(get, 'min-score', 0, 7),
    maxScoreDrop: num(get, 'max-score-drop', 0, 7),
    mode: (mode || undefined) as ActionInputs['mode'],
    baseline: get('baseline').trim(),
    id,
    comment: oneOf(get, 'comment', ['true', 'false', 'on-failure'] as const, 'true'),
    configSource: oneOf(get, 'config-source', ['head', 'base'] as const, 'head'),
    checkName,
    ifNoBaseline: ifNoBaseline ? oneOf(get, 'if-no-baseline', ['warn', 'fail'] as const, 'warn') : undefined,
    commentAuthor,
    history: wholeNumber(get, 'history', 0, 50),
  };
}

const show = (v: number | string | undefined) => (v === undefined ? 'unset' : String(v));

/**
 * The inputs that override a gate setting of the config, and whether each makes the gate easier to
 * pass (a lower min-score, a larger max-score-drop, report instead of enforce, warn instead of fail).
 * A `pull_request` workflow runs the PR's own version of the workflow file, so a relaxing input is
 * shown in the comment header.
 */
export function inputOverrides(inputs: ActionInputs, gate: GateConfig): InputOverride[] {
  const out: InputOverride[] = [];
  if (inputs.minScore !== undefined && inputs.minScore !== gate['min-score']) {
    out.push({
      input: 'min-score',
      config: show(gate['min-score']),
      value: show(inputs.minScore),
      relaxes: gate['min-score'] !== undefined && inputs.minScore < gate['min-score'],
    });
  }
  if (inputs.maxScoreDrop !== undefined && inputs.maxScoreDrop !== gate['max-score-drop']) {
    const cfg = gate['max-score-drop'];
    out.push({
      input: 'max-score-drop',
      config: show(cfg),
      value: show(inputs.maxScoreDrop),
      relaxes: cfg !== undefined && inputs.maxScoreDrop > cfg,
    });
  }
  if ((inputs.mode === 'enforce' || inputs.mode === 'report') && inputs.mode !== gate.mode) {
    out.push({ input: 'mode', config: gate.mode, value: inputs.mode, relaxes: inputs.mode === 'report' });
  }
  if (inputs.ifNoBaseline !== undefined && inputs.ifNoBaseline !== gate['if-no-baseline']) {
    out.push({
      input: 'if-no-baseline',
      config: gate['if-no-baseline'],
      value: inputs.ifNoBaseline,
      relaxes: inputs.ifNoBaseline === 'warn',
    });
  }
  return out;
}

/** Values that must never be echoed: the workflow token, and the runner's own tokens when set. */
export function secretsOf(inputs: Pick<ActionInputs, 'githubToken'>, env: NodeJS.ProcessEnv = process.env): string[] {
  return [inputs.githubToken, env.ACTIONS_RUNTIME_TOKEN ?? '', env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? ''].filter((s) => s.length >= 6);
}
