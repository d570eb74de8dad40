/**
 * Large float32 arrays on the native backend start on 64-byte boundaries (V8 places big backing stores 16
 * bytes past a page, which makes every matrix row straddle cache lines). Checked through the addon's
 * alignmentOf: kernel outputs (fresh and recycled), zero-filled outputs, tensors made from JS values (moved
 * to an aligned copy without changing a value), and the entry point's own argument checks.
 */
import { describe, it, expect } from 'vitest';
import * as tl from '../../src/index.js';
import { onBackend } from '../util/index.js';
import { ENGINE } from '../../src/core/engine.js';
import type { NativeBackend } from '../../src/backends/native/backend_native.js';
import { nativeBinding } from '../../src/backends/native/register.js';

const hasNative = tl.backends().includes('native');

describe.skipIf(!hasNative)('native buffer alignment', () => {
  const nb = () => ENGINE.getBackendInstance('native') as NativeBackend;
  const addrMod64 = (v: Float32Array) => (nativeBinding()!.alignmentOf(v.buffer as ArrayBuffer) + v.byteOffset) % 64;
  const dataOf = (t: tl.Tensor) => nb().readSync(t.dataId) as Float32Array;
  const onNative = (fn: () => void) => onBackend('native', fn);

  it('alignmentOf reports a V8 backing store offset and validates its argument', () => {
    const b = nativeBinding()!;
    const m = b.alignmentOf(new ArrayBuffer(1 << 20));
    expect(Number.isInteger(m) && m >= 0 && m < 64).toBe(true);
    // Independent of the addon: every allocator hands out at least 8-byte aligned memory.
    expect(m % 8).toBe(0);
    // The backend's aligned allocation is built on it: its arrays start where alignmentOf says 0.
    const v = nb().allocF32(1 << 16);
    expect((b.alignmentOf(v.buffer as ArrayBuffer) + v.byteOffset) % 64).toBe(0);
    type Any = (...args: unknown[]) => unknown;
    expect(() => (b.alignmentOf as Any)()).toThrow(/expected 1 argument/);
    expect(() => (b.alignmentOf as Any)(new Float32Array(4))).toThrow(/ArrayBuffer/);
    expect(() => (b.alignmentOf as Any)(12)).toThrow(/ArrayBuffer/);
  });

  it('kernel outputs, recycled outputs and zero-filled outputs are 64-byte aligned', () =>
    onNative(() => {
      const a = tl.randomUniform([300, 200], -1, 1, 'float32', 1), b = tl.randomUniform([200, 250], -1, 1, 'float32', 2);
      const c1 = tl.matMul(a, b);
      expect(addrMod64(dataOf(c1))).toBe(0);
      c1.dispose();
      const c2 = tl.matMul(a, b); // recycled from the pool
      expect(addrMod64(dataOf(c2))).toBe(0);
      const [info, zeros] = nb().makeOutput([128, 64], 'float32');
      expect(addrMod64(zeros as Float32Array)).toBe(0);
      expect((zeros as Float32Array).every((v) => v === 0)).toBe(true);
      nb().free(info.dataId);
      tl.dispose([a, b, c2]);
    }));

  it('a tensor made from a misaligned array is moved to an aligned copy with the same values', () =>
    onNative(() => {
      const n = 64 * 1024;
      const buf = new ArrayBuffer(n * 4 + 64);
      const base = nativeBinding()!.alignmentOf(buf);
      // A view that starts 16 bytes past a cache line.
      const off = ((64 - base) % 64) + 16;
      const src = new Float32Array(buf, off, n);
      for (let i = 0; i < n; i++) src[i] = Math.sin(i);
      expect(addrMod64(src)).toBe(16);
      const t = tl.tensor(src, [256, 256]);
      const stored = dataOf(t);
      expect(addrMod64(stored)).toBe(0);
      expect(Array.from(stored)).toEqual(Array.from(src));
      // The product computed on aligned copies equals the js backend's.
      const m = tl.matMul(t, t);
      const got = m.dataSync() as Float32Array;
      const want = tl.device('/js:0', () => {
        const tj = tl.tensor(src, [256, 256]);
        const r = tl.matMul(tj, tj).dataSync() as Float32Array;
        tj.dispose();
        return r;
      });
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / (1 + Math.abs(want[i]!)));
      expect(worst).toBeLessThan(1e-4);
      tl.dispose([t, m]);
    }));

  it('small arrays are left where V8 put them (no copy)', () =>
    onNative(() => {
      const v = new Float32Array([1, 2, 3, 4]);
      const t = tl.tensor(v);
      expect(Array.from(dataOf(t))).toEqual([1, 2, 3, 4]);
      t.dispose();
    }));
});
