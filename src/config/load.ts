import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Config } from '../schemas/config.js';
import { configSchemaFor, loadConfigSections } from '../schemas/config-sections.js';
import { validate } from '../schemas/errors.js';
import { UserError } from '../util/errors.js';

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
function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: PropertyKey[]): number | undefined {
  let node: unknown = doc.contents;
  let last: Node | undefined = doc.contents ?? undefined;
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

interface ConfigDocument {
  doc: ReturnType<typeof parseDocument>;
  counter: LineCounter;
  data: Record<string, unknown>;
}

/** The YAML of a config file, as a mapping. Throws ConfigError naming the file and line. */
function readConfigYaml(file: string, text: string): ConfigDocument {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const line = e.linePos?.[0]?.line ?? (e.pos ? counter.linePos(e.pos[0]).line : undefined);
        return { message: `invalid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, line };
      }),
    );
  }
  const data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(file, [{ message: 'expected a mapping of settings at the top level (gate:, model:, ...)', line: 1 }]);
  }
  return { doc, counter, data };
}

/** Validate the mapping against the schema of the sections it uses (loaded). Throws ConfigError naming the file, line and field. */
function validateConfig(file: string, { doc, counter, data }: ConfigDocument): Config {
  const r = validate(configSchemaFor(Object.keys(data)), data);
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
  const parsed = readConfigYaml(file, text);
  await loadConfigSections(Object.keys(parsed.data));
  return validateConfig(file, parsed);
}

/**
 * loadConfig for callers that loaded every config section beforehand (loadAllConfigSections, as the
 * test setup does); it throws an internal error on a section not loaded.
 */
export function parseConfig(file: string, text: string): Config {
  return validateConfig(file, readConfigYaml(file, text));
}
