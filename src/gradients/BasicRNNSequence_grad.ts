import type { GradConfig } from '../core/gradients.js';
import { BasicRNNSequence, BasicRNNSequenceGrad } from '../core/kernel_names.js';
import { runBasicRNNGrad } from '../ops/rnn_kernels.js';
import { memoGrads, noSecondOrder } from './rnn_grad_util.js';

/** BasicRNNSequence: BPTT in one BasicRNNSequenceGrad kernel (dy is the gradient of every step's h). */
export const basicRNNSequenceGradConfig: GradConfig<'BasicRNNSequence'> = {
  kernelName: BasicRNNSequence,
  gradFunc: ([dy], inputs, [y], attrs) => memoGrads(4, () => runBasicRNNGrad(true, inputs, y!, dy!, attrs.activation)),
};

export const basicRNNSequenceGradGradConfig = noSecondOrder(BasicRNNSequenceGrad, 'rnnSequence');
