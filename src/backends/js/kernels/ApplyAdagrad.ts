import type { KernelFn } from '../../../core/backend.js';
import { arr, cowOutput, scalarOf } from './apply_util.js';

/** ApplyAdagrad (inputs var, accum, grad, lr): accum' = accum + g^2; var' = var - lr g / sqrt(accum'). */
export const applyAdagrad: KernelFn<'ApplyAdagrad'> = (inputs, attrs, backend) => {
  const [x, acc, g, lr] = inputs;
  const inPlace = attrs.inPlace === true;
  const [outX, ox] = cowOutput(backend, x!, inPlace);
  const [outA, oa] = cowOutput(backend, acc!, inPlace);
  const xv = arr(backend, x!), av = arr(backend, acc!), gv = arr(backend, g!), a = scalarOf(backend, lr!);
  for (let i = 0; i < ox.length; i++) {
    const gi = gv[i]!;
    const a1 = av[i]! + gi * gi;
    ox[i] = xv[i]! - (a * gi) / Math.sqrt(a1);
    oa[i] = a1;
  }
  return [outX, outA];
};
