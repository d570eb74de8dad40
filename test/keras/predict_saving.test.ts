/**
 * model.predict / predictOnBatch return tensors synchronously (eager and graph), predictAsync agrees and takes
 * async datasets; models holding every kind of keras layer round-trip through save/load with bitwise-identical
 * predictions (BatchNormalization's moving statistics included); a Lambda layer makes save throw a typed error
 * before anything is written.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectClose } from '../util/index.js';

const K = tl.keras;
const L = tl.keras.layers;
const tmp = () => mkdtempSync(join(tmpdir(), 'tl-keras2-'));

/** y = x W + b with W = [[1, 2], [3, 4], [5, 6]], b = [0.5, -1]. */
const W = [[1, 2], [3, 4], [5, 6]];
const B = [0.5, -1];
const X = [[1, 0, 2], [0, 1, -1], [2, 2, 2]];
const expected = X.map((r) => [0, 1].map((j) => r.reduce((s, v, i) => s + v * W[i]![j]!, 0) + B[j]!)).flat();

describe('predict is synchronous', () => {
  it('eager: predict and predictOnBatch return tensors equal to the hand computation; predictAsync agrees', async () => {
    const m = K.sequential({ layers: [L.dense({ units: 2, inputShape: [3] })] });
    m.setWeights([W, B]);
    const y = m.predict(X, { batchSize: 2 });
    expect(y).toBeInstanceOf(tl.Tensor);
    expectClose(y as Tensor, expected);
    const yb = m.predictOnBatch(X);
    expect(yb).toBeInstanceOf(tl.Tensor);
    expectClose(yb as Tensor, expected);
    expectClose((await m.predictAsync(X, { batchSize: 1 })) as Tensor, expected);
    // A synchronous dataset of [x, y] batches: x is used; steps stops early.
    function* batches() {
      yield [tl.tensor([X[0]!]), tl.tensor([[0, 0]])];
      yield [tl.tensor([X[1]!, X[2]!]), tl.tensor([[0, 0], [0, 0]])];
    }
    expectClose(m.predict(batches()) as Tensor, expected);
    expectClose(m.predict(batches(), { steps: 1 }) as Tensor, expected.slice(0, 2));
    async function* gen() {
      yield [tl.tensor(X), tl.tensor([[0, 0], [0, 0], [0, 0]])];
    }
    expect(() => m.predict(gen())).toThrow(tl.ArgumentError);
    expect(() => m.predict(gen())).toThrow(/predictAsync/);
    expectClose((await m.predictAsync(gen())) as Tensor, expected);
    expect(() => m.predict(X, { steps: 0 })).toThrow(/steps/);
    expect(() => m.predict(X, { batch: 2 } as never)).toThrow(/batch/);
  });

  it('leaks nothing: only the returned tensor stays', () => {
    const m = K.sequential({ layers: [L.dense({ units: 2, inputShape: [3] }), L.dropout({ rate: 0.5 })] });
    const x = tl.tensor(X);
    m.predict(x, { batchSize: 2 }); // builds nothing new, but warm anyway
    const before = tl.memory().numTensors;
    const y = m.predict(x, { batchSize: 2 }) as Tensor;
    expect(tl.memory().numTensors).toBe(before + 1);
    y.dispose();
  });

  it('graph mode: predict runs the session synchronously and returns concrete tensors', async () => {
    const g = new tl.Graph();
    const m = g.asDefault(() => K.sequential({ layers: [L.dense({ units: 2, inputShape: [3] })] }));
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    await m.fit(X, [[0, 0], [0, 0], [0, 0]], { epochs: 1, verbose: 0 }); // makes and initializes the session
    m.setWeights([W, B]);
    const y = m.predict(X, { batchSize: 2 }) as Tensor;
    expect(y.isSymbolic).toBe(false);
    expectClose(y, expected);
    expectClose(m.predictOnBatch(X) as Tensor, expected);
    expectClose((await m.predictAsync(X)) as Tensor, expected);
  });
});

/** Trains one epoch (so batch norm statistics move), saves, loads, and compares predictions bit for bit. */
async function roundTrip(model: InstanceType<typeof K.Model>, x: unknown, y: unknown): Promise<InstanceType<typeof K.Model>> {
  model.compile({ optimizer: 'adam', loss: 'mse' });
  await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
  const dir = join(tmp(), 'model');
  model.save(dir);
  const loaded = K.models.loadModel(dir);
  const p1 = [model.predict(x)].flat() as Tensor[];
  const p2 = [loaded.predict(x)].flat() as Tensor[];
  expect(p2.map((t) => t.shape)).toEqual(p1.map((t) => t.shape));
  p1.forEach((t, i) => expect(Array.from(p2[i]!.dataSync())).toEqual(Array.from(t.dataSync())));
  const names = (m: InstanceType<typeof K.Model>) => m.layers.map((l) => (l.constructor as unknown as { className: string }).className);
  expect(names(loaded)).toEqual(names(model));
  expect(loaded.weights.map((w) => w.shape)).toEqual(model.weights.map((w) => w.shape));
  return loaded;
}

const rand = (shape: number[], seed: number) => {
  tl.setRandomSeed(seed);
  return tl.randomUniform(shape, -1, 1);
};

describe('save/load round trips of every layer kind', () => {
  it('image layers: ZeroPadding2D, Conv2D, BatchNormalization, LeakyReLU, SeparableConv2D, pooling, UpSampling2D, Conv2DTranspose, LayerNormalization, global pooling, merges', async () => {
    const inp = K.input({ shape: [6, 6, 2] });
    let h = L.zeroPadding2d({ padding: 1 }).apply(inp); // 8x8x2
    h = L.conv2d({ filters: 3, kernelSize: 3 }).apply(h); // 6x6x3
    h = L.batchNormalization().apply(h);
    h = L.leakyReLU({ alpha: 0.2 }).apply(h);
    h = L.separableConv2d({ filters: 4, kernelSize: 3, padding: 'same', depthMultiplier: 2 }).apply(h); // 6x6x4
    h = L.maxPooling2d({ poolSize: 2 }).apply(h); // 3x3x4
    h = L.upSampling2d({ size: 2 }).apply(h); // 6x6x4
    h = L.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }).apply(h); // 12x12x2
    h = L.averagePooling2d({ poolSize: 3 }).apply(h); // 4x4x2
    h = L.layerNormalization().apply(h);
    const a = L.globalAveragePooling2d().apply(h); // [2]
    const b = L.globalMaxPooling2d().apply(h);
    const merged = L.concatenate().apply([L.add().apply([a, b]), L.subtract().apply([a, b]), L.multiply().apply([a, b]), L.average().apply([a, b]), L.maximum().apply([a, b]), L.minimum().apply([a, b])]);
    const out = L.softmax().apply(L.dense({ units: 3 }).apply(merged));
    const model = K.model({ inputs: inp, outputs: out });
    const loaded = await roundTrip(model, rand([8, 6, 6, 2], 5), rand([8, 3], 6));
    // The moving statistics came back too (fit moved them away from 0 / 1).
    const bnOf = (m: InstanceType<typeof K.Model>) => m.layers.find((l) => l instanceof L.BatchNormalization) as InstanceType<typeof L.BatchNormalization>;
    expect(Array.from(bnOf(model).movingMean!.dataSync()).some((v) => v !== 0)).toBe(true);
    expect(Array.from(bnOf(loaded).movingMean!.dataSync())).toEqual(Array.from(bnOf(model).movingMean!.dataSync()));
    expect(Array.from(bnOf(loaded).movingVariance!.dataSync())).toEqual(Array.from(bnOf(model).movingVariance!.dataSync()));
  });

  it('sequence layers: Embedding, Conv1D, MaxPooling1D, AveragePooling1D, global 1-D pooling, Reshape, Permute, RepeatVector, Activation, Dropout, GaussianNoise, ActivityRegularization, ReLU', async () => {
    const ids = K.input({ shape: [8], dtype: 'int32' });
    const e = L.embedding({ inputDim: 5, outputDim: 4 }).apply(ids); // [8, 4]
    let h = L.conv1d({ filters: 3, kernelSize: 2, activation: 'tanh' }).apply(e); // [7, 3]
    h = L.maxPooling1d({ poolSize: 2, strides: 1 }).apply(h); // [6, 3]
    h = L.averagePooling1d({ poolSize: 2 }).apply(h); // [3, 3]
    h = L.permute({ dims: [2, 1] }).apply(h);
    h = L.reshape({ targetShape: [9] }).apply(h);
    h = L.gaussianNoise({ stddev: 0.1 }).apply(L.dropout({ rate: 0.2 }).apply(h));
    h = L.activityRegularization({ l2: 0.01 }).apply(L.activation({ activation: 'relu' }).apply(h));
    const g = L.concatenate().apply([L.globalMaxPooling1d().apply(e), L.globalAveragePooling1d().apply(e)]); // [8]
    const rep = L.flatten().apply(L.repeatVector({ n: 2 }).apply(g)); // [16]
    const out = L.reLU({ maxValue: 6 }).apply(L.dense({ units: 2 }).apply(L.concatenate().apply([h, rep])));
    const model = K.model({ inputs: ids, outputs: out });
    const x = Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => (i * 3 + j * 7) % 5));
    await roundTrip(model, x, rand([8, 2], 7));
  });

  it('3-D layers in a Sequential: Conv3D, MaxPooling3D, AveragePooling3D, Flatten, Dense', async () => {
    const model = K.sequential({
      layers: [
        L.conv3d({ filters: 2, kernelSize: 2, inputShape: [4, 4, 4, 1] }), // 3x3x3x2
        L.maxPooling3d({ poolSize: 2, strides: 1 }), // 2x2x2x2
        L.averagePooling3d({ poolSize: 2 }), // 1x1x1x2
        L.flatten(),
        L.batchNormalization(),
        L.dense({ units: 1 }),
      ],
    });
    await roundTrip(model, rand([8, 4, 4, 4, 1], 8), rand([8, 1], 9));
  });
});

describe('Lambda layers and saving', () => {
  it('save throws a typed error naming the Lambda layer and writes nothing', () => {
    const inp = K.input({ shape: [3] });
    const doubled = L.lambda({ fn: (t: Tensor) => tl.mul(t, 2), name: 'doubler' }).apply(inp);
    const inner = K.model({ inputs: inp, outputs: L.dense({ units: 1 }).apply(doubled), name: 'inner_with_lambda' });
    const outerIn = K.input({ shape: [3] });
    const outer = K.model({ inputs: outerIn, outputs: inner.apply(outerIn) });
    for (const m of [inner, outer]) {
      const dir = join(tmp(), 'never');
      expect(() => m.save(dir)).toThrow(tl.ArgumentError);
      expect(() => m.save(dir)).toThrow(/Lambda layers cannot be serialized; layer '(inner_with_lambda\/)?doubler'/);
      expect(existsSync(dir)).toBe(false);
    }
    // Weights-only saving still works for such a model.
    const file = join(tmp(), 'w.safetensors');
    outer.saveWeights(file);
    expect(existsSync(file)).toBe(true);
  });
});
