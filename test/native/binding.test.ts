/**
 * The addon's entry points validate everything they receive and throw JS errors: wrong argument counts and
 * types, lengths that disagree with shapes, overflowing shapes, overlapping outputs. None of these may crash.
 */
import { describe, it, expect } from 'vitest';
import { runKernel } from './addon_call.js';
import * as tl from '../../src/index.js';
import { nativeBinding } from '../../src/backends/native/register.js';
import { nativeCandidates, loadNativeBinding } from '../../src/backends/native/loader.js';

const hasNative = tl.backends().includes('native');

describe.skipIf(!hasNative)('native binding validation', () => {
  const b = nativeBinding()!;
  const f = (n: number) => new Float32Array(n);
  type Any = (...args: unknown[]) => unknown;
  const call = (fn: unknown, ...args: unknown[]) => () => (fn as Any).apply(b, args);
  // run in the readable form (inputs, shapes, outputs, shapes, attrs), meta encoded as the backend does.
  const k = (...args: unknown[]) => () => (runKernel as Any)(b, ...args);
  const meta = (...v: number[]) => Float64Array.from(v);

  it('reports its ISA path and threads', () => {
    const i = b.info();
    expect(['avx512', 'avx2', 'generic']).toContain(i.isa);
    expect(i.availableIsas[0]).toBe(i.isa);
    expect(i.threads).toBeGreaterThanOrEqual(1);
    const d = tl.info().backends.find((x) => x.name === 'native')!;
    expect(d.present).toBe(true);
    expect(d.details?.isa).toBe(i.isa);
  });

  const id = (name: string) => b.kernels().find((k) => k.name === name)!.id;
  const MM = id('MatMul');
  const mm = (a: unknown, as: unknown, x: unknown, xs: unknown, o: unknown, os: unknown, attrs: unknown = { transposeA: false, transposeB: false }) =>
    k(MM, [a, x], [as, xs], [o], [os], attrs);

  it('run: argument count, ids and types', () => {
    expect(call(b.run)).toThrow(TypeError);
    const m22 = meta(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0); // MatMul [2,2] x [2,2] -> [2,2], both transposes false
    expect(call(b.run, MM, m22, f(4), f(4), f(4))).not.toThrow();
    expect(call(b.run, MM, [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0], f(4), f(4), f(4))).toThrow(/'meta' must be a Float64Array/);
    expect(call(b.run, MM, new Float32Array(12), f(4), f(4), f(4))).toThrow(/'meta' must be a Float64Array/);
    expect(call(b.run, 9999, m22, f(4), f(4), f(4))).toThrow(/unknown kernel id/);
    expect(call(b.run, -1, m22)).toThrow(/unknown kernel id/);
    expect(call(b.run, 0.5, m22)).toThrow(/unknown kernel id/);
    expect(call(b.run, 'MatMul', m22)).toThrow(/unknown kernel id/);
    expect(call(b.run, { valueOf: () => MM }, m22, f(4), f(4), f(4))).toThrow(/unknown kernel id/); // no coercion
    expect(call(b.run, MM, m22, ...new Array(4129).fill(f(4)))).toThrow(/more than 4128 tensors/);
    expect(k(MM, [f(4)], [[2, 2]], [f(4)], [[2, 2]], {})).toThrow(/2\.\.2 inputs.*got 1/);
    expect(k(MM, [f(4), f(4)], [[2, 2], [2, 2]], [f(4), f(4)], [[2, 2], [2, 2]], {})).toThrow(/outputs, got 2 and 2/);
    expect(call(b.run, MM, meta(2, 2, 2, 2, 2, 2), f(4), f(4), f(4))).toThrow(/MatMul: meta ends before/);
    expect(call(b.run, MM, meta(4, 2, 2, 2), f(4), f(4), f(4))).toThrow(/input count is not an integer in \[0, 3\]/);
    expect(call(b.run, MM, meta(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0), f(4), f(4), f(4))).toThrow(/transposeA' must be a boolean/);
    expect(call(b.run, MM, meta(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, -1, -1), f(4), f(4), f(4))).not.toThrow(); // optional: absent
    expect(call(b.run, MM, meta(2, 2.5, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0), f(4), f(4), f(4))).toThrow(/input 0 has a rank not in/);
    expect(mm(new Float64Array(4), [2, 2], f(4), [2, 2], f(4), [2, 2])).toThrow(/float32/);
    expect(mm([1, 2, 3, 4], [2, 2], f(4), [2, 2], f(4), [2, 2])).toThrow(TypeError);
    expect(mm(f(4), [2, 'x'], f(4), [2, 2], f(4), [2, 2])).toThrow(/integer/);
    expect(mm(f(4), [2, 2], f(4), [2, 2], f(4), [2, 2], { transposeA: 0 })).toThrow(/MatMul: attr 'transposeA' must be a boolean/);
  });

  it('run: lengths, shapes, overflow, overlap; errors name the kernel and the shapes', () => {
    expect(mm(f(3), [2, 2], f(4), [2, 2], f(4), [2, 2])).toThrow(RangeError);
    expect(mm(f(4), [2, 2], f(4), [2, 2], f(3), [2, 2])).toThrow(/MatMul: output 0 has 3 elements.*inputs \[2,2\] \[2,2\] -> outputs \[2,2\]/);
    expect(mm(f(6), [2, 3], f(4), [2, 2], f(4), [2, 2])).toThrow(/inner dimensions/);
    expect(mm(f(4), [2, 2], f(4), [2, 2], f(6), [3, 2])).toThrow(/output shape/);
    expect(mm(f(4), [4], f(4), [2, 2], f(4), [2, 2])).toThrow(/rank/);
    expect(mm(f(4), [-2, -2], f(4), [2, 2], f(4), [2, 2])).toThrow(/integer/);
    expect(mm(f(4), [2.5, 2], f(4), [2, 2], f(4), [2, 2])).toThrow(/integer/);
    expect(mm(f(4), [NaN, 2], f(4), [2, 2], f(4), [2, 2])).toThrow(/integer/);
    // 2^30 * 2^30 * 2^30 overflows the element count: caught before any length comparison.
    expect(mm(f(4), [2 ** 30, 2 ** 30, 2 ** 30], f(4), [2, 2], f(4), [2, 2])).toThrow(/overflow/);
    expect(mm(f(4), new Array(17).fill(1), f(4), [2, 2], f(4), [2, 2])).toThrow(/rank/);
    const buf = f(8);
    expect(mm(buf.subarray(0, 4), [2, 2], f(4), [2, 2], buf.subarray(2, 6), [2, 2])).toThrow(/overlaps/);
  });

  it('elementwise, reduce and softmax kernels validate too', () => {
    const one = (name: string, x: unknown, xs: unknown, o: unknown, os: unknown, attrs: unknown = {}) => k(id(name), [x], [xs], [o], [os], attrs);
    const two = (name: string, x: unknown, xs: unknown, y: unknown, ys: unknown, o: unknown, os: unknown) => k(id(name), [x, y], [xs, ys], [o], [os], {});
    expect(one('Exp', f(2), [2], f(3), [3])).toThrow(/elements/);
    expect(one('LeakyRelu', f(2), [2], f(2), [2], { alpha: 'a' })).toThrow(/alpha.*number/);
    expect(one('LeakyRelu', f(2), [2], f(2), [2], {})).toThrow(/alpha.*missing/);
    const u = f(8);
    expect(one('Exp', u.subarray(0, 4), [4], u.subarray(2, 6), [4])).toThrow(/overlaps/);
    expect(two('Add', f(6), [2, 3], f(3), [3], f(6), [2, 3])).not.toThrow();
    expect(two('Add', f(6), [2, 3], f(2), [2], f(6), [2, 3])).toThrow(/broadcast/);
    expect(two('Add', f(6), [2, 3], f(3), [3], f(5), [2, 3])).toThrow(/elements/);
    expect(two('Add', f(6), [2, 3], f(3), [1, 1, 3], f(6), [2, 3])).toThrow(/rank/);
    expect(one('Sum', f(6), [2, 3], f(2), [2], { axes: [1], keepDims: false })).not.toThrow();
    expect(one('Sum', f(6), [2, 3], f(2), [2], { axes: [0], keepDims: false })).toThrow(/elements/);
    expect(one('Sum', f(6), [2, 3], f(2), [2], { axes: [1, 0], keepDims: false })).toThrow(/axes/);
    expect(one('Sum', f(6), [2, 3], f(2), [2], { axes: [5], keepDims: false })).toThrow(/axes/);
    expect(one('Sum', f(6), [2, 3], f(2), [2], { axes: 1, keepDims: false })).toThrow(/axes/);
    expect(one('LogSoftmax', f(6), [2, 3], f(6), [2, 3], { axis: 1 })).not.toThrow();
    expect(one('LogSoftmax', f(6), [2, 3], f(6), [2, 3], { axis: 2 })).toThrow(/axis/);
    expect(one('LogSoftmax', f(6), [2, 3], f(6), [2, 3], { axis: true })).toThrow(/axis.*number/);
    expect(call(b.setNumThreads, 0)).toThrow(RangeError);
    expect(call(b.setNumThreads, 'many')).toThrow(RangeError);
    expect(() => tl.setNumThreads(0)).toThrow(/setNumThreads/);
  });

  it('works on subarray views (byte offsets) in place', () => {
    const big = new Float32Array(10).fill(0);
    const x = big.subarray(3, 7);
    x.set([1, -2, 3, -4]);
    runKernel(b, id('Relu'), [x], [[4]], [x], [[4]], {});
    expect(Array.from(big)).toEqual([0, 0, 0, 1, 0, 3, 0, 0, 0, 0]);
  });
});

describe('native loader', () => {
  it('lists prebuilds first, then build/Release, and reports every failure in one message', () => {
    const c = nativeCandidates('/nonexistent-root');
    expect(c[0]!.file).toMatch(/prebuilds/);
    expect(c.some((x) => x.file.includes('Release'))).toBe(true);
    expect(() => loadNativeBinding('/nonexistent-root')).toThrow(/prebuilds.*;.*Release.*;.*Debug/);
  });
});
