/**
 * The native backend recycles the float32 arrays of freed kernel outputs, small ones included (a fresh small
 * typed array costs more than the small kernel it feeds). Checked: a freed output's array is reused by the
 * next output of that length, the reused array gets the new kernel's values, values read before the dispose
 * are a copy the reuse cannot touch, arrays made from JS values are never recycled, and the pool keeps at
 * most POOL_MAX_PER_LENGTH arrays of one length.
 */
import { describe, it, expect } from 'vitest';
import * as tl from '../../src/index.js';
import { onBackend } from '../util/index.js';
import { ENGINE } from '../../src/core/engine.js';
import { NativeBackend } from '../../src/backends/native/backend_native.js';

const hasNative = tl.backends().includes('native');

describe.skipIf(!hasNative)('native output pool', () => {
  const nb = () => ENGINE.getBackendInstance('native') as NativeBackend;
  const dataOf = (t: tl.Tensor) => nb().readSync(t.dataId) as Float32Array;
  const pooled = () => nb().describe().pooledBytes as number;
  const onNative = (fn: () => void) => onBackend('native', fn);

  it('a freed small output is reused by the next output of its length, with the new values', () =>
    onNative(() => {
      const xs = [1, -2, 3.5, 4, 0.25, -6, 7, 8, -9, 10, 11, 12, 13, -14, 15];
      const ys = [2, 3, -1, 0.5, 4, 2, -3, 1, 1, 2, -2, 0.5, 3, 1, -1];
      const x = tl.tensor(xs, [3, 5]), y = tl.tensor(ys, [3, 5]);
      const sum = tl.add(x, y);
      const arr = dataOf(sum);
      const before = sum.dataSync() as Float32Array;
      sum.dispose();
      const prod = tl.mul(x, y);
      expect(dataOf(prod)).toBe(arr); // the same array, recycled
      expect(Array.from(prod.dataSync() as Float32Array)).toEqual(xs.map((v, i) => v * ys[i]!));
      // dataSync gave a copy: the reuse did not change it.
      expect(Array.from(before)).toEqual(xs.map((v, i) => v + ys[i]!));
      tl.dispose([x, y, prod]);
    }));

  it('arrays made from JS values are not recycled', () =>
    onNative(() => {
      const src = new Float32Array([1, 2, 3, 4, 5, 6, 7]);
      const t = tl.tensor(src, [7]);
      const stored = dataOf(t);
      t.dispose();
      const r = tl.neg(tl.tensor([9, 8, 7, 6, 5, 4, 3]));
      expect(dataOf(r)).not.toBe(stored);
      expect(Array.from(src)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(Array.from(r.dataSync() as Float32Array)).toEqual([-9, -8, -7, -6, -5, -4, -3]);
      r.dispose();
    }));

  it('keeps at most POOL_MAX_PER_LENGTH free arrays of one length', () =>
    onNative(() => {
      const n = 7919; // a length no other test uses, so the pool starts with none of it
      const x = tl.randomUniform([n], -1, 1, 'float32', 3);
      const outs = Array.from({ length: NativeBackend.POOL_MAX_PER_LENGTH + 8 }, () => tl.relu(x));
      const start = pooled();
      tl.dispose(outs);
      expect(pooled() - start).toBe(NativeBackend.POOL_MAX_PER_LENGTH * n * 4);
      x.dispose();
    }));
});
