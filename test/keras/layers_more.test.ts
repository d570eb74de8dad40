/**
 * The later keras layers against plain-JS references (layer_refs.ts): DepthwiseConv2D, SeparableConv1D,
 * Conv1DTranspose, Conv3DTranspose, ZeroPadding1D/3D, Cropping1D/2D/3D, UpSampling1D/3D, GlobalAverage/Max
 * Pooling3D and keepdims, PReLU, ELU, ThresholdedReLU, Dot; channelsFirst agreeing with channelsLast; the
 * functional API's output shapes (computeOutputShape) equal to what the layers compute; typed errors; the
 * tfjs-style factories and the TF 1.x functions.
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectClose, randValues } from '../util/index.js';
import {
  arr, batchDotRef, convTransposeRef, cropRef, depthwiseRef, globalPoolRef, padRef, pointwiseRef, upsampleRef, type Arr,
} from './layer_refs.js';
import { SHAPE_CASES } from './layer_cases.js';

const K = tl.keras;
const L = tl.keras.layers;
type AnyLayer = InstanceType<typeof tl.layers.Layer>;

const rnd = (shape: number[], seed: number, lo = -1, hi = 1): Arr => arr(shape, randValues(shape.reduce((a, b) => a * b, 1), seed, lo, hi));
const T = (a: Arr) => tl.tensor(Array.from(a.data), a.shape);
const list = (a: Arr) => Array.from(a.data);
const relu = (a: Arr): Arr => ({ shape: a.shape, data: a.data.map((v) => Math.max(v, 0)) });
/** [b, ...sp, c] <-> [b, c, ...sp] */
const toFirst = (t: Tensor) => tl.transpose(t, [0, t.rank - 1, ...Array.from({ length: t.rank - 2 }, (_, i) => i + 1)]);
const toLast = (t: Tensor) => tl.transpose(t, [0, ...Array.from({ length: t.rank - 2 }, (_, i) => i + 2), 1]);

/** Applies the layer once (building it), sets its weights, and applies it again. */
function run(layer: AnyLayer, x: Tensor, weights: number[][] | Arr[] = []): Tensor {
  (layer.apply(x) as Tensor).dispose();
  if (weights.length) layer.setWeights(weights.map((w) => ('data' in w ? tl.tensor(list(w), w.shape) : w)));
  return layer.apply(x) as Tensor;
}

describe('convolutions against loop references', () => {
  it('DepthwiseConv2D: same + multiplier + relu, strided valid without bias, dilated; channelsFirst agrees', () => {
    const x = rnd([2, 5, 5, 3], 1), k = rnd([3, 3, 3, 2], 2), b = Array.from(randValues(6, 3));
    const layer = new L.DepthwiseConv2D(3, { depthMultiplier: 2, padding: 'same', activation: 'relu' });
    const y = run(layer, T(x), [k, arr([6], b)]);
    expect(layer.depthwiseKernel!.shape).toEqual([3, 3, 3, 2]);
    expect(layer.bias!.shape).toEqual([6]);
    expectClose(y, list(relu(depthwiseRef(x, k, b, [1, 1], 'same', [1, 1]))), { shape: [2, 5, 5, 6] });

    const x2 = rnd([1, 6, 7, 2], 4), k2 = rnd([2, 3, 2, 1], 5);
    const y2 = run(new L.DepthwiseConv2D([2, 3], { strides: 2, useBias: false }), T(x2), [k2]);
    expectClose(y2, list(depthwiseRef(x2, k2, null, [2, 2], 'valid', [1, 1])), { shape: [1, 3, 3, 2] });

    const x3 = rnd([1, 6, 6, 2], 6), k3 = rnd([3, 3, 2, 1], 7);
    const y3 = run(new L.DepthwiseConv2D(3, { dilationRate: 2, padding: 'same', useBias: false }), T(x3), [k3]);
    expectClose(y3, list(depthwiseRef(x3, k3, null, [1, 1], 'same', [2, 2])), { shape: [1, 6, 6, 2] });

    const cf = run(new L.DepthwiseConv2D(3, { depthMultiplier: 2, padding: 'same', activation: 'relu', dataFormat: 'channelsFirst' }), toFirst(T(x)), [k, arr([6], b)]);
    expectClose(toLast(cf), y);
  });

  it('SeparableConv1D: depthwise then pointwise, valid / same strided / dilated; channelsFirst agrees', () => {
    const x = rnd([2, 7, 3], 11), dk = rnd([3, 3, 2], 12), pk = rnd([1, 6, 4], 13), b = Array.from(randValues(4, 14));
    const ref = (s: number, pad: 'valid' | 'same', d: number) =>
      list(pointwiseRef(depthwiseRef(x, dk, null, [s], pad, [d]), arr([6, 4], pk.data), b));
    const a = new L.SeparableConv1D(4, 3, { depthMultiplier: 2 });
    expectClose(run(a, T(x), [dk, pk, arr([4], b)]), ref(1, 'valid', 1), { shape: [2, 5, 4] });
    expect(a.weights.map((w) => w.shape)).toEqual([[3, 3, 2], [1, 6, 4], [4]]);
    expectClose(run(new L.SeparableConv1D(4, 3, { depthMultiplier: 2, strides: 2, padding: 'same' }), T(x), [dk, pk, arr([4], b)]), ref(2, 'same', 1), { shape: [2, 4, 4] });
    const dil = run(new L.SeparableConv1D(4, 3, { depthMultiplier: 2, dilationRate: 2, padding: 'same' }), T(x), [dk, pk, arr([4], b)]);
    expectClose(dil, ref(1, 'same', 2), { shape: [2, 7, 4] });
    const cf = run(new L.SeparableConv1D(4, 3, { depthMultiplier: 2, dilationRate: 2, padding: 'same', dataFormat: 'channelsFirst' }), toFirst(T(x)), [dk, pk, arr([4], b)]);
    expectClose(toLast(cf), dil);
  });

  it('Conv1DTranspose and Conv3DTranspose: strided same and valid, with bias; channelsFirst agrees', () => {
    const x = rnd([2, 5, 3], 21), k = rnd([3, 2, 3], 22), b = Array.from(randValues(2, 23));
    for (const padding of ['same', 'valid'] as const) {
      const y = run(new L.Conv1DTranspose(2, 3, { strides: 2, padding }), T(x), [k, arr([2], b)]);
      expectClose(y, list(convTransposeRef(x, k, b, [2], padding)), { shape: [2, padding === 'same' ? 10 : 11, 2] });
      const cf = run(new L.Conv1DTranspose(2, 3, { strides: 2, padding, dataFormat: 'channelsFirst' }), toFirst(T(x)), [k, arr([2], b)]);
      expectClose(toLast(cf), y);
    }
    const x3 = rnd([2, 2, 3, 2, 2], 24), k3 = rnd([2, 3, 2, 3, 2], 25), b3 = Array.from(randValues(3, 26));
    for (const padding of ['same', 'valid'] as const) {
      const layer = new L.Conv3DTranspose(3, [2, 3, 2], { strides: [2, 1, 2], padding });
      const y = run(layer, T(x3), [k3, arr([3], b3)]);
      expect(layer.kernel!.shape).toEqual([2, 3, 2, 3, 2]);
      expectClose(y, list(convTransposeRef(x3, k3, b3, [2, 1, 2], padding)), { shape: padding === 'same' ? [2, 4, 3, 4, 3] : [2, 4, 5, 4, 3] });
      const cf = run(new L.Conv3DTranspose(3, [2, 3, 2], { strides: [2, 1, 2], padding, dataFormat: 'channelsFirst' }), toFirst(T(x3)), [k3, arr([3], b3)]);
      expectClose(toLast(cf), y);
    }
  });
});

describe('transposed convolutions with outputPadding and dilationRate (Keras deconv_output_length)', () => {
  it('Conv1D/2D/3DTranspose: sizes and values match the reference, channelsFirst agrees, config round-trips', () => {
    const x = rnd([2, 4, 3], 41), k = rnd([3, 2, 3], 42), b = Array.from(randValues(2, 43));
    // (n - 1) s + k - 2 pad + op: same: 3*2 + 3 - 2 + 1 = 8; valid: 3*2 + 3 + 1 = 10; dilation 2 (window 5), s 1, same: 3 + 5 - 4 + 0 = 4
    const cases: [ConstructorParameters<typeof L.Conv1DTranspose>[2], number[] | null, number[] | null, number][] = [
      [{ strides: 2, padding: 'same', outputPadding: 1 }, [1], null, 8],
      [{ strides: 2, padding: 'valid', outputPadding: 1 }, [1], null, 10],
      [{ strides: 2, padding: 'same', outputPadding: 0 }, [0], null, 7],
      [{ dilationRate: 2, padding: 'same' }, null, [2], 4],
      [{ dilationRate: 2, padding: 'valid' }, null, [2], 8],
    ];
    for (const [opts, op, dil, len] of cases) {
      const layer = new L.Conv1DTranspose(2, 3, opts);
      const y = run(layer, T(x), [k, arr([2], b)]);
      const pad = (opts!.padding ?? 'valid') as 'same' | 'valid';
      expectClose(y, list(convTransposeRef(x, k, b, [opts!.strides as number ?? 1], pad, op, dil)), { shape: [2, len, 2] });
      expect(layer.computeOutputShape([null, 4, 3])).toEqual([null, len, 2]);
      const cf = run(new L.Conv1DTranspose(2, 3, { ...opts, dataFormat: 'channelsFirst' }), toFirst(T(x)), [k, arr([2], b)]);
      expectClose(toLast(cf), y);
      const again = L.Conv1DTranspose.fromConfig(layer.getConfig()) as InstanceType<typeof L.Conv1DTranspose>;
      expect(again.outputPadding).toEqual(layer.outputPadding);
    }
    const x2 = rnd([1, 3, 4, 2], 44), k2 = rnd([3, 2, 3, 2], 45);
    const y2 = run(new L.Conv2DTranspose(3, [3, 2], { strides: [2, 3], padding: 'same', outputPadding: [1, 2] }), T(x2), [k2, arr([3], [0, 0, 0])]);
    expectClose(y2, list(convTransposeRef(x2, k2, null, [2, 3], 'same', [1, 2])), { shape: [1, 6, 11, 3] });
    const x3 = rnd([1, 2, 3, 2, 2], 46), k3 = rnd([2, 2, 3, 2, 2], 47);
    const y3 = run(new L.Conv3DTranspose(2, [2, 2, 3], { dilationRate: [1, 2, 1], padding: 'valid' }), T(x3), [k3, arr([2], [0, 0])]);
    expectClose(y3, list(convTransposeRef(x3, k3, null, [1, 1, 1], 'valid', null, [1, 2, 1])), { shape: [1, 3, 5, 4, 2] });
    expect(() => new L.Conv2DTranspose(2, 3, { strides: 2, outputPadding: 2 })).toThrow(/'outputPadding' 2 must be smaller than the stride 2/);
    expect(() => new L.Conv2DTranspose(2, 3, { outputPadding: -1 })).toThrow(/outputPadding/);
  });
});

describe('padding, cropping, upsampling and global pooling against index arithmetic', () => {
  const x1 = rnd([2, 6, 3], 31);
  const x3 = rnd([2, 3, 4, 5, 2], 32);
  const cases: [string, () => AnyLayer, () => AnyLayer, Arr, Arr][] = [
    ['ZeroPadding1D [1, 2]', () => new L.ZeroPadding1D([1, 2]), () => new L.ZeroPadding1D([1, 2]), x1, padRef(x1, [[1, 2]])],
    ['ZeroPadding1D 2', () => new L.ZeroPadding1D(2), () => new L.ZeroPadding1D(2), x1, padRef(x1, [[2, 2]])],
    ['ZeroPadding3D pairs', () => new L.ZeroPadding3D([[1, 0], [0, 2], [1, 1]]), () => new L.ZeroPadding3D([[1, 0], [0, 2], [1, 1]], { dataFormat: 'channelsFirst' }), x3, padRef(x3, [[1, 0], [0, 2], [1, 1]])],
    ['ZeroPadding3D default', () => new L.ZeroPadding3D(), () => new L.ZeroPadding3D(1, { dataFormat: 'channelsFirst' }), x3, padRef(x3, [[1, 1], [1, 1], [1, 1]])],
    ['Cropping1D default', () => new L.Cropping1D(), () => new L.Cropping1D(), x1, cropRef(x1, [[1, 1]])],
    ['Cropping1D [2, 0]', () => new L.Cropping1D([2, 0]), () => new L.Cropping1D([2, 0]), x1, cropRef(x1, [[2, 0]])],
    ['Cropping3D [1, 0, 2]', () => new L.Cropping3D([1, 0, 2]), () => new L.Cropping3D([1, 0, 2], { dataFormat: 'channelsFirst' }), x3, cropRef(x3, [[1, 1], [0, 0], [2, 2]])],
    ['Cropping3D pairs', () => new L.Cropping3D([[0, 2], [1, 2], [3, 0]]), () => new L.Cropping3D([[0, 2], [1, 2], [3, 0]], { dataFormat: 'channelsFirst' }), x3, cropRef(x3, [[0, 2], [1, 2], [3, 0]])],
    ['UpSampling1D 3', () => new L.UpSampling1D({ size: 3 }), () => new L.UpSampling1D({ size: 3 }), x1, upsampleRef(x1, [3])],
    ['UpSampling3D [1, 2, 3]', () => new L.UpSampling3D({ size: [1, 2, 3] }), () => new L.UpSampling3D({ size: [1, 2, 3], dataFormat: 'channelsFirst' }), x3, upsampleRef(x3, [1, 2, 3])],
    ['GlobalAveragePooling3D', () => new L.GlobalAveragePooling3D(), () => new L.GlobalAveragePooling3D({ dataFormat: 'channelsFirst' }), x3, globalPoolRef(x3, 'avg')],
    ['GlobalMaxPooling3D', () => new L.GlobalMaxPooling3D(), () => new L.GlobalMaxPooling3D({ dataFormat: 'channelsFirst' }), x3, globalPoolRef(x3, 'max')],
  ];
  for (const [name, last, first, x, want] of cases) {
    it(name, () => {
      const y = last().apply(T(x)) as Tensor;
      expectClose(y, list(want), { shape: want.shape });
      if (x.shape.length > 3) {
        const yf = first().apply(toFirst(T(x))) as Tensor;
        expectClose(want.shape.length === 2 ? yf : toLast(yf), list(want), { shape: want.shape });
      }
    });
  }

  it('Cropping2D: n, [h, w] and pairs', () => {
    const x = rnd([2, 5, 6, 2], 33);
    expectClose(new L.Cropping2D([[1, 0], [0, 2]]).apply(T(x)) as Tensor, list(cropRef(x, [[1, 0], [0, 2]])), { shape: [2, 4, 4, 2] });
    expectClose(new L.Cropping2D([2, 1]).apply(T(x)) as Tensor, list(cropRef(x, [[2, 2], [1, 1]])), { shape: [2, 1, 4, 2] });
    expectClose(new L.Cropping2D(1).apply(T(x)) as Tensor, list(cropRef(x, [[1, 1], [1, 1]])), { shape: [2, 3, 4, 2] });
    expect((new L.Cropping2D().apply(T(x)) as Tensor).shape).toEqual([2, 5, 6, 2]); // Keras' default: no cropping
  });

  it('keepdims keeps the pooled axes with size 1, on every global pooling', () => {
    const x = rnd([2, 3, 4, 5, 2], 34);
    const avg = globalPoolRef(x, 'avg').data;
    expectClose(new L.GlobalAveragePooling3D({ keepdims: true }).apply(T(x)) as Tensor, Array.from(avg), { shape: [2, 1, 1, 1, 2] });
    expectClose(new L.GlobalMaxPooling3D({ keepdims: true, dataFormat: 'channelsFirst' }).apply(T(x)) as Tensor, list(globalPoolRef(arr([2, 4, 5, 2, 3], toLast(T(x)).dataSync() as Float32Array), 'max')), { shape: [2, 3, 1, 1, 1] });
    const x2 = rnd([2, 3, 4, 5], 35);
    expectClose(new L.GlobalAveragePooling2D({ keepdims: true }).apply(T(x2)) as Tensor, list(globalPoolRef(x2, 'avg')), { shape: [2, 1, 1, 5] });
    expectClose(new L.GlobalMaxPooling1D({ keepdims: true }).apply(T(x1)) as Tensor, list(globalPoolRef(x1, 'max')), { shape: [2, 1, 3] });
    expect(new L.GlobalAveragePooling1D({ keepdims: true }).computeOutputShape([null, 6, 3])).toEqual([null, 1, 3]);
    expect(new L.GlobalAveragePooling2D({ keepdims: true, dataFormat: 'channelsFirst' }).computeOutputShape([null, 5, 3, 4])).toEqual([null, 5, 1, 1]);
  });
});

describe('activation layers and Dot against formulas', () => {
  const x = rnd([2, 3, 4], 41, -2, 2);
  const xs = list(x);

  it('PReLU: a slope per cell (zeros at first), or shared across axes', () => {
    const layer = new L.PReLU();
    expectClose(layer.apply(T(x)) as Tensor, xs.map((v) => Math.max(v, 0))); // alpha starts at 0: a relu
    const alpha = rnd([3, 4], 42);
    const y = run(layer, T(x), [alpha]);
    expect(layer.alpha!.shape).toEqual([3, 4]);
    expectClose(y, xs.map((v, i) => (v >= 0 ? v : alpha.data[i % 12]! * v)));
    const shared = new L.PReLU({ sharedAxes: [1] });
    const a2 = rnd([1, 4], 43);
    expectClose(run(shared, T(x), [a2]), xs.map((v, i) => (v >= 0 ? v : a2.data[i % 4]! * v)));
    expect(shared.alpha!.shape).toEqual([1, 4]);
    const img = new L.PReLU({ sharedAxes: [1, 2], alphaInitializer: { className: 'constant', config: { value: 0.25 } } });
    const xi = rnd([2, 3, 3, 2], 44);
    expectClose(img.apply(T(xi)) as Tensor, list(xi).map((v) => (v >= 0 ? v : 0.25 * v)));
    expect(img.alpha!.shape).toEqual([1, 1, 2]);
  });

  it('ELU (alpha) and ThresholdedReLU (theta), with the Keras defaults', () => {
    expectClose(new L.ELU().apply(T(x)) as Tensor, xs.map((v) => (v > 0 ? v : Math.exp(v) - 1)));
    expectClose(new L.ELU({ alpha: 0.5 }).apply(T(x)) as Tensor, xs.map((v) => (v > 0 ? v : 0.5 * (Math.exp(v) - 1))));
    expectClose(new L.ThresholdedReLU({ theta: 0.3 }).apply(T(x)) as Tensor, xs.map((v) => (v > 0.3 ? v : 0)));
    // theta 1 by default, and a value equal to theta is cut (strictly greater passes)
    expectClose(new L.ThresholdedReLU().apply(tl.tensor([[0.5, 1, 1.5, -3]])) as Tensor, [0, 0, 1.5, 0]);
  });

  it('Dot: 2-D, 3-D batched matmul, negative axes, mixed ranks, normalize (cosine)', () => {
    const a = rnd([3, 4], 51), b = rnd([3, 4], 52);
    expectClose(new L.Dot(1).apply([T(a), T(b)]) as Tensor, list(batchDotRef(a, b, 1, 1)), { shape: [3, 1] });
    const p = rnd([2, 3, 4], 53), q = rnd([2, 4, 5], 54);
    expectClose(new L.Dot([2, 1]).apply([T(p), T(q)]) as Tensor, list(batchDotRef(p, q, 2, 1)), { shape: [2, 3, 5] });
    const r = rnd([2, 2, 4], 55);
    expectClose(new L.Dot(-1).apply([T(p), T(r)]) as Tensor, list(batchDotRef(p, r, 2, 2)), { shape: [2, 3, 2] });
    const v = rnd([2, 3], 56);
    expectClose(new L.Dot([1, 1]).apply([T(p), T(v)]) as Tensor, list(batchDotRef(p, v, 1, 1)), { shape: [2, 4] });
    const cos = new L.Dot(1, { normalize: true }).apply([T(a), T(b)]) as Tensor;
    expectClose(cos, list(batchDotRef(a, b, 1, 1, true)), { shape: [3, 1] });
    expectClose(new L.Dot(1, { normalize: true }).apply([T(a), tl.mul(T(a), 3)]) as Tensor, [1, 1, 1]); // cos of parallel vectors
  });
});

describe('output shapes: computeOutputShape equals what the layers compute', () => {
  for (const [name, make, shape] of SHAPE_CASES) {
    it(name, () => {
      const layer = make();
      const inp = K.input({ shape });
      const sym = layer.apply(inp) as InstanceType<typeof L.KerasTensor>;
      expect(sym.shape[0]).toBe(null);
      tl.setRandomSeed(1);
      for (const training of [false, true]) {
        const y = layer.apply(tl.randomUniform([3, ...shape], -1, 1), { training }) as Tensor;
        expect(y.shape).toEqual([3, ...sym.shape.slice(1)]);
      }
    });
  }
  it('Dot in a functional model, and a summary listing the new layers', () => {
    const a = K.input({ shape: [3, 4] }), b = K.input({ shape: [4, 5] });
    const d = new L.Dot([2, 1]).apply([a, b]) as InstanceType<typeof L.KerasTensor>;
    expect(d.shape).toEqual([null, 3, 5]);
    expect((new L.Dot(1).apply([K.input({ shape: [4] }), K.input({ shape: [4] })]) as InstanceType<typeof L.KerasTensor>).shape).toEqual([null, 1]);
    const m = K.sequential({ layers: [new L.Cropping1D(1, { inputShape: [8, 2] }), new L.SeparableConv1D(3, 3), new L.UpSampling1D(), new L.PReLU()] });
    const lines: string[] = [];
    m.summary({ printFn: (l) => lines.push(l) });
    const text = lines.join('\n');
    expect(text).toMatch(/cropping1d.*\(None, 6, 2\)/);
    expect(text).toMatch(/separable_conv1d.*\(None, 4, 3\)\s+15/); // 3*2 + 2*3 + 3
    expect(text).toMatch(/up_sampling1d.*\(None, 8, 3\)/);
    expect(text).toMatch(/p_re_lu.*\(None, 8, 3\)\s+24/);
  });
});

describe('typed errors name the layer and the argument', () => {
  it('refuses bad options and shapes', () => {
    const cases: [() => unknown, new (...a: never[]) => Error, RegExp][] = [
      [() => new L.DepthwiseConv2D(3, { filters: 2 } as never), tl.ArgumentError, /DepthwiseConv2D: unknown option 'filters'/],
      [() => new L.DepthwiseConv2D(3, { kernelInitializer: 'ones' } as never), tl.ArgumentError, /DepthwiseConv2D: unknown option 'kernelInitializer'/],
      [() => new L.DepthwiseConv2D(3, { strides: 2, dilationRate: 2 }), tl.ArgumentError, /DepthwiseConv2D: strides > 1 together with dilationRate/],
      [() => new L.DepthwiseConv2D(3).apply(tl.zeros([2, 5, 5])), tl.ShapeError, /depthwise_conv2d[_0-9]*: inputs must have rank 4/],
      [() => new L.SeparableConv1D(2, 3, { kernelInitializer: 'ones' }), tl.ArgumentError, /SeparableConv1D: use depthwise\*\/pointwise\*/],
      [() => new L.Conv1DTranspose(0, 3), tl.ArgumentError, /Conv1DTranspose: 'filters' must be a positive integer/],
      [() => new L.ZeroPadding3D([1, 2]), tl.ArgumentError, /ZeroPadding3D: 'padding' must be .* 3 \[begin, end\] pairs, got \[1,2\]/],
      [() => new L.ZeroPadding1D(1, { dataFormat: 'channelsFirst' } as never), tl.ArgumentError, /ZeroPadding1D: unknown option 'dataFormat'/],
      [() => new L.Cropping1D([1, 2, 3] as never), tl.ArgumentError, /Cropping1D: 'cropping' must be a non-negative integer or \[begin, end\]/],
      [() => new L.Cropping2D([[3, 3], [0, 0]]).apply(tl.zeros([1, 5, 5, 1])), tl.ShapeError, /cropping [[]3, 3[\]] of axis 1 is more than its size 5/],
      [() => new L.UpSampling3D({ size: [2, 2] }), tl.ArgumentError, /UpSampling3D: 'size' must be a positive integer or a list of 3/],
      [() => new L.UpSampling1D({ interpolation: 'nearest' } as never), tl.ArgumentError, /UpSampling1D: unknown option 'interpolation'/],
      [() => new L.GlobalMaxPooling3D({ keepdims: 1 } as never), tl.ArgumentError, /GlobalMaxPooling3D: 'keepdims' must be a boolean/],
      [() => new L.GlobalAveragePooling3D().apply(tl.zeros([2, 3, 4, 5])), tl.ShapeError, /inputs must have rank 5/],
      [() => new L.PReLU({ sharedAxes: [0] }), tl.ArgumentError, /PReLU: 'sharedAxes' must be an axis >= 1/],
      [() => new L.PReLU({ sharedAxes: [3] }).apply(tl.zeros([2, 3])), tl.ShapeError, /shared axis 3 is out of range for inputs of shape \[2,3\]/],
      [() => new L.ELU({ alpha: -1 }), tl.ArgumentError, /ELU: 'alpha' must be a number >= 0/],
      [() => new L.ThresholdedReLU({ theta: 'x' } as never), tl.ArgumentError, /ThresholdedReLU: 'theta'/],
      [() => new L.SpatialDropout2D(1), tl.ArgumentError, /SpatialDropout2D: 'rate' must be a number in \[0, 1\)/],
      [() => new L.SpatialDropout1D(0.5, { dataFormat: 'channelsLast' } as never), tl.ArgumentError, /SpatialDropout1D: unknown option 'dataFormat'/],
      [() => new L.SpatialDropout3D(0.5).apply(tl.zeros([2, 3, 4, 5]), { training: true }), tl.ShapeError, /inputs must have rank 5/],
      [() => new L.GaussianDropout(-0.1), tl.ArgumentError, /GaussianDropout: 'rate'/],
      [() => new L.AlphaDropout(0.2, { seed: 1.5 }), tl.ArgumentError, /AlphaDropout: 'seed' must be an integer/],
      [() => new L.AlphaDropout(0.2, { noiseShape: [null, 1] }).apply(tl.zeros([2, 3, 4]), { training: true }), tl.ArgumentError, /'noiseShape' \[null,1\] must have one entry per dimension/],
      [() => new L.Dot([1, 2, 3]), tl.ArgumentError, /Dot: 'axes' must be an integer or a list of 2 integers/],
      [() => new L.Dot(1).apply([tl.zeros([2, 3]), tl.zeros([2, 4])]), tl.ShapeError, /axis 1 of \[2,3\] \(size 3\) and axis 1 of \[2,4\] \(size 4\) must have the same size/],
      [() => new L.Dot(0).apply([tl.zeros([2, 3]), tl.zeros([2, 3])]), tl.ShapeError, /axes \[0,0\] must be axes past the batch/],
      [() => new L.Dot(1).apply([tl.zeros([2, 3]), tl.zeros([2, 3]), tl.zeros([2, 3])]), tl.ArgumentError, /expects exactly 2 inputs, got 3/],
    ];
    for (const [fn, E, msg] of cases) {
      expect(fn, String(msg)).toThrow(E);
      expect(fn).toThrow(msg);
    }
  });
});

describe('factories and TF 1.x functions', () => {
  it('tfjs-style factories build the classes from one config object', () => {
    const dw = L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' });
    expect([dw.kernelSize, dw.depthMultiplier, dw.padding]).toEqual([[3, 3], 2, 'same']);
    const s1 = L.separableConv1d({ filters: 4, kernelSize: 5, depthMultiplier: 3 });
    expect([s1.filters, s1.kernelSize, s1.depthMultiplier]).toEqual([4, [5], 3]);
    expect(L.zeroPadding1d({ padding: [1, 2] }).padding).toEqual([[1, 2]]);
    expect(L.zeroPadding3d().padding).toEqual([[1, 1], [1, 1], [1, 1]]);
    expect(L.cropping1d().cropping).toEqual([[1, 1]]);
    expect(L.cropping2d({ cropping: [1, 2] }).cropping).toEqual([[1, 1], [2, 2]]);
    expect(L.cropping2D).toBe(L.cropping2d);
    expect(L.cropping3d({ cropping: 2, dataFormat: 'channelsFirst' }).dataFormat).toBe('channelsFirst');
    expect(L.upSampling1d({ size: 4 }).size).toEqual([4]);
    expect(L.upSampling3d().size).toEqual([2, 2, 2]);
    expect(L.globalMaxPooling3d({ keepdims: true }).keepdims).toBe(true);
    expect(L.globalAvgPool3d).toBe(L.globalAveragePooling3d);
    expect(L.elu().alpha).toBe(1);
    expect(L.thresholdedReLU().theta).toBe(1);
    expect(L.prelu({ sharedAxes: [1, 2] }).sharedAxes).toEqual([1, 2]);
    expect(L.dot({ axes: [2, 1], normalize: true }).axes).toEqual([2, 1]);
    expect(L.spatialDropout2d({ rate: 0.2, dataFormat: 'channelsFirst' }).dataFormat).toBe('channelsFirst');
    expect(L.alphaDropout({ rate: 0.1, noiseShape: [null, 1] }).noiseShape).toEqual([null, 1]);
    const checks: [unknown, unknown][] = [
      [L.conv1dTranspose({ filters: 2, kernelSize: 3 }), L.Conv1DTranspose], [L.conv3dTranspose({ filters: 2, kernelSize: 3 }), L.Conv3DTranspose],
      [L.gaussianDropout({ rate: 0.1 }), L.GaussianDropout], [L.spatialDropout1d({ rate: 0.1 }), L.SpatialDropout1D],
      [L.spatialDropout3d({ rate: 0.1 }), L.SpatialDropout3D], [L.globalAveragePooling3d(), L.GlobalAveragePooling3D],
      [L.zeroPadding2d({ padding: [[1, 0], [0, 1]] }), L.ZeroPadding2D], [L.upSampling2d(), L.UpSampling2D],
    ];
    for (const [layer, cls] of checks) expect(layer).toBeInstanceOf(cls as never);
    expect(() => L.depthwiseConv2d({} as never)).toThrow(/depthwiseConv2d: 'kernelSize' is required/);
    expect(() => L.dot({} as never)).toThrow(/dot: 'axes' is required/);
    expect(() => L.gaussianDropout({ rate: 0.1, bogus: 1 } as never)).toThrow(/GaussianDropout: unknown option 'bogus'/);
  });

  it('tl.layers.separableConv1d and conv3dTranspose make TF-named variables in a graph', () => {
    const g = new tl.Graph();
    g.asDefault(() => {
      const seq = tl.placeholder('float32', [null, 8, 3]);
      const s = tl.layers.separableConv1d(seq, 4, 3, { depthMultiplier: 2, padding: 'same' });
      const vol = tl.placeholder('float32', [null, 2, 3, 4, 1]);
      const c = tl.layers.conv3dTranspose(vol, 2, 2, { strides: 2 });
      expect(s.shape).toEqual([-1, 8, 4]);
      expect(c.shape).toEqual([-1, 4, 6, 8, 2]);
      expect(g.getCollection(tl.GraphKeys.TRAINABLE_VARIABLES).map((v) => [(v as tl.Variable).name, (v as tl.Variable).shape])).toEqual([
        ['separable_conv1d/depthwise_kernel', [3, 3, 2]], ['separable_conv1d/pointwise_kernel', [1, 6, 4]], ['separable_conv1d/bias', [4]],
        ['conv3d_transpose/kernel', [2, 2, 2, 2, 1]], ['conv3d_transpose/bias', [2]],
      ]);
    });
  });
});
