import type { KernelFn } from '../../../core/backend.js';
import { arr, cowOutput, scalarOf } from './apply_util.js';

/** ApplyGradientDescent: var - lr * grad (inputs var, grad, lr). */
export const applyGradientDescent: KernelFn<'ApplyGradientDescent'> = (inputs, attrs, backend) => {
  const [x, g, lr] = inputs;
  const [out, o] = cowOutput(backend, x!, attrs.inPlace === true);
  const xv = arr(backend, x!), gv = arr(backend, g!), a = scalarOf(backend, lr!);
  for (let i = 0; i < o.length; i++) o[i] = xv[i]! - a * gv[i]!;
  return out;
};
