import type { KernelFn } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { rnnGrad } from './BasicRNNSequenceGrad.js';

/** BasicRNNCellGrad: the gradient of one BasicRNNCell step (the sequence code with T = 1). */
export const basicRNNCellGrad: KernelFn<'BasicRNNCellGrad'> = (inputs, attrs, backend) => {
  const [B, I] = inputs[0]!.shape as [number, number];
  return rnnGrad(asJs(backend), inputs, { T: 1, B, I, H: inputs[1]!.shape[1]! }, attrs.activation);
};
