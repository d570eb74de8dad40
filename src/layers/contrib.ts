/**
 * tl.contrib.layers.fullyConnected (tf.contrib.layers.fully_connected) and the contrib initializer names the
 * seeds use. Variables are '<scope>/weights' and '<scope>/biases', scope 'fully_connected' (made unique:
 * fully_connected_1, ...) unless given.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import * as ops from '../graph/graph_ops.generated.js';
import { glorotNormal, glorotUniform, varianceScaling, zeros, type Initializer } from '../train/initializers.js';
import { getVariable, variableScope, type Reuse } from '../train/variable_scope.js';
import type { Regularizer } from '../train/regularizers.js';
import { addArgScope } from './arg_scope.js';
import { denseNd } from './core.js';
import { checkLayerOptions } from './layer_util.js';

export interface FullyConnectedOptions {
  /** Default tl.relu; null for none (linear). */
  activationFn?: ((x: Tensor) => Tensor) | null;
  /** e.g. tl.layers.batchNormalization: applied instead of the biases, called as normalizerFn(y, normalizerParams). */
  normalizerFn?: ((x: Tensor, params?: any) => Tensor) | null;
  normalizerParams?: Record<string, unknown>;
  weightsInitializer?: Initializer;
  weightsRegularizer?: Regularizer | null;
  biasesInitializer?: Initializer | null;
  biasesRegularizer?: Regularizer | null;
  scope?: string;
  reuse?: Reuse | null;
  trainable?: boolean;
}

const KEYS = ['activationFn', 'normalizerFn', 'normalizerParams', 'weightsInitializer', 'weightsRegularizer', 'biasesInitializer', 'biasesRegularizer', 'scope', 'reuse', 'trainable'];

function fullyConnectedImpl(inputs: Tensor | TensorLike, numOutputs: number, opts: FullyConnectedOptions = {}): Tensor {
  const op = 'fullyConnected';
  // TF's contrib layers take their options from arg_scope, so unknown keys are refused only here.
  checkLayerOptions(op, opts, KEYS);
  if (!Number.isInteger(numOutputs) || numOutputs < 1) throw new ArgumentError(`${op}: 'numOutputs' must be a positive integer, got ${String(numOutputs)}`);
  const x = convertToTensor(inputs as TensorLike, 'inputs', op);
  if (x.rank < 2) throw new ShapeError(`${op}: inputs must have rank >= 2, got shape [${x.shape.join(',')}]`);
  const inDim = x.shape[x.rank - 1]!;
  if (inDim < 0) throw new ShapeError(`${op}: the last dimension of the inputs must be known, got [${x.shape.join(',')}]`);
  return contribLayer(opts, 'fully_connected', [inDim, numOutputs], x.dtype, (weights) => (x.rank === 2 ? ops.matMul(x, weights) : denseNd(x, weights)), (y, biases) =>
    ops.add(y, biases));
}

/**
 * The body TF's contrib layers share: in variable scope `scope` (default `defaultName`, made unique), 'weights'
 * of `shape`, then normalizerFn in place of the 'biases' (or the biases added), then activationFn (default relu).
 */
function contribLayer(
  opts: FullyConnectedOptions, defaultName: string, shape: number[], dtype: Tensor['dtype'], apply: (weights: Tensor) => Tensor,
  addBiases: (y: Tensor, biases: Tensor) => Tensor,
): Tensor {
  const activationFn = opts.activationFn === undefined ? ops.relu : opts.activationFn;
  const trainable = opts.trainable ?? true;
  const scopeOpts = { ...(opts.reuse !== undefined && opts.reuse !== null ? { reuse: opts.reuse } : {}), ...(opts.scope ? {} : { defaultName }) };
  return variableScope(opts.scope ?? null, scopeOpts, () => {
    const weights = getVariable('weights', {
      shape, dtype, initializer: opts.weightsInitializer ?? glorotUniform(), trainable,
      ...(opts.weightsRegularizer ? { regularizer: opts.weightsRegularizer } : {}),
    });
    let y = apply(weights);
    if (opts.normalizerFn) {
      y = opts.normalizerFn(y, opts.normalizerParams ?? {});
    } else if (opts.biasesInitializer !== null) {
      const biases = getVariable('biases', {
        shape: [shape[shape.length - 1]!], dtype, initializer: opts.biasesInitializer ?? zeros(), trainable,
        ...(opts.biasesRegularizer ? { regularizer: opts.biasesRegularizer } : {}),
      });
      y = addBiases(y, biases);
    }
    return activationFn ? activationFn(y) : y;
  });
}

/** tf.contrib.layers.fully_connected: activationFn(x · weights + biases), or normalizerFn in place of the biases. */
export const fullyConnected = addArgScope('fullyConnected', fullyConnectedImpl, 2);

/** tf.contrib.layers.xavier_initializer (uniform by default). */
export function xavierInitializer(uniform = true, seed?: number): Initializer {
  return uniform ? glorotUniform(seed) : glorotNormal(seed);
}

/**
 * tf.contrib.layers.variance_scaling_initializer(factor = 2, mode = 'FAN_IN', uniform = false): He
 * initialization by default.
 */
export function varianceScalingInitializer(factor = 2, mode: 'FAN_IN' | 'FAN_OUT' | 'FAN_AVG' = 'FAN_IN', uniform = false, seed?: number): Initializer {
  const m = ({ FAN_IN: 'fanIn', FAN_OUT: 'fanOut', FAN_AVG: 'fanAvg' } as const)[mode];
  if (!m) throw new ArgumentError(`varianceScalingInitializer: 'mode' must be FAN_IN, FAN_OUT or FAN_AVG, got ${String(mode)}`);
  return varianceScaling(factor, m, uniform ? 'uniform' : 'truncatedNormal', seed);
}

export interface ContribConv2dOptions extends Omit<FullyConnectedOptions, 'scope'> {
  /** Default 1: a number or [sh, sw]. */
  stride?: number | number[];
  /** 'SAME' (default, as TF's contrib conv2d) or 'VALID'. */
  padding?: 'SAME' | 'VALID';
  /** 'NHWC' (default) or 'NCHW'. */
  dataFormat?: 'NHWC' | 'NCHW';
  /** Dilation rate (atrous convolution), default 1. */
  rate?: number | number[];
  /** Variable scope, default 'Conv' (made unique: Conv_1, ...). */
  scope?: string;
}

const CONV_KEYS = [...KEYS, 'stride', 'padding', 'dataFormat', 'rate'];

function contribConv2dImpl(inputs: Tensor | TensorLike, numOutputs: number, kernelSize: number | number[], opts: ContribConv2dOptions = {}): Tensor {
  const op = 'contrib.layers.conv2d';
  checkLayerOptions(op, opts, CONV_KEYS);
  if (!Number.isInteger(numOutputs) || numOutputs < 1) throw new ArgumentError(`${op}: 'numOutputs' must be a positive integer, got ${String(numOutputs)}`);
  const k = typeof kernelSize === 'number' ? [kernelSize, kernelSize] : kernelSize;
  if (!Array.isArray(k) || k.length !== 2 || !k.every((d) => Number.isInteger(d) && d > 0)) {
    throw new ArgumentError(`${op}: 'kernelSize' must be a positive integer or [kh, kw], got ${JSON.stringify(kernelSize)}`);
  }
  const x = convertToTensor(inputs as TensorLike, 'inputs', op);
  if (x.rank !== 4) throw new ShapeError(`${op}: inputs must have rank 4 (${opts.dataFormat ?? 'NHWC'}), got shape [${x.shape.join(',')}]`);
  const dataFormat = opts.dataFormat ?? 'NHWC';
  if (dataFormat !== 'NHWC' && dataFormat !== 'NCHW') throw new ArgumentError(`${op}: 'dataFormat' must be 'NHWC' or 'NCHW', got ${String(dataFormat)}`);
  const inC = x.shape[dataFormat === 'NHWC' ? 3 : 1]!;
  if (inC < 0) throw new ShapeError(`${op}: the channel dimension of the inputs must be known, got [${x.shape.join(',')}]`);
  return contribLayer(opts, 'Conv', [k[0]!, k[1]!, inC, numOutputs], x.dtype,
    (weights) => ops.conv2d(x, weights, opts.stride ?? 1, opts.padding ?? 'SAME', { dataFormat, dilations: opts.rate ?? 1 }),
    (y, biases) => ops.biasAdd(y, biases, dataFormat));
}

/**
 * tf.contrib.layers.conv2d(inputs, num_outputs, kernel_size, stride = 1, padding = 'SAME', activation_fn = relu):
 * TF contrib's defaults (not tf.layers.conv2d's 'valid' and no activation); variables '<scope>/weights' and
 * '<scope>/biases', scope 'Conv'.
 */
export const contribConv2d = addArgScope('conv2d', contribConv2dImpl, 3);

export interface ContribMaxPool2dOptions {
  /** Default 2, as TF's contrib max_pool2d. */
  stride?: number | number[];
  /** 'VALID' (default) or 'SAME'. */
  padding?: 'SAME' | 'VALID';
  dataFormat?: 'NHWC' | 'NCHW';
}

function contribMaxPool2dImpl(inputs: Tensor | TensorLike, kernelSize: number | number[], opts: ContribMaxPool2dOptions = {}): Tensor {
  checkLayerOptions('contrib.layers.maxPool2d', opts, ['stride', 'padding', 'dataFormat']);
  return ops.maxPool(inputs, kernelSize, opts.stride ?? 2, opts.padding ?? 'VALID', { dataFormat: opts.dataFormat ?? 'NHWC' });
}

/** tf.contrib.layers.max_pool2d(inputs, kernel_size, stride = 2, padding = 'VALID'). */
export const contribMaxPool2d = addArgScope('maxPool2d', contribMaxPool2dImpl, 2);
