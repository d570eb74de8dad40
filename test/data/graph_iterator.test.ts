/**
 * Graph-mode dataset iterators (TF 1.x): getNext() feeds the graph without a feed dict, advances once per run,
 * ends with OutOfRangeError, restarts with its initializer, and binds placeholders at initialization.
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeEachBackend, expectClose } from '../util/index.js';

const { Dataset } = tl.data;

/** The JS values of a fetched tensor (disposing it). */
function val(t: Tensor): number | unknown {
  const v = t.rank === 0 ? Number(t.dataSync()[0]) : t.arraySync();
  t.dispose();
  return v;
}

describeEachBackend('graph iterators', () => {
  it('one-shot iterator: batches in order, static shapes, then OutOfRangeError', () => {
    const g = new tl.Graph();
    const { next, fixed } = g.asDefault(() => {
      const ds = Dataset.range(5).map((x: Tensor) => tl.mul(x, 2));
      return { next: ds.batch(2).makeOneShotIterator().getNext() as Tensor, fixed: ds.batch(2, { dropRemainder: true }).makeOneShotIterator().getNext() as Tensor };
    });
    expect(next.shape).toEqual([-1]);
    expect(next.dtype).toBe('int32');
    expect(fixed.shape).toEqual([2]);
    const sess = new tl.Session({ graph: g });
    expect(val(sess.run(next))).toEqual([0, 2]);
    expect(val(sess.run(next))).toEqual([4, 6]);
    expect(val(sess.run(next))).toEqual([8]);
    expect(() => sess.run(next)).toThrow(tl.errors.OutOfRangeError);
    expect(() => sess.run(next)).toThrow(tl.OutOfRangeError);
    // The other iterator is independent; a second session starts its own pass.
    expect(val(sess.run(fixed))).toEqual([0, 2]);
    const sess2 = new tl.Session({ graph: g });
    expect(val(sess2.run(next))).toEqual([0, 2]);
    sess.close();
    sess2.close();
  });

  it('one run advances once however many fetches depend on getNext()', () => {
    const g = new tl.Graph();
    const { x, y, z } = g.asDefault(() => {
      const x = Dataset.range(10, 13).makeOneShotIterator().getNext() as Tensor;
      return { x, y: tl.add(x, 100), z: tl.mul(x, x) };
    });
    const sess = new tl.Session({ graph: g });
    expect(sess.run([x, y, z]).map(val)).toEqual([10, 110, 100]);
    expect(sess.run([y, z]).map(val)).toEqual([111, 121]);
    expect(sess.run({ a: x }).a.dataSync()[0]).toBe(12);
    expect(() => sess.run(z)).toThrow(tl.OutOfRangeError);
    sess.close();
  });

  it('initializable iterator: placeholders bound at initialization, one initializer run per epoch', () => {
    const g = new tl.Graph();
    const feats = [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]];
    const labels = [0, 1, 0, 1, 1];
    const built = g.asDefault(() => {
      const fx = tl.placeholder('float32', [null, 2], 'features');
      const ly = tl.placeholder('int32', [null], 'labels');
      const ds = Dataset.fromTensorSlices([fx, ly]).shuffle(10, { seed: 4 }).batch(2);
      const it = ds.makeInitializableIterator();
      const [bx, by] = it.getNext() as Tensor[];
      return { fx, ly, it, bx, by, rowSum: tl.sum(bx!, 1) };
    });
    expect(built.bx!.shape).toEqual([-1, 2]);
    expect(built.it.outputTypes).toEqual(['float32', 'int32']);
    expect(built.it.outputShapes).toEqual([[null, 2], [null]]);
    const sess = new tl.Session({ graph: g });
    // getNext before the initializer ran: TF's FailedPreconditionError.
    expect(() => sess.run(built.bx!)).toThrow(tl.errors.FailedPreconditionError);
    const epochs: number[][] = [];
    for (let epoch = 0; epoch < 2; epoch++) {
      sess.run(built.it.initializer, [[built.fx, feats], [built.ly, labels]]);
      const seen: number[] = [];
      for (;;) {
        let r: Tensor[];
        try {
          r = sess.run([built.bx!, built.by!, built.rowSum]);
        } catch (e) {
          if (e instanceof tl.errors.OutOfRangeError) break;
          throw e;
        }
        const [bx, by, rs] = r.map((t) => Array.from(t.dataSync(), Number));
        tl.dispose(r);
        // Rows stay paired with their labels and the row sums are computed from the same batch.
        for (let i = 0; i < by!.length; i++) {
          const row = feats.findIndex((f) => f[0] === bx![2 * i]);
          expect(by![i]).toBe(labels[row]);
          expect(rs![i]).toBe(feats[row]![0]! + feats[row]![1]!);
          seen.push(row);
        }
      }
      expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
      epochs.push(seen);
    }
    // Each initialization is a new pass: reshuffled.
    expect(epochs[0]).not.toEqual(epochs[1]);
    // A different feed gives a different dataset.
    sess.run(built.it.initializer, [[built.fx, [[0, 0]]], [built.ly, [7]]]);
    expect(val(sess.run(built.by!))).toEqual([7]);
    sess.close();
  });

  it('placeholders without an initializable iterator are refused with typed errors', async () => {
    const g = new tl.Graph();
    const p = g.asDefault(() => tl.placeholder('float32', [null]));
    const ds = Dataset.fromTensorSlices(p);
    expect(() => g.asDefault(() => ds.makeOneShotIterator())).toThrow(/makeInitializableIterator/);
    await expect(ds.toArray()).rejects.toThrow(tl.ArgumentError);
    const strings = Dataset.fromGenerator(function* () {
      yield 'a';
    });
    expect(() => g.asDefault(() => strings.makeOneShotIterator().getNext())).toThrow(tl.DTypeError);
    const one = g.asDefault(() => Dataset.range(2).makeOneShotIterator());
    expect(() => one.initializer).toThrow(tl.ArgumentError);
  });

  it('async sources: sess.run says to use runAsync, sess.runAsync iterates', async () => {
    async function* agen() {
      for (let i = 1; i <= 3; i++) {
        await new Promise((r) => setTimeout(r, 1));
        yield [i, i * i];
      }
    }
    const g = new tl.Graph();
    const [a, b, s] = g.asDefault(() => {
      const ds = Dataset.fromGenerator(agen, { outputTypes: ['float32', 'float32'], outputShapes: [[], []] });
      const [a, b] = ds.makeOneShotIterator().getNext() as Tensor[];
      return [a!, b!, tl.add(a!, b!)];
    });
    const sess = new tl.Session({ graph: g });
    expect(() => sess.run(s)).toThrow(/runAsync/);
    const got: unknown[] = [];
    for (;;) {
      try {
        got.push(((await sess.runAsync([a, b, s])) as Tensor[]).map(val));
      } catch (e) {
        expect(e).toBeInstanceOf(tl.OutOfRangeError);
        break;
      }
    }
    // The failed sync run did not consume an element.
    expect(got).toEqual([[1, 1, 2], [2, 4, 6], [3, 9, 12]]);
    sess.close();
  });

  it('Iterator.fromStructure: one iterator re-initialized from a training and a validation dataset', () => {
    const g = new tl.Graph();
    const b = g.asDefault(() => {
      const it = tl.data.Iterator.fromStructure(['float32', 'int32'], [[null, 2], [null]]);
      const train = Dataset.fromTensorSlices([tl.tensor([[1, 1], [2, 2], [3, 3]]), tl.tensor([1, 2, 3], undefined, 'int32')]).batch(3);
      const valid = Dataset.fromTensorSlices([tl.tensor([[9, 9]]), tl.tensor([9], undefined, 'int32')]).batch(1);
      const [x, y] = it.getNext() as Tensor[];
      return { it, trainInit: it.makeInitializer(train), validInit: it.makeInitializer(valid), x: x!, y: y!, wrong: Dataset.range(3) };
    });
    const sess = new tl.Session({ graph: g });
    sess.run(b.trainInit);
    expect(val(sess.run(b.y))).toEqual([1, 2, 3]);
    sess.run(b.validInit);
    expect(val(sess.run(b.x))).toEqual([[9, 9]]);
    sess.run(b.trainInit);
    expect(val(sess.run(b.x))).toEqual([[1, 1], [2, 2], [3, 3]]);
    expect(() => b.it.makeInitializer(b.wrong)).toThrow(tl.ArgumentError);
    sess.close();
  });

  it('a training loop reads its batches from the iterator (no feeds) and fits y = 2x + 1', () => {
    const xs = Array.from({ length: 16 }, (_, i) => i / 8);
    const ys = xs.map((x) => 2 * x + 1);
    const g = new tl.Graph();
    const m = g.asDefault(() => {
      const ds = Dataset.fromTensorSlices({ x: tl.tensor(xs), y: tl.tensor(ys) }).shuffle(16, { seed: 1 }).batch(4).repeat();
      const { x, y } = ds.makeOneShotIterator().getNext() as { x: Tensor; y: Tensor };
      const w = new tl.Variable(tl.scalar(0), { name: 'w' });
      const c = new tl.Variable(tl.scalar(0), { name: 'c' });
      const loss = tl.mean(tl.square(tl.sub(tl.add(tl.mul(x, w), c), y)));
      const train = new tl.train.GradientDescentOptimizer(0.3).minimize(loss);
      return { w, c, train, init: tl.globalVariablesInitializer() };
    });
    const sess = new tl.Session({ graph: g });
    sess.run(m.init);
    for (let i = 0; i < 400; i++) sess.run(m.train);
    expectClose(sess.run(m.w), [2], { atol: 1e-2 });
    expectClose(sess.run(m.c), [1], { atol: 1e-2 });
    sess.close();
  });

  it('a whole graph pass through shuffle and batch leaks no tensor', () => {
    const g = new tl.Graph();
    const x = tl.tensor(Array.from({ length: 30 }, (_, i) => i));
    const next = g.asDefault(() => Dataset.fromTensorSlices(x).map((v: Tensor) => tl.square(v)).shuffle(7, { seed: 9 }).batch(4).makeOneShotIterator().getNext() as Tensor);
    const before = tl.memory().numTensors;
    const sess = new tl.Session({ graph: g });
    let total = 0;
    for (;;) {
      try {
        const t = sess.run(next) as Tensor;
        total += Array.from(t.dataSync()).reduce((a, v) => a + v, 0);
        t.dispose();
      } catch (e) {
        if (e instanceof tl.OutOfRangeError) break;
        throw e;
      }
    }
    expect(total).toBe((29 * 30 * 59) / 6);
    sess.close();
    expect(tl.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('graph iterators: a pass abandoned mid-way is freed by re-initialization', () => {
  it('re-running the initializer closes the old pass and its shuffle buffer', () => {
    const g = new tl.Graph();
    const b = g.asDefault(() => {
      const it = Dataset.range(50).shuffle(20, { seed: 1 }).makeInitializableIterator();
      return { it, next: it.getNext() as Tensor };
    });
    const sess = new tl.Session({ graph: g });
    sess.run(b.it.initializer);
    (sess.run(b.next) as Tensor).dispose();
    const mid = tl.memory().numTensors;
    sess.run(b.it.initializer);
    // The old buffer (19 elements) is gone; the new pass buffers nothing until the first getNext.
    expect(tl.memory().numTensors).toBe(mid - 19);
    sess.close();
  });
});
