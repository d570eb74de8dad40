import type { GradConfig } from '../core/gradients.js';
import { GRUBlockSequence, GRUBlockSequenceGrad } from '../core/kernel_names.js';
import { runGRUGrad } from '../ops/rnn_kernels.js';
import { memoGrads, noSecondOrder } from './rnn_grad_util.js';

/** GRUBlockSequence: BPTT in one GRUBlockSequenceGrad kernel from the gradient of every step's h. */
export const gruBlockSequenceGradConfig: GradConfig<'GRUBlockSequence'> = {
  kernelName: GRUBlockSequence,
  gradFunc: (dy, inputs, outputs) => memoGrads(6, () => runGRUGrad(true, inputs, outputs, dy[3]!)),
};

export const gruBlockSequenceGradGradConfig = noSecondOrder(GRUBlockSequenceGrad, 'gruSequence');
