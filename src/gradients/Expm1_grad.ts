import type { GradConfig } from '../core/gradients.js';
import { Expm1 } from '../core/kernel_names.js';
import { mul } from '../ops/arithmetic.js';
import { exp } from '../ops/unary_math.js';

export const expm1Grad: GradConfig<'Expm1'> = {
  kernelName: Expm1,
  // d(e^x - 1) = e^x.
  gradFunc: ([dy], [x]) => [() => mul(dy!, exp(x!))],
};
