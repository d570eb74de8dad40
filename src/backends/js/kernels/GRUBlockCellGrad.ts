import type { KernelFn } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { gruGrad } from './GRUBlockSequenceGrad.js';

/** GRUBlockCellGrad: the gradient of one GRUBlockCell step (the sequence code with T = 1). */
export const gruBlockCellGrad: KernelFn<'GRUBlockCellGrad'> = (inputs, _attrs, backend) => {
  const [B, I] = inputs[0]!.shape as [number, number];
  return gruGrad(asJs(backend), inputs, { T: 1, B, I, H: inputs[1]!.shape[1]! });
};
