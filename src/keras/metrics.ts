/**
 * tl.keras.metrics: metric functions (yTrue, yPred) -> per-sample values [batch], averaged over the samples of
 * an epoch by the fit loop (as Keras' Mean metric does). The loss functions serve as metrics too ('mse', ...).
 */
import type { Tensor } from '../core/tensor.js';
import * as ops from '../graph/graph_ops.generated.js';
import * as losses from './losses.js';

export type MetricFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

const lastAxisMean = (t: Tensor): Tensor => (t.rank <= 1 ? t : ops.mean(t, -1));

/** Fraction of elements where round(yPred > threshold) equals yTrue (labels 0/1). */
export function binaryAccuracy(yTrue: Tensor, yPred: Tensor, threshold = 0.5): Tensor {
  const predicted = ops.cast(ops.greater(yPred, threshold), yPred.dtype);
  const t = yTrue.dtype === yPred.dtype ? yTrue : ops.cast(yTrue, yPred.dtype);
  return lastAxisMean(ops.cast(ops.equal(t, predicted), yPred.dtype));
}

/** 1 where argMax(yTrue) equals argMax(yPred) (one-hot labels). */
export function categoricalAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  return ops.cast(ops.equal(ops.argMax(yTrue, -1), ops.argMax(yPred, -1)), yPred.dtype);
}

/** 1 where the integer label ([batch] or [batch, 1]) equals argMax(yPred). */
export function sparseCategoricalAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  let labels = yTrue.dtype === 'int32' ? yTrue : ops.cast(yTrue, 'int32');
  if (labels.rank === yPred.rank) labels = ops.squeeze(labels, [-1]);
  const predicted = ops.cast(ops.argMax(yPred, -1), 'int32');
  return ops.cast(ops.equal(labels, predicted), yPred.dtype);
}

/** Metric functions by canonical name (the loss functions included). */
export const METRICS: Record<string, MetricFn> = {
  binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy,
  ...losses.LOSSES,
};
