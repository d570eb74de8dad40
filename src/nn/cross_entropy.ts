/**
 * TF 1.x's tf.nn.softmax_cross_entropy_with_logits (v1): the same loss as the top-level op, which has TF 2's
 * (v2) semantics, except that no gradient reaches the labels.
 */
import { ENGINE } from '../core/engine.js';
import { Tensor } from '../core/tensor.js';
import type { TensorLike } from '../core/tensor_util.js';
import { graphAware } from '../graph/op_wrapper.js';
import { stopGradient } from '../ops/cast.js';
import { softmaxCrossEntropyWithLogits as softmaxCrossEntropyV2 } from '../ops/losses_nn.js';

/** v1: -sum(labels * logSoftmax(logits)) along `axis`, with labels behind stopGradient, as TF 1.x does. */
function softmaxCrossEntropyV1(labels: TensorLike, logits: TensorLike, axis = -1): Tensor {
  // JS labels pass as they are (they have no gradient, and the op converts them to the logits' dtype).
  return ENGINE.tidy(() => softmaxCrossEntropyV2(labels instanceof Tensor ? stopGradient(labels) : labels, logits, axis));
}

/**
 * tf.nn.softmax_cross_entropy_with_logits (TF 1.x, v1): per-example softmax cross-entropy whose gradient flows
 * into `logits` only. tl.softmaxCrossEntropyWithLogits and tl.nn.softmaxCrossEntropyWithLogitsV2 also
 * backpropagate into `labels`.
 */
export const softmaxCrossEntropyWithLogits = graphAware('softmaxCrossEntropyWithLogits', softmaxCrossEntropyV1);
