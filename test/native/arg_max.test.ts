/**
 * The native ArgMax / ArgMin kernels (arg_max.cc) against the js kernel: float32, float64, int32 and int64 on
 * every axis of ranks 1-4, with ties (the first index wins), NaN (the first NaN wins, wherever it is), infinities
 * and signed zeros; zero-size outer / inner dims; and large inputs that split over rows or over column blocks
 * (the thread pool).
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { randValues } from '../util/index.js';
import { expectParity, randInts, size, typed } from './parity.js';

const hasNative = tl.backends().includes('native');
const OPS = ['argMax', 'argMin'] as const;

describe.skipIf(!hasNative)('native ArgMax / ArgMin', () => {
  it('hand-computed: first of ties, first NaN', () => {
    const x = () => tl.tensor([[1, 5, 5], [2, NaN, NaN], [-0, 0, -1]]);
    const mx = tl.device('/native:0', () => tl.argMax(x(), 1));
    const mn = tl.device('/native:0', () => tl.argMin(x(), 1));
    expect(mx.dataId.backend.name).toBe('native');
    expect(Array.from(mx.dataSync())).toEqual([1, 1, 0]);
    expect(Array.from(mn.dataSync())).toEqual([0, 1, 2]);
    tl.dispose([mx, mn]);
  });

  it('matches js for every dtype and axis, with ties, NaN, infinities and signed zeros', () => {
    const special = [NaN, Infinity, -Infinity, 0, -0];
    let checked = 0;
    for (const dtype of ['float32', 'float64', 'int32', 'int64'] as const) {
      for (const shape of [[1], [6], [3, 4], [2, 3, 4], [2, 3, 2, 3]]) {
        const n = size(shape);
        // Small integer values: many ties. Floats also get specials sprinkled in, a NaN-first row included.
        let vals = randInts(n, checked + 1, -3, 3);
        if (dtype.startsWith('float')) vals = vals.map((v, i) => (i % 5 === 2 ? special[(i / 5 + checked) % 5 | 0]! : v));
        if (dtype.startsWith('float') && n > 1) vals[0] = NaN;
        for (let axis = 0; axis < shape.length; axis++) {
          for (const op of OPS) {
            expectParity(`${op} ${dtype} ${JSON.stringify(shape)} axis ${axis}`, () => tl[op](typed(vals, shape, dtype), axis));
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(4 * 11 * 2);  // dtypes x (axes of the five shapes) x ops
  });

  it('all-NaN and NaN-last rows, zero-size other dims', () => {
    for (const op of OPS) {
      expectParity(`${op} NaN rows`, () => tl[op](tl.tensor([[NaN, NaN, NaN], [1, 2, NaN], [3, NaN, 1]]), 1));
      expectParity(`${op} NaN columns`, () => tl[op](tl.tensor([[NaN, 1, 3], [NaN, 2, NaN], [NaN, NaN, 1]], [3, 3], 'float64'), 0));
      expectParity(`${op} [0,3] axis 1`, () => tl[op](tl.zeros([0, 3]), 1));
      expectParity(`${op} [3,0,2] axis 0`, () => tl[op](tl.zeros([3, 0, 2]), 0));
    }
  });

  it('large inputs: split over rows (inner 1) and over column blocks (few rows)', () => {
    const v = Float32Array.from(randValues(300 * 1000, 9, -1e3, 1e3));
    for (const op of OPS) {
      expectParity(`${op} [300,1000] axis 1`, () => tl[op](tl.tensor(v, [300, 1000]), 1));
      expectParity(`${op} [300,1000] axis 0`, () => tl[op](tl.tensor(v, [300, 1000]), 0));
      expectParity(`${op} [1,300000] axis 1`, () => tl[op](tl.tensor(v, [1, 300000]), 1));
      expectParity(`${op} [100000,3] axis 0`, () => tl[op](tl.tensor(Float64Array.from(v.subarray(0, 300000)), [100000, 3]), 0));
      expectParity(`${op} int32 [3,100000,1] axis 1`, () => tl[op](tl.tensor(randInts(300000, 2, -50, 50), [3, 100000, 1], 'int32'), 1));
    }
  });
});
