/**
 * The TF 1.x functional layers (tf.layers.dense, conv2d, conv3d_transpose, separable_conv1d, max_pooling2d,
 * dropout, batch_normalization, ...): each makes the layer object and applies it once, into the current graph
 * or eagerly. Variables are named as TF names them ('dense/kernel', 'dense_1/kernel', or '<name>/kernel'), and
 * `reuse` / variableScope share them.
 * Every function here honours argScope.
 */
import type { Tensor } from '../core/tensor.js';
import type { TensorLike } from '../core/tensor_util.js';
import { addArgScope } from './arg_scope.js';
import { Conv1D, Conv2D, Conv2DTranspose, Conv3D, Conv3DTranspose, type ConvOptions, type ConvTransposeOptions } from './conv.js';
import { SeparableConv1D, SeparableConv2D, type SeparableConvOptions } from './separable_conv.js';
import { Dense, Dropout, Flatten, type DenseOptions } from './core.js';
import { Embedding, type EmbeddingOptions } from './embedding.js';
import { BatchNormalization, LayerNormalization, type BatchNormalizationOptions, type LayerNormalizationOptions } from './normalization.js';
import {
  AveragePooling1D, AveragePooling2D, AveragePooling3D, MaxPooling1D, MaxPooling2D, MaxPooling3D, type PoolingOptions,
} from './pooling.js';
import type { CallArgs } from './base_layer.js';
import { checkLayerOptions, type DataFormat } from './layer_util.js';

type Input = Tensor | TensorLike;

export const dense = addArgScope('dense', (inputs: Input, units: number, opts: DenseOptions = {}): Tensor =>
  new Dense(units, opts).apply(inputs), 2);

export const conv1d = addArgScope('conv1d', (inputs: Input, filters: number, kernelSize: number | number[], opts: ConvOptions = {}): Tensor =>
  new Conv1D(filters, kernelSize, opts).apply(inputs), 3);
export const conv2d = addArgScope('conv2d', (inputs: Input, filters: number, kernelSize: number | number[], opts: ConvOptions = {}): Tensor =>
  new Conv2D(filters, kernelSize, opts).apply(inputs), 3);
export const conv3d = addArgScope('conv3d', (inputs: Input, filters: number, kernelSize: number | number[], opts: ConvOptions = {}): Tensor =>
  new Conv3D(filters, kernelSize, opts).apply(inputs), 3);
export const conv2dTranspose = addArgScope('conv2dTranspose', (inputs: Input, filters: number, kernelSize: number | number[], opts: ConvTransposeOptions = {}): Tensor =>
  new Conv2DTranspose(filters, kernelSize, opts).apply(inputs), 3);
export const conv3dTranspose = addArgScope('conv3dTranspose', (inputs: Input, filters: number, kernelSize: number | number[], opts: ConvTransposeOptions = {}): Tensor =>
  new Conv3DTranspose(filters, kernelSize, opts).apply(inputs), 3);
export const separableConv1d = addArgScope('separableConv1d', (inputs: Input, filters: number, kernelSize: number | number[], opts: SeparableConvOptions = {}): Tensor =>
  new SeparableConv1D(filters, kernelSize, opts).apply(inputs), 3);
export const separableConv2d = addArgScope('separableConv2d', (inputs: Input, filters: number, kernelSize: number | number[], opts: SeparableConvOptions = {}): Tensor =>
  new SeparableConv2D(filters, kernelSize, opts).apply(inputs), 3);

type Strides = number | number[];
export const maxPooling1d = addArgScope('maxPooling1d', (inputs: Input, poolSize: Strides, strides: Strides, opts: PoolingOptions = {}): Tensor =>
  new MaxPooling1D(poolSize, strides, opts).apply(inputs), 3);
export const maxPooling2d = addArgScope('maxPooling2d', (inputs: Input, poolSize: Strides, strides: Strides, opts: PoolingOptions = {}): Tensor =>
  new MaxPooling2D(poolSize, strides, opts).apply(inputs), 3);
export const maxPooling3d = addArgScope('maxPooling3d', (inputs: Input, poolSize: Strides, strides: Strides, opts: PoolingOptions = {}): Tensor =>
  new MaxPooling3D(poolSize, strides, opts).apply(inputs), 3);
export const averagePooling1d = addArgScope('averagePooling1d', (inputs: Input, poolSize: Strides, strides: Strides, opts: PoolingOptions = {}): Tensor =>
  new AveragePooling1D(poolSize, strides, opts).apply(inputs), 3);
export const averagePooling2d = addArgScope('averagePooling2d', (inputs: Input, poolSize: Strides, strides: Strides, opts: PoolingOptions = {}): Tensor =>
  new AveragePooling2D(poolSize, strides, opts).apply(inputs), 3);
export const averagePooling3d = addArgScope('averagePooling3d', (inputs: Input, poolSize: Strides, strides: Strides, opts: PoolingOptions = {}): Tensor =>
  new AveragePooling3D(poolSize, strides, opts).apply(inputs), 3);

export const flatten = addArgScope('flatten', (inputs: Input, opts: { name?: string; dataFormat?: DataFormat } = {}): Tensor =>
  new Flatten(opts).apply(inputs), 1);

export interface DropoutFnOptions {
  rate?: number;
  /** A boolean or a bool scalar tensor (e.g. tl.placeholderWithDefault(false, [])). Default false. */
  training?: CallArgs['training'];
  noiseShape?: (number | null)[];
  seed?: number;
  name?: string;
}

/** tf.layers.dropout: rate 0.5 by default, and the identity unless training. */
export const dropout = addArgScope('dropout', (inputs: Input, opts: DropoutFnOptions = {}): Tensor => {
  checkLayerOptions('dropout', opts, ['rate', 'training', 'noiseShape', 'seed']);
  const { rate = 0.5, training = false, ...rest } = opts;
  return new Dropout(rate, rest).apply(inputs, { training });
}, 1);

/** tf.layers.batch_normalization: `training` (boolean or bool tensor) picks batch or moving statistics. */
export const batchNormalization = addArgScope('batchNormalization', (inputs: Input, opts: BatchNormalizationOptions & { training?: CallArgs['training'] } = {}): Tensor => {
  const { training = false, ...rest } = opts ?? {};
  return new BatchNormalization(rest).apply(inputs, { training });
}, 1);

export const layerNormalization = addArgScope('layerNormalization', (inputs: Input, opts: LayerNormalizationOptions = {}): Tensor =>
  new LayerNormalization(opts).apply(inputs), 1);

/** An embedding lookup layer: ids -> rows of a trainable [inputDim, outputDim] matrix named '<name>/embeddings'. */
export const embedding = addArgScope('embedding', (ids: Input, inputDim: number, outputDim: number, opts: EmbeddingOptions = {}): Tensor =>
  new Embedding(inputDim, outputDim, opts).apply(ids), 3);
