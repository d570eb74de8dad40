/**
 * File datasets: tl.data.TextLineDataset and tl.data.csv, read in chunks synchronously (for of, sess.run) and
 * asynchronously (for await), with typed errors naming the file and line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-data-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** Element values with tensors as numbers (disposed). */
function js(el: unknown): unknown {
  if (el instanceof tl.Tensor) {
    const v = Number(el.dataSync()[0]);
    el.dispose();
    return v;
  }
  if (Array.isArray(el)) return el.map(js);
  if (el && typeof el === 'object') return Object.fromEntries(Object.entries(el).map(([k, v]) => [k, js(v)]));
  return el;
}

describe('TextLineDataset', () => {
  it('yields lines (CRLF, no final newline, UTF-8 across chunk boundaries) of several files in order', async () => {
    // A long line puts a multi-byte character across the 64 KiB chunk boundary.
    const long = 'x'.repeat(65535) + 'é' + 'y';
    const a = file('a.txt', `first\r\nsecond\n\n${long}\nlast`);
    const b = file('b.txt', 'b1\nb2\n');
    const lines = await tl.data.TextLineDataset([a, b]).toArray();
    expect(lines).toEqual(['first', 'second', '', long, 'last', 'b1', 'b2']);
    expect([...tl.data.TextLineDataset(b)]).toEqual(['b1', 'b2']);
    expect(await tl.data.TextLineDataset(file('empty.txt', '')).toArray()).toEqual([]);
  });

  it('lines mapped to numbers feed a graph through sess.run', () => {
    const p = file('nums.txt', '1 2\n3 4\n5 6\n');
    const g = new tl.Graph();
    const next = g.asDefault(() =>
      tl.data.TextLineDataset(p)
        .map((line: string) => tl.tensor(line.split(' ').map(Number)))
        .batch(2)
        .makeOneShotIterator()
        .getNext() as Tensor,
    );
    const sess = new tl.Session({ graph: g });
    const r = sess.run(next) as Tensor;
    expect(r.arraySync()).toEqual([[1, 2], [3, 4]]);
    r.dispose();
    (sess.run(next) as Tensor).dispose();
    expect(() => sess.run(next)).toThrow(tl.OutOfRangeError);
    sess.close();
  });

  it('a missing file is a FileFormatError naming it', async () => {
    await expect(tl.data.TextLineDataset(join(dir, 'nope.txt')).toArray()).rejects.toThrow(/nope\.txt.*ENOENT/);
    expect(() => tl.data.TextLineDataset([])).toThrow(tl.ArgumentError);
  });
});

describe('tl.data.csv', () => {
  const iris = file('small.csv', '\ufeffsepal,petal,"species name",id\n5.1,1.4,"setosa, the first",1\n6.2,4.5,versicolor,2\n\n7.7,6.9,"vir""ginica",3\n');

  it('parses numbers as float32 scalars, string columns as JS strings, quotes and BOM', async () => {
    const rows = await tl.data.csv(iris, { columnTypes: { 'species name': 'string', id: 'int32' } }).toArray();
    expect(rows[0].sepal.dtype).toBe('float32');
    expect(rows[0].id.dtype).toBe('int32');
    expect(rows.map(js)).toEqual([
      { sepal: Math.fround(5.1), petal: Math.fround(1.4), 'species name': 'setosa, the first', id: 1 },
      { sepal: Math.fround(6.2), petal: Math.fround(4.5), 'species name': 'versicolor', id: 2 },
      { sepal: Math.fround(7.7), petal: Math.fround(6.9), 'species name': 'vir"ginica', id: 3 },
    ]);
  });

  it('labelColumn and selectColumns give {features, label}; batches stack the scalars', async () => {
    const ds = tl.data.csv(iris, { labelColumn: 'id', selectColumns: ['petal', 'sepal'], columnTypes: { id: 'int32' } });
    expect(ds.outputTypes).toEqual({ features: { petal: 'float32', sepal: 'float32' }, label: 'int32' });
    const [b] = await ds.batch(3).toArray();
    expect(Array.from(b.features.petal.dataSync())).toEqual([1.4, 4.5, 6.9].map(Math.fround));
    expect(Array.from(b.label.dataSync())).toEqual([1, 2, 3]);
    tl.dispose([b.features.petal, b.features.sepal, b.label]);
  });

  it('no header: columns name them; defaults fill empty fields; delimiter', async () => {
    const p = file('semi.csv', '1;;x\n2;5;y\n');
    const rows = await tl.data.csv(p, { header: false, columns: ['a', 'b', 'c'], delimiter: ';', columnDefaults: { b: -1 }, columnTypes: { c: 'string' } }).toArray();
    expect(rows.map(js)).toEqual([{ a: 1, b: -1, c: 'x' }, { a: 2, b: 5, c: 'y' }]);
    expect(() => tl.data.csv(p, { header: false })).toThrow(/columns/);
    expect(() => tl.data.csv(p, { header: false, columns: ['a'], bogus: 1 } as never)).toThrow(/unknown option 'bogus'/);
  });

  it('bad rows are FileFormatErrors naming the file, line and column, and leak nothing', async () => {
    const bad = file('bad.csv', 'a,b\n1,2\n3,oops\n');
    const before = tl.memory().numTensors;
    await expect(tl.data.csv(bad).toArray()).rejects.toThrow(/bad\.csv: line 3, column 'b': 'oops' is not a number/);
    const short = file('short.csv', 'a,b\n1,2\n3\n');
    await expect(tl.data.csv(short).toArray()).rejects.toThrow(/short\.csv: line 3 has 1 fields, expected 2/);
    const empty = file('emptyfield.csv', 'a,b\n1,\n');
    await expect(tl.data.csv(empty).toArray()).rejects.toThrow(/line 2, column 'b': empty field/);
    const quote = file('quote.csv', 'a,b\n1,"unterminated\n');
    await expect(tl.data.csv(quote).toArray()).rejects.toThrow(tl.FileFormatError);
    expect(tl.memory().numTensors).toBe(before);
    expect(() => tl.data.csv(bad, { selectColumns: ['zz'] })).toThrow(/column 'zz'/);
    expect(() => tl.data.csv(file('blank.csv', ''))).toThrow(/empty/);
  });

  it('a large file streams in chunks, synchronously and asynchronously, with the same sums', async () => {
    // About 200 KB: several 64 KiB chunks, rows cut across chunk boundaries.
    const n = 5000;
    let text = 'x,pad,y\n';
    for (let i = 0; i < n; i++) text += `${i},"padding, ${'p'.repeat(i % 50)}",${i % 7}\n`;
    const p = file('big.csv', text);
    const ds = tl.data.csv(p, { columnTypes: { x: 'int32', y: 'int32', pad: 'string' }, selectColumns: ['x', 'y'] }).batch(1000);
    let sx = 0;
    let sy = 0;
    for await (const b of ds) {
      sx += Array.from(b.x.dataSync() as Int32Array).reduce((a, v) => a + v, 0);
      sy += Array.from(b.y.dataSync() as Int32Array).reduce((a, v) => a + v, 0);
      tl.dispose([b.x, b.y]);
    }
    expect(sx).toBe((n * (n - 1)) / 2);
    let ey = 0;
    for (let i = 0; i < n; i++) ey += i % 7;
    expect(sy).toBe(ey);
    let count = 0;
    for (const b of ds) {
      count += b.x.shape[0];
      tl.dispose([b.x, b.y]);
    }
    expect(count).toBe(n);
  });
});
