/**
 * The native GatherV2 kernel (gather_v2.cc) against the js kernel: every params dtype with int32 and int64
 * indices, every axis of ranks 1-4, batchDims, scalar / empty / multi-dim indices, zero-size dims, rows of one
 * element (the typed-store path) and of many (the memcpy path), a large gather that takes the thread pool, and
 * out-of-range indices, which must give the js kernel's ArgumentError and message.
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { randValues } from '../util/index.js';
import { expectParity, randInts, size, typed } from './parity.js';

const hasNative = tl.backends().includes('native');
const DTYPES = ['float32', 'float64', 'int32', 'int64', 'bool'] as const;

describe.skipIf(!hasNative)('native GatherV2', () => {
  it('hand-computed rows and columns', () => {
    const p = () => tl.tensor([[1, 2], [3, 4], [5, 6]]);
    const rows = tl.device('/native:0', () => tl.gather(p(), tl.tensor([2, 0, 2], [3], 'int32')));
    expect(rows.dataId.backend.name).toBe('native');
    expect(Array.from(rows.dataSync())).toEqual([5, 6, 1, 2, 5, 6]);
    const cols = tl.device('/native:0', () => tl.gather(p(), tl.tensor([1n], [1], 'int64'), 1));
    expect(Array.from(cols.dataSync())).toEqual([2, 4, 6]);
    tl.dispose([rows, cols]);
  });

  it('matches js for every dtype, axis and index shape', () => {
    let checked = 0;
    for (const dtype of DTYPES) {
      for (const shape of [[7], [5, 6], [3, 4, 5], [2, 3, 4, 3]]) {
        const vals = Array.from(randValues(size(shape), checked + 1, -50, 50), (v) => (dtype === 'float32' || dtype === 'float64' ? v : Math.round(v)));
        for (let axis = 0; axis < shape.length; axis++) {
          for (const [ishape, idtype] of [[[], 'int32'], [[4], 'int64'], [[2, 3], 'int32'], [[0], 'int32']] as const) {
            const n = shape[axis]!;
            const idx = randInts(size([...ishape]), checked + 7, 0, n - 1);
            expectParity(`${dtype} ${JSON.stringify(shape)} axis ${axis} indices ${JSON.stringify(ishape)} ${idtype}`,
              () => tl.gather(typed(vals, shape, dtype), typed(idx, [...ishape], idtype), axis));
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('batchDims: the leading dims of params and indices are matched, not indexed', () => {
    const shape = [3, 4, 5];
    const vals = Array.from(randValues(60, 5, -1, 1));
    for (const [axis, batchDims, ishape] of [[1, 1, [3, 2]], [2, 1, [3, 6]], [2, 2, [3, 4, 2]], [2, 2, [3, 4]]] as const) {
      const idx = randInts(size([...ishape]), axis * 10 + batchDims, 0, shape[axis]! - 1);
      expectParity(`axis ${axis} batchDims ${batchDims} indices ${JSON.stringify(ishape)}`,
        () => tl.gather(tl.tensor(vals, shape), tl.tensor(idx, [...ishape], 'int32'), axis, batchDims));
    }
  });

  it('zero-size params dims and empty indices', () => {
    expectParity('params [0,3], no indices', () => tl.gather(tl.zeros([0, 3]), tl.tensor([], [0], 'int32')));
    expectParity('params [4,0], indices [2]', () => tl.gather(tl.zeros([4, 0]), tl.tensor([3, 1], [2], 'int32')));
    expectParity('params [2,0,3] axis 2', () => tl.gather(tl.zeros([2, 0, 3]), tl.tensor([2], [1], 'int32'), 2));
    // An empty output runs no kernel on any backend (the engine skips zero-size work), so no index is checked.
    expectParity('empty output, index 5 of 2', () => tl.gather(tl.zeros([2, 0]), tl.tensor([5], [1], 'int32')));
  });

  it('out-of-range indices: the js kernel ArgumentError and message, before anything is written', () => {
    const p = () => tl.tensor(Array.from({ length: 12 }, (_, i) => i), [3, 4]);
    const cases: [string, () => tl.Tensor][] = [
      ['too large', () => tl.gather(p(), tl.tensor([0, 3], [2], 'int32'))],
      ['negative, 2-d indices', () => tl.gather(p(), tl.tensor([[0, 1], [2, -1]], [2, 2], 'int32'), 1)],
      ['int64 beyond 2^53', () => tl.gather(p(), tl.tensor([2n ** 62n + 1n], [1], 'int64'))],
      ['int64 most negative', () => tl.gather(p(), tl.tensor([-(2n ** 63n)], [1], 'int64'))],
      ['scalar index', () => tl.gather(p(), tl.scalar(4, 'int32'), 1)],
      ['batchDims', () => tl.gather(p(), tl.tensor([[0], [4], [1]], [3, 1], 'int32'), 1, 1)],
    ];
    for (const [what, f] of cases) {
      const r = expectParity(what, f);
      expect(r, what).toMatchObject({ error: 'ArgumentError', message: expect.stringMatching(/^gather: indices/) });
    }
    const e = expectParity('message', cases[2]![1]);
    expect(e).toMatchObject({ message: "gather: indices[0] = 4611686018427388000 is not in [0, 3) (axis 0 of 'params' [3,4])" });
  });

  it('a large gather (the thread pool) of 784-float rows and of single elements', () => {
    const rows = 3000, cols = 784;
    const vals = Float32Array.from({ length: rows * cols }, (_, i) => (i % 9973) - 4000.5);
    const idx = randInts(2500, 11, 0, rows - 1);
    expectParity('[3000,784] rows', () => tl.gather(tl.tensor(vals, [rows, cols]), tl.tensor(idx, [2500], 'int32')));
    const labels = randInts(300000, 3, -1000, 1000);
    const pick = randInts(200000, 4, 0, 299999);
    expectParity('int32 scalars', () => tl.gather(tl.tensor(labels, [300000], 'int32'), tl.tensor(pick, [200000], 'int32')));
    expectParity('float64 columns', () => tl.gather(tl.tensor(Float64Array.from(vals.subarray(0, 1000 * 784)), [1000, 784]), tl.tensor(randInts(900, 5, 0, 783), [900], 'int64'), 1));
  });
});
