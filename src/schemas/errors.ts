import type { z } from 'zod';
import { quoted } from '../util/excerpt.js';
import { nearest } from '../util/suggest.js';

type Path = ReadonlyArray<PropertyKey>;

/** `gate.min-score`, `features[3].name`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const p of path) {
    // keys can come from a file: a long one is shown as a short excerpt
    const key = typeof p === 'string' && p.length > 60 ? quoted(p, 57) : String(p);
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${key}` : key;
  }
  return out || '(top level)';
}

/** How a value reads in a message: strings quoted, long values shortened. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'string') return quoted(v, 57);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

const ARTICLE: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object (key: value pairs)',
  array: 'a list',
  int: 'a whole number',
};

// --- walking a zod schema, to suggest valid keys -------------------------------------------

type AnyDef = { type: string; [k: string]: unknown };
const defOf = (s: unknown): AnyDef | undefined => (s as { _zod?: { def: AnyDef } })?._zod?.def;

function unwrap(schema: unknown): unknown {
  let s = schema;
  for (let i = 0; i < 20; i++) {
    const d = defOf(s);
    if (!d) return s;
    if (['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional'].includes(d.type)) s = d.innerType;
    else if (d.type === 'pipe') s = d.in;
    else return s;
  }
  return s;
}

/** The keys an object schema accepts at `path`, or [] when the path does not lead to one. */
export function keysAt(schema: unknown, path: Path): string[] {
  let s = unwrap(schema);
  for (const p of path) {
    const d = defOf(s);
    if (!d) return [];
    if (d.type === 'object') s = unwrap((d.shape as Record<string, unknown>)[String(p)]);
    else if (d.type === 'array') s = unwrap(d.element);
    else if (d.type === 'record') s = unwrap(d.valueType);
    else if (d.type === 'union') {
      const opt = (d.options as unknown[]).map(unwrap).find((o) => ['object', 'array', 'record'].includes(defOf(o)?.type ?? ''));
      if (!opt) return [];
      s = opt;
      // re-run this segment on the chosen option
      const od = defOf(s)!;
      if (od.type === 'object') s = unwrap((od.shape as Record<string, unknown>)[String(p)]);
      else if (od.type === 'array') s = unwrap(od.element);
      else if (od.type === 'record') s = unwrap(od.valueType);
    } else return [];
  }
  const d = defOf(s);
  if (d?.type === 'object') return Object.keys(d.shape as object);
  if (d?.type === 'union') {
    return (d.options as unknown[]).flatMap((o) => {
      const od = defOf(unwrap(o));
      return od?.type === 'object' ? Object.keys(od.shape as object) : [];
    });
  }
  return [];
}

/** One sentence per issue: `gate.min-score: expected a number, got "high"`. */
export function formatIssue(issue: z.core.$ZodIssue, schema?: unknown, root?: unknown): string {
  const where = formatPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return `${where}: required (expected ${ARTICLE[issue.expected] ?? issue.expected})`;
      return `${where}: expected ${ARTICLE[issue.expected] ?? issue.expected}, got ${describeValue(input)}`;
    }
    case 'unrecognized_keys': {
      const valid = schema ? keysAt(schema, issue.path) : [];
      const parts = issue.keys.map((k) => {
        const near = nearest(k, valid);
        return near ? `unknown key ${quoted(k)} (did you mean "${near}"?)` : `unknown key ${quoted(k)}`;
      });
      const prefix = issue.path.length ? `${where}: ` : '';
      const known = valid.length && parts.every((p) => !p.includes('did you mean')) ? `; valid keys: ${valid.filter((v) => v !== '$schema').join(', ')}` : '';
      return `${prefix}${parts.join(', ')}${known}`;
    }
    case 'invalid_value': {
      const opts = issue.values.map((v) => JSON.stringify(v));
      const near = typeof input === 'string' ? nearest(input, issue.values.map(String)) : undefined;
      const hint = near ? ` (did you mean "${near}"?)` : '';
      return `${where}: expected ${opts.length === 1 ? opts[0] : `one of ${opts.join(', ')}`}, got ${describeValue(input)}${hint}`;
    }
    case 'too_small':
    case 'too_big': {
      const op = issue.code === 'too_small' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
      const what = issue.origin === 'array' ? 'a list with length' : issue.origin === 'string' ? 'a string with length' : 'a number';
      return `${where}: expected ${what} ${op} ${String(issue.code === 'too_small' ? issue.minimum : issue.maximum)}, got ${describeValue(input)}`;
    }
    case 'invalid_union': {
      const inner = issue.errors.flat();
      const msgs = [...new Set(inner.map((i) => formatIssue({ ...i, path: [...issue.path, ...i.path] } as z.core.$ZodIssue, schema, root)))];
      if (msgs.length === 1) return msgs[0];
      return `${where}: ${issue.message === 'Invalid input' ? `got ${describeValue(input)}, which matches none of the accepted forms` : issue.message}`;
    }
    case 'invalid_format':
      return `${where}: ${issue.message.replace(/^Invalid /, 'expected a valid ')}, got ${describeValue(input)}`;
    default:
      return `${where}: ${issue.message}`;
  }
}

/** Issues formatted into messages: callers show a few; a document with millions of bad values must not cost millions of messages. */
const MAX_FORMATTED_ISSUES = 50;

/**
 * Parse and return either the data or one message per issue (sorted by path; at most the first 50 issues).
 *
 * `jitless`: zod otherwise compiles a parser (`new Function`) for each object schema on its first
 * parse. A gate run parses each schema once or a few times, so compiling costs more than it saves:
 * about half of the validation time of a report-level run (bench/startup, issue 15).
 */
export function validate<S extends z.ZodType>(
  schema: S,
  data: unknown,
): { ok: true; data: z.infer<S> } | { ok: false; issues: Array<{ path: PropertyKey[]; message: string }>; total: number } {
  const r = schema.safeParse(data, { reportInput: true, jitless: true });
  if (r.success) return { ok: true, data: r.data };
  return {
    ok: false,
    total: r.error.issues.length,
    issues: r.error.issues.slice(0, MAX_FORMATTED_ISSUES).map((i) => ({ path: [...i.path], message: formatIssue(i, schema, data) })),
  };
}
