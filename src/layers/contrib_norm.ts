/**
 * tf.contrib.layers.dropout and tf.contrib.layers.batch_norm with their own TF 1.x signatures, which differ from
 * tf.layers': dropout takes keep_prob (not rate) and is_training (default true); batch_norm has decay 0.999,
 * no gamma unless scale is true, variables under 'BatchNorm' and updates_collections (null: the moving averages
 * update with every run of the output, as TF's updates_collections=None).
 */
import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { TensorLike } from '../core/tensor_util.js';
import { GraphKeys, getDefaultGraph, inGraphMode } from '../graph/graph.js';
import { controlDependencies } from '../graph/control_flow.js';
import * as ops from '../graph/graph_ops.generated.js';
import { Operation } from '../graph/operation.js';
import type { InitializerIdentifier } from './serialization.js';
import type { Regularizer } from '../train/regularizers.js';
import { uniqueScopeName, type Reuse } from '../train/variable_scope.js';
import { addArgScope } from './arg_scope.js';
import { dropout as layersDropout } from './functional.js';
import { checkLayerOptions } from './layer_util.js';
import { BatchNormalization } from './normalization.js';

export interface ContribDropoutOptions {
  /** The keep probability, when not given positionally (e.g. from an argScope). */
  keepProb?: number;
  noiseShape?: (number | null)[];
  /** Default true, as in TF's contrib dropout: a boolean or a bool scalar tensor (tl.placeholderWithDefault). */
  isTraining?: boolean | Tensor;
  seed?: number;
}

function contribDropoutImpl(inputs: Tensor | TensorLike, keepProb?: number | null, opts: ContribDropoutOptions = {}): Tensor {
  const op = 'contrib.layers.dropout';
  checkLayerOptions(op, opts, ['keepProb', 'noiseShape', 'isTraining', 'seed']);
  const kp = keepProb ?? opts.keepProb ?? 0.5;
  if (typeof kp !== 'number' || !(kp > 0 && kp <= 1)) throw new ArgumentError(`${op}: 'keepProb' must be a number in (0, 1], got ${String(kp)}`);
  const { isTraining = true, noiseShape, seed } = opts;
  return layersDropout(inputs as Tensor, {
    rate: 1 - kp, training: isTraining, ...(noiseShape ? { noiseShape } : {}), ...(seed !== undefined ? { seed } : {}),
  });
}

/** tf.contrib.layers.dropout(inputs, keep_prob = 0.5, is_training = true): keeps each input with keepProb. */
export const contribDropout = addArgScope('dropout', contribDropoutImpl, 2);

export interface ContribBatchNormOptions {
  /** Moving-average decay (default 0.999). */
  decay?: number;
  /** Add beta (default true). */
  center?: boolean;
  /** Multiply by gamma (default false, as TF's contrib batch_norm). */
  scale?: boolean;
  epsilon?: number;
  activationFn?: ((x: Tensor) => Tensor) | null;
  paramInitializers?: { beta?: InitializerIdentifier; gamma?: InitializerIdentifier; movingMean?: InitializerIdentifier; movingVariance?: InitializerIdentifier };
  paramRegularizers?: { beta?: Regularizer | null; gamma?: Regularizer | null };
  /** Where the moving-average updates go: UPDATE_OPS (default), another collection key, or null to run them with the output. */
  updatesCollections?: string | null;
  /** Batch statistics (true, default) or the moving ones: a boolean or a bool scalar tensor. */
  isTraining?: boolean | Tensor;
  reuse?: Reuse | null;
  trainable?: boolean;
  /** Variable scope (default 'BatchNorm', made unique). */
  scope?: string;
  /** 'NHWC' (default, channels last) or 'NCHW' (channels at axis 1). */
  dataFormat?: 'NHWC' | 'NCHW';
  fused?: boolean | null;
}

const BN_KEYS = ['decay', 'center', 'scale', 'epsilon', 'activationFn', 'paramInitializers', 'paramRegularizers', 'updatesCollections', 'isTraining',
  'reuse', 'trainable', 'scope', 'dataFormat', 'fused'];

function contribBatchNormImpl(inputs: Tensor | TensorLike, opts: ContribBatchNormOptions = {}): Tensor {
  const op = 'contrib.layers.batchNorm';
  checkLayerOptions(op, opts, BN_KEYS);
  const init = opts.paramInitializers ?? {};
  const reg = opts.paramRegularizers ?? {};
  checkLayerOptions(`${op} paramInitializers`, init, ['beta', 'gamma', 'movingMean', 'movingVariance']);
  checkLayerOptions(`${op} paramRegularizers`, reg, ['beta', 'gamma']);
  if (opts.dataFormat !== undefined && opts.dataFormat !== 'NHWC' && opts.dataFormat !== 'NCHW') {
    throw new ArgumentError(`${op}: 'dataFormat' must be 'NHWC' or 'NCHW', got ${String(opts.dataFormat)}`);
  }
  const collection = opts.updatesCollections === undefined ? GraphKeys.UPDATE_OPS : opts.updatesCollections;
  if (collection !== null && typeof collection !== 'string') throw new ArgumentError(`${op}: 'updatesCollections' must be a collection key or null, got ${String(collection)}`);
  const layer = new BatchNormalization({
    name: opts.scope ?? uniqueScopeName('BatchNorm'),
    axis: opts.dataFormat === 'NCHW' ? 1 : -1,
    momentum: opts.decay ?? 0.999,
    center: opts.center ?? true,
    scale: opts.scale ?? false,
    epsilon: opts.epsilon ?? 0.001,
    ...(init.beta !== undefined ? { betaInitializer: init.beta } : {}),
    ...(init.gamma !== undefined ? { gammaInitializer: init.gamma } : {}),
    ...(init.movingMean !== undefined ? { movingMeanInitializer: init.movingMean } : {}),
    ...(init.movingVariance !== undefined ? { movingVarianceInitializer: init.movingVariance } : {}),
    ...(reg.beta ? { betaRegularizer: reg.beta } : {}),
    ...(reg.gamma ? { gammaRegularizer: reg.gamma } : {}),
    ...(opts.trainable !== undefined ? { trainable: opts.trainable } : {}),
    ...(opts.reuse !== undefined && opts.reuse !== null ? { reuse: opts.reuse } : {}),
    ...(opts.fused !== undefined ? { fused: opts.fused } : {}),
  });
  let y = layer.apply(inputs as Tensor, { training: opts.isTraining ?? true }) as Tensor;
  const updates = layer.updates;
  if (inGraphMode() && updates.length > 0 && collection !== GraphKeys.UPDATE_OPS) {
    const graph = updates[0] instanceof Operation ? updates[0].graph : getDefaultGraph();
    for (const u of updates) {
      graph.removeFromCollection(GraphKeys.UPDATE_OPS, u);
      if (collection !== null) graph.addToCollection(collection, u);
    }
    if (collection === null) {
      const out = y;
      y = controlDependencies(updates, () => ops.identity(out));
    }
  }
  const act = opts.activationFn ?? null;
  return act ? act(y) : y;
}

/**
 * tf.contrib.layers.batch_norm: batch normalization over the last axis (NHWC) or axis 1 (NCHW), TF 1.x contrib
 * defaults (decay 0.999, scale false, epsilon 0.001, isTraining true); in graph mode the moving-average updates
 * go to `updatesCollections` (UPDATE_OPS), or run with the output when it is null.
 */
export const contribBatchNorm = addArgScope('batchNorm', contribBatchNormImpl, 1);
