import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Config } from '../schemas/config.js';
import { UserError } from '../util/errors.js';
import { parseConfig } from './load.js';

export const DEFAULT_CONFIG = '.github/ml-test-gate.yml';

/** Read and validate the config file; every problem is a UserError naming the file. */
export async function readConfigFile(root: string, file: string): Promise<Config> {
  let text: string;
  try {
    text = await fs.readFile(path.resolve(root, file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new UserError(
        `config file not found: ${file} (looked for ${path.resolve(root, file)})`,
        file === DEFAULT_CONFIG
          ? `Create ${DEFAULT_CONFIG} (ml-test-gate init writes a starter) or pass another path with --config / the config input.`
          : 'Check the path.',
      );
    }
    if (code === 'EISDIR') throw new UserError(`config path ${file} is a directory; expected a YAML file`);
    throw new UserError(`cannot read config file ${file}: ${(e as Error).message}`);
  }
  return parseConfig(file, text);
}
