import type { GradConfig } from '../core/gradients.js';
import { Rsqrt } from '../core/kernel_names.js';
import { mul } from '../ops/arithmetic.js';
import { square } from '../ops/unary_math.js';

export const rsqrtGrad: GradConfig<'Rsqrt'> = {
  kernelName: Rsqrt,
  // d x^(-1/2) = -x^(-3/2)/2 = -y^3/2: reuses the output y.
  gradFunc: ([dy], _inputs, [y]) => [() => mul(mul(dy!, -0.5), mul(y!, square(y!)))],
};
