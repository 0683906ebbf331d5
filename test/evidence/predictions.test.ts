import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPredictions, pairById, PredictionError, type PredictionSpec } from '../../src/evidence/predictions.js';

const dir = mkdtempSync(path.join(tmpdir(), 'mtg-pred-'));
let k = 0;
const write = (name: string, text: string) => {
  const p = path.join(dir, `${k++}-${name}`);
  writeFileSync(p, text);
  return p;
};
const binary: PredictionSpec = { task: 'binary', columns: { label: 'y', score: 'p', id: 'id', weight: 'w', groups: ['country'] } };

async function err(p: string, spec: PredictionSpec): Promise<PredictionError> {
  try {
    await loadPredictions(p, 'preds.csv', spec);
  } catch (e) {
    if (e instanceof PredictionError) return e;
    throw e;
  }
  throw new Error('expected a PredictionError');
}

describe('loadPredictions', () => {
  it('loads typed arrays for the mapped columns only', async () => {
    const p = write('a.csv', 'id,y,p,w,country,unused\na,1,0.9,1,DE,x\nb,0,0.2,2,FR,y\nc,1,0.4,0.5,DE,z\n');
    const r = await loadPredictions(p, 'preds.csv', binary);
    expect(r.n).toBe(3);
    expect(r.y).toBeInstanceOf(Uint8Array);
    expect(Array.from(r.y)).toEqual([1, 0, 1]);
    expect(Array.from(r.score!)).toEqual([0.9, 0.2, 0.4]);
    expect(Array.from(r.weight!)).toEqual([1, 2, 0.5]);
    expect(r.groups.get('country')!.values).toEqual(['DE', 'FR']);
    expect(Array.from(r.groups.get('country')!.codes)).toEqual([0, 1, 0]);
    expect(Array.from(r.lines)).toEqual([2, 3, 4]);
  });

  it('names file, line and column for non-numeric scores, probabilities outside [0,1] and bad labels', async () => {
    let e = await err(write('b.csv', 'id,y,p,w,country\na,1,high,1,DE\n'), binary);
    expect(e.message).toBe('preds.csv, line 2, column "p": score "high" is not a number');
    e = await err(write('c.csv', 'id,y,p,w,country\na,1,0.5,1,DE\nb,0,1.5,1,DE\n'), binary);
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/outside \[0, 1\]/);
    e = await err(write('d.csv', 'id,y,p,w,country\na,yes,0.5,1,DE\n'), binary);
    expect(e.column).toBe('y');
    expect(e.message).toMatch(/not a binary label/);
    e = await err(write('e.csv', 'id,y,p\na,cat,0.5\n'), { task: 'binary', classes: ['dog', 'bird'], columns: { label: 'y', score: 'p' } });
    expect(e.message).toMatch(/"cat" is not one of the declared classes "dog", "bird"/);
  });

  it('reports missing columns with the nearest names, empty files and ragged rows', async () => {
    let e = await err(write('f.csv', 'id,label,prob\na,1,0.5\n'), { task: 'binary', columns: { label: 'label', score: 'probability' } });
    expect(e.message).toMatch(/missing column "probability" \(nearest existing: "prob"/);
    e = await err(write('g.csv', 'id,y,p\n'), { task: 'binary', columns: { label: 'y', score: 'p' } });
    expect(e.message).toMatch(/no rows/);
    e = await err(write('h.csv', ''), { task: 'binary', columns: { label: 'y', score: 'p' } });
    expect(e.message).toMatch(/empty/);
    e = await err(write('i.csv', 'y,p\n1,0.5\n0\n'), { task: 'binary', columns: { label: 'y', score: 'p' } });
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/expected 2 fields/);
  });

  it('a ";"-delimited CSV says so; a needed column named twice in the header is an error naming it (one not read is fine)', async () => {
    let e = await err(write('semi.csv', 'id;y;p\na;1;0.5\n'), { task: 'binary', columns: { label: 'y', score: 'p' } });
    expect(e.message).toMatch(/the header looks ";"-delimited/);
    e = await err(write('tab.csv', 'y\tp\n1\t0.5\n'), { task: 'binary', columns: { label: 'y', score: 'p' } });
    expect(e.message).toMatch(/looks tab-separated: name the file \.tsv/);
    e = await err(write('dup.csv', 'y,p,x,p\n1,0.5,1,0.6\n'), { task: 'binary', columns: { label: 'y', score: 'p' } });
    expect(e.line).toBe(1);
    expect(e.message).toMatch(/column "p" appears more than once in the header \(columns 2 and 4\)/);
    const r = await loadPredictions(write('dup-unused.csv', 'y,p,x,x\n1,0.5,1,2\n'), 'preds.csv', {
      task: 'binary',
      columns: { label: 'y', score: 'p' },
    });
    expect(r.n).toBe(1);
  });

  it('records NaN and infinity (for monitor-5) instead of failing', async () => {
    const r = await loadPredictions(write('j.csv', 'y,p\n1,nan\n0,0.3\n1,inf\n'), 'j.csv', {
      task: 'binary',
      columns: { label: 'y', score: 'p' },
    });
    expect(r.nonFiniteCount).toBe(2);
    expect(r.nonFinite[0]).toEqual({ line: 2, column: 'p', token: 'nan' });
    expect(r.numericValues).toBe(3);
  });

  it('multiclass: classes from score columns, labels checked; regression: numbers', async () => {
    const mc = await loadPredictions(write('k.jsonl', '{"y":"b","pa":0.2,"pb":0.8}\n{"y":"a","pa":0.6,"pb":0.4}\n'), 'k.jsonl', {
      task: 'multiclass',
      classes: ['a', 'b'],
      columns: { label: 'y', scores: ['pa', 'pb'] },
    });
    expect(Array.from(mc.y)).toEqual([1, 0]);
    expect(Array.from(mc.probs!)).toEqual([0.2, 0.8, 0.6, 0.4]);
    const learned = await loadPredictions(write('l.csv', 'y,yhat\n10,2\n2,2\n'), 'l.csv', {
      task: 'multiclass',
      columns: { label: 'y', prediction: 'yhat' },
    });
    expect(learned.classes).toEqual(['2', '10']);
    expect(Array.from(learned.y)).toEqual([1, 0]);
    const reg = await loadPredictions(write('m.tsv', 'y\tyhat\n1.5\t2\n'), 'm.tsv', {
      task: 'regression',
      columns: { label: 'y', prediction: 'yhat' },
    });
    expect(Array.from(reg.predValue!)).toEqual([2]);
  });
});

describe('pairById', () => {
  const spec: PredictionSpec = { task: 'binary', columns: { label: 'y', score: 'p', id: 'id' } };
  it('pairs rows by id in any order', async () => {
    const base = await loadPredictions(write('b1.csv', 'id,y,p\nx,1,0.1\ny,0,0.2\n'), 'base.csv', spec);
    const head = await loadPredictions(write('h1.csv', 'id,y,p\ny,0,0.3\nx,1,0.4\n'), 'head.csv', spec);
    expect(Array.from(pairById(base, head).baseRow)).toEqual([1, 0]);
  });
  it('rejects duplicate ids and mismatched id sets, naming lines', async () => {
    const base = await loadPredictions(write('b2.csv', 'id,y,p\nx,1,0.1\nz,0,0.2\n'), 'base.csv', spec);
    const head = await loadPredictions(write('h2.csv', 'id,y,p\nx,1,0.3\ny,0,0.4\n'), 'head.csv', spec);
    expect(() => pairById(base, head)).toThrow(
      /1 id\(s\) of head.csv are not in base.csv, e.g. "y" \(line 3\).*1 id\(s\) of base.csv are not in head.csv, e.g. "z" \(line 3\)/,
    );
    const dup = await loadPredictions(write('h3.csv', 'id,y,p\nx,1,0.3\nx,0,0.4\n'), 'head.csv', spec);
    expect(() => pairById(base, dup)).toThrow(/head.csv, line 3: duplicate id "x" \(first on line 2\)/);
    // a duplicate in base is found even when head lists the very same ids in the same order
    const baseDup = await loadPredictions(write('b4.csv', 'id,y,p\nx,1,0.3\nq,0,0.1\nx,0,0.4\n'), 'base.csv', spec);
    const sameOrder = await loadPredictions(write('h4.csv', 'id,y,p\nx,1,0.3\nq,0,0.1\nx,0,0.4\n'), 'head.csv', spec);
    expect(() => pairById(baseDup, sameOrder)).toThrow(/base.csv, line 4: duplicate id "x" \(first on line 2\)/);
  });

  it('pairs thousands of ids (same order, reversed, quoted, multi-byte) across read batches', async () => {
    const n = 9000; // more than two reader batches
    const ids = Array.from({ length: n }, (_, i) => (i % 97 === 0 ? `Zürich-${i}` : i % 89 === 0 ? `"q""${i}"` : `ex${i}`));
    const rows = ids.map((id, i) => `${id},${i % 2},${((i * 7919) % 1000) / 1000}`);
    const base = await loadPredictions(write('bb.csv', `id,y,p\n${rows.join('\n')}\n`), 'base.csv', spec);
    const same = await loadPredictions(write('hs.csv', `id,y,p\n${rows.join('\n')}\n`), 'head.csv', spec);
    expect(base.ids!.text(89)).toBe('q"89');
    expect(base.ids!.text(97)).toBe('Zürich-97');
    expect(Array.from(pairById(base, same).baseRow)).toEqual(Array.from({ length: n }, (_, i) => i));
    // reversed order: every head row finds its base row
    const reversed = await loadPredictions(write('hr.csv', `id,y,p\n${rows.slice().reverse().join('\n')}\n`), 'head.csv', spec);
    const { baseRow } = pairById(base, reversed);
    for (let i = 0; i < n; i++) expect(baseRow[i]).toBe(n - 1 - i);
  });
});

describe('loadPredictions reads column by column, and still reports the first problem in file order', () => {
  const spec: PredictionSpec = { task: 'binary', columns: { label: 'y', score: 'p', groups: ['g'] } };
  it('a bad score on an earlier line wins over a bad label on a later one (and vice versa)', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${i % 2},0.5,a`);
    rows[9] = '7,0.5,a'; // line 11: bad label
    rows[4] = '1,1.5,a'; // line 6: bad score
    expect((await err(write('o1.csv', `y,p,g\n${rows.join('\n')}\n`), spec)).message).toMatch(
      /line 6, column "p": score 1.5 is outside \[0, 1\]/,
    );
    rows[4] = '1,0.5,a';
    rows[20] = '1,-1,a'; // line 22
    expect((await err(write('o2.csv', `y,p,g\n${rows.join('\n')}\n`), spec)).message).toMatch(/line 11, column "y": label "7"/);
  });

  it('a bad value before a ragged row is reported first; rows after a full batch are read too', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i % 2},0.25,g${i % 3}`);
    rows[4500] = '1,0.25'; // line 4502: ragged, in the second batch
    rows[4200] = '1,x,g1'; // line 4202: not a number, same batch, earlier
    expect((await err(write('o3.csv', `y,p,g\n${rows.join('\n')}\n`), spec)).message).toMatch(
      /line 4202, column "p": score "x" is not a number/,
    );
    rows[4200] = '1,0.25,g1';
    expect((await err(write('o4.csv', `y,p,g\n${rows.join('\n')}\n`), spec)).message).toMatch(/line 4502: expected 3 fields/);
  });

  it('quoted fields in one batch do not leak into the next (escape flags are reset)', async () => {
    const n = 4096 * 2 + 10;
    const rows = Array.from({ length: n }, (_, i) => (i < 4096 ? `1,0.5,"a""b"` : `0,0.25,ab`));
    const r = await loadPredictions(write('q.csv', `y,p,g\n${rows.join('\n')}\n`), 'q.csv', spec);
    expect(r.groups.get('g')!.values).toEqual(['a"b', 'ab']);
    const codes = r.groups.get('g')!.codes;
    expect(codes[0]).toBe(0);
    expect(codes[4095]).toBe(0);
    expect(codes[4096]).toBe(1);
    expect(codes[n - 1]).toBe(1);
    expect(r.lines[n - 1]).toBe(n + 1);
  });

  it('an empty id is an error on its line, in plain and in quoted files, in any batch', async () => {
    const spec: PredictionSpec = { task: 'binary', columns: { label: 'y', score: 'p', id: 'id' } };
    for (const quoted of [false, true]) {
      for (const at of [100, 5000]) {
        const rows = Array.from({ length: 6000 }, (_, i) => (quoted && i === 0 ? `"q""0",1,0.5` : `r${i},${i % 2},0.5`));
        rows[at] = ',1,0.5';
        const e = await err(write(`e${quoted}${at}.csv`, `id,y,p\n${rows.join('\n')}\n`), spec);
        expect(e.message).toContain(`line ${at + 2}, column "id": id is empty`);
      }
    }
  });

  it('JSON Lines across batches: values, ids and lines', async () => {
    const n = 4096 * 2 + 7;
    const text = Array.from({ length: n }, (_, i) =>
      JSON.stringify({ id: `r${i}`, y: i % 2, p: (i % 100) / 100, g: i % 3 === 0 ? 'Ünï' : 'b' }),
    ).join('\n');
    const r = await loadPredictions(write('j.jsonl', `${text}\n`), 'j.jsonl', {
      task: 'binary',
      columns: { label: 'y', score: 'p', id: 'id', groups: ['g'] },
    });
    expect(r.n).toBe(n);
    for (const i of [0, 4095, 4096, 8191, 8192, n - 1]) {
      expect(r.ids!.text(i)).toBe(`r${i}`);
      expect(r.score![i]).toBe((i % 100) / 100);
      expect(r.y[i]).toBe(i % 2);
      expect(r.lines[i]).toBe(i + 1);
      expect(r.groups.get('g')!.values[r.groups.get('g')!.codes[i]]).toBe(i % 3 === 0 ? 'Ünï' : 'b');
    }
  });

  it('line numbers of rows on consecutive lines, and after a record over two lines in the first or a later batch', async () => {
    const spec: PredictionSpec = { task: 'binary', columns: { label: 'y', score: 'p', groups: ['g'] } };
    for (const at of [null, 0, 10, 5000, 8999]) {
      const rows = Array.from({ length: 9000 }, (_, i) => (i === at ? '1,0.5,"two\nlines"' : `${i % 2},0.25,g`));
      const r = await loadPredictions(write(`lines${at}.csv`, `y,p,g\n${rows.join('\n')}\n`), 'l.csv', spec);
      const want = Array.from({ length: 9000 }, (_, i) => i + 2 + (at !== null && i > at ? 1 : 0));
      expect(Array.from(r.lines)).toEqual(want);
      expect(Array.from({ ...r }.lines)).toEqual(want); // the same when copied
    }
  });
});
