// js kernels of the 'rnn' family (fused recurrent cells and sequences): [kernel name, implementation].
// Registered by ../register.ts.
import { kernel, type KernelEntry } from '../../../core/backend.js';
import * as K from '../../../core/kernel_names.js';
import { basicRNNCell } from '../kernels/BasicRNNCell.js';
import { basicRNNCellGrad } from '../kernels/BasicRNNCellGrad.js';
import { basicRNNSequence } from '../kernels/BasicRNNSequence.js';
import { basicRNNSequenceGrad } from '../kernels/BasicRNNSequenceGrad.js';
import { lstmBlockCell } from '../kernels/LSTMBlockCell.js';
import { lstmBlockCellGrad } from '../kernels/LSTMBlockCellGrad.js';
import { lstmBlockSequence } from '../kernels/LSTMBlockSequence.js';
import { lstmBlockSequenceGrad } from '../kernels/LSTMBlockSequenceGrad.js';
import { gruBlockCell } from '../kernels/GRUBlockCell.js';
import { gruBlockCellGrad } from '../kernels/GRUBlockCellGrad.js';
import { gruBlockSequence } from '../kernels/GRUBlockSequence.js';
import { gruBlockSequenceGrad } from '../kernels/GRUBlockSequenceGrad.js';

export const kernels: KernelEntry[] = [
  kernel(K.BasicRNNCell, basicRNNCell),
  kernel(K.BasicRNNCellGrad, basicRNNCellGrad),
  kernel(K.BasicRNNSequence, basicRNNSequence),
  kernel(K.BasicRNNSequenceGrad, basicRNNSequenceGrad),
  kernel(K.LSTMBlockCell, lstmBlockCell),
  kernel(K.LSTMBlockCellGrad, lstmBlockCellGrad),
  kernel(K.LSTMBlockSequence, lstmBlockSequence),
  kernel(K.LSTMBlockSequenceGrad, lstmBlockSequenceGrad),
  kernel(K.GRUBlockCell, gruBlockCell),
  kernel(K.GRUBlockCellGrad, gruBlockCellGrad),
  kernel(K.GRUBlockSequence, gruBlockSequence),
  kernel(K.GRUBlockSequenceGrad, gruBlockSequenceGrad),
];
