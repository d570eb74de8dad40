/**
 * Dataset.paddedBatch and Dataset.unbatch (TF 1.x padded_batch / unbatch): hand-computed padded batches of
 * variable-length sequences, structures, padding values per component, static specs, typed errors, graph
 * iterators (unknown padded dims), and the leak checks (a full pass and an early stop leave numTensors flat).
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeEachBackend } from '../util/index.js';
import { expectFlat, syncValues, toJs, values } from './element_values.js';

const { Dataset } = tl.data;

/** Sequences [1], [1, 2], [1, 2, 3], ... (int32) with the declared spec int32[null]. */
function sequences(lengths: number[]): tl.data.Dataset {
  return Dataset.fromGenerator(function* () {
    for (const n of lengths) yield Array.from({ length: n }, (_, i) => i + 1);
  }, { outputTypes: 'int32', outputShapes: [null] });
}

describeEachBackend('Dataset.paddedBatch', () => {
  it('pads each batch to its longest sequence with zeros (eager async and sync)', async () => {
    const ds = sequences([2, 4, 1, 3, 2]).paddedBatch(2);
    const expected = [
      [[1, 2, 0, 0], [1, 2, 3, 4]],
      [[1, 0, 0], [1, 2, 3]],
      [[1, 2]],
    ];
    expect(await values(ds)).toEqual(expected);
    expect(syncValues(ds)).toEqual(expected);
    expect(ds.outputShapes).toEqual([null, null]);
    expect(ds.outputTypes).toBe('int32');
    expect(await values(sequences([2, 4, 1, 3, 2]).paddedBatch(2, { dropRemainder: true }))).toEqual(expected.slice(0, 2));
    expect(sequences([1]).paddedBatch(2, { dropRemainder: true }).outputShapes).toEqual([2, null]);
  });

  it('paddedShapes fixes a size (-1 / null: the longest) and paddingValues sets the fill', async () => {
    expect(await values(sequences([2, 3, 1]).paddedBatch(2, { paddedShapes: [4], paddingValues: -1 }))).toEqual([
      [[1, 2, -1, -1], [1, 2, 3, -1]],
      [[1, -1, -1, -1]],
    ]);
    expect(sequences([1]).paddedBatch(2, { paddedShapes: [4] }).outputShapes).toEqual([null, 4]);
    expect(await values(sequences([2, 1]).paddedBatch(2, { paddedShapes: [null] }))).toEqual([[[1, 2], [1, 0]]]);
    // A padding value given as a scalar tensor of the component's dtype.
    const pad = tl.scalar(9, 'int32');
    expect(await values(sequences([1, 2]).paddedBatch(2, { paddingValues: pad }))).toEqual([[[1, 9], [1, 2]]]);
    pad.dispose();
  });

  it('pads every dim of 2-D components; a statically known dim stays known', async () => {
    // Elements [n, 2] (second dim fixed) and [n, m] (both vary).
    const ds = Dataset.fromGenerator(function* () {
      yield [[[1, 2]], [[1]]];
      yield [[[3, 4], [5, 6]], [[1, 2, 3], [4, 5, 6]]];
    }, { outputTypes: ['float32', 'float32'], outputShapes: [[null, 2], [null, null]] });
    const b = ds.paddedBatch(2);
    expect(b.outputShapes).toEqual([[null, null, 2], [null, null, null]]);
    expect(await values(b)).toEqual([[
      [[[1, 2], [0, 0]], [[3, 4], [5, 6]]],
      [[[1, 0, 0], [0, 0, 0]], [[1, 2, 3], [4, 5, 6]]],
    ]]);
    // Fixed sizes in both dims of the second component, the first padded with 0.5.
    expect(await values(ds.paddedBatch(2, { paddedShapes: [[-1, 2], [2, 4]], paddingValues: [0.5, 7] }))).toEqual([[
      [[[1, 2], [0.5, 0.5]], [[3, 4], [5, 6]]],
      [[[1, 7, 7, 7], [7, 7, 7, 7]], [[1, 2, 3, 7], [4, 5, 6, 7]]],
    ]]);
  });

  it('structures: objects with per-component padding values of every dtype, and strings', async () => {
    const ds = Dataset.fromGenerator(function* () {
      yield { ids: [5, 6, 7], mask: [true, true, true], w: [0.5], big: [1n], label: 1, text: 'abc' };
      yield { ids: [8], mask: [true], w: [0.25, 0.75], big: [2n, 3n], label: 0, text: 'd' };
    }, {
      outputTypes: { ids: 'int32', mask: 'bool', w: 'float64', big: 'int64', label: 'int32', text: 'string' },
      outputShapes: { ids: [null], mask: [null], w: [null], big: [null], label: [] },
    });
    const b = ds.paddedBatch(2, { paddingValues: { ids: -1, mask: false, w: 2.5, big: 9n, label: 0, text: '' } });
    expect(b.outputShapes).toEqual({ ids: [null, null], mask: [null, null], w: [null, null], big: [null, null], label: [null], text: null });
    const [el] = await b.toArray();
    expect(el.w.dtype).toBe('float64');
    expect(el.big.dtype).toBe('int64');
    expect(toJs(el)).toEqual({
      ids: [[5, 6, 7], [8, -1, -1]],
      mask: [[true, true, true], [true, false, false]],
      w: [[0.5, 2.5], [0.25, 0.75]],
      big: [[1, 9], [2, 3]],
      label: [1, 0],
      text: ['abc', 'd'],
    });
  });

  it('bad arguments are typed errors naming paddedBatch and the argument', () => {
    const ds = sequences([1, 2]);
    expect(() => ds.paddedBatch(0)).toThrow(/Dataset.paddedBatch: 'batchSize'/);
    expect(() => ds.paddedBatch(2, { padded: [3] } as never)).toThrow(/Dataset.paddedBatch: unknown option 'padded'/);
    expect(() => ds.paddedBatch(2, { paddedShapes: [3, 3] })).toThrow(tl.ShapeError);
    expect(() => ds.paddedBatch(2, { paddedShapes: [3, 3] })).toThrow(/'paddedShapes' \[3,3\] has rank 2.*rank 1/);
    expect(() => ds.paddedBatch(2, { paddedShapes: [1.5] })).toThrow(tl.ArgumentError);
    expect(() => ds.paddedBatch(2, { paddingValues: 0.5 })).toThrow(tl.DTypeError);
    expect(() => ds.paddedBatch(2, { paddingValues: true })).toThrow(/'paddingValues'.*cannot pad the component int32\[\?\]/);
    const f = tl.scalar(1);
    const v = tl.tensor([1, 2], undefined, 'int32');
    expect(() => ds.paddedBatch(2, { paddingValues: f })).toThrow(tl.DTypeError);
    expect(() => ds.paddedBatch(2, { paddingValues: v })).toThrow(tl.ShapeError);
    tl.dispose([f, v]);
    const pair = Dataset.fromTensorSlices([tl.zeros([4, 3]), tl.zeros([4])]);
    // A fixed size below the component's static size, and a structure that does not match.
    expect(() => pair.paddedBatch(2, { paddedShapes: [[2], []] })).toThrow(/'paddedShapes' at \[0\] \[2\] is smaller than the component float32\[3\] in dim 0/);
    expect(() => pair.paddedBatch(2, { paddedShapes: [[5]] })).toThrow(/does not match the element structure/);
    expect(() => pair.paddedBatch(2, { paddingValues: { a: 1 } })).toThrow(tl.ArgumentError);
  });

  it('run-time errors: a sequence longer than paddedShapes, elements of different ranks', async () => {
    await expectFlat(async () => {
      await expect(sequences([2, 5]).paddedBatch(2, { paddedShapes: [3] }).toArray()).rejects.toThrow(
        /Dataset.paddedBatch: component 0 of element 1 has shape \[5\], larger than its paddedShapes entry \[3\] in dim 0/,
      );
    });
    const ranks = Dataset.fromGenerator(function* () {
      yield new Float32Array([1]);
      yield 2;
    });
    await expectFlat(async () => {
      await expect(ranks.paddedBatch(2).toArray()).rejects.toThrow(tl.ShapeError);
      // batch frees the elements of a batch it cannot stack as well.
      await expect(sequences([1, 2]).batch(2).toArray()).rejects.toThrow(/different shapes/);
    });
  });

  it('a structure refused after some tensors were captured frees those copies', async () => {
    const a = tl.zeros([2]);
    await expectFlat(() => {
      expect(() => Dataset.fromTensors([a, 'text'])).toThrow(tl.ArgumentError);
      expect(() => Dataset.fromTensorSlices({ a, b: null })).toThrow(tl.ArgumentError);
    });
    a.dispose();
  });
});

describeEachBackend('Dataset.unbatch', () => {
  it('splits batches back into elements (structures, strings, uneven batches)', async () => {
    const x = tl.tensor([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]);
    const y = tl.tensor([0, 1, 2, 3, 4], undefined, 'int32');
    const ds = Dataset.fromTensorSlices({ x, y }).batch(2).unbatch();
    expect(ds.outputShapes).toEqual({ x: [2], y: [] });
    const expected = [0, 1, 2, 3, 4].map((i) => ({ x: [2 * i + 1, 2 * i + 2], y: i }));
    expect(await values(ds)).toEqual(expected);
    expect(syncValues(ds)).toEqual(expected);
    // One element of shape [3, 2] becomes three rows.
    expect(await values(Dataset.fromTensors(tl.tensor([[1, 2], [3, 4], [5, 6]])).unbatch())).toEqual([[1, 2], [3, 4], [5, 6]]);
    // A batch of strings (string[]) unbatches into strings; a padded batch unbatches into padded rows.
    const words = Dataset.fromGenerator(function* () {
      yield ['a', 1];
      yield ['b', 2];
      yield ['c', 3];
    }, { outputTypes: ['string', 'int32'] });
    expect(await values(words.batch(2).unbatch())).toEqual([['a', 1], ['b', 2], ['c', 3]]);
    expect(await values(sequences([1, 3]).paddedBatch(2).unbatch())).toEqual([[1, 0, 0], [1, 2, 3]]);
    tl.dispose([x, y]);
  });

  it('scalar components and components of different lengths are ShapeErrors', async () => {
    expect(() => Dataset.range(3).unbatch().outputShapes).toThrow(/Dataset.unbatch: the component int32\[\] is a scalar/);
    const uneven = Dataset.fromTensors([tl.zeros([2]), tl.zeros([3])]).unbatch();
    await expectFlat(async () => {
      await expect(uneven.toArray()).rejects.toThrow(/Dataset.unbatch: components disagree on the first dimension \(2 in \[2\] vs 3 in \[3\]\)/);
    });
  });
});

describeEachBackend('paddedBatch / unbatch memory', () => {
  it('a full pass and a pass stopped early leave numTensors flat', async () => {
    const ds = sequences([3, 1, 4, 1, 5, 9, 2, 6]).map((s: Tensor) => tl.mul(s, 2)).paddedBatch(3, { paddingValues: -1 });
    await expectFlat(async () => {
      expect(await values(ds)).toHaveLength(3);
    });
    await expectFlat(async () => {
      for await (const b of ds) {
        (b as Tensor).dispose();
        break;
      }
    });
    await expectFlat(() => {
      const it = ds.unbatch()[Symbol.iterator]();
      // Stopped inside the first batch: the batch it was splitting is freed.
      (it.next().value as Tensor).dispose();
      it.return!();
    });
    await expectFlat(async () => {
      // Batch 1 (lengths 3, 1, 4) padded to 4 with -1, then the first row of batch 2 (lengths 1, 5, 9) padded to 9.
      expect(await values(ds.unbatch().take(4))).toEqual([[2, 4, 6, -1], [2, -1, -1, -1], [2, 4, 6, 8], [2, -1, -1, -1, -1, -1, -1, -1, -1]]);
    });
  });
});

describe('paddedBatch / unbatch in graph iterators', () => {
  it('getNext has unknown padded dims; each run gives the next padded batch, then OutOfRangeError', () => {
    const g = new tl.Graph();
    const { next, lengths } = g.asDefault(() => {
      const next = sequences([2, 3, 1]).paddedBatch(2).makeOneShotIterator().getNext() as Tensor;
      // A value computed in the graph from the batch: the number of non-padding entries per row.
      return { next, lengths: tl.sum(tl.cast(tl.notEqual(next, 0), 'int32'), 1) };
    });
    expect(next.shape).toEqual([-1, -1]);
    const sess = new tl.Session({ graph: g });
    const [b1, l1] = sess.run([next, lengths]) as Tensor[];
    expect(toJs(b1)).toEqual([[1, 2, 0], [1, 2, 3]]);
    expect(toJs(l1)).toEqual([2, 3]);
    expect(toJs(sess.run(next))).toEqual([[1]]);
    expect(() => sess.run(next)).toThrow(tl.OutOfRangeError);
    sess.close();
  });

  it('an initializable iterator unbatches a fed placeholder; a whole pass leaks nothing', () => {
    const g = new tl.Graph();
    const b = g.asDefault(() => {
      const p = tl.placeholder('float32', [null, 2]);
      const it = Dataset.fromTensors(p).unbatch().paddedBatch(2, { paddedShapes: [3] }).makeInitializableIterator();
      return { p, it, next: it.getNext() as Tensor };
    });
    expect(b.next.shape).toEqual([-1, 3]);
    const sess = new tl.Session({ graph: g });
    const before = tl.memory().numTensors;
    const got: unknown[] = [];
    sess.run(b.it.initializer, [[b.p, [[1, 2], [3, 4], [5, 6]]]]);
    for (;;) {
      try {
        got.push(toJs(sess.run(b.next)));
      } catch (e) {
        if (e instanceof tl.OutOfRangeError) break;
        throw e;
      }
    }
    expect(got).toEqual([[[1, 2, 0], [3, 4, 0]], [[5, 6, 0]]]);
    sess.close();
    expect(tl.memory().numTensors).toBe(before);
  });
});
