/**
 * tl.keras.layers: every layer class of tl.layers is there, the tfjs-style factories build the same layers from
 * one config object, a CNN and a BatchNormalization + Embedding + Concatenate model learn with fit, and
 * BatchNormalization uses batch statistics in fit (moving them as hand-computed) and the moving ones in
 * predict/evaluate.
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectClose } from '../util/index.js';

const K = tl.keras;
const L = tl.keras.layers;

describe('tl.keras.layers surface', () => {
  it('exposes every layer class of tl.layers, plus Input and InputLayer', () => {
    const classes = Object.entries(tl.layers).filter(([, v]) => typeof v === 'function' && v.prototype instanceof tl.layers.Layer);
    expect(classes.length).toBeGreaterThan(35);
    for (const [name, cls] of classes) expect((L as Record<string, unknown>)[name], name).toBe(cls);
    for (const name of ['MaxPooling2D', 'GlobalAveragePooling1D', 'BatchNormalization', 'Embedding', 'Concatenate', 'LeakyReLU', 'ZeroPadding2D', 'SeparableConv2D']) {
      expect(typeof (L as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(L.Input).toBe(K.Input);
    expect(L.InputLayer).toBe(K.InputLayer);
  });

  it('lower-camel factories move the positional arguments out of the config', () => {
    const mp = L.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same' });
    expect(mp).toBeInstanceOf(L.MaxPooling2D);
    expect([mp.poolSize, mp.strides, mp.padding]).toEqual([[3, 3], [1, 1], 'same']);
    expect(L.maxPooling2d().poolSize).toEqual([2, 2]); // Keras' default
    const c = L.conv2d({ filters: 4, kernelSize: [3, 2], strides: 2, activation: 'relu' });
    expect([c.filters, c.kernelSize, c.strides]).toEqual([4, [3, 2], [2, 2]]);
    const e = L.embedding({ inputDim: 7, outputDim: 3 });
    expect([e.inputDim, e.outputDim]).toEqual([7, 3]);
    expect(L.zeroPadding2d({ padding: 2 }).padding).toEqual([[2, 2], [2, 2]]);
    expect(L.upSampling2d({ size: 3 }).size).toEqual([3, 3]);
    expect(L.leakyReLU({ alpha: 0.1 }).alpha).toBe(0.1);
    expect(L.concatenate({ axis: 1 }).axis).toBe(1);
    expect(L.batchNormalization({ momentum: 0.5 }).momentum).toBe(0.5);
    expect(L.dropout({ rate: 0.3 }).rate).toBe(0.3);
    expect(L.globalAveragePooling2d()).toBeInstanceOf(L.GlobalAveragePooling2D);
    const checks: [unknown, unknown][] = [
      [L.add(), L.Add], [L.subtract(), L.Subtract], [L.multiply(), L.Multiply], [L.average(), L.Average], [L.maximum(), L.Maximum],
      [L.minimum(), L.Minimum], [L.reLU(), L.ReLU], [L.softmax(), L.Softmax], [L.layerNormalization(), L.LayerNormalization],
      [L.averagePooling1d({ poolSize: 2 }), L.AveragePooling1D], [L.maxPooling3d({ poolSize: 2 }), L.MaxPooling3D],
      [L.conv1d({ filters: 2, kernelSize: 3 }), L.Conv1D], [L.conv3d({ filters: 2, kernelSize: 3 }), L.Conv3D],
      [L.conv2dTranspose({ filters: 2, kernelSize: 3 }), L.Conv2DTranspose], [L.separableConv2d({ filters: 2, kernelSize: 3 }), L.SeparableConv2D],
      [L.globalMaxPooling1d(), L.GlobalMaxPooling1D], [L.flatten(), L.Flatten], [L.reshape({ targetShape: [2, 3] }), L.Reshape],
      [L.permute({ dims: [2, 1] }), L.Permute], [L.repeatVector({ n: 2 }), L.RepeatVector], [L.gaussianNoise({ stddev: 0.1 }), L.GaussianNoise],
      [L.activation({ activation: 'tanh' }), L.Activation], [L.inputLayer({ inputShape: [3] }), L.InputLayer],
    ];
    for (const [layer, cls] of checks) expect(layer).toBeInstanceOf(cls as never);
  });

  it('factories reject a missing positional argument, unknown keys and non-objects with ArgumentError', () => {
    expect(() => L.dense({} as never)).toThrow(tl.ArgumentError);
    expect(() => L.dense({} as never)).toThrow(/dense: 'units' is required/);
    expect(() => L.conv2d({ filters: 3 } as never)).toThrow(/kernelSize/);
    expect(() => L.maxPooling2d({ poolSize: 2, bogus: 1 } as never)).toThrow(/bogus/);
    expect(() => L.embedding(5 as never)).toThrow(/embedding: expected one config object/);
  });
});

/** The bundled 8x8 digits as [n, 8, 8, 1] images in [0, 1] and int labels. */
function digitImages(n: number): { x: Tensor; y: Tensor } {
  const d = tl.loadDigits();
  return { x: tl.div(tl.tensor(d.images.slice(0, n * 64), [n, 8, 8, 1]), 16), y: tl.tensor(d.labels.slice(0, n), [n], 'int32') };
}

describe('models of the keras layers learn with fit', () => {
  it('a CNN (Conv2D-MaxPooling2D-Conv2D-MaxPooling2D-Flatten-Dense-Dropout-Dense) learns the digits', async () => {
    tl.setRandomSeed(3);
    const { x, y } = digitImages(400);
    const model = K.sequential({
      layers: [
        L.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [8, 8, 1] }),
        L.maxPooling2d({ poolSize: 2 }),
        L.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }),
        L.maxPooling2d({ poolSize: 2 }),
        L.flatten(),
        L.dense({ units: 32, activation: 'relu' }),
        L.dropout({ rate: 0.25 }),
        L.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    // 8x8 -> 4x4x8 -> 2x2x16 = 64 features: 3*3*1*8 + 8, 3*3*8*16 + 16, 64*32 + 32, 32*10 + 10.
    expect(model.countParams()).toBe(80 + 1168 + 2080 + 330);
    model.compile({ optimizer: new tl.train.AdamOptimizer({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const h = await model.fit(x, y, { epochs: 8, batchSize: 32, verbose: 0 });
    const loss = h.history.loss!;
    expect(loss[7]!).toBeLessThan(loss[0]! * 0.5);
    expect(h.history.accuracy![7]!).toBeGreaterThan(0.7);
    const p = model.predict(x) as Tensor;
    expect(p.shape).toEqual([400, 10]);
    tl.dispose([x, y, p]);
    model.dispose();
  });

  it('BatchNormalization + Embedding + Concatenate: a two-input model fits a hand-made target', async () => {
    tl.setRandomSeed(4);
    const n = 256;
    const ids: number[][] = [];
    const feats: number[][] = [];
    const target: number[][] = [];
    // target = (sum of the 2 features) * 3 + 5 + (id weights [0, 1, -1, 2, 0, 1] summed over the 3 ids)
    const idWeight = [0, 1, -1, 2, 0, 1];
    for (let i = 0; i < n; i++) {
      const row = [i % 6, (i * 7) % 6, (i * 5 + 1) % 6];
      const f = [Math.sin(i), Math.cos(i * 0.7)];
      ids.push(row);
      feats.push(f);
      target.push([(f[0]! + f[1]!) * 3 + 5 + row.reduce((s, k) => s + idWeight[k]!, 0)]);
    }
    const idIn = K.Input({ shape: [3], dtype: 'int32', name: 'ids' });
    const featIn = K.Input({ shape: [2], name: 'features' });
    const emb = L.flatten().apply(L.embedding({ inputDim: 6, outputDim: 2 }).apply(idIn));
    const num = L.batchNormalization().apply(L.dense({ units: 8 }).apply(featIn));
    const merged = L.concatenate().apply([emb, L.reLU().apply(num)]);
    const out = L.dense({ units: 1 }).apply(L.dense({ units: 16, activation: 'relu' }).apply(merged));
    const model = K.model({ inputs: [idIn, featIn], outputs: out });
    model.compile({ optimizer: new tl.train.AdamOptimizer({ learningRate: 0.02 }), loss: 'mse' });
    const h = await model.fit([ids, feats], target, { epochs: 30, batchSize: 32, verbose: 0 });
    const loss = h.history.loss!;
    expect(loss[29]!).toBeLessThan(loss[0]! * 0.1);
    const ev = await model.evaluate([ids, feats], target, { batchSize: 64 });
    expect(ev.loss!).toBeLessThan(loss[0]! * 0.2);
    model.dispose();
  });
});

describe('BatchNormalization in fit, predict and evaluate', () => {
  // Two channels, four samples: channel means 2.5 and 0, biased variances 1.25 and 9.
  const x = [[1, 3], [2, -3], [3, 3], [4, -3]];
  const mean = [2.5, 0];
  const biased = [1.25, 9];
  const unbiased = biased.map((v) => (v * 4) / 3); // the moving variance moves toward the n/(n-1) estimate (TF)
  const eps = 1e-3;
  const momentum = 0.9;

  it('fit normalizes with the batch statistics and moves the moving ones; predict/evaluate use the moving ones', async () => {
    const bn = L.batchNormalization({ momentum, epsilon: eps, inputShape: [2] });
    const model = K.sequential({ layers: [bn] });
    // A learning rate of 0 keeps gamma = 1 and beta = 0, so only the statistics change.
    model.compile({ optimizer: new tl.train.GradientDescentOptimizer(0), loss: 'mse' });
    const zeros = [[0, 0], [0, 0], [0, 0], [0, 0]];
    const h = await model.fit(x, zeros, { epochs: 1, batchSize: 4, shuffle: false, verbose: 0 });
    // Batch-normalized outputs (x - mean) / sqrt(var + eps) against 0: the loss is mean over channels of var / (var + eps).
    expect(h.history.loss![0]).toBeCloseTo((biased[0]! / (biased[0]! + eps) + biased[1]! / (biased[1]! + eps)) / 2, 5);
    const mm = mean.map((m) => (1 - momentum) * m);
    const mv = unbiased.map((v) => momentum * 1 + (1 - momentum) * v);
    expectClose(bn.movingMean!, mm, { rtol: 1e-5, atol: 1e-6 });
    expectClose(bn.movingVariance!, mv, { rtol: 1e-5, atol: 1e-6 });
    // predict uses the moving statistics.
    const expected = x.map((r) => r.map((v, c) => (v - mm[c]!) / Math.sqrt(mv[c]! + eps)));
    const p = model.predict(x) as Tensor;
    expectClose(p, expected.flat(), { rtol: 1e-5, atol: 1e-5 });
    const ev = await model.evaluate(x, zeros);
    expect(ev.loss!).toBeCloseTo(expected.flat().reduce((s, v) => s + v * v, 0) / 8, 4);
    // A second epoch moves them again from where they are.
    await model.fit(x, zeros, { epochs: 1, batchSize: 4, shuffle: false, verbose: 0 });
    expectClose(bn.movingMean!, mm.map((m, c) => momentum * m + (1 - momentum) * mean[c]!), { rtol: 1e-5, atol: 1e-6 });
    expectClose(bn.movingVariance!, mv.map((v, c) => momentum * v + (1 - momentum) * unbiased[c]!), { rtol: 1e-5, atol: 1e-6 });
    p.dispose();
  });

  it('graph mode: fit runs the moving-average updates; predict uses the moving statistics', async () => {
    const g = new tl.Graph();
    const { model, bn } = g.asDefault(() => {
      const bn = L.batchNormalization({ momentum, epsilon: eps, inputShape: [2] });
      return { model: K.sequential({ layers: [bn] }), bn };
    });
    model.compile({ optimizer: new tl.train.GradientDescentOptimizer(0), loss: 'mse' });
    await model.fit(x, [[0, 0], [0, 0], [0, 0], [0, 0]], { epochs: 1, batchSize: 4, shuffle: false, verbose: 0 });
    const [mmT, mvT] = [bn.getWeights()[2]!, bn.getWeights()[3]!];
    const mm = mean.map((m) => (1 - momentum) * m);
    const mv = unbiased.map((v) => momentum + (1 - momentum) * v);
    expectClose(mmT, mm, { rtol: 1e-5, atol: 1e-6 });
    expectClose(mvT, mv, { rtol: 1e-5, atol: 1e-6 });
    const p = model.predict(x) as Tensor;
    expect(p.isSymbolic).toBe(false);
    expectClose(p, x.flatMap((r) => r.map((v, c) => (v - mm[c]!) / Math.sqrt(mv[c]! + eps))), { rtol: 1e-5, atol: 1e-5 });
  });
});
