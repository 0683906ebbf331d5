import { DEFAULT_LIMITS } from '../../src/schemas/config/workspace.js';
import { globToRegExp } from '../../src/evidence/glob.js';
import { EvidenceFileError, type Workspace } from '../../src/evidence/workspace.js';

/** A workspace held in memory, for unit tests of the pure core. */
export function memoryWorkspace(files: Record<string, string>): Workspace {
  const get = (file: string) => {
    if (!(file in files)) throw new EvidenceFileError(file, `file not found: ${file}`);
    return files[file];
  };
  return {
    root: '/mem',
    limits: { ...DEFAULT_LIMITS },
    resolve: (f) => `/mem/${f}`,
    locate: async (f) => (get(f), `/mem/${f}`),
    readText: async (f) => get(f),
    glob: async (pattern) => {
      const re = globToRegExp(pattern);
      return Object.keys(files)
        .filter((f) => f === pattern || re.test(f))
        .sort();
    },
  };
}
