import type { GradConfig } from '../core/gradients.js';
import { Tanh } from '../core/kernel_names.js';
import { mul, sub } from '../ops/arithmetic.js';
import { square } from '../ops/unary_math.js';

export const tanhGrad: GradConfig<'Tanh'> = {
  kernelName: Tanh,
  // d tanh x = 1 - tanh^2 x: reuses the output y.
  gradFunc: ([dy], _inputs, [y]) => [() => mul(dy!, sub(1, square(y!)))],
};
