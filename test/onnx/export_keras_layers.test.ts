/**
 * tl.onnx.export of the later keras layers: each in a Sequential (with weights set to random values, PReLU's
 * slopes included), exported with a symbolic batch, run by onnxruntime-node (the independent reference) at two
 * batch sizes and compared with model.predict to 1e-5; Dot in a two-input functional model; the dropout
 * variants export as the identity (inference); dilated SAME convolutions (explicit pads).
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectClose, randValues } from '../util/index.js';
import { runOrt } from './make_model.js';

const K = tl.keras;
const L = tl.keras.layers;
type AnyLayer = InstanceType<typeof tl.layers.Layer>;

const randT = (shape: number[], seed: number) => tl.tensor(Array.from(randValues(shape.reduce((a, b) => a * b, 1), seed)), shape);
const floats = (t: Tensor) => Array.from(t.dataSync() as Float32Array);
const TOL = { atol: 1e-5, rtol: 1e-5 };

/** [name, layer, input shape without the batch, ONNX ops the export must hold]. */
const CASES: [string, () => AnyLayer, number[], string[]][] = [
  ['DepthwiseConv2D', () => new L.DepthwiseConv2D(3, { depthMultiplier: 2, padding: 'same', activation: 'relu' }), [5, 6, 3], ['Conv']],
  ['DepthwiseConv2D strided cf', () => new L.DepthwiseConv2D([2, 3], { strides: 2, dataFormat: 'channelsFirst' }), [2, 7, 6], ['Conv']],
  ['DepthwiseConv2D dilated', () => new L.DepthwiseConv2D(3, { dilationRate: 2, padding: 'same' }), [7, 7, 2], ['Conv']],
  ['SeparableConv1D', () => new L.SeparableConv1D(4, 3, { depthMultiplier: 2, padding: 'same', strides: 2 }), [9, 3], ['Conv']],
  ['SeparableConv1D dilated cf', () => new L.SeparableConv1D(3, 3, { dilationRate: 2, dataFormat: 'channelsFirst' }), [2, 9], ['Conv']],
  ['Conv1DTranspose', () => new L.Conv1DTranspose(2, 3, { strides: 2, padding: 'same' }), [5, 3], ['ConvTranspose']],
  ['Conv1DTranspose valid cf', () => new L.Conv1DTranspose(3, 4, { strides: 3, dataFormat: 'channelsFirst' }), [2, 4], ['ConvTranspose']],
  ['Conv3DTranspose', () => new L.Conv3DTranspose(2, 3, { strides: [1, 2, 2], padding: 'same' }), [2, 3, 2, 2], ['ConvTranspose']],
  ['Conv3DTranspose valid cf', () => new L.Conv3DTranspose(2, 2, { strides: 2, dataFormat: 'channelsFirst' }), [1, 2, 3, 2], ['ConvTranspose']],
  // outputPadding and dilationRate (Keras's deconv_output_length) against onnxruntime's own ConvTranspose.
  ['Conv2DTranspose outputPadding', () => new L.Conv2DTranspose(2, 3, { strides: 2, padding: 'same', outputPadding: 1 }), [3, 4, 2], ['ConvTranspose']],
  ['Conv2DTranspose outputPadding valid cf', () => new L.Conv2DTranspose(2, [3, 2], { strides: [2, 3], outputPadding: [1, 2], dataFormat: 'channelsFirst' }), [2, 3, 3], ['ConvTranspose']],
  ['Conv2DTranspose dilated same', () => new L.Conv2DTranspose(2, 3, { dilationRate: 2, padding: 'same' }), [5, 4, 2], ['ConvTranspose']],
  ['Conv1DTranspose outputPadding', () => new L.Conv1DTranspose(2, 3, { strides: 3, padding: 'same', outputPadding: 2 }), [4, 2], ['ConvTranspose']],
  ['Conv3DTranspose dilated valid', () => new L.Conv3DTranspose(2, 2, { dilationRate: [1, 2, 2] }), [2, 3, 3, 2], ['ConvTranspose']],
  ['ZeroPadding1D', () => new L.ZeroPadding1D([1, 2]), [4, 2], ['Pad']],
  ['ZeroPadding3D', () => new L.ZeroPadding3D([[1, 0], [0, 2], [1, 1]]), [2, 2, 3, 2], ['Pad']],
  ['ZeroPadding3D cf', () => new L.ZeroPadding3D(1, { dataFormat: 'channelsFirst' }), [2, 2, 2, 3], ['Pad']],
  ['Cropping1D', () => new L.Cropping1D([1, 2]), [6, 2], ['Slice']],
  ['Cropping2D', () => new L.Cropping2D([[1, 0], [2, 1]]), [4, 5, 2], ['Slice']],
  ['Cropping3D cf', () => new L.Cropping3D([[0, 1], [1, 1], [2, 0]], { dataFormat: 'channelsFirst' }), [2, 3, 4, 5], ['Slice']],
  ['UpSampling1D', () => new L.UpSampling1D({ size: 3 }), [4, 2], ['Resize']],
  ['UpSampling3D', () => new L.UpSampling3D({ size: [1, 2, 3] }), [2, 2, 3, 2], ['Tile']],
  ['UpSampling3D cf', () => new L.UpSampling3D({ size: 2, dataFormat: 'channelsFirst' }), [2, 2, 2, 3], ['Tile']],
  ['GlobalAveragePooling3D', () => new L.GlobalAveragePooling3D(), [2, 3, 4, 2], ['ReduceMean']],
  ['GlobalMaxPooling3D keepdims cf', () => new L.GlobalMaxPooling3D({ keepdims: true, dataFormat: 'channelsFirst' }), [2, 3, 4, 2], ['ReduceMax']],
  ['GlobalAveragePooling2D keepdims', () => new L.GlobalAveragePooling2D({ keepdims: true }), [3, 4, 2], ['ReduceMean']],
  ['PReLU', () => new L.PReLU(), [3, 4], ['PRelu']],
  ['PReLU shared', () => new L.PReLU({ sharedAxes: [1, 2] }), [3, 3, 2], ['PRelu']],
  ['ELU', () => new L.ELU(), [6], ['Elu']],
  ['ELU alpha', () => new L.ELU({ alpha: 0.4 }), [6], ['Elu', 'Where']],
  ['ThresholdedReLU', () => new L.ThresholdedReLU({ theta: 0.2 }), [6], ['Greater', 'Where']],
  ['SpatialDropout2D', () => new L.SpatialDropout2D(0.5), [3, 3, 2], ['Identity']],
  ['GaussianDropout', () => new L.GaussianDropout(0.5), [6], ['Identity']],
  ['AlphaDropout', () => new L.AlphaDropout(0.5), [6], ['Identity']],
  // Dilated SAME convolutions get explicit pads (onnxruntime refuses auto_pad with dilations), the older layers too.
  ['SeparableConv1D dilated same', () => new L.SeparableConv1D(2, 3, { dilationRate: 2, padding: 'same' }), [8, 3], ['Conv']],
  ['Conv1D dilated same', () => new L.Conv1D(2, 3, { dilationRate: 3, padding: 'same' }), [8, 2], ['Conv']],
  ['Conv2D dilated same cf', () => new L.Conv2D(2, [3, 2], { dilationRate: [2, 3], padding: 'same', dataFormat: 'channelsFirst' }), [2, 7, 8], ['Conv']],
];

describe('onnx.export of each later layer in a Sequential matches onnxruntime', () => {
  for (const [name, make, shape, onnxOps] of CASES) {
    it(name, async () => {
      const layer = make();
      const model = new K.Sequential([new L.InputLayer({ inputShape: shape }), layer]);
      // Random weights (a PReLU's zeros and a bias's zeros would hide half of the computation).
      layer.setWeights(layer.weights.map((w, i) => randT(w.shape, 100 + i)));
      const bytes = await tl.onnx.export(model, { dynamicBatch: true });
      const text = new TextDecoder('latin1').decode(bytes);
      for (const op of onnxOps) expect(text, op).toContain(op);
      const inName = model.inputNames[0]!, outName = model.outputNames[0]!;
      for (const batch of [2, 3]) {
        const x = tl.mul(randT([batch, ...shape], batch), 2);
        const expected = model.predict(x) as Tensor;
        const ref = await runOrt(bytes, { [inName]: { type: 'float', dims: [batch, ...shape], values: floats(x) } });
        expect(ref[outName]!.dims).toEqual(expected.shape);
        expectClose(ref[outName]!.values, expected, TOL);
      }
    });
  }

  it('Dot (axes [2, 1]; normalized, axis 2 of both) in a two-input model', async () => {
    const a = K.input({ shape: [3, 4], name: 'a' }), b = K.input({ shape: [4, 5], name: 'b' });
    const d = new L.Dot([2, 1]).apply([a, b]) as InstanceType<typeof L.KerasTensor>;
    const c = new L.Dot(2, { normalize: true }).apply([a, new L.Permute([2, 1]).apply(b) as never]) as InstanceType<typeof L.KerasTensor>; // cosines [3] x [5]
    const model = K.model({ inputs: [a, b], outputs: [d, c] });
    const bytes = await tl.onnx.export(model, { dynamicBatch: true });
    const av = randT([2, 3, 4], 1), bv = randT([2, 4, 5], 2);
    const expected = model.predict([av, bv]) as Tensor[];
    const ref = await runOrt(bytes, { a: { type: 'float', dims: [2, 3, 4], values: floats(av) }, b: { type: 'float', dims: [2, 4, 5], values: floats(bv) } });
    expect(expected[0]!.shape).toEqual([2, 3, 5]);
    expect(expected[1]!.shape).toEqual([2, 3, 5]);
    model.outputNames.forEach((n, i) => expectClose(ref[n]!.values, expected[i]!, TOL));
  });
});
