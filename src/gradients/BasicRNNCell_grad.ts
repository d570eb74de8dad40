import type { GradConfig } from '../core/gradients.js';
import { BasicRNNCell, BasicRNNCellGrad } from '../core/kernel_names.js';
import { runBasicRNNGrad } from '../ops/rnn_kernels.js';
import { memoGrads, noSecondOrder } from './rnn_grad_util.js';

/** BasicRNNCell: dx, dh, dw, db from one BasicRNNCellGrad kernel (act' from the saved output). */
export const basicRNNCellGradConfig: GradConfig<'BasicRNNCell'> = {
  kernelName: BasicRNNCell,
  gradFunc: ([dy], inputs, [y], attrs) => memoGrads(4, () => runBasicRNNGrad(false, inputs, y!, dy!, attrs.activation)),
};

export const basicRNNCellGradGradConfig = noSecondOrder(BasicRNNCellGrad, 'basicRNNCell');
