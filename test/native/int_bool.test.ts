/**
 * The native int32 / bool kernels (compare.cc, select.cc, cast.cc) against the js backend, element for
 * element: comparisons and logical ops with broadcasting, NaN and infinities; Select over float32, int32 and
 * bool values; Cast between float32, int32 and bool (truncation, INT32_MIN for NaN / out of range). And they
 * run on native: no fallback for these dtypes.
 */
import { describe, expect, it } from 'vitest';
import { runKernel } from './addon_call.js';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { nativeBinding } from '../../src/backends/native/register.js';

const hasNative = tl.backends().includes('native');

/** f's results on native and on js, from the same values. */
function both(f: () => Tensor): [number[], number[], string] {
  const n = tl.device('/native:0', () => tl.tidy(f));
  const j = tl.device('/js:0', () => tl.tidy(f));
  const r: [number[], number[], string] = [Array.from(n.dataSync() as ArrayLike<number>), Array.from(j.dataSync() as ArrayLike<number>), n.dtype];
  expect(n.dtype).toBe(j.dtype);
  expect(n.shape).toEqual(j.shape);
  tl.dispose([n, j]);
  return r;
}

const F = [0, -1.5, 2.5, NaN, Infinity, -Infinity, 3e9, -3e9, 0.9999, -0.9999, 7, -0];

describe.skipIf(!hasNative)('native int32 / bool kernels', () => {
  it('comparisons and logical ops: float32 (NaN, inf), int32, bool, broadcasting', () => {
    const calls = nativeBinding()!.info().calls;
    for (const op of ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'] as const) {
      const [n, j] = both(() => tl[op](tl.tensor(F, [3, 4]), tl.tensor([2.5, NaN, 0, 7], [4])));
      expect(n, op).toEqual(j);
      const [ni, ji] = both(() => tl[op](tl.tensor([[1], [5], [-3]], [3, 1], 'int32'), tl.tensor([1, 5, -3, 0], [1, 4], 'int32')));
      expect(ni, `${op} int32`).toEqual(ji);
      if (op === 'equal' || op === 'notEqual') {
        const [nb, jb] = both(() => tl[op](tl.tensor([true, false, true], [3], 'bool'), tl.tensor([false], [1], 'bool')));
        expect(nb, `${op} bool`).toEqual(jb);
      }
    }
    for (const op of ['logicalAnd', 'logicalOr'] as const) {
      const [n, j] = both(() => tl[op](tl.tensor([[true], [false]], [2, 1], 'bool'), tl.tensor([true, false, true], [3], 'bool')));
      expect(n, op).toEqual(j);
    }
    const [n, j] = both(() => tl.logicalNot(tl.tensor([true, false, false], [3], 'bool')));
    expect(n).toEqual(j);
    expect(nativeBinding()!.info().calls, 'the kernels ran on the addon').toBeGreaterThan(calls + 15);
  });

  it('Select over float32, int32 and bool values, all three broadcasting', () => {
    const cond = () => tl.tensor([[true], [false], [true]], [3, 1], 'bool');
    const [n1, j1] = both(() => tl.where(cond(), tl.tensor(F, [3, 4]), tl.scalar(-7)));
    expect(n1).toEqual(j1);
    const [n2, j2] = both(() => tl.where(tl.tensor([true, false], [2], 'bool'), tl.tensor([[1, 2], [3, 4]], [2, 2], 'int32'), tl.tensor([9, 8], [2], 'int32')));
    expect(n2).toEqual(j2);
    const [n3, j3] = both(() => tl.where(cond(), tl.tensor([true, false], [2], 'bool'), tl.tensor([false], [1], 'bool')));
    expect(n3).toEqual(j3);
  });

  it('Cast between float32, int32 and bool (and the js path for the others)', () => {
    for (const to of ['int32', 'bool', 'float32', 'float64'] as const) {
      const [n, j] = both(() => tl.cast(tl.tensor(F, [12]), to));
      expect(n, `float32 -> ${to}`).toEqual(j);
    }
    for (const to of ['float32', 'bool', 'int64'] as const) {
      const [n, j] = both(() => tl.cast(tl.tensor([0, -1, 2147483647, -2147483648, 16777217], [5], 'int32'), to));
      expect(n, `int32 -> ${to}`).toEqual(j);
    }
    for (const to of ['float32', 'int32'] as const) {
      const [n, j] = both(() => tl.cast(tl.tensor([true, false], [2], 'bool'), to));
      expect(n, `bool -> ${to}`).toEqual(j);
    }
    expect(both(() => tl.cast(tl.tensor([NaN, 3e9, -2.7], [3]), 'int32'))[0]).toEqual([-2147483648, -2147483648, -2]);
  });

  it('a ReLU training step keeps its bool masks on native (no fallback)', () => {
    tl.device('/native:0', () => {
      const w = tl.variable(tl.randomNormal([4, 3], 0, 1, 'float32', 1));
      const x = tl.randomNormal([5, 4], 0, 1, 'float32', 2);
      new tl.train.GradientDescentOptimizer(0.1).minimize(() => tl.sum(tl.relu(tl.matMul(x, w))));
      tl.dispose([w, x]);
    });
    const fb = tl.info().fallbacks.filter((f) => f.includes('native->') && /^(Greater|Less|Equal|Select|Cast|Logical)/.test(f));
    expect(fb).toEqual([]);
  });

  it('the binding checks element types and lengths', () => {
    const nb = nativeBinding()!;
    const id = (name: string) => nb.kernels().find((k) => k.name === name)!.id;
    const f = (n: number) => new Float32Array(n), i = (n: number) => new Int32Array(n), u = (n: number) => new Uint8Array(n);
    expect(() => runKernel(nb, id('Equal'), [f(2), i(2)], [[2], [2]], [u(2)], [[2]], {})).toThrow(/same dtype/);
    expect(() => runKernel(nb, id('Equal'), [f(2), f(2)], [[2], [2]], [u(3)], [[2]], {})).toThrow(RangeError);
    expect(() => runKernel(nb, id('Equal'), [f(2), f(2)], [[2], [2]], [f(2)], [[2]], {})).toThrow(/must be bool/);
    expect(() => runKernel(nb, id('LogicalAnd'), [f(2), f(2)], [[2], [2]], [u(2)], [[2]], {})).toThrow(/input 0 must hold bool/);
    expect(() => runKernel(nb, id('Select'), [u(2), f(2), f(2)], [[2], [2], [2]], [i(2)], [[2]], {})).toThrow(/one dtype/);
    expect(() => runKernel(nb, id('Select'), [f(2), f(2), f(2)], [[2], [2], [2]], [f(2)], [[2]], {})).toThrow(/input 0 must hold bool/);
    expect(() => runKernel(nb, id('Cast'), [f(2)], [[2]], [i(3)], [[2]], {})).toThrow(/elements/);
    expect(() => runKernel(nb, id('Cast'), [f(2)], [[2]], [i(3)], [[3]], {})).toThrow(/output 0 has 3 elements, expected 2/);
  });
});
