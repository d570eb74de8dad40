/**
 * The native Concat kernel (concat.cc) against the js kernel: every dtype, every axis of ranks 1-4, inputs of
 * different sizes along the axis, zero-size inputs, long lists (a Keras fit stacks one value per batch: 1875 of
 * them per Fashion-MNIST epoch), a list longer than the addon takes (runs on js, correctly), and a large concat
 * that takes the thread pool. The layout is also checked by hand on a small case.
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { randValues } from '../util/index.js';
import { expectParity, randInts, size, typed } from './parity.js';

const hasNative = tl.backends().includes('native');
const DTYPES = ['float32', 'float64', 'int32', 'int64', 'bool'] as const;

describe.skipIf(!hasNative)('native Concat', () => {
  it('hand-computed: along rows and along columns', () => {
    const a = () => tl.tensor([[1, 2], [3, 4]]), b = () => tl.tensor([[5], [6]]);
    const cols = tl.device('/native:0', () => tl.concat([a(), b()], 1));
    expect(cols.dataId.backend.name).toBe('native');
    expect(Array.from(cols.dataSync())).toEqual([1, 2, 5, 3, 4, 6]);
    const rows = tl.device('/native:0', () => tl.concat([a(), tl.tensor([[7, 8]])], 0));
    expect(Array.from(rows.dataSync())).toEqual([1, 2, 3, 4, 7, 8]);
    tl.dispose([cols, rows]);
  });

  it('matches js for every dtype and axis, with uneven and zero-size parts', () => {
    let checked = 0;
    for (const dtype of DTYPES) {
      for (const shape of [[5], [3, 4], [2, 3, 4], [2, 2, 3, 2]]) {
        for (let axis = 0; axis < shape.length; axis++) {
          // Three parts along the axis: the base size, 0 and 1.
          const parts = [shape[axis]!, 0, 1].map((n, k) => {
            const s = shape.map((d, i) => (i === axis ? n : d));
            return { s, v: Array.from(randValues(size(s), checked * 3 + k, -9, 9), Math.round) };
          });
          expectParity(`${dtype} ${JSON.stringify(shape)} axis ${axis}`, () => tl.concat(parts.map((p) => typed(p.v, p.s, dtype)), axis));
          checked++;
        }
      }
    }
    expect(checked).toBe(5 * 10);
  });

  it('all parts empty along the axis, and an empty other dim', () => {
    expectParity('[2,0] + [2,0]', () => tl.concat([tl.zeros([2, 0]), tl.zeros([2, 0])], 1));
    expectParity('[0,3] + [0,3] axis 1', () => tl.concat([tl.zeros([0, 3]), tl.zeros([0, 3])], 1));
  });

  it('long lists: 2000 batch values on native, 5000 on js', () => {
    const vals = randValues(5000, 4, 0, 3);
    expectParity('2000 x [1]', () => tl.concat(Array.from(vals.subarray(0, 2000), (v) => tl.tensor([v], [1])), 0));
    expectParity('4096 x [1,2] axis 1', () => tl.concat(Array.from({ length: 4096 }, (_, i) => tl.tensor([[i], [-i]], [2, 1], 'int32')), 1));
    expectParity('5000 x [1]', () => tl.concat(Array.from(vals, (v) => tl.tensor([v], [1])), 0), 'js');
  });

  it('large parts (the thread pool): batches of 784-float rows, and columns', () => {
    const v = Float32Array.from(randValues(600 * 784, 6, -1, 1));
    expectParity('3 x [200,784] axis 0', () => tl.concat([0, 1, 2].map((k) => tl.tensor(v.subarray(k * 200 * 784, (k + 1) * 200 * 784), [200, 784])), 0));
    expectParity('[600,784] + [600,16] axis 1', () => tl.concat([tl.tensor(v, [600, 784]), tl.tensor(randInts(9600, 1, -5, 5), [600, 16], 'float32')], 1));
  });
});
