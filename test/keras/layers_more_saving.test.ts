/**
 * Save / load of models holding every later keras layer: after one epoch of fit (so weights, PReLU slopes
 * included, moved), model.save and tl.keras.models.loadModel give bitwise-equal predictions, the same layer
 * classes, weight shapes and configs; getConfig -> fromConfig rebuilds each layer with options that differ
 * from the defaults.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

const K = tl.keras;
const L = tl.keras.layers;
type Model = InstanceType<typeof K.Model>;
type KT = InstanceType<typeof L.KerasTensor>;

const className = (l: object) => (l.constructor as unknown as { className: string }).className;
const rand = (shape: number[], seed: number) => {
  tl.setRandomSeed(seed);
  return tl.randomUniform(shape, -1, 1);
};

async function roundTrip(model: Model, x: Tensor | Tensor[], y: Tensor): Promise<Model> {
  model.compile({ optimizer: 'adam', loss: 'mse' });
  await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
  const dir = join(mkdtempSync(join(tmpdir(), 'tl-klayers-')), 'model');
  model.save(dir);
  const loaded = K.models.loadModel(dir);
  const p1 = model.predict(x) as Tensor;
  const p2 = loaded.predict(x) as Tensor;
  expect(p2.shape).toEqual(p1.shape);
  expect(Array.from(p2.dataSync())).toEqual(Array.from(p1.dataSync()));
  expect(loaded.layers.map(className)).toEqual(model.layers.map(className));
  expect(loaded.weights.map((w) => w.shape)).toEqual(model.weights.map((w) => w.shape));
  loaded.layers.forEach((l, i) => expect(l.getConfig(), l.name).toEqual(model.layers[i]!.getConfig()));
  return loaded;
}

describe('save/load round trips of the later layers', () => {
  it('images, sequences and volumes: every new layer in one functional model', async () => {
    const img = K.input({ shape: [6, 6, 2], name: 'img' });
    let a = new L.DepthwiseConv2D(3, { depthMultiplier: 2, padding: 'same', activation: 'tanh' }).apply(img) as KT; // 6x6x4
    a = new L.PReLU({ sharedAxes: [1, 2], alphaInitializer: { className: 'constant', config: { value: 0.2 } } }).apply(a) as KT;
    a = new L.SpatialDropout2D(0.2).apply(a) as KT;
    a = new L.Cropping2D([[1, 0], [0, 1]]).apply(a) as KT; // 5x5x4
    const cf = new L.DepthwiseConv2D(2, { dataFormat: 'channelsFirst', useBias: false }).apply(new L.Permute([3, 1, 2]).apply(a) as KT) as KT; // 4x4x4
    const a1 = new L.GlobalMaxPooling2D().apply(a) as KT; // [4]
    const a2 = new L.Flatten().apply(new L.GlobalAveragePooling2D({ keepdims: true, dataFormat: 'channelsFirst' }).apply(cf) as KT) as KT; // [4]

    const seq = K.input({ shape: [8, 3], name: 'seq' });
    let s = new L.ZeroPadding1D([1, 0]).apply(seq) as KT; // 9x3
    s = new L.SeparableConv1D(4, 3, { depthMultiplier: 2, depthwiseRegularizer: 'l2' }).apply(s) as KT; // 7x4
    s = new L.ELU({ alpha: 0.5 }).apply(s) as KT;
    s = new L.Cropping1D([1, 0]).apply(s) as KT; // 6x4
    s = new L.UpSampling1D({ size: 2 }).apply(s) as KT; // 12x4
    s = new L.Conv1DTranspose(2, 3, { strides: 2, padding: 'same' }).apply(s) as KT; // 24x2
    s = new L.GaussianDropout(0.1, { seed: 4 }).apply(new L.SpatialDropout1D(0.1).apply(s) as KT) as KT;
    const s1 = new L.GlobalAveragePooling1D().apply(s) as KT; // [2]
    const dot = new L.Dot(1, { normalize: true }).apply([a1, new L.Dense(4).apply(s1) as KT]) as KT; // [1]
    const dot2 = new L.Dot([2, 2]).apply([s, s]) as KT; // [24, 24]

    const vol = K.input({ shape: [2, 3, 2, 1], name: 'vol' });
    let v = new L.Conv3DTranspose(2, 2, { strides: 2 }).apply(vol) as KT; // 4x6x4x2
    v = new L.ZeroPadding3D(1).apply(v) as KT; // 6x8x6x2
    v = new L.Cropping3D([[1, 1], [2, 0], [0, 1]]).apply(v) as KT; // 4x6x5x2
    v = new L.UpSampling3D({ size: [1, 1, 2] }).apply(v) as KT; // 4x6x10x2
    v = new L.SpatialDropout3D(0.1).apply(v) as KT;
    const v1 = new L.Flatten().apply(new L.GlobalMaxPooling3D({ keepdims: true }).apply(v) as KT) as KT; // [2]
    const v2 = new L.GlobalAveragePooling3D().apply(v) as KT; // [2]

    let h = new L.Concatenate().apply([a1, a2, s1, dot, new L.GlobalMaxPooling1D().apply(dot2) as KT, v1, v2]) as KT; // 4+4+2+1+24+2+2
    h = new L.ThresholdedReLU({ theta: 0.05 }).apply(new L.Dense(6).apply(h) as KT) as KT;
    h = new L.AlphaDropout(0.1, { noiseShape: [null, 1] }).apply(h) as KT;
    const model = K.model({ inputs: [img, seq, vol], outputs: new L.Dense(2).apply(h) as KT });
    expect((model.outputs[0] as KT).shape).toEqual([null, 2]);

    const x = [rand([8, 6, 6, 2], 1), rand([8, 8, 3], 2), rand([8, 2, 3, 2, 1], 3)];
    const before = Array.from((model.layers.find((l) => l instanceof L.PReLU) as InstanceType<typeof L.PReLU>).alpha!.dataSync());
    const loaded = await roundTrip(model, x, rand([8, 2], 4));
    const prelu = loaded.layers.find((l) => l instanceof L.PReLU) as InstanceType<typeof L.PReLU>;
    expect(Array.from(prelu.alpha!.dataSync())).not.toEqual(before); // fit moved the slopes, and they came back
    expect(prelu.sharedAxes).toEqual([1, 2]);
  });

  it('a Sequential of the 1-D layers with channelsFirst convolutions', async () => {
    const model = K.sequential({
      layers: [
        new L.InputLayer({ inputShape: [3, 10] }), // channels first: 3 channels, 10 steps
        new L.SeparableConv1D(4, 3, { dataFormat: 'channelsFirst', padding: 'same', strides: 2 }), // [4, 5]
        new L.Conv1DTranspose(3, 2, { dataFormat: 'channelsFirst', strides: 2 }), // [3, 10]
        new L.PReLU(),
        new L.Flatten(),
        new L.Dense(1),
      ],
    });
    await roundTrip(model, rand([8, 3, 10], 5), rand([8, 1], 6));
  });
});

describe('getConfig -> fromConfig keeps every option', () => {
  it('rebuilds each layer with the same config', () => {
    const layers = [
      new L.DepthwiseConv2D([3, 2], {
        strides: 2, padding: 'same', depthMultiplier: 3, dataFormat: 'channelsFirst', activation: 'relu', useBias: false,
        depthwiseInitializer: 'heNormal', depthwiseRegularizer: 'l1', depthwiseConstraint: 'nonNeg', activityRegularizer: 'l2',
      }),
      new L.SeparableConv1D(5, 4, { dilationRate: 2, pointwiseInitializer: 'ones', biasConstraint: 'nonNeg' }),
      new L.Conv1DTranspose(3, 5, { strides: 2, kernelRegularizer: 'l2' }),
      new L.Conv3DTranspose(2, [1, 2, 3], { strides: [2, 1, 1], dataFormat: 'channelsFirst' }),
      new L.ZeroPadding1D([2, 3]), new L.ZeroPadding3D([[1, 2], [0, 1], [3, 0]], { dataFormat: 'channelsFirst' }),
      new L.Cropping1D([0, 2]), new L.Cropping2D([1, 2]), new L.Cropping3D(2),
      new L.UpSampling1D({ size: 4 }), new L.UpSampling3D({ size: [1, 2, 3], dataFormat: 'channelsFirst' }),
      new L.GlobalAveragePooling3D({ keepdims: true }), new L.GlobalMaxPooling3D({ dataFormat: 'channelsFirst' }),
      new L.PReLU({ sharedAxes: [1], alphaInitializer: 'ones', alphaRegularizer: 'l2', alphaConstraint: 'nonNeg' }),
      new L.ELU({ alpha: 0.7 }), new L.ThresholdedReLU({ theta: 0.2 }),
      new L.SpatialDropout1D(0.3, { seed: 7 }), new L.SpatialDropout2D(0.2, { dataFormat: 'channelsFirst' }), new L.SpatialDropout3D(0.4),
      new L.GaussianDropout(0.25, { seed: 2 }), new L.AlphaDropout(0.15, { noiseShape: [null, 1, null], seed: 9 }),
      new L.Dot([2, 1], { normalize: true }),
    ];
    for (const l of layers) {
      const spec = tl.layers.serializeLayer(l);
      const json = JSON.parse(JSON.stringify(spec)) as typeof spec; // what a model file holds
      const back = tl.layers.deserializeLayer(json);
      expect(className(back), l.name).toBe(className(l));
      expect(back.getConfig(), l.name).toEqual(l.getConfig());
    }
    // A few values, to be sure the configs hold the options and not only the defaults.
    const cfg = (i: number) => layers[i]!.getConfig();
    expect(cfg(0)).toMatchObject({ kernelSize: [3, 2], depthMultiplier: 3, dataFormat: 'channelsFirst', depthwiseConstraint: { className: 'nonNeg' } });
    expect(cfg(0)).not.toHaveProperty('kernelInitializer');
    expect(cfg(5)).toMatchObject({ padding: [[1, 2], [0, 1], [3, 0]], dataFormat: 'channelsFirst' });
    expect(cfg(13)).toMatchObject({ sharedAxes: [1], alphaInitializer: { className: 'ones' } });
    expect(cfg(20)).toMatchObject({ rate: 0.15, noiseShape: [null, 1, null], seed: 9 });
    expect(cfg(21)).toMatchObject({ axes: [2, 1], normalize: true });
  });
});
