/**
 * tl.keras.losses: Keras loss functions. Each takes (yTrue, yPred) and returns the per-sample loss, shape
 * [batch] (the mean over the last axis, as Keras), so sample and class weights can be applied before the batch
 * reduction. Written with the graph-aware public ops, so they differentiate and work on placeholders.
 * Probabilities are clipped to [EPSILON, 1 - EPSILON] as Keras does; the `fromLogits` factories take raw scores.
 */
import { ArgumentError } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import * as ops from '../graph/graph_ops.generated.js';

/** Keras' backend epsilon (clip value for probabilities). */
export const EPSILON = 1e-7;

export type LossFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

const lastAxisMean = (t: Tensor): Tensor => (t.rank === 0 ? t : ops.mean(t, -1));
const clipProb = (p: Tensor): Tensor => ops.clipByValue(p, EPSILON, 1 - EPSILON);
const asFloat = (yTrue: Tensor, yPred: Tensor): Tensor => (yTrue.dtype === yPred.dtype ? yTrue : ops.cast(yTrue, yPred.dtype));

export function meanSquaredError(yTrue: Tensor, yPred: Tensor): Tensor {
  return lastAxisMean(ops.square(ops.sub(yPred, asFloat(yTrue, yPred))));
}

export function meanAbsoluteError(yTrue: Tensor, yPred: Tensor): Tensor {
  return lastAxisMean(ops.abs(ops.sub(yPred, asFloat(yTrue, yPred))));
}

export function meanAbsolutePercentageError(yTrue: Tensor, yPred: Tensor): Tensor {
  const t = asFloat(yTrue, yPred);
  const denom = ops.clipByValue(ops.abs(t), EPSILON, Number.MAX_VALUE);
  return ops.mul(lastAxisMean(ops.abs(ops.div(ops.sub(t, yPred), denom))), 100);
}

export function meanSquaredLogarithmicError(yTrue: Tensor, yPred: Tensor): Tensor {
  const lp = ops.log(ops.add(ops.clipByValue(yPred, EPSILON, Number.MAX_VALUE), 1));
  const lt = ops.log(ops.add(ops.clipByValue(asFloat(yTrue, yPred), EPSILON, Number.MAX_VALUE), 1));
  return lastAxisMean(ops.square(ops.sub(lp, lt)));
}

/** Huber loss with `delta` (Keras' default 1). */
export function huber(yTrue: Tensor, yPred: Tensor, delta = 1): Tensor {
  const err = ops.abs(ops.sub(yPred, asFloat(yTrue, yPred)));
  const quad = ops.minimum(err, delta);
  const lin = ops.sub(err, quad);
  return lastAxisMean(ops.add(ops.mul(ops.square(quad), 0.5), ops.mul(lin, delta)));
}

export function logCosh(yTrue: Tensor, yPred: Tensor): Tensor {
  // log(cosh(x)) = x + softplus(-2x) - log 2, stable for large |x|.
  const x = ops.sub(yPred, asFloat(yTrue, yPred));
  return lastAxisMean(ops.sub(ops.add(x, ops.softplus(ops.mul(x, -2))), Math.LN2));
}

export function binaryCrossentropy(yTrue: Tensor, yPred: Tensor): Tensor {
  const t = asFloat(yTrue, yPred);
  const p = clipProb(yPred);
  const ll = ops.add(ops.mul(t, ops.log(p)), ops.mul(ops.sub(1, t), ops.log(ops.sub(1, p))));
  return lastAxisMean(ops.neg(ll));
}

export function categoricalCrossentropy(yTrue: Tensor, yPred: Tensor): Tensor {
  const t = asFloat(yTrue, yPred);
  // Keras rescales the predictions to sum to 1 before clipping.
  const p = clipProb(ops.div(yPred, ops.sum(yPred, -1, true)));
  return ops.neg(ops.sum(ops.mul(t, ops.log(p)), -1));
}

/**
 * Integer labels of shape [batch] or [batch, 1] against [batch, classes] probabilities. As tf.keras: the clipped
 * log-probabilities go to the sparse softmax cross-entropy kernel (softmax(log p) renormalizes p), which refuses
 * a label outside [0, classes) instead of the zero loss a one-hot row of zeros would silently give.
 */
export function sparseCategoricalCrossentropy(yTrue: Tensor, yPred: Tensor): Tensor {
  return ops.sparseSoftmaxCrossEntropyWithLogits(sparseLabels(yTrue, yPred), ops.log(clipProb(yPred)));
}

export function hinge(yTrue: Tensor, yPred: Tensor): Tensor {
  return lastAxisMean(ops.relu(ops.sub(1, ops.mul(signedLabels(yTrue, yPred), yPred))));
}

export function squaredHinge(yTrue: Tensor, yPred: Tensor): Tensor {
  return lastAxisMean(ops.square(ops.relu(ops.sub(1, ops.mul(signedLabels(yTrue, yPred), yPred)))));
}

export function kullbackLeiblerDivergence(yTrue: Tensor, yPred: Tensor): Tensor {
  const t = ops.clipByValue(asFloat(yTrue, yPred), EPSILON, 1);
  const p = ops.clipByValue(yPred, EPSILON, 1);
  return ops.sum(ops.mul(t, ops.log(ops.div(t, p))), -1);
}

export function poisson(yTrue: Tensor, yPred: Tensor): Tensor {
  return lastAxisMean(ops.sub(yPred, ops.mul(asFloat(yTrue, yPred), ops.log(ops.add(yPred, EPSILON)))));
}

/** -cosine similarity along the last axis (Keras 2.x's sign: lower is better). */
export function cosineSimilarity(yTrue: Tensor, yPred: Tensor): Tensor {
  const t = ops.l2Normalize(asFloat(yTrue, yPred), -1);
  const p = ops.l2Normalize(yPred, -1);
  return ops.neg(ops.sum(ops.mul(t, p), -1));
}

/** Labels in {0, 1} become {-1, 1}, as Keras' hinge losses do. */
function signedLabels(yTrue: Tensor, yPred: Tensor): Tensor {
  return ops.sub(ops.mul(asFloat(yTrue, yPred), 2), 1);
}

/** Sparse integer labels ([batch] or [batch, 1], any numeric dtype) as int labels of yPred's shape less its class axis. */
export function sparseLabels(yTrue: Tensor, yPred: Tensor): Tensor {
  const labels = yTrue.dtype === 'int32' || yTrue.dtype === 'int64' ? yTrue : ops.cast(yTrue, 'int32');
  return labels.rank === yPred.rank ? ops.squeeze(labels, [-1]) : labels;
}

// ---- loss objects with options (tf.keras.losses.CategoricalCrossentropy(from_logits=True) etc.) ----

export interface CrossentropyOptions {
  /** The predictions are raw scores (logits), not probabilities. */
  fromLogits?: boolean;
  /** Categorical / binary only: smooth the labels towards uniform by this amount. */
  labelSmoothing?: number;
}

function crossOpts(op: string, o: CrossentropyOptions | undefined): Required<CrossentropyOptions> {
  checkOptions(op, o, ['fromLogits', 'labelSmoothing']);
  const ls = o?.labelSmoothing ?? 0;
  if (typeof ls !== 'number' || !(ls >= 0 && ls <= 1)) throw new ArgumentError(`${op}: 'labelSmoothing' must be in [0, 1], got ${String(ls)}`);
  return { fromLogits: o?.fromLogits === true, labelSmoothing: ls };
}

export function CategoricalCrossentropy(opts?: CrossentropyOptions): LossFn {
  const o = crossOpts('CategoricalCrossentropy', opts);
  const fn: LossFn = (yTrue, yPred) => {
    let t = asFloat(yTrue, yPred);
    if (o.labelSmoothing > 0) t = ops.add(ops.mul(t, 1 - o.labelSmoothing), o.labelSmoothing / yPred.shape[yPred.rank - 1]!);
    return o.fromLogits ? ops.softmaxCrossEntropyWithLogits(t, yPred) : categoricalCrossentropy(t, yPred);
  };
  return named(fn, 'categoricalCrossentropy', o);
}

export function SparseCategoricalCrossentropy(opts?: Pick<CrossentropyOptions, 'fromLogits'>): LossFn {
  checkOptions('SparseCategoricalCrossentropy', opts, ['fromLogits']);
  const fromLogits = opts?.fromLogits === true;
  const fn: LossFn = (yTrue, yPred) => {
    if (!fromLogits) return sparseCategoricalCrossentropy(yTrue, yPred);
    // The sparse kernel: no one-hot matrix, one kernel for the loss and one for its gradient.
    return ops.sparseSoftmaxCrossEntropyWithLogits(sparseLabels(yTrue, yPred), yPred);
  };
  return named(fn, 'sparseCategoricalCrossentropy', { fromLogits });
}

export function BinaryCrossentropy(opts?: CrossentropyOptions): LossFn {
  const o = crossOpts('BinaryCrossentropy', opts);
  const fn: LossFn = (yTrue, yPred) => {
    let t = asFloat(yTrue, yPred);
    if (o.labelSmoothing > 0) t = ops.add(ops.mul(t, 1 - o.labelSmoothing), 0.5 * o.labelSmoothing);
    return o.fromLogits ? lastAxisMean(ops.sigmoidCrossEntropyWithLogits(t, yPred)) : binaryCrossentropy(t, yPred);
  };
  return named(fn, 'binaryCrossentropy', o);
}

export function Huber(opts?: { delta?: number }): LossFn {
  checkOptions('Huber', opts, ['delta']);
  const delta = opts?.delta ?? 1;
  if (typeof delta !== 'number' || !(delta > 0)) throw new ArgumentError(`Huber: 'delta' must be > 0, got ${String(delta)}`);
  return named((t, p) => huber(t, p, delta), 'huber', { delta });
}

/** What a loss object remembers for compile's accuracy choice and for saving the compile config. */
export interface LossInfo {
  name: string;
  config: Record<string, unknown>;
}
export const LOSS_INFO = new WeakMap<LossFn, LossInfo>();

function named(fn: LossFn, name: string, config: object): LossFn {
  LOSS_INFO.set(fn, { name, config: { ...config } });
  return fn;
}

/** Loss functions by canonical (camelCase) name. */
export const LOSSES: Record<string, LossFn> = {
  meanSquaredError, meanAbsoluteError, meanAbsolutePercentageError, meanSquaredLogarithmicError, huber, logCosh,
  binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, hinge, squaredHinge,
  kullbackLeiblerDivergence, poisson, cosineSimilarity,
};
