import type { GradConfig } from '../core/gradients.js';
import { GRUBlockCell, GRUBlockCellGrad } from '../core/kernel_names.js';
import { runGRUGrad } from '../ops/rnn_kernels.js';
import { memoGrads, noSecondOrder } from './rnn_grad_util.js';

/** GRUBlockCell (outputs r, u, c, h): every input's gradient from dh (dy[3]) in one GRUBlockCellGrad kernel. */
export const gruBlockCellGradConfig: GradConfig<'GRUBlockCell'> = {
  kernelName: GRUBlockCell,
  gradFunc: (dy, inputs, outputs) => memoGrads(6, () => runGRUGrad(false, inputs, outputs, dy[3]!)),
};

export const gruBlockCellGradGradConfig = noSecondOrder(GRUBlockCellGrad, 'gruCell');
