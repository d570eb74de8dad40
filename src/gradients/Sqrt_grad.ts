import type { GradConfig } from '../core/gradients.js';
import { Sqrt } from '../core/kernel_names.js';
import { div, mul } from '../ops/arithmetic.js';

export const sqrtGrad: GradConfig<'Sqrt'> = {
  kernelName: Sqrt,
  // d sqrt(x) = 1/(2 sqrt(x)): reuses the output y.
  gradFunc: ([dy], _inputs, [y]) => [() => div(dy!, mul(y!, 2))],
};
