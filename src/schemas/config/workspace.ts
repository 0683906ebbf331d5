import * as z from 'zod';
import { nonEmptyString } from '../common.js';
import { groupDigits } from '../../util/format.js';
import { DEFAULT_LIMITS } from '../constants.js';

export { DEFAULT_LIMITS, type Limits } from '../constants.js';

const limit = (key: keyof typeof DEFAULT_LIMITS, what: string) =>
  z
    .number()
    .int()
    .positive()
    .default(DEFAULT_LIMITS[key])
    .describe(`${what} Default ${groupDigits(DEFAULT_LIMITS[key])}.`);

export const limitsConfig = z
  .strictObject({
    'max-rows': limit('max-rows', 'Most rows in one prediction or shadow-pair table; more is an error naming the file.'),
    'max-decompressed-bytes': limit(
      'max-decompressed-bytes',
      'Largest table (CSV, TSV, JSON Lines) in bytes after decompression (a .gz file is stopped when it expands past this).',
    ),
    'max-cell-bytes': limit('max-cell-bytes', 'Longest cell of a table in bytes; a longer one is an error naming the line and column.'),
    'max-json-bytes': limit('max-json-bytes', 'Largest JSON, YAML, TOML or JUnit XML evidence file in bytes (checked before reading and while reading).'),
    'max-json-depth': limit('max-json-depth', 'Deepest nesting of arrays and objects in JSON, YAML and TOML evidence.'),
    'max-json-values': limit('max-json-values', 'Most values (array elements and object members) in one JSON document.'),
  })
  .describe('Limits on evidence files, so that a compressed bomb, a huge or deeply nested file cannot exhaust memory or time.');

export const workspaceConfig = z
  .strictObject({
    'extra-roots': z
      .array(nonEmptyString)
      .default([])
      .describe(
        'Directories outside the repository root that evidence may be read from (e.g. a shared DVC cache), absolute or relative to the root. Everything else outside the root is refused, also through symlinks. With config-source: base, this list comes from the base commit.',
      ),
  })
  .describe('Where evidence files may be read from: the repository root, and these directories.');

export type LimitsConfig = z.infer<typeof limitsConfig>;
export type WorkspaceConfig = z.infer<typeof workspaceConfig>;
