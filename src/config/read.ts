import path from 'node:path';
import type { Config } from '../schemas/config.js';
import { UserError } from '../util/errors.js';
import { EvidenceFileError, fileWorkspace } from '../evidence/workspace.js';
import { loadConfig } from './load.js';

export const DEFAULT_CONFIG = '.github/ml-test-gate.yml';

/** The largest config file read: a real one is a few KB. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * The config file's text, read like evidence: inside the repository root (also through symlinks),
 * a regular file, at most MAX_CONFIG_BYTES. Throws UserError naming the file.
 */
export async function readConfigText(root: string, file: string): Promise<string> {
  try {
    return await fileWorkspace(root).readText(file, MAX_CONFIG_BYTES);
  } catch (e) {
    if (!(e instanceof EvidenceFileError)) throw new UserError(`cannot read config file ${file}: ${(e as Error).message}`);
    if (/^file not found/.test(e.message)) {
      throw new UserError(
        `config file not found: ${file} (looked for ${path.resolve(root, file)})`,
        file === DEFAULT_CONFIG
          ? `Create ${DEFAULT_CONFIG} (ml-test-gate init writes a starter) or pass another path with --config / the config input.`
          : 'Check the path.',
      );
    }
    if (/ is not a file$/.test(e.message)) throw new UserError(`config path ${file} is not a file; expected a YAML file`);
    if (/: refused/.test(e.message))
      throw new UserError(`config file ${file} is outside the repository root, or a symlink that leads out of it: refused`);
    throw new UserError(`config file ${e.message}`);
  }
}

/** Read and validate the config file; every problem is a UserError naming the file. */
export async function readConfigFile(root: string, file: string): Promise<Config> {
  return loadConfig(file, await readConfigText(root, file));
}
