/**
 * The native ClipByValue kernel (clip_by_value.cc) against the js kernel, bit for bit (signed zeros included):
 * float32, float64, int32 and int64; scalar bounds (the flat loop) and broadcast bounds (the row walk); NaN in x
 * (stays NaN) and in a bound (gives NaN), infinities, lo > hi (gives hi), -0 / +0 bounds; an empty x; and a large
 * x that takes the thread pool.
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { randValues } from '../util/index.js';
import { expectParity, randInts, typed } from './parity.js';

const hasNative = tl.backends().includes('native');
const X = [-3, -1.5, -0, 0, 0.25, 1, 2.5, 7, NaN, Infinity, -Infinity, 1e30];

describe.skipIf(!hasNative)('native ClipByValue', () => {
  it('hand-computed: NaN passes through, lo > hi gives hi', () => {
    const y = tl.device('/native:0', () => tl.clipByValue(tl.tensor([-1, 0.5, 2, NaN]), 0, 1));
    expect(y.dataId.backend.name).toBe('native');
    expect(Array.from(y.dataSync())).toEqual([0, 0.5, 1, NaN]);
    const z = tl.device('/native:0', () => tl.clipByValue(tl.tensor([-1, 5]), tl.scalar(3), tl.scalar(2)));
    expect(Array.from(z.dataSync())).toEqual([2, 2]);
    tl.dispose([y, z]);
  });

  it('matches js for float32 / float64: specials, NaN bounds, lo > hi, signed-zero bounds', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const bounds: [number, number][] = [[0, 1], [-2, 2], [-0, 0], [0, -0], [-0, -0], [NaN, 1], [0, NaN], [3, -3], [-Infinity, Infinity], [1, 1]];
      for (const [lo, hi] of bounds) {
        expectParity(`${dtype} [${lo}, ${hi}]`, () => tl.clipByValue(tl.tensor(X, [3, 4], dtype), tl.scalar(lo, dtype), tl.scalar(hi, dtype)));
      }
    }
  });

  it('broadcast bounds: per column, per row, full shape', () => {
    for (const dtype of ['float32', 'float64', 'int32', 'int64'] as const) {
      const ints = dtype.startsWith('int');
      const x = ints ? randInts(24, 1, -10, 10) : X.concat(X);
      const lo = ints ? randInts(4, 2, -5, 0) : [-1, NaN, -0, 2];
      const hi = ints ? randInts(6, 3, -2, 6) : [1, 0, 3, -0, NaN, 5];
      expectParity(`${dtype} lo [4]`, () => tl.clipByValue(typed(x, [6, 4], dtype), typed(lo, [4], dtype), typed([3], [], dtype)));
      expectParity(`${dtype} hi [6,1]`, () => tl.clipByValue(typed(x, [6, 4], dtype), typed([-2], [1], dtype), typed(hi, [6, 1], dtype)));
      expectParity(`${dtype} both full`, () => tl.clipByValue(typed(x, [2, 3, 4], dtype), typed(x.map((v) => v - 1), [2, 3, 4], dtype), typed(x.map((v) => v * 0.5), [2, 3, 4], dtype)));
      expectParity(`${dtype} [1,3,1] bounds`, () => tl.clipByValue(typed(x, [2, 3, 4], dtype), typed(lo.slice(0, 3), [1, 3, 1], dtype), typed(hi.slice(0, 3), [1, 3, 1], dtype)));
    }
  });

  it('int32 and int64 extremes; empty and scalar x', () => {
    expectParity('int32', () => tl.clipByValue(tl.tensor([-2147483648, -5, 0, 5, 2147483647], [5], 'int32'), tl.scalar(-7, 'int32'), tl.scalar(6, 'int32')));
    expectParity('int64', () => tl.clipByValue(tl.tensor([-(2n ** 63n), -5n, 2n ** 62n, 2n ** 63n - 1n], [4], 'int64'), tl.scalar(-(2n ** 62n), 'int64'), tl.scalar(2n ** 60n, 'int64')));
    expectParity('empty', () => tl.clipByValue(tl.zeros([0, 3]), 0, 1));
    expectParity('scalar', () => tl.clipByValue(tl.scalar(-0), -0, 0));
  });

  it('a large x (the thread pool), scalar and broadcast bounds', () => {
    const v = Float32Array.from(randValues(400_000, 7, -3, 3));
    v[123] = NaN;
    v[300_001] = -0;
    expectParity('scalar bounds', () => tl.clipByValue(tl.tensor(v, [400, 1000]), -1, 1));
    expectParity('column bounds', () => tl.clipByValue(tl.tensor(v, [400, 1000]), tl.tensor(Float32Array.from(randValues(1000, 8, -2, 0)), [1000]), tl.scalar(0.5)));
  });
});
