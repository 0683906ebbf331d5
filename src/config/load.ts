import type { LineCounter, Node, parseDocument } from 'yaml';
import type { Config } from '../schemas/config.js';
import { validate } from '../schemas/errors.js';
import { errorMessage, UserError } from '../util/errors.js';
import { redactSecrets } from '../util/excerpt.js';
import { withoutControlChars } from '../util/format.js';
import { nestedDeeperThan } from '../util/nesting.js';
import { plainConfig as checkedConfig } from '../schemas/plain.js';
import { readPlainYaml } from './plain-yaml.js';

/**
 * The YAML library, loaded on demand: a config in the plain form (plain-yaml.ts) is read without it;
 * other configs, and the line numbers of a config that does not validate, need it.
 */
let yamlLib: typeof import('yaml') | undefined;
/**
 * The config schema (zod), loaded on demand too: a config in the plain form whose sections the plain
 * check reads (src/schemas/plain.ts) is validated without it.
 */
let sectionsLib: typeof import('../schemas/config-sections.js') | undefined;

/** Load the YAML library and the config schema's module (parseConfig needs them loaded beforehand, as the test setup does). */
export async function loadYaml(): Promise<void> {
  yamlLib ??= await import('yaml');
  sectionsLib ??= await import('../schemas/config-sections.js');
}

/** The config schema's module, with the schemas of the sections among `keys` loaded. */
async function loadSections(keys: Iterable<string>): Promise<typeof import('../schemas/config-sections.js')> {
  sectionsLib ??= await import('../schemas/config-sections.js');
  await sectionsLib.loadConfigSections(keys);
  return sectionsLib;
}

function sections(): typeof import('../schemas/config-sections.js') {
  if (!sectionsLib) throw new Error('the config schema is not loaded (loadYaml first)');
  return sectionsLib;
}

function yaml(): typeof import('yaml') {
  if (!yamlLib) throw new Error('the YAML library is not loaded (loadYaml first)');
  return yamlLib;
}

export class ConfigError extends UserError {
  constructor(
    readonly file: string,
    readonly problems: Array<{ message: string; line?: number }>,
  ) {
    const first = problems[0];
    const where = first?.line ? `${file}:${first.line}` : file;
    const more =
      problems.length > 1
        ? ` (+${problems.length - 1} more: ${problems
            .slice(1, 4)
            .map((p) => p.message)
            .join('; ')})`
        : '';
    super(
      `${where}: ${first?.message ?? 'invalid config'}${more}`,
      'See the config reference in the README, or point an editor at schemas/config.schema.json.',
    );
  }
}

/** The line of the YAML node at `path`, walking down as far as the path exists. */
function lineOf(doc: Doc, counter: LineCounter, path: PropertyKey[]): number | undefined {
  let node: unknown = doc.contents;
  let last: Node | undefined = doc.contents ?? undefined;
  const { isMap, isSeq } = yaml();
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === seg);
      if (!pair) break;
      last = (pair.key as Node) ?? last;
      node = pair.value;
      if (node && (node as Node).range) last = pair.value as Node;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (node && (node as Node).range) last = node as Node;
      else break;
    } else break;
  }
  const start = last?.range?.[0];
  return start === undefined ? undefined : counter.linePos(start).line;
}

type Doc = ReturnType<typeof parseDocument>;

interface ConfigDocument {
  doc: Doc;
  counter: LineCounter;
  data: Record<string, unknown>;
}

/** Deepest nesting a config may have (the deepest real key path is 6 levels). */
export const MAX_CONFIG_DEPTH = 32;
/** Most alias expansions (YAML `*name`) in a config: a "billion laughs" document stops here. */
export const MAX_CONFIG_ALIASES = 100;

const TOO_DEEP = `YAML nested more than ${MAX_CONFIG_DEPTH} deep; a config is a few levels of settings`;

/** The YAML document of a config, or ConfigError for YAML errors (a stack overflow in the parser is "nested too deep"). */
function parseYamlDocument(file: string, text: string, counter: LineCounter): Doc {
  let doc;
  try {
    doc = yaml().parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    if (e instanceof RangeError) throw new ConfigError(file, [{ message: TOO_DEEP }]);
    throw e;
  }
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const line = e.linePos?.[0]?.line ?? (e.pos ? counter.linePos(e.pos[0]).line : undefined);
        if (/Maximum call stack/i.test(e.message)) return { message: TOO_DEEP, line };
        return {
          message: `invalid YAML: ${redactSecrets(withoutControlChars(e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')))}`,
          line,
        };
      }),
    );
  }
  return doc;
}

/** The document as plain data: aliases expanded at most MAX_CONFIG_ALIASES times, nesting bounded. */
function configData(file: string, text: string, doc: Doc): unknown {
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_CONFIG_ALIASES });
  } catch (e) {
    if (e instanceof RangeError) throw new ConfigError(file, [{ message: TOO_DEEP }]);
    if (/alias/i.test(errorMessage(e))) {
      const at = /(^|[\s,[{:-])\*[^\s,\]}]+/m.exec(text);
      const line = at ? text.slice(0, at.index).split('\n').length : undefined;
      throw new ConfigError(file, [
        {
          message: `YAML aliases expand too often (more than ${MAX_CONFIG_ALIASES} times; a "billion laughs" document?); write the values out`,
          line,
        },
      ]);
    }
    throw e;
  }
  if (nestedDeeperThan(data, MAX_CONFIG_DEPTH)) throw new ConfigError(file, [{ message: TOO_DEEP }]);
  return data;
}

/** The YAML of a config file, as a mapping. Throws ConfigError naming the file and line. */
function readConfigYaml(file: string, text: string): ConfigDocument {
  const counter = new (yaml().LineCounter)();
  const doc = parseYamlDocument(file, text, counter);
  const data = configData(file, text, doc);
  if (data === null || data === undefined) {
    // a truncated checkout or a wrong path must not turn the gate green with every test "missing"
    throw new ConfigError(file, [
      { message: 'config is empty; expected at least `version: 1` and the sections to check (gate:, model:, data:, tests:, ...)' },
    ]);
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(file, [{ message: 'expected a mapping of settings at the top level (gate:, model:, ...)', line: 1 }]);
  }
  return { doc, counter, data: data as Record<string, unknown> };
}

/** Validate the mapping against the schema of the sections it uses (loaded). Throws ConfigError naming the file, line and field. */
function validateConfig(file: string, { doc, counter, data }: ConfigDocument): Config {
  const r = validate(sections().configSchemaFor(data), data);
  if (!r.ok) {
    throw new ConfigError(
      file,
      r.issues.map((i) => ({ message: i.message, line: lineOf(doc, counter, i.path) })),
    );
  }
  return r.data;
}

/**
 * Parse and validate a config file's text. Throws ConfigError naming the file, line and field.
 * Builds the schemas of the config sections the text uses, and only those: the way a run reads its
 * config (readConfigFile).
 */
export async function loadConfig(file: string, text: string): Promise<Config> {
  const plain = plainConfig(text);
  if (plain) {
    // the plain check gives the schema's result for the common form (the schema is not loaded)
    const checked = checkedConfig(plain);
    if (checked) return checked;
    const r = validate((await loadSections(Object.keys(plain))).configSchemaFor(plain), plain);
    if (r.ok) return r.data;
  }
  // not in the plain form, or invalid: the library's document gives the errors and their lines
  await loadYaml();
  const parsed = readConfigYaml(file, text);
  await loadSections(Object.keys(parsed.data));
  return validateConfig(file, parsed);
}

/** The config's data read without the YAML library, when it is in the plain form and within the nesting limit. */
function plainConfig(text: string): Record<string, unknown> | undefined {
  const data = readPlainYaml(text);
  return data && !nestedDeeperThan(data, MAX_CONFIG_DEPTH) ? data : undefined;
}

/**
 * loadConfig for callers that loaded every config section and the YAML library beforehand
 * (loadAllConfigSections and loadYaml, as the test setup does); it throws an internal error otherwise.
 */
export function parseConfig(file: string, text: string): Config {
  const plain = plainConfig(text);
  if (plain) {
    const checked = checkedConfig(plain);
    if (checked) return checked;
    const r = validate(sections().configSchemaFor(plain), plain);
    if (r.ok) return r.data;
  }
  return validateConfig(file, readConfigYaml(file, text));
}
