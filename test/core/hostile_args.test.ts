/**
 * Unit tests for the argument checks added for issue #13 (the hostile suite in test/hostile runs the same
 * findings through child processes on every backend; these pin the exact errors and messages).
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { describeEachBackend, expectClose } from '../util/index.js';

describe('shapes: one check for every shape entry point', () => {
  it('refuses non-arrays with an ArgumentError naming the op, the argument and the value', () => {
    expect(() => tl.fill(null as never, 1)).toThrow(tl.ArgumentError);
    expect(() => tl.fill(null as never, 1)).toThrow(/^fill: 'shape' must be an array of dimension sizes, got null$/);
    expect(() => tl.zeros('abc' as never)).toThrow(/^zeros: 'shape' must be an array of dimension sizes, got "abc"$/);
    expect(() => tl.ones({} as never)).toThrow(/^ones: 'shape' must be an array of dimension sizes, got an object$/);
    expect(() => tl.reshape(tl.zeros([2]), null as never)).toThrow(/^reshape: 'shape' must be an array/);
    expect(() => tl.tensor([1], {} as never)).toThrow(/^tensor: 'shape' must be an array/);
  });

  it('refuses a huge dimension even when another dimension is 0 (kernels would loop over it)', () => {
    expect(() => tl.zeros([2 ** 40, 4, 0, 1])).toThrow(tl.ShapeError);
    expect(() => tl.zeros([2 ** 40, 4, 0, 1])).toThrow(/^zeros: 'shape' \[1099511627776,4,0,1\]: the product of its non-zero dimensions exceeds 2\^31-1/);
    expect(() => tl.fill([1e300, 0], 1)).toThrow(/^fill: 'shape' \[1e\+300,0\] has an invalid dimension 1e\+300/);
    expect(() => tl.reshape(tl.zeros([0]), [1e300, 0])).toThrow(/^reshape: 'shape' \[1e\+300,0\] has an invalid dimension/);
    expect(tl.zeros([46000, 46000, 0]).shape).toEqual([46000, 46000, 0]);
  });

  it('bounds the nesting of a JS array (no stack overflow) and the count of split outputs', () => {
    let v: unknown = [1];
    for (let i = 0; i < 10_000; i++) v = [v];
    expect(() => tl.tensor(v as never)).toThrow(/^tensor: 'values' is nested deeper than the rank limit of 254$/);
    expect(() => tl.split(tl.zeros([0]), 1e9)).toThrow(/^split: 'numOrSizes' 1000000000 asks for more than 65536 outputs$/);
    expect(tl.split(tl.zeros([0]), 3).map((t) => t.shape)).toEqual([[0], [0], [0]]);
  });

  it('an output over 2^31-1 elements is an OutOfMemoryError naming the kernel; a computed bad size a ShapeError', () => {
    expect(() => tl.oneHot(tl.tensor([0, 1], undefined, 'int32'), 2 ** 31)).toThrow(tl.OutOfMemoryError);
    expect(() => tl.oneHot(tl.tensor([0, 1], undefined, 'int32'), 2 ** 31)).toThrow(/^OneHot: the output float32\[2,2147483648\] has 4294967296 elements/);
    expect(() => tl.pad(tl.ones([1, 1]), [[1e9, 0], [1e9, 0]])).toThrow(tl.OutOfMemoryError);
    expect(() => tl.conv2d(tl.ones([1, 2, 2, 1]), tl.ones([1, 1, 1, 1]), 1, [[0, 0], [1e9, 1e9], [1e9, 1e9], [0, 0]])).toThrow(/^conv2d: 'output shape'/);
  });
});

describe('options objects: unknown keys are refused', () => {
  it('lstmCell with a typo (peephole) names the op, the key and the accepted keys', () => {
    const x = tl.ones([1, 2]);
    const s = tl.zeros([1, 3]);
    const call = () => tl.lstmCell(x, s, s, tl.ones([5, 12]), tl.zeros([12]), { peephole: [] } as never);
    expect(call).toThrow(tl.ArgumentError);
    expect(call).toThrow("lstmCell: unknown option 'peephole' in 'options'; accepted: forgetBias, cellClip, wci, wcf, wco, fused");
  });

  it('pool, conv, dropout, fusedBatchNorm and the recurrent ops do the same', () => {
    const x = tl.ones([1, 4, 4, 1]);
    expect(() => tl.maxPool(x, 2, 2, 'valid', { dataformat: 'NHWC' } as never)).toThrow(/^maxPool: unknown option 'dataformat'.*accepted: dataFormat$/);
    expect(() => tl.conv2d(x, tl.ones([2, 2, 1, 1]), 1, 'valid', { dilation: 2 } as never)).toThrow(/^conv2d: unknown option 'dilation'.*accepted: dataFormat, dilations, groups$/);
    expect(() => tl.dropout(tl.ones([2]), 0.5, { sed: 1 } as never)).toThrow(/^dropout: unknown option 'sed'/);
    expect(() => tl.fusedBatchNorm(x, tl.ones([1]), tl.zeros([1]), { epsilom: 1 } as never)).toThrow(/^fusedBatchNorm: unknown option 'epsilom'/);
    expect(() => tl.gruSequence(tl.ones([1, 1, 2]), tl.zeros([1, 3]), tl.ones([5, 6]), tl.zeros([6]), tl.ones([5, 3]), tl.zeros([3]), { fuse: false } as never)).toThrow(/^gruSequence: unknown option 'fuse'/);
    expect(() => tl.stridedSlice(tl.ones([2]), [0], [1], [1], { beginmask: 1 } as never)).toThrow(/^stridedSlice: unknown option 'beginmask'/);
  });
});

describe('tensor(): integer conversion and typed arrays', () => {
  it('refuses values an integer dtype cannot hold instead of wrapping them to -2^31', () => {
    expect(() => tl.tensor([1e10], undefined, 'int32')).toThrow(tl.DTypeError);
    expect(() => tl.tensor([1e10], undefined, 'int32')).toThrow("tensor: 'values' holds 10000000000 at index 0, which a int32 tensor cannot hold");
    expect(() => tl.tensor([1, NaN], undefined, 'int32')).toThrow(/holds NaN at index 1/);
    expect(() => tl.tensor(new Float32Array([1e10]), undefined, 'int32')).toThrow(tl.DTypeError);
    expect(() => tl.tensor([Infinity], undefined, 'int64')).toThrow(tl.DTypeError);
    expect(() => tl.tensor([2n ** 40n], undefined, 'int32')).toThrow(tl.DTypeError);
    expect(tl.tensor([2147483647, -2147483648, 2.7], undefined, 'int32').arraySync()).toEqual([2147483647, -2147483648, 2]);
  });

  it('gives integer typed arrays an integer dtype (Uint8Array stays bool)', () => {
    const t = (a: ArrayBufferView) => tl.tensor(a as never);
    expect([t(new Int8Array([-1])), t(new Int16Array([-300])), t(new Uint16Array([65535])), t(new Uint8ClampedArray([255]))].map((x) => [x.dtype, x.arraySync()]))
      .toEqual([['int32', [-1]], ['int32', [-300]], ['int32', [65535]], ['int32', [255]]]);
    expect(t(new Uint32Array([2 ** 31 - 1])).arraySync()).toEqual([2 ** 31 - 1]);
    expect(() => t(new Uint32Array([2 ** 32 - 1]))).toThrow(/^tensor: 'values' holds 4294967295 at index 0, which a int32 tensor cannot hold$/);
    const b = t(new BigUint64Array([5n]));
    expect([b.dtype, b.dataSync()[0]]).toEqual(['int64', 5n]);
    expect(() => t(new BigUint64Array([2n ** 64n - 1n]))).toThrow(tl.DTypeError);
    expect(t(new Uint8Array([0, 3])).dtype).toBe('bool');
  });
});

describeEachBackend('zero-size work and lrn rank', () => {
  it('kernels with empty outputs return at once whatever the other dimensions', () => {
    const t0 = performance.now();
    expect(tl.softmax(tl.zeros([46000, 46000, 0])).shape).toEqual([46000, 46000, 0]);
    expect(tl.maxPool(tl.zeros([0, 46000, 46000, 1]), 1, 1, 'valid').shape).toEqual([0, 46000, 46000, 1]);
    expect(tl.lstmSequence(tl.zeros([65536, 0, 2]), tl.zeros([0, 3]), tl.zeros([0, 3]), tl.ones([5, 12]), tl.zeros([12]))[0].shape).toEqual([65536, 0, 3]);
    expect(performance.now() - t0).toBeLessThan(5000);
    expectClose(tl.sum(tl.zeros([2, 3, 0]), 2), [[0, 0, 0], [0, 0, 0]]);
  });

  it('lrn refuses a rank-3 input, as TF', () => {
    expect(() => tl.lrn(tl.ones([2, 2, 3]))).toThrow(/^localResponseNormalization: 'x' must have rank 4 \(NHWC\), got shape \[2,2,3\]$/);
  });
});

describe('Session.close() during runAsync', () => {
  it('rejects with "session closed while running" and frees what the run held', async () => {
    tl.resetDefaultGraph();
    tl.disableEagerExecution();
    let s: InstanceType<typeof tl.Session>;
    let y: tl.Tensor;
    let init: unknown;
    try {
      const v = tl.variable(tl.ones([2, 2]));
      y = tl.add(tl.matMul(v, v), v);
      init = tl.globalVariablesInitializer();
      s = new tl.Session();
    } finally {
      tl.enableEagerExecution();
    }
    const before = tl.memory().numTensors;
    s.run(init as never);
    const p = s.runAsync(y);
    s.close();
    await expect(p).rejects.toThrow('Session.runAsync: session closed while running');
    expect(tl.memory().numTensors).toBe(before);
    tl.resetDefaultGraph();
  });
});

describe('matMulAsync', () => {
  it('does not leak the operand it converted when validation fails', async () => {
    const a = tl.ones([2, 3]);
    const before = tl.memory().numTensors;
    await expect(tl.matMulAsync(a, [[1, 2]])).rejects.toThrow(tl.ShapeError);
    expect(tl.memory().numTensors).toBe(before);
    a.dispose();
  });

  it('a tensor in JSON (as error messages quote arguments) is its dtype and shape', () => {
    expect(JSON.stringify({ x: tl.zeros([0, 3]) })).toBe('{"x":"Tensor(float32[0,3])"}');
  });
});

describe('recurrent ops with a custom activation', () => {
  it('still check their options object', () => {
    const call = () => tl.basicRNNCell(tl.ones([1, 2]), tl.zeros([1, 3]), tl.ones([5, 3]), tl.zeros([3]), (t: tl.Tensor) => tl.relu(t), { fusd: true } as never);
    expect(call).toThrow(/^basicRNNCell: unknown option 'fusd' in 'options'; accepted: fused$/);
  });
});
