/**
 * Gradients of the fused cross-entropy kernels, written with softmax / logSoftmax so they are differentiable
 * again (second order), unlike TF's saved "backprop" output.
 */
import type { GradConfig } from '../core/gradients.js';
import * as K from '../core/kernel_names.js';
import { mul, sub } from '../ops/arithmetic.js';
import { neg } from '../ops/unary_math.js';
import { reshape } from '../ops/reshape.js';
import { logSoftmax, softmax } from '../ops/softmax.js';
import { oneHot } from '../ops/one_hot.js';
import { stopGradient } from '../ops/cast.js';
import type { Tensor } from '../core/tensor.js';

/** dy (one value per example) with the class axis put back as size 1, to broadcast over the classes. */
function expandAt(dy: Tensor, logitsShape: readonly number[], axis: number): Tensor {
  return reshape(dy, logitsShape.map((d, i) => (i === axis ? 1 : d)));
}

/** d/dlogits = (softmax(logits) - labels) * dy ; d/dlabels = -logSoftmax(logits) * dy (TF 2). */
export const softmaxCrossEntropyGradConfig: GradConfig<'SoftmaxCrossEntropyWithLogits'> = {
  kernelName: K.SoftmaxCrossEntropyWithLogits,
  gradFunc: ([dy], [labels, logits], _outputs, attrs) => {
    const axis = attrs.axis;
    return [
      () => mul(neg(logSoftmax(logits!, axis)), expandAt(dy!, logits!.shape, axis)),
      () => mul(sub(softmax(logits!, axis), labels!), expandAt(dy!, logits!.shape, axis)),
    ];
  },
};

/** d/dlogits = (softmax(logits) - oneHot(labels)) * dy ; labels (integers) get none. */
export const sparseSoftmaxCrossEntropyGradConfig: GradConfig<'SparseSoftmaxCrossEntropyWithLogits'> = {
  kernelName: K.SparseSoftmaxCrossEntropyWithLogits,
  gradFunc: ([dy], [labels, logits]) => [
    null,
    () => {
      const classes = logits!.shape[logits!.rank - 1]!;
      const target = stopGradient(oneHot(labels!, classes, 1, 0, logits!.dtype));
      return mul(sub(softmax(logits!, -1), target), reshape(dy!, [...labels!.shape, 1]));
    },
  ],
};
