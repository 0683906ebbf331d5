import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'importers');
export const fixture = (rel: string) => readFileSync(path.join(FIXTURES, rel), 'utf8');
export const fixtureJson = (rel: string) => JSON.parse(fixture(rel)) as Record<string, unknown>;
