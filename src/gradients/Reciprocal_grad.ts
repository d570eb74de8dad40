import type { GradConfig } from '../core/gradients.js';
import { Reciprocal } from '../core/kernel_names.js';
import { mul } from '../ops/arithmetic.js';
import { neg, square } from '../ops/unary_math.js';

export const reciprocalGrad: GradConfig<'Reciprocal'> = {
  kernelName: Reciprocal,
  // d(1/x) = -1/x^2 = -y^2: reuses the output y.
  gradFunc: ([dy], _inputs, [y]) => [() => neg(mul(dy!, square(y!)))],
};
