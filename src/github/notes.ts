import { code, link, md } from '../report/escape.js';
import type { Report } from '../schemas/report.js';
import type { GithubRecord } from './notes-schema.js';

export type { GithubRecord, InputOverride } from './notes-schema.js';

/** The keys of githubRecordSchema's objects, in its order (test/github/notes.test.ts checks them against the schema). */
export const RECORD_KEYS = [
  'configFile',
  'configSource',
  'gateChanges',
  'baseline',
  'blocked',
  'configWarning',
  'inputOverrides',
  'publish',
];
export const GATE_CHANGE_KEYS = ['key', 'base', 'head'];
export const OVERRIDE_KEYS = ['input', 'config', 'value', 'relaxes'];
export const PUBLISH_KEYS = ['runId', 'runUrl', 'settings', 'differences'];
export const CONFIG_SOURCES = ['head', 'base', 'default-branch'];

type Obj = Record<string, unknown>;
const NO = Symbol('no');
function no(): never {
  throw NO;
}
/** An object (z.object: other keys dropped); `__proto__` and keys set to undefined are left to the schema. */
function obj(x: unknown): Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x) || Object.hasOwn(x, '__proto__')) no();
  return x as Obj;
}
const text = (max: number) => (x: unknown) => (typeof x === 'string' && x.length <= max ? x : no());
const nullable =
  <T>(read: (x: unknown) => T) =>
  (x: unknown): T | null =>
    x === null ? null : read(x);
const list =
  <T>(max: number, read: (x: unknown) => T) =>
  (x: unknown): T[] =>
    Array.isArray(x) && x.length <= max ? x.map((v) => read(v)) : no();
function opt<T>(to: Obj, from: Obj, k: string, read: (x: unknown) => T): void {
  if (Object.hasOwn(from, k)) to[k] = read(from[k]);
}
function fields(o: Obj, keys: string[], read: (x: unknown) => unknown): Obj {
  return Object.fromEntries(keys.map((k) => [k, read(o[k])]));
}

/**
 * records.github as githubRecordSchema's parse gives it (notes-schema.ts), or undefined: the schema
 * then decides (loaded on demand, so that a gate run loads no zod for its own record).
 */
export function plainGithubRecord(x: unknown): GithubRecord | undefined {
  try {
    const r = obj(x);
    const out: Obj = { configFile: text(500)(r.configFile) };
    out.configSource = CONFIG_SOURCES.includes(r.configSource as string) ? r.configSource : no();
    out.gateChanges = nullable(list(50, (c) => fields(obj(c), GATE_CHANGE_KEYS, text(100))))(r.gateChanges);
    out.baseline = nullable(text(1000))(r.baseline);
    opt(out, r, 'blocked', nullable(text(2000)));
    opt(out, r, 'configWarning', nullable(text(2000)));
    opt(
      out,
      r,
      'inputOverrides',
      list(20, (v) => {
        const o = obj(v);
        const relaxes = typeof o.relaxes === 'boolean' ? o.relaxes : no();
        return { input: text(50)(o.input), config: text(100)(o.config), value: text(100)(o.value), relaxes };
      }),
    );
    opt(out, r, 'publish', (v) => {
      const o = obj(v);
      const runId = typeof o.runId === 'number' && Number.isFinite(o.runId) ? o.runId : no();
      const p: Obj = { runId };
      opt(p, o, 'runUrl', text(500));
      p.settings = text(600)(o.settings);
      p.differences = list(40, text(600))(o.differences);
      return p;
    });
    return out as unknown as GithubRecord;
  } catch (e) {
    if (e === NO) return undefined;
    throw e;
  }
}

/** records.github of a report, validated (it may come from another run: mode publish), or null. */
export async function githubRecordOf(r: Report): Promise<GithubRecord | null> {
  const raw = r.records.github;
  const plain = plainGithubRecord(raw);
  if (plain) return plain;
  const p = (await import('./notes-schema.js')).githubRecordSchema.safeParse(raw);
  return p.success ? p.data : null;
}

const callout = (kind: 'CAUTION' | 'WARNING' | 'NOTE', body: string) => `> [!${kind}]\n> ${body}`;

function publishNotes(p: NonNullable<GithubRecord['publish']>): string[] {
  const run = p.runUrl ? link(`run ${p.runId}`, p.runUrl) : `run ${p.runId}`;
  const notes = [
    callout(
      'NOTE',
      `Evidence and per-test results came from the pull request's own run (${run}); this verdict was recomputed with the default branch's settings (${md(p.settings)}). ` +
        "The pull request's code produced that evidence: changes to the pipeline, the tests and the workflows need a maintainer's review.",
    ),
  ];
  if (p.differences.length) {
    notes.push(callout('CAUTION', `The pull request's run reported otherwise: ${p.differences.map(md).join('; ')}.`));
  }
  return notes;
}

/** Call-outs shown under the verdict: why the gate failed closed, provenance, relaxed settings, changes, no baseline. */
export async function commentNotes(r: Report): Promise<string[]> {
  const g = await githubRecordOf(r);
  if (!g) return [];
  const notes: string[] = [];
  if (g.blocked) notes.push(callout('CAUTION', `**The gate failed closed:** ${md(g.blocked)}`));
  if (g.publish) notes.push(...publishNotes(g.publish));
  if (g.configWarning) notes.push(callout('WARNING', md(g.configWarning)));
  const relaxed = (g.inputOverrides ?? []).filter((o) => o.relaxes);
  if (relaxed.length) {
    const list = relaxed.map((o) => `${code(o.input)} ${md(o.value)} (config: ${md(o.config)})`).join(', ');
    notes.push(callout('WARNING', `Workflow inputs relax the config: ${list}.`));
  }
  if (g.gateChanges && g.gateChanges.length) {
    const list = g.gateChanges.map((c) => `${code(c.key)} ${md(c.base)} → ${md(c.head)}`).join(', ');
    const effect =
      g.configSource === 'base'
        ? "The base branch's settings were applied (config-source: base); they take effect once this change is merged."
        : 'The changed settings apply to this run (config-source: head): a reviewer should approve them.';
    notes.push(callout('WARNING', `This pull request changes the gate settings in ${code(g.configFile)}: ${list}. ${effect}`));
  }
  if (g.baseline && !r.baseline) notes.push(callout('NOTE', `No baseline from the base branch: ${md(g.baseline)}. The delta is unknown.`));
  return notes;
}
