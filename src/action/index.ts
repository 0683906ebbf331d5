import { isEntryModule } from '../util/entry.js';
import { runAction } from './run.js';

/** Runs the action. Exported for @github/local-action, which imports this file and calls run(). */
export async function run(): Promise<void> {
  await runAction();
}

// The runner starts `node dist/index.js`: run. Imported (local-action, tests): only export.
if (isEntryModule(import.meta.url, (import.meta as ImportMeta & { main?: boolean }).main)) await run();
