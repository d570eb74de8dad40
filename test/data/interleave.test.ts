/**
 * Dataset.flatMap, interleave (TF's deterministic cycle order), enumerate, shard, apply and reduce: hand-computed
 * sequences eagerly (async and sync) and through graph iterators, typed errors for bad arguments, and the leak
 * checks (numTensors flat after a full pass and after an early stop, including the datasets made per element).
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeEachBackend } from '../util/index.js';
import { expectFlat, syncValues, toJs, values } from './element_values.js';

const { Dataset } = tl.data;

/** int32 sequences of the given contents, spec int32[null]. */
function seqs(rows: number[][]): tl.data.Dataset {
  return Dataset.fromGenerator(function* () {
    yield* rows;
  }, { outputTypes: 'int32', outputShapes: [null] });
}

/** Runs getNext until OutOfRangeError, returning the JS values of each run. */
function drain(sess: tl.Session, fetch: unknown): unknown[] {
  const out: unknown[] = [];
  for (;;) {
    try {
      out.push(toJs(sess.run(fetch as Tensor)));
    } catch (e) {
      if (e instanceof tl.OutOfRangeError) return out;
      throw e;
    }
  }
}

describeEachBackend('Dataset.flatMap / interleave', () => {
  it('flatMap: TF examples (slices of each row; a dataset per element), async and sync', async () => {
    const m = tl.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    const rows = Dataset.fromTensorSlices(m).flatMap((r: Tensor) => Dataset.fromTensorSlices(r));
    m.dispose();
    expect(await values(rows)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(syncValues(rows)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rows.outputShapes).toEqual([]);
    // A function that needs values (range of the element's value): spec from a first element.
    const counts = Dataset.range(4).flatMap((x: Tensor) => Dataset.range(Number(x.dataSync()[0])));
    expect(await values(counts)).toEqual([0, 0, 1, 0, 1, 2]);
    expect(counts.outputTypes).toBe('int32');
    // Empty datasets in between are skipped.
    expect(await values(seqs([[], [5], [], [6, 7]]).flatMap((s: Tensor) => Dataset.fromTensorSlices(s)))).toEqual([5, 6, 7]);
  });

  it("interleave: TF's documented order (cycleLength 2, blockLength 4), options or positional", async () => {
    const expected = [1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 3, 3, 4, 4, 5, 5, 5, 5, 5, 5];
    const fn = (x: Tensor) => Dataset.fromTensors(x).repeat(6);
    const ds = Dataset.range(1, 6).interleave(fn, { cycleLength: 2, blockLength: 4 });
    expect(await values(ds)).toEqual(expected);
    expect(syncValues(ds)).toEqual(expected);
    expect(await values(Dataset.range(1, 6).interleave(fn, 2, 4))).toEqual(expected);
    expect(ds.outputShapes).toEqual([]);
  });

  it('interleave: uneven lengths refill the ended position; cycleLength above the input count', async () => {
    const input = seqs([[0, 1, 2], [10], [20, 21]]);
    const slices = (s: Tensor) => Dataset.fromTensorSlices(s);
    // Worked by hand from TF's algorithm (take from the current position, advance after blockLength or at its end).
    expect(await values(input.interleave(slices, { cycleLength: 2 }))).toEqual([0, 10, 1, 2, 20, 21]);
    expect(await values(input.interleave(slices, { cycleLength: 2, blockLength: 2 }))).toEqual([0, 1, 10, 2, 20, 21]);
    expect(await values(input.interleave(slices, { cycleLength: 4 }))).toEqual([0, 10, 20, 1, 21, 2]);
    expect(await values(input.interleave(slices, { cycleLength: 1 }))).toEqual([0, 1, 2, 10, 20, 21]);
    expect(input.interleave(slices, { cycleLength: 2 }).outputShapes).toEqual([]);
  });

  it('datasets with an asynchronous source: for await works, sync iteration is refused', async () => {
    const ds = Dataset.range(3).interleave((x: Tensor) => Dataset.fromGenerator(async function* () {
      for (let i = 0; i < 2; i++) {
        await new Promise((r) => setTimeout(r, 1));
        // The element stays alive while its dataset is read.
        yield tl.add(x, 10 * i);
      }
    }), { cycleLength: 2 });
    expect(ds.isAsync).toBe(true);
    expect(() => [...ds]).toThrow(/for await/);
    await expectFlat(async () => {
      expect(await values(ds)).toEqual([0, 1, 10, 11, 2, 12]);
      expect(await values(ds.prefetch(2))).toEqual([0, 1, 10, 11, 2, 12]);
    });
  });

  it('the function is traced (once, on stand-ins) when a spec or a pass needs it, not when the pipeline is built', async () => {
    let calls = 0;
    const ds = Dataset.range(3).flatMap((x: Tensor) => {
      calls++;
      return Dataset.fromTensors(x).repeat(2);
    }).batch(4).prefetch(1);
    expect(calls).toBe(0);
    expect(ds.outputShapes).toEqual([null]);
    expect(calls).toBe(1);
    expect(await values(ds)).toEqual([[0, 0, 1, 1], [2, 2]]);
    expect(calls).toBe(4);
    // Tracing frees what the function made: constants combined with the stand-ins, datasets' captured copies.
    await expectFlat(() => {
      const ones = Dataset.range(1, 4).flatMap((x: Tensor) => Dataset.fromTensors(tl.mul(tl.ones([2], 'int32'), x)).concatenate(Dataset.fromTensors(tl.zeros([2], 'int32'))));
      expect(ones.outputShapes).toEqual([2]);
    });
  });

  it('bad arguments are typed errors naming the transformation and the argument', async () => {
    const r = Dataset.range(3);
    const fn = (x: Tensor) => Dataset.fromTensors(x);
    expect(() => r.flatMap(5 as never)).toThrow(/Dataset.flatMap: the argument must be a function/);
    expect(() => r.interleave(fn)).toThrow(/Dataset.interleave: 'cycleLength' is required/);
    expect(() => r.interleave(fn, { cycleLength: 0 })).toThrow(/Dataset.interleave: 'cycleLength' must be a positive integer, got 0/);
    expect(() => r.interleave(fn, { cycleLength: 2, blockLength: 1.5 })).toThrow(/'blockLength' must be a positive integer/);
    expect(() => r.interleave(fn, { cycleLength: 2, block: 1 } as never)).toThrow(tl.ArgumentError);
    expect(() => r.interleave(fn, { cycleLength: 2 }, 3)).toThrow(tl.ArgumentError);
    await expectFlat(async () => {
      await expect(r.flatMap((x: Tensor) => [x] as never).toArray()).rejects.toThrow(/Dataset.flatMap: the function must return a Dataset, got an array/);
      await expect(r.interleave(() => null as never, { cycleLength: 2 }).toArray()).rejects.toThrow(tl.ArgumentError);
    });
  });
});

describeEachBackend('flatMap / interleave memory', () => {
  it('the datasets made per element (their captured tensors, caches, buffers) are freed: full pass, early stop, error', async () => {
    const m = tl.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]);
    const c = tl.scalar(100);
    const ds = Dataset.fromTensorSlices(m).interleave(
      (r: Tensor) => Dataset.fromTensorSlices(tl.mul(r, 2)).cache().shuffle(2, { seed: 1 }).concatenate(Dataset.fromTensors(c)),
      { cycleLength: 3 },
    );
    await expectFlat(async () => {
      const all = (await values(ds)) as number[];
      expect(all).toHaveLength(16);
      expect([...all].sort((a, b) => a - b)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 100, 100, 100, 100]);
    });
    await expectFlat(async () => {
      for await (const x of ds) {
        (x as Tensor).dispose();
        break;
      }
    });
    await expectFlat(() => {
      const it = ds[Symbol.iterator]();
      for (let i = 0; i < 5; i++) (it.next().value as Tensor).dispose();
      it.return!();
    });
    const failing = Dataset.range(5).flatMap((x: Tensor) => {
      if (x.dataSync()[0] === 3) throw new Error('boom');
      return Dataset.fromTensors(x).repeat(2);
    });
    await expectFlat(async () => {
      await expect(failing.toArray()).rejects.toThrow('boom');
    });
    // The closure's tensor is still the user's.
    expect(c.dataSync()[0]).toBe(100);
    tl.dispose([m, c]);
  });
});

describeEachBackend('Dataset.enumerate / shard / apply', () => {
  it('enumerate pairs elements with an int32 counter from start', async () => {
    const ds = Dataset.range(3).map((x: Tensor) => tl.mul(x, 10)).enumerate(5);
    expect(await values(ds)).toEqual([[5, 0], [6, 10], [7, 20]]);
    expect(syncValues(Dataset.fromTensorSlices({ a: tl.tensor([1.5, 2.5]) }).enumerate())).toEqual([[0, { a: 1.5 }], [1, { a: 2.5 }]]);
    expect(ds.outputTypes).toEqual(['int32', 'int32']);
    expect(ds.outputShapes).toEqual([[], []]);
    // Each pass counts from start again.
    expect(await values(ds.take(1))).toEqual([[5, 0]]);
    expect(() => Dataset.range(2).enumerate(1.5)).toThrow(/Dataset.enumerate: 'start' must be an int32 integer, got 1.5/);
    expect(() => Dataset.range(2).enumerate(2 ** 31)).toThrow(tl.ArgumentError);
    await expect(Dataset.range(3).enumerate(2 ** 31 - 2).toArray()).rejects.toThrow(/int32 counter passed 2147483647/);
  });

  it('shard keeps every numShards-th element from index', async () => {
    expect(await values(Dataset.range(10).shard(3, 0))).toEqual([0, 3, 6, 9]);
    expect(await values(Dataset.range(10).shard(3, 2))).toEqual([2, 5, 8]);
    expect(syncValues(Dataset.range(4).shard(1, 0))).toEqual([0, 1, 2, 3]);
    expect(await values(Dataset.range(2).shard(4, 3))).toEqual([]);
    expect(() => Dataset.range(3).shard(0, 0)).toThrow(/Dataset.shard: 'numShards' must be a positive integer/);
    expect(() => Dataset.range(3).shard(3, 3)).toThrow(/Dataset.shard: 'index' must be an integer in \[0, 3\), got 3/);
    expect(() => Dataset.range(3).shard(3, -1)).toThrow(tl.ArgumentError);
    await expectFlat(async () => {
      expect(await values(Dataset.range(20).shuffle(5, { seed: 3 }).shard(4, 1).take(2))).toHaveLength(2);
    });
  });

  it('apply runs a transformation function; it must return a Dataset', async () => {
    const evensInPairs = (d: tl.data.Dataset) => d.filter((x: Tensor) => tl.equal(tl.mod(x, 2), 0)).batch(2);
    expect(await values(Dataset.range(7).apply(evensInPairs))).toEqual([[0, 2], [4, 6]]);
    expect(() => Dataset.range(2).apply(5 as never)).toThrow(/Dataset.apply: the argument must be a function/);
    expect(() => Dataset.range(2).apply(() => 5 as never)).toThrow(/Dataset.apply: the function must return a Dataset, got number/);
  });
});

describeEachBackend('Dataset.reduce', () => {
  it('folds a pass into a state (a tensor, a structure, a growing shape); the caller owns the result', async () => {
    const zero = tl.scalar(0, 'int32');
    await expectFlat(async () => {
      const sum = await Dataset.range(5).reduce(zero, (s: Tensor, x: Tensor) => tl.add(s, x));
      expect(toJs(sum)).toBe(10);
    });
    expect(zero.isDisposed).toBe(false);
    zero.dispose();
    const data = Dataset.fromTensorSlices([1.5, 2.5, 4]);
    await expectFlat(async () => {
      const st = await data.reduce({ sum: 0, count: 0 }, (s: { sum: Tensor; count: Tensor }, x: Tensor) => ({
        sum: tl.add(s.sum, x),
        count: tl.add(s.count, 1),
      }));
      expect(toJs(st)).toEqual({ sum: 8, count: 3 });
    });
    const empty = tl.zeros([0], 'int32');
    await expectFlat(async () => {
      const all = await Dataset.range(4).reduce(empty, (s: Tensor, x: Tensor) => tl.concat([s, tl.reshape(x, [1])]));
      expect(toJs(all)).toEqual([0, 1, 2, 3]);
    });
    empty.dispose();
    // A state passed through unchanged, and an async source.
    await expectFlat(async () => {
      async function* agen() {
        for (let i = 1; i <= 3; i++) yield i;
      }
      expect(toJs(await Dataset.fromGenerator(agen).reduce(1, (s: Tensor, x: Tensor) => tl.mul(s, x)))).toBe(6);
      expect(toJs(await Dataset.range(3).reduce(7, (s: Tensor) => s))).toBe(7);
    });
  });

  it('a state that changes structure or dtype, a bad function and a throwing one are typed errors without leaks', async () => {
    await expectFlat(async () => {
      await expect(Dataset.range(3).reduce([0, 0], (s: Tensor[]) => s[0])).rejects.toThrow(/Dataset.reduce: the new state and the initial state: element structures differ/);
      await expect(Dataset.range(3).reduce(0, (_s: Tensor, x: Tensor) => x)).rejects.toThrow(tl.DTypeError);
      await expect(Dataset.range(3).reduce(0, 5 as never)).rejects.toThrow(/Dataset.reduce: the second argument must be a function/);
      await expect(Dataset.range(6).reduce(0, (s: Tensor, x: Tensor) => {
        if (x.dataSync()[0] === 4) throw new Error('boom');
        return tl.add(s, tl.cast(x, 'float32'));
      })).rejects.toThrow('boom');
    });
  });
});

describe('flatMap / interleave / enumerate / shard in graph iterators', () => {
  it('one-shot iterators: static shapes from the traced function, one element per run, then OutOfRangeError', () => {
    const g = new tl.Graph();
    const b = g.asDefault(() => {
      const flat = Dataset.range(1, 4).flatMap((x: Tensor) => Dataset.fromTensors(tl.mul(tl.ones([2], 'int32'), x))).makeOneShotIterator().getNext() as Tensor;
      const [i, x] = Dataset.range(10).shard(3, 1).enumerate().makeOneShotIterator().getNext() as Tensor[];
      return { flat, i: i!, x: x!, sum: tl.add(i!, x!) };
    });
    expect(b.flat.shape).toEqual([2]);
    expect(b.i.shape).toEqual([]);
    const sess = new tl.Session({ graph: g });
    expect(drain(sess, b.flat)).toEqual([[1, 1], [2, 2], [3, 3]]);
    expect(drain(sess, [b.i, b.x, b.sum])).toEqual([[0, 1, 1], [1, 4, 5], [2, 7, 9]]);
    sess.close();
  });

  it('a placeholder the function closes over is bound by the initializer', () => {
    const g = new tl.Graph();
    const b = g.asDefault(() => {
      const scale = tl.placeholder('float32', [null]);
      const ds = Dataset.range(2).flatMap((x: Tensor) => Dataset.zip([Dataset.fromTensors(x).repeat(), Dataset.fromTensorSlices(scale)]));
      const it = ds.makeInitializableIterator();
      return { scale, ds, it, next: it.getNext() as Tensor[] };
    });
    expect(b.ds.captures).toEqual([b.scale]);
    expect(b.ds.outputTypes).toEqual(['int32', 'float32']);
    const sess = new tl.Session({ graph: g });
    sess.run(b.it.initializer, [[b.scale, [0.5, 2]]]);
    expect(drain(sess, b.next)).toEqual([[0, 0.5], [0, 2], [1, 0.5], [1, 2]]);
    sess.close();
  });

  it('an initializable iterator interleaves the rows of a fed placeholder; re-initialization frees an abandoned pass', () => {
    const g = new tl.Graph();
    const b = g.asDefault(() => {
      const p = tl.placeholder('float32', [null, 3]);
      const it = Dataset.fromTensorSlices(p).interleave((r: Tensor) => Dataset.fromTensorSlices(r), { cycleLength: 2, blockLength: 2 }).makeInitializableIterator();
      return { p, it, next: it.getNext() as Tensor };
    });
    expect(b.next.shape).toEqual([]);
    const sess = new tl.Session({ graph: g });
    const before = tl.memory().numTensors;
    sess.run(b.it.initializer, [[b.p, [[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]);
    expect(drain(sess, b.next)).toEqual([1, 2, 4, 5, 3, 6, 7, 8, 9]);
    sess.run(b.it.initializer, [[b.p, [[0, 0, 0], [1, 1, 1]]]]);
    const started = tl.memory().numTensors;
    // Stop inside the first rows' datasets, then start again: the old pass and its datasets are freed.
    expect(toJs(sess.run(b.next))).toBe(0);
    expect(toJs(sess.run(b.next))).toBe(0);
    sess.run(b.it.initializer, [[b.p, [[0, 0, 0], [1, 1, 1]]]]);
    expect(tl.memory().numTensors).toBe(started);
    expect(drain(sess, b.next)).toEqual([0, 0, 1, 1, 0, 1]);
    sess.close();
    expect(tl.memory().numTensors).toBe(before);
  });
});
