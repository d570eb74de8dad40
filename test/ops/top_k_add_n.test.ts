/** tl.topK, tl.addN, tl.multinomial and tl.randomCrop: hand-computed values, gradients, errors, leaks. */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { checkGrad, describeEachBackend, expectClose, expectNoLeak, randValues } from '../util/index.js';

const vals = (t: Tensor) => Array.from(t.dataSync() as ArrayLike<number>, Number);

describeEachBackend('topK', () => {
  it('k largest along the last axis, largest first, ties lower index first', () => {
    const x = tl.tensor([[1, 5, 3, 5, 2], [-1, -1, -1, 0, -2]]);
    const { values, indices } = tl.topK(x, 3);
    expect(values.shape).toEqual([2, 3]);
    expect(indices.dtype).toBe('int32');
    expectClose(values, [5, 5, 3, 0, -1, -1]);
    expect(vals(indices)).toEqual([1, 3, 2, 3, 0, 1]);
  });

  it('default k = 1 on a 1-D input; k = 0 and k = n; rank 3; int32 values', () => {
    const { values, indices } = tl.topK([0.5, 2, -3]);
    expectClose(values, [2]);
    expect(vals(indices)).toEqual([1]);
    expect(tl.topK([[1, 2]], 0).values.shape).toEqual([1, 0]);
    const all = tl.topK([3, 1, 2], 3);
    expectClose(all.values, [3, 2, 1]);
    expect(vals(all.indices)).toEqual([0, 2, 1]);
    const r3 = tl.topK(tl.reshape(tl.tensor([4, 1, 2, 8, 7, 0, 9, 9]), [2, 2, 2]), 1);
    expect(r3.values.shape).toEqual([2, 2, 1]);
    expectClose(r3.values, [4, 8, 7, 9]);
    expect(vals(r3.indices)).toEqual([0, 1, 0, 0]);
    const ints = tl.topK(tl.tensor([7, -2, 9], undefined, 'int32'), 2);
    expect(ints.values.dtype).toBe('int32');
    expect(vals(ints.values)).toEqual([9, 7]);
  });

  it('a transposed input is read in its logical order', () => {
    const x = tl.transpose(tl.tensor([[1, 9], [4, 2], [3, 5]]));
    const { values, indices } = tl.topK(x, 2);
    expectClose(values, [4, 3, 9, 5]);
    expect(vals(indices)).toEqual([1, 2, 0, 2]);
  });

  it('gradient of values goes back to the chosen positions (finite differences)', () => {
    // Values far apart so no tie flips under the differencing step.
    const x = tl.tensor(Array.from(randValues(12, 3), (v, i) => v + i * 0.37), [3, 4], 'float64');
    const w = tl.tensor(randValues(6, 4), [3, 2], 'float64');
    checkGrad((a) => tl.sum(tl.mul(tl.topK(a, 2).values, w)), [x]);
    const g = tl.grad((a: Tensor) => tl.sum(tl.topK(a, 1).values))(tl.tensor([[1, 3, 2]]));
    expectClose(g, [0, 1, 0]);
  });

  it('bad arguments are typed errors naming topK; no leaks', () => {
    expect(() => tl.topK([1, 2], 3)).toThrow(/topK: 'k' \(3\) is larger/);
    expect(() => tl.topK(tl.scalar(1))).toThrow(tl.ShapeError);
    expect(() => tl.topK([1, 2], -1)).toThrow(tl.ArgumentError);
    expect(() => tl.topK(tl.tensor([true]), 1)).toThrow(tl.DTypeError);
    expectNoLeak(() => tl.topK(tl.tensor([[3, 1, 2]]), 2));
    expectNoLeak(() => tl.grad((a: Tensor) => tl.sum(tl.topK(a, 2).values))(tl.tensor([3, 1, 2])));
  });

  it('works on symbolic inputs in a graph', () => {
    const g = new tl.Graph();
    const { x, r } = g.asDefault(() => {
      const x = tl.placeholder('float32', [null, 3]);
      return { x, r: tl.topK(x, 2) };
    });
    expect(r.values.shape).toEqual([-1, 2]);
    const sess = new tl.Session({ graph: g });
    const [v, i] = sess.run([r.values, r.indices], [[x, [[1, 3, 2]]]]) as Tensor[];
    expectClose(v!, [3, 2]);
    expect(vals(i!)).toEqual([1, 2]);
  });
});

describeEachBackend('addN', () => {
  it('sums a list elementwise; one tensor is a copy', () => {
    expectClose(tl.addN([[1, 2], [10, 20], [100, 200]]), [111, 222]);
    expectClose(tl.addN([tl.scalar(2)]), [2]);
    expectClose(tl.addN([tl.ones([2, 3]), tl.ones([2, 3]), tl.ones([2, 3]), tl.ones([2, 3]), tl.ones([2, 3])]), new Array(6).fill(5));
  });

  it('passes the upstream gradient to each input', () => {
    const a = tl.tensor([1, 2], undefined, 'float64');
    const b = tl.tensor([3, 4], undefined, 'float64');
    const gs = tl.grads((x: Tensor, y: Tensor) => tl.sum(tl.mul(tl.addN([x, y, x]), tl.tensor([2, 5], undefined, 'float64'))))([a, b]);
    expectClose(gs[0]!, [4, 10]);
    expectClose(gs[1]!, [2, 5]);
    checkGrad((x, y) => tl.sum(tl.square(tl.addN([x, y]))), [a, b]);
  });

  it('mismatched shapes or dtypes, or an empty list, are typed errors naming addN', () => {
    expect(() => tl.addN([tl.ones([2]), tl.ones([3])])).toThrow(/addN: 'tensors\[1\]' has shape \[3\]/);
    expect(() => tl.addN([tl.ones([2]), tl.ones([2], 'int32')])).toThrow(tl.DTypeError);
    expect(() => tl.addN([])).toThrow(tl.ArgumentError);
    expectNoLeak(() => tl.addN([[1], [2], [3]]));
  });
});

describeEachBackend('multinomial and randomCrop (eager)', () => {
  it('multinomial: shape [batch, numSamples], int32 or int64; a one-hot row always gives its class', () => {
    const m = tl.multinomial(tl.log(tl.tensor([[0, 1, 0], [0, 0, 1]])), 20, { seed: 1 });
    expect(m.shape).toEqual([2, 20]);
    expect(m.dtype).toBe('int32');
    expect(vals(m)).toEqual([...new Array(20).fill(1), ...new Array(20).fill(2)]);
    expect(tl.multinomial([[0, 0]], 3, { outputDtype: 'int64' }).dtype).toBe('int64');
    expect(vals(tl.multinomial([[1, 2]], 5, { seed: 4 }))).toEqual(vals(tl.multinomial([[1, 2]], 5, { seed: 4 })));
  });

  it('multinomial errors name the op', () => {
    expect(() => tl.multinomial([1, 2], 2)).toThrow(/multinomial: 'logits' must be 2-D/);
    expect(() => tl.multinomial([[1, 2]], -1)).toThrow(tl.ArgumentError);
    expect(() => tl.multinomial([[1, 2]], 1, { sed: 1 } as never)).toThrow(/unknown option 'sed'/);
    expect(() => tl.multinomial([[-Infinity, -Infinity]], 1)).toThrow(/row 0 .* no finite logit/);
    expectNoLeak(() => tl.multinomial([[1, 2]], 4));
  });

  it('randomCrop: a window of the input at a random offset; gradient flows to the window', () => {
    const x = tl.reshape(tl.range(0, 20), [4, 5]);
    const c = tl.randomCrop(x, [2, 3], { seed: 2 });
    expect(c.shape).toEqual([2, 3]);
    const v = vals(c);
    // Each row of the window is 3 consecutive numbers; the second row is 5 further on.
    expect(v[1]).toBe(v[0]! + 1);
    expect(v[3]).toBe(v[0]! + 5);
    expect(v[0]! % 5).toBeLessThanOrEqual(2);
    const g = tl.grad((a: Tensor) => tl.sum(tl.randomCrop(a, [2, 3], { seed: 2 })))(tl.cast(x, 'float32'));
    expect(vals(g).reduce((s, e) => s + e, 0)).toBe(6);
    expect(vals(g).filter((e) => e === 1)).toHaveLength(6);
    expectClose(tl.randomCrop([1, 2, 3], [3]), [1, 2, 3]);
  });

  it('randomCrop errors name the op', () => {
    expect(() => tl.randomCrop(tl.ones([2, 2]), [3, 1])).toThrow(/randomCrop: 'size' \[3,1\] is larger/);
    expect(() => tl.randomCrop(tl.ones([2, 2]), [1])).toThrow(tl.ShapeError);
    expectNoLeak(() => tl.randomCrop(tl.ones([4, 4]), [2, 2]));
  });
});

describe('clipByGlobalNorm at the top level', () => {
  it('is tl.train.clipByGlobalNorm: [clipped list with nulls kept, global norm]', () => {
    expect(tl.clipByGlobalNorm).toBe(tl.train.clipByGlobalNorm);
    const [clipped, norm] = tl.clipByGlobalNorm([tl.tensor([3, 0]), null, tl.tensor([4])], 2.5);
    expectClose(norm, [5]);
    expect(clipped[1]).toBeNull();
    expectClose(clipped[0]!, [1.5, 0]);
    expectClose(clipped[2]!, [2]);
  });
});
