/**
 * Renders docs/config-reference.md from the zod schemas (through their JSON Schema), so the
 * reference cannot drift from what the gate accepts. `node scripts/gen-docs.mjs` writes it;
 * test/infra/docs.test.ts fails when the committed file differs from a fresh render.
 */
import * as z from 'zod';
import { IMPORTERS } from '../src/importers/index.js';
import { configSchema } from '../src/schemas/config.js';
import { FORMATS } from '../src/schemas/registry.js';
import { keyTable, testsByKey } from '../src/report/routes.js';

type Js = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Js>;
  required?: string[];
  additionalProperties?: Js | boolean;
  propertyNames?: Js;
  items?: Js;
  anyOf?: Js[];
  oneOf?: Js[];
  allOf?: Js[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  pattern?: string;
  $ref?: string;
  $defs?: Record<string, Js>;
};

interface Row {
  key: string;
  type: string;
  required: boolean;
  def: string;
  description: string;
}

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function typeOf(s: Js): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' | ');
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return [...new Set(alts.map(typeOf))].join(' or ');
  const t = Array.isArray(s.type) ? s.type.join(' or ') : s.type;
  let bound = '';
  if (t === 'number' || t === 'integer') {
    const lo = s.minimum !== undefined ? `>= ${s.minimum}` : s.exclusiveMinimum !== undefined ? `> ${s.exclusiveMinimum}` : '';
    const hi =
      s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER
        ? `<= ${s.maximum}`
        : s.exclusiveMaximum !== undefined
          ? `< ${s.exclusiveMaximum}`
          : '';
    bound = [lo, hi].filter(Boolean).join(', ');
  }
  if (t === 'array') return `list of ${s.items ? typeOf(s.items) : 'values'}`;
  if (t === 'object')
    return s.properties
      ? 'mapping'
      : s.additionalProperties && typeof s.additionalProperties === 'object'
        ? `mapping of name to ${typeOf(s.additionalProperties)}`
        : 'mapping';
  if (t === 'integer') return `whole number${bound ? ` (${bound})` : ''}`;
  if (t === 'number') return `number${bound ? ` (${bound})` : ''}`;
  if (t === 'string') return 'text';
  if (t === 'boolean') return 'true/false';
  if (t === 'null') return 'null';
  return t ?? 'any';
}

function walk(s: Js, key: string, required: boolean, rows: Row[], depth = 0): void {
  if (depth > 12) return;
  if (key) {
    rows.push({
      key,
      type: typeOf(s),
      required,
      def: s.default === undefined ? '' : `\`${JSON.stringify(s.default)}\``,
      description: s.description ?? '',
    });
  }
  const alts = s.anyOf ?? s.oneOf;
  if (alts) {
    // descend into the mapping/list alternatives (e.g. a path or {path, format})
    for (const a of alts) {
      if (a.properties || a.items || (a.additionalProperties && typeof a.additionalProperties === 'object')) {
        walk(a, key, required, [], depth + 1);
        walkChildren(a, key, rows, depth);
      }
    }
    return;
  }
  walkChildren(s, key, rows, depth);
}

function walkChildren(s: Js, key: string, rows: Row[], depth: number): void {
  if (s.properties) {
    for (const [k, v] of Object.entries(s.properties)) {
      if (k === '$schema') continue;
      walk(v, key ? `${key}.${k}` : k, (s.required ?? []).includes(k), rows, depth + 1);
    }
  } else if (s.items && (s.items.properties || s.items.anyOf)) {
    walkChildren(s.items.anyOf ? { anyOf: s.items.anyOf } : s.items, `${key}[]`, rows, depth);
    if (s.items.anyOf) for (const a of s.items.anyOf) walkChildren(a, `${key}[]`, rows, depth + 1);
  } else if (
    s.additionalProperties &&
    typeof s.additionalProperties === 'object' &&
    (s.additionalProperties.properties || s.additionalProperties.anyOf)
  ) {
    const inner = s.additionalProperties;
    if (inner.anyOf) for (const a of inner.anyOf) walkChildren(a, `${key}.<name>`, rows, depth + 1);
    else walkChildren(inner, `${key}.<name>`, rows, depth + 1);
  }
}

function dedupe(rows: Row[]): Row[] {
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.key) ? false : (seen.add(r.key), true)));
}

function table(rows: Row[]): string {
  const out = ['| key | type | default | description |', '|---|---|---|---|'];
  for (const r of dedupe(rows))
    out.push(`| \`${r.key}\`${r.required ? ' (required)' : ''} | ${esc(r.type)} | ${esc(r.def)} | ${esc(r.description)} |`);
  return out.join('\n');
}

function jsonSchema(schema: z.ZodType): Js {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', reused: 'inline' }) as Js;
}

export function renderConfigReference(): string {
  const root = jsonSchema(configSchema);
  const parts: string[] = [
    '# Configuration reference',
    '',
    '<!-- GENERATED by `node scripts/gen-docs.mjs` from the zod schemas. Do not edit by hand: a test fails when this file is stale. -->',
    '',
    `${root.description ?? ''}. The file is YAML, \`.github/ml-test-gate.yml\` by default; paths are relative to the repository root. An editor can validate it against \`schemas/config.schema.json\`.`,
    '',
    'Keys are listed with their full dotted path: `a.b` is key `b` inside section `a`; `a[]` is an entry of the list `a`; `a.<name>` is any name you choose (a metric, a measure).',
    '',
    '## Which key earns which test',
    '',
    'The config keys that earn each rubric test (a key may need the evidence of another, e.g. `model.slices` needs `model.predictions`). `ml-test-gate explain` and the comment name the cheapest one still missing.',
    '',
    keyTable(),
    '',
  ];
  const earns = testsByKey();
  for (const [section, s] of Object.entries(root.properties ?? {})) {
    if (section === '$schema') continue;
    parts.push(`## \`${section}\``, '');
    if (s.description) parts.push(esc(s.description), '');
    const own = [...earns].filter(([k]) => k === section || k.startsWith(`${section}.`));
    if (own.length) parts.push(`Earns: ${own.map(([k, ids]) => `\`${k}\` ${ids.join(', ')}`).join('; ')}.`, '');
    const rows: Row[] = [];
    walk(s, section, (root.required ?? []).includes(section), rows);
    parts.push(table(rows), '');
  }
  parts.push(
    '## Evidence formats read directly',
    '',
    'Where a key takes `{path, format}`, these formats are read without a conversion step:',
    '',
    '| format | becomes | what it reads |',
    '|---|---|---|',
  );
  for (const i of IMPORTERS) parts.push(`| \`${i.format}\` | ${i.into} | ${esc(i.description)} |`);
  parts.push(
    '',
    "## ml-test-gate's own evidence formats",
    '',
    'Each has a JSON Schema in `schemas/<name>.schema.json` (`ml-test-gate schema <name>` prints it).',
    '',
  );
  for (const [name, f] of Object.entries(FORMATS)) {
    if (name === 'config' || name === 'report' || name === 'history') continue; // outputs, not evidence
    const js = jsonSchema(f.schema);
    parts.push(`### \`${name}\`: ${f.title}`, '');
    if (js.description) parts.push(esc(js.description), '');
    const rows: Row[] = [];
    walk(js, '', true, rows);
    parts.push(table(rows), '');
  }
  return `${parts
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
