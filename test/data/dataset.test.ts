/**
 * tl.data.Dataset in eager mode: sources, transformations, shuffle semantics, and memory (a whole pass leaves
 * tl.memory().numTensors where it was, apart from what the test holds).
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { describeEachBackend, expectClose } from '../util/index.js';
import { expectFlat, toJs, values } from './element_values.js';

const { Dataset } = tl.data;

describeEachBackend('Dataset sources', () => {
  it('fromTensorSlices slices a tensor, an array and an object of tensors along dim 0', async () => {
    const x = tl.tensor([[1, 2], [3, 4], [5, 6]]);
    const y = tl.tensor([10, 20, 30], undefined, 'int32');
    expect(await values(Dataset.fromTensorSlices(x))).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(await values(Dataset.fromTensorSlices([x, y]))).toEqual([[[1, 2], 10], [[3, 4], 20], [[5, 6], 30]]);
    expect(await values(Dataset.fromTensorSlices({ a: x, b: y }))).toEqual([
      { a: [1, 2], b: 10 }, { a: [3, 4], b: 20 }, { a: [5, 6], b: 30 },
    ]);
    // JS nested numbers are one tensor (rows), not a tuple.
    expect(await values(Dataset.fromTensorSlices([[1, 2], [3, 4]]))).toEqual([[1, 2], [3, 4]]);
    const ds = Dataset.fromTensorSlices({ a: x, b: y });
    x.dispose();
    // The dataset captured its own handle: disposing the user's tensor does not break it.
    expect(await values(ds.map((e: { b: tl.Tensor }) => e.b))).toEqual([10, 20, 30]);
    y.dispose();
  });

  it('fromTensorSlices: dtypes survive and mismatched first dims are a ShapeError', async () => {
    const b = tl.tensor([true, false]);
    const [e0] = await Dataset.fromTensorSlices(b).toArray();
    expect(e0.dtype).toBe('bool');
    e0.dispose();
    const a = tl.tensor([1, 2, 3]);
    const c = tl.tensor([1, 2]);
    // Refused when the dataset is made (as TF does), not at the first iteration, and the copies it took are freed.
    const before = tl.memory().numTensors;
    expect(() => Dataset.fromTensorSlices([a, c])).toThrow(/disagree on the first dimension \(3 in \[3\] vs 2 in \[2\]\)/);
    expect(() => Dataset.fromTensorSlices({ a, s: tl.scalar(1) })).toThrow(tl.ShapeError);
    expect(tl.memory().numTensors).toBe(before + 1); // the scalar made in the line above
    // A placeholder's unknown first dim is not refused at construction.
    const g = new tl.Graph();
    g.asDefault(() => {
      const p = tl.placeholder('float32', [null, 2]);
      expect(() => Dataset.fromTensorSlices([p, tl.zeros([5, 1])])).not.toThrow();
      expect(() => Dataset.fromTensorSlices([tl.placeholder('float32', [4, 2]), tl.zeros([5, 1])])).toThrow(tl.ShapeError);
    });
    expect(() => Dataset.fromTensorSlices('abc')).toThrow(tl.ArgumentError);
    tl.dispose([a, b, c]);
  });

  it('fromTensors gives one element; range counts like Python range', async () => {
    const x = tl.tensor([1, 2, 3]);
    expect(await values(Dataset.fromTensors(x))).toEqual([[1, 2, 3]]);
    x.dispose();
    expect(await values(Dataset.range(4))).toEqual([0, 1, 2, 3]);
    expect(await values(Dataset.range(2, 9, 3))).toEqual([2, 5, 8]);
    expect(await values(Dataset.range(5, 1, -2))).toEqual([5, 3]);
    expect(await values(Dataset.range(3, 3))).toEqual([]);
    expect(() => Dataset.range(0, 3, 0)).toThrow(/step/);
    const [r] = await Dataset.range(1).toArray();
    expect(r.dtype).toBe('int32');
    r.dispose();
  });

  it('fromGenerator: sync and async generators, numbers become float32 unless outputTypes says', async () => {
    function* gen() {
      yield [1, 'a'];
      yield [2, 'b'];
    }
    expect(await values(Dataset.fromGenerator(gen))).toEqual([[1, 'a'], [2, 'b']]);
    async function* agen() {
      for (let i = 0; i < 3; i++) yield { x: new Float32Array([i, i + 1]), y: i };
    }
    const ads = Dataset.fromGenerator(agen, { outputTypes: { x: 'float32', y: 'int32' } });
    expect(ads.isAsync).toBe(true);
    const els = await ads.toArray();
    expect(els.map((e) => e.y.dtype)).toEqual(['int32', 'int32', 'int32']);
    expect(toJs(els)).toEqual([{ x: [0, 1], y: 0 }, { x: [1, 2], y: 1 }, { x: [2, 3], y: 2 }]);
    // An async source refuses synchronous iteration with a typed error.
    expect(() => [...ads]).toThrow(/for await|runAsync/);
    // Declared types are checked against what the generator yields.
    const bad = Dataset.fromGenerator(function* () {
      yield [1, 2];
    }, { outputTypes: ['float32', 'float32'], outputShapes: [[], [2]] });
    await expect(bad.toArray()).rejects.toThrow(tl.ShapeError);
  });

  it('zip combines datasets into arrays or objects and stops at the shortest', async () => {
    expect(await values(Dataset.zip([Dataset.range(3), Dataset.range(10, 12)]))).toEqual([[0, 10], [1, 11]]);
    expect(await values(Dataset.zip({ a: Dataset.range(2), b: Dataset.range(5, 7) }))).toEqual([{ a: 0, b: 5 }, { a: 1, b: 6 }]);
    expect(() => Dataset.zip([])).toThrow(tl.ArgumentError);
  });
});

describeEachBackend('Dataset transformations', () => {
  it('map, filter, take, skip, repeat, concatenate give the hand-computed sequences', async () => {
    const r = Dataset.range(6);
    expect(await values(r.map((x: tl.Tensor) => tl.mul(x, 10)))).toEqual([0, 10, 20, 30, 40, 50]);
    expect(await values(r.filter((x: tl.Tensor) => tl.equal(tl.mod(x, 2), 0)))).toEqual([0, 2, 4]);
    expect(await values(r.filter((x: tl.Tensor) => x.dataSync()[0]! > 3))).toEqual([4, 5]);
    expect(await values(r.take(2))).toEqual([0, 1]);
    expect(await values(r.take(-1))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await values(r.skip(4))).toEqual([4, 5]);
    expect(await values(r.skip(-1))).toEqual([]);
    expect(await values(Dataset.range(2).repeat(3))).toEqual([0, 1, 0, 1, 0, 1]);
    expect(await values(Dataset.range(2).repeat().take(5))).toEqual([0, 1, 0, 1, 0]);
    expect(await values(Dataset.range(0).repeat())).toEqual([]);
    expect(await values(Dataset.range(2).concatenate(Dataset.range(7, 9)))).toEqual([0, 1, 7, 8]);
    expect(() => r.take(1.5)).toThrow(tl.ArgumentError);
    expect(() => r.batch(0)).toThrow(tl.ArgumentError);
  });

  it('map returning a structure, a passed-through input, a duplicated input and a closure constant', async () => {
    const c = tl.scalar(100, 'int32');
    const ds = Dataset.range(3).map((x: tl.Tensor) => ({ x, twice: [x, x], c, sq: tl.square(x) }));
    await expectFlat(async () => {
      expect(await values(ds)).toEqual([
        { x: 0, twice: [0, 0], c: 100, sq: 0 },
        { x: 1, twice: [1, 1], c: 100, sq: 1 },
        { x: 2, twice: [2, 2], c: 100, sq: 4 },
      ]);
    });
    // The closure's constant is still the user's.
    expect(c.isDisposed).toBe(false);
    expect(c.dataSync()[0]).toBe(100);
    c.dispose();
  });

  it('batch stacks elements (and structures); the remainder is kept or dropped', async () => {
    const x = tl.tensor([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]);
    const ds = Dataset.fromTensorSlices({ x, i: tl.range(0, 5, 1, 'int32') });
    expect(await values(ds.batch(2))).toEqual([
      { x: [[1, 2], [3, 4]], i: [0, 1] },
      { x: [[5, 6], [7, 8]], i: [2, 3] },
      { x: [[9, 10]], i: [4] },
    ]);
    expect(await values(ds.batch(2, { dropRemainder: true }))).toHaveLength(2);
    expect(ds.batch(2).outputShapes).toEqual({ x: [null, 2], i: [null] });
    expect(ds.batch(2, { dropRemainder: true }).outputShapes).toEqual({ x: [2, 2], i: [2] });
    // Elements of different shapes cannot be stacked.
    const ragged = Dataset.fromGenerator(function* () {
      yield new Float32Array([1]);
      yield new Float32Array([1, 2]);
    });
    await expect(ragged.batch(2).toArray()).rejects.toThrow(/different shapes/);
    // Strings batch into string arrays.
    expect(await values(Dataset.fromGenerator(function* () {
      yield 'a';
      yield 'b';
      yield 'c';
    }).batch(2))).toEqual([['a', 'b'], ['c']]);
    x.dispose();
  });

  it('shuffle: a permutation, reproducible with a seed, reshuffled per pass unless told not to', async () => {
    const base = Dataset.range(20);
    const a = (await values(base.shuffle(20, { seed: 7 }))) as number[];
    expect([...a].sort((p, q) => p - q)).toEqual([...Array(20).keys()]);
    expect(a).not.toEqual([...Array(20).keys()]);
    // Same seed, fresh pipeline: the same first order.
    expect(await values(base.shuffle(20, { seed: 7 }))).toEqual(a);
    // Second pass of the same dataset: another order; with reshuffleEachIteration false, the same order.
    const twice = base.shuffle(20, { seed: 7 });
    const p1 = await values(twice);
    const p2 = await values(twice);
    expect(p1).toEqual(a);
    expect(p2).not.toEqual(p1);
    const fixed = base.shuffle(20, { seed: 7, reshuffleEachIteration: false });
    expect(await values(fixed)).toEqual(await values(fixed));
    // Epochs under repeat differ, and each epoch is a permutation.
    const rep = (await values(base.shuffle(20, { seed: 3 }).repeat(2))) as number[];
    expect([...rep.slice(0, 20)].sort((p, q) => p - q)).toEqual([...Array(20).keys()]);
    expect([...rep.slice(20)].sort((p, q) => p - q)).toEqual([...Array(20).keys()]);
    expect(rep.slice(0, 20)).not.toEqual(rep.slice(20));
    // A buffer of 1 keeps the order; a small buffer only moves elements a bounded distance ahead.
    expect(await values(base.shuffle(1, { seed: 1 }))).toEqual([...Array(20).keys()]);
    const small = (await values(base.shuffle(3, { seed: 5 }))) as number[];
    small.forEach((v, i) => expect(v).toBeLessThanOrEqual(i + 2));
  });

  it('cache replays the first complete pass (the map runs once per element)', async () => {
    let calls = 0;
    const ds = Dataset.range(4).map((x: tl.Tensor) => {
      calls++;
      return tl.add(x, 1);
    }).cache();
    const traced = calls;
    expect(await values(ds.repeat(3))).toEqual([1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]);
    expect(calls - traced).toBe(4);
    expect(() => Dataset.range(2).cache('/tmp/x')).toThrow(tl.ArgumentError);
  });

  it('prefetch keeps the order of an async source', async () => {
    async function* agen() {
      for (let i = 0; i < 6; i++) {
        await new Promise((r) => setTimeout(r, 1));
        yield i;
      }
    }
    expect(await values(Dataset.fromGenerator(agen).prefetch(3).map((x: tl.Tensor) => tl.mul(x, 2)))).toEqual([0, 2, 4, 6, 8, 10]);
  });

  it('forEach and sync iteration', async () => {
    const seen: number[] = [];
    await Dataset.range(3).forEach((x: tl.Tensor) => {
      seen.push(x.dataSync()[0]!);
    });
    expect(seen).toEqual([0, 1, 2]);
    const sync: number[] = [];
    for (const x of Dataset.range(2, 4)) {
      sync.push((x as tl.Tensor).dataSync()[0]!);
      (x as tl.Tensor).dispose();
    }
    expect(sync).toEqual([2, 3]);
  });
});

describeEachBackend('Dataset memory', () => {
  it('a whole pipeline pass (map, filter, shuffle, batch, repeat, prefetch) leaks no tensor', async () => {
    const x = tl.tensor(Array.from({ length: 40 }, (_, i) => i), [20, 2]);
    const y = tl.range(0, 20, 1, 'int32');
    const ds = Dataset.fromTensorSlices({ x, y })
      .map((e: { x: tl.Tensor; y: tl.Tensor }) => ({ x: tl.div(e.x, 2), y: e.y }))
      .filter((e: { y: tl.Tensor }) => tl.notEqual(e.y, 3))
      .shuffle(5, { seed: 1 })
      .batch(4)
      .repeat(2)
      .prefetch(2);
    await expectFlat(async () => {
      let n = 0;
      let sum = 0;
      for await (const b of ds) {
        n += b.y.shape[0];
        sum += tl.tidy(() => tl.sum(b.x).dataSync()[0]!);
        tl.dispose([b.x, b.y]);
      }
      expect(n).toBe(38);
      // sum of x/2 over the rows kept (row 3 = [6, 7] dropped), twice.
      expectClose([sum], [2 * ((39 * 40) / 2 - 13) / 2]);
    });
    tl.dispose([x, y]);
  });

  it('stopping early (break, take) frees the buffers of shuffle and batch', async () => {
    const ds = Dataset.range(100).shuffle(30, { seed: 2 }).batch(7);
    await expectFlat(async () => {
      for await (const b of ds) {
        (b as tl.Tensor).dispose();
        break;
      }
    });
    await expectFlat(async () => {
      const got = await ds.take(2).toArray();
      expect(got).toHaveLength(2);
      tl.dispose(got);
    });
    await expectFlat(async () => {
      const it = Dataset.range(10).shuffle(10, { seed: 1 })[Symbol.iterator]();
      (it.next().value as tl.Tensor).dispose();
      it.return!();
    });
  });

  it('an error thrown by a map function reaches the consumer and frees the pipeline', async () => {
    const ds = Dataset.range(10).shuffle(4, { seed: 1 }).map((x: tl.Tensor) => {
      if (x.dataSync()[0] === 5) throw new Error('boom');
      return x;
    });
    await expectFlat(async () => {
      await expect(ds.forEach(() => undefined)).rejects.toThrow('boom');
    });
  });
});

describe('Dataset specs', () => {
  it('outputTypes / outputShapes follow the element structure; map specs come from a dry run', () => {
    const x = tl.zeros([5, 3, 2]);
    const ds = Dataset.fromTensorSlices([x, tl.range(0, 5, 1, 'int32')]);
    expect(ds.outputTypes).toEqual(['float32', 'int32']);
    expect(ds.outputShapes).toEqual([[3, 2], []]);
    const m = ds.map(([a, b]: tl.Tensor[]) => ({ flat: tl.reshape(a, [-1]), f: tl.cast(b, 'float32'), n: 1 }));
    expect(m.outputShapes).toEqual({ flat: [6], f: [], n: [] });
    expect(m.outputTypes).toEqual({ flat: 'float32', f: 'float32', n: 'float32' });
    x.dispose();
  });
});
