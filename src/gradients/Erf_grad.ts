import type { GradConfig } from '../core/gradients.js';
import { Erf } from '../core/kernel_names.js';
import { mul } from '../ops/arithmetic.js';
import { exp, neg, square } from '../ops/unary_math.js';

export const erfGrad: GradConfig<'Erf'> = {
  kernelName: Erf,
  // d erf x = 2/sqrt(pi) * exp(-x^2).
  gradFunc: ([dy], [x]) => [() => mul(dy!, mul(exp(neg(square(x!))), 2 / Math.sqrt(Math.PI)))],
};
