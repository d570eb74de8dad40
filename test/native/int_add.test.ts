/**
 * The native Add / Sub / Mul kernels (binary.cc) on int32 and int64, against the js kernels: results wrap as
 * the js kernels' do (Int32Array stores, Math.imul, BigInt.asIntN(64, ...)), with broadcasting, scalars (a
 * training loop's int64 global step), empty tensors and a large input (the thread pool). float32 stays on its
 * vector path, and float64 still runs on js.
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { expectParity, randInts } from './parity.js';

const hasNative = tl.backends().includes('native');
const OPS = ['add', 'sub', 'mul'] as const;
const I32 = [0, 1, -1, 2147483647, -2147483648, 65536, 46341, -123456789, 7, 1 << 30];
const I64 = [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 32n, 3037000500n, -(10n ** 18n), 7n, 2n ** 62n];

describe.skipIf(!hasNative)('native integer Add / Sub / Mul', () => {
  it('hand-computed: an int64 step counter, int32 wrap-around', () => {
    const s = tl.device('/native:0', () => tl.add(tl.scalar(41n, 'int64'), tl.scalar(1n, 'int64')));
    expect(s.dataId.backend.name).toBe('native');
    expect(s.dataSync()).toEqual(BigInt64Array.from([42n]));
    const w = tl.device('/native:0', () => tl.add(tl.tensor([2147483647], [1], 'int32'), tl.tensor([1], [1], 'int32')));
    expect(Array.from(w.dataSync())).toEqual([-2147483648]);
    tl.dispose([s, w]);
  });

  it('matches js with overflow, for every pair of extremes, broadcasting both ways', () => {
    for (const op of OPS) {
      expectParity(`${op} int32 [10,1] x [10]`, () => tl[op](tl.tensor(I32, [10, 1], 'int32'), tl.tensor(I32, [10], 'int32')));
      expectParity(`${op} int64 [10,1] x [10]`, () => tl[op](tl.tensor(BigInt64Array.from(I64), [10, 1], 'int64'), tl.tensor(BigInt64Array.from(I64), [10], 'int64')));
      expectParity(`${op} int32 scalar x [2,5]`, () => tl[op](tl.scalar(-7, 'int32'), tl.tensor(I32, [2, 5], 'int32')));
      expectParity(`${op} int64 [2,1,5] x [3,1]`, () => tl[op](tl.tensor(BigInt64Array.from(I64), [2, 1, 5], 'int64'), tl.tensor([5n, -3n, 2n ** 40n], [3, 1], 'int64')));
      expectParity(`${op} int32 empty`, () => tl[op](tl.zeros([0, 3], 'int32'), tl.tensor([1, 2, 3], [3], 'int32')));
    }
  });

  it('a large int32 input (the thread pool); float32 on native, float64 on js', () => {
    const a = randInts(300 * 400, 1, -2147483648, 2147483647), b = randInts(400, 2, -2147483648, 2147483647);
    for (const op of OPS) expectParity(`${op} int32 [300,400] x [400]`, () => tl[op](tl.tensor(a, [300, 400], 'int32'), tl.tensor(b, [400], 'int32')));
    expectParity('float32', () => tl.add(tl.tensor([1.5, -2], [2]), tl.tensor([0.25], [1])));
    expectParity('float64 (no native kernel)', () => tl.add(tl.tensor([1.5, -2], [2], 'float64'), tl.tensor([0.25], [1], 'float64')), 'js');
  });
});
