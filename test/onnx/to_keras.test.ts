/**
 * tl.onnx.toKeras: ONNX models become functional tl.keras models made of ordinary layers.
 *
 * - round trips: tl.keras models (an MLP, a CNN in channelsFirst and channelsLast, a two-input functional model
 *   with Add and Concatenate) -> tl.onnx.export -> toKeras predict as the original (1e-5) and as
 *   onnxruntime-node runs the exported bytes (the independent reference);
 * - PyTorch-style models written directly as ONNX (pads, Gemm transB=1, BatchNormalization, Clip, ConvTranspose,
 *   pools counting pads, global pools, LayerNormalization, two outputs) match onnxruntime-node to 1e-5, and the
 *   converted model trains, saves and loads;
 * - a node without a layer (TopK, an unknown op, asymmetric max-pool pads, grouped convs, a constant added) is
 *   refused with a typed error naming it. The layers added later (depthwise and 3-D convs, transposed 1-D/3-D
 *   convs, padding, cropping, upsampling, PReLU, Dot, ...) are tested in to_keras_layers.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { expectClose, randValues } from '../util/index.js';
import { A, makeModel, rand, runOrt, smallCnn, type ModelSpec, brightestBand } from './make_model.js';
import { TOL, classes, config, floats, ortOf, randT, refusal, roundTrip, tiny } from './to_keras_util.js';

const K = tl.keras;
const L = tl.keras.layers;
const dir = mkdtempSync(join(tmpdir(), 'tl-onnx-to-keras-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('onnx.toKeras round trips of tl.keras models', () => {
  it('an MLP becomes the same Dense layers with their activations', async () => {
    tl.setRandomSeed(11);
    const model = new K.Sequential([
      new L.Dense(16, { activation: 'relu', inputShape: [5] }),
      new L.Dropout(0.25),
      new L.Dense(8, { activation: 'tanh' }),
      new L.Dense(3, { activation: 'softmax' }),
    ]);
    const back = await roundTrip(model, [randT([7, 5], 1)]);
    // Dropout is the identity in the exported (inference) graph, so it leaves no layer.
    expect(classes(back)).toEqual(['InputLayer', 'Dense', 'Dense', 'Dense']);
    expect([0, 1, 2].map((k) => config(back, 'Dense', k).activation)).toEqual(['relu', 'tanh', 'softmax']);
    expect(back.countParams()).toBe(model.countParams());
    model.dispose();
    back.dispose();
  });

  for (const dataFormat of ['channelsFirst', 'channelsLast'] as const) {
    it(`a CNN (Conv2D, MaxPooling2D, BatchNormalization, Flatten, Dense) in ${dataFormat}`, async () => {
      tl.setRandomSeed(12);
      const first = dataFormat === 'channelsFirst';
      const shape = first ? [2, 8, 8] : [8, 8, 2];
      const model = new K.Sequential([
        new L.Conv2D(4, 3, { activation: 'relu', padding: 'same', dataFormat, inputShape: shape }),
        new L.MaxPooling2D(2, null, { dataFormat }),
        new L.BatchNormalization({ axis: first ? 1 : -1 }),
        new L.Conv2D(3, 3, { strides: 1, dataFormat }),
        new L.Flatten({ dataFormat }),
        new L.Dense(4, { activation: 'softmax' }),
      ]);
      // Non-trivial batch-norm statistics and parameters.
      const bn = model.layers.find((l) => l instanceof L.BatchNormalization)!;
      bn.setWeights([randT([4], 3, 0.5, 1.5), randT([4], 4), randT([4], 5), randT([4], 6, 0.5, 2)]);
      const back = await roundTrip(model, [randT([5, ...shape], 7)]);
      // ONNX computes NCHW: the converted layers are channelsFirst; a channels-last model keeps one Permute at
      // the input and one before Flatten (the transposes the export wraps around each layer cancel).
      const convs = ['Conv2D', 'MaxPooling2D', 'BatchNormalization', 'Conv2D', 'Permute', 'Flatten', 'Dense'];
      expect(classes(back)).toEqual(first ? ['InputLayer', ...convs] : ['InputLayer', 'Permute', ...convs]);
      expect(config(back, 'Conv2D')).toMatchObject({ dataFormat: 'channelsFirst', padding: 'same', activation: 'relu' });
      expect(config(back, 'BatchNormalization')).toMatchObject({ axis: 1, epsilon: expect.closeTo(1e-3, 8) });
      if (!first) expect(config(back, 'Permute').dims).toEqual([3, 1, 2]);
      model.dispose();
      back.dispose();
    });
  }

  it('a functional model with two inputs, Add and Concatenate', async () => {
    tl.setRandomSeed(13);
    const a = K.Input({ shape: [6], name: 'a' });
    const b = K.Input({ shape: [4], name: 'b' });
    const ha = new L.Dense(5, { activation: 'sigmoid' }).apply(a) as tl.keras.layers.KerasTensor;
    const hb = new L.Dense(5).apply(b) as tl.keras.layers.KerasTensor;
    const sum = new L.Add().apply([ha, hb]) as tl.keras.layers.KerasTensor;
    const cat = new L.Concatenate().apply([sum, b]) as tl.keras.layers.KerasTensor;
    const out = new L.Dense(2).apply(cat) as tl.keras.layers.KerasTensor;
    const model = new K.Model({ inputs: [a, b], outputs: out });
    const back = await roundTrip(model, [randT([3, 6], 8), randT([3, 4], 9)]);
    expect(back.inputNames).toEqual(['a', 'b']);
    expect(classes(back).filter((c) => c !== 'InputLayer' && c !== 'Dense')).toEqual(['Add', 'Concatenate']);
    expect(config(back, 'Concatenate').axis).toBe(1);
    model.dispose();
    back.dispose();
  });
});

describe('onnx.toKeras of PyTorch-style models', () => {
  it('Conv(pads) -> Relu -> MaxPool -> Flatten -> Gemm(transB): matches onnxruntime, trains, saves and loads', async () => {
    const bytes = makeModel(smallCnn());
    const model = await tl.onnx.toKeras(bytes, { name: 'small_cnn' });
    expect(model.name).toBe('small_cnn');
    expect(classes(model)).toEqual(['InputLayer', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense']);
    expect(config(model, 'Conv2D')).toMatchObject({ padding: 'same', dataFormat: 'channelsFirst', activation: 'relu', kernelSize: [3, 3] });
    const lines: string[] = [];
    model.summary({ printFn: (l) => lines.push(l) });
    expect(lines.join('\n')).toMatch(/Total params: 151\b/); // (4*1*3*3 + 4) + (36*3 + 3)
    const x = randT([6, 1, 6, 6], 21);
    const ref = await ortOf(bytes, x);
    expectClose((await model.predict(x)) as tl.Tensor, ref.logits!.values, TOL);

    // Synthetic task: the class is which third of the image is brightest.
    const n = 24;
    const { xs, ys } = brightestBand(n);
    model.compile({ optimizer: new tl.train.AdamOptimizer(0.01), loss: 'meanSquaredError' });
    const h = await model.fit(tl.tensor(xs, [n, 1, 6, 6]), tl.tensor(ys, [n, 3]), { epochs: 8, batchSize: 8, verbose: 0 });
    const loss = h.history.loss!;
    expect(loss.at(-1)!).toBeLessThan(loss[0]! * 0.8);

    const saved = join(dir, 'small_cnn');
    model.save(saved);
    const loaded = await tl.keras.models.loadModel(saved);
    expect(classes(loaded)).toEqual(classes(model));
    expectClose((await loaded.predict(x)) as tl.Tensor, (await model.predict(x)) as tl.Tensor, { atol: 1e-6, rtol: 1e-6 });
    model.dispose();
    loaded.dispose();
  });

  it('strided pads, BatchNormalization, Clip, a residual Add, pools counting pads, ConvTranspose, global pools, LayerNormalization, two outputs', async () => {
    const spec: ModelSpec = {
      nodes: [
        { op: 'Conv', inputs: ['x', 'w1', 'b1'], outputs: ['c1'], attrs: { pads: [1, 1, 1, 1], strides: [2, 2] }, name: 'conv1' },
        { op: 'BatchNormalization', inputs: ['c1', 'g1', 'be1', 'm1', 'v1'], outputs: ['n1'], attrs: { epsilon: A.f(1e-5) } },
        { op: 'Clip', inputs: ['n1', 'zero', 'six'], outputs: ['r1'] },
        { op: 'Conv', inputs: ['r1', 'w2'], outputs: ['c2'], attrs: { pads: [1, 1, 1, 1] } },
        { op: 'Add', inputs: ['c2', 'b2'], outputs: ['c2b'] },
        { op: 'Add', inputs: ['r1', 'c2b'], outputs: ['res'] },
        { op: 'LeakyRelu', inputs: ['res'], outputs: ['lr'], attrs: { alpha: A.f(0.1) } },
        { op: 'AveragePool', inputs: ['lr'], outputs: ['ap'], attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1], count_include_pad: 1 } },
        { op: 'ConvTranspose', inputs: ['ap', 'wt', 'bt'], outputs: ['up'], attrs: { strides: [2, 2] } },
        { op: 'Sigmoid', inputs: ['up'], outputs: ['s'] },
        { op: 'GlobalAveragePool', inputs: ['s'], outputs: ['gap'] },
        { op: 'Flatten', inputs: ['gap'], outputs: ['f1'] },
        { op: 'GlobalMaxPool', inputs: ['s'], outputs: ['gmp'] },
        { op: 'Flatten', inputs: ['gmp'], outputs: ['f2'] },
        { op: 'Concat', inputs: ['f1', 'f2'], outputs: ['cat'], attrs: { axis: 1 } },
        { op: 'Gemm', inputs: ['cat', 'wg', 'bg'], outputs: ['gm'], attrs: { transB: 1, alpha: A.f(0.5), beta: A.f(2) } },
        { op: 'LayerNormalization', inputs: ['gm', 'lg', 'lb'], outputs: ['ln'], attrs: { axis: -1 } },
        { op: 'Softmax', inputs: ['ln'], outputs: ['probs'], attrs: { axis: -1 } },
        { op: 'MaxPool', inputs: ['s'], outputs: ['mp'], attrs: { kernel_shape: [2, 2], strides: [2, 2], auto_pad: 'SAME_UPPER' } },
        { op: 'Transpose', inputs: ['mp'], outputs: ['mpt'], attrs: { perm: [0, 2, 3, 1] } },
        { op: 'Reshape', inputs: ['mpt', 'flat'], outputs: ['mpf'] },
        { op: 'MatMul', inputs: ['mpf', 'wm'], outputs: ['mm'] },
        { op: 'Add', inputs: ['mm', 'bm'], outputs: ['mmb'] },
        { op: 'Tanh', inputs: ['mmb'], outputs: ['aux'] },
      ],
      inputs: [{ name: 'x', type: 'float', shape: ['N', 3, 8, 8] }],
      outputs: [{ name: 'probs', type: 'float', shape: ['N', 5] }, { name: 'aux', type: 'float', shape: ['N', 3] }],
      initializers: [
        { name: 'w1', ...rand([6, 3, 3, 3], 31, 0.4) }, { name: 'b1', ...rand([6], 32, 0.1) },
        { name: 'g1', ...rand([6], 33, 0.5) }, { name: 'be1', ...rand([6], 34, 0.2) }, { name: 'm1', ...rand([6], 35, 0.2) },
        { name: 'v1', type: 'float', dims: [6], values: Array.from(randValues(6, 36, 0.5, 1.5)) },
        { name: 'zero', type: 'float', dims: [], values: [0] }, { name: 'six', type: 'float', dims: [], values: [6] },
        { name: 'w2', ...rand([6, 6, 3, 3], 37, 0.3) }, { name: 'b2', ...rand([1, 6, 1, 1], 38, 0.1) },
        { name: 'wt', ...rand([6, 4, 2, 2], 39, 0.4) }, { name: 'bt', ...rand([4], 40, 0.1) },
        { name: 'wg', ...rand([5, 8], 41, 0.5) }, { name: 'bg', ...rand([5], 42, 0.1) },
        { name: 'lg', ...rand([5], 43, 1) }, { name: 'lb', ...rand([5], 44, 0.2) },
        { name: 'flat', type: 'int64', dims: [2], values: [0, -1] },
        { name: 'wm', ...rand([64, 3], 45, 0.3) }, { name: 'bm', ...rand([3], 46, 0.1) },
      ],
      opset: 17,
    };
    const bytes = makeModel(spec);
    const model = await tl.onnx.toKeras(bytes);
    const used = new Set(classes(model));
    for (const c of ['ZeroPadding2D', 'Conv2D', 'BatchNormalization', 'Activation', 'Add', 'LeakyReLU', 'AveragePooling2D', 'Conv2DTranspose',
      'GlobalAveragePooling2D', 'GlobalMaxPooling2D', 'Concatenate', 'Dense', 'LayerNormalization', 'MaxPooling2D', 'Permute', 'Flatten']) {
      expect(used, c).toContain(c);
    }
    // The bias Add after the second conv and the Tanh after the MatMul fold into their layers.
    expect(config(model, 'Conv2D', 1)).toMatchObject({ useBias: true, padding: 'same' });
    expect(config(model, 'Dense', 1)).toMatchObject({ useBias: true, activation: 'tanh' });
    const x = randT([3, 3, 8, 8], 47);
    const ref = await ortOf(bytes, x);
    const [probs, aux] = (await model.predict(x)) as tl.Tensor[];
    expect(probs!.shape).toEqual([3, 5]);
    expectClose(probs!, ref.probs!.values, TOL);
    expectClose(aux!, ref.aux!.values, TOL);
    model.dispose();
  });

  it('1-D: Conv1D (same pads), Elu, BatchNormalization, pools, Softmax over channels, a global pool kept [N, C, 1], Permute, Dropout, merges', async () => {
    const spec: ModelSpec = {
      nodes: [
        { op: 'Conv', inputs: ['x', 'w', 'b'], outputs: ['c'], attrs: { pads: [1, 1] } },
        { op: 'Elu', inputs: ['c'], outputs: ['e'] },
        { op: 'BatchNormalization', inputs: ['e', 'g', 'be', 'mu', 'var'], outputs: ['bn'] },
        { op: 'MaxPool', inputs: ['bn'], outputs: ['mp'], attrs: { kernel_shape: [2], strides: [2] } },
        { op: 'AveragePool', inputs: ['mp'], outputs: ['ap'], attrs: { kernel_shape: [3], pads: [1, 1] } },
        { op: 'Softmax', inputs: ['ap'], outputs: ['sm'], attrs: { axis: 1 } },
        { op: 'GlobalAveragePool', inputs: ['sm'], outputs: ['gap'] },
        { op: 'Transpose', inputs: ['gap'], outputs: ['t'], attrs: { perm: [0, 2, 1] } },
        { op: 'Reshape', inputs: ['t', 'shape'], outputs: ['f'] },
        { op: 'Dropout', inputs: ['f', 'ratio'], outputs: ['d'] },
        { op: 'Mul', inputs: ['d', 'd'], outputs: ['sq'] },
        { op: 'Sub', inputs: ['sq', 'd'], outputs: ['df'] },
        { op: 'Max', inputs: ['df', 'd'], outputs: ['mx'] },
        { op: 'Sum', inputs: ['mx', 'd', 'sq'], outputs: ['y'] },
      ],
      inputs: [{ name: 'x', type: 'float', shape: ['N', 3, 10] }],
      outputs: [{ name: 'y', type: 'float', shape: ['N', 4] }],
      initializers: [
        { name: 'w', ...rand([4, 3, 3], 61, 0.5) }, { name: 'b', ...rand([4], 62, 0.1) },
        { name: 'g', ...rand([4], 64, 1) }, { name: 'be', ...rand([4], 65, 0.3) }, { name: 'mu', ...rand([4], 66, 0.3) },
        { name: 'var', type: 'float', dims: [4], values: Array.from(randValues(4, 67, 0.5, 2)) },
        { name: 'shape', type: 'int64', dims: [2], values: [-1, 4] },
        { name: 'ratio', type: 'float', dims: [], values: [0.3] },
      ],
      opset: 13,
    };
    const bytes = makeModel(spec);
    const model = await tl.onnx.toKeras(bytes);
    expect(classes(model)).toEqual(['InputLayer', 'Conv1D', 'BatchNormalization', 'MaxPooling1D', 'AveragePooling1D', 'Softmax', 'GlobalAveragePooling1D', 'Permute',
      'Flatten', 'Dropout', 'Multiply', 'Subtract', 'Maximum', 'Add']);
    expect(config(model, 'Conv1D')).toMatchObject({ padding: 'same', activation: 'elu', dataFormat: 'channelsFirst' });
    expect(config(model, 'Softmax').axis).toBe(1);
    expect(config(model, 'Dropout').rate).toBeCloseTo(0.3, 6);
    const x = randT([5, 3, 10], 63);
    const ref = await ortOf(bytes, x);
    expectClose((await model.predict(x)) as tl.Tensor, ref.y!.values, TOL);
    model.dispose();
  });

  it('2-D: ConvTranspose as "same", dilated same pads, the other activations, Min/Mean, GlobalMaxPool + Flatten, MatMul without bias', async () => {
    const spec: ModelSpec = {
      nodes: [
        { op: 'ConvTranspose', inputs: ['x', 'wt'], outputs: ['up'], attrs: { strides: [2, 2], pads: [1, 1, 1, 1] } },
        { op: 'Selu', inputs: ['up'], outputs: ['a1'] },
        { op: 'HardSigmoid', inputs: ['a1'], outputs: ['a2'] },
        { op: 'AveragePool', inputs: ['a2'], outputs: ['ap'], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
        { op: 'Softplus', inputs: ['ap'], outputs: ['a3'] },
        { op: 'Conv', inputs: ['a3', 'wd', 'bd'], outputs: ['cd'], attrs: { dilations: [2, 2], pads: [2, 2, 2, 2] } },
        { op: 'Softsign', inputs: ['cd'], outputs: ['a4'] },
        { op: 'Conv', inputs: ['a3', 'w1'], outputs: ['c1'], attrs: { kernel_shape: [1, 1] } },
        { op: 'Sigmoid', inputs: ['c1'], outputs: ['a5'] },
        { op: 'Min', inputs: ['a4', 'a5'], outputs: ['mn'] },
        { op: 'Mean', inputs: ['mn', 'a4'], outputs: ['me'] },
        { op: 'GlobalMaxPool', inputs: ['me'], outputs: ['g'] },
        { op: 'Flatten', inputs: ['g'], outputs: ['f'] },
        { op: 'MatMul', inputs: ['f', 'wm'], outputs: ['mm'] },
        { op: 'Exp', inputs: ['mm'], outputs: ['y'] },
      ],
      inputs: [{ name: 'x', type: 'float', shape: ['N', 2, 5, 5] }],
      outputs: [{ name: 'y', type: 'float', shape: ['N', 2] }],
      initializers: [
        { name: 'wt', ...rand([2, 3, 4, 4], 71, 0.4) },
        { name: 'wd', ...rand([3, 3, 3, 3], 72, 0.4) }, { name: 'bd', ...rand([3], 73, 0.1) },
        { name: 'w1', ...rand([3, 3, 1, 1], 74, 0.5) },
        { name: 'wm', ...rand([3, 2], 75, 0.5) },
      ],
      opset: 17,
    };
    const bytes = makeModel(spec);
    const model = await tl.onnx.toKeras(bytes);
    expect(config(model, 'Conv2DTranspose')).toMatchObject({ padding: 'same', strides: [2, 2], useBias: false });
    expect(config(model, 'Conv2D')).toMatchObject({ padding: 'same', dilationRate: [2, 2], activation: 'softsign' });
    expect(config(model, 'Dense')).toMatchObject({ useBias: false, activation: 'exponential' });
    expect(classes(model)).toContain('GlobalMaxPooling2D');
    expect(classes(model)).not.toContain('Reshape');
    const x = randT([2, 2, 5, 5], 76);
    const ref = await ortOf(bytes, x);
    expectClose((await model.predict(x)) as tl.Tensor, ref.y!.values, TOL);
    model.dispose();
  });

  it('double inputs and weights give float64 layers (a fixed batch in the file is dropped)', async () => {
    const bytes = makeModel({
      nodes: [{ op: 'MatMul', inputs: ['x', 'w'], outputs: ['m'] }, { op: 'Add', inputs: ['b', 'm'], outputs: ['a'] }, { op: 'Sigmoid', inputs: ['a'], outputs: ['y'] }],
      inputs: [{ name: 'x', type: 'double', shape: [2, 3] }],
      outputs: [{ name: 'y', type: 'double', shape: [2, 2] }],
      initializers: [{ name: 'w', type: 'double', dims: [3, 2], values: [1, 2, 3, 4, 5, 6] }, { name: 'b', type: 'double', dims: [2], values: [0.5, -1] }],
    });
    const model = await tl.onnx.toKeras(bytes);
    expect(model.inputs[0]!.shape).toEqual([null, 3]);
    expect(classes(model)).toEqual(['InputLayer', 'Dense']);
    const values = [0.1, 0.2, 0.3, -1, 0, 1, 2, -2, 0.5];
    const y = (await model.predict(tl.tensor(values, [3, 3], 'float64'))) as tl.Tensor;
    expect(y.dtype).toBe('float64');
    const ref = await runOrt(bytes, { x: { type: 'double', dims: [2, 3], values: values.slice(0, 6) } });
    expectClose(tl.slice(y, [0, 0], [2, 2]), ref.y!.values, { atol: 1e-12, rtol: 1e-12 });
    model.dispose();
  });

  it('converts a model tl.onnx.load returned, with the current values of a fine-tuned one', async () => {
    const bytes = makeModel(smallCnn());
    const loaded = await tl.onnx.load(bytes, { trainable: true });
    const bias = loaded.variables[3]!;
    expect(bias.shape).toEqual([3]);
    loaded.session!.run(loaded.graph!.asDefault(() => bias.assign(tl.tensor([0.5, -1, 2]))));
    const x = randT([4, 1, 6, 6], 51);
    const want = loaded.run({ x }).logits!;
    const model = await tl.onnx.toKeras(loaded);
    expectClose((await model.predict(x)) as tl.Tensor, want, TOL);
    // The file itself still has the original bias.
    const ref = await ortOf(bytes, x);
    expect(Math.max(...floats(want).map((v, i) => Math.abs(v - ref.logits!.values[i]!)))).toBeGreaterThan(0.4);
    model.dispose();
    await loaded.dispose();
  });
});

describe('onnx.toKeras refusals', () => {
  it('an op without a layer (TopK; an unknown op), naming the node', async () => {
    const topk = await refusal(tiny([
      { op: 'Relu', inputs: ['x'], outputs: ['r'] },
      { op: 'TopK', inputs: ['r', 'k'], outputs: ['y', 'idx'], name: 'pick', attrs: { axis: 1 } },
    ], [{ name: 'k', type: 'int64', dims: [1], values: [2] }]));
    expect(topk.message).toMatch(/^onnx\.toKeras: node 'pick' \(TopK\): computes on the model's inputs and no tl\.keras layer does what it does; layers exist for .*Conv.*Gemm/);
    const unknown = await refusal(tiny([{ op: 'FrobnicateV2', inputs: ['x'], outputs: ['y'], name: 'frob' }]));
    expect(unknown.message).toMatch(/node 'frob' \(FrobnicateV2\): not supported/);
  });

  it('pads that no layer expresses: asymmetric max-pool pads (2-D and 1-D)', async () => {
    const pool = await refusal(tiny([{ op: 'MaxPool', inputs: ['x'], outputs: ['y'], name: 'pool', attrs: { kernel_shape: [2, 2], strides: [2, 2], pads: [0, 0, 1, 1] } }]));
    expect(pool.message).toMatch(/node 'pool' \(MaxPool\): pads \[\[0,1\],\[0,1\]\] differ from Keras's 'same' \[\[0,0\],\[0,0\]\]/);
    const pool1d = await refusal(tiny([{ op: 'MaxPool', inputs: ['x'], outputs: ['y'], name: 'p1d', attrs: { kernel_shape: [3], pads: [0, 2] } }], [], ['N', 4, 10]));
    expect(pool1d.message).toMatch(/node 'p1d' \(MaxPool\): pads \[\[0,2\]\] differ from Keras's 'same' \[\[1,1\]\].*maximum/);
  });

  it('grouped convolutions other than 2-D depthwise ones', async () => {
    const grouped = await refusal(tiny([{ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], name: 'gconv', attrs: { group: 2 } }], [{ name: 'w', ...rand([4, 2, 3, 3], 2) }]));
    expect(grouped.message).toMatch(/node 'gconv' \(Conv\): a grouped convolution \(group 2 of 4 input channels\) has no tl\.keras layer/);
    const dw1d = await refusal(tiny([{ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], name: 'dw', attrs: { group: 4 } }], [{ name: 'w', ...rand([8, 1, 3], 3) }], ['N', 4, 10]));
    expect(dw1d.message).toMatch(/node 'dw' \(Conv\): a 1-D depthwise convolution .*DepthwiseConv2D is 2-D/);
  });

  it('a constant added to an activation (not a bias), a transpose of the batch, a flatten across it', async () => {
    const add = await refusal(tiny([{ op: 'Relu', inputs: ['x'], outputs: ['r'] }, { op: 'Add', inputs: ['r', 'c'], outputs: ['y'], name: 'shift' }], [{ name: 'c', type: 'float', dims: [], values: [1] }]));
    expect(add.message).toMatch(/node 'shift' \(Add\): adds a constant to an activation/);
    const perm = await refusal(tiny([{ op: 'Transpose', inputs: ['x'], outputs: ['y'], name: 'tp', attrs: { perm: [1, 0, 2, 3] } }]));
    expect(perm.message).toMatch(/node 'tp' \(Transpose\): perm \[1,0,2,3\] moves the batch dimension/);
    const flat = await refusal(tiny([{ op: 'Flatten', inputs: ['x'], outputs: ['y'], name: 'fl', attrs: { axis: 2 } }]));
    expect(flat.message).toMatch(/node 'fl' \(Flatten\): axis 2/);
  });

  it('leaves no tensors behind: a converted model holds only its weights, a refusal holds nothing', async () => {
    const bytes = makeModel(smallCnn());
    const before = tl.memory().numTensors;
    // The importer build both use frees the copies its graph captured (tl.onnx.load's dispose as well).
    await (await tl.onnx.load(bytes)).dispose();
    expect(tl.memory().numTensors).toBe(before);
    const model = await tl.onnx.toKeras(bytes);
    expect(tl.memory().numTensors - before).toBe(model.weights.length);
    model.dispose();
    expect(tl.memory().numTensors).toBe(before);
    await refusal(tiny([{ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], name: 'gconv', attrs: { group: 2 } }], [{ name: 'w', ...rand([4, 2, 3, 3], 2) }]));
    expect(tl.memory().numTensors).toBe(before);
  });

  it('bad arguments: an unknown option, a non-model source', async () => {
    await expect(tl.onnx.toKeras(makeModel(smallCnn()), { bogus: 1 } as never)).rejects.toThrow(/onnx\.toKeras: unknown option 'bogus'/);
    await expect(tl.onnx.toKeras(42 as never)).rejects.toThrow(tl.ArgumentError);
    await expect(tl.onnx.toKeras(new Uint8Array([8, 7]))).rejects.toThrow(tl.FileFormatError);
  });
});
