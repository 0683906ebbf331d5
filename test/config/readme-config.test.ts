import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';

const ROOT = path.resolve(__dirname, '../..');

describe('configs shown to users are valid', () => {
  it('the README config example validates', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```yaml\n(version: 1\n[\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) expect(() => parseConfig('README.md', b)).not.toThrow();
  });

  it.each(['examples/demo/ml-test-gate.yml', 'examples/demo/baseline/ml-test-gate.yml'])('%s validates', (file) => {
    expect(() => parseConfig(file, readFileSync(path.join(ROOT, file), 'utf8'))).not.toThrow();
  });
});
