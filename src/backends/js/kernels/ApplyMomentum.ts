import type { KernelFn } from '../../../core/backend.js';
import { arr, cowOutput, scalarOf } from './apply_util.js';

/**
 * ApplyMomentum (inputs var, accum, grad, lr, momentum): accum' = accum * momentum + g;
 * var' = var - lr * accum', or with useNesterov var - (g * lr + accum' * momentum * lr).
 */
export const applyMomentum: KernelFn<'ApplyMomentum'> = (inputs, attrs, backend) => {
  const [x, acc, g, lr, mom] = inputs;
  const inPlace = attrs.inPlace === true;
  const [outX, ox] = cowOutput(backend, x!, inPlace);
  const [outA, oa] = cowOutput(backend, acc!, inPlace);
  const xv = arr(backend, x!), av = arr(backend, acc!), gv = arr(backend, g!);
  const a = scalarOf(backend, lr!), m = scalarOf(backend, mom!);
  const nesterov = attrs.useNesterov === true;
  for (let i = 0; i < ox.length; i++) {
    const gi = gv[i]!;
    const a1 = av[i]! * m + gi;
    const step = nesterov ? gi * a + a1 * m * a : a * a1;
    ox[i] = xv[i]! - step;
    oa[i] = a1;
  }
  return [outX, outA];
};
