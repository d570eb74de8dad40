/**
 * tl.datasets: bundled sets (values checked against the files' first rows, written here by hand), IDX files
 * written by the test (raw and gzip, valid and hostile), readDataSets' batching, and the installed
 * Fashion-MNIST when present.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { parseIdx } from '../../src/data/idx.js';

const root = mkdtempSync(join(tmpdir(), 'tl-idx-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** IDX bytes: magic (0, 0, 0x08, rank), big-endian dims, values. */
function idx(dims: number[], values: number[]): Buffer {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head[2] = 0x08;
  head[3] = dims.length;
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(values)]);
}

/** A folder of the four files: n 2x2 images (pixel value = 10*i + j) and labels i % 10. */
function writeSet(dir: string, nTrain: number, nTest: number, gz: boolean): void {
  mkdirSync(dir, { recursive: true });
  const images = (n: number) => idx([n, 2, 2], Array.from({ length: n * 4 }, (_, k) => 10 * Math.floor(k / 4) + (k % 4)));
  const labels = (n: number) => idx([n], Array.from({ length: n }, (_, i) => i % 10));
  const put = (name: string, b: Buffer) => writeFileSync(join(dir, gz ? `${name}.gz` : name), gz ? gzipSync(b) : b);
  put('train-images-idx3-ubyte', images(nTrain));
  put('train-labels-idx1-ubyte', labels(nTrain));
  put('t10k-images-idx3-ubyte', images(nTest));
  put('t10k-labels-idx1-ubyte', labels(nTest));
}

describe('bundled data sets', () => {
  it('iris, digits and diabetes: shapes, dtypes, first rows and a licence', () => {
    const ir = tl.datasets.iris();
    expect(ir.data.shape).toEqual([150, 4]);
    expect(Array.from(ir.data.dataSync().slice(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
    expect(ir.target.dtype).toBe('int32');
    expect(Array.from(ir.target.dataSync().slice(0, 1))).toEqual([0]);
    expect(ir.targetNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(ir.licence).toMatch(/CC BY 4\.0/);
    const dg = tl.datasets.digits();
    expect(dg.data.shape).toEqual([1797, 64]);
    expect(dg.target.shape).toEqual([1797]);
    expect(dg.licence).toMatch(/Alpaydin/);
    const db = tl.datasets.diabetes();
    expect(db.data.shape).toEqual([442, 10]);
    expect(db.target.shape).toEqual([442]);
    expect(db.licence).toMatch(/BSD-3-Clause/);
    // Class counts of iris: 50 each.
    const counts = [0, 0, 0];
    for (const y of ir.target.dataSync()) counts[y]!++;
    expect(counts).toEqual([50, 50, 50]);
    tl.dispose([ir.data, ir.target, dg.data, dg.target, db.data, db.target]);
  });
});

describe('IDX parsing', () => {
  it('reads ubyte and big-endian int/float arrays', () => {
    expect(parseIdx(idx([2, 3], [1, 2, 3, 4, 5, 6]), 'x').dims).toEqual([2, 3]);
    const f = Buffer.alloc(4 + 4 + 8);
    f[2] = 0x0d;
    f[3] = 1;
    f.writeUInt32BE(2, 4);
    f.writeFloatBE(1.5, 8);
    f.writeFloatBE(-2, 12);
    expect(Array.from(parseIdx(f, 'f').data)).toEqual([1.5, -2]);
  });

  it('hostile headers and sizes are FileFormatErrors naming the file', () => {
    expect(() => parseIdx(Buffer.from([1, 0, 8, 1]), 'bad.idx')).toThrow(/bad\.idx: bad IDX magic/);
    expect(() => parseIdx(Buffer.from([0, 0, 0x42, 1, 0, 0, 0, 1, 0]), 'bad.idx')).toThrow(/type code 0x42/);
    expect(() => parseIdx(Buffer.from([0, 0, 8, 3, 0, 0]), 'h.idx')).toThrow(/h\.idx: truncated IDX header/);
    expect(() => parseIdx(idx([4], [1, 2, 3]), 't.idx')).toThrow(/t\.idx: .*truncated/);
    expect(() => parseIdx(idx([2], [1, 2, 3]), 't.idx')).toThrow(/trailing data/);
    // Dims claiming 4 G x 4 G values: refused from the sizes, nothing allocated.
    const huge = idx([0xffffffff, 0xffffffff], [1, 2]);
    expect(() => parseIdx(huge, 'huge.idx')).toThrow(tl.FileFormatError);
  });
});

describe('fashionMnist / mnist / readDataSets on test IDX files', () => {
  const rawDir = join(root, 'raw');
  const gzDir = join(root, 'gz');
  writeSet(rawDir, 12, 3, false);
  writeSet(gzDir, 12, 3, true);

  it('raw and gzip give images in [0, 1] as [N, 2, 2] and int32 labels', () => {
    for (const dir of [rawDir, gzDir]) {
      const d = tl.datasets.fashionMnist({ dir });
      expect(d.train.images.shape).toEqual([12, 2, 2]);
      expect(d.test.images.shape).toEqual([3, 2, 2]);
      expect(d.train.labels.dtype).toBe('int32');
      // Image 5: pixels 50..53, scaled by 1/255.
      expect(Array.from(d.train.images.dataSync().slice(20, 24))).toEqual([50, 51, 52, 53].map((v) => Math.fround(v / 255)));
      expect(Array.from(d.train.labels.dataSync())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
      tl.dispose([d.train.images, d.train.labels, d.test.images, d.test.labels]);
    }
  });

  it('missing files and mismatched counts are FileFormatErrors that say what to do', () => {
    expect(() => tl.datasets.mnist({ dir: join(root, 'none') })).toThrow(/train-images-idx3-ubyte\[\.gz\] not found.*TL_DATA_DIR/);
    const bad = join(root, 'bad');
    writeSet(bad, 4, 2, false);
    writeFileSync(join(bad, 'train-labels-idx1-ubyte'), idx([3], [1, 2, 3]));
    expect(() => tl.datasets.mnist({ dir: bad })).toThrow(/3 labels for 4 images/);
    writeFileSync(join(bad, 'train-labels-idx1-ubyte'), idx([4], [1, 2, 3, 11]));
    expect(() => tl.datasets.mnist({ dir: bad })).toThrow(/label 11/);
    writeFileSync(join(bad, 'train-labels-idx1-ubyte.gz'), Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    expect(() => tl.datasets.mnist({ dir: bad })).toThrow(/bad gzip/);
    expect(() => tl.datasets.mnist({ dir: bad, oneHot: true } as never)).toThrow(/unknown option/);
  });

  it('TL_DATA_DIR is used when no dir is given', () => {
    const prev = process.env.TL_DATA_DIR;
    process.env.TL_DATA_DIR = root;
    mkdirSync(join(root, 'mnist'), { recursive: true });
    writeSet(join(root, 'mnist'), 5, 2, true);
    try {
      const d = tl.datasets.mnist();
      expect(d.train.images.shape).toEqual([5, 2, 2]);
      tl.dispose([d.train.images, d.train.labels, d.test.images, d.test.labels]);
    } finally {
      if (prev === undefined) delete process.env.TL_DATA_DIR;
      else process.env.TL_DATA_DIR = prev;
    }
  });

  it('readDataSets: validation split, flattened images, one-hot labels, nextBatch wrapping across epochs', () => {
    const ds = tl.datasets.readDataSets(rawDir, { validationSize: 2, oneHot: true, seed: 3 });
    expect(ds.validation.numExamples).toBe(2);
    expect(ds.train.numExamples).toBe(10);
    expect(ds.test.numExamples).toBe(3);
    expect(ds.train.images.shape).toEqual([10, 4]);
    // Validation holds the first training examples (labels 0, 1), one-hot.
    expect(ds.validation.labels.arraySync()).toEqual([[1, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0, 0, 0, 0, 0]]);
    // Batches of 4 over 10 examples: the third batch wraps (2 from epoch 0, 2 from epoch 1).
    const seen: number[][] = [];
    for (let b = 0; b < 5; b++) {
      const [x, y] = ds.train.nextBatch(4);
      expect(x.shape).toEqual([4, 4]);
      const xs = x.dataSync();
      const ys = y.arraySync() as number[][];
      // Each image's first pixel is 10 * (its index in the file); its label is that index % 10.
      const ids = [0, 1, 2, 3].map((i) => Math.round(xs[i * 4]! * 255) / 10);
      ids.forEach((id, i) => expect(ys[i]!.indexOf(1)).toBe(id % 10));
      seen.push(ids);
      tl.dispose([x, y]);
    }
    const flat = seen.flat();
    expect([...flat.slice(0, 10)].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect([...flat.slice(10, 20)].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(flat.slice(0, 10)).not.toEqual(flat.slice(10, 20));
    expect(ds.train.epochsCompleted).toBe(1);
    // Without shuffling: file order.
    const plain = tl.datasets.readDataSets(rawDir, { validationSize: 0 });
    const [x0, y0] = plain.train.nextBatch(3, { shuffle: false });
    expect(Array.from(y0.dataSync())).toEqual([0, 1, 2]);
    expect(y0.dtype).toBe('int32');
    tl.dispose([x0, y0]);
    expect(() => tl.datasets.readDataSets(rawDir, { validationSize: 13 })).toThrow(/validationSize/);
  });
});

describe.runIf(existsSync('/usr/share/datasets/fashion-mnist'))('installed Fashion-MNIST', () => {
  it('has 60000 + 10000 images of 28x28 in [0, 1] and labels 0-9', () => {
    const d = tl.datasets.fashionMnist();
    expect(d.train.images.shape).toEqual([60000, 28, 28]);
    expect(d.test.images.shape).toEqual([10000, 28, 28]);
    const t = d.test.images.dataSync();
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of t) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    expect(lo).toBe(0);
    expect(hi).toBe(1);
    const counts = new Array(10).fill(0);
    for (const y of d.test.labels.dataSync()) counts[y]++;
    expect(counts).toEqual(new Array(10).fill(1000));
    tl.dispose([d.train.images, d.train.labels, d.test.images, d.test.labels]);
  });
});
