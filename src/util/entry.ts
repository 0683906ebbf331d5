import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * True when the module at `moduleUrl` is the script Node was started with (`node dist/index.js`),
 * false when it was imported (by @github/local-action, or a test). Node >= 22.18 / 24.2 answer this
 * with `import.meta.main`; older ones compare real paths, so a symlinked checkout counts too.
 */
export function isEntryModule(
  moduleUrl: string,
  importMetaMain: boolean | undefined,
  argv1: string | undefined = process.argv[1],
): boolean {
  if (typeof importMetaMain === 'boolean') return importMetaMain;
  if (!argv1) return false;
  const self = real(fileURLToPath(moduleUrl));
  // `node dist/index` (no extension) resolves like require() does
  return self !== null && (real(argv1) === self || real(`${argv1}.js`) === self);
}

function real(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}
