import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FORMATS, jsonSchemaOf } from '../schemas/registry.js';
import { UserError } from '../util/errors.js';
import { nearest } from '../util/suggest.js';
import { parseFlags } from './args.js';
import type { CliIO } from './io.js';

const HELP = `Usage: ml-test-gate schema NAME | --out-dir DIR

Print the JSON Schema of a format (${Object.keys(FORMATS).join(', ')}),
or write all of them to DIR as NAME.schema.json.`;

export async function schemaCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(
    'schema',
    argv,
    { 'out-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  if (values.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  if (values['out-dir']) {
    const dir = path.resolve(io.cwd, values['out-dir']);
    await fs.mkdir(dir, { recursive: true });
    for (const name of Object.keys(FORMATS)) {
      await fs.writeFile(path.join(dir, `${name}.schema.json`), `${JSON.stringify(jsonSchemaOf(name), null, 2)}\n`);
    }
    io.stderr(`wrote ${Object.keys(FORMATS).length} schemas to ${values['out-dir']}\n`);
    return 0;
  }
  const name = positionals[0];
  if (!name) throw new UserError(`schema: name a format: ${Object.keys(FORMATS).join(', ')}`);
  if (!FORMATS[name]) {
    const near = nearest(name, Object.keys(FORMATS));
    throw new UserError(
      `schema: unknown format "${name}"${near ? ` (did you mean "${near}"?)` : ''}; formats: ${Object.keys(FORMATS).join(', ')}`,
    );
  }
  io.stdout(`${JSON.stringify(jsonSchemaOf(name), null, 2)}\n`);
  return 0;
}
