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
  const activationFn = opts.activationFn === undefined ? ops.relu : opts.activationFn;
  const trainable = opts.trainable ?? true;
  const scopeOpts = { ...(opts.reuse !== undefined && opts.reuse !== null ? { reuse: opts.reuse } : {}), ...(opts.scope ? {} : { defaultName: 'fully_connected' }) };
  return variableScope(opts.scope ?? null, scopeOpts, () => {
    const weights = getVariable('weights', {
      shape: [inDim, numOutputs], dtype: x.dtype, initializer: opts.weightsInitializer ?? glorotUniform(), trainable,
      ...(opts.weightsRegularizer ? { regularizer: opts.weightsRegularizer } : {}),
    });
    let y = x.rank === 2 ? ops.matMul(x, weights) : denseNd(x, weights);
    if (opts.normalizerFn) {
      y = opts.normalizerFn(y, opts.normalizerParams ?? {});
    } else if (opts.biasesInitializer !== null) {
      const biases = getVariable('biases', {
        shape: [numOutputs], dtype: x.dtype, initializer: opts.biasesInitializer ?? zeros(), trainable,
        ...(opts.biasesRegularizer ? { regularizer: opts.biasesRegularizer } : {}),
      });
      y = ops.add(y, biases);
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
