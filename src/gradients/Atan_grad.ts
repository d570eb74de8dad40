import type { GradConfig } from '../core/gradients.js';
import { Atan } from '../core/kernel_names.js';
import { add, div } from '../ops/arithmetic.js';
import { square } from '../ops/unary_math.js';

export const atanGrad: GradConfig<'Atan'> = {
  kernelName: Atan,
  // d atan x = 1/(1 + x^2).
  gradFunc: ([dy], [x]) => [() => div(dy!, add(square(x!), 1))],
};
