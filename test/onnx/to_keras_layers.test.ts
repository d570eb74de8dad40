/**
 * tl.onnx.toKeras onto the layers beyond Dense/Conv1D/Conv2D: DepthwiseConv2D (Conv with group = the input
 * channels), ZeroPadding1D for 1-D pads, 3-D convs and pools, Conv1DTranspose/Conv3DTranspose, PReLU, ELU,
 * ThresholdedReLU, UpSampling1D/2D/3D (nearest Resize/Upsample), Cropping1D/2D/3D (Slice), ZeroPadding (Pad) and
 * Dot (MatMul of two activations).
 *
 * Each ONNX model, written directly with protobufjs or exported from a tl.keras model, is converted and its
 * predictions compared with onnxruntime-node's on the same bytes (1e-5); the converted model is saved and loaded
 * back and must predict the same. The nodes these layers cannot express are refused, naming the node and why.
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { A, makeModel, rand, type ModelSpec, type NodeSpec } from './make_model.js';
import { classes, config, convertChecked, randT, refusal, roundTrip, tiny } from './to_keras_util.js';

const K = tl.keras;
const L = tl.keras.layers;

/** Gives every weight of `model` seeded random values (biases and slopes start at zero otherwise). */
function randomize(model: tl.keras.Model, seed: number): void {
  let k = seed;
  for (const l of model.layers) if (l.weights.length > 0) l.setWeights(l.weights.map((w) => randT([...w.shape], k++, -0.7, 0.7)));
}

const int64 = (name: string, values: number[]) => ({ name, type: 'int64' as const, dims: [values.length], values });
const floatC = (name: string, values: number[]) => ({ name, type: 'float' as const, dims: [values.length], values });

describe('onnx.toKeras: depthwise convolutions', () => {
  for (const dataFormat of ['channelsFirst', 'channelsLast'] as const) {
    it(`tl.keras DepthwiseConv2D (${dataFormat}) round-trips through ONNX's grouped Conv`, async () => {
      tl.setRandomSeed(21);
      const first = dataFormat === 'channelsFirst';
      const shape = first ? [3, 7, 7] : [7, 7, 3];
      const model = new K.Sequential([
        new L.DepthwiseConv2D(3, { depthMultiplier: 2, padding: 'same', activation: 'relu', dataFormat, inputShape: shape }),
        new L.DepthwiseConv2D([2, 2], { strides: 2, dataFormat }),
        new L.Flatten({ dataFormat }),
        new L.Dense(3),
      ]);
      randomize(model, 100);
      const back = await roundTrip(model, [randT([4, ...shape], 22)]);
      expect(classes(back).filter((c) => c === 'DepthwiseConv2D')).toHaveLength(2);
      expect(config(back, 'DepthwiseConv2D')).toMatchObject({ depthMultiplier: 2, padding: 'same', activation: 'relu', dataFormat: 'channelsFirst', useBias: true });
      expect(config(back, 'DepthwiseConv2D', 1)).toMatchObject({ depthMultiplier: 1, padding: 'valid', strides: [2, 2] });
      expect(back.countParams()).toBe(model.countParams());
      model.dispose();
      back.dispose();
    });
  }

  it('Conv group = channels with asymmetric pads, a multiplier, dilations, a bias Add and Relu folded', async () => {
    const bytes = makeModel({
      nodes: [
        { op: 'Conv', inputs: ['x', 'w1', 'b1'], outputs: ['c1'], attrs: { group: 3, pads: [0, 1, 2, 1] } },
        { op: 'Relu', inputs: ['c1'], outputs: ['r1'] },
        { op: 'Conv', inputs: ['r1', 'w2'], outputs: ['c2'], attrs: { group: 6, dilations: [2, 2], pads: [2, 2, 2, 2] } },
        { op: 'Add', inputs: ['c2', 'b2'], outputs: ['c2b'] },
        { op: 'GlobalAveragePool', inputs: ['c2b'], outputs: ['g'] },
        { op: 'Flatten', inputs: ['g'], outputs: ['y'] },
      ],
      inputs: [{ name: 'x', type: 'float', shape: ['N', 3, 7, 7] }],
      outputs: [{ name: 'y', type: 'float', shape: ['N', 6] }],
      initializers: [
        { name: 'w1', ...rand([6, 1, 3, 3], 201, 0.5) }, { name: 'b1', ...rand([6], 202, 0.2) },
        { name: 'w2', ...rand([6, 1, 3, 3], 203, 0.5) }, { name: 'b2', ...rand([1, 6, 1, 1], 204, 0.2) },
      ],
      opset: 13,
    });
    // Converting leaves no tensors behind: the folded and rearranged weights end up as the layers' weights.
    const before = tl.memory().numTensors;
    const plain = await tl.onnx.toKeras(bytes);
    expect(tl.memory().numTensors - before).toBe(plain.weights.length);
    plain.dispose();
    expect(tl.memory().numTensors).toBe(before);
    const model = await convertChecked(bytes, randT([3, 3, 7, 7], 205));
    expect(classes(model)).toEqual(['InputLayer', 'ZeroPadding2D', 'DepthwiseConv2D', 'DepthwiseConv2D', 'GlobalAveragePooling2D']);
    expect(config(model, 'ZeroPadding2D')).toMatchObject({ padding: [[0, 2], [1, 1]], dataFormat: 'channelsFirst' });
    expect(config(model, 'DepthwiseConv2D')).toMatchObject({ depthMultiplier: 2, padding: 'valid', activation: 'relu', useBias: true });
    expect(config(model, 'DepthwiseConv2D', 1)).toMatchObject({ depthMultiplier: 1, padding: 'same', dilationRate: [2, 2], useBias: true });
    // The depthwise kernel is [kh, kw, C, m]: ONNX filter c * m + k, tap (i, j) sits at [i, j, c, k].
    const dw = model.layers[2]!.getWeights()[0]!;
    expect(dw.shape).toEqual([3, 3, 3, 2]);
    const w1 = rand([6, 1, 3, 3], 201, 0.5).values;
    const at = (i: number, j: number, c: number, k: number) => (dw.dataSync() as Float32Array)[((i * 3 + j) * 3 + c) * 2 + k]!;
    expect(at(1, 2, 2, 1)).toBeCloseTo(w1[(2 * 2 + 1) * 9 + 1 * 3 + 2]!, 6);
    expect(at(0, 1, 1, 0)).toBeCloseTo(w1[(1 * 2 + 0) * 9 + 0 * 3 + 1]!, 6);
    model.dispose();
  });
});

describe('onnx.toKeras: 1-D and 3-D convolutions and pools', () => {
  it('1-D: causal Conv pads and pads counted by AveragePool go through ZeroPadding1D; ConvTranspose -> Conv1DTranspose', async () => {
    const bytes = tiny([
      { op: 'Conv', inputs: ['x', 'w', 'b'], outputs: ['c'], attrs: { pads: [2, 0] } },
      { op: 'Tanh', inputs: ['c'], outputs: ['t'] },
      { op: 'AveragePool', inputs: ['t'], outputs: ['ap'], attrs: { kernel_shape: [3], pads: [1, 1], count_include_pad: 1 } },
      { op: 'ConvTranspose', inputs: ['ap', 'wt', 'bt'], outputs: ['up'], attrs: { strides: [2] } },
      { op: 'Sigmoid', inputs: ['up'], outputs: ['y'] },
    ], [
      { name: 'w', ...rand([4, 3, 3], 211, 0.5) }, { name: 'b', ...rand([4], 212, 0.2) },
      { name: 'wt', ...rand([4, 2, 3], 213, 0.5) }, { name: 'bt', ...rand([2], 214, 0.2) },
    ], ['N', 3, 10], 13);
    const model = await convertChecked(bytes, randT([2, 3, 10], 215));
    // Keras's ZeroPadding1D takes [batch, steps, channels]: Permutes around it keep the Conv1D channelsFirst.
    expect(classes(model)).toEqual(['InputLayer', 'Permute', 'ZeroPadding1D', 'Permute', 'Conv1D', 'Permute', 'ZeroPadding1D', 'Permute', 'AveragePooling1D', 'Conv1DTranspose']);
    expect(config(model, 'ZeroPadding1D').padding).toEqual([[2, 0]]);
    expect(config(model, 'Conv1D')).toMatchObject({ padding: 'valid', activation: 'tanh', dataFormat: 'channelsFirst' });
    expect(config(model, 'Conv1DTranspose')).toMatchObject({ padding: 'valid', strides: [2], activation: 'sigmoid', dataFormat: 'channelsFirst', useBias: true });
    expect(model.outputs[0]!.shape).toEqual([null, 2, 21]);
    model.dispose();
  });

  it('2-D ConvTranspose with output_padding -> outputPadding, with dilations -> dilationRate; PyTorch\'s p=1/op=1 form is refused', async () => {
    const wt = { name: 'wt', ...rand([3, 2, 3, 3], 231, 0.5) };
    const op = tiny([{ op: 'ConvTranspose', inputs: ['x', 'wt'], outputs: ['y'], attrs: { strides: [2, 2], output_padding: [1, 0] } }], [wt], ['N', 3, 4, 5]);
    const m1 = await convertChecked(op, randT([2, 3, 4, 5], 232));
    expect(config(m1, 'Conv2DTranspose')).toMatchObject({ padding: 'valid', strides: [2, 2], outputPadding: [1, 0] });
    expect(m1.outputs[0]!.shape).toEqual([null, 2, 10, 11]);
    m1.dispose();
    const dil = tiny([{ op: 'ConvTranspose', inputs: ['x', 'wt'], outputs: ['y'], attrs: { dilations: [2, 2], pads: [2, 2, 2, 2] } }], [wt], ['N', 3, 4, 5]);
    const m2 = await convertChecked(dil, randT([2, 3, 4, 5], 233));
    expect(config(m2, 'Conv2DTranspose')).toMatchObject({ padding: 'same', dilationRate: [2, 2], outputPadding: null });
    m2.dispose();
    // PyTorch's ConvTranspose2d(k=3, s=2, p=1, output_padding=1) crops the start; TF's 'same' crops the end.
    const torch = tiny([{ op: 'ConvTranspose', inputs: ['x', 'wt'], outputs: ['y'], attrs: { strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] } }], [wt], ['N', 3, 4, 5]);
    expect((await refusal(torch)).message).toMatch(/with or without an outputPadding/);
  });

  it('3-D: Conv (same and explicit pads), MaxPool, AveragePool counting pads, ConvTranspose as "same", global pools kept [N, C, 1, 1, 1]', async () => {
    const bytes = makeModel({
      nodes: [
        { op: 'Conv', inputs: ['x', 'w1', 'b1'], outputs: ['c1'], attrs: { pads: [1, 1, 1, 1, 1, 1] } },
        { op: 'Relu', inputs: ['c1'], outputs: ['r1'] },
        { op: 'MaxPool', inputs: ['r1'], outputs: ['m'], attrs: { kernel_shape: [2, 2, 2], strides: [2, 2, 2] } },
        { op: 'Conv', inputs: ['m', 'w2'], outputs: ['c2'], attrs: { pads: [0, 1, 0, 1, 0, 0] } },
        { op: 'AveragePool', inputs: ['c2'], outputs: ['ap'], attrs: { kernel_shape: [3, 3, 3], pads: [1, 1, 1, 1, 1, 1], count_include_pad: 1 } },
        { op: 'ConvTranspose', inputs: ['ap', 'wt', 'bt'], outputs: ['up'], attrs: { strides: [2, 2, 2], auto_pad: 'SAME_UPPER' } },
        { op: 'GlobalAveragePool', inputs: ['up'], outputs: ['ga'] },
        { op: 'GlobalMaxPool', inputs: ['up'], outputs: ['gm'] },
        { op: 'Add', inputs: ['ga', 'gm'], outputs: ['y'] },
      ],
      inputs: [{ name: 'x', type: 'float', shape: ['N', 2, 6, 6, 6] }],
      outputs: [{ name: 'y', type: 'float', shape: ['N', 2, 1, 1, 1] }],
      initializers: [
        { name: 'w1', ...rand([4, 2, 3, 3, 3], 221, 0.3) }, { name: 'b1', ...rand([4], 222, 0.2) },
        { name: 'w2', ...rand([3, 4, 2, 2, 2], 223, 0.3) },
        { name: 'wt', ...rand([3, 2, 3, 3, 3], 224, 0.3) }, { name: 'bt', ...rand([2], 225, 0.2) },
      ],
      opset: 13,
    });
    const model = await convertChecked(bytes, randT([2, 2, 6, 6, 6], 226));
    expect(classes(model)).toEqual([
      'InputLayer', 'Conv3D', 'MaxPooling3D', 'ZeroPadding3D', 'Conv3D', 'ZeroPadding3D', 'AveragePooling3D', 'Conv3DTranspose',
      'GlobalAveragePooling3D', 'GlobalMaxPooling3D', 'Add',
    ]);
    expect(config(model, 'Conv3D')).toMatchObject({ padding: 'same', activation: 'relu', dataFormat: 'channelsFirst', kernelSize: [3, 3, 3] });
    expect(config(model, 'ZeroPadding3D').padding).toEqual([[0, 1], [1, 0], [0, 0]]);
    expect(config(model, 'Conv3D', 1)).toMatchObject({ padding: 'valid', useBias: false });
    expect(config(model, 'Conv3DTranspose')).toMatchObject({ padding: 'same', strides: [2, 2, 2], dataFormat: 'channelsFirst' });
    expect(config(model, 'GlobalMaxPooling3D')).toMatchObject({ keepdims: true, dataFormat: 'channelsFirst' });
    model.dispose();
  });
});

describe('onnx.toKeras: PRelu, Elu(alpha), ThresholdedRelu', () => {
  it('PRelu slopes per channel, per cell, one for all and along the last axis; ELU and ThresholdedReLU with their alpha', async () => {
    const bytes = tiny([
      { op: 'PRelu', inputs: ['x', 's1'], outputs: ['p1'] },
      { op: 'Elu', inputs: ['p1'], outputs: ['e'], attrs: { alpha: A.f(0.5) } },
      { op: 'PRelu', inputs: ['e', 's2'], outputs: ['p2'] },
      { op: 'ThresholdedRelu', inputs: ['p2'], outputs: ['t'], attrs: { alpha: A.f(0.3) } },
      { op: 'PRelu', inputs: ['t', 's3'], outputs: ['p3'] },
      { op: 'Sub', inputs: ['p3', 'x'], outputs: ['d'] },
      { op: 'PRelu', inputs: ['d', 's4'], outputs: ['y'] },
    ], [
      { name: 's1', ...rand([3, 1, 1], 231) }, { name: 's2', ...rand([3, 4, 5], 232) },
      { name: 's3', type: 'float', dims: [1], values: [0.25] }, { name: 's4', ...rand([5], 233) },
    ], ['N', 3, 4, 5], 13);
    const model = await convertChecked(bytes, randT([3, 3, 4, 5], 234, -2, 2));
    expect(classes(model)).toEqual(['InputLayer', 'PReLU', 'ELU', 'PReLU', 'ThresholdedReLU', 'PReLU', 'Subtract', 'PReLU']);
    expect([0, 1, 2, 3].map((k) => config(model, 'PReLU', k).sharedAxes)).toEqual([[2, 3], null, [1, 2, 3], [1, 2]]);
    expect(config(model, 'ELU').alpha).toBeCloseTo(0.5, 6);
    expect(config(model, 'ThresholdedReLU').theta).toBeCloseTo(0.3, 6);
    const prelus = model.layers.filter((l) => l instanceof L.PReLU);
    expect(prelus.map((l) => l.weights[0]!.shape)).toEqual([[3, 1, 1], [3, 4, 5], [1, 1, 1], [1, 1, 5]]);
    model.dispose();
  });

  it('tl.keras PReLU (channelsLast, slopes shared over rows and columns) round-trips', async () => {
    tl.setRandomSeed(23);
    const model = new K.Sequential([
      new L.Conv2D(3, 3, { inputShape: [5, 5, 2] }),
      new L.PReLU({ sharedAxes: [1, 2] }),
      new L.Flatten(),
      new L.Dense(2),
    ]);
    randomize(model, 300);
    const back = await roundTrip(model, [randT([3, 5, 5, 2], 24)]);
    expect(config(back, 'PReLU').sharedAxes).toEqual([1, 2]);
    model.dispose();
    back.dispose();
  });

  it('refuses a slope along the batch and a negative alpha', async () => {
    const batch = await refusal(tiny([{ op: 'PRelu', inputs: ['x', 's'], outputs: ['y'], name: 'pr' }], [{ name: 's', ...rand([2, 4, 1, 1], 1) }], [2, 4, 6, 6]));
    expect(batch.message).toMatch(/node 'pr' \(PRelu\): the slope of shape \[2,4,1,1\] varies along the batch axis/);
    const elu = await refusal(tiny([{ op: 'Elu', inputs: ['x'], outputs: ['y'], name: 'e', attrs: { alpha: A.f(-1) } }]));
    expect(elu.message).toMatch(/node 'e' \(Elu\): alpha -1 < 0 has no ELU form/);
  });
});

/** A model y = node(x, ...node.inputs). */
const resizeModel = (x: (number | string)[], node: Omit<NodeSpec, 'outputs'>, inits: ModelSpec['initializers'], opset: number) =>
  tiny([{ ...node, inputs: ['x', ...node.inputs], outputs: ['y'] }], inits, x, opset);

describe('onnx.toKeras: nearest Resize / Upsample -> UpSampling', () => {
  it('2-D by scales (half_pixel, round_prefer_floor) and by sizes on axes, Upsample-9, 1-D (asymmetric, floor), 3-D', async () => {
    const cases: { bytes: Uint8Array; x: number[]; layers: string[]; size: number[] }[] = [
      { bytes: resizeModel(['N', 2, 3, 4], { op: 'Resize', inputs: ['', 'sc'] }, [floatC('sc', [1, 1, 2, 3])], 13), x: [2, 2, 3, 4], layers: ['UpSampling2D'], size: [2, 3] },
      {
        bytes: resizeModel(['N', 2, 3, 4], { op: 'Resize', inputs: ['', '', 'sz'], attrs: { axes: [2, 3], nearest_mode: 'floor', coordinate_transformation_mode: 'asymmetric' } }, [int64('sz', [9, 8])], 18),
        x: [2, 2, 3, 4], layers: ['UpSampling2D'], size: [3, 2],
      },
      { bytes: resizeModel(['N', 2, 3, 3], { op: 'Upsample', inputs: ['sc'] }, [floatC('sc', [1, 1, 2, 2])], 9), x: [2, 2, 3, 3], layers: ['UpSampling2D'], size: [2, 2] },
      {
        bytes: resizeModel(['N', 3, 5], { op: 'Resize', inputs: ['', 'sc'], attrs: { nearest_mode: 'floor', coordinate_transformation_mode: 'asymmetric' } }, [floatC('sc', [1, 1, 3])], 13),
        x: [2, 3, 5], layers: ['Permute', 'UpSampling1D', 'Permute'], size: [3],
      },
      { bytes: resizeModel(['N', 2, 2, 3, 2], { op: 'Resize', inputs: ['', 'sc'] }, [floatC('sc', [1, 1, 2, 1, 3])], 13), x: [2, 2, 2, 3, 2], layers: ['UpSampling3D'], size: [2, 1, 3] },
    ];
    for (const [k, c] of cases.entries()) {
      const model = await convertChecked(c.bytes, randT(c.x, 240 + k));
      expect(classes(model).slice(1), `case ${k}`).toEqual(c.layers);
      const up = c.layers.find((l) => l.startsWith('UpSampling'))!;
      expect(config(model, up), `case ${k}`).toMatchObject({ size: c.size, ...(up === 'UpSampling1D' ? {} : { dataFormat: 'channelsFirst' }) });
      model.dispose();
    }
  });

  it('tl.keras UpSampling2D (channelsFirst) round-trips', async () => {
    tl.setRandomSeed(25);
    const model = new K.Sequential([
      new L.Conv2D(2, 2, { dataFormat: 'channelsFirst', inputShape: [2, 4, 4] }),
      new L.UpSampling2D({ size: [2, 3], dataFormat: 'channelsFirst' }),
      new L.Flatten(),
      new L.Dense(3),
    ]);
    randomize(model, 400);
    const back = await roundTrip(model, [randT([2, 2, 4, 4], 26)]);
    expect(classes(back)).toEqual(['InputLayer', 'Conv2D', 'UpSampling2D', 'Flatten', 'Dense']);
    expect(config(back, 'UpSampling2D')).toMatchObject({ size: [2, 3], dataFormat: 'channelsFirst' });
    model.dispose();
    back.dispose();
  });

  it('refuses interpolation, a fractional scale, rounding that does not repeat cells, and resizing the channels with the last axis', async () => {
    const r = (attrs: Record<string, string>, scales: number[]) => refusal(resizeModel(['N', 2, 4, 4], { op: 'Resize', inputs: ['', 'sc'], name: 'rs', attrs }, [floatC('sc', scales)], 13));
    expect((await r({ mode: 'linear' }, [1, 1, 2, 2])).message).toMatch(/node 'rs' \(Resize\): mode 'linear' interpolates/);
    expect((await r({}, [1, 1, 1.5, 2])).message).toMatch(/axis 2 goes from 4 to 6 cells, not a whole number of times/);
    expect((await r({ nearest_mode: 'floor' }, [1, 1, 2, 2])).message).toMatch(/'half_pixel' and nearest_mode 'floor', output cell 2 of axis 2 reads input cell 0, not 1/);
    expect((await r({}, [1, 2, 2, 2])).message).toMatch(/resizes axis 1 and the last axis of \[-1,2,4,4\]/);
  });
});

describe('onnx.toKeras: Slice -> Cropping, Pad -> ZeroPadding', () => {
  it('Slice on spatial axes: 2-D channels-first, 1-D on NCW and on [N, steps, features], 2-D channels-last, 3-D, opset-9 attributes', async () => {
    const slice = (x: (number | string)[], starts: number[], ends: number[], axes: number[], opset = 13) => opset >= 10
      ? tiny([{ op: 'Slice', inputs: ['x', 'st', 'en', 'ax'], outputs: ['y'] }], [int64('st', starts), int64('en', ends), int64('ax', axes)], x, opset)
      : tiny([{ op: 'Slice', inputs: ['x'], outputs: ['y'], attrs: { starts, ends, axes } }], [], x, opset);
    const cases: { bytes: Uint8Array; x: number[]; layers: string[]; cropping: unknown; dataFormat?: string }[] = [
      { bytes: slice(['N', 3, 8, 9], [1, 2], [-1, 100], [2, 3]), x: [2, 3, 8, 9], layers: ['Cropping2D'], cropping: [[1, 1], [2, 0]], dataFormat: 'channelsFirst' },
      { bytes: slice(['N', 3, 10], [2], [7], [-1]), x: [2, 3, 10], layers: ['Permute', 'Cropping1D', 'Permute'], cropping: [[2, 3]] },
      { bytes: slice(['N', 7, 4], [1], [-2], [1]), x: [2, 7, 4], layers: ['Cropping1D'], cropping: [[1, 2]] },
      { bytes: slice(['N', 6, 5, 3], [0, 1], [4, 5], [1, 2]), x: [2, 6, 5, 3], layers: ['Cropping2D'], cropping: [[0, 2], [1, 0]], dataFormat: 'channelsLast' },
      { bytes: slice(['N', 2, 4, 5, 6], [1, 2, 0], [3, 4, 100], [2, 4, 1]), x: [2, 2, 4, 5, 6], layers: ['Cropping3D'], cropping: [[1, 1], [0, 0], [2, 2]], dataFormat: 'channelsFirst' },
      { bytes: slice(['N', 3, 6, 6], [1, 1], [5, -1], [2, 3], 9), x: [2, 3, 6, 6], layers: ['Cropping2D'], cropping: [[1, 1], [1, 1]], dataFormat: 'channelsFirst' },
    ];
    for (const [k, c] of cases.entries()) {
      const model = await convertChecked(c.bytes, randT(c.x, 250 + k));
      expect(classes(model).slice(1), `case ${k}`).toEqual(c.layers);
      const crop = config(model, c.layers.find((l) => l.startsWith('Cropping'))!);
      expect(crop.cropping, `case ${k}`).toEqual(c.cropping);
      if (c.dataFormat) expect(crop.dataFormat, `case ${k}`).toBe(c.dataFormat);
      model.dispose();
    }
  });

  it('Pad with zeros on spatial axes -> ZeroPadding2D / ZeroPadding1D (channels-first)', async () => {
    const pad2 = tiny([{ op: 'Pad', inputs: ['x', 'p'], outputs: ['y'] }], [int64('p', [0, 0, 1, 2, 0, 0, 3, 0])], ['N', 2, 4, 4], 13);
    const m2 = await convertChecked(pad2, randT([2, 2, 4, 4], 261));
    expect(classes(m2)).toEqual(['InputLayer', 'ZeroPadding2D']);
    expect(config(m2, 'ZeroPadding2D')).toMatchObject({ padding: [[1, 3], [2, 0]], dataFormat: 'channelsFirst' });
    m2.dispose();
    const pad1 = tiny([{ op: 'Pad', inputs: ['x', 'p', 'v'], outputs: ['y'] }], [int64('p', [0, 0, 2, 0, 0, 1]), floatC('v', [0])], ['N', 3, 5], 13);
    const m1 = await convertChecked(pad1, randT([2, 3, 5], 262));
    expect(classes(m1)).toEqual(['InputLayer', 'Permute', 'ZeroPadding1D', 'Permute']);
    expect(config(m1, 'ZeroPadding1D').padding).toEqual([[2, 1]]);
    m1.dispose();
  });

  for (const dataFormat of ['channelsFirst', 'channelsLast'] as const) {
    it(`tl.keras ZeroPadding2D and Cropping2D (${dataFormat}) round-trip`, async () => {
      tl.setRandomSeed(27);
      const shape = dataFormat === 'channelsFirst' ? [2, 5, 5] : [5, 5, 2];
      const model = new K.Sequential([
        new L.ZeroPadding2D([[1, 0], [2, 1]], { dataFormat, inputShape: shape }),
        new L.Conv2D(3, 3, { dataFormat }),
        new L.Cropping2D([[1, 0], [0, 2]], { dataFormat }),
        new L.Flatten({ dataFormat }),
        new L.Dense(2),
      ]);
      randomize(model, 500);
      const back = await roundTrip(model, [randT([2, ...shape], 28)]);
      expect(config(back, 'ZeroPadding2D')).toMatchObject({ padding: [[1, 0], [2, 1]], dataFormat });
      // The exported channels-last conv is wrapped in transposes; the cropping after it lands on NCHW data.
      expect(config(back, 'Cropping2D')).toMatchObject({ cropping: [[1, 0], [0, 2]] });
      model.dispose();
      back.dispose();
    });
  }

  it('refuses steps, slicing the batch or both candidate channel axes, reflect pads, a non-zero pad value, negative pads', async () => {
    const sl = (x: (number | string)[], inits: ModelSpec['initializers'], inputs = ['x', 'st', 'en', 'ax']) => refusal(tiny([{ op: 'Slice', inputs, outputs: ['y'], name: 'sl' }], inits, x, 13));
    expect((await sl(['N', 3, 8, 8], [int64('st', [0]), int64('en', [8]), int64('ax', [2]), int64('sp', [2])], ['x', 'st', 'en', 'ax', 'sp'])).message)
      .toMatch(/node 'sl' \(Slice\): steps \[2\]: Cropping layers keep every cell/);
    expect((await sl([4, 3, 8, 8], [int64('st', [1]), int64('en', [3]), int64('ax', [0])])).message).toMatch(/slices the batch axis/);
    expect((await sl(['N', 3, 8, 8], [int64('st', [1, 1]), int64('en', [3, 7]), int64('ax', [1, 3])])).message).toMatch(/slices axis 1 and the last axis/);
    const pd = (inits: ModelSpec['initializers'], attrs: Record<string, string> = {}, inputs = ['x', 'p']) => refusal(tiny([{ op: 'Pad', inputs, outputs: ['y'], name: 'pd', attrs }], inits, ['N', 2, 4, 4], 13));
    const p = int64('p', [0, 0, 1, 1, 0, 0, 1, 1]);
    expect((await pd([p], { mode: 'reflect' })).message).toMatch(/node 'pd' \(Pad\): mode 'reflect' repeats the data/);
    expect((await pd([p, floatC('v', [1])], {}, ['x', 'p', 'v'])).message).toMatch(/constant_value 1: ZeroPadding layers pad with zeros/);
    expect((await pd([int64('p', [0, 0, -1, 0, 0, 0, 0, 0])])).message).toMatch(/negative pads .* crop/);
  });
});

describe('onnx.toKeras: MatMul of two activations -> Dot', () => {
  it('[N, M, K] x [N, K, P] becomes Dot(axes [2, 1])', async () => {
    const bytes = tiny([
      { op: 'Transpose', inputs: ['x'], outputs: ['t'], attrs: { perm: [0, 2, 1] } },
      { op: 'Relu', inputs: ['t'], outputs: ['r'] },
      { op: 'MatMul', inputs: ['x', 'r'], outputs: ['g'] },
      { op: 'MatMul', inputs: ['g', 'x'], outputs: ['y'] },
    ], [], ['N', 3, 4], 13);
    const model = await convertChecked(bytes, randT([3, 3, 4], 271));
    // The Transpose moves below the Relu (elementwise), as the converter tidies every graph.
    expect(classes(model)).toEqual(['InputLayer', 'Activation', 'Permute', 'Dot', 'Dot']);
    expect(config(model, 'Dot')).toMatchObject({ axes: [2, 1], normalize: false });
    expect(model.outputs[0]!.shape).toEqual([null, 3, 4]);
    model.dispose();
  });

  it('refuses more than one batch dim', async () => {
    const e = await refusal(tiny([
      { op: 'Transpose', inputs: ['x'], outputs: ['t'], attrs: { perm: [0, 1, 3, 2] } },
      { op: 'MatMul', inputs: ['x', 't'], outputs: ['y'], name: 'mm' },
    ], [], ['N', 2, 3, 4], 13));
    expect(e.message).toMatch(/node 'mm' \(MatMul\): a product of two activations maps to Dot only as \[batch, M, K\] x \[batch, K, N\]; got \[-1,2,3,4\] x \[-1,2,4,3\] \(more than one batch dim\)/);
  });
});

it('kerasMappableOps lists the op types these layers added', () => {
  expect(tl.onnx.kerasMappableOps()).toEqual(expect.arrayContaining(['PRelu', 'ThresholdedRelu', 'Resize', 'Upsample', 'Slice', 'Pad']));
});
