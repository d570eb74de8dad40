/**
 * tl.onnx.export of tl.keras models: a CNN trained on the bundled digits and a model using every exportable
 * layer kind are exported, run by onnxruntime-node (the independent reference) and compared with
 * model.predict to 1e-4, imported back with tl.onnx.load, and run with another batch size (dynamicBatch).
 */
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tl from '../../src/index.js';
import { expectClose, randValues } from '../util/index.js';
import { runOrt } from './make_model.js';

const K = tl.keras;
const L = tl.keras.layers;
const dir = mkdtempSync(join(tmpdir(), 'tl-onnx-keras-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const randT = (shape: number[], seed: number, scale = 1) => tl.tensor(Array.from(randValues(shape.reduce((a, b) => a * b, 1), seed), (v) => v * scale), shape);
const floats = (t: tl.Tensor) => Array.from(t.dataSync() as Float32Array);

function digits(n: number): { x: tl.Tensor; y: tl.Tensor } {
  const d = tl.loadDigits();
  return { x: tl.div(tl.tensor(d.images.slice(0, n * 64), [n, 8, 8, 1]), 16), y: tl.tensor(d.labels.slice(0, n), [n], 'int32') };
}

describe('onnx.export of keras models', () => {
  it('a CNN trained on the digits: onnxruntime, re-import and another batch size match predict', async () => {
    tl.setRandomSeed(3);
    const { x, y } = digits(200);
    const model = new K.Sequential([
      new L.Conv2D(6, 3, { activation: 'relu', padding: 'same', inputShape: [8, 8, 1] }),
      new tl.layers.BatchNormalization(),
      new tl.layers.MaxPooling2D(2),
      new L.Conv2D(8, 3, { activation: 'relu' }),
      new L.Flatten(),
      new L.Dropout(0.3),
      new L.Dense(10, { activation: 'softmax' }),
    ]);
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const h = await model.fit(x, y, { epochs: 3, batchSize: 32, verbose: 0 });
    expect(h.history.loss![2]!).toBeLessThan(h.history.loss![0]!);
    const expected = (await model.predict(x)) as tl.Tensor;

    const path = join(dir, 'cnn.onnx');
    const bytes = await tl.onnx.export(model, { dynamicBatch: true, opset: 17, path });
    expect(Array.from(readFileSync(path))).toEqual(Array.from(bytes));
    const inName = model.inputNames[0]!, outName = model.outputNames[0]!;
    const ref = await runOrt(bytes, { [inName]: { type: 'float', dims: [200, 8, 8, 1], values: floats(x) } });
    expect(ref[outName]!.dims).toEqual([200, 10]);
    expectClose(ref[outName]!.values, expected, { atol: 1e-4, rtol: 1e-4 });

    const back = await tl.onnx.load(bytes);
    expect(back.inputs[0]!.shape).toEqual(['batch', 8, 8, 1]);
    expectClose(back.run({ [inName]: x })[outName]!, expected, { atol: 1e-4, rtol: 1e-4 });

    const five = tl.slice(x, [0, 0, 0, 0], [5, 8, 8, 1]);
    const ref5 = await runOrt(bytes, { [inName]: { type: 'float', dims: [5, 8, 8, 1], values: floats(five) } });
    expectClose(ref5[outName]!.values, tl.slice(expected, [0, 0], [5, 10]), { atol: 1e-4, rtol: 1e-4 });

    // toOnnxruntime: the same run interface, in onnxruntime-node.
    const ortModel = await model.toOnnxruntime();
    expect(ortModel.backend).toBe('onnxruntime');
    expectClose((await ortModel.runAsync({ [inName]: five }))[outName]!, tl.slice(expected, [0, 0], [5, 10]), { atol: 1e-4, rtol: 1e-4 });
    model.dispose();
  });

  it('every exportable layer kind (functional, nested, channelsFirst, merges, all activations) matches predict', async () => {
    tl.setRandomSeed(4);
    const img = K.Input({ shape: [6, 6, 2], name: 'img' });
    const seq = K.Input({ shape: [7, 3], name: 'seq' });
    const ids = K.Input({ shape: [4], dtype: 'int32', name: 'ids' });
    const acts = ['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'tanh', 'softmax', 'logSoftmax', 'softplus', 'softsign', 'hardSigmoid', 'swish', 'silu', 'gelu', 'exponential', 'leakyRelu'];

    let a = new L.Conv2D(4, 3, { padding: 'same', activation: 'tanh' }).apply(img) as tl.keras.layers.KerasTensor;
    a = new tl.layers.ZeroPadding2D([[1, 0], [0, 1]]).apply(a) as never;
    a = new tl.layers.AveragePooling2D(2, null, { padding: 'same' }).apply(a) as never; // 4x4
    a = new tl.layers.UpSampling2D({ size: [2, 1] }).apply(a) as never; // 8x4
    a = new L.SeparableConv2D(5, 3, { padding: 'valid', depthMultiplier: 2 }).apply(a) as never; // 6x2
    a = new L.Conv2DTranspose(3, 3, { strides: 2, padding: 'same', activation: 'relu' }).apply(a) as never; // 12x4
    a = new tl.layers.BatchNormalization({ axis: -1 }).apply(a) as never;
    const cf = new L.Permute([3, 1, 2]).apply(a) as never; // channels first [3, 12, 4]
    let b = new L.Conv2D(4, [3, 2], { dataFormat: 'channelsFirst', strides: [2, 1] }).apply(cf) as never;
    b = new tl.layers.MaxPooling2D(2, null, { dataFormat: 'channelsFirst' }).apply(b) as never;
    const g1 = new tl.layers.GlobalAveragePooling2D({ dataFormat: 'channelsFirst' }).apply(b) as never;
    const g2 = new tl.layers.GlobalMaxPooling2D().apply(a) as never;

    let s = new L.Conv1D(4, 3, { padding: 'same', activation: 'relu' }).apply(seq) as never;
    s = new tl.layers.MaxPooling1D(2).apply(s) as never;
    s = new tl.layers.LayerNormalization().apply(s) as never;
    const g3 = new tl.layers.GlobalAveragePooling1D().apply(s) as never;

    const e = new tl.layers.Embedding(10, 3).apply(ids) as never;
    const ef = new L.Flatten().apply(new L.Reshape([3, 4]).apply(e) as never) as never;

    const inner = K.Input({ shape: [7] });
    const innerModel = new K.Model({ inputs: inner, outputs: new L.Dense(7, { activation: 'tanh' }).apply(inner) as never, name: 'inner' });
    const cat = new tl.layers.Concatenate().apply([g1, g2, g3] as never) as never; // 4 + 3 + 4 = 11
    const d11 = new L.Dense(12).apply(cat) as never;
    const merged = [
      new tl.layers.Add().apply([d11, ef] as never), new tl.layers.Subtract().apply([d11, ef] as never),
      new tl.layers.Multiply().apply([d11, ef] as never), new tl.layers.Average().apply([d11, ef] as never),
      new tl.layers.Maximum().apply([d11, ef] as never), new tl.layers.Minimum().apply([d11, ef] as never),
    ];
    const m = new tl.layers.Concatenate({ axis: -1 }).apply(merged as never) as never; // 72
    const heads = acts.map((act) => new L.Activation(act).apply(new L.Dense(4).apply(m) as never));
    const extra = [
      new tl.layers.LeakyReLU({ alpha: 0.1 }).apply(new L.Dense(4).apply(m) as never),
      new tl.layers.ReLU({ maxValue: 0.5, negativeSlope: 0.2, threshold: -0.1 }).apply(new L.Dense(4).apply(m) as never),
      new tl.layers.Softmax().apply(new L.Dense(4).apply(m) as never),
      new L.Dropout(0.5).apply(new L.Dense(4).apply(m) as never),
    ];
    const all = new tl.layers.Concatenate().apply([...heads, ...extra] as never) as never;
    const out = innerModel.apply(new L.Dense(7).apply(all) as never) as never;
    const model = new K.Model({ inputs: [img, seq, ids], outputs: out, name: 'zoo' });

    const xi = randT([3, 6, 6, 2], 11), xs = randT([3, 7, 3], 12), xd = tl.tensor([1, 2, 3, 9, 0, 0, 5, 4, 7, 7, 8, 1], [3, 4], 'int32');
    const expected = (await model.predict([xi, xs, xd])) as tl.Tensor;
    const ev = floats(expected);
    expect(Math.max(...ev) - Math.min(...ev)).toBeGreaterThan(0.1); // a live signal, not a constant
    const bytes = await tl.onnx.export(model, { dynamicBatch: true });
    const text = new TextDecoder('latin1').decode(bytes);
    for (const op of ['ConvTranspose', 'Resize', 'Pad', 'Gather', 'HardSigmoid', 'Erf', 'Where', 'ReduceMax', 'BatchNormalization']) expect(text).toContain(op);
    const ref = await runOrt(bytes, {
      img: { type: 'float', dims: [3, 6, 6, 2], values: floats(xi) },
      seq: { type: 'float', dims: [3, 7, 3], values: floats(xs) },
      ids: { type: 'int32', dims: [3, 4], values: Array.from(xd.dataSync() as Int32Array) },
    });
    expectClose(ref[model.outputNames[0]!]!.values, expected, { atol: 1e-4, rtol: 1e-4 });
    const back = await tl.onnx.load(bytes);
    expectClose(back.run({ img: xi, seq: xs, ids: xd })[model.outputNames[0]!]!, expected, { atol: 1e-4, rtol: 1e-4 });
  });

  it('Conv3D and 3-D pooling layers export (NDHWC transposed to NCDHW) and match predict', async () => {
    const model = new K.Sequential([
      new L.Conv3D(3, 2, { inputShape: [4, 5, 4, 2], padding: 'same', activation: 'relu' }),
      new L.MaxPooling3D(2),
      new L.AveragePooling3D(2, 1, { padding: 'same' }),
      new L.Flatten(),
      new L.Dense(2),
    ]);
    const x = randT([3, 4, 5, 4, 2], 21);
    const expected = (await model.predict(x)) as tl.Tensor;
    const bytes = await tl.onnx.export(model, { dynamicBatch: true });
    const ref = await runOrt(bytes, { [model.inputNames[0]!]: { type: 'float', dims: [3, 4, 5, 4, 2], values: floats(x) } });
    expectClose(ref[model.outputNames[0]!]!.values, expected, { atol: 1e-5, rtol: 1e-5 });
    const back = await tl.onnx.load(bytes);
    expectClose(back.run({ [model.inputNames[0]!]: x })[model.outputNames[0]!]!, expected, { atol: 1e-5, rtol: 1e-5 });
  });

  it('a layer that cannot be exported is named in a typed error', async () => {
    const x = K.Input({ shape: [4] });
    const lam = new L.Lambda((t: tl.Tensor) => tl.reshape(tl.matrixInverse(tl.reshape(t, [-1, 2, 2])), [-1, 4]), { name: 'inverse' });
    const model = new K.Model({ inputs: x, outputs: new L.Dense(2).apply(lam.apply(x) as never) as never });
    await expect(tl.onnx.export(model)).rejects.toThrow(tl.ArgumentError);
    await expect(tl.onnx.export(model)).rejects.toThrow(/layer 'inverse' \(Lambda\) cannot be exported.*matrixInverse.*no operator in the ONNX default domain/);
    await expect(tl.onnx.export(model, { nope: 1 } as never)).rejects.toThrow(/nope/);
    await expect(tl.onnx.export({} as never)).rejects.toThrow(tl.ArgumentError);
  });
});
