// Runs before every test file (vitest.config.ts): tests parse configs synchronously (parseConfig),
// which needs the schema of every config section loaded; a run loads only those its config uses.
import { loadAllConfigSections } from '../../src/schemas/config-sections.js';
import { loadYaml } from '../../src/config/load.js';

await loadAllConfigSections();
await loadYaml();
