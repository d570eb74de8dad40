// js kernels of the 'rnn' family (fused recurrent cells and sequences): [kernel name, implementation].
// Registered by ../register.ts.
import type { KernelFn } from '../../../core/backend.js';
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

export const kernels: [string, KernelFn][] = [
  [K.BasicRNNCell, basicRNNCell],
  [K.BasicRNNCellGrad, basicRNNCellGrad],
  [K.BasicRNNSequence, basicRNNSequence],
  [K.BasicRNNSequenceGrad, basicRNNSequenceGrad],
  [K.LSTMBlockCell, lstmBlockCell],
  [K.LSTMBlockCellGrad, lstmBlockCellGrad],
  [K.LSTMBlockSequence, lstmBlockSequence],
  [K.LSTMBlockSequenceGrad, lstmBlockSequenceGrad],
  [K.GRUBlockCell, gruBlockCell],
  [K.GRUBlockCellGrad, gruBlockCellGrad],
  [K.GRUBlockSequence, gruBlockSequence],
  [K.GRUBlockSequenceGrad, gruBlockSequenceGrad],
];
