/**
 * records.github read without zod (src/github/notes.ts plainGithubRecord) against githubRecordSchema
 * (src/github/notes-schema.ts): on valid records it gives the schema's result exactly, keys in the
 * same order (other keys dropped, as z.object does); on any single change to one it gives the
 * schema's result or declines (then the schema decides); its key lists are the schema's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as notes from '../../src/github/notes.js';
import { githubRecordSchema, inputOverrideSchema } from '../../src/github/notes-schema.js';
import { accepted, everyChange } from '../helpers/plain-check.js';
import { DEEP, runs } from '../helpers/tier.js';

const text = (max: number) => fc.oneof(fc.string({ maxLength: 8 }), fc.constant('a'.repeat(max)));
const record = fc
  .record(
    {
      configFile: text(500),
      configSource: fc.constantFrom('head', 'base', 'default-branch'),
      gateChanges: fc.option(
        fc.array(
          fc.record({ key: text(100), base: text(100), head: text(100), extra: fc.constant(1) }, { requiredKeys: ['key', 'base', 'head'] }),
          { maxLength: 3 },
        ),
        { nil: null },
      ),
      baseline: fc.option(text(1000), { nil: null }),
      blocked: fc.option(text(2000), { nil: null }),
      configWarning: fc.option(text(2000), { nil: null }),
      inputOverrides: fc.array(fc.record({ input: text(50), config: text(100), value: text(100), relaxes: fc.boolean() }), {
        maxLength: 3,
      }),
      publish: fc.record(
        {
          runId: fc.integer({ min: 0, max: 2 ** 40 }),
          runUrl: text(500),
          settings: text(600),
          differences: fc.array(text(600), { maxLength: 3 }),
        },
        { requiredKeys: ['runId', 'settings', 'differences'] },
      ),
      other: fc.constant({ a: 1 }),
    },
    { requiredKeys: ['configFile', 'configSource', 'gateChanges', 'baseline'] },
  )
  .map((r) => JSON.parse(JSON.stringify(r)) as unknown);

const LIMITS = [50, 100, 500, 600, 1000, 2000].flatMap((n) => ['a'.repeat(n), 'a'.repeat(n + 1)]);

describe('plainGithubRecord', () => {
  it("gives githubRecordSchema's result exactly on valid records, keys in the schema's order", () => {
    fc.assert(
      fc.property(record, (r) => accepted(notes.plainGithubRecord, githubRecordSchema, r)),
      { numRuns: runs(300), seed: 41 },
    );
  });

  it('declines, or agrees with the schema, on a record with any one thing changed, added or dropped', () => {
    fc.assert(
      fc.property(record, (r) => {
        expect(everyChange(notes.plainGithubRecord, githubRecordSchema, r, 8, LIMITS)).toBeGreaterThan(0);
      }),
      { numRuns: DEEP ? 60 : 8, seed: 42, endOnFailure: true },
    );
  });

  it('leaves a key set to undefined (a record built in memory) to the schema, which commentNotes then loads', async () => {
    const r = { configFile: 'c.yml', configSource: 'head', gateChanges: null, baseline: null, blocked: undefined };
    expect(notes.plainGithubRecord(r)).toBeUndefined();
    expect(await notes.githubRecordOf({ records: { github: r } } as never)).toEqual(githubRecordSchema.parse(r));
  });

  it("knows the schema's keys, in its order", () => {
    const keys = (o: unknown) => Object.keys((o as { shape: object }).shape);
    const inner = (o: unknown) => (o as { unwrap(): unknown }).unwrap();
    const s = githubRecordSchema.shape;
    expect(notes.RECORD_KEYS).toEqual(keys(githubRecordSchema));
    expect(notes.GATE_CHANGE_KEYS).toEqual(keys((inner(s.gateChanges) as { element: unknown }).element));
    expect(notes.OVERRIDE_KEYS).toEqual(keys(inputOverrideSchema));
    expect(notes.PUBLISH_KEYS).toEqual(keys(inner(s.publish)));
    expect(notes.CONFIG_SOURCES).toEqual(s.configSource.options);
  });
});
