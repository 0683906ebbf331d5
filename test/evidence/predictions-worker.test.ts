/**
 * A prediction file read on a worker thread (src/evidence/predictions/offload.ts) gives what the main
 * thread gives, bit for bit: the same columns, or the same PredictionError (file, message, line,
 * column); a worker that fails in any way hands the file back to the main thread. The worker is built
 * as for dist/ (scripts/lib/prediction-worker.mjs) into a temporary folder.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstDuplicateOnce } from '../../src/evidence/bytes.js';
import { loadPredictions, pairById, PredictionError, type PredictionSpec, type Predictions } from '../../src/evidence/predictions.js';
import { setPredictionWorker, workerReads } from '../../src/evidence/predictions/offload.js';
import type { TableLimits } from '../../src/evidence/tabular.js';
// @ts-expect-error plain ESM script without types
import { buildOptions } from '../../scripts/build-options.mjs';
// @ts-expect-error plain ESM script without types
import { buildPredictionWorker, WORKER_FILE } from '../../scripts/lib/prediction-worker.mjs';
import { DEEP } from '../helpers/tier.js';

const dir = mkdtempSync(path.join(tmpdir(), 'mtg-pred-worker-'));
let script = '';
const saved = setPredictionWorker({ free: -Infinity }); // offloads whatever the machine's load (results are the same)
let k = 0;
const write = (name: string, text: string | Buffer) => {
  const p = path.join(dir, `${k++}-${name}`);
  writeFileSync(p, text);
  return p;
};
const fallbackScript = (name: string, code: string) => write(`${name}.mjs`, code);

beforeAll(async () => {
  const out = path.join(dir, 'dist');
  await buildPredictionWorker({ ...buildOptions(out), logLevel: 'silent' }, out);
  script = path.join(out, WORKER_FILE);
}, 60_000);

afterAll(() => {
  setPredictionWorker(saved);
  rmSync(dir, { recursive: true, force: true });
});

/** Everything a load gives, with typed arrays as their type and bytes (bit for bit) and ids as text. */
function plain(p: Predictions): unknown {
  const bytes = (a: ArrayBufferView | null) =>
    a && `${a.constructor.name}:${Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')}`;
  return {
    ...p,
    y: bytes(p.y),
    score: bytes(p.score),
    probs: bytes(p.probs),
    predClass: bytes(p.predClass),
    predValue: bytes(p.predValue),
    weight: bytes(p.weight),
    lines: bytes(p.lines),
    ids: p.ids && { values: p.ids.toArray(), bytes: p.ids.byteLength },
    groups: [...p.groups].map(([g, c]) => [g, bytes(c.codes), c.values]),
  };
}

type Outcome = { ok: unknown } | { error: { name: string; file: string; message: string; line?: number; column?: string } };

async function outcome(file: string, spec: PredictionSpec, limits?: TableLimits): Promise<Outcome> {
  try {
    return { ok: plain(await loadPredictions(file, 'preds/file', spec, limits ? { limits } : {})) };
  } catch (e) {
    if (!(e instanceof PredictionError)) throw e;
    return { error: { name: e.name, file: e.file, message: e.message, line: e.line, column: e.column } };
  }
}

/** The outcome on the main thread and on a worker (every file offloaded), which must be equal. */
async function both(file: string, spec: PredictionSpec, limits?: TableLimits, offloaded = 1): Promise<Outcome> {
  setPredictionWorker({ enabled: false });
  const here = await outcome(file, spec, limits);
  setPredictionWorker({ enabled: true, script, minBytes: 0, always: true });
  const before = workerReads();
  const there = await outcome(file, spec, limits);
  expect(workerReads()).toBe(before + offloaded); // it did go to the worker
  setPredictionWorker({ enabled: false });
  expect(there).toEqual(here);
  return here;
}

const binary: PredictionSpec = { task: 'binary', columns: { label: 'y', score: 'p', id: 'id', weight: 'w', groups: ['country', 'tier'] } };

describe('a prediction file read on a worker thread', () => {
  it('gives the same columns: binary with ids, weights, groups, NaN and quoted fields; multiclass, learned classes, regression; gzip', async () => {
    const rows = Array.from(
      { length: 9000 },
      (_, i) =>
        `${i % 61 === 0 ? `"q""${i}"` : `ex${i}`},${i % 2},${i === 77 ? 'nan' : ((i * 7919) % 1000) / 1000},${i % 5},${i % 3 ? 'DE' : 'Zürich'},${i % 7 === 0 ? '' : 't'}`,
    );
    const csv = `id,y,p,w,country,tier\n${rows.join('\n')}\n`;
    const r = (await both(write('a.csv', csv), binary)) as { ok: { n: number; nonFiniteCount: number } };
    expect(r.ok.n).toBe(9000);
    expect(r.ok.nonFiniteCount).toBe(1);
    await both(write('a.csv.gz', gzipSync(csv)), binary);
    await both(write('k.jsonl', '{"y":"b","pa":0.2,"pb":0.8}\n{"y":"a","pa":0.6,"pb":0.4}\n'), {
      task: 'multiclass',
      classes: ['a', 'b'],
      columns: { label: 'y', scores: ['pa', 'pb'] },
    });
    await both(write('l.csv', 'y,yhat\n10,2\n2,2\n3,10\n'), { task: 'multiclass', columns: { label: 'y', prediction: 'yhat' } });
    await both(write('m.tsv', 'y\tyhat\n1.5\t2\n-3e5\t0.1\n'), { task: 'regression', columns: { label: 'y', prediction: 'yhat' } });
  });

  it('gives the same errors: bad cells, missing or doubled columns, empty files, ragged rows, empty ids, limits, a missing file', async () => {
    const spec: PredictionSpec = { task: 'binary', columns: { label: 'y', score: 'p', id: 'id' } };
    const cases: Array<[string, string]> = [
      ['b.csv', 'id,y,p\na,1,high\n'],
      ['c.csv', 'id,y,p\na,1,0.5\nb,0,1.5\n'],
      ['d.csv', 'id,y,p\na,yes,0.5\n'],
      ['f.csv', 'id,label,prob\na,1,0.5\n'],
      ['g.csv', 'id,y,p\n'],
      ['h.csv', ''],
      ['i.csv', 'id,y,p\na,1,0.5\nb,0\n'],
      ['dup.csv', 'id,y,p,p\na,1,0.5,0.6\n'],
      ['semi.csv', 'id;y;p\na;1;0.5\n'],
      ['e.csv', `id,y,p\n${Array.from({ length: 5000 }, (_, i) => (i === 4321 ? ',1,0.5' : `r${i},1,0.5`)).join('\n')}\n`],
      ['bad.jsonl', '{"id":"a","y":1,"p":0.5}\n{"id":"b","y":1,\n'],
    ];
    for (const [name, text] of cases) {
      const r = await both(write(name, text), spec);
      expect(r, name).toHaveProperty('error');
    }
    expect(await both(write('rows.csv', 'id,y,p\na,1,0.5\nb,0,0.5\nc,1,0.5\n'), spec, { maxRows: 2 })).toHaveProperty('error');
    const missing = await both(path.join(dir, 'not-there.csv'), spec, undefined, 0); // (read here: no size to go by)
    expect((missing as { error: { message: string } }).error.message).toMatch(/not found/);
  });

  it('gives what the main thread gives for random files (property, bit for bit)', async () => {
    const good = fc.double({ min: 0, max: 1, noNaN: true }).map(String);
    const odd = fc.constantFrom('0', '1', '0.5', '1e-3', 'nan', '', 'x', '"0.25"', '-0', '2', ' 0.5');
    const row = (clean: boolean) =>
      fc.tuple(
        fc.constantFrom('a', 'b', 'c', '"d,e"', 'Ünï', ''),
        clean ? fc.constantFrom('0', '1') : fc.constantFrom('0', '1', '1', 'yes', ''),
        clean ? good : fc.oneof(good, odd),
        clean ? good : fc.oneof(good, odd),
      );
    const file = fc.boolean().chain((clean) => fc.tuple(fc.array(row(clean), { minLength: 0, maxLength: 300 }), fc.boolean()));
    await fc.assert(
      fc.asyncProperty(file, async ([rows, unique]) => {
        const text = rows.map(([g, y, p, w], i) => `${unique ? `id${i}` : g},${y},${p},${w},${g}`).join('\n');
        await both(write('prop.csv', `id,y,p,w,country\n${text}\n`), {
          task: 'binary',
          columns: { label: 'y', score: 'p', id: 'id', weight: 'w', groups: ['country'] },
        });
      }),
      { numRuns: DEEP ? 120 : 15, seed: 15 },
    );
  }, 120_000);

  it('a worker that cannot start, throws, exits or answers nonsense hands the file back to the main thread', async () => {
    const file = write('ok.csv', 'id,y,p,w,country,tier\na,1,0.9,1,DE,t\nb,0,0.2,2,FR,u\n');
    setPredictionWorker({ enabled: false });
    const here = await outcome(file, binary);
    const broken = [
      path.join(dir, 'no-such-worker.mjs'),
      fallbackScript('throws', "throw new Error('boom');\n"),
      fallbackScript('exits', 'process.exit(3);\n'),
      fallbackScript('silent', '// ends without an answer\n'),
      fallbackScript(
        'nonsense',
        "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ kind: 'failed', reason: 'test' });\n",
      ),
    ];
    for (const s of broken) {
      setPredictionWorker({ enabled: true, script: s, minBytes: 0, always: true });
      expect(await outcome(file, binary), s).toEqual(here);
    }
    setPredictionWorker({ enabled: false });
  });

  it('goes to a worker only when another large file is being read, one at a time, and never below the size threshold', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `ex${i},${i % 2},0.5,1,DE,t`).join('\n');
    const a = write('pa.csv', `id,y,p,w,country,tier\n${rows}\n`);
    const b = write('pb.csv', `id,y,p,w,country,tier\n${rows}\n`);
    const c = write('pc.csv', `id,y,p,w,country,tier\n${rows}\n`);
    setPredictionWorker({ enabled: true, script, minBytes: 1000, always: false });
    let before = workerReads();
    const [ra, rb, rc] = await Promise.all([a, b, c].map((f) => loadPredictions(f, f, binary)));
    expect(workerReads()).toBe(before + 1); // the second; the third waits for no worker
    expect(plain({ ...rb, file: '' })).toEqual(plain({ ...ra, file: '' }));
    expect(plain({ ...rc, file: '' })).toEqual(plain({ ...ra, file: '' }));
    before = workerReads();
    await loadPredictions(a, a, binary); // alone
    setPredictionWorker({ minBytes: 1 << 30 });
    await Promise.all([a, b].map((f) => loadPredictions(f, f, binary))); // small
    setPredictionWorker({ minBytes: 1000, free: Infinity });
    await Promise.all([a, b].map((f) => loadPredictions(f, f, binary))); // no core free
    setPredictionWorker({ free: -Infinity });
    expect(workerReads()).toBe(before);
    setPredictionWorker({ enabled: false });
  });

  it('pairing files read at once (one on a worker, repeated ids looked for meanwhile) gives the same pairs and errors', async () => {
    const rows = (dup: number | null) =>
      Array.from({ length: 3000 }, (_, i) => `${i === dup ? 'ex17' : `ex${i}`},${i % 2},0.5,1,DE,t`).join('\n');
    const pairOf = (base: Predictions, head: Predictions) => {
      try {
        return Array.from(pairById(base, head).baseRow);
      } catch (e) {
        return (e as Error).message;
      }
    };
    for (const dup of [null, 2500, 40]) {
      const a = write('da.csv', `id,y,p,w,country,tier\n${rows(dup)}\n`);
      const b = write('db.csv', `id,y,p,w,country,tier\n${rows(dup)}\n`);
      setPredictionWorker({ enabled: false });
      const plainPair = pairOf(await loadPredictions(a, 'base.csv', binary), await loadPredictions(b, 'head.csv', binary));
      setPredictionWorker({ enabled: true, script, minBytes: 1000, always: false });
      const [base, head] = await Promise.all([loadPredictions(a, 'base.csv', binary), loadPredictions(b, 'head.csv', binary)]);
      expect(pairOf(base, head)).toEqual(plainPair);
      // a repeat already found on either side gives the same answer
      setPredictionWorker({ enabled: false });
      const [b2, h2] = [await loadPredictions(a, 'base.csv', binary), await loadPredictions(b, 'head.csv', binary)];
      firstDuplicateOnce(h2.ids!);
      expect(pairOf(b2, h2)).toEqual(plainPair);
      if (dup !== null) expect(plainPair).toMatch(/duplicate id "ex17"/);
    }
  });
});
