import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderConfigReference } from '../../scripts/config-reference.js';
import { parseConfig } from '../../src/config/load.js';
import { RUBRIC } from '../../src/rubric/tests.js';
import { FORMATS } from '../../src/schemas/registry.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (rel: string) => readFileSync(path.join(root, rel), 'utf8');

describe('docs', () => {
  it('docs/config-reference.md is what the zod schemas generate (run node scripts/gen-docs.mjs when this fails)', () => {
    expect(read('docs/config-reference.md')).toBe(renderConfigReference());
  });

  it('the reference lists every infra key with its default', () => {
    const ref = renderConfigReference();
    for (const key of [
      'infra.performance.max-regression',
      'infra.canary.max-abs-diff',
      'infra.rollback.max-drill-age-days',
      'infra.debug.test',
      'infra.offline-online.min-points',
      'infra.tuning.tolerance',
      'infra.staleness-impact.max-age-days',
      'infra.staleness.data[].snapshot.format',
      'infra.shadow.min-agreement',
      'infra.ab-test.srm-p',
      'infra.registry.previous-aliases',
      'infra.performance.max-rate-regression',
    ]) {
      expect(ref).toContain(`\`${key}\``);
    }
    expect(ref).toMatch(/\| `infra\.performance\.max-regression` \| number \(>= 0\) \| `0\.1` \|/);
  });

  it('has one page per rubric test, titled as in the paper', () => {
    const pages = readdirSync(path.join(root, 'docs', 'rubric')).filter((f) => f.endsWith('.md'));
    expect(pages.sort()).toEqual(RUBRIC.map((t) => `${t.id}.md`).sort());
    for (const t of RUBRIC) expect(read(`docs/rubric/${t.id}.md`).split('\n')[0]).toBe(`# ${t.id}: ${t.title}`);
  });

  it('every complete config snippet in the docs is a valid config', () => {
    const files = [
      ...readdirSync(path.join(root, 'docs', 'rubric')).map((f) => `docs/rubric/${f}`),
      ...readdirSync(path.join(root, 'docs', 'formats')).map((f) => `docs/formats/${f}`),
      'docs/other-ci.md',
      'docs/scaling-up.md',
    ];
    let checked = 0;
    for (const f of files) {
      for (const m of read(f).matchAll(/```yaml\n([\s\S]*?)```/g)) {
        if (!m[1].startsWith('# .github/ml-test-gate.yml\n')) continue; // excerpts say so in their first line
        expect(() => parseConfig(f, m[1]), f).not.toThrow();
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(19);
  });

  it('every JSON example of an ml-test-gate format in docs/formats validates against its schema', () => {
    let checked = 0;
    for (const f of readdirSync(path.join(root, 'docs', 'formats'))) {
      for (const m of read(`docs/formats/${f}`).matchAll(/```json\n([\s\S]*?)```/g)) {
        const doc = JSON.parse(m[1]) as { kind?: string };
        if (!doc.kind?.startsWith('ml-test-gate/')) continue;
        const r = FORMATS[doc.kind.slice('ml-test-gate/'.length)].schema.safeParse(doc);
        expect(r.success, `${f}: ${r.error?.message}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });
});
