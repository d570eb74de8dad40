import type { GradConfig } from '../core/gradients.js';
import { LSTMBlockSequence, LSTMBlockSequenceGrad } from '../core/kernel_names.js';
import { runLSTMGrad } from '../ops/rnn_kernels.js';
import { memoGrads, noSecondOrder } from './rnn_grad_util.js';

/** LSTMBlockSequence: BPTT in one LSTMBlockSequenceGrad kernel from the gradients of every step's cs and h. */
export const lstmBlockSequenceGradConfig: GradConfig<'LSTMBlockSequence'> = {
  kernelName: LSTMBlockSequence,
  gradFunc: (dy, inputs, outputs, attrs) =>
    memoGrads(inputs.length, () => runLSTMGrad(true, inputs, outputs, dy[1]!, dy[6]!, attrs)),
};

export const lstmBlockSequenceGradGradConfig = noSecondOrder(LSTMBlockSequenceGrad, 'lstmSequence');
