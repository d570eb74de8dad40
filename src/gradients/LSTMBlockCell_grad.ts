import type { GradConfig } from '../core/gradients.js';
import { LSTMBlockCell, LSTMBlockCellGrad } from '../core/kernel_names.js';
import { runLSTMGrad } from '../ops/rnn_kernels.js';
import { memoGrads, noSecondOrder } from './rnn_grad_util.js';

/**
 * LSTMBlockCell (outputs i, cs, f, o, ci, co, h): the gradients of every input from the upstream gradients of
 * cs (dy[1]) and h (dy[6]) in one LSTMBlockCellGrad kernel. The gate outputs are saved activations: their
 * upstream gradients are ignored, as TF's _LSTMBlockCellGrad does (the public ops never return them).
 */
export const lstmBlockCellGradConfig: GradConfig<'LSTMBlockCell'> = {
  kernelName: LSTMBlockCell,
  gradFunc: (dy, inputs, outputs, attrs) =>
    memoGrads(inputs.length, () => runLSTMGrad(false, inputs, outputs, dy[1]!, dy[6]!, attrs)),
};

export const lstmBlockCellGradGradConfig = noSecondOrder(LSTMBlockCellGrad, 'lstmCell');
