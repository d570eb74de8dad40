import type { KernelFn } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { lstmBackward, lstmGradInputs, lstmGradOutputs } from './LSTMBlockSequenceGrad.js';

/** LSTMBlockCellGrad: the gradient of one LSTMBlockCell step (the sequence code with T = 1). */
export const lstmBlockCellGrad: KernelFn<'LSTMBlockCellGrad'> = (inputs, a, backend) => {
  const js = asJs(backend);
  const [B, I] = inputs[0]!.shape as [number, number];
  const H = inputs[1]!.shape[1]!;
  const v = lstmGradInputs(js, inputs, a);
  const g = lstmBackward({ T: 1, B, I, H }, v.x, v.cs0, v.h0, v.w, v.peep, a, v.states, v.dcs, v.dh);
  return lstmGradOutputs(js, inputs, g);
};
