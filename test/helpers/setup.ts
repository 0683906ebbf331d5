// Runs before every test file (vitest.config.ts): tests parse configs and JUnit files synchronously
// (parseConfig, parseJunit), which needs the schema of every config section and the YAML and XML
// libraries loaded; a run loads only what its config and files need.
import { loadAllConfigSections } from '../../src/schemas/config-sections.js';
import { loadYaml } from '../../src/config/load.js';
import { loadXmlParser } from '../../src/evidence/junit.js';

await loadAllConfigSections();
await loadYaml();
await loadXmlParser();
