/**
 * The native OneHot kernel (one_hot.cc) against the js kernel: int32 and int64 indices, every output dtype, on /
 * off values (negative, fractional for floats, large for int64, booleans), every axis, depth 0 and 1, indices
 * that are negative, equal to depth or far out of range (all off), empty indices, and a large one-hot that takes
 * the thread pool.
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { expectParity, randInts } from './parity.js';

const hasNative = tl.backends().includes('native');

describe.skipIf(!hasNative)('native OneHot', () => {
  it('hand-computed: out-of-range indices are all off', () => {
    const y = tl.device('/native:0', () => tl.oneHot(tl.tensor([0, 2, -1, 3], [4], 'int32'), 3));
    expect(y.dataId.backend.name).toBe('native');
    expect(Array.from(y.dataSync())).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    const t = tl.device('/native:0', () => tl.oneHot(tl.tensor([1n, 0n], [2], 'int64'), 2, 5, -1, 'int32', 0));
    expect(Array.from(t.dataSync())).toEqual([-1, 5, 5, -1]);
    tl.dispose([y, t]);
  });

  it('matches js for every output dtype, index dtype, axis and fill values', () => {
    const fills: Record<tl.DType, [number | boolean, number | boolean][]> = {
      float32: [[1, 0], [0.1, -2.5], [1e-40, 3e38]],
      float64: [[1, 0], [0.1, -2.5], [1e300, -0]],
      int32: [[1, 0], [-7, 2147483647], [-2147483648, 3]],
      int64: [[1, 0], [-5, 2 ** 40], [2 ** 53 - 1, -(2 ** 53 - 1)]],
      bool: [[true, false], [false, true]],
    };
    let checked = 0;
    for (const [dtype, pairs] of Object.entries(fills) as [tl.DType, [number | boolean, number | boolean][]][]) {
      for (const [on, off] of pairs) {
        for (const idtype of ['int32', 'int64'] as const) {
          for (const shape of [[5], [2, 3]]) {
            const idx = randInts(shape.reduce((a, b) => a * b, 1), checked, -2, 5);
            const make = () => (idtype === 'int64' ? tl.tensor(BigInt64Array.from(idx, BigInt), shape, 'int64') : tl.tensor(idx, shape, 'int32'));
            for (let axis = -1; axis <= shape.length; axis++) {
              expectParity(`${dtype} on ${on} off ${off} ${idtype} ${JSON.stringify(shape)} axis ${axis}`, () => tl.oneHot(make(), 4, on, off, dtype, axis));
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBe(14 * 2 * (3 + 4));  // fill pairs x index dtypes x (axes of the two shapes)
  });

  it('depth 0 and 1, far out-of-range int64 indices, empty and scalar indices', () => {
    expectParity('depth 0', () => tl.oneHot(tl.tensor([0, 1], [2], 'int32'), 0));
    expectParity('depth 1', () => tl.oneHot(tl.tensor([0, 1, -1], [3], 'int32'), 1));
    expectParity('int64 extremes', () => tl.oneHot(tl.tensor([2n ** 62n, -(2n ** 63n), 2n ** 63n - 1n, 1n], [4], 'int64'), 3));
    expectParity('empty', () => tl.oneHot(tl.tensor([], [0, 2], 'int32'), 3));
    expectParity('scalar', () => tl.oneHot(tl.scalar(2, 'int32'), 3));
  });

  it('a large one-hot (the thread pool)', () => {
    const idx = randInts(6000, 3, -1, 100);
    expectParity('[6000] x 100', () => tl.oneHot(tl.tensor(idx, [6000], 'int32'), 100));
    expectParity('[60,100] x 50 axis 0', () => tl.oneHot(tl.tensor(idx.slice(0, 6000), [60, 100], 'int32'), 50, 1, 0, 'float32', 0));
  });
});
