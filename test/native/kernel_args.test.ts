/**
 * The addon called directly (no op in front) with the kernels added for float64 / int64 and index data: what
 * kernels() lists for them, float64 and int64 arrays accepted where a kernel declares them and refused elsewhere
 * with a message naming the arrays it takes, the relations each entry checks again (attrs, shapes, dtypes, list
 * lengths) as JS errors, and the run / runAsync paths copying 8-byte elements whole. Data-dependent errors (an
 * index out of range) carry the js kernel's own message, with no kernel name or shapes added.
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { nativeBinding } from '../../src/backends/native/register.js';
import { runKernel, runKernelAsync } from './addon_call.js';

const hasNative = tl.backends().includes('native');

describe.skipIf(!hasNative)('native kernels with float64, int64 and index arguments', () => {
  const b = nativeBinding()!;
  const info = (name: string) => b.kernels().find((k) => k.name === name)!;
  const id = (name: string) => info(name).id;
  type Arr = Parameters<typeof runKernel>[2][number];
  const run = (name: string, ins: Arr[], inShapes: number[][], outs: Arr[], outShapes: number[][], attrs: object = {}) => () =>
    runKernel(b, id(name), ins, inShapes, outs, outShapes, attrs);

  it('kernels() lists the new dtypes and the list length', () => {
    expect(info('GatherV2').dtypes).toEqual([['float32', 'int32', 'bool', 'float64', 'int64'], ['int32', 'int64']]);
    expect(info('ArgMax').dtypes).toEqual([['float32', 'int32', 'float64', 'int64']]);
    expect(info('OneHot').dtypes).toEqual([['int32', 'int64']]);
    expect(info('InTopK').dtypes).toEqual([['float32', 'float64'], ['int32', 'int64']]);
    expect(info('Add').dtypes).toEqual([['float32', 'int32', 'int64']]);
    expect(info('RealDiv').dtypes).toEqual([['float32']]);
    expect(info('Concat').inputs).toEqual([1, 4096]);
  });

  it('float64 / int64 arrays: accepted where declared, refused elsewhere naming the arrays taken', () => {
    const y = new Float64Array(4);
    run('GatherV2', [Float64Array.from([1.5, 2.5, 3.5]), BigInt64Array.from([2n, 0n, 2n, 1n])], [[3], [4]], [y], [[4]], { axis: 0, batchDims: 0 })();
    expect(Array.from(y)).toEqual([3.5, 1.5, 3.5, 2.5]);
    expect(run('Exp', [new Float64Array(2)], [[2]], [new Float64Array(2)], [[2]])).toThrow(/Exp: input 0 must hold float32 \(a Float32Array\)/);
    expect(run('Select', [new Uint8Array(2), new BigInt64Array(2), new BigInt64Array(2)], [[2], [2], [2]], [new BigInt64Array(2)], [[2]]))
      .toThrow(/Select: input 1 must hold float32 or int32 or bool \(a Float32Array, Int32Array, Uint8Array\)/);
    expect(run('Cast', [new Float32Array(2)], [[2]], [new Float64Array(2)], [[2]])).toThrow(/Cast: output 0 must hold/);
  });

  it('GatherV2 checks attrs, shapes and dtypes; an index out of range is the js message alone', () => {
    const p = new Float32Array(6), i = Int32Array.from([1]);
    const ok = { axis: 0, batchDims: 0 };
    expect(run('GatherV2', [p, i], [[3, 2], [1]], [new Float32Array(2)], [[1, 2]], ok)).not.toThrow();
    expect(run('GatherV2', [p, i], [[3, 2], [1]], [new Float32Array(2)], [[1, 2]], { axis: 2, batchDims: 0 })).toThrow(/GatherV2: attr 'axis' is 2, not an integer in \[0, 1\]/);
    expect(run('GatherV2', [p, i], [[3, 2], [1]], [new Float32Array(2)], [[1, 2]], { axis: 0.5, batchDims: 0 })).toThrow(/attr 'axis' is 0\.5,/);
    expect(run('GatherV2', [p, i], [[3, 2], [1]], [new Float32Array(2)], [[1, 2]], { axis: 0, batchDims: 1 })).toThrow(/attr 'batchDims'/);
    expect(run('GatherV2', [p, i], [[3, 2], [1]], [new Float32Array(2)], [[2, 1]], ok)).toThrow(/output shape/);
    expect(run('GatherV2', [p, i], [[3, 2], [1]], [new Int32Array(2)], [[1, 2]], ok)).toThrow(/element type/);
    expect(run('GatherV2', [p, i], [[3, 2], [1]], [new Float32Array(2)], [[1, 2]], { axis: 0 })).toThrow(/attr 'batchDims' is missing/);
    expect(run('GatherV2', [p, Int32Array.from([3])], [[3, 2], [1]], [new Float32Array(2)], [[1, 2]], ok))
      .toThrow(/^gather: indices\[0\] = 3 is not in \[0, 3\) \(axis 0 of 'params' \[3,2\]\)$/);
  });

  it('Concat, ArgMax, ClipByValue, OneHot, InTopK, Add check their arguments', () => {
    const f = (n: number) => new Float32Array(n);
    expect(run('Concat', [f(2), new Int32Array(2)], [[2], [2]], [f(4)], [[4]], { axis: 0 })).toThrow(/input 1 and the output differ in dtype/);
    expect(run('Concat', [f(2), f(2)], [[2], [2]], [f(5)], [[5]], { axis: 0 })).toThrow(/do not add up/);
    expect(run('Concat', [f(2), f(2)], [[1, 2], [2, 1]], [f(4)], [[2, 2]], { axis: 0 })).toThrow(/outside the axis/);
    expect(run('Concat', new Array(4097).fill(f(1)), new Array(4097).fill([1]), [f(4097)], [[4097]], { axis: 0 })).toThrow(/Concat: takes 1\.\.4096 inputs/);
    expect(run('ArgMax', [f(6)], [[2, 3]], [f(2)], [[2]], { axis: 1 })).toThrow(/output 0 must be int32/);
    expect(run('ArgMax', [f(6)], [[2, 3]], [new Int32Array(3)], [[3]], { axis: 1 })).toThrow(/output shape/);
    expect(run('ArgMax', [f(0)], [[2, 0]], [new Int32Array(2)], [[2]], { axis: 1 })).toThrow(/axis is empty/);
    expect(run('ClipByValue', [f(2), new Float64Array(1), f(1)], [[2], [1], [1]], [f(2)], [[2]])).toThrow(/one dtype/);
    expect(run('ClipByValue', [f(2), f(3), f(1)], [[2], [3], [1]], [f(2)], [[2]])).toThrow(/broadcast/);
    const oh = { depth: 2, onValue: 1, offValue: 0, axis: 1 };
    expect(run('OneHot', [Int32Array.from([1, 5])], [[2]], [new Float32Array(4)], [[2, 2]], { ...oh, depth: -1 })).toThrow(/attr 'depth'/);
    expect(run('OneHot', [Int32Array.from([1, 5])], [[2]], [new Float32Array(4)], [[2, 2]], { ...oh, axis: 2 })).toThrow(/attr 'axis'/);
    expect(run('OneHot', [Int32Array.from([1, 5])], [[2]], [new Float32Array(4)], [[4]], oh)).toThrow(/output shape/);
    expect(run('OneHot', [Int32Array.from([1, 5])], [[2]], [new BigInt64Array(4)], [[2, 2]], { ...oh, onValue: 0.5 })).toThrow(/non-integer/);
    const wide = new BigInt64Array(4);
    run('OneHot', [BigInt64Array.from([1n, 5n])], [[2]], [wide], [[2, 2]], { ...oh, onValue: 2 ** 63, offValue: -3 })();
    expect(Array.from(wide)).toEqual([-3n, -(2n ** 63n), -3n, -3n]);  // BigInt(2^63) stored in a BigInt64Array wraps
    expect(run('InTopK', [f(4), Int32Array.from([0, 1])], [[2, 2], [2]], [f(2)], [[2]], { k: 1 })).toThrow(/bool/);
    expect(run('InTopK', [f(4), Int32Array.from([0, 1])], [[4], [2]], [new Uint8Array(2)], [[2]], { k: 1 })).toThrow(/rank 2/);
    expect(run('Add', [new Int32Array(2), new Int32Array(2)], [[2], [2]], [f(2)], [[2]])).toThrow(/one dtype/);
    expect(run('Add', [new Int32Array(2), f(2)], [[2], [2]], [new Int32Array(2)], [[2]])).toThrow(/one dtype/);
  });

  it('runAsync copies 8-byte elements whole and rejects with the js message', async () => {
    const y = new BigInt64Array(3);
    await runKernelAsync(b, id('GatherV2'), [BigInt64Array.from([2n ** 62n + 1n, -5n]), Int32Array.from([1, 0, 1])], [[2], [3]], [y], [[3]], { axis: 0, batchDims: 0 });
    expect(Array.from(y)).toEqual([-5n, 2n ** 62n + 1n, -5n]);
    await expect(runKernelAsync(b, id('GatherV2'), [new Float64Array(2), BigInt64Array.from([-1n])], [[2], [1]], [new Float64Array(1)], [[1]], { axis: 0, batchDims: 0 }))
      .rejects.toThrow(/^gather: indices\[0\] = -1 is not in \[0, 2\)/);
  });
});
