/**
 * Every layer added with layers_more.test.ts, as [name, make, input shape without the batch]: the output-shape
 * check there and the graph-mode comparison in layers_more_modes.test.ts run over this list.
 */
import * as tl from '../../src/index.js';

const L = tl.keras.layers;
type AnyLayer = InstanceType<typeof tl.layers.Layer>;

export const SHAPE_CASES: [string, () => AnyLayer, number[]][] = [
  ['DepthwiseConv2D', () => new L.DepthwiseConv2D(3, { depthMultiplier: 2, strides: 2 }), [7, 6, 3]],
  ['DepthwiseConv2D cf', () => new L.DepthwiseConv2D([2, 3], { dataFormat: 'channelsFirst', padding: 'same', dilationRate: 2 }), [3, 6, 7]],
  ['SeparableConv1D', () => new L.SeparableConv1D(4, 3, { strides: 2 }), [9, 3]],
  ['SeparableConv1D cf', () => new L.SeparableConv1D(4, 3, { dataFormat: 'channelsFirst', padding: 'same' }), [3, 9]],
  ['Conv1DTranspose', () => new L.Conv1DTranspose(2, 4, { strides: 3 }), [5, 3]],
  ['Conv3DTranspose', () => new L.Conv3DTranspose(2, 3, { strides: [1, 2, 2], padding: 'same' }), [2, 3, 4, 1]],
  ['Conv3DTranspose cf', () => new L.Conv3DTranspose(2, 2, { strides: 2, dataFormat: 'channelsFirst' }), [1, 2, 3, 4]],
  ['ZeroPadding1D', () => new L.ZeroPadding1D([0, 3]), [4, 2]],
  ['ZeroPadding3D cf', () => new L.ZeroPadding3D([1, 2, 3], { dataFormat: 'channelsFirst' }), [2, 2, 2, 2]],
  ['Cropping1D', () => new L.Cropping1D(2), [6, 2]],
  ['Cropping2D cf', () => new L.Cropping2D([[1, 2], [0, 1]], { dataFormat: 'channelsFirst' }), [2, 5, 5]],
  ['Cropping3D', () => new L.Cropping3D([[1, 0], [0, 0], [1, 2]]), [3, 3, 4, 1]],
  ['UpSampling1D', () => new L.UpSampling1D(), [3, 2]],
  ['UpSampling3D cf', () => new L.UpSampling3D({ size: [2, 1, 3], dataFormat: 'channelsFirst' }), [2, 2, 2, 2]],
  ['GlobalAveragePooling3D', () => new L.GlobalAveragePooling3D(), [2, 3, 4, 5]],
  ['GlobalMaxPooling3D keepdims cf', () => new L.GlobalMaxPooling3D({ keepdims: true, dataFormat: 'channelsFirst' }), [2, 3, 4, 5]],
  ['PReLU', () => new L.PReLU({ sharedAxes: 2 }), [3, 4, 2]],
  ['ELU', () => new L.ELU({ alpha: 2 }), [5]],
  ['ThresholdedReLU', () => new L.ThresholdedReLU(), [5]],
  ['SpatialDropout1D', () => new L.SpatialDropout1D(0.3), [4, 3]],
  ['SpatialDropout2D', () => new L.SpatialDropout2D(0.3, { dataFormat: 'channelsFirst' }), [3, 4, 4]],
  ['SpatialDropout3D', () => new L.SpatialDropout3D(0.3), [2, 3, 4, 2]],
  ['GaussianDropout', () => new L.GaussianDropout(0.3), [4, 3]],
  ['AlphaDropout', () => new L.AlphaDropout(0.3), [4, 3]],
];

