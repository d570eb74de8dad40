// Gradients of the 'rnn' family (fused recurrent cells and sequences). Registered by ../register_all.ts.
import type { AnyGradConfig } from '../../core/gradients.js';
import { basicRNNCellGradConfig, basicRNNCellGradGradConfig } from '../BasicRNNCell_grad.js';
import { basicRNNSequenceGradConfig, basicRNNSequenceGradGradConfig } from '../BasicRNNSequence_grad.js';
import { lstmBlockCellGradConfig, lstmBlockCellGradGradConfig } from '../LSTMBlockCell_grad.js';
import { lstmBlockSequenceGradConfig, lstmBlockSequenceGradGradConfig } from '../LSTMBlockSequence_grad.js';
import { gruBlockCellGradConfig, gruBlockCellGradGradConfig } from '../GRUBlockCell_grad.js';
import { gruBlockSequenceGradConfig, gruBlockSequenceGradGradConfig } from '../GRUBlockSequence_grad.js';

// The *Grad kernels' configs only throw (no second order through fused cells; see rnn_grad_util.ts).
export const grads: AnyGradConfig[] = [
  basicRNNCellGradConfig,
  basicRNNSequenceGradConfig,
  lstmBlockCellGradConfig,
  lstmBlockSequenceGradConfig,
  gruBlockCellGradConfig,
  gruBlockSequenceGradConfig,
  basicRNNCellGradGradConfig,
  basicRNNSequenceGradGradConfig,
  lstmBlockCellGradGradConfig,
  lstmBlockSequenceGradGradConfig,
  gruBlockCellGradGradConfig,
  gruBlockSequenceGradGradConfig,
];
